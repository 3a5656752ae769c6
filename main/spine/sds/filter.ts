/** Escapes a value for an LDAP filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become `\xx`. */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte === 0x2a || byte === 0x28 || byte === 0x29 || byte === 0x5c || byte === 0x00 || byte >= 0x80 ? `\\${byte.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

/** Step 1 (digest §1.2): the Provider's Accredited System by ASID. */
export function asFilter(asid: string): string {
  return `(&(objectClass=nhsAs)(uniqueIdentifier=${escapeFilterValue(asid)}))`;
}

/** Step 2 (digest §1.2): the MHS record for a party key and interaction. */
export function mhsFilter(partyKey: string, interaction: string): string {
  return `(&(objectClass=nhsMhs)(nhsMhsPartyKey=${escapeFilterValue(partyKey)})(nhsMhsSvcIA=${escapeFilterValue(interaction)}))`;
}

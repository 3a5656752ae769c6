/**
 * SDS as the assurance tester's LDAP holds it: the sandbox's own records (so bookings reach its
 * Providers) plus the broken shapes the script's rows C10–C17 and C19 ask about.
 */
import type { SdsRecords } from '../../../main/sandbox/directory/sds-records';

export const CC = 'urn:nhs:names:services:careconnect:fhir:rest:';
export const READ_SLOT = `${CC}read:slot`;
export const CREATE_APPOINTMENT = `${CC}create:appointment`;
const GPC = 'urn:nhs:names:services:gpconnect:fhir:rest:';

export interface AsEntry {
  asid: string;
  partyKey?: string;
  interactions: string[];
}

export interface MhsEntry {
  partyKey: string;
  interaction: string;
  /** Absent: the record has no nhsMhsEndPoint. */
  endpoint?: string;
}

/** The extra SDS records of the script's rows, by ASID (12 digits, as DoS holds them). */
export const ASID = {
  /** C10: no nhsAs object at all. */
  notInSds: '918999100010',
  /** C11: lists slot search but not create:appointment. */
  slotOnly: '918999100011',
  /** C11: lists both, but no nhsMhs object for create:appointment. */
  noBookingMhs: '918999100111',
  /** C12: Care Connect and GP Connect interactions. */
  withGpConnect: '918999100012',
  /** C14: two nhsMhs objects for the party key and slot search. */
  twoMhs: '918999100014',
  /** C17: an nhsMhsEndPoint that is not a usable URL. */
  badEndpoint: '918999100017',
  /** C19: an nhsMhsEndPoint with a space in it. */
  spaceInEndpoint: '918999100019',
} as const;

const careConnect = [READ_SLOT, CREATE_APPOINTMENT, `${CC}read:appointment`, `${CC}update:appointment`];

/** Extra records; `spaceRoot` is the C19 service root (an address with a space in its path). */
export function scriptRecords(spaceRoot: string): { as: AsEntry[]; mhs: MhsEntry[] } {
  return {
    as: [
      { asid: ASID.slotOnly, partyKey: 'ASSURE-11', interactions: [READ_SLOT] },
      { asid: ASID.noBookingMhs, partyKey: 'ASSURE-111', interactions: careConnect },
      { asid: ASID.withGpConnect, partyKey: 'ASSURE-12', interactions: [...careConnect, `${GPC}search:free-slots-1`] },
      { asid: ASID.twoMhs, partyKey: 'ASSURE-14', interactions: careConnect },
      { asid: ASID.badEndpoint, partyKey: 'ASSURE-17', interactions: careConnect },
      { asid: ASID.spaceInEndpoint, partyKey: 'ASSURE-19', interactions: careConnect },
    ],
    mhs: [
      { partyKey: 'ASSURE-11', interaction: READ_SLOT, endpoint: 'https://assure-11.example.nhs.uk/STU3' },
      { partyKey: 'ASSURE-111', interaction: READ_SLOT, endpoint: 'https://assure-111.example.nhs.uk/STU3' },
      { partyKey: 'ASSURE-12', interaction: READ_SLOT, endpoint: 'https://assure-12.example.nhs.uk/STU3' },
      { partyKey: 'ASSURE-14', interaction: READ_SLOT, endpoint: 'https://assure-14a.example.nhs.uk/STU3' },
      { partyKey: 'ASSURE-14', interaction: READ_SLOT, endpoint: 'https://assure-14b.example.nhs.uk/STU3' },
      { partyKey: 'ASSURE-17', interaction: READ_SLOT, endpoint: 'ftp://assure-17.example.nhs.uk/STU3' },
      ...careConnect.map((interaction) => ({ partyKey: 'ASSURE-19', interaction, endpoint: spaceRoot })),
    ],
  };
}

/** The LDIF slapd loads: the sandbox's records and the script's. */
export function sdsLdif(sandbox: SdsRecords, extra: { as: AsEntry[]; mhs: MhsEntry[] }): string {
  const out = ['dn: o=nhs\nobjectClass: organization\no: nhs\n', 'dn: ou=services,o=nhs\nobjectClass: organizationalUnit\nou: services\n'];
  const as = [...sandbox.as.map((a) => ({ asid: a.uniqueIdentifier, partyKey: a.nhsMhsPartyKey, interactions: a.nhsAsSvcIA })), ...extra.as];
  for (const a of as) {
    const lines = [`dn: uniqueIdentifier=${a.asid},ou=services,o=nhs`, 'objectClass: nhsAs', `uniqueIdentifier: ${a.asid}`, 'nhsIDCode: RR8'];
    if (a.partyKey !== undefined) lines.push(`nhsMhsPartyKey: ${a.partyKey}`);
    lines.push(...a.interactions.map((ia) => `nhsAsSvcIA: ${ia}`), '');
    out.push(lines.join('\n'));
  }
  const mhs = [...sandbox.mhs.map((m) => ({ partyKey: m.nhsMhsPartyKey, interaction: m.nhsMhsSvcIA, endpoint: m.nhsMhsEndPoint })), ...extra.mhs];
  mhs.forEach((m, i) => {
    const lines = [`dn: uniqueIdentifier=mhs-${i},ou=services,o=nhs`, 'objectClass: nhsMhs', `uniqueIdentifier: mhs-${i}`];
    lines.push(`nhsMhsPartyKey: ${m.partyKey}`, `nhsMhsSvcIA: ${m.interaction}`);
    if (m.endpoint !== undefined) lines.push(`nhsMhsEndPoint: ${m.endpoint}`);
    lines.push('');
    out.push(lines.join('\n'));
  });
  return out.join('\n');
}

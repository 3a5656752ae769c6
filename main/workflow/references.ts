/** Short references people can read aloud on the phone (issue 9 item 7). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Our case reference: six characters from the case UUID, e.g. `K7Q-2MX` (stable, no storage needed). */
export function caseReference(caseId: string): string {
  const hex = caseId.replace(/-/g, '').slice(0, 12);
  let n = BigInt(`0x${hex}`);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = (ALPHABET[Number(n % 31n)] ?? '2') + out;
    n /= 31n;
  }
  return `${out.slice(0, 3)}-${out.slice(3)}`;
}

/** The one reference shown for an appointment. */
export function appointmentReference(caseRef: string, appointmentId: string | undefined): string {
  return appointmentId === undefined ? `Case ${caseRef} (no appointment number yet)` : `Appointment ${appointmentId} · case ${caseRef}`;
}

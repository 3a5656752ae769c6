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

/**
 * The one reference of an appointment: the case's reference and the appointment's number in the
 * case, e.g. `K7Q-2MX/2`. An appointment saved before numbers were given carries the case's alone.
 */
export function bookingReference(caseRef: string, sequence: number | undefined): string {
  return sequence === undefined ? caseRef : `${caseRef}/${String(sequence)}`;
}

/** Longer than this, a Provider's id is not something to read aloud (a UUID is 36). */
const READABLE_ID_LENGTH = 12;

/**
 * The Provider's appointment id as the clinician sees it beside the service's name: as the Provider
 * gives it when short, else its first eight characters (copy and print carry it in full).
 */
export function providerNumber(serviceName: string, appointmentId: string | undefined): { label: string; shown: string; full: string } | undefined {
  if (appointmentId === undefined || appointmentId === '') return undefined;
  const shown = appointmentId.length <= READABLE_ID_LENGTH ? appointmentId : `${appointmentId.slice(0, 8)}…`;
  return { label: `${serviceName}’s appointment number`, shown, full: appointmentId };
}

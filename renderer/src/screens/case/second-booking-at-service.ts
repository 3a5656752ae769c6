import type { Case, ExistingAnswer } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';

/**
 * At the service: live bookings for the same person in cases started since this one (another desk
 * may have booked meanwhile; those from before were shown when this case started). Undefined when
 * there are none or the check could not run: it never blocks choosing a service.
 */
export async function liveBookingsSince(c: Case): Promise<ExistingAnswer | undefined> {
  const p = c.patient;
  const result = await workstation.patient.existing({ caseId: c.id, family: p.family, given: p.given, birthDate: p.birthDate, ...(p.nhsNumber !== undefined ? { nhsNumber: p.nhsNumber } : {}) });
  if (!result.ok) return undefined;
  const matches = result.value.matches.filter((m) => m.why === 'live-booking' && m.startedAt >= c.startedAt);
  return matches.length > 0 ? { ...result.value, matches } : undefined;
}

import type { MadeBy } from '../../../preload/contract';

/**
 * Who made a booking, as a clinician reads it: the name and role their CIS2 session gave
 * ("Dr Asha Patel (Clinical Practitioner Access Role)"), or, for a booking recorded before names
 * were kept, the CIS2 user id plainly labelled ("user 555123456789") rather than a bare number.
 */
export function madeByName(m: Pick<MadeBy, 'userId' | 'userName' | 'userRole'>): string {
  if (m.userName === undefined || m.userName === '') return `user ${m.userId}`;
  return m.userRole !== undefined && m.userRole !== '' ? `${m.userName} (${m.userRole})` : m.userName;
}

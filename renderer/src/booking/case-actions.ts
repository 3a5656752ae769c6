import type { Case, CaseAction, CaseActionName } from '../../../preload/contract';

/** The action main allows (or refuses, with its reason) on this case, optionally for one appointment. */
export function actionOf(c: Case, name: CaseActionName, bookingId?: string): CaseAction | undefined {
  return c.bookingView.actions.find((a) => a.action === name && (bookingId === undefined || a.bookingId === bookingId));
}

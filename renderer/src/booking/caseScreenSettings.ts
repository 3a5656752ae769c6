import type { SessionInfo } from '../../../preload/contract';

/** The case screen's settings from the session, with the documented defaults when main sends none. */
export function caseScreenSettings(session: SessionInfo): { slotSearchMs: number; bookMs: number; compareServices: number; inPersonSoonMinutes: number } {
  return session.caseScreen ?? { slotSearchMs: 20_000, bookMs: 25_000, compareServices: 5, inPersonSoonMinutes: 30 };
}

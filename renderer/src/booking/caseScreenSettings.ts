import type { SessionInfo } from '../../../preload/contract';

/** The case screen's settings from the session, with the documented defaults when main sends none. */
export function caseScreenSettings(session: SessionInfo): { slotSearchMs: number; bookMs: number; compareServices: number; inPersonSoonMinutes: number } {
  return session.caseScreen ?? { slotSearchMs: 15_000, bookMs: 20_000, compareServices: 5, inPersonSoonMinutes: 30 };
}

/** Our own limit on a wait: the configured timeout and a few seconds for the reply to travel. */
export function waitLimit(timeoutMs: number): number {
  return timeoutMs + 5_000;
}

import { clockStartingAt, type Clock } from '../../main/workflow/clock';

/**
 * The hour the end-to-end tests live in, whatever the machine's clock says: Tuesday 9 June 2026,
 * 14:30 UK summer time. Every seed diary is open then (the GP hub's nurse list runs on weekday
 * evenings only), so no test depends on the day or hour it happens to run.
 */
export const WEEKDAY_AFTERNOON = new Date('2026-06-09T13:30:00Z');

/** Sunday 02:07 UK winter time (the hour CI first failed at), for tests about closed diaries. */
export const WEEKEND_NIGHT = new Date('2026-12-06T02:07:00Z');

/** The app's clock in a test: starts at `start` and runs on, so timers and deadlines behave. */
export function testClock(start: Date = WEEKDAY_AFTERNOON): Clock {
  return clockStartingAt(start);
}

/**
 * The one background loop that settles lost answers (issue 9 item 4), driven through the app
 * against the sandbox with a clock the test moves: exponential backoff, a ceiling of checks per
 * minute per Provider, a stop on the first definite answer, and a resume after a restart.
 */
import { describe, expect, it } from 'vitest';
import { bookingAppForFile } from './support/booking-app';

/** "Sandbox — booking answer lost": its Provider makes every booking and then drops the answer. */
const ANSWER_LOST = { name: 'Sandbox — booking answer lost', id: '2000090001' };
const BASE_MS = 1_000;
const MAX_MS = 8_000;
const PER_MINUTE = 3;

let now = Date.now();
// No hand-over to a phone check here (that has its own tests): a booking on a phone check is not sent
// again once its slot has started, and this clock moves minutes past the night diaries' first slots.
const t = bookingAppForFile(undefined, { clock: () => new Date(now), reconciler: { baseDelayMs: BASE_MS, maxDelayMs: MAX_MS, perProviderPerMinute: PER_MINUTE, phoneCheckAfterChecks: 1_000, phoneCheckAfterMs: 24 * 3_600_000 } });


/** A case on the answer-lost service whose booking is left unknown. */
async function lostBooking(): Promise<string> {
  const { caseId } = await t.openCase(ANSWER_LOST.name);
  const [slot] = await t.slots(caseId);
  if (slot === undefined) throw new Error('no slot');
  const result = await t.book(caseId, slot.slotId);
  expect(result.case.bookings.find((b) => b.id === result.bookingId)?.status).toBe('unknown');
  return result.bookingId ?? '';
}

const checkOf = (bookingId: string) => t.scheduledChecks().find((c) => c.bookingId === bookingId);
const waitOf = (bookingId: string): number => new Date(checkOf(bookingId)?.nextCheckAt ?? 0).getTime() - now;

describe('the reconciler', () => {
  it('asks nothing before a check is due, doubles the wait after each check that learns nothing up to the ceiling, and stops on a definite answer', async () => {
    const bookingId = await lostBooking();
    expect(waitOf(bookingId)).toBe(BASE_MS);
    expect(await t.reconcile()).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      now = new Date(checkOf(bookingId)?.nextCheckAt ?? 0).getTime();
      // Spread over minutes so the per-Provider ceiling never applies here.
      now += 60_000;
      expect(await t.reconcile()).toBe(1);
      waits.push(waitOf(bookingId));
    }
    expect(waits).toEqual([2_000, 4_000, 8_000, 8_000, 8_000]);
    t.clearFaults(ANSWER_LOST.id);
    now += 60_000;
    expect(await t.reconcile()).toBe(1);
    const c = await t.caseOfBooking(bookingId);
    expect(c.bookings.find((b) => b.id === bookingId)?.status).toBe('booked');
    expect(checkOf(bookingId)).toBeUndefined();
    now += 60_000;
    expect(await t.reconcile()).toBe(0);
    // However many times it asked, the Provider holds exactly one appointment for the request.
    const b = c.bookings.find((x) => x.id === bookingId);
    expect(t.providerAppointments().filter((a) => a.request_id === b?.requestId)).toHaveLength(1);
    t.fault({ serviceId: ANSWER_LOST.id }, { kind: 'drop-after-commit', operation: 'book' });
  }, 30_000);

  it('makes at most the ceiling of checks a minute to one Provider, however many cases wait', async () => {
    const ids: string[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i++) ids.push(await lostBooking());
    now += MAX_MS + 1;
    expect(await t.reconcile()).toBe(PER_MINUTE);
    now += 30_000;
    expect(await t.reconcile()).toBe(0);
    now += 31_000;
    expect(await t.reconcile()).toBeGreaterThan(0);
    for (const id of ids) expect(checkOf(id)).toBeDefined();
  }, 60_000);

  it('is fair: when the minute\'s ceiling cannot serve every due check, a fresh lost answer goes before ones already asked about many times', async () => {
    // Earlier tests' bookings wait too: settle every one of them first so only this test's are due.
    t.clearFaults(ANSWER_LOST.id);
    for (let minute = 0; minute < 10 && t.scheduledChecks().length > 0; minute++) {
      now += 61_000;
      await t.reconcile();
    }
    t.fault({ serviceId: ANSWER_LOST.id }, { kind: 'drop-after-commit', operation: 'book' });
    const stuck: string[] = [];
    for (let i = 0; i < PER_MINUTE; i++) stuck.push(await lostBooking());
    // Each stuck one is asked about twice (a minute apart, so the ceiling serves them all).
    for (let round = 0; round < 2; round++) {
      now += 61_000;
      expect(await t.reconcile()).toBe(PER_MINUTE);
    }
    // The stuck ones have been due the longest: in time order they would take the whole minute.
    now += 61_000;
    const fresh = await lostBooking();
    now += 61_000;
    // PER_MINUTE + 1 are due, the ceiling serves PER_MINUTE: the fresh one is among them.
    expect(await t.reconcile()).toBe(PER_MINUTE);
    expect(checkOf(fresh)?.checks).toBe(1);
    expect(stuck.map((id) => checkOf(id)?.checks).filter((n) => n === 2)).toHaveLength(1);
  }, 60_000);

  it('survives a restart: the schedule is in the store, and a booking left unknown is checked again after it', async () => {
    const bookingId = await lostBooking();
    await t.restart();
    expect(checkOf(bookingId)).toBeDefined();
    t.clearFaults(ANSWER_LOST.id);
    // Earlier tests' cases wait too, and the ceiling spreads the checks over minutes.
    for (let minute = 0; minute < 5 && checkOf(bookingId) !== undefined; minute++) {
      now += 61_000;
      await t.reconcile();
    }
    const c = await t.caseOfBooking(bookingId);
    expect(c.bookings.find((b) => b.id === bookingId)?.status).toBe('booked');
  }, 30_000);
});

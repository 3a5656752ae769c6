import { describe, expect, it } from 'vitest';
import { WEEKDAY_AFTERNOON } from '../support/clock';
import { BookingApp } from './support/booking-app';

/**
 * Issue 18: a booking whose outcome never settles has a ceiling of its own — fast checks, then a
 * phone check and the slowest re-sends, and none at all once the appointment's time has passed.
 */
describe('a stuck booking after its appointment time', () => {
  it('is not sent again once the slot has started; it still says "not known: phone the service"', async () => {
    let movedMs = 0;
    const started = Date.now();
    const clock = () => new Date(WEEKDAY_AFTERNOON.getTime() + (Date.now() - started) + movedMs);
    const app = new BookingApp(undefined, { clock, reconciler: { tickMs: 0, baseDelayMs: 0, maxDelayMs: 0, perProviderPerMinute: 1000, phoneCheckAfterChecks: 2 } });
    await app.open();
    try {
      const { caseId, service } = await app.openCase();
      const [slot] = await app.slots(caseId);
      if (slot === undefined) throw new Error('no slot');
      app.fault({ serviceId: service.serviceId }, { kind: 'ssp-504', operation: 'book' });
      const stuck = await app.book(caseId, slot.slotId);
      const sends = () => app.providerAuditEvents(caseId).filter((e) => e.type === 'provider.book.attempt').length;
      for (let i = 0; i < 3; i++) await app.reconcile();
      const before = await app.caseOf(caseId);
      expect(before.bookings.find((b) => b.id === stuck.bookingId)?.phoneCheck).toBeDefined();
      // Before the appointment's time the slowest re-sends go on: a Provider that replays by X-Request-ID can still settle it.
      const handedOver = sends();
      await app.reconcile();
      expect(sends()).toBeGreaterThan(handedOver);
      // The appointment's time passes: no more re-sends, however often the loop runs.
      movedMs = Date.parse(slot.start) - clock().getTime() + 60_000;
      const atSlot = sends();
      for (let i = 0; i < 3; i++) await app.reconcile();
      expect(sends()).toBe(atSlot);
      expect(app.scheduledChecks().some((c) => c.bookingId === stuck.bookingId)).toBe(false);
      const after = await app.caseOf(caseId);
      expect(after.bookings.find((b) => b.id === stuck.bookingId)?.status).toBe('unknown');
      expect(after.bookingView.headline.title).toMatch(/phone them now/);
      // A restart does not start them again either.
      await app.restart();
      await app.reconcile();
      expect(sends()).toBe(atSlot);
    } finally {
      await app.close();
    }
  });
});

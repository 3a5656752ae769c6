/**
 * BaRS App1 (Rebook): "The booking Sender must cancel the original booking prior to making the new
 * booking". Each outcome through the app's dispatch against the sandbox BaRS receiver, judged on
 * what the receiver holds and what the clinician is told. Care Connect keeps booking first
 * (test/workflow/booking-outcomes.test.ts); one check here shows its rebook says nothing of this.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Case, OutcomeMessage, Rebook } from '../../preload/contract';
import { verifyAuditChain } from '../../main/audit';
import { CaseStore } from '../../main/cases';
import { childWithParentContact } from '../support/patients';
import { APPROVAL, BookingApp, bookingAppForFile, UTC_NAME } from './support/booking-app';
import { watchBarsArrivals } from './support/receiver-order';

const BARS_SERVICE = 'Eastfield Same Day Emergency Care';
type RebookResult = { case: Case; rebookId?: string; outcome: OutcomeMessage };

const t = bookingAppForFile();
afterEach(() => {
  vi.restoreAllMocks();
});

/** What the receiver holds for a slot, of the appointments made since `since` was taken (other tests reuse freed slots). */
function receiverSince(app: BookingApp): (slotId: string) => string[] {
  const before = new Set(app.sandbox().bars.store.appointments.keys());
  return (slotId) =>
    [...app.sandbox().bars.store.appointments.values()].filter((h) => h.slotId === slotId && !before.has(h.id)).map((h) => String(h.resource.status));
}

/** A BaRS case with its first slot booked, and a second slot offered for the rebook. */
async function booked(app: BookingApp = t) {
  const statusesAt = receiverSince(app);
  const { caseId, service } = await app.openCase(BARS_SERVICE);
  expect(service.via).toBe('via BaRS');
  const [first, second] = await app.slots(caseId);
  if (first === undefined || second === undefined) throw new Error('needs two free slots');
  const r = await app.book(caseId, first.slotId);
  const oldId = r.bookingId;
  if (oldId === undefined) throw new Error('no booking id');
  expect(r.case.bookings.find((b) => b.id === oldId)?.status).toBe('booked');
  return { caseId, serviceId: service.serviceId, first, second, oldId, statusesAt };
}

function rebookOf(c: Case, id?: string): Rebook {
  const r = id === undefined ? c.bookingView.rebooks.at(-1) : c.bookingView.rebooks.find((x) => x.id === id);
  if (r === undefined) throw new Error('no rebook in the case');
  return r;
}

const statusOf = (c: Case, id: string | undefined) => c.bookings.find((b) => b.id === id)?.status;

function rebook(oldId: string, slotId: string): Promise<RebookResult> {
  return t.ok<RebookResult>('booking:rebook', { bookingId: oldId, slotId, reason: 'Patient asked for a later time', ...APPROVAL });
}

describe('a BaRS rebook cancels the original appointment first', () => {
  it('says so before the clinician confirms; a Care Connect appointment does not', async () => {
    const { caseId, oldId } = await booked();
    const action = (await t.caseOf(caseId)).bookingView.actions.find((a) => a.action === 'rebook' && a.bookingId === oldId);
    expect(action?.note).toMatch(/original appointment is cancelled first/);
    const cc = await t.openCase(UTC_NAME, childWithParentContact());
    const [slot] = await t.slots(cc.caseId);
    const ccBooked = await t.book(cc.caseId, slot?.slotId ?? '');
    expect(ccBooked.case.bookingView.actions.find((a) => a.action === 'rebook')?.note).toBeUndefined();
  });

  it('cancel confirmed, then the new slot booked: the receiver held the original as cancelled when the new booking arrived', async () => {
    const { caseId, first, second, oldId, statusesAt } = await booked();
    const watch = watchBarsArrivals(t);
    let r: RebookResult;
    try {
      r = await rebook(oldId, second.slotId);
    } finally {
      watch.stop();
    }
    const rb = rebookOf(r.case, r.rebookId);
    expect(rb).toMatchObject({ order: 'cancel-first', state: 'done', cancelLeg: { state: 'cancelled' }, newLeg: { state: 'booked' } });
    expect(r.outcome.tone).toBe('success');
    expect(r.outcome.known).toMatch(/is cancelled, and the new appointment .* is booked/);
    expect(r.case.bookingView.headline).toMatchObject({ tone: 'booked', bookingId: rb.newLeg.bookingId });
    // On the receiver's side: one new appointment, for the new slot, made while the original was already cancelled.
    expect(watch.arrivals).toHaveLength(1);
    const [arrival] = watch.arrivals;
    expect(arrival?.slotId).toBe(second.slotId);
    const oldAtReceiver = [...(arrival?.heldThen.entries() ?? [])].filter(([id]) => t.sandbox().bars.store.appointments.get(id)?.slotId === first.slotId);
    expect(oldAtReceiver.map(([, status]) => status)).toEqual(['cancelled']);
    expect(statusesAt(first.slotId)).toEqual(['cancelled']);
    expect(statusesAt(second.slotId)).toEqual(['booked']);
    expect(t.auditEvents(caseId, 'booking.rebook.outcome').map((e) => e.outcome)).toEqual(['started', 'booking-new', 'done']);
  });

  it.each([
    ['refused (not authorised)', { kind: 'http-status', status: 403, operation: 'cancel' } as const],
    ['failed (a fault at the service; it still shows the appointment booked)', { kind: 'server-error', operation: 'cancel' } as const],
  ])('cancel %s: nothing is booked anew and the clinician is told nothing was changed', async (_name, fault) => {
    const { caseId, serviceId, first, second, oldId, statusesAt } = await booked();
    t.fault({ serviceId }, fault);
    let r: RebookResult;
    try {
      r = await rebook(oldId, second.slotId);
    } finally {
      t.clearFaults(serviceId);
    }
    expect(rebookOf(r.case, r.rebookId)).toMatchObject({ order: 'cancel-first', state: 'new-not-booked', cancelLeg: { state: 'failed' }, newLeg: { state: 'not-started' } });
    expect(r.outcome.tone).toBe('failure');
    expect(r.outcome.known).toContain('The original appointment is still booked; nothing was changed.');
    expect(r.outcome.known).not.toMatch(/not-authorised|provider-unavailable|HTTP|\b403\b|\b500\b/);
    expect(r.case.bookings.map((b) => [b.id, b.status])).toEqual([[oldId, 'booked']]);
    expect(r.case.bookingView.headline).toMatchObject({ tone: 'booked', bookingId: oldId });
    expect(statusesAt(first.slotId)).toEqual(['booked']);
    expect(statusesAt(second.slotId)).toEqual([]);
    // Nothing is left for the reconciler to send.
    await t.reconcile();
    expect(statusesAt(second.slotId)).toEqual([]);
    expect((await t.caseOf(caseId)).bookings).toHaveLength(1);
  });

  it('cancel answer lost: nothing new is sent until the reconciler reads the original as cancelled, then the new slot is booked', async () => {
    const { caseId, serviceId, first, second, oldId, statusesAt } = await booked();
    // The cancel is carried out but its answer lost; the read after it fails too (the read before the cancel goes through).
    // (The sender retries a lost answer itself under the same X-Request-Id: those answers are lost too.)
    t.fault({ serviceId }, { kind: 'drop-after-commit', operation: 'cancel', times: 1 });
    t.fault({ serviceId }, { kind: 'lost-answer', operation: 'cancel' });
    t.fault({ serviceId }, { kind: 'server-error', operation: 'read', skip: 1 });
    const r = await rebook(oldId, second.slotId);
    t.clearFaults(serviceId);
    expect(rebookOf(r.case, r.rebookId)).toMatchObject({ state: 'checking-old', newLeg: { state: 'not-started' } });
    expect(r.outcome).toMatchObject({ tone: 'uncertain', notKnown: 'Whether the original appointment is cancelled.' });
    expect(r.outcome.known).toMatch(/new appointment is not booked yet/);
    expect(r.case.bookingView.headline.tone).toBe('checking');
    expect(statusesAt(second.slotId)).toEqual([]);
    await t.reconcile();
    const c = await t.caseOf(caseId);
    const rb = rebookOf(c, r.rebookId);
    expect(rb).toMatchObject({ state: 'done', cancelLeg: { state: 'cancelled' }, newLeg: { state: 'booked' } });
    expect(rb.outcome?.tone).toBe('success');
    expect(statusOf(c, oldId)).toBe('cancelled');
    expect(statusesAt(first.slotId)).toEqual(['cancelled']);
    expect(statusesAt(second.slotId)).toEqual(['booked']);
  });

  it('cancel answer lost, and the service still shows the original booked and refuses the cancel: nothing changed', async () => {
    const { caseId, serviceId, second, oldId, statusesAt } = await booked();
    // Nothing reaches the service: the read after it shows the appointment booked, which proves nothing yet.
    t.fault({ serviceId }, { kind: 'lost-answer', operation: 'cancel' });
    const r = await rebook(oldId, second.slotId);
    expect(rebookOf(r.case, r.rebookId).state).toBe('checking-old');
    // The reconciler reads "booked", sends the cancel again, and the service refuses it.
    t.clearFaults(serviceId);
    t.fault({ serviceId }, { kind: 'http-status', status: 403, operation: 'cancel' });
    try {
      await t.reconcile();
    } finally {
      t.clearFaults(serviceId);
    }
    const c = await t.caseOf(caseId);
    const rb = rebookOf(c, r.rebookId);
    expect(rb).toMatchObject({ state: 'new-not-booked', newLeg: { state: 'not-started' } });
    expect(rb.outcome?.known).toContain('The original appointment is still booked; nothing was changed.');
    expect(c.bookings.map((b) => [b.id, b.status])).toEqual([[oldId, 'booked']]);
    expect(statusesAt(second.slotId)).toEqual([]);
  });

  it('cancel answer lost, confirmed later but the new slot is gone by then: the clinician is told the patient has no appointment', async () => {
    const { caseId, serviceId, first, second, oldId, statusesAt } = await booked();
    // (The sender retries a lost answer itself under the same X-Request-Id: those answers are lost too.)
    t.fault({ serviceId }, { kind: 'drop-after-commit', operation: 'cancel', times: 1 });
    t.fault({ serviceId }, { kind: 'lost-answer', operation: 'cancel' });
    t.fault({ serviceId }, { kind: 'server-error', operation: 'read', skip: 1 });
    const r = await rebook(oldId, second.slotId);
    t.clearFaults(serviceId);
    expect(rebookOf(r.case, r.rebookId).state).toBe('checking-old');
    // Meanwhile another case takes the slot.
    const other = await t.openCase(BARS_SERVICE, childWithParentContact());
    await t.slots(other.caseId);
    const taken = await t.book(other.caseId, second.slotId);
    expect(statusOf(taken.case, taken.bookingId)).toBe('booked');
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expectNoAppointmentTold(c, rebookOf(c, r.rebookId), oldId);
    expect(statusesAt(first.slotId)).toEqual(['cancelled']);
    // Only the other case's appointment holds the slot.
    expect(statusesAt(second.slotId)).toEqual(['booked']);
  });

  it('cancel confirmed, new slot refused: the old appointment IS cancelled, the patient has NO appointment, and the case offers slots again', async () => {
    const { caseId, first, second, oldId, statusesAt } = await booked();
    const other = await t.openCase(BARS_SERVICE, childWithParentContact());
    await t.slots(other.caseId);
    const taken = await t.book(other.caseId, second.slotId);
    expect(statusOf(taken.case, taken.bookingId)).toBe('booked');
    const r = await rebook(oldId, second.slotId);
    expect(r.outcome.tone).toBe('failure');
    expect(r.outcome.failureKind).toBe('slot-unavailable');
    expectNoAppointmentTold(r.case, rebookOf(r.case, r.rebookId), oldId);
    expect(statusesAt(first.slotId)).toEqual(['cancelled']);
    // The receiver holds only the other case's appointment for that slot.
    expect(statusesAt(second.slotId)).toEqual(['booked']);
    expect((await t.caseOf(caseId)).bookingView.liveCount).toBe(0);
  });

  it('cancel confirmed, new booking answer lost: uncertain, and reconciled like any booking', async () => {
    const { caseId, serviceId, first, second, oldId, statusesAt } = await booked();
    t.fault({ serviceId }, { kind: 'drop-after-commit', operation: 'book', times: 1 });
    t.fault({ serviceId }, { kind: 'lost-answer', operation: 'book' });
    const r = await rebook(oldId, second.slotId);
    t.clearFaults(serviceId);
    const rb = rebookOf(r.case, r.rebookId);
    expect(rb).toMatchObject({ state: 'checking-new', cancelLeg: { state: 'cancelled' }, newLeg: { state: 'unknown' } });
    expect(r.outcome).toMatchObject({ tone: 'uncertain', notKnown: 'Whether the new appointment is booked.' });
    expect(r.outcome.known).toMatch(/confirmed the original appointment .* is cancelled/);
    expect(r.case.bookingView.headline.tone).toBe('checking');
    expect(statusesAt(first.slotId)).toEqual(['cancelled']);
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expect(rebookOf(c, r.rebookId)).toMatchObject({ state: 'done', newLeg: { state: 'booked' } });
    expect(c.bookings.filter((b) => b.live).map((b) => b.slot.slotId)).toEqual([second.slotId]);
    expect(statusesAt(second.slotId)).toEqual(['booked']);
  });
});

/** The clinical cost of App1's order, stated so it cannot be missed, and the case back to offering slots. */
function expectNoAppointmentTold(c: Case, rb: Rebook, oldId: string): void {
  expect(rb).toMatchObject({ state: 'new-not-booked', cancelLeg: { state: 'cancelled' }, newLeg: { state: 'failed' } });
  expect(rb.outcome?.tone).toBe('failure');
  expect(rb.outcome?.title).toMatch(/NO appointment/);
  expect(rb.outcome?.title).toMatch(/IS cancelled/);
  expect(rb.outcome?.next).toMatch(/Choose another appointment and book it now/);
  expect(statusOf(c, oldId)).toBe('cancelled');
  expect(c.bookings.filter((b) => b.live)).toEqual([]);
  expect(c.bookingView.headline.tone).not.toBe('booked');
  // The case's message area says it too, whether the clinician is still on the rebook or comes back after the reconciler.
  expect(c.bookingView.lastOutcome).toMatchObject({ tone: 'failure', title: rb.outcome?.title, failureKind: 'slot-unavailable' });
  expect(c.bookingView.actions.find((a) => a.action === 'book')?.enabled).toBe(true);
}

describe('the app stops between the confirmed cancel and the new booking', () => {
  it('nothing is sent while stopped; after the restart the new slot is booked from the kept request: one live appointment', async () => {
    const app = new BookingApp();
    await app.open();
    try {
      const { caseId, first, second, oldId, statusesAt } = await booked(app);
      // The machine stops at the write that would make the new booking an appointment: that commit never happens.
      vi.spyOn(CaseStore.prototype, 'saveRequest').mockImplementationOnce(() => {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
      });
      const r = await app.call('booking:rebook', { bookingId: oldId, slotId: second.slotId, reason: 'Later time', ...APPROVAL });
      expect(r.ok).toBe(false);
      const stopped = await app.caseOf(caseId);
      expect(statusOf(stopped, oldId)).toBe('cancelled');
      expect(stopped.bookings).toHaveLength(1);
      expect(rebookOf(stopped)).toMatchObject({ state: 'cancelling-old', newLeg: { state: 'not-started' } });
      expect(statusesAt(first.slotId)).toEqual(['cancelled']);
      // The reconciler has nothing it may send: no pending row exists for the new leg.
      await app.reconcile();
      expect(statusesAt(second.slotId)).toEqual([]);

      await app.restart();
      await vi.waitFor(async () => expect(rebookOf(await app.caseOf(caseId)).state).toBe('done'), { timeout: 5_000, interval: 20 });
      const c = await app.caseOf(caseId);
      const rb = rebookOf(c);
      expect(rb).toMatchObject({ cancelLeg: { state: 'cancelled' }, newLeg: { state: 'booked' } });
      expect(c.bookings.filter((b) => b.live).map((b) => b.slot.slotId)).toEqual([second.slotId]);
      // The restarted sandbox receiver holds what the app sent since: the new booking, once.
      expect(statusesAt(second.slotId)).toEqual(['booked']);
      const db = app.app.db;
      if (db === undefined) throw new Error('no db');
      expect(verifyAuditChain(db).ok).toBe(true);
    } finally {
      await app.close();
    }
  });
});

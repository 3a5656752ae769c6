/**
 * The workflow's core behaviour, once per standard: the same steps through the app's dispatch
 * against a Care Connect Provider and a BaRS receiver in the sandbox, so a regression in either
 * adapter shows here. Only support/protocols.ts knows which standard a service speaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../preload/contract';
import { verifyAuditChain } from '../../main/audit';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';
import { APPROVAL, BookingApp } from './support/booking-app';
import { PROTOCOLS, injectFaults } from './support/protocols';

const bookingOf = (c: Case, id: string | undefined) => {
  const b = c.bookings.find((x) => x.id === id);
  if (b === undefined) throw new Error('booking not in the case');
  return b;
};

describe.each(PROTOCOLS)('the workflow over $protocol', (p) => {
  const t = new BookingApp();
  beforeAll(async () => {
    await t.open();
  });
  afterAll(async () => {
    expect(verifyAuditChain(t.app.db ?? (() => { throw new Error('no db'); })()).ok).toBe(true);
    await t.close();
  });

  /** A case at the protocol's service with its slots searched: its two earliest free slots (a later one books with the approval). */
  async function arrange(patient = patientWithNhsNumber()) {
    const { caseId, service } = await t.openCase(p.serviceName, patient);
    expect(service.via).toBe(p.via);
    const slots = await t.slots(caseId);
    const [first, second] = slots;
    if (first === undefined || second === undefined) throw new Error('needs two free slots');
    const view = p.receiver(t);
    const earlier = new Set([first, second].flatMap((s) => view.appointmentsForSlot(s.slotId).map((a) => a.id)));
    // What the receiver made for a slot since this case was arranged.
    const receiver = {
      ...view,
      appointmentStatusesForSlot: (slotId: string): string[] => view.appointmentsForSlot(slotId).filter((a) => !earlier.has(a.id)).map((a) => a.status),
    };
    return { caseId, service, slots, first, second, receiver };
  }

  async function booked() {
    const a = await arrange();
    const r = await t.book(a.caseId, a.first.slotId);
    const b = bookingOf(r.case, r.bookingId);
    expect(b.status).toBe('booked');
    return { ...a, bookingId: b.id, booking: b };
  }

  it('books a slot: one booked appointment at the receiver, and the slot is gone from the next search', async () => {
    const { caseId, first, receiver, bookingId } = await booked();
    const c = await t.caseOf(caseId);
    expect(c.bookingView.headline).toMatchObject({ tone: 'booked', bookingId });
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['booked']);
    expect((await t.slots(caseId)).map((s) => s.slotId)).not.toContain(first.slotId);
    expect(t.auditEvents(caseId, 'booking.outcome').map((e) => e.outcome)).toEqual(['booked']);
  });

  it('a lost booking answer is unknown, blocks unsafe exits, and the reconciler settles it without a second appointment', async () => {
    const { caseId, service, first, receiver } = await arrange();
    injectFaults(t, service.serviceId, p.faults.bookingAnswerLost);
    try {
      const lost = await t.book(caseId, first.slotId);
      const b = bookingOf(lost.case, lost.bookingId);
      expect(b.status).toBe('unknown');
      expect(lost.case.bookingView.headline.tone).toBe('checking');
      expect(lost.case.bookingView.actions.find((a) => a.action === 'book')?.enabled).toBe(false);
      expect(await t.call('referral:send', { caseId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      await t.reconcile();
      expect(bookingOf(await t.caseOf(caseId), b.id).status).toBe('unknown');
    } finally {
      t.clearFaults(service.serviceId);
    }
    await t.reconcile();
    const c = await t.caseOf(caseId);
    expect(c.bookings.map((x) => x.status)).toEqual(['booked']);
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['booked']);
    expect(t.auditEvents(caseId, 'booking.outcome').map((e) => e.outcome)).toEqual(['unknown', 'booked']);
  });

  it('a lost answer for a patient without an NHS number is settled too', async () => {
    const { caseId, service, first, receiver } = await arrange(childWithParentContact());
    injectFaults(t, service.serviceId, p.faults.bookingAnswerLost);
    try {
      expect(bookingOf(...(await t.book(caseId, first.slotId).then((r) => [r.case, r.bookingId] as const))).status).toBe('unknown');
    } finally {
      t.clearFaults(service.serviceId);
    }
    await t.reconcile();
    expect((await t.caseOf(caseId)).bookings.map((x) => x.status)).toEqual(['booked']);
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['booked']);
  });

  it('cancels: cancelled here and at the receiver, and the slot is offered again', async () => {
    const { caseId, first, receiver, bookingId } = await booked();
    const r = await t.ok<{ case: Case; outcome: { tone: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancelled');
    expect(r.outcome.tone).toBe('success');
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['cancelled']);
    expect((await t.slots(caseId)).map((s) => s.slotId)).toContain(first.slotId);
  });

  it('rebooks: the new appointment booked and the old one cancelled at the receiver, in the order the standard requires', async () => {
    const { caseId, first, second, receiver, bookingId } = await booked();
    const r = await t.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId, slotId: second.slotId, reason: 'Later time', ...APPROVAL });
    const rebook = r.case.bookingView.rebooks.find((x) => x.id === r.rebookId);
    expect(rebook).toMatchObject({ state: 'done', newLeg: { state: 'booked' }, cancelLeg: { state: 'cancelled' } });
    expect(rebook?.order ?? 'book-first').toBe(p.rebookOrder);
    expect(r.case.bookingView.headline.bookingId).toBe(rebook?.newLeg.bookingId);
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['cancelled']);
    expect(receiver.appointmentStatusesForSlot(second.slotId)).toEqual(['booked']);
    expect(t.auditEvents(caseId, 'booking.rebook.outcome').at(-1)?.outcome).toBe('done');
  });

  it('a slot another case booked first is "no longer free": audited as slot-taken, dropped, and not offered again', async () => {
    const theirs = await arrange(childWithParentContact());
    const mine = await arrange();
    const slot = theirs.slots.find((s) => s.slotId === mine.first.slotId);
    if (slot === undefined) throw new Error('both cases should see the slot');
    expect(bookingOf(...(await t.book(theirs.caseId, slot.slotId).then((r) => [r.case, r.bookingId] as const))).status).toBe('booked');
    const taken = await t.book(mine.caseId, slot.slotId);
    expect(bookingOf(taken.case, taken.bookingId)).toMatchObject({ status: 'failed', lastOutcome: { failureKind: 'slot-unavailable' } });
    expect(taken.outcome).toMatchObject({ tone: 'failure', title: 'That appointment is no longer free' });
    expect(t.auditEvents(mine.caseId, 'booking.outcome').map((e) => e.outcome)).toEqual(['slot-taken']);
    expect(await t.call('booking:book', { caseId: mine.caseId, slotId: slot.slotId })).toMatchObject({ ok: false });
    expect(theirs.receiver.appointmentStatusesForSlot(slot.slotId)).toEqual(['booked']);
  });

  it('a booking refused as sent keeps the slot, is audited as rejected, and the same slot books once accepted', async () => {
    const { caseId, service, first, receiver } = await arrange();
    injectFaults(t, service.serviceId, p.faults.bookingRejected);
    const refused = await t.book(caseId, first.slotId);
    expect(refused.outcome.title).toBe('The service refused the booking request');
    expect(refused.outcome.known).not.toMatch(/no longer free|taken/);
    const audit = t.auditEvents(caseId, 'booking.outcome').at(-1);
    expect(audit?.outcome).toBe('rejected');
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ errorCode: 'request-rejected' });
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual([]);
    const retry = await t.book(caseId, first.slotId);
    expect(bookingOf(retry.case, retry.bookingId).status).toBe('booked');
  });

  it('a cancel that meets a version conflict once is re-read and retried: cancelled at the receiver', async () => {
    const { service, first, receiver, bookingId } = await booked();
    injectFaults(t, service.serviceId, p.faults.cancelConflictOnce);
    const r = await t.ok<{ case: Case; outcome: { tone: string } }>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(r.case, bookingId).status).toBe('cancelled');
    expect(r.outcome.tone).toBe('success');
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['cancelled']);
  });

  it('a version conflict that persists leaves it booked, says so, and never advises another service', async () => {
    const { caseId, service, first, receiver, bookingId } = await booked();
    injectFaults(t, service.serviceId, p.faults.cancelConflictAlways);
    try {
      const r = await t.ok<{ case: Case; outcome: { tone: string; title: string; known: string; next: string; failureKind?: string } }>('booking:cancel', { bookingId, reason: 'Duplicate' });
      expect(bookingOf(r.case, bookingId).status).toBe('booked');
      expect(r.outcome).toMatchObject({ tone: 'failure', title: expect.stringMatching(/^Not cancelled: .* is still booked$/) as string, failureKind: 'version-conflict' });
      expect(`${r.outcome.title} ${r.outcome.known} ${r.outcome.next}`).not.toMatch(/another service|choose .*service|patient details/i);
      expect(t.auditEvents(caseId, 'booking.cancel.outcome').at(-1)?.outcome).toBe('not-cancelled');
    } finally {
      t.clearFaults(service.serviceId);
    }
    expect(receiver.appointmentStatusesForSlot(first.slotId)).toEqual(['booked']);
  });

  it('the referral after a booking reaches the receiver linked to that appointment, once', async () => {
    const { caseId, receiver, booking } = await booked();
    const sent = await t.ok<{ case: Case; referral: { status: string; kind: string; bookingId?: string } }>('referral:send', { caseId });
    expect(sent.referral).toMatchObject({ status: 'sent', kind: 'original', bookingId: booking.id });
    expect(receiver.referralLinkedTo(booking.appointmentId ?? '', booking.documentId)).toBe(true);
    const again = await t.ok<{ referral: { message: string } }>('referral:send', { caseId });
    expect(again.referral.message).toBe('Already sent.');
    expect(t.auditEvents(caseId, 'referral.outcome').map((e) => e.outcome)).toEqual(['sent']);
  });

  it('after a rebook the referral update goes out linked to the new appointment', async () => {
    const { caseId, second, receiver, bookingId } = await booked();
    await t.ok('referral:send', { caseId });
    const r = await t.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId, slotId: second.slotId, reason: 'Later time', ...APPROVAL });
    const fresh = r.case.bookings.find((b) => b.id === r.case.bookingView.rebooks.find((x) => x.id === r.rebookId)?.newLeg.bookingId);
    if (fresh === undefined) throw new Error('no new booking');
    expect(r.case.bookingView.referral).toMatchObject({ status: 'update-offered', updateForBookingId: fresh.id });
    const update = await t.ok<{ case: Case; referral: { kind: string; bookingId: string; status: string } }>('referral:send', { caseId });
    expect(update.referral).toMatchObject({ kind: 'update', bookingId: fresh.id, status: 'sent' });
    expect(receiver.referralLinkedTo(fresh.appointmentId ?? '', fresh.documentId)).toBe(true);
    expect(update.case.bookingView.referral.status).toBe('sent');
  });
});

/**
 * Issue 9: "Cancel failures (400/403/500/422 version conflict) advise 'Choose another service, or
 * refer the patient instead' or 'Check the patient details'". Each failure of a cancel, on either
 * standard, must say the appointment is still booked and give a next step that fits a cancel.
 * Issue 18: a retry is advised only where it can help (not after a 403), and a cancel answered
 * "no such appointment" (404) does not claim the appointment is still booked.
 */
import { describe, expect, it } from 'vitest';
import type { BookingResult, Case } from '../../preload/contract';
import type { Fault } from '../../main/sandbox';
import { bookingAppForFile, UTC_NAME } from './support/booking-app';

const t = bookingAppForFile();


const ED_BARS = 'Harbourside Emergency Department';
const NOT_FOR_A_CANCEL = /another service|refer the patient|send a referral|patient details/i;

async function bookedAt(service: string): Promise<{ caseId: string; serviceId: string; booking: Case['bookings'][number] }> {
  const { caseId, service: offer } = await t.openCase(service);
  const [slot] = await t.slots(caseId);
  if (slot === undefined) throw new Error('no slot');
  const r = await t.book(caseId, slot.slotId);
  const booking = r.case.bookings.find((b) => b.id === r.bookingId);
  if (booking?.status !== 'booked') throw new Error('not booked');
  return { caseId, serviceId: offer.serviceId, booking };
}

describe('a cancel that fails', () => {
  it.each<[string, string, Fault, 'retry' | 'no retry']>([
    ['Care Connect 500', UTC_NAME, { kind: 'server-error', operation: 'cancel' }, 'retry'],
    ['Care Connect 422 (request refused)', UTC_NAME, { kind: 'reject-422', reason: 'invalid-body', operation: 'cancel' }, 'retry'],
    ['Care Connect version conflict twice', UTC_NAME, { kind: 'version-conflict', operation: 'cancel', times: 2 }, 'retry'],
    ['BaRS 400', ED_BARS, { kind: 'http-status', status: 400, operation: 'cancel' }, 'retry'],
    ['BaRS 403', ED_BARS, { kind: 'http-status', status: 403, operation: 'cancel' }, 'no retry'],
    ['BaRS 500', ED_BARS, { kind: 'http-status', status: 500, operation: 'cancel' }, 'retry'],
  ])('%s: still booked, said so, and advised to retry the cancel (when a retry can help) or phone the service, never another service or the patient details', async (_name, service, fault, retry) => {
    const { serviceId, booking } = await bookedAt(service);
    t.fault({ serviceId }, fault);
    const r = await t.ok<BookingResult>('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    t.clearFaults(serviceId);
    const after = r.case.bookings.find((b) => b.id === booking.id);
    expect(after?.status).toBe('booked');
    expect(r.outcome).toMatchObject({ operation: 'cancel', tone: 'failure', title: `Not cancelled: appointment ${booking.reference} is still booked` });
    expect(`${r.outcome.known} ${r.outcome.next}`).not.toMatch(NOT_FOR_A_CANCEL);
    if (retry === 'retry') expect(r.outcome.next).toContain('Try the cancel again');
    else expect(r.outcome.next).not.toMatch(/try|retry|again/i);
    expect(r.outcome.next.toLowerCase()).toContain(`phone ${booking.serviceName.toLowerCase()} on ${booking.servicePhone ?? 'a number'}`);
    expect(r.case.bookingView.headline).toMatchObject({ tone: 'booked', bookingId: booking.id });
    expect(r.case.bookingView.actions.find((a) => a.action === 'cancel' && a.bookingId === booking.id)?.enabled).toBe(true);
  }, 30_000);
});

describe('a cancel met by the SSP\'s 502 (no answer from the service)', () => {
  it('is not called "still booked" on one read: it stays checking, and the next check sends the cancel again', async () => {
    const { caseId, serviceId, booking } = await bookedAt(UTC_NAME);
    t.fault({ serviceId }, { kind: 'ssp-502', operation: 'cancel', times: 1 });
    const r = await t.ok<BookingResult>('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    t.clearFaults(serviceId);
    const now = r.case.bookings.find((b) => b.id === booking.id);
    expect(now?.status).toBe('cancel-unknown');
    expect(`${r.outcome.title} ${r.outcome.known}`).not.toMatch(/still booked/i);
    await t.reconcile();
    expect((await t.caseOf(caseId)).bookings.find((b) => b.id === booking.id)?.status).toBe('cancelled');
  }, 30_000);
});

describe('a cancel of an appointment the service says it does not have (404)', () => {
  it('says so plainly, never "still booked", and says to phone the service (with its number) to confirm', async () => {
    const { serviceId, booking } = await bookedAt(UTC_NAME);
    t.fault({ serviceId }, { kind: 'not-found-404', operation: 'read' });
    const r = await t.ok<BookingResult>('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    t.clearFaults(serviceId);
    expect(r.outcome).toMatchObject({ operation: 'cancel', title: `Not cancelled: ${booking.serviceName} says it has no appointment ${booking.reference}`, failureKind: 'not-found', httpStatus: 404 });
    expect(`${r.outcome.title} ${r.outcome.known} ${r.outcome.notKnown ?? ''} ${r.outcome.next}`).not.toMatch(/still booked|try again|retry/i);
    expect(r.outcome.next).toContain(`Phone ${booking.serviceName} on ${booking.servicePhone ?? 'a number'} to confirm`);
  }, 30_000);
});

describe('the referral after a plain cancel', () => {
  it('says which appointment it was sent with and that it is cancelled; it cannot be sent again by accident', async () => {
    const { caseId, booking } = await bookedAt(UTC_NAME);
    await t.ok('referral:send', { caseId });
    const r = await t.ok<BookingResult>('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    const referral = r.case.bookingView.referral;
    expect(referral.status).toBe('sent');
    expect(referral.message).toBe(`The referral was sent with appointment ${booking.reference} (cancelled). No appointment is booked now.`);
    expect(referral.sent.map((s) => s.appointmentText)).toEqual([`appointment ${booking.reference} (cancelled)`]);
    expect(r.case.bookingView.actions.find((a) => a.action === 'send-referral')?.enabled).toBe(false);
    expect(r.case.bookingView.actions.some((a) => a.action === 'send-referral-update')).toBe(false);
    // A repeat call (a double click, a retry) sends nothing new.
    const again = await t.ok<{ case: Case; referral: { id: string } }>('referral:send', { caseId });
    expect(again.referral.id).toBe(referral.sent[0]?.referralId);
    expect(again.case.referrals).toHaveLength(1);
  });
});

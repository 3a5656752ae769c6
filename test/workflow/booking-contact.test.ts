import { describe, expect, it } from 'vitest';
import type { Booking, Case } from '../../preload/contract';
import { APPROVAL, bookingAppForFile, UTC_NAME } from './support/booking-app';

const t = bookingAppForFile();


/** The sandbox's named fault services (main/sandbox/seed/fault-services.ts). */
const ANSWER_LOST = 'Sandbox — booking answer lost';
const CANCEL_LOST = 'Sandbox — cancel answer lost, not cancelled';
/** The one fault service whose DoS entry lists no phone number. */
const NO_PHONE = { name: 'Sandbox — slow answers', id: '2000090008' };

const bookingOf = (c: Case, id: string | undefined): Booking => {
  const b = c.bookings.find((x) => x.id === id);
  if (b === undefined) throw new Error('booking not in the case');
  return b;
};

async function bookFirst(caseId: string) {
  const [slot] = await t.slots(caseId);
  if (slot === undefined) throw new Error('no slot');
  return t.book(caseId, slot.slotId);
}

/** Every sentence main writes about the case's appointments: what a clinician reads, copies or prints. */
function wordsOf(c: Case): string[] {
  const v = c.bookingView;
  const outcomes = [v.lastOutcome, ...c.bookings.map((b) => b.lastOutcome), ...v.rebooks.map((r) => r.outcome)].filter((o) => o !== undefined);
  return [
    v.headline.title,
    ...v.headline.lines,
    v.headline.ifStillUnknown ?? '',
    v.headline.copyText,
    v.referral.message,
    ...v.referral.sent.map((r) => r.appointmentText ?? ''),
    ...v.rebooks.map((r) => r.stateText),
    ...c.bookings.flatMap((b) => [b.statusText, b.reference, b.providerNumber?.shown ?? '']),
    ...outcomes.flatMap((o) => [o.title, o.known, o.notKnown ?? '', o.next]),
  ];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('the service’s phone number', () => {
  it('is offered with the service, kept with the booking, and named in the lost-answer advice', async () => {
    const { caseId, service } = await t.openCase(ANSWER_LOST);
    expect(service.phone).toBe('0113 496 0901');
    const result = await bookFirst(caseId);
    const b = bookingOf(result.case, result.bookingId);
    expect(b.status).toBe('unknown');
    expect(b.servicePhone).toBe('0113 496 0901');
    const h = result.case.bookingView.headline;
    expect(h).toMatchObject({ tone: 'checking', servicePhone: '0113 496 0901' });
    expect(h.ifStillUnknown).toContain(`phone ${ANSWER_LOST} on 0113 496 0901`);
    expect(h.ifStillUnknown).toContain(b.slotText);
    expect(result.outcome.next).toContain(`phone ${ANSWER_LOST} on 0113 496 0901`);
    t.clearFaults(service.serviceId);
    await t.reconcile();
  });

  it('when the directory lists none, the advice says so plainly and invents no number', async () => {
    // The service's standing fault (slow answers) is lifted; the answer to the booking is lost instead.
    t.clearFaults(NO_PHONE.id);
    const { caseId, service } = await t.openCase(NO_PHONE.name);
    expect(service.phone).toBeUndefined();
    t.fault({ serviceId: NO_PHONE.id }, { kind: 'drop-after-commit', operation: 'book' });
    const result = await bookFirst(caseId);
    const h = result.case.bookingView.headline;
    expect(h.tone).toBe('checking');
    expect(h.servicePhone).toBeUndefined();
    expect(h.ifStillUnknown).toContain(`phone ${NO_PHONE.name} (the directory lists no phone number for it`);
    expect(h.ifStillUnknown).not.toMatch(/\b0\d{3,4} ?\d{3}/);
    t.clearFaults(NO_PHONE.id);
    await t.reconcile();
  });

  it('is on the booked panel and in the copied details, with the Provider’s appointment number', async () => {
    const { caseId } = await t.openCase(UTC_NAME);
    const result = await bookFirst(caseId);
    const b = bookingOf(result.case, result.bookingId);
    const h = result.case.bookingView.headline;
    expect(h).toMatchObject({ tone: 'booked', servicePhone: '0113 496 0100', reference: b.reference });
    expect(h.copyText).toContain(`Phone ${UTC_NAME}: 0113 496 0100`);
    expect(h.copyText).toContain(`${UTC_NAME}’s appointment number: ${b.appointmentId ?? 'missing'}`);
  });

  it('a cancel whose answer is lost advises phoning the service with its own appointment number', async () => {
    const { caseId } = await t.openCase(CANCEL_LOST);
    const booked = await bookFirst(caseId);
    const b = bookingOf(booked.case, booked.bookingId);
    expect(b.status).toBe('booked');
    // The read-back after the lost answer fails too, so the case is left checking.
    t.fault({ serviceId: b.serviceId }, { kind: 'not-found-404', operation: 'read', skip: 1, times: 1 });
    const result = await t.ok<{ case: Case }>('booking:cancel', { bookingId: b.id, reason: 'Patient feels better' });
    const h = result.case.bookingView.headline;
    expect(h.tone).toBe('checking');
    expect(h.ifStillUnknown).toContain(`phone ${CANCEL_LOST} on 0113 496 0906`);
    expect(h.ifStillUnknown).toContain(`their appointment number ${b.appointmentId ?? 'missing'}`);
    await t.reconcile();
  });
});

describe('references people can read (issue 9 item 7)', () => {
  it('one short reference per appointment, numbered in the case; the Provider’s id short and secondary; no UUID in any text', async () => {
    const { caseId } = await t.openCase(UTC_NAME);
    const first = await bookFirst(caseId);
    const caseRef = first.case.reference;
    expect(caseRef).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    const one = bookingOf(first.case, first.bookingId);
    expect(one.reference).toBe(`${caseRef}/1`);
    // The sandbox Provider numbers appointments as diary systems do: eight digits, read out as they are.
    expect(one.appointmentId).toMatch(/^[1-9]\d{7}$/);
    expect(one.providerNumber).toEqual({ label: `${UTC_NAME}’s appointment number`, shown: one.appointmentId, full: one.appointmentId });
    const [, second] = await t.slots(caseId);
    if (second === undefined) throw new Error('no second slot');
    const extra = await t.book(caseId, second.slotId, { additional: { reason: 'Second wound needs a separate review' } });
    const two = bookingOf(extra.case, extra.bookingId);
    expect(two.reference).toBe(`${caseRef}/2`);
    const [third] = (await t.slots(caseId)).filter((s) => s.slotId !== second.slotId);
    if (third === undefined) throw new Error('no third slot');
    const moved = await t.ok<{ case: Case; bookingId: string }>('booking:rebook', { bookingId: one.id, slotId: third.slotId, reason: 'Later suits the patient', ...APPROVAL });
    const three = bookingOf(moved.case, moved.bookingId);
    expect(three.reference).toBe(`${caseRef}/3`);
    const refs = moved.case.bookings.map((b) => b.reference);
    expect(new Set(refs).size).toBe(refs.length);
    // The top of the case is about the newest booked appointment; copy and print say its reference, not the cancelled one's.
    expect(moved.case.bookingView.headline.reference).toBe(three.reference);
    expect(moved.case.bookingView.headline.copyText).toContain(`Reference: ${three.reference}`);
    expect(moved.case.bookingView.headline.copyText).not.toContain(`${caseRef}/1`);
    for (const text of wordsOf(moved.case)) expect(text).not.toMatch(UUID);
    // "Reference" names our reference only, never the Provider's id.
    for (const text of wordsOf(moved.case)) expect(text).not.toMatch(new RegExp(`[Rr]eference:? ${three.appointmentId ?? 'missing'}`));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case } from '../../preload/contract';
import type { Fault } from '../../main/sandbox';
import { testClock } from '../support/clock';
import { nhsNumberFrom, patientWithNhsNumber } from '../support/patients';
import { BookingApp, UTC_NAME } from './support/booking-app';

/**
 * Issue 18: what the clinician recorded by phone about a booking whose answer was lost is checked
 * against the Provider when it next answers — for BaRS with the search App1 defines (the
 * appointment's id was never learned), never by sending the booking again. A contradiction is
 * raised, never written over the record.
 */
const BARS_ED = 'Harbourside Emergency Department';
const PHONE = '0113 496 0100';

const t = new BookingApp(undefined, { clock: testClock() });
let people = 41_000;
beforeAll(async () => {
  await t.open();
});
afterAll(async () => {
  await t.close();
});

const bookingOf = (c: Case, id: string | undefined) => {
  const b = c.bookings.find((x) => x.id === id);
  if (b === undefined) throw new Error('booking not in the case');
  return b;
};

/** A booking whose answer is lost every time: the outcome is not known and no id was learned. */
async function lostBooking(service: string, faults: Fault[]): Promise<{ caseId: string; bookingId: string; serviceId: string; slotId: string; nhsNumber: string }> {
  // Each call is another person: one person's second booking would need a reason, and the receiver is searched by NHS number.
  const nhsNumber = nhsNumberFrom(++people);
  const { caseId, service: offer } = await t.openCase(service, patientWithNhsNumber({ nhsNumber }));
  const [slot] = await t.slots(caseId);
  if (slot === undefined) throw new Error('no slot');
  for (const fault of faults) t.fault({ serviceId: offer.serviceId }, fault);
  const r = await t.book(caseId, slot.slotId);
  const b = bookingOf(r.case, r.bookingId);
  expect(b.status).toBe('unknown');
  expect(b.appointmentId).toBeUndefined();
  return { caseId, bookingId: r.bookingId ?? '', serviceId: offer.serviceId, slotId: slot.slotId, nhsNumber };
}

/** BaRS: the receiver books it and the answer is lost; every re-send's answer is lost too. */
const COMMITTED_THEN_LOST: Fault[] = [{ kind: 'drop-after-commit', operation: 'book', times: 1 }, { kind: 'lost-answer', operation: 'book' }];
/** Every answer lost before the receiver acts on it. */
const LOST: Fault[] = [{ kind: 'lost-answer', operation: 'book' }];

/** Care Connect: the sandbox Provider's own booked appointments for the slot. */
const heldFor = (slotId: string) => t.providerAppointments().filter((a) => a.slot_id === slotId && a.status === 'booked');
/** BaRS: the sandbox receiver's own booked appointments for the service and that person. */
const heldBy = (serviceId: string, nhsNumber: string) => [...t.sandbox().bars.store.appointments.values()].filter((h) => h.targetId === serviceId && h.nhsNumber === nhsNumber && h.resource.status === 'booked');

describe('a phone record of a lost BaRS booking, checked with the search App1 defines', () => {
  it('"not booked" while the receiver holds the appointment: the contradiction is raised, the record stands, nothing is sent again', async () => {
    const { caseId, bookingId, serviceId, nhsNumber } = await lostBooking(BARS_ED, COMMITTED_THEN_LOST);
    expect(heldBy(serviceId, nhsNumber)).toHaveLength(1);
    const recorded = await t.ok<BookingResult>('booking:recordServiceAnswer', { bookingId, said: 'not-booked', phoneNumber: PHONE });
    expect(bookingOf(recorded.case, bookingId).status).toBe('failed');
    t.clearFaults(serviceId);
    await t.reconcile();
    const c = await t.caseOf(caseId);
    const b = bookingOf(c, bookingId);
    expect(b.status).toBe('failed');
    expect(b.contradiction?.text).toMatch(/now says the appointment is booked/);
    expect(c.bookingView.headline.tone).toBe('attention');
    expect(t.auditEvents(caseId, 'booking.service-answer-checked').map((e) => e.outcome)).toEqual(['contradicts']);
    // Checked once; the booking itself was never sent again.
    await t.reconcile();
    expect(t.auditEvents(caseId, 'booking.service-answer-checked')).toHaveLength(1);
    expect(heldBy(serviceId, nhsNumber)).toHaveLength(1);
  });

  it('"booked" and the receiver holds it: agreement is audited and its id learned, so the clinician can cancel it from the app', async () => {
    const { caseId, bookingId, serviceId, nhsNumber } = await lostBooking(BARS_ED, COMMITTED_THEN_LOST);
    await t.ok<BookingResult>('booking:recordServiceAnswer', { bookingId, said: 'booked', serviceReference: 'HED-4411', phoneNumber: PHONE });
    t.clearFaults(serviceId);
    await t.reconcile();
    const b = bookingOf(await t.caseOf(caseId), bookingId);
    expect(b.status).toBe('booked');
    expect(b.contradiction?.text).toBeUndefined();
    expect(heldBy(serviceId, nhsNumber).map((h) => h.id)).toEqual([b.appointmentId]);
    expect(t.auditEvents(caseId, 'booking.service-answer-checked').map((e) => e.outcome)).toEqual(['agrees']);
    const cancelled = await t.ok<BookingResult>('booking:cancel', { bookingId, reason: 'Patient feels better' });
    expect(bookingOf(cancelled.case, bookingId).status).toBe('cancelled');
    expect(heldBy(serviceId, nhsNumber)).toHaveLength(0);
  });

  it('"booked" while the receiver holds nothing of ours: "it holds no such appointment" is raised', async () => {
    const { caseId, bookingId, serviceId, nhsNumber } = await lostBooking(BARS_ED, LOST);
    expect(heldBy(serviceId, nhsNumber)).toHaveLength(0);
    await t.ok<BookingResult>('booking:recordServiceAnswer', { bookingId, said: 'booked', serviceReference: 'HED-4412', phoneNumber: PHONE });
    t.clearFaults(serviceId);
    await t.reconcile();
    const b = bookingOf(await t.caseOf(caseId), bookingId);
    expect(b.status).toBe('booked');
    expect(b.contradiction?.text).toMatch(/holds no such appointment/);
    expect(heldBy(serviceId, nhsNumber)).toHaveLength(0);
  });
});

describe('a phone record of a lost Care Connect booking', () => {
  it('stays as recorded: the standard reads by id only, and the booking is never sent again to find out', async () => {
    const { caseId, bookingId, serviceId, slotId } = await lostBooking(UTC_NAME, [{ kind: 'ssp-504', operation: 'book' }]);
    await t.ok<BookingResult>('booking:recordServiceAnswer', { bookingId, said: 'not-booked', phoneNumber: PHONE });
    t.clearFaults(serviceId);
    await t.reconcile();
    await t.reconcile();
    const b = bookingOf(await t.caseOf(caseId), bookingId);
    expect(b.status).toBe('failed');
    expect(b.contradiction).toBeUndefined();
    expect(t.auditEvents(caseId, 'booking.service-answer-checked')).toHaveLength(0);
    expect(heldFor(slotId)).toHaveLength(0);
    expect(t.scheduledChecks().some((x) => x.bookingId === bookingId)).toBe(false);
  });
});

/**
 * Issue 19, item 5: the booking carries the traced NHS number with its verification status, in
 * Care Connect and in BaRS; a restricted patient's address is neither kept nor sent; a case not
 * traced says so. Through the app's dispatch against the embedded sandbox and its PDS stand-in.
 */
import { describe, expect, it } from 'vitest';
import type { Case, PatientInput, ServiceOffer, TraceAnswer, TracedPatient } from '../../../preload/contract';
import { bookingAppForFile, UTC_NAME } from '../../workflow/support/booking-app';
import { patientWithNhsNumber } from '../../support/patients';
import { testClock } from '../../support/clock';
import { startCase } from '../../support/start-case';

const t = bookingAppForFile(undefined, { clock: testClock() });
const BARS_NAME = 'Harbourside Emergency Department';

/** What the caller told the health advisor (before the trace): their own address and numbers. */
const typed = (overrides: Partial<PatientInput> = {}): PatientInput => patientWithNhsNumber({ nhsNumber: undefined, nhsNumberVerified: undefined, ...overrides });

/** The people PDS answered with, by trace id: the case is started as the traced person. */
const traced = new Map<string, TracedPatient>();

async function traceId(nhsNumber: string): Promise<string> {
  const answer = await t.ok<TraceAnswer>('patient:retrieve', { nhsNumber });
  if (answer.kind !== 'matched') throw new Error(`no match for ${nhsNumber}`);
  traced.set(answer.patient.traceId, answer.patient);
  return answer.patient.traceId;
}

/** Starts the case (traced or not), chooses `service`, books its first slot; answers the message as sent. */
async function bookFor(service: string, start: { patient: PatientInput; pdsTraceId?: string }): Promise<{ caseDoc: Case; sent: Record<string, unknown>; patient: Record<string, unknown> }> {
  const person = start.pdsTraceId === undefined ? start.patient : traced.get(start.pdsTraceId);
  const opened = await startCase((channel, request) => t.ok(channel, request), { dispositionCode: 'Dx05', ...start }, person);
  const { services } = await t.ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const offer = services.find((s) => s.name === service);
  if (offer === undefined) throw new Error(`no service ${service}`);
  await t.ok<Case>('case:chooseService', { caseId: opened.id, serviceId: offer.serviceId });
  const [slot] = await t.slots(opened.id);
  if (slot === undefined) throw new Error('no slot');
  const booked = await t.book(opened.id, slot.slotId);
  const bookingId = booked.bookingId;
  const db = t.app.db;
  if (db === undefined) throw new Error('no store');
  const cc = db.prepare("SELECT body FROM booking_requests WHERE booking_id = ? AND method = 'POST'").get(bookingId) as { body: string } | undefined;
  const appointmentId = booked.case.bookings.find((b) => b.id === bookingId)?.appointmentId ?? '';
  const bars = db.prepare('SELECT body FROM bars_sent_messages WHERE appointment_id = ?').get(appointmentId) as { body: string } | undefined;
  const sent = JSON.parse(cc?.body ?? bars?.body ?? 'null') as Record<string, unknown>;
  return { caseDoc: await t.caseOf(opened.id), sent, patient: patientIn(sent) };
}

/** The Patient resource of a Care Connect Appointment (contained) or a BaRS message Bundle (an entry). */
function patientIn(sent: Record<string, unknown>): Record<string, unknown> {
  const contained = (sent.contained as Record<string, unknown>[] | undefined) ?? [];
  const entries = ((sent.entry as { resource: Record<string, unknown> }[] | undefined) ?? []).map((e) => e.resource);
  const found = [...contained, ...entries].find((r) => r.resourceType === 'Patient');
  if (found === undefined) throw new Error('no Patient in the message');
  return found;
}

const statusOf = (patient: Record<string, unknown>): { value: unknown; code: unknown } => {
  const [id] = patient.identifier as { value: string; extension: { valueCodeableConcept: { coding: { code: string }[] } }[] }[];
  return { value: id?.value, code: id?.extension[0]?.valueCodeableConcept.coding[0]?.code };
};

describe.each([
  { standard: 'Care Connect', service: UTC_NAME, verified: '01', notTraced: '02' },
  { standard: 'BaRS', service: BARS_NAME, verified: 'number-present-and-verified', notTraced: 'number-present-but-not-traced' },
])('a $standard booking', ({ service, verified, notTraced }) => {
  it('carries the traced NHS number as verified, and PDS’s name and date of birth', async () => {
    const { caseDoc, patient } = await bookFor(service, { patient: typed({ family: 'Smyth', given: 'Jayne' }), pdsTraceId: await traceId('9000000009') });
    expect(caseDoc.patient).toMatchObject({ nhsNumber: '9000000009', nhsNumberVerified: true, family: 'Smith', given: 'Jane', trace: { state: 'traced', restricted: false } });
    expect(statusOf(patient)).toEqual({ value: '9000000009', code: verified });
  });

  it('carries the new number when the caller gave a superseded one', async () => {
    const { caseDoc, patient } = await bookFor(service, { patient: typed(), pdsTraceId: await traceId('9000000033') });
    expect(caseDoc.patient.trace).toMatchObject({ state: 'traced', supersededNhsNumber: '9000000033' });
    expect(statusOf(patient)).toEqual({ value: '9000000041', code: verified });
  });

  it('a restricted patient: no address is kept or sent, only where they are now', async () => {
    const { caseDoc, patient, sent } = await bookFor(service, { patient: typed(), pdsTraceId: await traceId('9000000025') });
    expect(caseDoc.patient.address).toEqual({ lines: [], postcode: 'LS6 2QA', withheld: true });
    expect(patient.address).toEqual([{ use: 'temp', postalCode: 'LS6 2QA' }]);
    expect(JSON.stringify(sent)).not.toContain('14 Chapel Row');
    expect(JSON.stringify(sent)).not.toContain('Leeds');
    expect(statusOf(patient)).toEqual({ value: '9000000025', code: verified });
    // Changing the patient later cannot bring the address back.
    const changed = await t.ok<Case>('case:updatePatient', { caseId: caseDoc.id, patient: { ...typed(), nhsNumber: '9000000025' } });
    expect(changed.patient.address).toEqual({ lines: [], postcode: 'LS6 2QA', withheld: true });
    expect(changed.patient.trace).toMatchObject({ state: 'traced', restricted: true });
  });

  it('an untraced case says "not traced"; the number given by the caller goes as not traced', async () => {
    const { caseDoc, patient } = await bookFor(service, { patient: typed({ nhsNumber: '9434765919', nhsNumberVerified: false }) });
    expect(caseDoc.patient.trace).toEqual({ state: 'not-traced' });
    expect(statusOf(patient)).toEqual({ value: '9434765919', code: notTraced });
  });
});

describe('what the screen sends cannot pass for a trace', () => {
  it('a trace the screen makes up is ignored; a deceased trace is refused', async () => {
    const opened = await startCase((channel, request) => t.ok(channel, request), { dispositionCode: 'Dx05', patient: { ...typed(), trace: { state: 'traced', at: '2026-06-09T13:30:00Z', restricted: false } } });
    expect(opened.patient.trace).toEqual({ state: 'not-traced' });
    const answer = await t.ok<TraceAnswer>('patient:retrieve', { nhsNumber: '9000000068' });
    if (answer.kind !== 'matched') throw new Error('expected the deceased test patient');
    const refused = await t.call('case:start', { dispositionCode: 'Dx05', patient: typed(), pdsTraceId: answer.patient.traceId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/died/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, BookingResult, Case, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { verifyAuditChain } from '../../main/audit';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;

const { call, ok, booking: bookCall } = dispatcher(() => app);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-flow-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => {
  await app.close();
});

/** The 24/7 urgent treatment centre always has slots both inside and outside a 2-hour timeframe. */
const utc = (s: ServiceOffer[]) => s.find((x) => x.name === 'Riverside Urgent Treatment Centre');

async function openCaseAtService(patient = patientWithNhsNumber(), pick: (s: ServiceOffer[]) => ServiceOffer | undefined = utc) {
  const opened = await startCase(ok, { patient, dispositionCode: 'Dx05' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const service = pick(services);
  if (service === undefined) throw new Error('no such service in the sandbox directory');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
  return { caseId: opened.id, services, service };
}

describe('booking through the dispatch against the sandbox', () => {
  it('offers a ranked list with bookable, booking-only and referral-only services', async () => {
    const { services } = await openCaseAtService();
    expect(services.map((s) => s.rank)).toEqual([...services.map((s) => s.rank)].sort((a, b) => a - b));
    expect(services.some((s) => s.booking.status === 'bookable')).toBe(true);
    expect(services.some((s) => s.bookingOnly)).toBe(true);
    expect(services.some((s) => s.booking.status === 'not-bookable' && s.booking.reason === 'no-endpoint')).toBe(true);
    expect(services.some((s) => s.booking.status === 'not-bookable' && s.booking.reason === 'endpoint-lookup-failed')).toBe(true);
  });

  it('searches, books inside the timeframe, and the slot is gone from the next search', async () => {
    const { caseId } = await openCaseAtService();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    expect(search.insideTimeframe).toBeGreaterThan(0);
    expect(search.outsideTimeframe).toBeGreaterThan(0);
    const slot = search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const booking = await bookCall('booking:book', { caseId, slotId: slot.slotId });
    expect(booking).toMatchObject({ status: 'booked', outsideTimeframe: false });
    expect(booking.appointmentUrl).toMatch(/\/Appointment\/[^/]+/);
    const again = await ok<SlotSearchResult>('slots:search', { caseId });
    expect(again.slots.map((s) => s.slotId)).not.toContain(slot.slotId);
  });

  it('refuses a slot after the deadline without approval, and books it with approval', async () => {
    const { caseId } = await openCaseAtService(childWithParentContact());
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const late = search.slots.find((s) => s.outsideTimeframe);
    if (late === undefined) throw new Error('no slot outside the timeframe');
    const refused = await call('booking:book', { caseId, slotId: late.slotId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'approval-required' } });
    const approval = { approverName: 'Dr Alex Morgan', approverRole: 'GP', registrationBody: 'GMC' as const, registrationNumber: '1234567', reason: 'Patient cannot travel before this evening' };
    const booked = await bookCall('booking:book', { caseId, slotId: late.slotId, approval });
    expect(booked).toMatchObject({ status: 'booked', outsideTimeframe: true, approval });
  });

  it('cancels, then rebooks: the new booking first, then the old one cancelled', async () => {
    const { caseId } = await openCaseAtService();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const [first, second] = search.slots.filter((s) => !s.outsideTimeframe);
    if (first === undefined || second === undefined) throw new Error('needs two slots');
    const booking = await bookCall('booking:book', { caseId, slotId: first.slotId });
    const rebooked = await ok<BookingResult>('booking:rebook', {
      bookingId: booking.id,
      slotId: second.slotId,
      reason: 'Patient asked for a later time',
    });
    expect(rebooked.outcome).toMatchObject({ operation: 'rebook', tone: 'success' });
    expect(rebooked.case.bookingView.rebooks[0]).toMatchObject({ state: 'done', cancelLeg: { state: 'cancelled' } });
    const c = await ok<Case>('case:get', { caseId });
    expect(c.bookings.map((b) => b.status)).toEqual(['cancelled', 'booked']);
    const found = await ok<{ matches: { booking: Booking }[] }>('booking:find', { family: 'okon', birthDate: '1958-04-17' });
    expect(found.matches.length).toBeGreaterThan(0);
    expect(verifyAuditChain(app.db as never).ok).toBe(true);
  });
});

describe('when the Provider misbehaves', () => {
  const sandbox = () => {
    const handle = app.spine?.sandbox;
    if (handle === undefined) throw new Error('sandbox mode expected');
    return handle;
  };

  it('never books twice when the answer to a booking is lost: the retry reuses the X-Request-ID', async () => {
    const { caseId, service } = await openCaseAtService();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots[0];
    if (slot === undefined) throw new Error('no slots');
    sandbox().faults.set(service.serviceId, { kind: 'drop-after-commit', operation: 'book' });
    // A lost answer is an outcome, not an error: the appointment is `unknown` until the Provider says.
    const lost = await bookCall('booking:book', { caseId, slotId: slot.slotId });
    expect(lost.status).toBe('unknown');
    const bookingId = lost.id;
    expect((await ok<Case>('case:get', { caseId })).bookings[0]?.status).toBe('unknown');
    sandbox().faults.clear(service.serviceId);
    const resolved = await bookCall('booking:resolve', { bookingId });
    expect(resolved.status).toBe('booked');
    const again = await bookCall('booking:resolve', { bookingId });
    expect(again.appointmentId).toBe(resolved.appointmentId);
    const attempts = app.db
      ?.prepare("SELECT count(DISTINCT request_id) AS n FROM audit_events WHERE case_id = ? AND type = 'provider.book.attempt'")
      .get(caseId) as { n: number };
    expect(attempts.n).toBe(1);
  });

  it('tells the user the slot was taken when another booking got there first, and drops it from the list', async () => {
    const first = await openCaseAtService();
    const second = await openCaseAtService(childWithParentContact());
    const search1 = await ok<SlotSearchResult>('slots:search', { caseId: first.caseId });
    await ok<SlotSearchResult>('slots:search', { caseId: second.caseId });
    const slot = search1.slots[3];
    if (slot === undefined) throw new Error('no slots');
    await bookCall('booking:book', { caseId: first.caseId, slotId: slot.slotId });
    const taken = await bookCall('booking:book', { caseId: second.caseId, slotId: slot.slotId });
    expect(taken).toMatchObject({ status: 'failed', lastOutcome: { failureKind: 'slot-unavailable' } });
    const retry = await call('booking:book', { caseId: second.caseId, slotId: slot.slotId });
    expect(retry).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it.each([
    ['server-error', 'provider-unavailable'],
    ['ssp-502', 'provider-unavailable'],
    ['ssp-504', 'provider-timeout'],
    ['malformed-json', 'provider-malformed'],
  ] as const)('a slot search that meets %s says what to do next (%s)', async (kind, code) => {
    const { caseId, service } = await openCaseAtService();
    sandbox().faults.set(service.serviceId, { kind, operation: 'search' });
    try {
      const result = await call('slots:search', { caseId });
      expect(result).toMatchObject({ ok: false, error: { code, action: expect.any(String) as string } });
      expect(result.ok ? '' : result.error.message).not.toMatch(/\b(4|5)\d\d\b|Error:|at /);
    } finally {
      sandbox().faults.clear(service.serviceId);
    }
  });

  it('blocks the referral for a booking-only service until it is booked', async () => {
    const { caseId } = await openCaseAtService(patientWithNhsNumber(), (s) => s.find((x) => x.bookingOnly && x.booking.status === 'bookable'));
    const before = await ok<Case>('case:get', { caseId });
    expect(before.referralAllowed).toBe(false);
    expect(before.referralBlockedReason).toContain('only accepts patients with a booked appointment');
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots.find((s) => !s.outsideTimeframe) ?? search.slots[0];
    if (slot === undefined) throw new Error('the booking-only service has no slots');
    const approval = slot.outsideTimeframe ? { approverName: 'Dr A', approverRole: 'GP', registrationBody: 'GMC' as const, registrationNumber: '7654321', reason: 'Only slot the patient can reach today' } : undefined;
    await bookCall('booking:book', { caseId, slotId: slot.slotId, approval });
    expect((await ok<Case>('case:get', { caseId })).referralAllowed).toBe(true);
  });
});

describe('the referral after a booking, in the running app', () => {
  it('reaches the sandbox ITK receiver, which links it to the appointment by the document UUID', async () => {
    const { caseId } = await openCaseAtService();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const booking = await bookCall('booking:book', { caseId, slotId: slot.slotId });
    const sent = await ok<{ referral: { status: string; documentId: string } }>('referral:send', { caseId });
    expect(sent.referral).toMatchObject({ status: 'sent', documentId: booking.documentId });
    const link = app.spine?.sandbox?.itk.link(booking.documentId);
    expect(link).toMatchObject({ state: 'linked', urlMatches: true, appointment: { appointmentId: booking.appointmentId } });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, Result, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { verifyAuditChain } from '../../main/audit';
import { silentLogger } from '../../main/log/logger';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';

let app: App;

async function call<T>(channel: string, request: unknown): Promise<Result<T>> {
  return (await app.dispatch(channel, request, { transport: 'http' })) as Result<T>;
}
async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = await call<T>(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message} ${result.error.detail ?? ''}`);
  return result.value;
}

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
  const opened = await ok<Case>('case:start', { patient, dispositionCode: 'Dx05' });
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
    const booking = await ok<Booking>('booking:book', { caseId, slotId: slot.slotId });
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
    const approval = { approverName: 'Dr Alex Morgan', approverRole: 'GP', reason: 'Patient cannot travel before this evening' };
    const booked = await ok<Booking>('booking:book', { caseId, slotId: late.slotId, approval });
    expect(booked).toMatchObject({ status: 'booked', outsideTimeframe: true, approval });
  });

  it('cancels, then rebooks: the new booking first, then the old one cancelled', async () => {
    const { caseId } = await openCaseAtService();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const [first, second] = search.slots.filter((s) => !s.outsideTimeframe);
    if (first === undefined || second === undefined) throw new Error('needs two slots');
    const booking = await ok<Booking>('booking:book', { caseId, slotId: first.slotId });
    const rebooked = await ok<{ newBooking: Booking; bookOutcome: { ok: boolean }; cancelOutcome: { ok: boolean } }>('booking:rebook', {
      bookingId: booking.id,
      slotId: second.slotId,
      reason: 'Patient asked for a later time',
    });
    expect(rebooked.bookOutcome.ok).toBe(true);
    expect(rebooked.cancelOutcome).toMatchObject({ ok: true, message: expect.stringContaining("cancelled") as string });
    const c = await ok<Case>('case:get', { caseId });
    expect(c.bookings.map((b) => b.status)).toEqual(['cancelled', 'booked']);
    const found = await ok<{ matches: { booking: Booking }[] }>('booking:find', { family: 'okonkwo' });
    expect(found.matches.length).toBeGreaterThan(0);
    expect(verifyAuditChain(app.db as never).ok).toBe(true);
  });
});

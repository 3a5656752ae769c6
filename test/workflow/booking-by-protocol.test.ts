/**
 * One workflow, two standards: the same booking steps through the app's dispatch against the
 * sandbox, once for a Care Connect service and once for a BaRS one. Nothing in the steps names
 * the standard; only the offer's display label differs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, ReferralSummary, ReportTable, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { verifyAuditChain } from '../../main/audit';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;
const { ok } = dispatcher(() => app);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-protocols-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterAll(async () => app.close());

const SERVICES = [
  { protocol: 'Care Connect', name: 'Riverside Urgent Treatment Centre', via: 'via Care Connect' },
  { protocol: 'BaRS (listed in DoS)', name: 'Harbourside Emergency Department', via: 'via BaRS' },
  { protocol: 'BaRS (found by probing the proxy)', name: 'Eastfield Same Day Emergency Care', via: 'via BaRS' },
] as const;

async function caseAt(name: string): Promise<{ caseId: string; service: ServiceOffer; services: ServiceOffer[] }> {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx02' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const service = services.find((s) => s.name === name);
  if (service === undefined) throw new Error(`${name} is not offered`);
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
  return { caseId: opened.id, service, services };
}

describe.each(SERVICES)('booking a $protocol service through the one workflow', ({ name, via }) => {
  it('is offered as bookable, with only its label naming the standard', async () => {
    const { service } = await caseAt(name);
    expect(service.booking.status).toBe('bookable');
    expect(service.via).toBe(via);
  });

  it('searches, books inside the timeframe, then cancels; the audit chain verifies', async () => {
    const { caseId, service } = await caseAt(name);
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots.find((s) => !s.outsideTimeframe) ?? search.slots[0];
    if (slot === undefined) throw new Error('no slot');
    const booked = await ok<BookingResult>('booking:book', { caseId, slotId: slot.slotId, ...(slot.outsideTimeframe ? { approval: { approverName: 'Dr A', approverRole: 'GP', reason: 'Clinically appropriate' } } : {}) });
    expect(booked.outcome.tone).toBe('success');
    const booking = booked.case.bookings.find((b) => b.id === booked.bookingId);
    expect(booking).toMatchObject({ status: 'booked', serviceId: service.serviceId });

    const again = await ok<SlotSearchResult>('slots:search', { caseId });
    expect(again.slots.some((s) => s.slotId === slot.slotId)).toBe(false);

    const cancelled = await ok<BookingResult>('booking:cancel', { bookingId: booked.bookingId, reason: 'Patient feels better' });
    expect(cancelled.case.bookings.find((b) => b.id === booked.bookingId)?.status).toBe('cancelled');
    const db = app.db;
    if (!db) throw new Error('no db');
    expect(verifyAuditChain(db).ok).toBe(true);
  });
});

it('the offered list mixes both standards', async () => {
  const { services } = await caseAt('Riverside Urgent Treatment Centre');
  const labels = new Set(services.filter((s) => s.booking.status === 'bookable').map((s) => s.via));
  expect(labels).toEqual(new Set(['via BaRS', 'via Care Connect']));
});

it('the audit-based report counts bookings of both standards, per service', async () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const table = await ok<ReportTable>('reports:run', { report: 'rep-cons-01', from: today, to: today, groupBy: 'service' });
  const booked = new Map(table.rows.map((r) => [r.group, r.bookings]));
  // One booking each in the parametrised suite above: a Care Connect and two BaRS services.
  expect(booked.get('2000012345')).toBe(1);
  expect(booked.get('2000071001')).toBe(1);
  expect(booked.get('2000071002')).toBe(1);
});

describe('the referral to a service whose booking protocol carries it', () => {
  const auditOf = (caseId: string) => {
    const db = app.db;
    if (!db) throw new Error('no db');
    return db.prepare('SELECT type, outcome, correlation_id AS correlationId FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as { type: string; outcome: string | null; correlationId: string | null }[];
  };

  it('is offered, goes with the booking to the receiver linked to the appointment, once, and is audited once', async () => {
    const { caseId, service } = await caseAt('Harbourside Emergency Department');
    expect(service.referralAvailable).toBe(true);
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const booked = await ok<BookingResult>('booking:book', { caseId, slotId: slot.slotId });
    const booking = booked.case.bookings.find((b) => b.id === booked.bookingId);
    expect(booking?.status).toBe('booked');
    expect(booked.case.bookingView.referral.status).toBe('ready');

    const store = app.spine?.sandbox?.bars.store;
    if (store === undefined) throw new Error('no BaRS sandbox');
    const before = store.serviceRequests.size;
    const sent = await ok<{ case: Case; referral: ReferralSummary }>('referral:send', { caseId });
    expect(sent.referral).toMatchObject({ status: 'sent', bookingId: booked.bookingId });
    expect(sent.case.bookingView.referral.status).toBe('sent');

    // The receiver holds one ServiceRequest, pointing at the appointment it booked for us.
    const held = [...store.serviceRequests.values()].slice(before);
    expect(held).toHaveLength(1);
    const appointmentId = /Appointment\/([^/]+)$/.exec(booking?.appointmentUrl ?? '')?.[1];
    expect(appointmentId).toBeDefined();
    expect(held[0]?.resource.resourceType).toBe('ServiceRequest');
    expect(held[0]?.resource.supportingInfo).toEqual([{ reference: `Appointment/${appointmentId ?? ''}` }]);

    // A second send changes nothing at the receiver and says it was already sent.
    const again = await ok<{ case: Case; referral: ReferralSummary }>('referral:send', { caseId });
    expect(again.referral).toMatchObject({ id: sent.referral.id, status: 'sent', message: 'Already sent.' });
    expect(store.serviceRequests.size).toBe(before + 1);

    const events = auditOf(caseId);
    const referralEvents = events.filter((e) => e.type === 'referral.outcome');
    expect(referralEvents.map((e) => e.outcome)).toEqual(['sent']);
    // One conversation: the referral carries the correlation id of the case's other exchanges with the service.
    const correlations = new Set(events.filter((e) => e.type !== 'referral.outcome' && e.correlationId !== null).map((e) => e.correlationId));
    expect(correlations.size).toBe(1);
    expect(correlations.has(referralEvents[0]?.correlationId ?? null)).toBe(true);
    const db = app.db;
    if (!db) throw new Error('no db');
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('after a rebook, the update withdraws the first referral (revoked under its original fullUrls) and refers anew, linked to the new appointment', async () => {
    const { caseId } = await caseAt('Harbourside Emergency Department');
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const [a, b] = search.slots.filter((s) => !s.outsideTimeframe);
    if (a === undefined || b === undefined) throw new Error('needs two slots inside the timeframe');
    const first = await ok<BookingResult>('booking:book', { caseId, slotId: a.slotId });
    const store = app.spine?.sandbox?.bars.store;
    if (store === undefined) throw new Error('no BaRS sandbox');
    const before = new Set(store.serviceRequests.keys());
    await ok('referral:send', { caseId });
    const original = [...store.serviceRequests.values()].find((h) => !before.has(h.id));
    if (original === undefined) throw new Error('the first referral did not arrive');
    const rebooked = await ok<BookingResult & { rebookId: string }>('booking:rebook', { bookingId: first.bookingId, slotId: b.slotId, reason: 'Later time' });
    const fresh = rebooked.case.bookings.find((x) => x.id === rebooked.case.bookingView.rebooks.find((r) => r.id === rebooked.rebookId)?.newLeg.bookingId);
    if (fresh?.appointmentUrl === undefined) throw new Error('the new appointment was not booked');

    const update = await ok<{ case: Case; referral: ReferralSummary }>('referral:send', { caseId });
    expect(update.referral).toMatchObject({ kind: 'update', status: 'sent', bookingId: fresh.id });
    // The first referral is revoked, in place: same id and fullUrl, still pointing at the old appointment.
    expect(store.serviceRequests.get(original.id)?.resource).toMatchObject({ status: 'revoked', supportingInfo: original.resource.supportingInfo });
    expect(store.serviceRequests.get(original.id)?.fullUrl).toBe(original.fullUrl);
    // A new referral, active, linked only to the new appointment (App1: the new booking never links to the old referral).
    const added = [...store.serviceRequests.values()].filter((h) => !before.has(h.id) && h.id !== original.id);
    expect(added.map((h) => ({ status: h.resource.status, supportingInfo: h.resource.supportingInfo }))).toEqual([
      { status: 'active', supportingInfo: [{ reference: `Appointment/${/Appointment\/([^/]+)$/.exec(fresh.appointmentUrl)?.[1] ?? ''}` }] },
    ]);
    const events = auditOf(caseId).filter((e) => e.type === 'referral.outcome');
    expect(events.map((e) => e.outcome)).toEqual(['sent', 'sent']);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
    // Sending again changes nothing more at the receiver.
    await ok('referral:send', { caseId });
    expect(store.serviceRequests.size).toBe(before.size + 2);
  });
});

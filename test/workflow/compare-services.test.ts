import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, ServiceComparisonResult, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { ReportService } from '../../main/reports';
import { ukDay } from '../../preload/contract';
import { testClock, WEEKDAY_AFTERNOON } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

let app: App;
const { call, ok } = dispatcher(() => app);

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-compare-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
});
afterEach(() => {
  app.spine?.sandbox?.faults.clear();
});
afterAll(async () => {
  await app.close();
});

function faults() {
  const f = app.spine?.sandbox?.faults;
  if (f === undefined) throw new Error('the sandbox fault control is not reachable');
  return f;
}

async function newCase(): Promise<{ caseId: string; services: ServiceOffer[] }> {
  const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  return { caseId: opened.id, services };
}

describe('compare services', () => {
  it('searches the top five bookable services in rank order and summarises each one’s slots', async () => {
    const { caseId, services } = await newCase();
    const bookable = services.filter((s) => s.booking.status === 'bookable');
    const result = await ok<ServiceComparisonResult>('slots:compare', { caseId });
    expect(result.bookableOffered).toBe(bookable.length);
    expect(result.services.map((c) => c.service.serviceId)).toEqual(bookable.slice(0, 5).map((s) => s.serviceId));
    const utc = result.services.find((c) => c.service.name === 'Riverside Urgent Treatment Centre');
    if (utc?.result.status !== 'ok') throw new Error('the UTC search should succeed');
    expect(utc.result.insideTimeframe).toBeGreaterThan(0);
    expect(utc.result.outsideTimeframe).toBeGreaterThan(0);
    expect(utc.result.earliestInside?.outsideTimeframe).toBe(false);
    // Every third UTC slot does not state its channel: the comparison says so rather than hiding it.
    expect(utc.result.channels).toEqual(expect.arrayContaining(['In-person', null]));
    expect(utc.service.distanceMiles).toBe(1.2);
    expect(utc.service.openingStatus).toBe('Open 24 hours');
  });

  it('shows a failing service as failed while the others still answer', async () => {
    const { caseId, services } = await newCase();
    const failing = services.find((s) => s.name === 'Northgate Extended Access Hub');
    if (failing === undefined) throw new Error('no hub in the sandbox directory');
    faults().set(failing.serviceId, { kind: 'server-error', operation: 'search' });
    const result = await ok<ServiceComparisonResult>('slots:compare', { caseId });
    const hub = result.services.find((c) => c.service.serviceId === failing.serviceId);
    expect(hub?.result.status).toBe('failed');
    if (hub?.result.status === 'failed') expect(hub.result.error.code).toBe('provider-unavailable');
    expect(result.services.filter((c) => c.result.status === 'ok').length).toBe(result.services.length - 1);
  });

  it('a slot chosen from the comparison is booked without searching again, after choosing its service', async () => {
    const { caseId } = await newCase();
    const result = await ok<ServiceComparisonResult>('slots:compare', { caseId });
    const utc = result.services.find((c) => c.service.name === 'Riverside Urgent Treatment Centre');
    if (utc?.result.status !== 'ok' || utc.result.earliestInside === undefined) throw new Error('no UTC slot inside the deadline');
    const refused = await call<SlotSearchResult>('slots:useCompared', { caseId, serviceId: utc.service.serviceId });
    expect(refused.ok).toBe(false);
    await ok<Case>('case:chooseService', { caseId, serviceId: utc.service.serviceId });
    const list = await ok<SlotSearchResult>('slots:useCompared', { caseId, serviceId: utc.service.serviceId });
    expect(list.slots[0]?.slotId).toBe(utc.result.earliest?.slotId);
    const booked = await ok<BookingResult>('booking:book', { caseId, slotId: utc.result.earliestInside.slotId });
    const booking = booked.case.bookings.find((b) => b.id === booked.bookingId);
    expect(booking?.status).toBe('booked');
    expect(booking?.serviceId).toBe(utc.service.serviceId);
    expect(booking?.slot.slotId).toBe(utc.result.earliestInside.slotId);
  });

  it('searches as many services as the settings say', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-compare-2-'));
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', caseScreen: { compareServices: 2 } }));
    const two = await createApp({ dataDir, settingsFile, logger: silentLogger() });
    try {
      const d = dispatcher(() => two);
      const opened = await startCase((channel, request) => d.ok(channel, request), { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
      const result = await d.ok<ServiceComparisonResult>('slots:compare', { caseId: opened.id });
      expect(result.services).toHaveLength(2);
      expect(result.bookableOffered).toBeGreaterThan(2);
    } finally {
      await two.close();
    }
  });

  it('audits the comparison first with one event naming every service, then each search’s outcome, and the reports still count per service', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-compare-audit-'));
    // The report counts by UK day: the app's clock and the day asked for are one fixed instant, so the
    // test does not fail from 23:00 to midnight UTC in UK summer time (the UK day is already the next).
    const own = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock: testClock(WEEKDAY_AFTERNOON) });
    try {
      const d = dispatcher(() => own);
      const db = own.db;
      if (db === undefined) throw new Error('sandbox app expected');
      const opened = await startCase((channel, request) => d.ok(channel, request), { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
      const result = await d.ok<ServiceComparisonResult>('slots:compare', { caseId: opened.id });
      const ids = result.services.map((c) => c.service.serviceId);
      expect(ids.length).toBe(5);
      const rows = db.prepare('SELECT seq, type, outcome, dos_service_id AS service, detail FROM audit_events WHERE case_id = ? ORDER BY seq').all(opened.id) as { seq: number; type: string; outcome: string | null; service: string | null; detail: string }[];
      const started = rows.filter((r) => r.type === 'slots.compare.started');
      expect(started).toHaveLength(1);
      const startedAt = started[0]?.seq ?? Infinity;
      expect((JSON.parse(started[0]?.detail ?? '{}') as { services: { dosServiceId: string }[] }).services.map((x) => x.dosServiceId)).toEqual(ids);
      expect(rows.filter((r) => r.type === 'slots.search.attempt')).toEqual([]);
      // Audit-first: every Care Connect request (the Provider client records each) comes after the comparison's start.
      const providerAttempts = rows.filter((r) => r.type === 'provider.slot-search.attempt');
      expect(providerAttempts.length).toBeGreaterThanOrEqual(3);
      expect(providerAttempts.every((r) => r.service !== null && ids.includes(r.service))).toBe(true);
      expect(providerAttempts.every((r) => r.seq > startedAt)).toBe(true);
      const outcomes = rows.filter((r) => r.type === 'slots.search.outcome');
      expect(outcomes.map((r) => r.service).sort()).toEqual([...ids].sort());

      // rep-cons-10 counts one search per service that offered slots inside the deadline, with their slots.
      const today = ukDay(WEEKDAY_AFTERNOON);
      const table = new ReportService(db).run({ report: 'rep-cons-10', from: today, to: today, groupBy: 'service' });
      const expected = Object.fromEntries(
        result.services.flatMap((c) => (c.result.status === 'ok' && c.result.insideTimeframe > 0 ? [[c.service.serviceId, { searches: 1, slots: c.result.insideTimeframe }]] : [])),
      );
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      const counted = Object.fromEntries(table.rows.filter((r) => Number(r.searches) > 0).map((r) => [String(r.group), { searches: r.searches, slots: r.slots }]));
      expect(counted).toEqual(expected);
    } finally {
      await own.close();
    }
  });
});

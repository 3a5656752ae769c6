import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Case, ReferralSummary, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { verifyAuditChain } from '../../main/audit';
import { UNCHAINED_COLUMNS } from '../../main/audit/row-events';
import type { Db } from '../../main/db/database';
import { silentLogger } from '../../main/log/logger';
import { dispatcher } from '../support/dispatch';
import { ReportService } from '../../main/reports';
import { anotherPatient, childWithParentContact } from '../support/patients';
import { startCase } from '../support/start-case';

/**
 * Walks each workflow through the dispatch of a sandbox-mode app and checks the exact audit
 * events it writes (main/audit/event-types.ts), then that the hash chain holds.
 */
let app: App;
let db: Db;

const { call, ok, booking: bookCall } = dispatcher(() => app);

interface Row {
  type: string;
  outcome: string | null;
  dos_service_id: string | null;
  request_id: string | null;
  detail: string;
}
const rowsOf = (caseId: string): Row[] =>
  db.prepare('SELECT type, outcome, dos_service_id, request_id, detail FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as Row[];

/** The workflow's own events, `type:outcome`; the Provider client's per-call events and the row images are checked apart. */
const trail = (caseId: string): string[] =>
  rowsOf(caseId)
    .filter((r) => !r.type.startsWith('provider.') && !r.type.startsWith('row.'))
    .map((r) => `${r.type}:${r.outcome ?? ''}`);
const detailOf = (caseId: string, type: string): Record<string, unknown>[] =>
  rowsOf(caseId).filter((r) => r.type === type).map((r) => JSON.parse(r.detail) as Record<string, unknown>);

/** Every Provider call attempt has exactly one outcome with the same X-Request-ID. */
function providerCallsPaired(caseId: string): void {
  const calls = rowsOf(caseId).filter((r) => r.type.startsWith('provider.'));
  expect(calls.length).toBeGreaterThan(0);
  const attempts = calls.filter((r) => r.type.endsWith('.attempt'));
  for (const a of attempts) {
    const outcomes = calls.filter((r) => r.type === a.type.replace(/\.attempt$/, '.outcome') && r.request_id === a.request_id);
    expect(outcomes.length, `${a.type} ${a.request_id ?? ''}`).toBeGreaterThanOrEqual(1);
  }
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-trail-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
  if (app.db === undefined) throw new Error('sandbox app expected');
  db = app.db;
});
afterAll(async () => {
  await app.close();
});

const UTC = (s: ServiceOffer[]) => s.find((x) => x.name === 'Riverside Urgent Treatment Centre');
const BOOKING_ONLY = (s: ServiceOffer[]) => s.find((x) => x.bookingOnly && x.booking.status === 'bookable');
const APPROVAL = { approverName: 'Dr Alex Morgan', approverRole: 'GP', registrationBody: 'GMC', registrationNumber: '1234567', reason: 'Patient cannot travel before this evening' };

// Each workflow is another person's, so its audit trail holds that workflow alone (no second-booking reason).
async function openAt(pick: (s: ServiceOffer[]) => ServiceOffer | undefined = UTC, patient = anotherPatient()) {
  const opened = await startCase(ok, { patient, dispositionCode: 'Dx05', registeredPractice: { odsCode: 'B82002' } });
  const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
  const service = pick(services);
  if (service === undefined) throw new Error('no such service in the sandbox directory');
  await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: service.serviceId });
  return { caseId: opened.id, service };
}

async function searchAndBook(caseId: string, outside = false): Promise<{ search: SlotSearchResult; booking: Booking }> {
  const search = await ok<SlotSearchResult>('slots:search', { caseId });
  const slot = search.slots.find((s) => s.outsideTimeframe === outside);
  if (slot === undefined) throw new Error('no slot on that side of the deadline');
  const booking = await bookCall('booking:book', { caseId, slotId: slot.slotId, ...(outside ? { approval: APPROVAL } : {}) });
  return { search, booking };
}

const OPENED = ['case.opened:ok', 'services.offered:ok', 'service.chosen:ok'];
const SEARCHED = ['slots.search.attempt:pending', 'slots.search.outcome:ok'];
const BOOKED = ['booking.attempt:pending', 'booking.outcome:booked'];

describe('the audit trail of each workflow', () => {
  it('directory and choice: the case, the ranked list and the choice with its rank', async () => {
    const { caseId, service } = await openAt();
    expect(trail(caseId)).toEqual(OPENED);
    expect(detailOf(caseId, 'case.opened')[0]).toMatchObject({ dispositionCode: 'Dx05', practiceOds: 'B82002' });
    expect(detailOf(caseId, 'service.chosen')[0]).toMatchObject({ rank: service.rank, bookable: true, topBookableServiceId: expect.any(String) as string });
  });

  it('slot search and booking inside the timeframe', async () => {
    const { caseId, service } = await openAt();
    const { search, booking } = await searchAndBook(caseId);
    expect(trail(caseId)).toEqual([...OPENED, ...SEARCHED, ...BOOKED]);
    expect(detailOf(caseId, 'slots.search.outcome')[0]).toMatchObject({ slotsReturned: search.slots.length, insideTimeframe: search.insideTimeframe, outsideTimeframe: search.outsideTimeframe });
    expect(detailOf(caseId, 'booking.outcome')[0]).toMatchObject({ bookingId: booking.id, appointmentId: booking.appointmentId, outsideTimeframe: false });
    expect(rowsOf(caseId).filter((r) => r.type.startsWith('booking.')).every((r) => r.dos_service_id === service.serviceId)).toBe(true);
    providerCallsPaired(caseId);
  });

  it('out of timeframe: refused without approval, then approved and booked', async () => {
    const { caseId } = await openAt(UTC, childWithParentContact());
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const late = search.slots.find((s) => s.outsideTimeframe);
    if (late === undefined) throw new Error('no late slot');
    expect(await call('booking:book', { caseId, slotId: late.slotId })).toMatchObject({ ok: false, error: { code: 'approval-required' } });
    await bookCall('booking:book', { caseId, slotId: late.slotId, approval: APPROVAL });
    expect(trail(caseId)).toEqual([
      ...OPENED,
      ...SEARCHED,
      'booking.out-of-timeframe-refused:refused',
      'booking.out-of-timeframe-approved:approved',
      ...BOOKED,
    ]);
    expect(detailOf(caseId, 'booking.out-of-timeframe-approved')[0]).toMatchObject(APPROVAL);
    expect(detailOf(caseId, 'booking.outcome')[0]).toMatchObject({ outsideTimeframe: true });
  });

  it('cancel in the same encounter, and cancel later after the case closed', async () => {
    const first = await openAt();
    const { booking } = await searchAndBook(first.caseId);
    await ok('booking:cancel', { bookingId: booking.id, reason: 'Patient feels better' });
    expect(trail(first.caseId)).toEqual([...OPENED, ...SEARCHED, ...BOOKED, 'booking.cancel.attempt:pending', 'booking.cancel.outcome:cancelled']);
    expect(detailOf(first.caseId, 'booking.cancel.outcome')[0]).toMatchObject({ bookingId: booking.id, sameEncounter: true });

    const second = await openAt();
    const later = await searchAndBook(second.caseId);
    await ok('case:close', { caseId: second.caseId, reasonNoReferral: 'The patient will take the letter in person' });
    await ok('booking:cancel', { bookingId: later.booking.id, reason: 'Patient rang back to cancel' });
    expect(trail(second.caseId)).toEqual([...OPENED, ...SEARCHED, ...BOOKED, 'case.closed:ok', 'booking.cancel.attempt:pending', 'booking.cancel.outcome:cancelled']);
    expect(detailOf(second.caseId, 'booking.cancel.outcome')[0]).toMatchObject({ sameEncounter: false });
  });

  it('rebook: the new booking, the old one cancelled, and the rebook outcome', async () => {
    const { caseId } = await openAt();
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const [a, b] = search.slots.filter((s) => !s.outsideTimeframe);
    if (a === undefined || b === undefined) throw new Error('needs two slots');
    const old = await bookCall('booking:book', { caseId, slotId: a.slotId });
    const r = await bookCall('booking:rebook', { bookingId: old.id, slotId: b.slotId, reason: 'Later time suits' });
    // Each leg of the rebook is its own audited step: started, new leg booked, cancelling the old, done.
    expect(trail(caseId)).toEqual([
      ...OPENED,
      ...SEARCHED,
      ...BOOKED,
      'booking.attempt:pending',
      'booking.rebook.outcome:started',
      'booking.outcome:booked',
      'booking.rebook.outcome:cancelling-old',
      'booking.cancel.attempt:pending',
      'booking.cancel.outcome:cancelled',
      'booking.rebook.outcome:done',
    ]);
    expect(detailOf(caseId, 'booking.rebook.outcome').at(-1)).toMatchObject({ fromBookingId: old.id, toBookingId: r.id, newLeg: 'booked', cancelLeg: 'cancelled' });
    expect(detailOf(caseId, 'booking.attempt')[1]).toMatchObject({ rebookOf: old.id });
  });

  it('slot taken between offer and booking', async () => {
    const first = await openAt();
    const second = await openAt(UTC, { ...childWithParentContact(), family: 'Hart-Taken' });
    const offered = await ok<SlotSearchResult>('slots:search', { caseId: first.caseId });
    await ok<SlotSearchResult>('slots:search', { caseId: second.caseId });
    const slot = offered.slots[5];
    if (slot === undefined) throw new Error('no slots');
    await bookCall('booking:book', { caseId: first.caseId, slotId: slot.slotId });
    expect(await bookCall('booking:book', { caseId: second.caseId, slotId: slot.slotId })).toMatchObject({ status: 'failed', lastOutcome: { failureKind: 'slot-unavailable' } });
    expect(trail(second.caseId)).toEqual([...OPENED, ...SEARCHED, 'booking.attempt:pending', 'booking.outcome:slot-taken']);
  });

  it('referral: blocked for a booking-only service before booking, then sent with the booking', async () => {
    const { caseId } = await openAt(BOOKING_ONLY);
    expect(await call('referral:send', { caseId })).toMatchObject({ ok: false, error: { code: 'referral-blocked' } });
    const search = await ok<SlotSearchResult>('slots:search', { caseId });
    const slot = search.slots.find((s) => !s.outsideTimeframe) ?? search.slots[0];
    if (slot === undefined) throw new Error('no slots at the booking-only service');
    const booking = await bookCall('booking:book', { caseId, slotId: slot.slotId, ...(slot.outsideTimeframe ? { approval: APPROVAL } : {}) });
    const sent = await ok<{ case: Case; referral: ReferralSummary }>('referral:send', { caseId });
    expect(sent.referral).toMatchObject({ status: 'sent', documentId: booking.documentId });
    const events = trail(caseId).filter((e) => !e.startsWith('booking.out-of-timeframe'));
    expect(events).toEqual([...OPENED, 'referral.blocked:refused', ...SEARCHED, ...BOOKED, 'referral.outcome:sent']);
    expect(detailOf(caseId, 'referral.outcome')[0]).toMatchObject({ referralId: sent.referral.id, documentId: booking.documentId, booked: true, appointmentUrl: booking.appointmentUrl });
    const { xml } = await ok<{ xml: string }>('referral:document', { referralId: sent.referral.id });
    expect(xml).toContain(booking.appointmentUrl ?? 'no appointment URL');
  });

  it('every case and booking row equals the image its newest row event holds, so both tables can be rebuilt from the chain', () => {
    const images = new Map<string, string>();
    for (const r of db.prepare("SELECT detail FROM audit_events WHERE type IN ('row.case', 'row.booking') ORDER BY seq").all() as { detail: string }[]) {
      const d = JSON.parse(r.detail) as { table: string; rowId: string; row: unknown };
      images.set(`${d.table}/${d.rowId}`, JSON.stringify(d.row));
    }
    const tables = [...(db.prepare('SELECT * FROM cases').all() as { id: string }[]).map((row) => ['cases', row] as const), ...(db.prepare('SELECT * FROM bookings').all() as { id: string }[]).map((row) => ['bookings', row] as const)];
    expect(tables.length).toBeGreaterThan(5);
    // The reconciler's schedule columns are working state, not the booking's record (UNCHAINED_COLUMNS).
    const recorded = (table: 'cases' | 'bookings', row: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([c]) => !UNCHAINED_COLUMNS[table].includes(c))));
    for (const [table, row] of tables) expect(images.get(`${table}/${row.id}`), `${table} ${row.id}`).toBe(recorded(table, row));
    expect(images.size).toBe(tables.length);
  });

  it('the chain verifies over everything written, and the reports read it', () => {
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, problems: [] });
    expect(app.session.auditTrail).toMatchObject({ ok: true });
    const ukDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
    // From yesterday, so a run across UK midnight still covers every event.
    const table = new ReportService(db).run({ report: 'rep-cons-01', from: ukDate(new Date(Date.now() - 86_400_000)), to: ukDate(new Date()), groupBy: 'practice' });
    const booked = (db.prepare("SELECT count(*) AS n FROM audit_events WHERE type = 'booking.outcome' AND outcome = 'booked'").get() as { n: number }).n;
    expect(table.totals.bookings).toBe(booked);
    expect(table.rows.map((r) => r.group)).toEqual(['B82002']);
  });
});

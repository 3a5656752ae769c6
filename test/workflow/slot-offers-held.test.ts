import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, ServiceOffer, SlotSearchResult } from '../../preload/contract';
import { AppError } from '../../main/api/app-error';
import { createApp, type App } from '../../main/app/create-app';
import type { AuditSink } from '../../main/audit';
import { silentLogger } from '../../main/log/logger';
import type { BookingProtocol, SlotSearchOutcome } from '../../main/workflow/booking-protocol';
import { CaseCache } from '../../main/workflow/case-cache';
import type { CaseService } from '../../main/workflow/case-service';
import type { DirectoryService } from '../../main/workflow/directory-service';
import { OFFERS_HELD, SlotService } from '../../main/workflow/slot-service';
import { testClock, WEEKDAY_AFTERNOON } from '../support/clock';
import { dispatcher } from '../support/dispatch';
import { patientWithNhsNumber } from '../support/patients';
import { startCase } from '../support/start-case';

/**
 * A desk left open all shift: every case ever searched must not keep its offered slots (each a
 * FHIR Slot as the Provider sent it) in main's memory. Only the few cases being worked are held;
 * booking from a list that was let go asks the clinician to search again and never books anything.
 */

const DEADLINE = new Date(WEEKDAY_AFTERNOON.getTime() + 4 * 3_600_000).toISOString();

/** Each case's search returns its own slots (ids carry the case), with a Provider-sized raw resource per slot. */
function slotServiceWithFakes(held?: number): SlotService {
  const cases = {
    load: (caseId: string) => ({
      id: caseId,
      outcome: { deadline: DEADLINE },
      service: { serviceId: '2000012345', booking: { status: 'bookable' } },
    }),
  } as unknown as CaseService;
  const directory = {
    resolvedFor: () => Promise.resolve({ target: { asid: '918999198001', endpoints: {} }, offer: { booking: { status: 'bookable' } } }),
  } as unknown as DirectoryService;
  const protocol = {
    searchSlots: (target: { caseId?: string }): Promise<SlotSearchOutcome> => {
      const caseId = target.caseId ?? 'none';
      const rows = Array.from({ length: 50 }, (_, i) => {
        const start = new Date(WEEKDAY_AFTERNOON.getTime() + (i + 1) * 600_000);
        return { slotId: `${caseId}-slot-${i}`, start: start.toISOString(), end: new Date(start.getTime() + 600_000).toISOString(), durationMinutes: 10, deliveryChannel: null };
      });
      const raw = new Map(rows.map((r) => [r.slotId, { resourceType: 'Slot', id: r.slotId, start: r.start, end: r.end, schedule: { reference: 'Schedule/uts-gp-1' } }]));
      return Promise.resolve({ kind: 'slots', rows, raw, skipped: {} as never, exchange: { requestId: `req-${caseId}`, correlationId: caseId, attempts: 1 } });
    },
  } as unknown as BookingProtocol;
  const audit: AuditSink = { append: () => undefined } as unknown as AuditSink;
  return new SlotService(cases, directory, protocol, audit, silentLogger(), testClock(), 24, 20_000, held);
}

function gone(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the slot to be refused');
}

describe('offered slots held in memory over a shift', () => {
  it('holds the offers of at most the cap of cases, however many are searched', async () => {
    const slots = slotServiceWithFakes();
    for (let i = 0; i < 200; i++) await slots.search(`case-${i}`);
    expect(slots.offersHeld).toBeLessThanOrEqual(OFFERS_HELD);
    // The case being worked keeps its list: its slot is booked as the Provider sent it.
    expect(slots.offeredSlot('case-199', 'case-199-slot-3')).toMatchObject({ serviceId: '2000012345', row: { slotId: 'case-199-slot-3' }, raw: { id: 'case-199-slot-3' } });
  });

  it('asks to search again for a slot from an offer no longer held, and never finds it in another case', async () => {
    const slots = slotServiceWithFakes(3);
    await slots.search('first');
    for (const other of ['b', 'c', 'd']) await slots.search(other);
    const error = gone(() => slots.offeredSlot('first', 'first-slot-0'));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('The appointments found for this case are no longer held.');
    expect(error.extras.action).toBe('Search for appointments again and choose one.');
    // Another case's slot id is never offered to this case.
    expect(() => slots.offeredSlot('b', 'c-slot-0')).toThrow(/no longer in the list/);
    await slots.search('first');
    expect(slots.offeredSlot('first', 'first-slot-0').row.slotId).toBe('first-slot-0');
  });

  it('keeps nothing for a closed case', async () => {
    const slots = slotServiceWithFakes();
    await slots.search('closing');
    slots.release('closing');
    expect(slots.offersHeld).toBe(0);
    expect(gone(() => slots.offeredSlot('closing', 'closing-slot-0')).message).toMatch(/no longer held/);
  });

  it('compared lists are held for the cap of cases too', async () => {
    const slots = slotServiceWithFakes(2);
    for (let i = 0; i < 10; i++) {
      for (const s of await slots.searchServices(`cmp-${i}`, ['2000012345'])) await s.search;
    }
    expect(slots.offersHeld).toBeLessThanOrEqual(2);
    expect(() => slots.useCompared('cmp-0', '2000012345')).toThrow(/no longer held/);
  });

  it('the cache lets the least recently used case go first', () => {
    const cache = new CaseCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });
});

describe('a desk that searched many cases since (through the dispatch, sandbox Provider)', () => {
  let app: App;
  let dataDir: string;
  const { call, ok } = dispatcher(() => app);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bw-offers-held-'));
    writeFileSync(
      join(dataDir, 'profile.json'),
      JSON.stringify({ displayName: 'Alex Morgan', title: 'Dr', sdsUserId: '555123456789', sdsRoleProfileId: '555987654321', clinician: true, role: 'Clinical navigator' }),
    );
    app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock: testClock(), reconciler: { tickMs: 0 } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function searchedCase(): Promise<{ caseId: string; search: SlotSearchResult }> {
    const opened = await startCase(ok, { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' });
    const { services } = await ok<{ services: ServiceOffer[] }>('directory:services', { caseId: opened.id });
    const utc = services.find((s) => s.name === 'Riverside Urgent Treatment Centre');
    if (utc === undefined) throw new Error('sandbox UTC missing');
    await ok<Case>('case:chooseService', { caseId: opened.id, serviceId: utc.serviceId });
    return { caseId: opened.id, search: await ok<SlotSearchResult>('slots:search', { caseId: opened.id }) };
  }

  it('a closed case lets its list go at once: the cases still open keep theirs', async () => {
    const kept = await searchedCase();
    for (let i = 0; i < OFFERS_HELD + 2; i++) {
      const other = await searchedCase();
      await ok<Case>('case:close', { caseId: other.caseId });
    }
    const slot = kept.search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    const booked = await ok<BookingResult>('booking:book', { caseId: kept.caseId, slotId: slot.slotId });
    expect(booked.case.bookings.find((b) => b.id === booked.bookingId)).toMatchObject({ status: 'booked', slot: { slotId: slot.slotId } });
  });

  it('booking a slot from a list let go says to search again and books nothing; after searching again it books', async () => {
    const first = await searchedCase();
    const slot = first.search.slots.find((s) => !s.outsideTimeframe);
    if (slot === undefined) throw new Error('no slot inside the timeframe');
    for (let i = 0; i < OFFERS_HELD; i++) await searchedCase();

    const refused = await call<BookingResult>('booking:book', { caseId: first.caseId, slotId: slot.slotId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: 'The appointments found for this case are no longer held.', action: 'Search for appointments again and choose one.' } });
    expect((await ok<Case>('case:get', { caseId: first.caseId })).bookings).toEqual([]);

    const again = await ok<SlotSearchResult>('slots:search', { caseId: first.caseId });
    expect(again.slots.map((s) => s.slotId)).toContain(slot.slotId);
    const booked = await ok<BookingResult>('booking:book', { caseId: first.caseId, slotId: slot.slotId });
    expect(booked.case.bookings.find((b) => b.id === booked.bookingId)).toMatchObject({ status: 'booked', slot: { slotId: slot.slotId } });
  });
});

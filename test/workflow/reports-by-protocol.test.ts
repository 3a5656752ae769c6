/**
 * The twelve consumer reports count a BaRS service exactly as a Care Connect one: the same
 * scenario (book, refer, cancel, rebook, slot taken, lost answer, refusal, search failure, cancel
 * after the case closed, slots only after the deadline) runs through the app against a sandbox
 * service of each standard, and every report's rows must be the same apart from the service.
 * The only figures that may differ are how many slots each service offered; those must equal what
 * the user was shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResult, Case, ReportId, ReportTable, SlotSearchResult } from '../../preload/contract';
import { childWithParentContact, patientWithNhsNumber } from '../support/patients';
import { APPROVAL, BookingApp } from './support/booking-app';
import { PROTOCOLS, injectFaults, type ProtocolUnderTest } from './support/protocols';

const REPORTS = Array.from({ length: 12 }, (_, i) => `rep-cons-${String(i + 1).padStart(2, '0')}` as ReportId);
/** Dx02 sends to emergency care, where a BaRS ED ranks first: neither service under test is the top bookable one. */
const DISPOSITION = 'Dx02';
const THREE_HOURS = 3 * 3_600_000;

interface Shown {
  inside: number;
  outside: number;
}

interface Run {
  serviceId: string;
  topBookableId: string;
  tables: Map<ReportId, ReportTable>;
  shown: Shown;
}

/** One protocol's scenario on two desks; the second desk's case opened three hours ago (every slot is after its deadline). */
async function runScenario(p: ProtocolUnderTest): Promise<Run> {
  const now = new BookingApp();
  const late = new BookingApp();
  await now.open();
  await late.open();
  const shown: Shown = { inside: 0, outside: 0 };
  try {
    let serviceId = '';
    let topBookableId = '';
    const open = async (t: BookingApp, patient = patientWithNhsNumber(), startedAt?: string) => {
      const opened = await t.openCase(p.serviceName, patient, DISPOSITION, startedAt);
      serviceId = opened.service.serviceId;
      const bookable = opened.services.filter((s) => s.booking.status === 'bookable');
      topBookableId = bookable[0]?.serviceId ?? '';
      return opened.caseId;
    };
    const search = async (t: BookingApp, caseId: string) => {
      const found = await t.ok<SlotSearchResult>('slots:search', { caseId });
      shown.inside += found.insideTimeframe;
      shown.outside += found.outsideTimeframe;
      const inside = found.slots.filter((s) => !s.outsideTimeframe);
      const outside = found.slots.filter((s) => s.outsideTimeframe);
      return { inside, outside };
    };
    const status = (r: BookingResult) => r.case.bookings.find((b) => b.id === r.bookingId)?.status;
    const refer = (t: BookingApp, caseId: string) => t.ok<{ referral: { status: string } }>('referral:send', { caseId });

    // Booked inside the timeframe, referred with the booking, cancelled while the case is open.
    const c1 = await open(now);
    const [inside] = (await search(now, c1)).inside;
    if (inside === undefined) throw new Error('no slot inside the timeframe');
    const b1 = await now.book(c1, inside.slotId, { approval: undefined });
    expect(status(b1)).toBe('booked');
    expect((await refer(now, c1)).referral.status).toBe('sent');
    expect((await now.ok<BookingResult>('booking:cancel', { bookingId: b1.bookingId, reason: 'Patient feels better' })).outcome.tone).toBe('success');

    // Offered slots, booked none, referred.
    const c2 = await open(now);
    await search(now, c2);
    await refer(now, c2);

    // The slot search failed, then referred.
    const c3 = await open(now);
    injectFaults(now, serviceId, [{ kind: 'server-error', operation: 'search' }]);
    try {
      expect(await now.call('slots:search', { caseId: c3 })).toMatchObject({ ok: false });
    } finally {
      now.clearFaults(serviceId);
    }
    await refer(now, c3);

    // Someone else books the slot between offer and booking; then another slot is booked.
    const theirs = await open(now, childWithParentContact());
    const mine = await open(now);
    const theirSlots = (await search(now, theirs)).outside;
    const mySlots = (await search(now, mine)).outside;
    const [taken, other] = mySlots;
    if (taken === undefined || other === undefined || !theirSlots.some((s) => s.slotId === taken.slotId)) throw new Error('both cases need the same slots');
    expect(status(await now.book(theirs, taken.slotId))).toBe('booked');
    expect(status(await now.book(mine, taken.slotId))).toBe('failed');
    expect(status(await now.book(mine, other.slotId))).toBe('booked');

    // The booking's answer is lost; the reconciler learns it was booked.
    const c6 = await open(now);
    const [lostSlot] = (await search(now, c6)).outside;
    if (lostSlot === undefined) throw new Error('no slot');
    injectFaults(now, serviceId, p.faults.bookingAnswerLost);
    try {
      expect(status(await now.book(c6, lostSlot.slotId))).toBe('unknown');
    } finally {
      now.clearFaults(serviceId);
    }
    await now.reconcile();
    expect((await now.caseOf(c6)).bookings.map((b) => b.status)).toEqual(['booked']);

    // Refused as sent, then booked.
    const c7 = await open(now);
    const [refusedSlot] = (await search(now, c7)).outside;
    if (refusedSlot === undefined) throw new Error('no slot');
    injectFaults(now, serviceId, p.faults.bookingRejected);
    expect(status(await now.book(c7, refusedSlot.slotId))).toBe('failed');
    expect(status(await now.book(c7, refusedSlot.slotId))).toBe('booked');

    // Rebooked.
    const c8 = await open(now);
    const [from, to] = (await search(now, c8)).outside;
    if (from === undefined || to === undefined) throw new Error('needs two slots');
    const b8 = await now.book(c8, from.slotId);
    const rebooked = await now.ok<{ case: Case; rebookId: string }>('booking:rebook', { bookingId: b8.bookingId, slotId: to.slotId, reason: 'Later time', ...APPROVAL });
    expect(rebooked.case.bookingView.rebooks.find((r) => r.id === rebooked.rebookId)?.state).toBe('done');

    // Cancelled after the case was closed (the patient called back).
    const c9 = await open(now);
    const [laterSlot] = (await search(now, c9)).outside;
    if (laterSlot === undefined) throw new Error('no slot');
    const b9 = await now.book(c9, laterSlot.slotId);
    await now.ok<Case>('case:close', { caseId: c9, reasonNoReferral: 'The patient will take the letter in person' });
    expect((await now.ok<BookingResult>('booking:cancel', { bookingId: b9.bookingId, reason: 'Patient called back' })).outcome.tone).toBe('success');

    // Every slot offered was after the deadline; not booked, referred.
    const c10 = await open(late, patientWithNhsNumber(), new Date(Date.now() - THREE_HOURS).toISOString());
    const offered = await search(late, c10);
    expect(offered.inside).toEqual([]);
    expect(offered.outside.length).toBeGreaterThan(0);
    await refer(late, c10);

    const ukDay = (ms: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(ms));
    const from3 = ukDay(Date.now() - 86_400_000);
    const to3 = ukDay(Date.now() + 86_400_000);
    const tables = new Map<ReportId, ReportTable>();
    for (const report of REPORTS) {
      const [a, b] = await Promise.all([now, late].map((t) => t.ok<ReportTable>('reports:run', { report, from: from3, to: to3, groupBy: 'service' })));
      if (a === undefined || b === undefined) throw new Error('no report');
      tables.set(report, { ...a, rows: [...a.rows, ...b.rows] });
    }
    return { serviceId, topBookableId, tables, shown };
  } finally {
    await now.close();
    await late.close();
  }
}

/** The rows with the service under test named "the service", figures summed per group, slot counts checked and set aside. */
function comparable(run: Run, report: ReportId): Record<string, Record<string, unknown>> {
  const table = run.tables.get(report);
  if (table === undefined) throw new Error(`${report} was not run`);
  const out: Record<string, Record<string, unknown>> = {};
  for (const { group, serviceName: _name, ...row } of table.rows) {
    const key = `${group === run.serviceId ? 'the service' : String(group)}|${Object.values(row).filter((v) => typeof v === 'string').join('|')}`;
    const into = (out[key] ??= {});
    for (const [k, v] of Object.entries(row)) into[k] = typeof v === 'number' ? (Number(into[k] ?? 0) + v) : v;
  }
  const slots = report === 'rep-cons-10' ? run.shown.inside : report === 'rep-cons-11' ? run.shown.outside : undefined;
  if (slots !== undefined) {
    expect(Object.values(out).reduce((n, r) => n + Number(r.slots ?? 0), 0), `${report}: slots counted as shown`).toBe(slots);
    for (const r of Object.values(out)) delete r.slots;
  }
  return out;
}

describe('the twelve consumer reports across both standards', () => {
  const runs = new Map<string, Run>();
  beforeAll(async () => {
    // One protocol after the other: the sandbox desks share nothing, and the machine is shared.
    for (const p of PROTOCOLS) runs.set(p.protocol, await runScenario(p));
  }, 120_000);
  afterAll(() => runs.clear());

  const run = (name: string): Run => {
    const r = runs.get(name);
    if (r === undefined) throw new Error(`no run for ${name}`);
    return r;
  };

  it('neither service is the top bookable one, and both scenarios offered slots on both sides of the deadline', () => {
    for (const p of PROTOCOLS) {
      const r = run(p.protocol);
      expect(r.topBookableId).not.toBe(r.serviceId);
      expect(r.shown.inside).toBeGreaterThan(0);
      expect(r.shown.outside).toBeGreaterThan(0);
    }
  });

  it.each(REPORTS)('%s has the same rows for a BaRS service as for a Care Connect one, and counts something', (report) => {
    const careConnect = comparable(run('care-connect'), report);
    const bars = comparable(run('bars'), report);
    expect(bars).toEqual(careConnect);
    const figures = Object.values(bars).flatMap((r) => Object.values(r).filter((v): v is number => typeof v === 'number'));
    expect(figures.some((n) => n > 0), `${report} counts nothing in the scenario`).toBe(true);
  });

  it('the scenario lands where each report says it should (Care Connect and BaRS alike)', () => {
    for (const p of PROTOCOLS) {
      const r = run(p.protocol);
      const the = (report: ReportId) => comparable(r, report);
      const only = (report: ReportId) => Object.entries(the(report)).filter(([k]) => k.startsWith('the service|')).map(([, v]) => v);
      // Bookings: c1, both of the slot race and the taken case's second try, the lost answer, the refusal's retry, the rebook's two, the later cancel.
      expect(only('rep-cons-01'), p.protocol).toEqual([{ bookings: 8, referrals: 4, referralsAfterBooking: 1 }]);
      expect(only('rep-cons-02'), p.protocol).toEqual([{ cases: 1, noSlots: 0, searchFailed: 1 }]);
      expect(only('rep-cons-03'), p.protocol).toEqual([{ cases: 2 }]);
      expect(only('rep-cons-04'), p.protocol).toEqual([{ slotTaken: 1, cases: 1, thenBooked: 1 }]);
      expect(Object.values(the('rep-cons-05')).reduce((n, v) => n + Number(v.notChosen), 0), p.protocol).toBe(10);
      expect(only('rep-cons-06').map((v) => [v.message, v.errorCode, v.errors]).sort(), p.protocol).toEqual(
        [
          ['That appointment is no longer free', 'slot-unavailable', 1],
          ['The service refused the booking request', 'request-rejected', 1],
          ['unknown', 'unknown', 1],
        ].sort(),
      );
      expect(only('rep-cons-07'), p.protocol).toEqual([{ cancelled: 1, cancelFailed: 0 }]);
      // One rebook, however many steps the workflow audited for it.
      expect(only('rep-cons-08'), p.protocol).toEqual([{ rebooked: 1, oldNotCancelled: 0, newBookingFailed: 0 }]);
      expect(only('rep-cons-09'), p.protocol).toEqual([{ cancelled: 1, cancelFailed: 0 }]);
      expect(only('rep-cons-12'), p.protocol).toEqual([{ cases: 1 }]);
    }
  });
});

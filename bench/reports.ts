/**
 * The twelve consumer reports (rep-cons-01…12) over an audit store of 1,000,000 generated
 * events, each timed against a bare `SELECT count(*)` over the same table in the same run.
 *
 * The events are generated with direct INSERTs in one big transaction, NOT through the
 * AuditStore's hash chain (prev_hash/hash hold placeholders): chaining a million rows would
 * take minutes and the reports never read the hashes. The mix follows the workflow's audit
 * vocabulary case by case (main/audit/event-types.ts), Provider per-call events included.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../main/db/database';
import { REPORTS, ReportService } from '../main/reports';
import type { ReportGrouping } from '../preload/contract';
import { fmt } from './support';

const TOTAL_EVENTS = 1_000_000;
const DAYS = 90;
const FIRST_DAY = Date.parse('2026-04-02T00:00:00Z');
const FROM = '2026-04-02';
const TO = '2026-06-30';
const SERVICES = Array.from({ length: 40 }, (_, i) => String(2000100000 + i));
const PRACTICES = Array.from({ length: 200 }, (_, i) => `B8${String(2000 + i)}`);

/** A small deterministic generator, so every run measures the same history. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generate(db: Db): number {
  const insert = db.prepare(
    `INSERT INTO audit_events (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id, correlation_id, http_status, outcome, detail, prev_hash, hash)
     VALUES (?, ?, ?, 'bench', 'bench', ?, ?, ?, NULL, ?, NULL, NULL, ?, ?, 'bench-unchained', 'bench-unchained')`,
  );
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let seq = 0;
  const tx = db.transaction(() => {
    while (seq < TOTAL_EVENTS) {
      const caseId = randomUUID();
      let t = FIRST_DAY + Math.floor(random() * DAYS * 86_400_000);
      const add = (type: string, service: string | null, outcome: string | null, detail: Record<string, unknown> = {}, requestId: string | null = null): void => {
        t += 1000 + Math.floor(random() * 60_000);
        insert.run(++seq, randomUUID(), new Date(t).toISOString(), caseId, type, service, requestId, outcome, JSON.stringify(detail));
      };
      const provider = (op: string, service: string, outcome: string): void => {
        const id = randomUUID();
        add(`provider.${op}.attempt`, service, 'pending', {}, id);
        add(`provider.${op}.outcome`, service, outcome, {}, id);
      };
      const top = pick(SERVICES);
      const service = random() < 0.8 ? top : pick(SERVICES);
      const bookable = random() < 0.85;
      add('case.opened', null, 'ok', { dispositionCode: 'Dx05', practiceOds: random() < 0.95 ? pick(PRACTICES) : null });
      add('services.offered', null, 'ok', { services: [] });
      add('service.chosen', service, 'ok', { rank: service === top ? 1 : 2, bookable, bookingOnly: false, topBookableServiceId: top, topBookableRank: 1 });
      let booked: string | undefined;
      if (bookable) {
        add('slots.search.attempt', service, 'pending');
        provider('search', service, 'ok');
        const r = random();
        const inside = r < 0.6 ? 1 + Math.floor(random() * 20) : 0;
        const outside = r < 0.9 ? Math.floor(random() * 30) : 0;
        const outcome = r < 0.9 && inside + outside > 0 ? 'ok' : r < 0.97 ? 'no-slots' : 'error';
        add('slots.search.outcome', service, outcome, { slotsReturned: inside + outside, insideTimeframe: inside, outsideTimeframe: outside });
        if (outcome === 'ok' && random() < 0.75) {
          const late = inside === 0;
          const bookingId = randomUUID();
          if (late) add('booking.out-of-timeframe-approved', service, 'approved', { bookingId });
          add('booking.attempt', service, 'pending', { bookingId, outsideTimeframe: late });
          provider('book', service, 'ok');
          const b = random();
          const result = b < 0.9 ? 'booked' : b < 0.95 ? 'slot-taken' : 'error';
          add('booking.outcome', service, result, result === 'booked' ? { bookingId, outsideTimeframe: late } : { bookingId, outsideTimeframe: late, errorCode: 'provider-unavailable', message: pick(['The service could not be reached.', 'The service took too long to answer.', 'That appointment has just been taken.']) });
          if (result === 'booked') booked = bookingId;
        }
      }
      if (random() < 0.7) add('referral.outcome', service, random() < 0.95 ? 'sent' : 'failed', { referralId: randomUUID(), documentId: randomUUID(), booked: booked !== undefined });
      if (booked !== undefined && random() < 0.1) {
        const same = random() < 0.6;
        if (!same) add('case.closed', null, 'ok');
        add('booking.cancel.attempt', service, 'pending', { bookingId: booked, sameEncounter: same });
        add('booking.cancel.outcome', service, random() < 0.95 ? 'cancelled' : 'error', { bookingId: booked, sameEncounter: same });
      } else if (booked !== undefined && random() < 0.05) {
        add('booking.rebook.outcome', service, random() < 0.9 ? 'rebooked' : 'not-booked', { fromBookingId: booked });
      }
    }
  });
  tx();
  return seq;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function timed(fn: () => unknown, rounds = 3): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

export function run(): Promise<{ name: string; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-reports-'));
  try {
    const db = openDatabase(join(dir, 'workstation.sqlite'));
    const t = performance.now();
    const events = generate(db);
    const generateMs = performance.now() - t;
    // What `PRAGMA optimize` on close gives a real workstation: planner statistics.
    db.exec('ANALYZE');
    const reports = new ReportService(db);
    const count = db.prepare('SELECT count(*) AS n FROM audit_events');
    const countMs = timed(() => count.get());
    const lines = [
      `${events.toLocaleString('en-GB')} events over ${DAYS} days, ${SERVICES.length} services, ${PRACTICES.length} practices; generated in ${fmt(generateMs / 1000, 1)} s (direct inserts, one transaction, not hash-chained)`,
      `bare SELECT count(*): ${fmt(countMs, 1)} ms (median of 3)`,
      `report over the whole ${DAYS}-day range, median of 3 — ms (ratio to count(*)):`,
    ];
    for (const groupBy of ['service', 'practice'] as const satisfies readonly ReportGrouping[]) {
      const cells: string[] = [];
      for (const def of REPORTS) {
        const ms = timed(() => reports.run({ report: def.id, from: FROM, to: TO, groupBy }));
        cells.push(`${def.id.slice(-2)}: ${fmt(ms, 0)} (${fmt(ms / countMs, 1)}×)`);
      }
      lines.push(`by ${groupBy}: ${cells.join(', ')}`);
    }
    closeDatabase(db);
    return Promise.resolve({ name: 'Consumer reports rep-cons-01…12 over 1M audit events vs bare count(*)', lines });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));

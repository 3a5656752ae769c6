/**
 * Property, against the real triggers at both ends (each desk's SQLite outbox, the organisation
 * record's apply trigger on PostgreSQL): whatever the interleaving of two desks' changes, copies
 * from the record and uploads, and however far apart the desks' clocks are, once everything is
 * uploaded the record holds a change that no other change was made after (knowing of it), so
 * the causally last change whenever there is one.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../../main/db/database';
import { OrgOutbox } from '../../../main/org/outbox';
import { pushBatch } from '../../../main/org/push-batch';
import { verifyDerivedRows } from '../../../main/org/verify-facts';
import { ORG, prepareOrg } from '../../support/org';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

const T0 = Date.parse('2026-06-09T13:30:00.000Z');
const MINUTE = 60_000;

type Action = 'change' | 'copy' | 'upload';
interface Step {
  desk: 0 | 1;
  action: Action;
  /** Real time passing before the step, in ms: small beside the clocks' offsets. */
  gapMs: number;
}

const offset = fc.oneof(fc.constantFrom(-10 * MINUTE, 0, 10 * MINUTE), fc.integer({ min: -30 * MINUTE, max: 30 * MINUTE }));
const scenario = fc.record({
  /** Each desk's clock against real time: up to half an hour either way, often a whole ten minutes. */
  offsetsMs: fc.tuple(offset, offset),
  steps: fc.array(
    fc.record({ desk: fc.constantFrom(0 as const, 1 as const), action: fc.constantFrom<Action>('change', 'copy', 'upload'), gapMs: fc.integer({ min: 1, max: 20_000 }) }),
    { maxLength: 14 },
  ),
});

interface Desk {
  name: string;
  db: Db;
  outbox: OrgOutbox;
  offsetMs: number;
  /** The changes this desk's copy of the booking has seen (its own, and those in each copy it took). */
  knows: Set<string>;
  holds: boolean;
}

describe.runIf(shouldRunPostgresTests())('two desks’ changes to one booking, any interleaving, any clocks (real PostgreSQL and SQLite)', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = await prepareOrg(pg);
  });
  afterAll(async () => {
    await pg.destroy();
  });

  async function run(offsetsMs: [number, number], steps: Step[]): Promise<void> {
    const bookingId = randomUUID();
    const caseId = randomUUID();
    const desks: Desk[] = ['PROP-A', 'PROP-B'].map((name, i) => {
      const db = openDatabase(':memory:');
      const outbox = new OrgOutbox(db);
      outbox.enable({ workstation: name, userId: `${name}-user` }, new Date(T0));
      // The case is only here so the booking has one: copied, so it is not uploaded.
      outbox.importing(() =>
        db.prepare(`INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, doc) VALUES (?, ?, ?, 'open', 'PROP', '1980-01-01', '{}')`)
          .run(caseId, new Date(T0).toISOString(), new Date(T0).toISOString()),
      );
      return { name, db, outbox, offsetMs: offsetsMs[i] ?? 0, knows: new Set<string>(), holds: false };
    });
    /** Each change, by its label, and the changes it was made knowing of. */
    const after = new Map<string, Set<string>>();
    let now = T0;
    let changes = 0;
    try {
      const change = (desk: Desk): void => {
        const label = `c${String(++changes)}-${desk.name}`;
        const at = new Date(now + desk.offsetMs).toISOString();
        after.set(label, new Set(desk.knows));
        desk.knows.add(label);
        const doc = JSON.stringify({ id: bookingId, label });
        if (desk.holds) desk.db.prepare('UPDATE bookings SET status = ?, updated_at = ?, doc = ? WHERE id = ?').run(label, at, doc, bookingId);
        else {
          desk.db.prepare('INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(bookingId, caseId, label, '2026-06-09T18:00:00.000Z', at, at, doc);
          desk.holds = true;
        }
      };
      const upload = async (desk: Desk): Promise<void> => {
        const rows = desk.outbox.peek(1000);
        if (rows.length === 0) return;
        const { lastSeq } = await pushBatch(admin, { org: ORG, chainId: desk.outbox.chainId(), workstation: desk.name }, rows);
        desk.outbox.remove(lastSeq);
      };
      // As Find copies a case (FindService.importCase): a row with a change waiting here is left as it is.
      const copy = async (desk: Desk): Promise<void> => {
        const [row] = await admin<{ status: string; updated_at: Date; doc: unknown; revision: string }[]>`
          SELECT status, updated_at, doc, revision::text FROM bookings WHERE org = ${ORG} AND id = ${bookingId}`;
        if (row === undefined || desk.outbox.isWaiting(bookingId)) return;
        desk.outbox.importing(() => {
          desk.db.prepare(`INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`)
            .run(bookingId, caseId, row.status, '2026-06-09T18:00:00.000Z', row.updated_at.toISOString(), row.updated_at.toISOString(), JSON.stringify(row.doc));
          desk.outbox.basedOn('booking', bookingId, Number(row.revision));
        });
        desk.holds = true;
        for (const seen of [row.status, ...(after.get(row.status) ?? [])]) desk.knows.add(seen);
      };

      // Desk A makes the booking; then anything, in any order.
      const [first] = desks;
      if (first === undefined) throw new Error('no desk');
      change(first);
      for (const step of steps) {
        now += step.gapMs;
        const desk = desks[step.desk];
        if (desk === undefined) throw new Error('no desk');
        if (step.action === 'change' && desk.holds) change(desk);
        else if (step.action === 'copy') await copy(desk);
        else if (step.action === 'upload') await upload(desk);
      }
      for (const desk of desks) await upload(desk);

      const [kept] = await admin<{ status: string }[]>`SELECT status FROM bookings WHERE org = ${ORG} AND id = ${bookingId}`;
      const label = kept?.status ?? 'nothing';
      const madeAfter = [...after].filter(([, seen]) => seen.has(label)).map(([later]) => later);
      expect(madeAfter, `the record keeps ${label}, but these were made after it`).toEqual([]);
      const last = [...after.keys()].filter((c) => ![...after.values()].some((seen) => seen.has(c)));
      if (last.length === 1) expect(label).toBe(last[0]);
    } finally {
      for (const desk of desks) closeDatabase(desk.db);
    }
  }

  it('the record ends with a change nothing was made after, and verify agrees with it', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ offsetsMs, steps }) => {
        await run(offsetsMs, steps);
      }),
      { numRuns: 250 },
    );
    expect(await verifyDerivedRows(admin, { org: ORG })).toEqual([]);
  }, 120_000);

  it('the case from the bug report: A’s clock ten minutes ahead, A books, B copies and cancels', async () => {
    await run([10 * MINUTE, 0], [
      { desk: 0, action: 'upload', gapMs: 1000 },
      { desk: 1, action: 'copy', gapMs: 1000 },
      { desk: 1, action: 'change', gapMs: 1000 },
    ]);
  });
});

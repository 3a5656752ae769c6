import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import type { App } from '../../../main/app/create-app';
import { centralHashWithChainKeys, verifyOrgAudit } from '../../../main/org/verify';
import { verifyOrgFacts } from '../../../main/org/verify-facts';
import { bookOnDesk } from '../../support/desk-flow';
import { dispatcher } from '../../support/dispatch';
import { appendAuditEvents, counts, deskKey, DESK_LOGIN, ORG, orgRecordSuite, orgStatus, uploaded, waitForState, type Desk, type DeskOptions } from '../../support/org';
import { shouldRunPostgresTests } from '../../support/postgres';

describe.runIf(shouldRunPostgresTests())('the organisation record loses nothing and doubles nothing when things go wrong', () => {
  const suite = orgRecordSuite();
  const desk = (workstation: string, options: DeskOptions = {}): Promise<Desk> => suite.desk(workstation, options);
  const chainOf = (app: App): string => app.org?.outbox.chainId() ?? '';
  const central = async (query: postgres.PendingQuery<{ n: number }[]>): Promise<number> => (await query)[0]?.n ?? -1;
  /** Waits for a count to become positive (an event in the server, not a time). */
  const until = async (query: () => postgres.PendingQuery<{ n: number }[]>): Promise<void> => {
    while (((await query())[0]?.n ?? 0) === 0) await sleep(20);
  };

  it('PostgreSQL killed while a large batch is in flight: the pusher resumes after the restart, nothing lost, nothing doubled', { timeout: 180_000 }, async () => {
    const app = await desk('DESK-CRASH', { pusher: { batchSize: 5000 } });
    const outbox = app.org?.outbox;
    const pusher = app.org?.pusher;
    if (outbox === undefined || pusher === undefined) throw new Error('desk org');
    await uploaded(app);
    await pusher.stop();
    await bookOnDesk(app);
    appendAuditEvents(app, 'DESK-CRASH', 12_000);
    const queued = outbox.peek(100_000);
    const queuedBookingChanges = queued.filter((r) => r.kind === 'booking').length;

    // Hold the cases table so the first batch stops half-way: its audit rows written, not committed.
    // One simple-protocol query, so the client has nothing left to send when the server dies.
    const holder = suite.pg.admin();
    const holding = holder.unsafe('BEGIN; LOCK TABLE cases IN EXCLUSIVE MODE; SELECT pg_sleep(600); COMMIT').simple().catch(() => undefined);
    await until(() => suite.admin`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'cases' AND l.mode = 'ExclusiveLock' AND l.granted`);
    pusher.start();
    await until(() => suite.admin`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = ${DESK_LOGIN} AND wait_event_type = 'Lock'`);
    await suite.pg.crash();
    await holding;

    const down = await waitForState(app, 'unreachable');
    // The line counts cases a person would recognise; every queued row is still there to upload.
    expect(down.waiting).toBe(outbox.pending().cases);
    expect(outbox.waiting()).toBe(queued.length);
    await suite.pg.start();
    suite.admin = suite.pg.admin();
    await uploaded(app, 150_000);
    const { local, central: centralCounts } = await counts(app, suite.admin);
    expect(centralCounts).toEqual(local);
    const firstQueued = queued[0]?.seq ?? 0;
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM booking_history WHERE chain_id = ${chainOf(app)} AND outbox_seq >= ${firstQueued}`)).toBe(
      queuedBookingChanges,
    );
    // Every queued change is exactly one fact (central migration 008), and the chain of facts is whole.
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM record_facts WHERE chain_id = ${chainOf(app)} AND outbox_seq >= ${firstQueued}`)).toBe(
      queued.filter((r) => r.kind !== 'audit').length,
    );
    const facts = await verifyOrgFacts(suite.admin, { org: ORG });
    expect(facts.find((c) => c.chainId === chainOf(app))?.problems).toEqual([]);
    const verified = await verifyOrgAudit(suite.admin, { org: ORG, hash: centralHashWithChainKeys(new Map([[chainOf(app), deskKey(app)]])) });
    expect(verified.chains.find((c) => c.chainId === chainOf(app))).toMatchObject({ checked: local.audit, problems: [] });
  });

  it('two desks (two data folders, one organisation) book and cancel at once: central counts are the sum of both; each chain verifies; an edited row is named', { timeout: 180_000 }, async () => {
    const [a, b] = await Promise.all([desk('DESK-TWIN-A'), desk('DESK-TWIN-B')]);
    if (a === undefined || b === undefined) throw new Error('desks');
    const work = async (app: Desk): Promise<void> => {
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await bookOnDesk(app));
      const cancelled = await dispatcher(() => app).booking('booking:cancel', { bookingId: made[0]?.booking.id, reason: 'Patient called back to cancel' });
      expect(cancelled.status).toBe('cancelled');
    };
    await Promise.all([work(a), work(b)]);
    await Promise.all([uploaded(a), uploaded(b)]);

    const localA = (await counts(a, suite.admin)).local;
    const localB = (await counts(b, suite.admin)).local;
    const chains = [chainOf(a), chainOf(b)];
    const n = (sql: string): number => ((a.db?.prepare(sql).get() as { n: number }).n + (b.db?.prepare(sql).get() as { n: number }).n);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM audit_events WHERE chain_id IN ${suite.admin(chains)}`)).toBe(localA.audit + localB.audit);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM cases WHERE chain_id IN ${suite.admin(chains)}`)).toBe(localA.cases + localB.cases);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM bookings WHERE workstation IN ('DESK-TWIN-A', 'DESK-TWIN-B')`)).toBe(localA.bookings + localB.bookings);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM bookings WHERE workstation IN ('DESK-TWIN-A', 'DESK-TWIN-B') AND status = 'cancelled'`)).toBe(
      n(`SELECT count(*) AS n FROM bookings WHERE status = 'cancelled'`),
    );
    expect(localA.bookings + localB.bookings).toBe(6);

    const keys = new Map([[chainOf(a), deskKey(a)], [chainOf(b), deskKey(b)]]);
    const clean = await verifyOrgAudit(suite.admin, { org: ORG, hash: centralHashWithChainKeys(keys) });
    for (const chain of chains) expect(clean.chains.find((c) => c.chainId === chain)?.problems).toEqual([]);

    // A superuser with the append-only trigger switched off edits one of desk B's rows.
    await suite.admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE audit_events SET user_id = 'someone-else' WHERE chain_id = ${chainOf(b)} AND seq = 4`;
    });
    const tampered = await verifyOrgAudit(suite.admin, { org: ORG, hash: centralHashWithChainKeys(keys) });
    expect(tampered.ok).toBe(false);
    expect(tampered.chains.filter((c) => c.problems.length > 0)).toEqual([
      expect.objectContaining({ org: ORG, chainId: chainOf(b), workstation: 'DESK-TWIN-B', checked: localB.audit, linksOnly: 0, problems: [{ seq: 4, problem: 'content does not match its hash (the row was edited)' }] }),
    ]);
  });

  it('a desk’s SQLite file deleted after upload: the organisation keeps all; a fresh desk starts a new chain that does not clash', { timeout: 120_000 }, async () => {
    const old = await desk('DESK-REIMAGED');
    const { booking } = await bookOnDesk(old);
    await dispatcher(() => old).booking('booking:cancel', { bookingId: booking.id, reason: 'Patient called back to cancel' });
    await uploaded(old);
    const before = await counts(old, suite.admin);
    expect(before.central).toEqual(before.local);
    const oldChain = chainOf(old);
    await old.close();
    suite.forget(old);
    rmSync(old.dataDir, { recursive: true, force: true });

    const fresh = await desk('DESK-REIMAGED');
    await bookOnDesk(fresh);
    await uploaded(fresh);
    expect(chainOf(fresh)).not.toBe(oldChain);
    const now = await counts(fresh, suite.admin);
    expect(now.central).toEqual(now.local);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM audit_events WHERE chain_id = ${oldChain}`)).toBe(before.local.audit);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM cases WHERE chain_id = ${oldChain}`)).toBe(before.local.cases);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM bookings WHERE workstation = 'DESK-REIMAGED' AND status = 'cancelled'`)).toBe(1);
    expect(await central(suite.admin`SELECT count(*)::int AS n FROM desks WHERE workstation = 'DESK-REIMAGED'`)).toBe(2);
    const verified = await verifyOrgAudit(suite.admin, { org: ORG });
    const reimaged = verified.chains.filter((c) => c.workstation === 'DESK-REIMAGED');
    expect(reimaged.map((c) => [c.chainId, c.checked, c.problems]).sort()).toEqual(
      [
        [oldChain, before.local.audit, []],
        [chainOf(fresh), now.local.audit, []],
      ].sort(),
    );
    expect(orgStatus(fresh)).toMatchObject({ state: 'up-to-date', waiting: 0 });
  });
});

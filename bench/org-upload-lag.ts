/**
 * Upload lag with 50 simulated desks, each its own SQLite file, keyed audit chain, outbox and
 * pusher (the app's defaults: batches of 1000, a push 5 ms after each local commit that queued
 * rows, a look every second when idle), logged in as the workstation role. Each desk does one
 * thing every 1.5–4.5 s (a call handler's pace): mostly a Provider exchange's audit event; every
 * sixth action opens a case (case snapshot + its audit event), every sixth books on it (booking
 * state change + its audit event). Lag: from the local commit of an outbox row to the commit
 * that makes it visible centrally (watched every 25 ms on each desk's applied outbox seq).
 * BENCH_LAG_SECONDS shortens the run (default 60).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrgPusher } from '../main/org/pusher';
import { fmt, percentile, slotSearchEvent } from './support';
import { BENCH_ORG, changeBooking, openCase, simDesk, startBenchOrg, type SimDesk } from './support-org';

const DESKS = 50;
const MIN_GAP_MS = 1500;
const MAX_GAP_MS = 4500;

interface Pending {
  seq: number;
  at: number;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const seconds = Number(process.env.BENCH_LAG_SECONDS ?? 60);
  const org = await startBenchOrg();
  const root = mkdtempSync(join(tmpdir(), 'bw-bench-org-lag-'));
  const desks: { desk: SimDesk; pusher: OrgPusher; pool: ReturnType<typeof org.deskPool>; pending: Pending[]; caseId?: string }[] = [];
  const lags: number[] = [];
  let actions = 0;
  let outboxRows = 0;
  try {
    for (let i = 0; i < DESKS; i++) {
      const desk = simDesk(root, `LAG-${String(i).padStart(2, '0')}`);
      await org.register(desk.workstation);
      const pool = org.deskPool(1);
      const pusher = new OrgPusher(pool, desk.outbox, { org: BENCH_ORG, chainId: desk.outbox.chainId(), workstation: desk.workstation });
      desks.push({ desk, pusher, pool, pending: [] });
    }
    // The keyed chains' first events go up before the clock starts.
    await Promise.all(desks.map((d) => d.pusher.drain()));
    for (const d of desks) d.pusher.start();

    const chainOf = new Map(desks.map((d) => [d.desk.outbox.chainId(), d]));
    const newest = (d: (typeof desks)[number]): number =>
      // AUTOINCREMENT's counter: the pusher may already have emptied the table itself.
      (d.desk.db.prepare("SELECT coalesce(max(seq), 0) AS n FROM sqlite_sequence WHERE name = 'org_outbox'").get() as { n: number }).n;
    let stopWatching = false;
    const watcher = (async () => {
      while (!stopWatching) {
        const rows = await org.admin<{ chain_id: string; last: string }[]>`SELECT chain_id, last_outbox_seq::text AS last FROM desks WHERE org = ${BENCH_ORG}`;
        const now = performance.now();
        for (const row of rows) {
          const d = chainOf.get(row.chain_id);
          if (d === undefined) continue;
          const last = Number(row.last);
          while (d.pending.length > 0 && (d.pending[0]?.seq ?? Infinity) <= last) lags.push(now - (d.pending.shift()?.at ?? now));
        }
        await sleep(25);
      }
    })();

    const end = performance.now() + seconds * 1000;
    const act = async (d: (typeof desks)[number], index: number): Promise<void> => {
      await sleep(MIN_GAP_MS * Math.random());
      for (let k = 0; performance.now() < end; k++) {
        await sleep(MIN_GAP_MS + Math.random() * (MAX_GAP_MS - MIN_GAP_MS));
        const before = newest(d);
        if (k % 6 === 0 || d.caseId === undefined) d.caseId = openCase(d.desk, index * 1000 + k);
        else if (k % 6 === 3) changeBooking(d.desk, d.caseId, randomUUID(), 'booked');
        else d.desk.audit.append(slotSearchEvent(k, d.caseId));
        const at = performance.now();
        const after = newest(d);
        for (let seq = before + 1; seq <= after; seq++) d.pending.push({ seq, at });
        outboxRows += after - before;
        actions++;
      }
    };
    await Promise.all(desks.map((d, i) => act(d, i)));
    const drainBy = performance.now() + 30_000;
    while (desks.some((d) => d.pending.length > 0) && performance.now() < drainBy) await sleep(50);
    stopWatching = true;
    await watcher;
    const unseen = desks.reduce((n, d) => n + d.pending.length, 0);
    const perDesk = actions / DESKS / seconds;
    return {
      name: 'organisation record: upload lag, 50 desks at a call centre’s pace',
      lines: [
        `${String(DESKS)} desks for ${String(seconds)} s, one action per desk every ${fmt(MIN_GAP_MS / 1000)}–${fmt(MAX_GAP_MS / 1000)} s ` +
          `(measured ${fmt(perDesk, 2)}/s per desk, ${fmt(actions / seconds, 1)} actions/s and ${fmt(outboxRows / seconds, 1)} outbox rows/s in all)`,
        `upload lag over ${String(lags.length)} rows (local commit → visible centrally): p50 ${fmt(percentile(lags, 50), 0)} ms, ` +
          `p99 ${fmt(percentile(lags, 99), 0)} ms, max ${fmt(Math.max(...lags), 0)} ms; not visible after the 30 s drain: ${String(unseen)}`,
      ],
    };
  } finally {
    await Promise.all(desks.map((d) => d.pusher.stop()));
    await Promise.all(desks.map((d) => d.pool.end({ timeout: 1 })));
    for (const d of desks) d.desk.close();
    await org.pg.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Outbox push throughput: the desk's real pusher (OrgPusher → pushBatch, logged in as the
 * workstation role, row-level security on) draining real outbox rows of a keyed audit chain,
 * against a bare COPY of the same rows into a table of the same shape (month partitions, keys, indexes),
 * on the same server over the same loopback TCP, in the same run. Aim: ≥ 0.5 of the COPY rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import type { OutboxRow } from '../main/org/outbox';
import { OrgPusher } from '../main/org/pusher';
import { fmt, slotSearchEvent } from './support';
import { BENCH_ORG, simDesk, startBenchOrg } from './support-org';

const ROWS_PER_ROUND = 5000;
const ROUNDS = 4;
const BATCH = Number(process.env.BENCH_PUSH_BATCH ?? 1000);
const COLUMNS = [
  'org', 'chain_id', 'seq', 'id', 'at', 'at_text', 'user_id', 'workstation', 'case_id', 'type', 'dos_service_id', 'asid',
  'request_id', 'correlation_id', 'http_status', 'outcome', 'detail', 'detail_text', 'prev_hash', 'hash',
] as const;

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyLine(chainId: string, row: OutboxRow): string {
  const p = row.payload;
  const values: Record<string, unknown> = { ...p, org: BENCH_ORG, chain_id: chainId, at_text: p.at, detail_text: p.detail };
  return `${COLUMNS.map((c) => copyValue(values[c])).join('\t')}\n`;
}

export async function run(): Promise<{ name: string; lines: string[] }> {
  const org = await startBenchOrg();
  const root = mkdtempSync(join(tmpdir(), 'bw-bench-org-push-'));
  const desk = simDesk(root, 'BENCH-PUSH');
  const pool = org.deskPool(2);
  // The baseline's client: the superuser over the same loopback TCP the desk uses.
  const bare = postgres({ host: '127.0.0.1', port: org.pg.port, user: 'postgres', password: org.pg.superuserPassword, database: 'postgres', max: 1, onnotice: () => undefined });
  try {
    await org.register(desk.workstation);
    // The same shape as the central table: partitioned by month, the same keys and indexes, no RLS, no triggers.
    await org.admin.unsafe(`
      CREATE TABLE bare_audit (LIKE audit_events INCLUDING DEFAULTS INCLUDING INDEXES) PARTITION BY RANGE (at);
      CREATE TABLE bare_audit_default PARTITION OF bare_audit DEFAULT;
      CREATE TABLE bare_audit_now PARTITION OF bare_audit FOR VALUES FROM (date_trunc('month', now())) TO (date_trunc('month', now()) + interval '1 month');`);
    const chainId = desk.outbox.chainId();
    const pusher = new OrgPusher(process.env.BENCH_AS_SUPER ? bare : pool, desk.outbox, { org: BENCH_ORG, chainId, workstation: desk.workstation }, { batchSize: BATCH });
    await pusher.drain(); // the keyed chain's first event, and a warm connection
    const ms = { push: 0, copy: 0 };
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      desk.db.transaction(() => {
        for (let i = 0; i < ROWS_PER_ROUND; i++) desk.audit.append(slotSearchEvent(i));
      })();
      const queued = desk.outbox.peek(ROWS_PER_ROUND * 2);
      const text = queued.map((r) => copyLine(chainId, r)).join('');
      // Alternate which arm goes first so neither always meets a cold cache.
      const arms: (() => Promise<void>)[] = [
        async () => {
          const t = performance.now();
          await pusher.drain();
          ms.push += performance.now() - t;
        },
        async () => {
          const t = performance.now();
          const sink = await bare`COPY bare_audit (${bare.unsafe(COLUMNS.join(', '))}) FROM STDIN`.writable();
          await pipeline(Readable.from([text]), sink);
          ms.copy += performance.now() - t;
        },
      ];
      for (const arm of round % 2 === 0 ? arms : arms.reverse()) await arm();
      rows += queued.length;
    }
    const [central] = await org.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events WHERE chain_id = ${chainId}`;
    const [copied] = await org.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM bare_audit`;
    const pushRate = rows / (ms.push / 1000);
    const copyRate = rows / (ms.copy / 1000);
    return {
      name: 'organisation record: outbox push throughput vs bare COPY',
      lines: [
        `${String(rows)} outbox rows (keyed audit events) in ${String(ROUNDS)} rounds; central rows ${String(central?.n)}, copied ${String(copied?.n)}`,
        `pusher (batches of ${String(BATCH)}, workstation role, RLS): ${fmt(pushRate, 0)} rows/s`,
        `bare COPY (superuser, same partitioned table shape and indexes): ${fmt(copyRate, 0)} rows/s`,
        `ratio push/COPY: ${fmt(pushRate / copyRate, 2)} (aim ≥ 0.5)`,
      ],
    };
  } finally {
    await pool.end({ timeout: 1 });
    await bare.end({ timeout: 1 });
    desk.close();
    await org.pg.destroy();
    rmSync(root, { recursive: true, force: true });
  }
}

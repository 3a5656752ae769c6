/**
 * Durable audit appends against a bare better-sqlite3 insert of the same rows, same pragmas,
 * same run. The audit arm is the app's: HMAC-SHA256 with the installation key, JSON, chain-head
 * read, and the head written to the head log beside the database after each commit (write(2)
 * before `append` returns, fdatasync coalesced off the main thread). A third arm shows what an
 * fdatasync of the head log on the main thread after every append would cost instead.
 * Each operation yields to the event loop, as appends do in the app (one per user action or
 * Provider reply), so the head log's background fdatasync runs as it would there.
 * Aim: the audit store keeps ≥ 0.8 of the bare insert rate (issue 12). Local migration 014 dropped the
 * audit indexes only the heavy local reports needed (the organisation record reports now). What is
 * left costs pages per commit (printed below): the table keeps its case index (a case's history on
 * the case screen) and (type, at) (the desk's own reports, the only ones when no organisation
 * record is configured), and the AUTOINCREMENT counter and unique id that verify relies on.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileKeyProvider, openAuditTrail } from '../main/audit';
import { closeDatabase, openDatabase } from '../main/db/database';
import { fmt, slotSearchEvent } from './support';

const EVENTS = 3000;
/** Many short rounds, arms interleaved: a burst of other work on the machine lands in a round or two, and the median round ratio sets it aside. */
const ROUNDS = 30;


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function run(): Promise<{ name: string; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-audit-'));
  try {
    const db = openDatabase(join(dir, 'workstation.sqlite'));
    const headLogPath = join(dir, 'workstation.audit-head.log');
    const trail = await openAuditTrail({
      db,
      identity: { userId: 'bench', workstation: 'bench' },
      now: () => new Date(),
      key: fileKeyProvider(join(dir, 'audit-chain.key')),
      headLogPath,
    });
    const audit = trail.audit;
    const headFd = openSync(headLogPath, 'r');
    // The bare baseline: same table shape (minus the triggers' guard), same pragmas, one row per transaction.
    db.exec('CREATE TABLE bare AS SELECT * FROM audit_events WHERE 0');
    const insert = db.prepare(
      'INSERT INTO bare (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id, correlation_id, http_status, outcome, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const bareTx = db.transaction((i: number, e: ReturnType<typeof slotSearchEvent>) =>
      insert.run(i, randomUUID(), new Date().toISOString(), 'bench', 'bench', e.caseId, e.type, e.dosServiceId, e.asid, e.requestId, null, e.httpStatus, e.outcome, '{}', 'x'.repeat(64), 'y'.repeat(64)),
    );
    const per = EVENTS / ROUNDS;
    const totals = { bare: 0, audit: 0, syncEach: 0 };
    const roundRatios: number[] = [];
    // Interleave the arms in rounds so machine noise hits all alike.
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      for (let i = 0; i < per; i++) {
        bareTx(round * EVENTS + i, slotSearchEvent(i));
        await turn();
      }
      const bareMs = performance.now() - t;
      totals.bare += bareMs;
      t = performance.now();
      for (let i = 0; i < per; i++) {
        audit.append(slotSearchEvent(i));
        await turn();
      }
      const auditMs = performance.now() - t;
      totals.audit += auditMs;
      roundRatios.push(bareMs / auditMs);
      t = performance.now();
      for (let i = 0; i < per / 4; i++) {
        audit.append(slotSearchEvent(i));
        fdatasyncSync(headFd);
        await turn();
      }
      totals.syncEach += (performance.now() - t) * 4;
    }
    // Pages each durable commit writes to the WAL: a count, not a timing, so noise cannot move it.
    // Every index on the table is one more page per commit, written and then flushed.
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const framesPerCommit = (append: (i: number) => void): number => {
      db.pragma('wal_autocheckpoint = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
      for (let i = 0; i < 200; i++) append(i);
      const frames = (statSync(join(dir, 'workstation.sqlite-wal')).size - 32) / (24 + pageSize);
      db.pragma('wal_autocheckpoint = 1000');
      return frames / 200;
    };
    const auditFrames = framesPerCommit((i) => audit.append(slotSearchEvent(i)));
    const bareFrames = framesPerCommit((i) => bareTx(EVENTS * ROUNDS + i, slotSearchEvent(i)));
    closeSync(headFd);
    await trail.close();
    closeDatabase(db);
    const rate = (ms: number) => (EVENTS / ms) * 1000;
    return {
      name: 'Durable audit appends vs bare better-sqlite3 insert',
      lines: [
        `${String(EVENTS)} events each (the fdatasync-each arm ${String(EVENTS / 4)}, scaled), one per transaction, WAL + synchronous=FULL`,
        `audit store: ${fmt(rate(totals.audit), 0)} events/s (HMAC chain + JSON + chain-head read + head log, fdatasync coalesced)`,
        `bare insert: ${fmt(rate(totals.bare), 0)} rows/s`,
        `ratio audit/bare: median of ${String(ROUNDS)} rounds ${fmt(median(roundRatios), 2)}, all rounds together ${fmt(rate(totals.audit) / rate(totals.bare), 2)} (aim ≥ 0.80)`,
        `WAL pages written per durable commit: audit ${fmt(auditFrames, 2)}, bare ${fmt(bareFrames, 2)} (the table, its rowid counter, and the id, case and (type, at) indexes)`,
        `alternative, head log fdatasync'd on every append: ${fmt(rate(totals.syncEach), 0)} events/s, ratio ${fmt(rate(totals.syncEach) / rate(totals.bare), 2)}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));

/**
 * Durable audit appends (one event per transaction, WAL + synchronous=FULL, hashing and JSON
 * included) against a bare better-sqlite3 insert of the same rows, same pragmas, same run.
 * Aim: the audit store keeps ≥ 0.7 of the bare insert rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuditStore } from '../main/audit';
import { closeDatabase, openDatabase } from '../main/db/database';
import { fmt } from './support';

const EVENTS = 2000;

function event(i: number) {
  return {
    type: 'slots.search.outcome',
    caseId: '7b1e4c1a-7f2e-4a43-9d0e-1c2b3a4d5e6f',
    dosServiceId: '2000012345',
    asid: '918999198001',
    requestId: randomUUID(),
    httpStatus: 200,
    outcome: 'ok',
    detail: { slotsReturned: i % 50, insideTimeframe: i % 7, outsideTimeframe: i % 13 },
  };
}

export function run(): Promise<{ name: string; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-bench-audit-'));
  try {
    const db = openDatabase(join(dir, 'audit.sqlite'));
    const audit = new AuditStore(db, { userId: 'bench', workstation: 'bench' });
    // The bare baseline: same table shape (minus the triggers' guard), same pragmas, one row per transaction.
    db.exec('CREATE TABLE bare AS SELECT * FROM audit_events WHERE 0');
    const insert = db.prepare(
      'INSERT INTO bare (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id, correlation_id, http_status, outcome, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const bareTx = db.transaction((i: number, e: ReturnType<typeof event>) =>
      insert.run(i, randomUUID(), new Date().toISOString(), 'bench', 'bench', e.caseId, e.type, e.dosServiceId, e.asid, e.requestId, null, e.httpStatus, e.outcome, '{}', 'x'.repeat(64), 'y'.repeat(64)),
    );
    const rounds: { audit: number; bare: number }[] = [];
    // Interleave the two in rounds so machine noise hits both alike.
    for (let round = 0; round < 4; round++) {
      let t = performance.now();
      for (let i = 0; i < EVENTS / 4; i++) bareTx(round * EVENTS + i, event(i));
      const bare = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < EVENTS / 4; i++) audit.append(event(i));
      rounds.push({ audit: performance.now() - t, bare });
    }
    closeDatabase(db);
    const auditMs = rounds.reduce((s, r) => s + r.audit, 0);
    const bareMs = rounds.reduce((s, r) => s + r.bare, 0);
    const auditRate = (EVENTS / auditMs) * 1000;
    const bareRate = (EVENTS / bareMs) * 1000;
    return Promise.resolve({
      name: 'Durable audit appends vs bare better-sqlite3 insert',
      lines: [
        `${EVENTS} events each, one per transaction, WAL + synchronous=FULL`,
        `audit store: ${fmt(auditRate, 0)} events/s (hash chain + JSON + chain-head read)`,
        `bare insert: ${fmt(bareRate, 0)} rows/s`,
        `ratio audit/bare: ${fmt(auditRate / bareRate, 2)} (aim ≥ 0.70)`,
      ],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log((await run()).lines.join('\n'));

import { StoreProblem } from '../../main/db/storage-fault';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartCase } from '../../preload/contract';
import { AuditStore, fileKeyProvider, HeadLog, openAuditTrail, verifyAudit, type VerifyResult } from '../../main/audit';
import { anchorMac, rowHash, rowMac, type ChainedRow } from '../../main/audit/chain';
import { CaseStore } from '../../main/cases';
import { DEFAULT_SETTINGS } from '../../main/config';
import { closeDatabase, openDatabase, type Db } from '../../main/db/database';
import { CaseService } from '../../main/workflow/case-service';
import { booking } from '../referral/fixtures';
import { patientWithNhsNumber } from '../support/patients';

/** A data folder as the app leaves it: the database, the key file and the head log. */
export interface DataFolder {
  dir: string;
  dbPath: string;
  keyPath: string;
  headLogPath: string;
  caseIds: string[];
  bookingIds: string[];
}

const identity = { userId: 'jsmith', workstation: 'ws-01' };
const BOOKING_IDS = ['a1b2c3d4-0000-4000-8000-0000000000b1', 'a1b2c3d4-0000-4000-8000-0000000000b2', 'a1b2c3d4-0000-4000-8000-0000000000b3'];

export function folder(): DataFolder {
  const dir = mkdtempSync(join(tmpdir(), 'bw-tamper-'));
  return {
    dir,
    dbPath: join(dir, 'workstation.sqlite'),
    keyPath: join(dir, 'audit-chain.key'),
    headLogPath: join(dir, 'workstation.audit-head.log'),
    caseIds: [],
    bookingIds: [],
  };
}

export async function openTrail(f: DataFolder) {
  const db = openDatabase(f.dbPath);
  const trail = await openAuditTrail({ db, identity, now: () => new Date(), key: fileKeyProvider(f.keyPath), headLogPath: f.headLogPath });
  const store = new CaseStore(db, trail.audit);
  const cases = new CaseService(store, trail.audit, DEFAULT_SETTINGS, () => new Date());
  return {
    db,
    trail,
    store,
    cases,
    close: async () => {
      await trail.close();
      closeDatabase(db);
    },
  };
}

/**
 * A store with history on both sides of the keyed start: a legacy (sha256) prefix with one case
 * written before the chain was keyed, then a keyed chain with cases, bookings and events.
 */
export async function populatedFolder(): Promise<DataFolder> {
  const f = folder();
  const legacyDb = openDatabase(f.dbPath);
  const legacyAudit = new AuditStore(legacyDb, identity);
  const legacy = new CaseService(new CaseStore(legacyDb), legacyAudit, DEFAULT_SETTINGS, () => new Date());
  f.caseIds.push(legacy.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx05' })).id);
  legacyAudit.append({ type: 'app.started', outcome: 'ok' });
  closeDatabase(legacyDb);

  const app = await openTrail(f);
  for (let i = 0; i < 2; i++) f.caseIds.push(app.cases.start(StartCase.parse({ patient: patientWithNhsNumber(), dispositionCode: 'Dx06' })).id);
  for (const [i, id] of BOOKING_IDS.entries()) {
    const caseId = f.caseIds[i % f.caseIds.length] ?? '';
    app.trail.audit.append({ type: 'booking.attempt', caseId, outcome: 'pending', detail: { bookingId: id } });
    app.store.saveBooking(booking({ id, caseId, status: 'pending' }));
    app.store.saveBooking(booking({ id, caseId, status: 'booked' }));
    app.trail.audit.append({ type: 'booking.outcome', caseId, outcome: 'booked', detail: { bookingId: id } });
    f.bookingIds.push(id);
  }
  app.cases.close(f.caseIds[1] ?? '');
  for (let i = 0; i < 4; i++) app.trail.audit.append({ type: 'slots.search.outcome', outcome: 'ok', detail: { slotsReturned: i } });
  await app.close();
  return f;
}

/** The file as an attacker with a SQLite tool opens it: no key, no app code. */
export function raw(f: DataFolder): Db {
  return new Database(f.dbPath);
}

export function dropGuards(db: Db): void {
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;');
}

export function restoreGuards(db: Db): void {
  db.exec(`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;`);
}

type Row = ChainedRow & { hash: string };

/**
 * Recomputes prev_hash and hash from `fromSeq` on: with plain sha256 (what anyone can do), or
 * with the key (what only a key holder can do). Rows are renumbered to close any gap.
 */
export function rechain(db: Db, fromSeq: number, key?: Buffer): void {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Row[];
  let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  const update = db.prepare('UPDATE audit_events SET seq = @seq, prev_hash = @prev_hash, hash = @hash WHERE id = @id');
  db.transaction(() => {
    // Park the rows out of the way first so renumbering never collides with the primary key.
    db.prepare('UPDATE audit_events SET seq = seq + 1000000 WHERE seq >= ?').run(fromSeq);
    let seq = fromSeq;
    let keyed = rows.some((x) => x.seq < fromSeq && x.type === 'audit.chain-keyed');
    for (const r of rows.filter((x) => x.seq >= fromSeq)) {
      const row = { ...r, seq, prev_hash: prev };
      keyed ||= r.type === 'audit.chain-keyed';
      const hash = key !== undefined && keyed ? rowMac(key, row) : rowHash(row);
      update.run({ id: r.id, seq, prev_hash: prev, hash });
      prev = hash;
      seq++;
    }
  })();
  db.prepare("UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_events) WHERE name = 'audit_events'").run();
}

/** A forged row appended after the head, with whatever hash the forger can produce. */
export function forgeAppend(db: Db, hashOf: (row: ChainedRow) => string): void {
  const head = db.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1').get() as Row;
  const row: ChainedRow = { ...head, seq: head.seq + 1, id: 'f0f0f0f0-0000-4000-8000-000000000001', type: 'booking.outcome', outcome: 'booked', prev_hash: head.hash };
  db.prepare(
    `INSERT INTO audit_events (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id, correlation_id, http_status, outcome, detail, prev_hash, hash)
     VALUES (@seq, @id, @at, @user_id, @workstation, @case_id, @type, @dos_service_id, @asid, @request_id, @correlation_id, @http_status, @outcome, @detail, @prev_hash, @hash)`,
  ).run({ ...row, hash: hashOf(row) });
}

export function readKey(f: DataFolder): Buffer {
  return Buffer.from(readFileSync(f.keyPath, 'utf8').trim(), 'hex');
}

/** Rewrites the head log so it anchors the file's current head: only possible with the key. */
export function reanchor(f: DataFolder, db: Db, key: Buffer): void {
  const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  const start = db.prepare("SELECT seq, hash FROM audit_events WHERE type = 'audit.chain-keyed'").get() as { seq: number; hash: string };
  const at = new Date().toISOString();
  writeFileSync(f.headLogPath, '');
  const log = new HeadLog(f.headLogPath);
  log.record({ seq: start.seq, at, mac: anchorMac(key, start.seq, start.hash, at) });
  log.record({ seq: head.seq, at, mac: anchorMac(key, head.seq, head.hash, at) });
  void log.close();
}

/** What `npm run audit:verify` does: the whole chain, the tables and the head log, read-only. */
export async function fullVerify(f: DataFolder): Promise<VerifyResult> {
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(f.dbPath, { readonly: true });
  } catch (error) {
    // The store refuses to open an emptied or damaged file: that is a finding, not a pass.
    if (error instanceof StoreProblem) return { ok: false, checked: 0, problems: [{ seq: 0, problem: error.message }], from: 0, head: 0 };
    throw error;
  }
  const log = new HeadLog(f.headLogPath, { readonly: true });
  try {
    return await verifyAudit(db, { key: readKey(f), anchors: [log] });
  } finally {
    await log.close();
    closeDatabase(db);
  }
}

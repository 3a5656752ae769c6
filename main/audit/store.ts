import { randomUUID } from 'node:crypto';
import type { Statement, Transaction } from 'better-sqlite3';
import type { Db } from '../db/database';
import type { AuditAnchor } from './anchor';
import { anchorMac, GENESIS_HASH, KEYED_START_TYPE, rowHash, rowMac, type ChainedRow } from './chain';
import type { AuditEventInput, AuditEventRecord, AuditSink } from './event';
import { registerKey } from './key-registry';
import { CHAINED_TABLES, readRow, rowEvent, type ChainedTable, type RowImage } from './row-events';

interface StoredRow extends ChainedRow {
  hash: string;
}

export interface AuditIdentity {
  userId: string;
  workstation: string;
  /** The signed-in user's role (CIS2's selected role and its role profile id), recorded in each event's detail. */
  role?: string;
}

/** The installation's key and where each committed head is anchored. */
export interface ChainKeying {
  key: Buffer;
  anchors: readonly AuditAnchor[];
  /** False when start-up verification failed: anchoring the tampered chain would hide the evidence. */
  anchoring: boolean;
}

type Partial = Omit<ChainedRow, 'seq' | 'prev_hash'>;

/**
 * The append-only audit trail. `append` returns only after the row is durably committed
 * (WAL + synchronous=FULL), so callers record an attempt before they act. With a key, every
 * row from the keyed start on carries an HMAC, and each committed head is anchored outside the
 * file; without one (unit tests of other modules) rows carry the legacy sha256.
 */
export class AuditStore implements AuditSink {
  private readonly insert: Statement;
  private readonly last: Statement;
  private readonly appendRow: (row: Partial) => StoredRow;
  /** Built once: better-sqlite3 compiles a wrapper per `db.transaction` call, a cost every append would pay. */
  private readonly inTransaction: Transaction<(work: () => StoredRow) => StoredRow>;
  private readonly keying: ChainKeying | undefined;
  /** The head this store last committed; a different head at the next append means someone else wrote the file. */
  private lastHead: { seq: number; hash: string } | undefined;
  private suspended: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly identity: AuditIdentity,
    private readonly now: () => Date = () => new Date(),
    keying?: ChainKeying,
  ) {
    this.keying = keying;
    if (keying !== undefined) {
      registerKey(db, keying.key);
      if (!keying.anchoring) this.suspended = 'start-up verification failed';
    }
    this.insert = db.prepare(
      `INSERT INTO audit_events (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id,
        correlation_id, http_status, outcome, detail, prev_hash, hash)
       VALUES (@seq, @id, @at, @user_id, @workstation, @case_id, @type, @dos_service_id, @asid, @request_id,
        @correlation_id, @http_status, @outcome, @detail, @prev_hash, @hash)`,
    );
    this.last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.inTransaction = db.transaction((work: () => StoredRow) => work());
    this.appendRow = (partial) => {
      // Read the chain head inside the write transaction so two writers can never fork the chain.
      const head = this.last.get() as { seq: number; hash: string } | undefined;
      if (this.lastHead !== undefined && (head?.seq !== this.lastHead.seq || head.hash !== this.lastHead.hash)) {
        this.suspended ??= `the chain head changed outside this app (expected row ${String(this.lastHead.seq)})`;
      }
      const row: ChainedRow = { ...partial, seq: (head?.seq ?? 0) + 1, prev_hash: head?.hash ?? GENESIS_HASH };
      const stored = { ...row, hash: keying === undefined ? rowHash(row) : rowMac(keying.key, row) };
      this.insert.run(stored);
      return stored;
    };
    if (keying !== undefined) this.startKeyedChain();
  }

  append(event: AuditEventInput): AuditEventRecord {
    return toRecord(this.commit(() => this.appendRow(this.partial(event))));
  }

  /**
   * Runs `write` (a change to `cases` or `bookings`) and appends the event recording the row
   * as written, in one transaction: the row and its audit event commit together or not at all.
   */
  recordRow(table: ChainedTable, caseId: string, id: string, write: () => void): void {
    this.commit(() => {
      write();
      return this.appendRow(this.partial(rowEvent(table, caseId, readRow(this.db, table, id))));
    });
  }

  /** Why heads are not being anchored in this run, if they are not. */
  anchoringSuspended(): string | undefined {
    return this.suspended;
  }

  /** Stops anchoring for the rest of the run, e.g. when a later verify fails. */
  suspendAnchoring(reason: string): void {
    this.suspended ??= reason;
  }

  /** Every event of one case, oldest first. */
  eventsForCase(caseId: string): AuditEventRecord[] {
    const rows = this.db.prepare('SELECT * FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as StoredRow[];
    return rows.map(toRecord);
  }

  private partial(event: AuditEventInput): Partial {
    return {
      id: randomUUID(),
      at: this.now().toISOString(),
      user_id: this.identity.userId,
      workstation: this.identity.workstation,
      case_id: event.caseId ?? null,
      type: event.type,
      dos_service_id: event.dosServiceId ?? null,
      asid: event.asid ?? null,
      request_id: event.requestId ?? null,
      correlation_id: event.correlationId ?? null,
      http_status: event.httpStatus ?? null,
      outcome: event.outcome ?? null,
      detail: JSON.stringify(this.identity.role === undefined ? (event.detail ?? {}) : { ...event.detail, userRole: this.identity.role }),
    };
  }

  /** One immediate transaction; after it commits, the new head is anchored. */
  private commit(work: () => StoredRow): StoredRow {
    // Inside a caller's transaction the row may still roll back: anchor only a committed head.
    const nested = this.db.inTransaction;
    const stored = this.inTransaction.immediate(work);
    if (nested) {
      this.lastHead = undefined;
      return stored;
    }
    this.lastHead = { seq: stored.seq, hash: stored.hash };
    this.anchor(stored);
    return stored;
  }

  private anchor(head: { seq: number; hash: string }): void {
    if (this.keying === undefined || this.suspended !== undefined) return;
    const at = this.now().toISOString();
    const point = { seq: head.seq, at, mac: anchorMac(this.keying.key, head.seq, head.hash, at) };
    for (const a of this.keying.anchors) a.record(point);
  }

  /**
   * Starts the keyed chain on a file that has none: one `audit.chain-keyed` event, then the
   * current state of every case and booking row, so both tables are checkable from here on.
   * Rows before it stay as they were, sha256-checked; the first anchor records where it starts.
   */
  private startKeyedChain(): void {
    if (this.db.prepare(`SELECT 1 FROM audit_events WHERE type = '${KEYED_START_TYPE}' LIMIT 1`).get() !== undefined) return;
    const { start, last } = this.db
      .transaction(() => {
        const before = (this.last.get() as { seq: number } | undefined)?.seq ?? 0;
        const first = this.appendRow(this.partial({ type: KEYED_START_TYPE, outcome: 'ok', detail: { legacyRows: before, algorithm: 'HMAC-SHA256' } }));
        let newest = first;
        for (const table of Object.keys(CHAINED_TABLES) as ChainedTable[]) {
          for (const row of this.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as RowImage[]) {
            newest = this.appendRow(this.partial(rowEvent(table, String(table === 'cases' ? row['id'] : row['case_id']), row)));
          }
        }
        return { start: first, last: newest };
      })
      .immediate();
    this.lastHead = { seq: last.seq, hash: last.hash };
    // The first anchored point is the keyed start, so nobody can later claim it was further on.
    this.anchor(start);
    this.anchor(last);
  }
}

export function toRecord(row: StoredRow): AuditEventRecord {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    workstation: row.workstation,
    type: row.type,
    hash: row.hash,
    prevHash: row.prev_hash,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    ...(row.case_id !== null ? { caseId: row.case_id } : {}),
    ...(row.dos_service_id !== null ? { dosServiceId: row.dos_service_id } : {}),
    ...(row.asid !== null ? { asid: row.asid } : {}),
    ...(row.request_id !== null ? { requestId: row.request_id } : {}),
    ...(row.correlation_id !== null ? { correlationId: row.correlation_id } : {}),
    ...(row.http_status !== null ? { httpStatus: row.http_status } : {}),
    ...(row.outcome !== null ? { outcome: row.outcome } : {}),
  };
}

import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { GENESIS_HASH, rowHash, type ChainedRow } from './chain';
import type { AuditEventInput, AuditEventRecord, AuditSink } from './event';

interface StoredRow extends ChainedRow {
  hash: string;
}

export interface AuditIdentity {
  userId: string;
  workstation: string;
}

/**
 * The append-only audit trail. `append` returns only after the row is durably committed
 * (WAL + synchronous=FULL), so callers record an attempt before they act.
 */
export class AuditStore implements AuditSink {
  private readonly insert: Statement;
  private readonly last: Statement;
  private readonly appendTx: (row: Omit<ChainedRow, 'seq' | 'prev_hash'>) => StoredRow;

  constructor(
    private readonly db: Db,
    private readonly identity: AuditIdentity,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_events (seq, id, at, user_id, workstation, case_id, type, dos_service_id, asid, request_id,
        correlation_id, http_status, outcome, detail, prev_hash, hash)
       VALUES (@seq, @id, @at, @user_id, @workstation, @case_id, @type, @dos_service_id, @asid, @request_id,
        @correlation_id, @http_status, @outcome, @detail, @prev_hash, @hash)`,
    );
    this.last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    const tx = db.transaction((partial: Omit<ChainedRow, 'seq' | 'prev_hash'>): StoredRow => {
      // Read the chain head inside the write transaction so two writers can never fork the chain.
      const head = this.last.get() as { seq: number; hash: string } | undefined;
      const row: ChainedRow = { ...partial, seq: (head?.seq ?? 0) + 1, prev_hash: head?.hash ?? GENESIS_HASH };
      const stored = { ...row, hash: rowHash(row) };
      this.insert.run(stored);
      return stored;
    });
    this.appendTx = (row) => tx.immediate(row);
  }

  append(event: AuditEventInput): AuditEventRecord {
    const stored = this.appendTx({
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
      detail: JSON.stringify(event.detail ?? {}),
    });
    return toRecord(stored);
  }

  /** Every event of one case, oldest first. */
  eventsForCase(caseId: string): AuditEventRecord[] {
    const rows = this.db.prepare('SELECT * FROM audit_events WHERE case_id = ? ORDER BY seq').all(caseId) as StoredRow[];
    return rows.map(toRecord);
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

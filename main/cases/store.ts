import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { Booking, Case, Rebook } from '../../preload/contract';
import type { Db } from '../db/database';
import type { AuditStore } from '../audit';

/** What is persisted of a case; bookings live in their own table and the referral gate is derived. */
export const StoredCase = Case.omit({ bookings: true, bookingView: true, reference: true, referralAllowed: true, referralBlockedReason: true });
export type StoredCase = z.infer<typeof StoredCase>;

/** What is persisted of an appointment: the labels (slot text, reference, timeframe…) are derived on read. */
export const StoredBooking = Booking.omit({ slotText: true, statusText: true, live: true, reference: true, providerNumber: true, timeframe: true });
export type StoredBooking = z.infer<typeof StoredBooking>;

/**
 * A cancel-first rebook's new booking, planned but not yet an appointment row: kept in the rebook
 * record (never shown) until the old appointment is cancelled, so the reconciler cannot send it
 * early and a restart can still book it with the exact request built when the clinician confirmed.
 */
export const PlannedBooking = z.object({
  booking: StoredBooking,
  request: z.object({
    requestId: z.string(),
    method: z.enum(['POST', 'PUT']),
    interaction: z.enum(['search', 'book', 'read', 'cancel']),
    path: z.string(),
    body: z.string(),
    headers: z.record(z.string(), z.string()),
  }),
  slotId: z.string(),
  deadline: z.string(),
  minutesLate: z.number().int(),
});
export type PlannedBooking = z.infer<typeof PlannedBooking>;

/** What is persisted of a rebook: the contract's record, and a cancel-first rebook's planned new booking. */
export const StoredRebook = Rebook.extend({ planned: PlannedBooking.optional() });
export type StoredRebook = z.infer<typeof StoredRebook>;

/** One write exactly as first sent under its X-Request-ID. */
export interface StoredRequest {
  requestId: string;
  bookingId: string;
  operation: string;
  method: 'POST' | 'PUT';
  path: string;
  body: string;
  headers: Record<string, string>;
  createdAt: string;
}

export interface CaseSummaryRow {
  id: string;
  startedAt: string;
  status: 'open' | 'closed';
  doc: StoredCase;
}

/** Cases and bookings in SQLite: written on every change, so a restart mid-case loses nothing. */
export class CaseStore {
  private readonly upsertCase: Statement;
  private readonly selectCase: Statement;
  private readonly upsertBooking: Statement;
  private readonly selectBooking: Statement;
  private readonly selectBookingsForCase: Statement;

  /** With `audit`, every write is also a `row.*` audit event in the same transaction (see main/audit/row-events.ts). */
  constructor(
    private readonly db: Db,
    private readonly audit?: Pick<AuditStore, 'recordRow'>,
  ) {
    this.upsertCase = db.prepare(
      `INSERT INTO cases (id, started_at, updated_at, status, family_upper, birth_date, nhs_number, practice_ods, doc)
       VALUES (@id, @started_at, @updated_at, @status, @family_upper, @birth_date, @nhs_number, @practice_ods, @doc)
       ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, status = excluded.status,
         family_upper = excluded.family_upper, birth_date = excluded.birth_date, nhs_number = excluded.nhs_number,
         practice_ods = excluded.practice_ods, doc = excluded.doc`,
    );
    this.selectCase = db.prepare('SELECT doc FROM cases WHERE id = ?');
    this.upsertBooking = db.prepare(
      `INSERT INTO bookings (id, case_id, status, slot_start, created_at, updated_at, doc)
       VALUES (@id, @case_id, @status, @slot_start, @created_at, @updated_at, @doc)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`,
    );
    this.selectBooking = db.prepare('SELECT doc FROM bookings WHERE id = ?');
    this.selectBookingsForCase = db.prepare('SELECT doc FROM bookings WHERE case_id = ? ORDER BY created_at, rowid');
  }

  saveCase(doc: StoredCase, now: Date = new Date()): void {
    const valid = StoredCase.parse(doc);
    this.chained('cases', valid.id, valid.id, () => this.upsertCase.run({
      id: valid.id,
      started_at: valid.startedAt,
      updated_at: now.toISOString(),
      status: valid.status,
      family_upper: valid.patient.family.toUpperCase(),
      birth_date: valid.patient.birthDate,
      nhs_number: valid.patient.nhsNumber ?? null,
      practice_ods: valid.registeredPractice?.odsCode ?? null,
      doc: JSON.stringify(valid),
    }));
  }

  getCase(id: string): StoredCase | undefined {
    const row = this.selectCase.get(id) as { doc: string } | undefined;
    return row === undefined ? undefined : StoredCase.parse(JSON.parse(row.doc));
  }

  /**
   * Open cases first, newest first: the list a user reopens an interrupted case from. A row that
   * cannot be read (damaged JSON, a document that no longer fits the schema) is counted, not
   * allowed to hide every other case.
   */
  listCases(limit = 50): { rows: CaseSummaryRow[]; unreadable: number } {
    const rows = this.db
      .prepare("SELECT id, started_at, status, doc FROM cases ORDER BY status = 'open' DESC, started_at DESC LIMIT ?")
      .all(limit) as { id: string; started_at: string; status: 'open' | 'closed'; doc: string }[];
    const readable: CaseSummaryRow[] = [];
    let unreadable = 0;
    for (const r of rows) {
      const doc = parseStoredCase(r.doc);
      if (doc === undefined) unreadable++;
      else readable.push({ id: r.id, startedAt: r.started_at, status: r.status, doc });
    }
    return { rows: readable, unreadable };
  }

  saveBooking(booking: StoredBooking, now: Date = new Date()): void {
    const valid = StoredBooking.parse(booking);
    this.chained('bookings', valid.caseId, valid.id, () => this.upsertBooking.run({
      id: valid.id,
      case_id: valid.caseId,
      status: valid.status,
      slot_start: valid.slot.start,
      created_at: valid.createdAt,
      updated_at: now.toISOString(),
      doc: JSON.stringify(valid),
    }));
  }

  private chained(table: 'cases' | 'bookings', caseId: string, id: string, write: () => unknown): void {
    if (this.audit === undefined) write();
    else this.audit.recordRow(table, caseId, id, () => void write());
  }

  getBooking(id: string): StoredBooking | undefined {
    const row = this.selectBooking.get(id) as { doc: string } | undefined;
    return row === undefined ? undefined : StoredBooking.parse(JSON.parse(row.doc));
  }

  bookingsForCase(caseId: string): StoredBooking[] {
    return (this.selectBookingsForCase.all(caseId) as { doc: string }[]).map((r) => StoredBooking.parse(JSON.parse(r.doc)));
  }

  /** Runs `work` as one transaction: everything it saves (rows, requests, rebooks, audit events) commits together or not at all. */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Kept before the first attempt; never changed, so every retry sends these bytes. */
  saveRequest(r: StoredRequest): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO booking_requests (request_id, booking_id, operation, method, path, body, headers, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.requestId, r.bookingId, r.operation, r.method, r.path, r.body, JSON.stringify(r.headers), r.createdAt);
  }

  getRequest(requestId: string): StoredRequest | undefined {
    const row = this.db.prepare('SELECT * FROM booking_requests WHERE request_id = ?').get(requestId) as
      | { request_id: string; booking_id: string; operation: string; method: 'POST' | 'PUT'; path: string; body: string; headers: string; created_at: string }
      | undefined;
    if (row === undefined) return undefined;
    return {
      requestId: row.request_id,
      bookingId: row.booking_id,
      operation: row.operation,
      method: row.method,
      path: row.path,
      body: row.body,
      headers: JSON.parse(row.headers) as Record<string, string>,
      createdAt: row.created_at,
    };
  }

  saveRebook(rebook: StoredRebook): void {
    const valid = StoredRebook.parse(rebook);
    this.db
      .prepare('INSERT INTO rebooks (id, case_id, created_at, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc')
      .run(valid.id, valid.caseId, valid.createdAt, JSON.stringify(valid));
  }

  /** Rebooks not yet at an end state (done, new not booked, old not cancelled): a restart moves them on. */
  rebooksInProgress(): StoredRebook[] {
    return (this.db.prepare('SELECT doc FROM rebooks ORDER BY created_at, rowid').all() as { doc: string }[])
      .map((r) => StoredRebook.parse(JSON.parse(r.doc)))
      .filter((r) => r.state !== 'done' && r.state !== 'new-not-booked' && r.state !== 'old-not-cancelled');
  }

  getRebook(id: string): StoredRebook | undefined {
    const row = this.db.prepare('SELECT doc FROM rebooks WHERE id = ?').get(id) as { doc: string } | undefined;
    return row === undefined ? undefined : StoredRebook.parse(JSON.parse(row.doc));
  }

  /** As the contract shows them: a planned booking's request stays in main. */
  rebooksForCase(caseId: string): Rebook[] {
    return (this.db.prepare('SELECT doc FROM rebooks WHERE case_id = ? ORDER BY created_at, rowid').all(caseId) as { doc: string }[]).map((r) =>
      Rebook.parse(JSON.parse(r.doc)),
    );
  }

  /** The reconciler's schedule for one appointment; null = nothing to check. */
  scheduleCheck(bookingId: string, nextCheckAt: string | null, checks: number): void {
    this.db.prepare('UPDATE bookings SET next_check_at = ?, checks = ? WHERE id = ?').run(nextCheckAt, checks, bookingId);
  }

  /** Appointments with an outstanding answer, soonest first. */
  scheduledChecks(): { bookingId: string; nextCheckAt: string; checks: number }[] {
    return (
      this.db.prepare('SELECT id, next_check_at, checks FROM bookings WHERE next_check_at IS NOT NULL ORDER BY next_check_at').all() as {
        id: string;
        next_check_at: string;
        checks: number;
      }[]
    ).map((r) => ({ bookingId: r.id, nextCheckAt: r.next_check_at, checks: r.checks }));
  }

  /** Bookings left unsettled (e.g. `pending` after a crash) that have no check scheduled. */
  unsettledUnscheduled(): string[] {
    return (
      this.db
        .prepare("SELECT id FROM bookings WHERE next_check_at IS NULL AND status IN ('pending', 'unknown', 'cancelling', 'cancel-unknown')")
        .all() as { id: string }[]
    ).map((r) => r.id);
  }

  /** Bookings made from this workstation, for a patient who calls back. */
}

function parseStoredCase(text: string): StoredCase | undefined {
  try {
    const parsed = StoredCase.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { Booking, Case } from '../../preload/contract';
import type { Db } from '../db/database';

/** What is persisted of a case; bookings live in their own table and the referral gate is derived. */
export const StoredCase = Case.omit({ bookings: true, bookingView: true, reference: true, referralAllowed: true, referralBlockedReason: true });
export type StoredCase = z.infer<typeof StoredCase>;

export interface CaseSummaryRow {
  id: string;
  startedAt: string;
  status: 'open' | 'closed';
  doc: StoredCase;
}

export interface BookingQuery {
  family?: string;
  birthDate?: string;
  nhsNumber?: string;
  /** Slot start on or after / before these instants. */
  startFrom?: string;
  startTo?: string;
}

/** Cases and bookings in SQLite: written on every change, so a restart mid-case loses nothing. */
export class CaseStore {
  private readonly upsertCase: Statement;
  private readonly selectCase: Statement;
  private readonly upsertBooking: Statement;
  private readonly selectBooking: Statement;
  private readonly selectBookingsForCase: Statement;

  constructor(private readonly db: Db) {
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
    this.upsertCase.run({
      id: valid.id,
      started_at: valid.startedAt,
      updated_at: now.toISOString(),
      status: valid.status,
      family_upper: valid.patient.family.toUpperCase(),
      birth_date: valid.patient.birthDate,
      nhs_number: valid.patient.nhsNumber ?? null,
      practice_ods: valid.registeredPractice?.odsCode ?? null,
      doc: JSON.stringify(valid),
    });
  }

  getCase(id: string): StoredCase | undefined {
    const row = this.selectCase.get(id) as { doc: string } | undefined;
    return row === undefined ? undefined : StoredCase.parse(JSON.parse(row.doc));
  }

  /** Open cases first, newest first: the list a user reopens an interrupted case from. */
  listCases(limit = 50): CaseSummaryRow[] {
    const rows = this.db
      .prepare("SELECT id, started_at, status, doc FROM cases ORDER BY status = 'open' DESC, started_at DESC LIMIT ?")
      .all(limit) as { id: string; started_at: string; status: 'open' | 'closed'; doc: string }[];
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at, status: r.status, doc: StoredCase.parse(JSON.parse(r.doc)) }));
  }

  saveBooking(booking: Booking, now: Date = new Date()): void {
    const valid = Booking.parse(booking);
    this.upsertBooking.run({
      id: valid.id,
      case_id: valid.caseId,
      status: valid.status,
      slot_start: valid.slot.start,
      created_at: valid.createdAt,
      updated_at: now.toISOString(),
      doc: JSON.stringify(valid),
    });
  }

  getBooking(id: string): Booking | undefined {
    const row = this.selectBooking.get(id) as { doc: string } | undefined;
    return row === undefined ? undefined : Booking.parse(JSON.parse(row.doc));
  }

  bookingsForCase(caseId: string): Booking[] {
    return (this.selectBookingsForCase.all(caseId) as { doc: string }[]).map((r) => Booking.parse(JSON.parse(r.doc)));
  }

  /** Bookings made from this workstation, for a patient who calls back. */
  findBookings(q: BookingQuery, limit = 50): { booking: Booking; caseDoc: StoredCase }[] {
    const filters: [keyof BookingQuery, string, string | undefined][] = [
      ['family', 'c.family_upper = @family', q.family?.toUpperCase()],
      ['birthDate', 'c.birth_date = @birthDate', q.birthDate],
      ['nhsNumber', 'c.nhs_number = @nhsNumber', q.nhsNumber],
      ['startFrom', 'b.slot_start >= @startFrom', q.startFrom],
      ['startTo', 'b.slot_start < @startTo', q.startTo],
    ];
    const active = filters.filter(([, , value]) => value !== undefined);
    const where = active.map(([, clause]) => clause);
    const params = Object.fromEntries(active.map(([key, , value]) => [key, value]));
    const sql = `SELECT b.doc AS booking, c.doc AS caseDoc FROM bookings b JOIN cases c ON c.id = b.case_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.slot_start DESC LIMIT ${String(limit)}`;
    const rows = this.db.prepare(sql).all(params) as { booking: string; caseDoc: string }[];
    return rows.map((r) => ({ booking: Booking.parse(JSON.parse(r.booking)), caseDoc: StoredCase.parse(JSON.parse(r.caseDoc)) }));
  }
}

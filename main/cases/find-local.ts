import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { phonesOf } from '../org/phones';
import { likePrefix, type FindTerms } from '../workflow/find-terms';
import { caseReference } from '../workflow/references';

export interface LocalBookingRow {
  bookingDoc: unknown;
  caseDoc: unknown;
  /** The desk and user that made the booking: recorded at import for another desk's, else this desk's audit trail. */
  workstation: string | null;
  userId: string | null;
  /** The maker's name and role: as the organisation record gave them, else as this desk saw them sign in (users_seen). */
  userName: string | null;
  userRole: string | null;
  updatedAt: string;
}

/** The first audit event that wrote the booking row names the desk and user that made it. */
const MADE_BY = (column: 'workstation' | 'user_id'): string => `coalesce(o.${column}, (SELECT a.${column} FROM audit_events a
  WHERE a.case_id = b.case_id AND a.type = 'row.booking' AND json_extract(a.detail, '$.rowId') = b.id ORDER BY a.seq LIMIT 1))`;

/** An imported booking keeps the name it came with (only when it came with one); this desk's own are named from users_seen. */
const NAMED = (column: 'name' | 'role'): string => `CASE WHEN o.booking_id IS NOT NULL THEN o.user_${column}
  ELSE (SELECT u.${column} FROM users_seen u WHERE u.user_id = ${MADE_BY('user_id')}) END`;

const FILTERS: readonly [keyof FindTerms, string][] = [
  ['nhsNumber', 'c.nhs_number = @nhsNumber'],
  ['familyPrefix', "c.family_upper LIKE @familyPrefix ESCAPE '\\'"],
  ['birthDate', 'c.birth_date = @birthDate'],
  ['phone', 'bw_has_phone(c.doc, @phone)'],
  ['reference', "(json_extract(b.doc, '$.appointmentId') = @reference OR bw_case_reference(b.case_id) = @reference)"],
  ['startFrom', 'b.slot_start >= @startFrom'],
  ['startTo', 'b.slot_start < @startTo'],
];

/** Find over this desk's SQLite file: its own bookings and the cases it copied from the organisation record. */
export class LocalFinder {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    // Phones and our reference are computed from the stored documents, the same way as for the organisation record.
    db.function('bw_has_phone', { deterministic: true }, (doc: unknown, phone: unknown) => (typeof doc === 'string' && phonesOf(JSON.parse(doc)).includes(String(phone)) ? 1 : 0));
    db.function('bw_case_reference', { deterministic: true }, (id: unknown) => caseReference(String(id)));
  }

  /** Remembers which desk and user made a booking copied from the organisation record. */
  rememberOrigin(bookingId: string, caseId: string, madeBy: { workstation: string; userId: string; userName?: string; userRole?: string }, at: Date = new Date()): void {
    this.db
      .prepare('INSERT OR IGNORE INTO booking_origins (booking_id, case_id, workstation, user_id, user_name, user_role, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(bookingId, caseId, madeBy.workstation, madeBy.userId, madeBy.userName ?? null, madeBy.userRole ?? null, at.toISOString());
  }

  find(q: FindTerms, limit = 50): LocalBookingRow[] {
    const active = FILTERS.filter(([key]) => q[key] !== undefined);
    const key = active.map(([k]) => k).join(',');
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(`SELECT b.doc AS booking, c.doc AS caseDoc, b.updated_at AS updatedAt,
          ${MADE_BY('workstation')} AS workstation, ${MADE_BY('user_id')} AS userId, ${NAMED('name')} AS userName, ${NAMED('role')} AS userRole
        FROM bookings b JOIN cases c ON c.id = b.case_id LEFT JOIN booking_origins o ON o.booking_id = b.id
        ${active.length > 0 ? `WHERE ${active.map(([, clause]) => clause).join(' AND ')}` : ''}
        ORDER BY b.slot_start DESC LIMIT @limit`);
      this.statements.set(key, statement);
    }
    const params: Record<string, string | number> = { limit };
    for (const [k] of active) {
      const value = q[k];
      if (value !== undefined) params[k] = k === 'familyPrefix' ? likePrefix(value) : value;
    }
    const rows = statement.all(params) as { booking: string; caseDoc: string; updatedAt: string; workstation: string | null; userId: string | null; userName: string | null; userRole: string | null }[];
    return rows.map((r) => ({
      bookingDoc: JSON.parse(r.booking) as unknown,
      caseDoc: JSON.parse(r.caseDoc) as unknown,
      workstation: r.workstation,
      userId: r.userId,
      userName: r.userName,
      userRole: r.userRole,
      updatedAt: r.updatedAt,
    }));
  }
}

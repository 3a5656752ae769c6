import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';

/** One referral as persisted: the CDA text is kept whether or not it was delivered. */
export interface StoredReferral {
  id: string;
  caseId: string;
  serviceId: string;
  status: 'sent' | 'failed';
  documentId: string;
  bookingId?: string;
  appointmentUrl?: string;
  endpoint?: string;
  xml: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
  lastError?: string;
}

/** A referrals row as SQLite (and the organisation record) hold it. */
export interface ReferralRow {
  id: string;
  case_id: string;
  service_id: string;
  status: 'sent' | 'failed';
  document_id: string;
  booking_id: string | null;
  appointment_url: string | null;
  endpoint: string | null;
  xml: string;
  attempts: number;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  last_error: string | null;
}

export function referralFromRow(r: ReferralRow): StoredReferral {
  return {
    id: r.id,
    caseId: r.case_id,
    serviceId: r.service_id,
    status: r.status,
    documentId: r.document_id,
    xml: r.xml,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.booking_id !== null ? { bookingId: r.booking_id } : {}),
    ...(r.appointment_url !== null ? { appointmentUrl: r.appointment_url } : {}),
    ...(r.endpoint !== null ? { endpoint: r.endpoint } : {}),
    ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  };
}

/** The `referrals` table: a referral is written before it is sent, so a crash or a failure never loses it. */
export class ReferralStore {
  private readonly upsert: Statement;
  private readonly byId: Statement;
  private readonly byCase: Statement;

  constructor(db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO referrals (id, case_id, service_id, status, document_id, booking_id, appointment_url, endpoint, xml, attempts, created_at, updated_at, sent_at, last_error)
       VALUES (@id, @case_id, @service_id, @status, @document_id, @booking_id, @appointment_url, @endpoint, @xml, @attempts, @created_at, @updated_at, @sent_at, @last_error)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, endpoint = excluded.endpoint, xml = excluded.xml, attempts = excluded.attempts,
         updated_at = excluded.updated_at, sent_at = excluded.sent_at, last_error = excluded.last_error`,
    );
    this.byId = db.prepare('SELECT * FROM referrals WHERE id = ?');
    this.byCase = db.prepare('SELECT * FROM referrals WHERE case_id = ? ORDER BY created_at, rowid');
  }

  save(r: StoredReferral): void {
    this.upsert.run({
      id: r.id,
      case_id: r.caseId,
      service_id: r.serviceId,
      status: r.status,
      document_id: r.documentId,
      booking_id: r.bookingId ?? null,
      appointment_url: r.appointmentUrl ?? null,
      endpoint: r.endpoint ?? null,
      xml: r.xml,
      attempts: r.attempts,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      sent_at: r.sentAt ?? null,
      last_error: r.lastError ?? null,
    });
  }

  get(id: string): StoredReferral | undefined {
    const row = this.byId.get(id) as ReferralRow | undefined;
    return row === undefined ? undefined : referralFromRow(row);
  }

  forCase(caseId: string): StoredReferral[] {
    return (this.byCase.all(caseId) as ReferralRow[]).map(referralFromRow);
  }
}

import type { Migration } from './types';

/**
 * CDA referrals as sent (or as they failed): the document is kept so a failed send is retried
 * with the same document id, and the user can see exactly what went.
 */
export const migration004: Migration = {
  version: 4,
  name: 'referrals',
  up: `
    CREATE TABLE referrals (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id),
      service_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
      document_id TEXT NOT NULL,
      booking_id TEXT,
      appointment_url TEXT,
      endpoint TEXT,
      xml TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      sent_at TEXT,
      last_error TEXT
    );
    CREATE INDEX referrals_case ON referrals (case_id, created_at);
    CREATE INDEX referrals_document ON referrals (document_id);
  `,
};

import type { Migration } from './types';

/** Cases and their bookings, so a crash or restart mid-call loses nothing. */
export const migration002: Migration = {
  version: 2,
  name: 'cases-and-bookings',
  up: `
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
      family_upper TEXT NOT NULL,
      birth_date TEXT NOT NULL,
      nhs_number TEXT,
      practice_ods TEXT,
      doc TEXT NOT NULL
    );
    CREATE INDEX cases_status ON cases (status, started_at);
    CREATE INDEX cases_patient ON cases (family_upper, birth_date);
    CREATE INDEX cases_nhs ON cases (nhs_number);
    CREATE TABLE bookings (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id),
      status TEXT NOT NULL,
      slot_start TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX bookings_case ON bookings (case_id, created_at);
    CREATE INDEX bookings_start ON bookings (slot_start);
  `,
};

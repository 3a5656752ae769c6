import type { Migration } from './types';

/** The append-only audit trail; each row is chained to the one before by its hash. */
export const migration001: Migration = {
  version: 1,
  name: 'audit-events',
  up: `
    CREATE TABLE audit_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      at TEXT NOT NULL,
      user_id TEXT NOT NULL,
      workstation TEXT NOT NULL,
      case_id TEXT,
      type TEXT NOT NULL,
      dos_service_id TEXT,
      asid TEXT,
      request_id TEXT,
      correlation_id TEXT,
      http_status INTEGER,
      outcome TEXT,
      detail TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_events_case ON audit_events (case_id, seq);
    CREATE INDEX audit_events_type_at ON audit_events (type, at);
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  `,
};

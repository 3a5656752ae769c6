import type { Migration } from './types';

/**
 * The keyed audit chain's bookkeeping. The key itself never enters the database and the chain
 * starts (an `audit.chain-keyed` event) on the first start that has a key, so the SQL here
 * only adds: the last verified point (MAC'd, so start-up can skip rows it already checked)
 * and partial indexes that find each case's and booking's newest `row.*` event.
 */
export const migration009: Migration = {
  version: 9,
  name: 'audit-keyed-chain',
  up: `
    CREATE TABLE audit_verified (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      seq INTEGER NOT NULL,
      hash TEXT NOT NULL,
      mac TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX audit_events_row_case ON audit_events (json_extract(detail, '$.rowId'), seq) WHERE type = 'row.case';
    CREATE INDEX audit_events_row_booking ON audit_events (json_extract(detail, '$.rowId'), seq) WHERE type = 'row.booking';
  `,
};

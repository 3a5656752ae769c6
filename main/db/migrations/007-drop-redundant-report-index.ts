import type { Migration } from './types';

/**
 * 003's (type, outcome, at) index is a prefix of 005's covering anchor index, so it served no
 * query the other cannot; it only slowed every durable audit append.
 */
export const migration007: Migration = {
  version: 7,
  name: 'drop-redundant-report-index',
  up: 'DROP INDEX IF EXISTS audit_events_type_outcome_at;',
};

import type { Migration } from './types';

/**
 * The organisation record (PostgreSQL) now does the heavy reporting; a desk's own reports cover
 * one desk's events, where a case's handful of rows or a type's day of rows is quick to read.
 * Every index on the audit table is paid on every durable append, so the table keeps:
 * the case index (a case's events; the reports' "did this case …?" lookups), (type, at) (a
 * type's events in a range: report anchors, service names), and the partial indexes of rare
 * event types (bookings made, referrals sent, services chosen, cases opened, chained rows).
 * Dropped: the wide indexes every event paid for, and the two partial indexes on slot searches,
 * the commonest event a case writes. bench/audit-append.ts: ratio before/after in the note.
 */
export const migration014: Migration = {
  version: 14,
  name: 'lean-audit-indexes',
  up: `
    DROP INDEX IF EXISTS audit_events_case_type_service;
    DROP INDEX IF EXISTS audit_events_report_anchor;
    DROP INDEX IF EXISTS audit_events_slot_offers;
    DROP INDEX IF EXISTS audit_events_case_offers;
  `,
};

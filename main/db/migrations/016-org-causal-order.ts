import type { Migration } from './types';
import { auditPayload, bookingPayload, casePayload, QUEUING, referralPayload } from './010-org-outbox';

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const DESK = '(SELECT workstation FROM org_desk WHERE id = 1)';
const USER = '(SELECT user_id FROM org_desk WHERE id = 1)';
/** As migration 013: another desk's rows being copied here are not queued back. */
const NOT_IMPORTING = `${QUEUING} AND (SELECT importing FROM org_desk WHERE id = 1) = 0`;

/** The user's name and role as this desk last saw them sign in, read when the change is queued. */
export const namedBy = (user: string, column: 'name' | 'role'): string => `(SELECT u.${column} FROM users_seen u WHERE u.user_id = ${user})`;

/**
 * A change's revision: one above the organisation record's revision this desk's copy of the row
 * was based on (`org_revisions`, 0 for a row this desk made, or holds from before this migration).
 * The row's alias is NEW, in the triggers and in OrgOutbox's first-time backfill alike.
 */
export const revisionOf = (kind: string): string =>
  `coalesce((SELECT r.based_on FROM org_revisions r WHERE r.kind = '${kind}' AND r.row_id = NEW.id), 0) + 1`;

/** A change's payload with its revision (central migration 010 orders changes by it). */
export const revised = (kind: string, payload: string): string => `json_set(${payload}, '$.revision', ${revisionOf(kind)})`;

const QUEUED: readonly [table: string, kind: string, payload: string][] = [
  ['cases', 'case', casePayload],
  ['bookings', 'booking', bookingPayload],
  ['referrals', 'referral', referralPayload],
];

function queueOn(table: string, kind: string, payload: string, event: 'INSERT' | 'UPDATE'): string {
  return `CREATE TRIGGER org_outbox_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} WHEN ${NOT_IMPORTING}
    BEGIN
      INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, user_name, user_role, payload)
      VALUES ('${kind}', NEW.id, ${NOW}, ${DESK}, ${USER}, ${namedBy(USER, 'name')}, ${namedBy(USER, 'role')}, ${revised(kind, payload)});
    END;`;
}

/**
 * Changes to one case, booking or referral from several desks, ordered by cause and not by desk
 * clocks. The organisation record used to keep the change with the latest `updated_at`, stamped by
 * each desk's own clock: with desk A's clock ten minutes ahead, desk B's cancel of A's booking
 * (made after B had read "booked") carried an earlier time and the record kept "booked".
 *
 * Now each change carries a revision: one above the record's revision of the row that this desk
 * last copied (`org_revisions.based_on`, written when Find copies a row here). A change made after
 * seeing another is therefore always numbered above it, whatever the clocks say. A desk's own
 * successive changes share a revision until it copies the row again, so they are ordered by its
 * own clock, and a desk that was offline does not outrank a later change by having made more
 * changes meanwhile (as a counter per change would). The record applies a change whose revision
 * is higher, and on a tie (changes made without seeing each other) the later `updated_at`.
 *
 * The Provider's Appointment version (meta.versionId) was not used: FHIR gives it no order (it is
 * opaque text), and it covers bookings only, not cases or referrals.
 *
 * The user's name and role are now stored with the change when it is queued: read at upload
 * time, a user who signed in again with another role before the upload had their earlier rows
 * carry the newer role. Rows already queued keep what the upload would have read now.
 */
export const migration016: Migration = {
  version: 16,
  name: 'org-causal-order',
  up: `
    CREATE TABLE org_revisions (
      kind TEXT NOT NULL CHECK (kind IN ('case', 'booking', 'referral')),
      row_id TEXT NOT NULL,
      based_on INTEGER NOT NULL,
      PRIMARY KEY (kind, row_id)
    ) WITHOUT ROWID;
    ALTER TABLE org_outbox ADD COLUMN user_name TEXT;
    ALTER TABLE org_outbox ADD COLUMN user_role TEXT;
    UPDATE org_outbox SET user_name = ${namedBy('org_outbox.user_id', 'name')}, user_role = ${namedBy('org_outbox.user_id', 'role')};
    DROP TRIGGER org_outbox_audit_events_insert;
    CREATE TRIGGER org_outbox_audit_events_insert AFTER INSERT ON audit_events WHEN ${QUEUING}
      BEGIN
        INSERT INTO org_outbox (kind, row_id, queued_at, workstation, user_id, user_name, user_role, payload)
        VALUES ('audit', NEW.id, ${NOW}, NEW.workstation, NEW.user_id, ${namedBy('NEW.user_id', 'name')}, ${namedBy('NEW.user_id', 'role')}, ${auditPayload});
      END;
    ${QUEUED.flatMap(([table]) => [`DROP TRIGGER org_outbox_${table}_insert;`, `DROP TRIGGER org_outbox_${table}_update;`]).join('\n    ')}
    ${QUEUED.flatMap(([table, kind, payload]) => [queueOn(table, kind, payload, 'INSERT'), queueOn(table, kind, payload, 'UPDATE')]).join('\n    ')}
  `,
};

import type { Migration } from './types';
import { bookingPayload, casePayload, queueOn, QUEUING, referralPayload } from './010-org-outbox';

/** Rows copied from the organisation record are not this desk's changes: they are not queued back. */
const NOT_IMPORTING = `${QUEUING} AND (SELECT importing FROM org_desk WHERE id = 1) = 0`;

const QUEUED: readonly [string, string, string][] = [
  ['cases', 'case', casePayload],
  ['bookings', 'booking', bookingPayload],
  ['referrals', 'referral', referralPayload],
];

/**
 * Opening a case another desk made copies it into this SQLite file. Migration 010 paused the
 * whole outbox while importing, which would also have held back the audit events the import
 * writes (a gap in this desk's chain centrally); now only the imported rows are left unqueued.
 * `booking_origins` remembers which desk and user made an imported booking, for Find.
 */
export const migration013: Migration = {
  version: 13,
  name: 'org-import',
  up: `
    ALTER TABLE org_desk ADD COLUMN importing INTEGER NOT NULL DEFAULT 0 CHECK (importing IN (0, 1));
    ${QUEUED.flatMap(([table]) => [`DROP TRIGGER org_outbox_${table}_insert;`, `DROP TRIGGER org_outbox_${table}_update;`]).join('\n    ')}
    ${QUEUED.flatMap(([table, kind, payload]) => [queueOn(table, kind, payload, 'INSERT', NOT_IMPORTING), queueOn(table, kind, payload, 'UPDATE', NOT_IMPORTING)]).join('\n    ')}
    CREATE TABLE booking_origins (
      booking_id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      workstation TEXT NOT NULL,
      user_id TEXT NOT NULL,
      imported_at TEXT NOT NULL
    );
  `,
};

import type { Migration } from './types';

/**
 * The people this desk has seen sign in, as their CIS2 session named them: the audit trail keeps
 * only each user's CIS2 id, and Find and the reports by user show who that is. Written at each
 * sign-in from the session, never from typed text. `booking_origins` keeps the name and role the
 * organisation record gave with a booking copied from another desk.
 */
export const migration015: Migration = {
  version: 15,
  name: 'users-seen',
  up: `
    CREATE TABLE users_seen (
      user_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT,
      seen_at TEXT NOT NULL
    );
    ALTER TABLE booking_origins ADD COLUMN user_name TEXT;
    ALTER TABLE booking_origins ADD COLUMN user_role TEXT;
  `,
};

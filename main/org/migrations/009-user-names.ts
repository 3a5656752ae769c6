import type { OrgMigration } from './types';

/**
 * Who made a case or booking, as a person reads it: the name and role the user's CIS2 session gave
 * on the desk that made it. The desk puts them in the fact's body (hashed with it, like the rest);
 * 008's apply trigger fills these columns through jsonb_populate_record and never updates them, so
 * they stay the maker's, as `user_id` does. Rows made before this, or by a user the desk never saw
 * sign in, have none: Find then names the user id. The index finds a user's newest named fact,
 * for the organisation's reports by user.
 */
export const orgMigration009: OrgMigration = {
  version: 9,
  name: 'user-names',
  up: `
    ALTER TABLE cases ADD COLUMN user_name text, ADD COLUMN user_role text;
    ALTER TABLE bookings ADD COLUMN user_name text, ADD COLUMN user_role text;
    CREATE INDEX record_facts_user ON record_facts (org, user_id, received_at);
  `,
};

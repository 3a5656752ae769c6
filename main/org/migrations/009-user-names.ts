import type { OrgMigration } from './types';

/** A derived row's name and role from the fact that first wrote it, as the apply trigger would have set them. */
const backfill = (table: string, kind: string): string => `
    UPDATE ${table} d SET user_name = first.body->>'user_name', user_role = first.body->>'user_role'
      FROM (SELECT DISTINCT ON (f.org, f.row_id) f.org, f.row_id, f.body FROM record_facts f
            WHERE f.kind = '${kind}' ORDER BY f.org, f.row_id, f.received_at, f.seq) first
     WHERE first.org = d.org AND first.row_id = d.id AND first.body ? 'user_name';`;

/**
 * Who made a case or booking, as a person reads it: the name and role the user's CIS2 session gave
 * on the desk that made it. The desk puts them in the fact's body (hashed with it, like the rest);
 * 008's apply trigger fills these columns through jsonb_populate_record and never updates them, so
 * they stay the maker's, as `user_id` does. Desks upgraded before this record sent names it could
 * not keep yet: they are taken from the facts now. Rows made before, or by a user the desk never
 * saw sign in, have none: Find then names the user id. The index finds a user's newest named
 * fact, for the organisation's reports by user.
 */
export const orgMigration009: OrgMigration = {
  version: 9,
  name: 'user-names',
  up: `
    ALTER TABLE cases ADD COLUMN user_name text, ADD COLUMN user_role text;
    ALTER TABLE bookings ADD COLUMN user_name text, ADD COLUMN user_role text;
    ${backfill('cases', 'case')}
    ${backfill('bookings', 'booking')}
    CREATE INDEX record_facts_user ON record_facts (org, user_id, received_at);
  `,
};

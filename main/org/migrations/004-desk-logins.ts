import type { OrgMigration } from './types';

const RECORD_TABLES = ['desks', 'audit_events', 'cases', 'bookings', 'booking_history', 'referrals'];

// Uncorrelated subqueries: PostgreSQL runs each once per statement (a hashed subplan), not once per row.
const LOGIN_DESKS = 'SELECT l.org, l.workstation FROM desk_logins l WHERE l.login = current_user';
const LOGIN_ORGS = 'SELECT l.org FROM desk_logins l WHERE l.login = current_user';
/** A chain belongs to the login whose workstation registered it (the first push of a SQLite file). */
const LOGIN_CHAINS = 'SELECT d.org, d.chain_id FROM desks d JOIN desk_logins l ON l.org = d.org AND l.workstation = d.workstation WHERE l.login = current_user';
const writes = (workstation: string): string => `(org, ${workstation}) IN (${LOGIN_DESKS})`;
const reads = `org IN (${LOGIN_ORGS})`;
const ownChain = `(org, chain_id) IN (${LOGIN_CHAINS})`;

/**
 * Binds each desk login to the workstations it may write for (`desk_logins`, kept by the admin),
 * replacing the organisation-wide binding of 002 for bw_workstation:
 * - a login inserts only rows of its own workstations and its own chains (row-level security on
 *   `current_user`), and updates a shared case, booking or referral only as itself (the row's
 *   `updated_by_workstation` must be one of its workstations), so a cancel from another desk is
 *   allowed and says who made it;
 * - it reads only what Find and its own upserts need: cases, bookings, booking history and
 *   referrals of its organisation, its own desks rows; never the audit trail;
 * - bw_admin owns the schema, so an admin login (not a superuser) runs `org:migrate`.
 */
export const orgMigration004: OrgMigration = {
  version: 4,
  name: 'desk-logins',
  up: `
    CREATE TABLE desk_logins (
      login name NOT NULL,
      org text NOT NULL,
      workstation text NOT NULL,
      PRIMARY KEY (login, org, workstation)
    );

    ALTER TABLE cases ADD COLUMN updated_by_workstation text;
    UPDATE cases SET updated_by_workstation = workstation;
    ALTER TABLE cases ALTER COLUMN updated_by_workstation SET NOT NULL;
    ALTER TABLE referrals ADD COLUMN updated_by_workstation text;
    UPDATE referrals SET updated_by_workstation = workstation;
    ALTER TABLE referrals ALTER COLUMN updated_by_workstation SET NOT NULL;

    DO $$
    DECLARE t text;
    BEGIN
      FOREACH t IN ARRAY ARRAY[${RECORD_TABLES.map((t) => `'${t}'`).join(', ')}] LOOP
        EXECUTE format('DROP POLICY %I ON %I', t || '_own_org', t);
      END LOOP;
    END $$;

    CREATE POLICY desks_own ON desks FOR ALL TO bw_workstation USING (${writes('workstation')}) WITH CHECK (${writes('workstation')});
    CREATE POLICY audit_events_own ON audit_events FOR INSERT TO bw_workstation WITH CHECK (${writes('workstation')} AND ${ownChain});
    CREATE POLICY booking_history_own ON booking_history FOR INSERT TO bw_workstation WITH CHECK (${writes('workstation')} AND ${ownChain});
    CREATE POLICY booking_history_find ON booking_history FOR SELECT TO bw_workstation USING (${reads});
${['cases', 'bookings', 'referrals']
  .map(
    (t) => `
    CREATE POLICY ${t}_find ON ${t} FOR SELECT TO bw_workstation USING (${reads});
    CREATE POLICY ${t}_own ON ${t} FOR INSERT TO bw_workstation WITH CHECK (${writes('workstation')} AND ${writes('updated_by_workstation')});
    CREATE POLICY ${t}_update_as_self ON ${t} FOR UPDATE TO bw_workstation USING (${reads}) WITH CHECK (${writes('updated_by_workstation')});`,
  )
  .join('')}

    ALTER TABLE desk_logins ENABLE ROW LEVEL SECURITY;
    CREATE POLICY desk_logins_self ON desk_logins FOR SELECT TO bw_workstation USING (login = current_user);
    CREATE POLICY desk_logins_read_all ON desk_logins FOR SELECT TO bw_reporting USING (true);

    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM bw_workstation;
    GRANT SELECT ON desk_logins, cases, bookings, booking_history, referrals TO bw_workstation;
    GRANT INSERT ON audit_events, booking_history TO bw_workstation;
    GRANT INSERT, UPDATE ON desks, cases, bookings, referrals TO bw_workstation;
    GRANT SELECT ON desks TO bw_workstation;
    GRANT SELECT ON desk_logins TO bw_reporting;

    -- The schema's owner is bw_admin: its members migrate and make partitions without being superusers.
    GRANT CREATE ON SCHEMA public TO bw_admin;
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO bw_admin', r.relname);
      END LOOP;
      FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proname LIKE ANY (ARRAY['bw\\_%', 'audit\\_events\\_%']) LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO bw_admin', r.fn);
      END LOOP;
    END $$;
    -- Owning audit_events would let bw_admin edit rows; the append-only triggers still refuse it.
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM bw_admin;
  `,
};

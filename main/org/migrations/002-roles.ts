import type { OrgMigration } from './types';

/**
 * Group roles; logins are granted one of them by the admin (`GRANT bw_workstation TO desk_login`).
 * A workstation inserts its own rows (row-level security: the row's `org` must be the one its
 * login is bound to with `ALTER ROLE … SET bw.org = 'ODS'`) and reads what Find needs;
 * reporting reads; admin owns the schema. No role may update, delete or truncate audit rows.
 */
export const orgMigration002: OrgMigration = {
  version: 2,
  name: 'roles',
  up: `
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bw_workstation') THEN CREATE ROLE bw_workstation NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bw_reporting') THEN CREATE ROLE bw_reporting NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bw_admin') THEN CREATE ROLE bw_admin NOLOGIN; END IF;
    END $$;

    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
    GRANT USAGE ON SCHEMA public TO bw_workstation, bw_reporting, bw_admin;

    GRANT SELECT, INSERT ON audit_events, booking_history TO bw_workstation;
    GRANT SELECT, INSERT, UPDATE ON desks, cases, bookings, referrals TO bw_workstation;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO bw_reporting;
    GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO bw_admin;
    GRANT UPDATE ON desks, cases, bookings, referrals TO bw_admin;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM bw_workstation, bw_reporting, bw_admin;

    -- A desk writes only under the organisation its login is bound to.
    CREATE FUNCTION bw_login_org() RETURNS text LANGUAGE sql STABLE AS
      $$ SELECT nullif(current_setting('bw.org', true), '') $$;
    DO $$
    DECLARE t text;
    BEGIN
      FOREACH t IN ARRAY ARRAY['desks', 'audit_events', 'cases', 'bookings', 'booking_history', 'referrals'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO bw_workstation USING (org = bw_login_org()) WITH CHECK (org = bw_login_org())', t || '_own_org', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO bw_reporting, bw_admin USING (true)', t || '_read_all', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO bw_admin WITH CHECK (true)', t || '_admin_insert', t);
      END LOOP;
    END $$;
  `,
};

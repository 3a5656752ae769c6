import type { OrgMigration } from './types';

/**
 * Find by our case reference ("K7Q-2MX"). The reference is computed from the case id, never
 * stored, so the same computation as main/workflow/references.ts lives here (immutable, indexed);
 * test/integration/org/find.test.ts checks the two agree.
 */
export const orgMigration006: OrgMigration = {
  version: 6,
  name: 'find',
  up: `
    CREATE FUNCTION bw_case_reference(case_id text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      alphabet constant text := '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
      n bigint := ('x' || lpad(substr(replace(case_id, '-', ''), 1, 12), 16, '0'))::bit(64)::bigint;
      ref text := '';
    BEGIN
      FOR i IN 1..6 LOOP
        ref := substr(alphabet, (n % 31)::int + 1, 1) || ref;
        n := n / 31;
      END LOOP;
      RETURN substr(ref, 1, 3) || '-' || substr(ref, 4);
    END $$;
    CREATE INDEX bookings_case_reference ON bookings (org, bw_case_reference(case_id));
  `,
};

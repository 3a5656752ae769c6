import type { OrgMigration } from './types';

/**
 * One audit partition per calendar month (UTC). `npm run org:migrate` calls the function for the
 * months around today on every run, so partitions exist before events arrive; anything outside
 * them lands in the default partition rather than being refused.
 */
export const orgMigration003: OrgMigration = {
  version: 3,
  name: 'month-partitions',
  up: `
    CREATE FUNCTION bw_ensure_audit_partitions(first_month date, months integer) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      m date := date_trunc('month', first_month)::date;
      made integer := 0;
      name text;
    BEGIN
      FOR i IN 0 .. months - 1 LOOP
        name := format('audit_events_%s', to_char(m, 'YYYY_MM'));
        IF to_regclass(name) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
            name, format('%s 00:00:00+00', m), format('%s 00:00:00+00', (m + interval '1 month')::date));
          made := made + 1;
        END IF;
        m := (m + interval '1 month')::date;
      END LOOP;
      RETURN made;
    END $$;
  `,
};

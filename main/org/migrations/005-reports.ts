import type { OrgMigration } from './types';

/** Names every service from the events already in the record (also after a bulk load that bypassed the trigger). */
export const SERVICE_NAMES_BACKFILL = `
    INSERT INTO org_service_names (org, service_id, name, named_at)
    SELECT DISTINCT ON (e.org, s.value->>'serviceId') e.org, s.value->>'serviceId', s.value->>'name', e.at
      FROM audit_events e, jsonb_array_elements(CASE WHEN jsonb_typeof(e.detail->'services') = 'array' THEN e.detail->'services' ELSE '[]'::jsonb END)
        WITH ORDINALITY AS s(value, n)
     WHERE e.type = 'services.offered' AND e.outcome = 'ok'
       AND jsonb_typeof(s.value->'serviceId') = 'string' AND jsonb_typeof(s.value->'name') = 'string' AND s.value->>'name' <> ''
     ORDER BY e.org, s.value->>'serviceId', e.at DESC, e.chain_id DESC, e.seq DESC, s.n DESC;`;

/**
 * What the organisation's reports (rep-cons-01…12) need beyond the record itself:
 * - `desks.site`: each desk's configured site (settings `org.site`), for grouping by site;
 * - `org_service_names`: the newest name the directory gave each DoS service, kept by a trigger
 *   on the audit trail's `services.offered` events (the same source a desk names services from),
 *   so naming a report's services reads a few rows, never the whole trail;
 * No new index: bench/org-reports.ts over 9.85M events found every report within 8.2× a bare
 * count(*) on 001's (org, type, outcome, at) and (org, case_id, type) indexes, so appends pay no more.
 */
export const orgMigration005: OrgMigration = {
  version: 5,
  name: 'reports',
  up: `
    ALTER TABLE desks ADD COLUMN site text;

    CREATE TABLE org_service_names (
      org text NOT NULL,
      service_id text NOT NULL,
      name text NOT NULL,
      named_at timestamptz NOT NULL,
      PRIMARY KEY (org, service_id)
    );

    -- A later offer's name wins (a service renamed in the directory); within one event the last
    -- entry for an id wins, as on the desk. SECURITY DEFINER: desks insert audit rows, not names.
    CREATE FUNCTION bw_note_service_names() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      INSERT INTO org_service_names (org, service_id, name, named_at)
      SELECT DISTINCT ON (s.value->>'serviceId') NEW.org, s.value->>'serviceId', s.value->>'name', NEW.at
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.detail->'services') = 'array' THEN NEW.detail->'services' ELSE '[]'::jsonb END)
          WITH ORDINALITY AS s(value, n)
       WHERE jsonb_typeof(s.value->'serviceId') = 'string' AND jsonb_typeof(s.value->'name') = 'string' AND s.value->>'name' <> ''
       ORDER BY s.value->>'serviceId', s.n DESC
      ON CONFLICT (org, service_id) DO UPDATE SET name = excluded.name, named_at = excluded.named_at
        WHERE org_service_names.named_at <= excluded.named_at;
      RETURN NULL;
    END $$;
    CREATE TRIGGER audit_events_service_names AFTER INSERT ON audit_events
      FOR EACH ROW WHEN (NEW.type = 'services.offered' AND NEW.outcome = 'ok')
      EXECUTE FUNCTION bw_note_service_names();

    ${SERVICE_NAMES_BACKFILL}
    GRANT SELECT ON org_service_names TO bw_workstation, bw_reporting, bw_admin;
    ALTER TABLE org_service_names ENABLE ROW LEVEL SECURITY;
    CREATE POLICY org_service_names_own_org ON org_service_names FOR SELECT TO bw_workstation USING (org IN (SELECT l.org FROM desk_logins l WHERE l.login = current_user));
    CREATE POLICY org_service_names_read_all ON org_service_names FOR SELECT TO bw_reporting, bw_admin USING (true);

  `,
};

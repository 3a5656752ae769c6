import type { Migration } from './types';

/**
 * Measured with bench/reports.ts over 1M events: most report time went on fetching table rows.
 * The anchor index now also covers the service and case, and a small partial index answers
 * "which practice is this case's?" (grouping by practice) without reading the event row.
 */
export const migration005: Migration = {
  version: 5,
  name: 'report-covering-indexes',
  up: `
    DROP INDEX audit_events_type_outcome_at;
    CREATE INDEX audit_events_report_anchor ON audit_events (type, outcome, at, dos_service_id, case_id);
    CREATE INDEX audit_events_case_practice ON audit_events (case_id, json_extract(detail, '$.practiceOds')) WHERE type = 'case.opened';
  `,
};

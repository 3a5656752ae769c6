import type { Migration } from './types';

/**
 * Indexes for the consumer reports (rep-cons-01…12). Reports find their anchor events by type,
 * outcome and time, then look for other events of the same case and service (did this case
 * book? was a slot offered first?) — the second index answers those without a table scan.
 */
export const migration003: Migration = {
  version: 3,
  name: 'report-indexes',
  up: `
    CREATE INDEX audit_events_type_outcome_at ON audit_events (type, outcome, at);
    CREATE INDEX audit_events_case_type_service ON audit_events (case_id, type, dos_service_id, outcome);
  `,
};

import type { ReportId } from '../../preload/contract';
import { AUDIT_EVENTS } from '../audit';

/**
 * One consumer report: SQL that yields one row per counted thing ("fact") and the metrics it
 * sums. The runner adds the grouping (service or practice), the UK day and the totals, so
 * every report is grouped and dated the same way.
 */
export interface ReportDefinition {
  id: ReportId;
  title: string;
  description: string;
  /** Text columns after the group, e.g. the error message of rep-cons-06; each is a column of `facts`. */
  labels?: readonly { key: string; label: string }[];
  /** Numeric columns of `facts`, summed per group. */
  metrics: readonly { key: string; label: string }[];
  /** The metric the charts show. */
  chartKey: string;
  /**
   * SELECT yielding `case_id`, `service` (the DoS service id the fact is about), `at` (UTC
   * instant the fact is dated by), the label columns and the metrics. Bound parameters:
   * `@start` and `@end`, the UTC bounds of the UK date range (end exclusive).
   */
  facts: string;
}

/**
 * Report SQL may name the partial indexes of migration 006 with INDEXED BY: a missing index is
 * then an error at prepare time, never a silent table scan.
 */

/** An event type as an SQL literal. The values are our own constants, never user input. */
export const ev = (key: keyof typeof AUDIT_EVENTS): string => `'${AUDIT_EVENTS[key]}'`;

/** Another event of the same case and service as `r`, written before it, matching `where`; `index` names a partial index to use. */
export function earlier(type: keyof typeof AUDIT_EVENTS, where = '1', index?: string): string {
  return `EXISTS (SELECT 1 FROM audit_events x${index !== undefined ? ` INDEXED BY ${index}` : ''} WHERE x.case_id = r.case_id AND x.type = ${ev(type)}
    AND x.dos_service_id = r.dos_service_id AND x.seq < r.seq AND ${where})`;
}

/** Any event of the same case and service as `r`, before or after it, matching `where`. */
export function inCase(type: keyof typeof AUDIT_EVENTS, where = '1'): string {
  return `EXISTS (SELECT 1 FROM audit_events x WHERE x.case_id = r.case_id AND x.type = ${ev(type)}
    AND x.dos_service_id = r.dos_service_id AND ${where})`;
}

/** Referrals sent in the range, one fact per case and service (a resend is not a second referral). */
export function referralsWhere(conditions: string, metrics = '1 AS cases'): string {
  return `SELECT r.case_id, r.dos_service_id AS service, min(r.at) AS at, ${metrics}
    FROM audit_events r INDEXED BY audit_events_referrals_sent
    WHERE r.type = ${ev('referralOutcome')} AND r.outcome = 'sent' AND r.at >= @start AND r.at < @end AND ${conditions}
    GROUP BY r.case_id, r.dos_service_id`;
}

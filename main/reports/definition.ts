import type { ReportId } from '../../preload/contract';
import { AUDIT_EVENTS } from '../audit';
import type { ReportDialect } from './dialect';

/**
 * One consumer report: SQL that yields one row per counted thing ("fact") and the metrics it
 * sums. The runner adds the grouping (service, practice, user, site or workstation), the UK day and
 * the totals, so every report is grouped and dated the same way on a desk and centrally.
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
   * instant the fact is dated by), `chain` (the desk it came from), `user_id` (the CIS2 user id of
   * the signed-in user whose event it is, for grouping by user), the label columns and the
   * metrics, written once for both engines through `d` (range bounds `d.start`, `d.end`).
   */
  facts(d: ReportDialect): string;
}

/**
 * On SQLite, report SQL may name the partial indexes of migrations 001/006 (014 keeps them) (`d.events(alias,
 * index)`): a missing index is then an error at prepare time, never a silent table scan.
 */

/** An event type as an SQL literal. The values are our own constants, never user input. */
export const ev = (key: keyof typeof AUDIT_EVENTS): string => `'${AUDIT_EVENTS[key]}'`;

/** 1 or 0 for a condition; both engines sum and compare it alike. */
export const flag = (condition: string): string => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/** Another event of the same case and service as `r`, written before it, matching `where`; `index` names a SQLite partial index to use. */
export function earlier(d: ReportDialect, type: keyof typeof AUDIT_EVENTS, where = 'TRUE', index?: string): string {
  return `EXISTS (SELECT 1 FROM ${d.events('x', index)} WHERE x.case_id = r.case_id AND x.type = ${ev(type)}
    AND x.dos_service_id = r.dos_service_id AND ${d.before('x', 'r')} AND ${where})`;
}

/** Another event of the same case and service as `r`, written after it, matching `where`. */
export function later(d: ReportDialect, type: keyof typeof AUDIT_EVENTS, where = 'TRUE'): string {
  return `EXISTS (SELECT 1 FROM ${d.events('x')} WHERE x.case_id = r.case_id AND x.type = ${ev(type)}
    AND x.dos_service_id = r.dos_service_id AND ${d.before('r', 'x')} AND ${where})`;
}

/** Any event of the same case and service as `r`, before or after it, matching `where`. */
export function inCase(d: ReportDialect, type: keyof typeof AUDIT_EVENTS, where = 'TRUE'): string {
  return `EXISTS (SELECT 1 FROM ${d.events('x')} WHERE x.case_id = r.case_id AND x.type = ${ev(type)}
    AND x.dos_service_id = r.dos_service_id AND ${where})`;
}

/** Events `alias` of one type (and outcome) dated inside the range. */
export function anchored(d: ReportDialect, alias: string, type: keyof typeof AUDIT_EVENTS, outcome?: string): string {
  return `${alias}.type = ${ev(type)}${outcome !== undefined ? ` AND ${alias}.outcome = ${outcome}` : ''} AND ${alias}.at >= ${d.start} AND ${alias}.at < ${d.end}`;
}

/**
 * Referrals sent in the range, one fact per case and service (a resend is not a second
 * referral); its desk and user are the least chain id and user id among those that sent it, so
 * both engines agree.
 */
export function referralsWhere(d: ReportDialect, conditions: string, metrics = '1 AS cases'): string {
  return `SELECT r.case_id, r.dos_service_id AS service, min(r.at) AS at, min(${d.chain('r')}) AS chain, min(r.user_id) AS user_id, ${metrics}
    FROM ${d.events('r', 'audit_events_referrals_sent')}
    WHERE ${anchored(d, 'r', 'referralOutcome', "'sent'")} AND ${conditions}
    GROUP BY r.case_id, r.dos_service_id`;
}

import type { ReportGrouping, ReportQuery, ReportTable } from '../../preload/contract';
import { AUDIT_EVENTS } from '../audit';
import type { ReportDefinition } from './definition';
import type { ReportDialect } from './dialect';
import { daysBetween } from './uk-time';

export const NO_SERVICE = '(no service)';
const NO_PRACTICE = '(practice not recorded)';
export const NO_USER = '(user not recorded)';

/**
 * The group of a fact: its DoS service id, the registered practice recorded when the case
 * opened, the CIS2 user id of the user whose event it is (named afterwards by the runner), or
 * (organisation only) the desk it came from, named afterwards by the runner.
 */
function groupExpression(groupBy: ReportGrouping, d: ReportDialect): string {
  switch (groupBy) {
    case 'service':
      return `COALESCE(f.service, '${NO_SERVICE}')`;
    case 'practice':
      if (d.practices !== undefined) return `COALESCE(p.practice, '${NO_PRACTICE}')`;
      // On SQLite the partial expression index (migration 005) answers this without reading the
      // event row; left to itself the planner picks the wider case index and is four times slower.
      return `COALESCE((SELECT ${d.json('o.detail', 'practiceOds', 'text')} FROM ${d.events('o', 'audit_events_case_practice')}
        WHERE o.case_id = f.case_id AND o.type = '${AUDIT_EVENTS.caseOpened}' LIMIT 1), '${NO_PRACTICE}')`;
    case 'user':
      return `COALESCE(f.user_id, '${NO_USER}')`;
    case 'site':
    case 'workstation':
      return 'f.chain';
  }
}

/**
 * One pass over the facts: sums per group, label and UK day; the runner folds days away for
 * the table. Fact columns are referred to unquoted (SQLite ignores case, PostgreSQL folds both
 * sides to lower case); result columns are quoted so they keep the definition's keys.
 */
export function buildReportSql(def: ReportDefinition, groupBy: ReportGrouping, d: ReportDialect): string {
  const labels = (def.labels ?? []).map((l) => `f.${l.key} AS "${l.key}"`);
  const metrics = def.metrics.map((m) => `sum(f.${m.key}) AS "${m.key}"`);
  const groupColumns = Array.from({ length: labels.length + 2 }, (_, i) => String(i + 1));
  return `
    WITH ${d.prelude}
    facts AS (${def.facts(d)})
    SELECT ${groupExpression(groupBy, d)} AS grp, ${[...labels, ''].join(', ')}
      ${d.ukDay('f.at')} AS day,
      ${metrics.join(', ')}
    FROM facts f${groupBy === 'practice' && d.practices !== undefined ? `
    LEFT JOIN ${d.practices} p ON p.case_id = f.case_id` : ''}
    GROUP BY ${groupColumns.join(', ')}`;
}

/** A result row of buildReportSql: numbers may arrive as text (PostgreSQL's bigint sums). */
export type ReportRow = Record<string, string | number | null>;

const GROUP_LABELS: Record<ReportGrouping, string> = {
  service: 'DoS service id',
  practice: 'Registered practice (ODS)',
  user: 'CIS2 user id',
  site: 'Site',
  workstation: 'Workstation',
};

/** How a user reads in a report grouped by user: "Dr Asha Patel (Clinician)". */
export interface UserName {
  name: string;
  role?: string | undefined;
}

/**
 * Per-day rows into the table (one row per group and label) and the day-by-day trend.
 * `serviceNames` names the DoS ids when grouped by service, and `userNames` the CIS2 user ids
 * when grouped by user (as their CIS2 sessions named them, never typed text): people read
 * services and colleagues by name; the id stays beside it for IT and the Provider.
 */
export function foldReport(
  def: ReportDefinition,
  query: ReportQuery,
  raw: readonly ReportRow[],
  serviceNames: () => ReadonlyMap<string, string>,
  userNames: () => ReadonlyMap<string, UserName> = () => new Map(),
): ReportTable {
  const labelKeys = (def.labels ?? []).map((l) => l.key);
  const metricKeys = def.metrics.map((m) => m.key);
  const rows = new Map<string, ReportRow>();
  const perDay = new Map<string, number>(daysBetween(query.from, query.to).map((d) => [d, 0]));
  const totals: Record<string, number> = Object.fromEntries(metricKeys.map((k) => [k, 0]));
  for (const r of raw) {
    const key = JSON.stringify([r.grp, ...labelKeys.map((k) => r[k])]);
    const row: ReportRow = rows.get(key) ?? {
      group: r.grp ?? null,
      ...Object.fromEntries(labelKeys.map((k) => [k, r[k] ?? null])),
      ...Object.fromEntries(metricKeys.map((k) => [k, 0])),
    };
    for (const k of metricKeys) {
      const n = Number(r[k] ?? 0);
      row[k] = Number(row[k]) + n;
      totals[k] = (totals[k] ?? 0) + n;
    }
    rows.set(key, row);
    const day = String(r.day);
    if (perDay.has(day)) perDay.set(day, (perDay.get(day) ?? 0) + Number(r[def.chartKey] ?? 0));
  }
  if (query.groupBy === 'service') {
    const names = serviceNames();
    for (const row of rows.values()) row.serviceName = names.get(String(row.group)) ?? (row.group === NO_SERVICE ? null : 'Name not recorded');
  }
  if (query.groupBy === 'user') {
    const names = userNames();
    for (const row of rows.values()) {
      const user = names.get(String(row.group));
      row.userName = user === undefined ? (row.group === NO_USER ? null : 'Name not recorded') : user.role !== undefined ? `${user.name} (${user.role})` : user.name;
    }
  }
  // Ties fall back to the group, then the labels: the same figures read in the same order whichever engine produced them.
  const sorted = [...rows.entries()]
    .sort(([ka, a], [kb, b]) => Number(b[def.chartKey]) - Number(a[def.chartKey]) || String(a.group).localeCompare(String(b.group)) || ka.localeCompare(kb))
    .map(([, row]) => row);
  return {
    report: def.id,
    title: def.title,
    description: def.description,
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    source: query.source ?? 'workstation',
    columns: [
      ...(query.groupBy === 'service' ? [{ key: 'serviceName', label: 'Service', numeric: false }] : []),
      ...(query.groupBy === 'user' ? [{ key: 'userName', label: 'User', numeric: false }] : []),
      { key: 'group', label: GROUP_LABELS[query.groupBy], numeric: false },
      ...(def.labels ?? []).map((l) => ({ ...l, numeric: false })),
      ...def.metrics.map((m) => ({ ...m, numeric: true })),
    ],
    rows: sorted,
    totals,
    chartKey: def.chartKey,
    trend: [...perDay].map(([day, value]) => ({ day, value })),
  };
}

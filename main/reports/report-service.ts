import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { ReportGrouping, ReportId, ReportQuery, ReportTable } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS } from '../audit';
import type { Db } from '../db/database';
import { reportCsv, reportFilename } from './csv';
import type { ReportDefinition } from './definition';
import { REPORTS } from './registry';
import { ServiceNames } from './service-names';
import { daysBetween, summerTimeSpans, ukRangeBounds } from './uk-time';

/** A report slower than this is logged, so an index that stopped helping is noticed. */
const SLOW_MS = 1000;

const NO_SERVICE = '(no service)';
const NO_PRACTICE = '(practice not recorded)';

/** The group of a fact: its DoS service id, or the registered practice recorded when the case opened. */
function groupExpression(groupBy: ReportGrouping): string {
  switch (groupBy) {
    case 'service':
      return `COALESCE(f.service, '${NO_SERVICE}')`;
    case 'practice':
      // INDEXED BY: the partial expression index (migration 005) answers this without reading the
      // event row; left to itself the planner picks the wider case index and is four times slower.
      return `COALESCE((SELECT json_extract(o.detail, '$.practiceOds') FROM audit_events o INDEXED BY audit_events_case_practice
        WHERE o.case_id = f.case_id AND o.type = '${AUDIT_EVENTS.caseOpened}' LIMIT 1), '${NO_PRACTICE}')`;
  }
}

/**
 * The UK calendar day of `f.at` (a UTC ISO instant). Only an instant in the 23:00 UTC hour can
 * fall on the next UK day (during summer time), so only those consult the BST spans.
 */
const UK_DAY = `CASE WHEN substr(f.at, 12, 2) = '23' AND EXISTS (SELECT 1 FROM bst WHERE f.at >= bst.s AND f.at < bst.e)
  THEN date(f.at, '+1 hours') ELSE substr(f.at, 1, 10) END`;

/** One pass over the facts: sums per group, label and UK day; the runner folds days away for the table. */
function buildSql(def: ReportDefinition, groupBy: ReportGrouping): string {
  const labels = (def.labels ?? []).map((l) => `f."${l.key}" AS "${l.key}"`);
  const metrics = def.metrics.map((m) => `sum(f."${m.key}") AS "${m.key}"`);
  return `
    WITH bst(s, e) AS (SELECT json_extract(value, '$.s'), json_extract(value, '$.e') FROM json_each(@bst)),
    facts AS (${def.facts})
    SELECT ${groupExpression(groupBy)} AS grp, ${[...labels, ''].join(', ')}
      ${UK_DAY} AS day,
      ${metrics.join(', ')}
    FROM facts f
    GROUP BY 1, ${[...(def.labels ?? []).map((l) => `"${l.key}"`), 'day'].join(', ')}`;
}

type Row = Record<string, string | number | null>;

/** rep-cons-01…12 over the audit store (digest §9): SQL only, so the numbers are what was recorded. */
export class ReportService {
  private readonly statements = new Map<string, Statement>();
  private readonly byId: ReadonlyMap<ReportId, ReportDefinition>;
  private readonly serviceNames: ServiceNames;

  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {
    this.byId = new Map(REPORTS.map((r) => [r.id, r]));
    this.serviceNames = new ServiceNames(db);
  }

  run(query: ReportQuery): ReportTable {
    const def = this.byId.get(query.report);
    if (def === undefined) throw new AppError('not-found', 'That report does not exist.');
    const { start, end } = ukRangeBounds(query.from, query.to);
    const bst = summerTimeSpans(Number(query.from.slice(0, 4)), Number(query.to.slice(0, 4)));
    const began = performance.now();
    const raw = this.statement(def, query.groupBy).all({ start, end, bst: JSON.stringify(bst) }) as Row[];
    const ms = performance.now() - began;
    if (ms > SLOW_MS) this.logger?.warn({ report: def.id, groupBy: query.groupBy, ms: Math.round(ms) }, 'slow report query');
    return this.fold(def, query, raw);
  }

  csv(query: ReportQuery): { filename: string; csv: string } {
    const table = this.run(query);
    return { filename: reportFilename(table), csv: reportCsv(table) };
  }

  private statement(def: ReportDefinition, groupBy: ReportGrouping): Statement {
    const key = `${def.id}:${groupBy}`;
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      stmt = this.db.prepare(buildSql(def, groupBy));
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  /** Per-day rows into the table (one row per group and label) and the day-by-day trend. */
  private fold(def: ReportDefinition, query: ReportQuery, raw: Row[]): ReportTable {
    const labelKeys = (def.labels ?? []).map((l) => l.key);
    const metricKeys = def.metrics.map((m) => m.key);
    const rows = new Map<string, Row>();
    const perDay = new Map<string, number>(daysBetween(query.from, query.to).map((d) => [d, 0]));
    const totals: Record<string, number> = Object.fromEntries(metricKeys.map((k) => [k, 0]));
    for (const r of raw) {
      const key = JSON.stringify([r.grp, ...labelKeys.map((k) => r[k])]);
      const row: Row = rows.get(key) ?? {
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
      // People read services by name; the DoS id stays beside it for IT and the Provider.
      const names = this.serviceNames.current();
      for (const row of rows.values()) row.serviceName = names.get(String(row.group)) ?? (row.group === NO_SERVICE ? null : 'Name not recorded');
    }
    const sorted = [...rows.values()].sort((a, b) => Number(b[def.chartKey]) - Number(a[def.chartKey]) || String(a.group).localeCompare(String(b.group)));
    return {
      report: def.id,
      title: def.title,
      description: def.description,
      from: query.from,
      to: query.to,
      groupBy: query.groupBy,
      columns: [
        ...(query.groupBy === 'service' ? [{ key: 'serviceName', label: 'Service', numeric: false }] : []),
        { key: 'group', label: query.groupBy === 'service' ? 'DoS service id' : 'Registered practice (ODS)', numeric: false },
        ...(def.labels ?? []).map((l) => ({ ...l, numeric: false })),
        ...def.metrics.map((m) => ({ ...m, numeric: true })),
      ],
      rows: sorted,
      totals,
      chartKey: def.chartKey,
      trend: [...perDay].map(([day, value]) => ({ day, value })),
    };
  }
}

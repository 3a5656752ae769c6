import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { ReportGrouping, ReportId, ReportQuery, ReportTable } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { Db } from '../db/database';
import { UsersSeen } from '../identity/users-seen';
import { reportCsv, reportFilename } from './csv';
import type { ReportDefinition } from './definition';
import { SQLITE } from './dialect';
import { REPORTS } from './registry';
import { buildReportSql, foldReport, type ReportRow } from './report-sql';
import { ServiceNames } from './service-names';
import { summerTimeSpans, ukRangeBounds } from './uk-time';

/** A report slower than this is logged, so an index that stopped helping is noticed. */
export const SLOW_REPORT_MS = 1000;

/** The definition of a report id, or the plain message the user sees. */
export function reportDefinition(byId: ReadonlyMap<ReportId, ReportDefinition>, id: ReportId): ReportDefinition {
  const def = byId.get(id);
  if (def === undefined) throw new AppError('not-found', 'That report does not exist.');
  return def;
}

/** rep-cons-01…12 over this workstation's audit store (digest §9): SQL only, so the numbers are what was recorded. */
export class ReportService {
  private readonly statements = new Map<string, Statement>();
  private readonly byId: ReadonlyMap<ReportId, ReportDefinition>;
  private readonly serviceNames: ServiceNames;
  private readonly users: UsersSeen;

  constructor(
    private readonly db: Db,
    private readonly logger?: Logger,
  ) {
    this.byId = new Map(REPORTS.map((r) => [r.id, r]));
    this.serviceNames = new ServiceNames(db);
    this.users = new UsersSeen(db);
  }

  run(query: ReportQuery): ReportTable {
    const def = reportDefinition(this.byId, query.report);
    if (query.groupBy === 'site' || query.groupBy === 'workstation') {
      throw new AppError('invalid-request', 'This workstation’s own reports cannot be grouped by site or workstation.', {
        action: 'Group by service or practice, or choose the organisation’s reports.',
      });
    }
    const { start, end } = ukRangeBounds(query.from, query.to);
    const bst = summerTimeSpans(Number(query.from.slice(0, 4)), Number(query.to.slice(0, 4)));
    const began = performance.now();
    const raw = this.statement(def, query.groupBy).all({ start, end, bst: JSON.stringify(bst) }) as ReportRow[];
    const ms = performance.now() - began;
    if (ms > SLOW_REPORT_MS) this.logger?.warn({ report: def.id, groupBy: query.groupBy, ms: Math.round(ms) }, 'slow report query');
    // A desk's events are its own users': it saw each of them sign in (users_seen).
    return foldReport(def, query, raw, () => this.serviceNames.current(), () => this.users.all());
  }

  csv(query: ReportQuery): { filename: string; csv: string } {
    const table = this.run(query);
    return { filename: reportFilename(table), csv: reportCsv(table) };
  }

  private statement(def: ReportDefinition, groupBy: ReportGrouping): Statement {
    const key = `${def.id}:${groupBy}`;
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      stmt = this.db.prepare(buildReportSql(def, groupBy, SQLITE));
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}

import type { Logger } from 'pino';
import type postgres from 'postgres';
import type { ReportId, ReportQuery, ReportTable } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { describeOrgFailure } from '../org/connection';
import { reportCsv, reportFilename } from './csv';
import type { ReportDefinition } from './definition';
import { POSTGRES } from './dialect';
import { REPORTS } from './registry';
import { buildReportSql, foldReport, NO_SERVICE, NO_USER, type ReportRow, type UserName } from './report-sql';
import { reportDefinition, SLOW_REPORT_MS } from './report-service';
import { ukRangeBounds } from './uk-time';

const NO_SITE = '(site not recorded)';
const NO_DESK = '(workstation not known)';

export interface OrgReportDesk {
  /** The organisation's ODS code: every query is scoped to it. */
  org: string;
  /** This desk's audit chain, and what it is called and where it is (settings `org.site`). */
  chainId: string;
  workstation: string;
  site?: string | undefined;
}

/** The organisation record could not answer; the screen offers this desk's own reports instead. */
export function orgUnreachable(cause?: unknown): AppError {
  return new AppError('org-unreachable', 'The organisation record cannot be reached, so the organisation’s figures cannot be shown.', {
    action: 'Show this workstation’s own reports instead, or try again later.',
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The desk's login may write its own rows but not read the organisation's audit trail (migration 004). */
export function orgReportsNotAllowed(cause?: unknown): AppError {
  return new AppError(
    'org-unreachable',
    'This desk’s login to the organisation record may not read the organisation’s reports, so the organisation’s figures cannot be shown.',
    {
      action: 'Show this workstation’s own reports instead. To see the organisation’s, ask IT to grant this desk’s login the reporting role (bw_reporting).',
      ...(cause !== undefined ? { cause } : {}),
    },
  );
}

/**
 * rep-cons-01…12 over the whole organisation's record in PostgreSQL: the same definitions as a
 * desk's ReportService (one SQL text per report, compiled for PostgreSQL), the same table shape,
 * grouped also by site or workstation.
 */
export class OrgReportService {
  private readonly byId: ReadonlyMap<ReportId, ReportDefinition>;
  private siteRecorded = false;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly desk: OrgReportDesk,
    private readonly logger?: Logger,
  ) {
    this.byId = new Map(REPORTS.map((r) => [r.id, r]));
  }

  /** Writes this desk's site on its row of the record, so every desk's reports can group by it. */
  async recordSite(): Promise<void> {
    if (this.siteRecorded) return;
    const { org, chainId, workstation, site } = this.desk;
    // A desk login may only insert (central migration 008): the chain's registration, then the site as a fact of its own.
    await this.sql`INSERT INTO desks (org, chain_id, workstation) VALUES (${org}, ${chainId}, ${workstation}) ON CONFLICT DO NOTHING`;
    await this.sql`INSERT INTO desk_sites (org, chain_id, workstation, site) VALUES (${org}, ${chainId}, ${workstation}, ${site ?? null})`;
    this.siteRecorded = true;
  }

  async run(query: ReportQuery): Promise<ReportTable> {
    const def = reportDefinition(this.byId, query.report);
    const organisationQuery: ReportQuery = { ...query, source: 'organisation' };
    try {
      await this.recordSite();
      const { start, end } = ukRangeBounds(query.from, query.to);
      const began = performance.now();
      const raw = await this.sql.unsafe<ReportRow[]>(buildReportSql(def, query.groupBy, POSTGRES), [start, end, this.desk.org]);
      const ms = performance.now() - began;
      if (ms > SLOW_REPORT_MS) this.logger?.warn({ report: def.id, groupBy: query.groupBy, ms: Math.round(ms) }, 'slow organisation report query');
      const rows = query.groupBy === 'site' || query.groupBy === 'workstation' ? await this.nameDesks(raw, query.groupBy) : raw;
      const names = query.groupBy === 'service' ? await this.serviceNames(rows) : new Map<string, string>();
      const users = query.groupBy === 'user' ? await this.userNames(rows) : new Map<string, UserName>();
      return foldReport(def, organisationQuery, rows, () => names, () => users);
    } catch (error) {
      const failure = describeOrgFailure(error);
      this.logger?.error({ report: def.id, kind: failure.kind, error: (error as Error).message }, 'organisation report failed');
      if ((error as { code?: unknown }).code === '42501') throw orgReportsNotAllowed(error);
      if (failure.kind === 'rejected') throw error;
      throw orgUnreachable(error);
    }
  }

  async csv(query: ReportQuery): Promise<{ filename: string; csv: string }> {
    const table = await this.run(query);
    return { filename: reportFilename(table), csv: reportCsv(table) };
  }

  /** Each fact's desk (its chain) as the workstation's name or its site; two chains of one re-imaged desk fold together. */
  private async nameDesks(raw: readonly ReportRow[], by: 'site' | 'workstation'): Promise<ReportRow[]> {
    const desks = await this.sql<{ chain_id: string; workstation: string; site: string | null }[]>`
      SELECT chain_id, workstation, site FROM desks WHERE org = ${this.desk.org}`;
    const named = new Map(desks.map((d) => [d.chain_id, by === 'site' ? (d.site ?? NO_SITE) : d.workstation]));
    return raw.map((r) => ({ ...r, grp: named.get(String(r.grp)) ?? (by === 'site' ? NO_SITE : NO_DESK) }));
  }

  /**
   * Each user's name and role in the result, as the newest of their facts that carries one says
   * (central migration 009: the desk puts them in the fact's body from the user's CIS2 session).
   * One short index scan per user, newest first, not a pass over the organisation's facts.
   */
  private async userNames(rows: readonly ReportRow[]): Promise<ReadonlyMap<string, UserName>> {
    const ids = [...new Set(rows.map((r) => String(r.grp)))].filter((id) => id !== NO_USER);
    if (ids.length === 0) return new Map();
    const found = await this.sql<{ user_id: string; name: string; role: string | null }[]>`
      SELECT u.user_id, f.name, f.role FROM unnest(${ids}::text[]) AS u(user_id)
      JOIN LATERAL (
        SELECT body->>'user_name' AS name, body->>'user_role' AS role FROM record_facts
        WHERE org = ${this.desk.org} AND user_id = u.user_id AND body ? 'user_name'
        ORDER BY received_at DESC LIMIT 1) f ON true`;
    return new Map(found.map((u) => [u.user_id, { name: u.name, role: u.role ?? undefined }]));
  }

  /** The directory's newest name for each DoS service in the result (migration 005 keeps them). */
  private async serviceNames(rows: readonly ReportRow[]): Promise<ReadonlyMap<string, string>> {
    const ids = [...new Set(rows.map((r) => String(r.grp)))].filter((id) => id !== NO_SERVICE);
    if (ids.length === 0) return new Map();
    const found = await this.sql<{ service_id: string; name: string }[]>`
      SELECT service_id, name FROM org_service_names WHERE org = ${this.desk.org} AND service_id = ANY(${ids})`;
    return new Map(found.map((n) => [n.service_id, n.name]));
  }
}

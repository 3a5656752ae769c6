import type { Logger } from 'pino';
import type { ReportQuery, ReportTable } from '../../preload/contract';
import type { Db } from '../db/database';
import type { OrgRecord } from '../org/record';
import { OrgReportService, orgUnreachable } from './org-report-service';
import { ReportService } from './report-service';

export interface ReportSources {
  run(query: ReportQuery): Promise<ReportTable>;
  csv(query: ReportQuery): Promise<{ filename: string; csv: string }>;
  sources(): Promise<{ organisation: boolean }>;
}

/**
 * The reports the screen asks for, from the organisation's record or this desk's own store as
 * the query says: never one in place of the other. An organisation that cannot answer is an
 * `org-unreachable` error, and the screen offers this desk's figures under their own name.
 */
export function reportSources(options: { db: Db; logger: Logger; org?: OrgRecord | undefined; workstation: string; site?: string | undefined }): ReportSources {
  const local = new ReportService(options.db, options.logger);
  const record = options.org;
  const central =
    record?.sql === undefined
      ? undefined
      : new OrgReportService(record.sql, { org: record.org, chainId: record.outbox.chainId(), workstation: options.workstation, site: options.site }, options.logger);
  // Best effort at start, so desks that never open Reports are still grouped by their site; run() retries.
  if (central !== undefined) {
    central.recordSite().catch((error: unknown) => options.logger.warn({ error: (error as Error).message }, 'desk site not yet recorded centrally'));
  }
  const organisation = (): OrgReportService => {
    if (central === undefined) throw orgUnreachable();
    return central;
  };
  return {
    run: (query) => (query.source === 'organisation' ? organisation().run(query) : Promise.resolve(local.run(query))),
    csv: (query) => (query.source === 'organisation' ? organisation().csv(query) : Promise.resolve(local.csv(query))),
    sources: () => Promise.resolve({ organisation: record !== undefined }),
  };
}

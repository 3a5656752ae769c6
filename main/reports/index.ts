export { ReportService } from './report-service';
export { REPORTS } from './registry';
export type { ReportDefinition } from './definition';
export { reportCsv, reportFilename } from './csv';
export { summerTimeSpans, ukRangeBounds } from './uk-time';
export { OrgReportService, type OrgReportDesk } from './org-report-service';
export { reportSources, type ReportSources } from './report-sources';

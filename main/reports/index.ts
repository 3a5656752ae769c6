export { ReportService } from './report-service';
export { REPORTS } from './registry';
export type { ReportDefinition } from './definition';
export { reportCsv, reportFilename } from './csv';
export { summerTimeSpans, ukRangeBounds } from './uk-time';

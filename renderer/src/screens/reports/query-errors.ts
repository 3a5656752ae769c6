import { MAX_REPORT_DAYS, type ReportGrouping, type ReportId, type ReportSource } from '../../../../preload/contract';
import type { FieldError } from '../../forms/ErrorSummary';

export interface ReportForm {
  report: ReportId;
  from: string;
  to: string;
  groupBy: ReportGrouping;
  /** Absent until main says whether an organisation record is configured. */
  source?: ReportSource;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The same rules as the contract's ReportQuery, worded for the form's error summary. */
export function reportFormErrors(f: ReportForm): FieldError[] {
  const errors: FieldError[] = [];
  if (!ISO_DATE.test(f.from)) errors.push({ fieldId: 'report-from', message: 'Enter the first day of the report' });
  if (!ISO_DATE.test(f.to)) errors.push({ fieldId: 'report-to', message: 'Enter the last day of the report' });
  if (errors.length > 0) return errors;
  if (f.from > f.to) errors.push({ fieldId: 'report-from', message: 'The first day must be on or before the last day' });
  const days = (Date.parse(`${f.to}T00:00:00Z`) - Date.parse(`${f.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_REPORT_DAYS) errors.push({ fieldId: 'report-to', message: `A report can cover at most ${MAX_REPORT_DAYS} days` });
  return errors;
}

import type { ReportTable } from '../../preload/contract';

/** A cell a spreadsheet would run as a formula (CSV injection); Provider messages are untrusted text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header row of the column labels; CRLF line ends, as spreadsheets expect. */
export function reportCsv(table: ReportTable): string {
  const header = table.columns.map((c) => cell(c.label)).join(',');
  const lines = table.rows.map((row) => table.columns.map((c) => cell(row[c.key])).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

export function reportFilename(table: Pick<ReportTable, 'report' | 'groupBy' | 'from' | 'to'>): string {
  return `${table.report}_by-${table.groupBy}_${table.from}_to_${table.to}.csv`;
}

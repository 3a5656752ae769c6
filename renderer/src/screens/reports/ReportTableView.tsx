import type { ReportTable } from '../../../../preload/contract';
import { formatDate } from '../../format/time';

/** The report as a table: the numbers themselves, and the accessible equivalent of the charts. */
export function ReportTableView({ table }: { table: ReportTable }) {
  const numeric = table.columns.filter((c) => c.numeric);
  const labels = table.columns.filter((c) => !c.numeric);
  return (
    <div className="app-report-table" data-testid="report-table">
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">
          {table.title}, {formatDate(table.from)} to {formatDate(table.to)}
        </caption>
        <thead className="nhsuk-table__head">
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'app-numeric' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {table.rows.length === 0 && (
            <tr>
              <td colSpan={table.columns.length}>Nothing to report in this period.</td>
            </tr>
          )}
          {table.rows.map((row, i) => (
            <tr key={i} data-group={String(row.group ?? '')}>
              {table.columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.key} scope="row">
                    {String(row[c.key] ?? '')}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? 'app-numeric' : undefined}>
                    {String(row[c.key] ?? '')}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {table.rows.length > 1 && (
          <tfoot>
            <tr data-testid="report-totals">
              <th scope="row" colSpan={labels.length}>
                Total
              </th>
              {numeric.map((c) => (
                <td key={c.key} className="app-numeric">
                  {table.totals[c.key] ?? 0}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportTable } from '../../../../preload/contract';
import { formatDate } from '../../format/time';

/** A report day (`2026-11-30`) on the chart's axis as `30 Nov`: the calendar day itself, no time zone shift. */
const axisDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const formatAxisDay = (day: string): string => axisDay.format(new Date(`${day}T00:00:00Z`));

/** NHS blue: the bars and the line; text contrast is carried by the axes' default dark grey. */
const NHS_BLUE = '#005eb8';

/** The bar chart per service or practice, and the day-by-day trend, of the report's chart column. */
export function ReportCharts({ table }: { table: ReportTable }) {
  const metric = table.columns.find((c) => c.key === table.chartKey);
  const label = metric?.label ?? table.chartKey;
  // One bar per group; rows that differ only by a text label (rep-cons-06) add up into their group.
  const perGroup = new Map<string, number>();
  for (const row of table.rows) {
    // People read a service or a colleague by name; the id only where none was recorded.
    const name = row.serviceName ?? row.userName;
    const named = typeof name === 'string' && name !== 'Name not recorded' ? name : undefined;
    const group = named ?? String(row.group ?? '');
    perGroup.set(group, (perGroup.get(group) ?? 0) + Number(row[table.chartKey] ?? 0));
  }
  const bars = [...perGroup].map(([group, value]) => ({ group, value }));
  const groupWord = table.groupBy === 'service' ? 'service' : table.groupBy === 'user' ? 'user' : 'practice';
  const total = table.totals[table.chartKey] ?? 0;
  return (
    <div className="app-report-charts">
      <figure className="app-report-chart" data-testid="report-bar-chart">
        <figcaption className="nhsuk-body-s">
          {label} by {groupWord} (the table above has the same numbers)
        </figcaption>
        <div role="img" aria-label={`Bar chart: ${label} by ${groupWord}, ${bars.length} ${groupWord}s, total ${total}.`}>
          <ResponsiveContainer width="100%" height={280}>
            <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 48, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="group" angle={-30} textAnchor="end" interval={0} height={60} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="value" name={label} fill={NHS_BLUE} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="app-report-chart" data-testid="report-trend-chart">
        <figcaption className="nhsuk-body-s">{label} per day (UK dates)</figcaption>
        <div role="img" aria-label={`Line chart: ${label} per day from ${formatDate(table.from)} to ${formatDate(table.to)}, total ${total}.`}>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={table.trend} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" minTickGap={24} tickFormatter={formatAxisDay} />
              <YAxis allowDecimals={false} />
              <Tooltip labelFormatter={(day) => (typeof day === 'string' ? formatDate(day) : day)} />
              {/* Straight segments between days: a smoothed curve would invent values between the counts. */}
              <Line type="linear" dataKey="value" name={label} stroke={NHS_BLUE} dot={table.trend.length <= 31} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}

import { z } from 'zod';
import { call } from './define';
import { Empty, IsoDate } from './common';

export const ReportId = z.enum([
  'rep-cons-01',
  'rep-cons-02',
  'rep-cons-03',
  'rep-cons-04',
  'rep-cons-05',
  'rep-cons-06',
  'rep-cons-07',
  'rep-cons-08',
  'rep-cons-09',
  'rep-cons-10',
  'rep-cons-11',
  'rep-cons-12',
]);
export type ReportId = z.infer<typeof ReportId>;

/** `user`: the signed-in user whose event it is, named as their CIS2 session named them. */
export const ReportGrouping = z.enum(['service', 'practice', 'user', 'site', 'workstation']);
export type ReportGrouping = z.infer<typeof ReportGrouping>;

/** Whose events a report counts: the whole organisation's record, or this workstation's own store. */
export const ReportSource = z.enum(['organisation', 'workstation']);
export type ReportSource = z.infer<typeof ReportSource>;

/** Site and workstation only mean something across the organisation: a desk is one of each. */
export const ORGANISATION_ONLY_GROUPINGS: readonly ReportGrouping[] = ['site', 'workstation'];

/** A longer range would make the day-by-day trend unreadable; a year covers every statutory return. */
export const MAX_REPORT_DAYS = 366;

const dayNumber = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

/** Dates are UK local calendar days (Europe/London), both ends included. */
export const ReportQuery = z
  .object({
    report: ReportId,
    from: IsoDate,
    to: IsoDate,
    groupBy: ReportGrouping,
    /** Absent means this workstation, as before an organisation record existed. */
    source: ReportSource.optional(),
  })
  .refine((q) => q.source === 'organisation' || !ORGANISATION_ONLY_GROUPINGS.includes(q.groupBy), {
    message: 'only the organisation’s reports can be grouped by site or workstation',
    path: ['groupBy'],
  })
  .refine((q) => q.from <= q.to, { message: 'the start date must be on or before the end date', path: ['from'] })
  .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_REPORT_DAYS, {
    message: `the date range can be at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportColumn = z.object({ key: z.string(), label: z.string(), numeric: z.boolean() });
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ReportTable = z.object({
  report: ReportId,
  title: z.string(),
  description: z.string(),
  from: IsoDate,
  to: IsoDate,
  groupBy: ReportGrouping,
  source: ReportSource,
  /** The first column is always `group`: the DoS service id, the practice ODS code, the CIS2 user id, the site or the workstation. */
  columns: z.array(ReportColumn),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** Each numeric column summed over every row. */
  totals: z.record(z.string(), z.number()),
  /** The numeric column the bar chart and the trend show. */
  chartKey: z.string(),
  /** Counts of `chartKey` per UK local day, every day of the range (zeros included), for the trend chart. */
  trend: z.array(z.object({ day: IsoDate, value: z.number() })),
});
export type ReportTable = z.infer<typeof ReportTable>;

export const reports = {
  /** rep-cons-01…12 (digest §9): per service or registered practice, over a UK date range. */
  run: call(ReportQuery, ReportTable),
  /** The same table as CSV text, for the user to save. */
  csv: call(ReportQuery, z.object({ filename: z.string(), csv: z.string() })),
  /** Whether an organisation record is configured on this desk: the screen then defaults to it. */
  sources: call(Empty, z.object({ organisation: z.boolean() })),
};

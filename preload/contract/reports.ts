import { z } from 'zod';
import { call } from './define';
import { IsoDate } from './common';

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

export const ReportQuery = z
  .object({
    report: ReportId,
    from: IsoDate,
    to: IsoDate,
    groupBy: z.enum(['service', 'practice']),
  })
  .refine((q) => q.from <= q.to, { message: 'the start date must be on or before the end date', path: ['from'] });

export const ReportTable = z.object({
  report: ReportId,
  title: z.string(),
  description: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), numeric: z.boolean() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  /** Counts per UK local day, for the trend chart. */
  trend: z.array(z.object({ day: IsoDate, value: z.number() })),
});
export type ReportTable = z.infer<typeof ReportTable>;

export const reports = {
  run: call(ReportQuery, ReportTable),
  csv: call(ReportQuery, z.object({ filename: z.string(), csv: z.string() })),
};

import { describe, expect, it } from 'vitest';
import { ReportQuery } from '../../preload/contract';

describe('the report query main accepts', () => {
  it('groups by site or workstation only across the organisation', () => {
    const base = { report: 'rep-cons-01', from: '2026-06-01', to: '2026-06-30' };
    expect(ReportQuery.safeParse({ ...base, groupBy: 'site', source: 'organisation' }).success).toBe(true);
    expect(ReportQuery.safeParse({ ...base, groupBy: 'workstation', source: 'organisation' }).success).toBe(true);
    const local = ReportQuery.safeParse({ ...base, groupBy: 'site', source: 'workstation' });
    expect(local.success).toBe(false);
    expect(local.error?.issues[0]?.path).toEqual(['groupBy']);
    expect(ReportQuery.safeParse({ ...base, groupBy: 'workstation' }).success).toBe(false);
    expect(ReportQuery.safeParse({ ...base, groupBy: 'practice' }).success).toBe(true);
    expect(ReportQuery.safeParse({ ...base, groupBy: 'service', source: 'everyone' }).success).toBe(false);
  });
});

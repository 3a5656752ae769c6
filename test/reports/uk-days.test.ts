import { describe, expect, it } from 'vitest';
import { ReportQuery } from '../../preload/contract';
import { summerTimeSpans, ukRangeBounds } from '../../main/reports';
import { history } from './history';

describe('UK local days', () => {
  it('knows when British Summer Time starts and ends', () => {
    expect(summerTimeSpans(2026, 2026)).toEqual([{ s: '2026-03-29T01:00:00.000Z', e: '2026-10-25T01:00:00.000Z' }]);
    // Cross-check against the platform's time zone data for a span of years.
    for (const { s, e } of summerTimeSpans(2020, 2030)) {
      const hour = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false }).format(new Date(iso));
      expect(hour(s)).toBe('02');
      expect(hour(new Date(Date.parse(s) - 1).toISOString())).toBe('00');
      expect(hour(e)).toBe('01');
    }
  });

  it('bounds a summer range by UK midnights', () => {
    expect(ukRangeBounds('2026-06-01', '2026-06-30')).toEqual({ start: '2026-05-31T23:00:00.000Z', end: '2026-06-30T23:00:00.000Z' });
  });

  it('dates an event by the UK calendar day across the clock change', () => {
    const h = history('2026-03-28T23:30:00.000Z').openCase('c1').book('c1', 'S1', 'b1') // Sat 28 Mar 23:30 GMT
      .at('2026-03-29T23:30:00.000Z').openCase('c2').book('c2', 'S1', 'b2') // Mon 30 Mar 00:30 BST
      .at('2026-10-24T23:30:00.000Z').openCase('c3').book('c3', 'S1', 'b3') // Sun 25 Oct 00:30 BST
      .at('2026-10-25T23:30:00.000Z').openCase('c4').book('c4', 'S1', 'b4'); // Sun 25 Oct 23:30 GMT
    const march = h.run('rep-cons-01', '2026-03-28', '2026-03-30').trend;
    expect(march).toEqual([{ day: '2026-03-28', value: 1 }, { day: '2026-03-29', value: 0 }, { day: '2026-03-30', value: 1 }]);
    const october = h.run('rep-cons-01', '2026-10-24', '2026-10-26').trend;
    expect(october).toEqual([{ day: '2026-10-24', value: 0 }, { day: '2026-10-25', value: 2 }, { day: '2026-10-26', value: 0 }]);
  });

  it('refuses a reversed or over-long range at the boundary', () => {
    expect(ReportQuery.safeParse({ report: 'rep-cons-01', from: '2026-06-02', to: '2026-06-01', groupBy: 'service' }).success).toBe(false);
    expect(ReportQuery.safeParse({ report: 'rep-cons-01', from: '2025-01-01', to: '2026-06-01', groupBy: 'service' }).success).toBe(false);
    expect(ReportQuery.safeParse({ report: 'rep-cons-01', from: '2026-01-01', to: '2026-12-31', groupBy: 'practice' }).success).toBe(true);
  });

  it('gives an empty table and a zero trend when nothing happened', () => {
    const t = history().run('rep-cons-04', '2026-06-01', '2026-06-07');
    expect(t.rows).toEqual([]);
    expect(t.totals).toEqual({ slotTaken: 0, cases: 0, thenBooked: 0 });
    expect(t.trend.map((d) => d.value)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

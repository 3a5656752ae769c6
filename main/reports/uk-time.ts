import { ukDayBounds } from '../workflow/uk-day';

/** A UTC interval during which UK clocks read UTC+1 (British Summer Time). */
export interface SummerTimeSpan {
  s: string;
  e: string;
}

/** The last Sunday of a month, at 01:00 UTC: when UK clocks change (since 1996, the EU rule). */
function lastSundayAt0100Utc(year: number, monthIndex: number): Date {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0, 1));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last;
}

/**
 * BST spans for the given years. Reports bucket events by UK day in SQL, which has no time
 * zones: an instant inside a span is shifted by an hour before taking its date.
 */
export function summerTimeSpans(fromYear: number, toYear: number): SummerTimeSpan[] {
  const spans: SummerTimeSpan[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    spans.push({ s: lastSundayAt0100Utc(y, 2).toISOString(), e: lastSundayAt0100Utc(y, 9).toISOString() });
  }
  return spans;
}

/** Every ISO date from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d.getTime() <= end.getTime()) {
    days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days;
}

/** The UTC instants bounding a range of UK local days: [start of `from`, start of the day after `to`). */
export function ukRangeBounds(from: string, to: string): { start: string; end: string } {
  return { start: ukDayBounds(from).start, end: ukDayBounds(to).end };
}

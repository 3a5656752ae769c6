import type { ServiceOffer } from '../../preload/contract';
import { formatDateTime, formatTime, fromUkLocalInput, ukDay } from '../../preload/contract/uk-time';

/**
 * One opening session in UK local time: days 0 (Sunday) to 6, `HH:MM`; a `to` at or before `from`
 * (or `24:00`) ends the next day. With `date` (`YYYY-MM-DD`) it is that date's only: a date with
 * dated sessions (a bank holiday) opens for those and none of its weekly ones.
 */
export interface OpeningSession {
  days: readonly number[];
  from: string;
  to: string;
  date?: string;
}

export type ServiceOpening = NonNullable<ServiceOffer['opening']>;

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The session's start and end on one UK calendar day, as instants (the clocks changing included). */
function interval(day: string, s: OpeningSession): { start: number; end: number } | undefined {
  const start = fromUkLocalInput(`${day}T${s.from}`);
  const overnight = s.to <= s.from || s.to === '24:00';
  const end = fromUkLocalInput(`${overnight ? addDays(day, 1) : day}T${s.to === '24:00' ? '00:00' : s.to}`);
  return start === undefined || end === undefined ? undefined : { start: Date.parse(start), end: Date.parse(end) };
}

/** A minute's gap: directories end a day at 23:59 and start the next at 00:00. */
const JOIN_MS = 60_000;

/** When the service really closes: sessions that follow on from each other (a day cut at midnight) are one opening. */
function closesAfter(end: number, intervals: readonly { start: number; end: number }[]): number {
  let closes = end;
  for (let moved = true; moved; ) {
    moved = false;
    for (const i of intervals) {
      if (i.start <= closes + JOIN_MS && i.end > closes) {
        closes = i.end;
        moved = true;
      }
    }
  }
  return closes;
}

/**
 * Open now, or when it next opens, from the directory's opening times at the app's clock, in UK
 * local time with the date: a service open only on weekday evenings must not look open at 02:08
 * on a Sunday. Undefined when the directory gives no opening times.
 */
export function openingAt(opening: { allHours?: boolean; sessions?: readonly OpeningSession[] }, now: Date): ServiceOpening | undefined {
  if (opening.allHours === true) return { open: true, text: 'Open now: 24 hours' };
  const sessions = opening.sessions ?? [];
  if (sessions.length === 0) return undefined;
  const today = ukDay(now);
  const intervals: { start: number; end: number }[] = [];
  // Yesterday's overnight session may still run; a weekly pattern opens again within eight days.
  for (let offset = -1; offset <= 8; offset++) {
    const day = addDays(today, offset);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const dated = sessions.filter((s) => s.date === day);
    const todays = dated.length > 0 ? dated : sessions.filter((s) => s.date === undefined && s.days.includes(weekday));
    for (const s of todays) {
      const i = interval(day, s);
      if (i !== undefined) intervals.push(i);
    }
  }
  const t = now.getTime();
  const current = intervals.filter((i) => i.start <= t && t < i.end).sort((a, b) => b.end - a.end)[0];
  if (current !== undefined) {
    // "Until 08:00" read on a Sunday night means this morning; when it closes on a later day, say which.
    const closes = new Date(closesAfter(current.end, intervals));
    return { open: true, text: `Open now, until ${ukDay(closes) === today ? formatTime(closes) : formatDateTime(closes)}` };
  }
  const next = intervals.filter((i) => i.start > t).sort((a, b) => a.start - b.start)[0];
  if (next === undefined) return { open: false, text: 'Closed now' };
  const opensAt = new Date(next.start);
  return { open: false, text: `Closed now: opens ${formatDateTime(opensAt)}`, opensAt: opensAt.toISOString() };
}

/**
 * Clinic hours are set in UK local time (Europe/London), so a 09:00 clinic stays at 09:00
 * across the clock changes. These helpers turn local wall-clock times into UTC instants.
 */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

interface LocalParts extends LocalDate {
  hour: number;
  minute: number;
}

function londonParts(ms: number): LocalParts {
  const parts = Object.fromEntries(LONDON.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function londonOffsetMinutes(ms: number): number {
  const p = londonParts(ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** The UTC instant of a London wall-clock time; minutes may run past 24:00 into the next day. */
export function londonToUtc(date: LocalDate, minutesOfDay: number): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minutesOfDay);
  const first = guess - londonOffsetMinutes(guess) * 60_000;
  // Re-check at the candidate: near a clock change the first guess can use the wrong offset.
  return guess - londonOffsetMinutes(first) * 60_000;
}

/** The London calendar dates from `daysBefore` before today to `daysAfter` after it. */
export function londonDates(nowMs: number, daysBefore: number, daysAfter: number): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let offset = -daysBefore; offset <= daysAfter; offset += 1) {
    // Noon-anchored steps keep each step on a distinct London date across clock changes.
    const p = londonParts(nowMs + offset * 86_400_000);
    dates.push({ year: p.year, month: p.month, day: p.day, weekday: p.weekday });
  }
  return dates;
}

/** `"18:30"` → 1110; `"24:00"` → 1440. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

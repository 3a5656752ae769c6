/**
 * UK date and time text for people, in one place for main and the renderer: every time shown or
 * written is Europe/London local time with the date, whatever the machine's zone or the browser's locale.
 */
const UK = 'Europe/London';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const timeOnly = new Intl.DateTimeFormat('en-GB', { timeZone: UK, hour: '2-digit', minute: '2-digit', hour12: false });
const dayHeading = new Intl.DateTimeFormat('en-GB', { timeZone: UK, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: UK, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `Tue 24 Nov 2026, 14:30` (UK time). */
export function formatDateTime(instant: string | Date): string {
  return dateTime.format(new Date(instant));
}

/** `14:30` (UK time). */
export function formatTime(instant: string | Date): string {
  return timeOnly.format(new Date(instant));
}

export function formatDayHeading(instant: string | Date): string {
  return dayHeading.format(new Date(instant));
}

/** A date of birth (`1984-03-07`) as `7 March 1984`; no time zone shift. */
export function formatDate(isoDate: string): string {
  return dateOnly.format(new Date(`${isoDate}T00:00:00Z`));
}

/** The UK calendar day of an instant, `2026-11-24`, for grouping slots by day. */
export function ukDay(instant: string | Date): string {
  return dayKey.format(new Date(instant));
}

/** `Tue 24 Nov 2026, 14:30–14:45`: a slot's start with the date, and its end time. */
export function formatSlotTimes(start: string | Date, end: string | Date): string {
  return `${formatDateTime(start)}–${formatTime(end)}`;
}

/** `1 h 20 min`, `45 min`, `2 days 3 h`. */
export function formatDuration(minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts = [days > 0 ? `${days} day${days === 1 ? '' : 's'}` : '', hours > 0 ? `${hours} h` : '', mins > 0 || m === 0 ? `${mins} min` : ''];
  return parts.filter((p) => p !== '').join(' ');
}

/** A patient's age in whole years on a given day. */
export function ageInYears(birthDate: string, on: Date = new Date()): number {
  const [y, mo, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < mo || (on.getUTCMonth() + 1 === mo && on.getUTCDate() < d)) age--;
  return age;
}

const shortDay = new Intl.DateTimeFormat('en-GB', { timeZone: UK, weekday: 'short', day: 'numeric', month: 'short' });

/** `Tue 24 Nov` (UK day), for rows already under a day heading. */
export function formatShortDay(instant: string | Date): string {
  return shortDay.format(new Date(instant));
}

// Conversions between instants and the `YYYY-MM-DDTHH:mm` text of a datetime-local input, in UK
// local time whatever the machine's own zone: clinicians read and type UK times only.

/** The fields of a datetime-local input's `YYYY-MM-DDTHH:mm`, in UK time. */
const inputParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function ukFields(instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of inputParts.formatToParts(instant)) out[p.type] = p.value;
  // Some engines write midnight as 24.
  if (out.hour === '24') out.hour = '00';
  return out;
}

/** An instant as the value of a datetime-local input showing UK time. */
export function toUkLocalInput(instant: string | Date): string {
  const f = ukFields(new Date(instant));
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A datetime-local value read as UK time, as an ISO instant; undefined when it is not a valid time. */
export function fromUkLocalInput(value: string): string | undefined {
  const m = LOCAL.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Try the two offsets the UK uses (GMT, BST) and keep the one that reads back as typed.
  for (const offsetMinutes of [0, 60]) {
    const candidate = new Date(asUtc - offsetMinutes * 60_000);
    if (toUkLocalInput(candidate) === value) return candidate.toISOString();
  }
  // A time that does not exist (the hour skipped when the clocks go forward).
  return undefined;
}

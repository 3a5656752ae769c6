/**
 * The one reader of FHIR `instant` and `dateTime` text, shared by the contract and main/fhir so
 * that what the FHIR layer accepts is exactly what the response contract lets through.
 *
 * `instant` (STU3 and R4): YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm), seconds and the offset
 * required, offsets from -14:00 to +14:00, a fraction of up to nine digits (read to the
 * millisecond; the types allow more, but JavaScript's Date misreads ten or more). Unlike the types' regexes this also checks the calendar: 30 February or
 * 29 February 2026 is not a date, and 24:00 is not a time. Years run 0001–9999 (R4); STU3's regex
 * also lets a leading `-` through, which no appointment can carry, so it is refused. The regexes
 * allow second 60 (a leap second); it is refused too, because no clock a clinician reads can show
 * it and JavaScript's Date cannot hold it. Every instant accepted here reads as the same moment
 * with `new Date(text)`, which the renderer relies on.
 */

export interface ParsedInstant {
  /** The text as received: shown and sent back unchanged. */
  text: string;
  /** Milliseconds since the epoch; the one value to compare and sort by. */
  epochMs: number;
  /** The written offset in minutes east of UTC. */
  offsetMinutes: number;
}

export type InstantResult = { ok: true; value: ParsedInstant } | { ok: false; problem: string };

export type DateTimePrecision = 'year' | 'month' | 'day' | 'time';
export type DateTimeResult =
  | { ok: true; value: { text: string; precision: 'year' | 'month' | 'day' } }
  | { ok: true; value: ParsedInstant & { precision: 'time' } }
  | { ok: false; problem: string };

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Reads a FHIR `instant`; the problem names what is wrong in words a log reader understands. */
export function parseInstant(input: unknown): InstantResult {
  if (typeof input !== 'string') return fail(`expected an instant as text, got ${kindOf(input)}`);
  const canonicalMs = canonicalUtcMs(input);
  if (canonicalMs !== undefined) return { ok: true, value: { text: input, epochMs: canonicalMs, offsetMinutes: 0 } };
  const m = INSTANT.exec(input);
  if (m === null) return fail(shapeProblem(input));
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction = '', zone = '', sign = '', oh = '', om = ''] = m;
  const dateProblem = calendarProblem(Number(y), Number(mo), Number(d));
  if (dateProblem !== undefined) return fail(dateProblem);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23) return fail(`hour ${h} is not a time of day (midnight is 00:00 of the next day)`);
  if (minute > 59) return fail(`minute ${mi} is not a time`);
  if (second === 60) return fail('second 60 is a leap second, which cannot be shown as a time: skipped rather than moved');
  if (second > 59) return fail(`second ${s} is not a time`);
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const offH = Number(oh);
    const offM = Number(om);
    if (offM > 59 || offH > 14 || (offH === 14 && offM !== 0)) return fail(`offset ${zone} is not between -14:00 and +14:00`);
    const total = offH * 60 + offM;
    // -00:00 is UTC too; never a negative zero.
    offsetMinutes = sign === '-' && total !== 0 ? -total : total;
  }
  if (fraction.length > 9) return fail(`a fraction of a second with ${fraction.length} digits is longer than nine (JavaScript's Date misreads it)`);
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const epochMs = utcMs(Number(y), Number(mo), Number(d), hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, value: { text: input, epochMs, offsetMinutes } };
}

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * The moment of a valid instant in the one shape most replies use (`toISOString()`:
 * YYYY-MM-DDThh:mm:ss.sssZ), read digit by digit without the regex or any substring (a slot
 * search reads two per Slot). Undefined for any other text, and for any text in this shape the
 * general reader would refuse or must read itself (years below 100): it then reads it, and names
 * the problem.
 */
function canonicalUtcMs(input: string): number | undefined {
  if (input.length !== 24) return undefined;
  // - - T : : . Z
  if (input.charCodeAt(4) !== 45 || input.charCodeAt(7) !== 45 || input.charCodeAt(10) !== 84 || input.charCodeAt(13) !== 58 || input.charCodeAt(16) !== 58 || input.charCodeAt(19) !== 46 || input.charCodeAt(23) !== 90) return undefined;
  for (let n = 0; n < DIGIT_AT.length; n += 1) {
    const c = input.charCodeAt(DIGIT_AT[n] as number);
    if (c < 48 || c > 57) return undefined;
  }
  const year = twoDigits(input, 0) * 100 + twoDigits(input, 2);
  const month = twoDigits(input, 5);
  const day = twoDigits(input, 8);
  const hour = twoDigits(input, 11);
  const minute = twoDigits(input, 14);
  const second = twoDigits(input, 17);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, twoDigits(input, 20) * 10 + input.charCodeAt(22) - 48);
}

/** The number two ASCII digits at `i` write (the caller has checked they are digits). */
function twoDigits(text: string, i: number): number {
  return (text.charCodeAt(i) - 48) * 10 + text.charCodeAt(i + 1) - 48;
}

/** Reads a FHIR `dateTime`: a year, year-month or date alone, or a full instant (a time needs its offset). */
export function parseDateTime(input: unknown): DateTimeResult {
  if (typeof input !== 'string') return fail(`expected a dateTime as text, got ${kindOf(input)}`);
  if (input.includes('T')) {
    const instant = parseInstant(input);
    return instant.ok ? { ok: true, value: { ...instant.value, precision: 'time' } } : instant;
  }
  const m = PARTIAL_DATE.exec(input);
  if (m === null) return fail(`"${clip(input)}" is not a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or a full time with an offset)`);
  const year = Number(m[1]);
  if (m[2] === undefined) return year === 0 ? fail('year 0000 is not a year') : { ok: true, value: { text: input, precision: 'year' } };
  if (m[3] === undefined) {
    const month = Number(m[2]);
    if (year === 0) return fail('year 0000 is not a year');
    return month >= 1 && month <= 12 ? { ok: true, value: { text: input, precision: 'month' } } : fail(`month ${m[2]} is not a month`);
  }
  const problem = calendarProblem(year, Number(m[2]), Number(m[3]));
  return problem === undefined ? { ok: true, value: { text: input, precision: 'day' } } : fail(problem);
}

/** True when `input` is a FHIR instant that names a real moment. */
export function isInstant(input: unknown): input is string {
  return parseInstant(input).ok;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function calendarProblem(year: number, month: number, day: number): string | undefined {
  if (year === 0) return 'year 0000 is not a year';
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} is not a month`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `${day} ${MONTHS[month - 1] ?? ''} ${year} is not a date`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not. Every other year takes the cheap path (slot searches read thousands). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function shapeProblem(input: string): string {
  const text = `"${clip(input)}"`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) return `${text} is a date without a time`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/.test(input)) return `${text} has no seconds`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(input)) return `${text} has no time zone offset`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}$/.test(input)) return `${text} has an offset without a colon (write ±hh:mm)`;
  return `${text} is not a FHIR instant (YYYY-MM-DDThh:mm:ss with Z or ±hh:mm)`;
}

function clip(input: string): string {
  return input.length > 40 ? `${input.slice(0, 40)}…` : input;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function fail(problem: string): { ok: false; problem: string } {
  return { ok: false, problem };
}

/**
 * The NHS date-input pattern (separate day, month and year boxes): UK order whatever the
 * browser's locale, and a message that names the part that is wrong.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = keyof DateParts;

export const emptyDateParts = (): DateParts => ({ day: '', month: '', year: '' });

/** An ISO date (YYYY-MM-DD) as the three boxes show it. */
export function partsFromIso(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (m === null) return emptyDateParts();
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] ?? '' };
}

export const isBlank = (p: DateParts): boolean => p.day.trim() === '' && p.month.trim() === '' && p.year.trim() === '';

export type DateCheck = { ok: true; iso: string } | { ok: false; message: string; part: DatePart | 'all' };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A month typed as a number or as a name ("3", "03", "Mar", "March"). */
function monthNumber(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) return Number(t);
  const i = MONTHS.findIndex((m) => t.length >= 3 && m.startsWith(t.slice(0, 3)));
  return i >= 0 ? i + 1 : undefined;
}

/**
 * Reads the three boxes as a real calendar date. `label` starts each message ("Date of birth
 * must include a month"), as the NHS pattern words them.
 */
export function checkDateParts(p: DateParts, label: string): DateCheck {
  const day = p.day.trim();
  const month = p.month.trim();
  const year = p.year.trim();
  if (day === '' && month === '' && year === '') return { ok: false, message: `Enter the ${label.toLowerCase()}`, part: 'all' };
  const missing = (['day', 'month', 'year'] as const).filter((k) => p[k].trim() === '');
  if (missing.length > 0) return { ok: false, message: `${label} must include a ${missing.join(' and a ')}`, part: missing[0] ?? 'day' };
  if (!/^\d{1,2}$/.test(day)) return { ok: false, message: `${label} must be a real date: the day is a number from 1 to 31`, part: 'day' };
  const m = monthNumber(month);
  if (m === undefined || m < 1 || m > 12) return { ok: false, message: `${label} must be a real date: the month is a number from 1 to 12`, part: 'month' };
  if (!/^\d{4}$/.test(year)) return { ok: false, message: 'Year must include 4 numbers', part: 'year' };
  const d = Number(day);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: `${label} must be a real date`, part: 'day' };
  }
  return { ok: true, iso: date.toISOString().slice(0, 10) };
}

/** A 24-hour UK time typed as "14:30", "14.30" or "1430"; undefined when it is not one. */
export function checkTime(text: string): string | undefined {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  if (m === null) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * Conversions between instants and the `YYYY-MM-DDTHH:mm` text of a datetime-local input, in
 * UK local time whatever the machine's own zone: clinicians read and type UK times only.
 */
const UK = 'Europe/London';

const parts = new Intl.DateTimeFormat('en-GB', {
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
  for (const p of parts.formatToParts(instant)) out[p.type] = p.value;
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

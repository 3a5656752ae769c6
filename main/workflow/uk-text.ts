/** UK local date and time for messages written in main (the renderer shows them as given). */
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

/** `Tue 24 Nov 2026, 14:30` */
export function ukDateTime(instant: string | Date): string {
  return dateTime.format(new Date(instant));
}

/** `Tue 24 Nov 2026, 14:30–14:45` */
export function ukSlot(start: string, end: string): string {
  return `${ukDateTime(start)}–${timeOnly.format(new Date(end))}`;
}

/** `3 h 56 min`, `45 min`, `0 min` */
export function duration(minutes: number): string {
  const m = Math.abs(minutes);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h === 0 ? `${String(rest)} min` : `${String(h)} h ${String(rest)} min`;
}

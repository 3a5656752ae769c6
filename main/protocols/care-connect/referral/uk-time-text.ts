const UK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * An instant as the people reading the referral at the receiving service read times: UK local
 * date and 24-hour time, with the day ("Wed 10 Jun 2026, 10:00 UK time"). The machine-readable
 * HL7 times elsewhere in the document stay as they are.
 */
export function ukTimeText(instant: string | Date): string {
  return `${UK.format(new Date(instant))} UK time`;
}

/** The UTC instants a UK calendar day (Europe/London) starts and ends at, across clock changes. */
export function ukDayBounds(isoDate: string): { start: string; end: string } {
  return { start: ukMidnight(isoDate).toISOString(), end: ukMidnight(nextDay(isoDate)).toISOString() };
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function ukMidnight(isoDate: string): Date {
  const utcMidnight = new Date(`${isoDate}T00:00:00Z`);
  // London is UTC or UTC+1; at UTC midnight the London wall clock says 00:00 or 01:00.
  const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hour12: false }).format(utcMidnight));
  return new Date(utcMidnight.getTime() - (londonHour % 24) * 3_600_000);
}

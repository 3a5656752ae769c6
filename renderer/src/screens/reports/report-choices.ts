import { ORGANISATION_ONLY_GROUPINGS, type ReportGrouping, type ReportId, type ReportSource } from '../../../../preload/contract';

/** The picker's labels; the report's full title and description come back with its result. */
export const REPORT_CHOICES: readonly { value: ReportId; label: string }[] = [
  { value: 'rep-cons-01', label: '01 – Bookings compared with referrals' },
  { value: 'rep-cons-02', label: '02 – No appointments offered, but referred' },
  { value: 'rep-cons-03', label: '03 – Appointments offered, not booked, referred' },
  { value: 'rep-cons-04', label: '04 – Slot taken between offer and booking' },
  { value: 'rep-cons-05', label: '05 – Top bookable service not chosen' },
  { value: 'rep-cons-06', label: '06 – Booking errors by message' },
  { value: 'rep-cons-07', label: '07 – Booked, then cancelled in the same encounter' },
  { value: 'rep-cons-08', label: '08 – Rebooked' },
  { value: 'rep-cons-09', label: '09 – Cancelled later' },
  { value: 'rep-cons-10', label: '10 – Inside the timeframe: bookings and slots' },
  { value: 'rep-cons-11', label: '11 – Outside the timeframe: bookings and slots' },
  { value: 'rep-cons-12', label: '12 – Not booked: all slots outside the timeframe, referred' },
];

const GROUPING_CHOICES: readonly { value: ReportGrouping; label: string }[] = [
  { value: 'service', label: 'DoS service' },
  { value: 'practice', label: 'Registered GP practice' },
  { value: 'user', label: 'User (who did it)' },
  { value: 'site', label: 'Site' },
  { value: 'workstation', label: 'Workstation' },
];

/** Site and workstation are offered only for the organisation's reports: a desk is one of each. */
export function groupingChoices(source: ReportSource): readonly { value: ReportGrouping; label: string }[] {
  return source === 'organisation' ? GROUPING_CHOICES : GROUPING_CHOICES.filter((c) => !ORGANISATION_ONLY_GROUPINGS.includes(c.value));
}

export const SOURCE_CHOICES: readonly { value: ReportSource; label: string }[] = [
  { value: 'organisation', label: 'The whole organisation' },
  { value: 'workstation', label: 'This workstation only' },
];

export const GROUPING_WORDS: Record<ReportGrouping, string> = {
  service: 'DoS service',
  practice: 'registered practice',
  user: 'user',
  site: 'site',
  workstation: 'workstation',
};

/** The UK calendar date `days` before `isoDate`. */
export function daysBefore(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

import { anchored, earlier, ev, flag, inCase, later, referralsWhere, type ReportDefinition } from './definition';

/** rep-cons-01…06: what happened between the slot search and the booking or referral. */
export const BOOKING_REPORTS: readonly ReportDefinition[] = [
  {
    id: 'rep-cons-01',
    title: 'Bookings compared with referrals',
    description:
      'Appointments booked and referrals (CDA) sent, dated by when each happened. "Referrals after a booking" carry the booked appointment.',
    metrics: [
      { key: 'bookings', label: 'Bookings' },
      { key: 'referrals', label: 'Referrals sent' },
      { key: 'referralsAfterBooking', label: 'Referrals after a booking' },
    ],
    chartKey: 'bookings',
    facts: (d) => `
      SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id, 1 AS bookings, 0 AS referrals, 0 AS referralsAfterBooking
        FROM ${d.events('r', 'audit_events_booked')} WHERE ${anchored(d, 'r', 'bookingOutcome', "'booked'")}
      UNION ALL
      SELECT r.case_id, r.dos_service_id, r.at, ${d.chain('r')}, r.user_id, 0, 1, ${flag(`${d.json('r.detail', 'booked', 'boolean')} IS TRUE`)}
        FROM ${d.events('r', 'audit_events_referrals_sent')} WHERE ${anchored(d, 'r', 'referralOutcome', "'sent'")}`,
  },
  {
    id: 'rep-cons-02',
    title: 'No appointments offered, but referred',
    description:
      'Cases referred to a service whose slot search offered no appointment (none free, or the search failed) and never offered one before the referral. Dated by the referral.',
    metrics: [
      { key: 'cases', label: 'Cases' },
      { key: 'noSlots', label: 'Service had no free slots' },
      { key: 'searchFailed', label: 'Slot search failed' },
    ],
    chartKey: 'cases',
    facts: (d) => `
      SELECT case_id, service, at, chain, user_id, 1 AS cases, noSlots, searchFailed FROM (
        ${referralsWhere(
          d,
          `${earlier(d, 'slotSearchOutcome', "x.outcome IN ('no-slots', 'error')")} AND NOT ${earlier(d, 'slotSearchOutcome', "x.outcome = 'ok'", 'audit_events_case')}`,
          `max(${flag(earlier(d, 'slotSearchOutcome', "x.outcome = 'no-slots'"))}) AS noSlots, max(${flag(earlier(d, 'slotSearchOutcome', "x.outcome = 'error'"))}) AS searchFailed`,
        )}) AS referred`,
  },
  {
    id: 'rep-cons-03',
    title: 'Appointments offered, not booked, referred',
    description: 'Cases where the service offered appointments, none was booked with it, and a referral was sent to it. Dated by the referral.',
    metrics: [{ key: 'cases', label: 'Cases' }],
    chartKey: 'cases',
    facts: (d) =>
      referralsWhere(
        d,
        `${earlier(d, 'slotSearchOutcome', "x.outcome = 'ok'", 'audit_events_case')} AND NOT ${inCase(d, 'bookingOutcome', "x.outcome = 'booked'")}`,
      ),
  },
  {
    id: 'rep-cons-04',
    title: 'Slot taken between offer and booking',
    description:
      'Booking attempts the Provider refused because someone else booked the slot after it was shown. "Then booked" counts cases that went on to book with the same service.',
    metrics: [
      { key: 'slotTaken', label: 'Slot taken' },
      { key: 'cases', label: 'Cases affected' },
      { key: 'thenBooked', label: 'Then booked another slot' },
    ],
    chartKey: 'slotTaken',
    facts: (d) => {
      const takenBefore = earlier(d, 'bookingOutcome', "x.outcome = 'slot-taken'");
      return `
      SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id, 1 AS slotTaken,
        ${flag(`NOT ${takenBefore}`)} AS cases,
        ${flag(`NOT ${takenBefore} AND ${later(d, 'bookingOutcome', "x.outcome = 'booked'")}`)} AS thenBooked
      FROM ${d.events('r')}
      WHERE ${anchored(d, 'r', 'bookingOutcome', "'slot-taken'")}`;
    },
  },
  {
    id: 'rep-cons-05',
    title: 'Top bookable service not chosen',
    description:
      'Cases whose final choice was not the highest-ranked bookable service DoS offered. Grouped by that top service (or the practice); dated by the choice.',
    metrics: [
      { key: 'notChosen', label: 'Top bookable service not chosen' },
      { key: 'choseNotBookable', label: 'Chose a service that cannot be booked' },
      { key: 'choseOtherBookable', label: 'Chose another bookable service' },
    ],
    chartKey: 'notChosen',
    facts: (d) => {
      const top = d.json('r.detail', 'topBookableServiceId', 'text');
      const bookable = `${d.json('r.detail', 'bookable', 'boolean')} IS TRUE`;
      return `
      SELECT r.case_id, ${top} AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id, 1 AS notChosen,
        ${flag(`NOT (${bookable})`)} AS choseNotBookable,
        ${flag(bookable)} AS choseOtherBookable
      FROM ${d.events('r', 'audit_events_choices')}
      WHERE ${anchored(d, 'r', 'serviceChosen')} AND ${top} IS NOT NULL AND ${top} <> r.dos_service_id
        AND NOT EXISTS (SELECT 1 FROM ${d.events('x')} WHERE x.case_id = r.case_id AND x.type = ${ev('serviceChosen')} AND ${d.before('r', 'x')})`;
    },
  },
  {
    id: 'rep-cons-06',
    title: 'Booking errors by message',
    description: 'Booking attempts that failed, by the message the user was shown and the error code. Includes slot taken and answers lost.',
    labels: [
      { key: 'message', label: 'Message shown' },
      { key: 'errorCode', label: 'Error code' },
    ],
    metrics: [{ key: 'errors', label: 'Errors' }],
    chartKey: 'errors',
    facts: (d) => `
      SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id,
        COALESCE(${d.json('r.detail', 'message', 'text')}, r.outcome) AS message,
        COALESCE(${d.json('r.detail', 'errorCode', 'text')}, ${d.json('r.detail', 'spineCode', 'text')}, r.outcome) AS errorCode,
        1 AS errors
      FROM ${d.events('r')}
      WHERE r.type = ${ev('bookingOutcome')} AND r.outcome IN ('error', 'slot-taken', 'rejected', 'unknown') AND r.at >= ${d.start} AND r.at < ${d.end}`,
  },
];

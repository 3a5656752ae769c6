import { earlier, ev, inCase, referralsWhere, type ReportDefinition } from './definition';

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
    facts: `
      SELECT case_id, dos_service_id AS service, at, 1 AS bookings, 0 AS referrals, 0 AS referralsAfterBooking
        FROM audit_events INDEXED BY audit_events_booked WHERE type = ${ev('bookingOutcome')} AND outcome = 'booked' AND at >= @start AND at < @end
      UNION ALL
      SELECT case_id, dos_service_id, at, 0, 1, CASE WHEN json_extract(detail, '$.booked') THEN 1 ELSE 0 END
        FROM audit_events INDEXED BY audit_events_referrals_sent WHERE type = ${ev('referralOutcome')} AND outcome = 'sent' AND at >= @start AND at < @end`,
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
    facts: `
      SELECT case_id, service, at, 1 AS cases, noSlots, searchFailed FROM (
        ${referralsWhere(
          `${earlier('slotSearchOutcome', "x.outcome IN ('no-slots', 'error')")} AND NOT ${earlier('slotSearchOutcome', "x.outcome = 'ok'", 'audit_events_case_offers')}`,
          `max(${earlier('slotSearchOutcome', "x.outcome = 'no-slots'")}) AS noSlots, max(${earlier('slotSearchOutcome', "x.outcome = 'error'")}) AS searchFailed`,
        )})`,
  },
  {
    id: 'rep-cons-03',
    title: 'Appointments offered, not booked, referred',
    description: 'Cases where the service offered appointments, none was booked with it, and a referral was sent to it. Dated by the referral.',
    metrics: [{ key: 'cases', label: 'Cases' }],
    chartKey: 'cases',
    facts: referralsWhere(
      `${earlier('slotSearchOutcome', "x.outcome = 'ok'", 'audit_events_case_offers')} AND NOT ${inCase('bookingOutcome', "x.outcome = 'booked'")}`,
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
    facts: `
      SELECT r.case_id, r.dos_service_id AS service, r.at, 1 AS slotTaken,
        CASE WHEN ${earlier('bookingOutcome', "x.outcome = 'slot-taken'")} THEN 0 ELSE 1 END AS cases,
        CASE WHEN NOT ${earlier('bookingOutcome', "x.outcome = 'slot-taken'")}
          AND EXISTS (SELECT 1 FROM audit_events x WHERE x.case_id = r.case_id AND x.type = ${ev('bookingOutcome')}
            AND x.dos_service_id = r.dos_service_id AND x.seq > r.seq AND x.outcome = 'booked') THEN 1 ELSE 0 END AS thenBooked
      FROM audit_events r
      WHERE r.type = ${ev('bookingOutcome')} AND r.outcome = 'slot-taken' AND r.at >= @start AND r.at < @end`,
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
    facts: `
      SELECT r.case_id, json_extract(r.detail, '$.topBookableServiceId') AS service, r.at, 1 AS notChosen,
        CASE WHEN json_extract(r.detail, '$.bookable') THEN 0 ELSE 1 END AS choseNotBookable,
        CASE WHEN json_extract(r.detail, '$.bookable') THEN 1 ELSE 0 END AS choseOtherBookable
      FROM audit_events r INDEXED BY audit_events_choices
      WHERE r.type = ${ev('serviceChosen')} AND r.at >= @start AND r.at < @end
        AND json_extract(r.detail, '$.topBookableServiceId') IS NOT NULL
        AND json_extract(r.detail, '$.topBookableServiceId') <> r.dos_service_id
        AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.case_id = r.case_id AND x.type = ${ev('serviceChosen')} AND x.seq > r.seq)`,
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
    facts: `
      SELECT case_id, dos_service_id AS service, at,
        COALESCE(json_extract(detail, '$.message'), outcome) AS message,
        COALESCE(json_extract(detail, '$.errorCode'), json_extract(detail, '$.spineCode'), outcome) AS errorCode,
        1 AS errors
      FROM audit_events
      WHERE type = ${ev('bookingOutcome')} AND outcome IN ('error', 'slot-taken', 'rejected', 'unknown') AND at >= @start AND at < @end`,
  },
];

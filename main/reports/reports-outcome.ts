import { earlier, ev, inCase, referralsWhere, type ReportDefinition } from './definition';

/** A cancellation that was the second half of a rebook belongs to rep-cons-08, not 07 or 09. */
const notPartOfRebook = `NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.case_id = r.case_id AND x.type = ${ev('rebookOutcome')}
  AND json_extract(x.detail, '$.fromBookingId') = json_extract(r.detail, '$.bookingId'))`;

const cancellations = (sameEncounter: boolean): string => `
  SELECT r.case_id, r.dos_service_id AS service, r.at,
    CASE WHEN r.outcome = 'cancelled' THEN 1 ELSE 0 END AS cancelled,
    CASE WHEN r.outcome = 'cancelled' THEN 0 ELSE 1 END AS cancelFailed
  FROM audit_events r
  WHERE r.type = ${ev('cancelOutcome')} AND r.at >= @start AND r.at < @end
    AND json_extract(r.detail, '$.sameEncounter') = ${sameEncounter ? 1 : 0} AND ${notPartOfRebook}`;

/** Slot searches that returned slots, and bookings, on one side of the assessment deadline. */
const timeframe = (side: 'inside' | 'outside'): string => {
  const slotsKey = side === 'inside' ? '$.insideTimeframe' : '$.outsideTimeframe';
  const outside = side === 'outside' ? 1 : 0;
  return `
    SELECT case_id, dos_service_id AS service, at, 1 AS bookings, 0 AS searches, 0 AS slots, 0 AS approvals
      FROM audit_events INDEXED BY audit_events_booked WHERE type = ${ev('bookingOutcome')} AND outcome = 'booked' AND at >= @start AND at < @end
        AND COALESCE(json_extract(detail, '$.outsideTimeframe'), 0) = ${outside}
    UNION ALL
    SELECT case_id, dos_service_id, at, 0, CASE WHEN json_extract(detail, '${slotsKey}') > 0 THEN 1 ELSE 0 END,
        COALESCE(json_extract(detail, '${slotsKey}'), 0), 0
      FROM audit_events INDEXED BY audit_events_slot_offers WHERE type = ${ev('slotSearchOutcome')} AND outcome = 'ok' AND at >= @start AND at < @end
    ${
      side === 'outside'
        ? `UNION ALL SELECT case_id, dos_service_id, at, 0, 0, 0, 1
      FROM audit_events WHERE type = ${ev('outOfTimeframeApproved')} AND at >= @start AND at < @end`
        : ''
    }`;
};

/** rep-cons-07…12: what became of bookings, and the assessment timeframe. */
export const OUTCOME_REPORTS: readonly ReportDefinition[] = [
  {
    id: 'rep-cons-07',
    title: 'Booked, then cancelled in the same encounter',
    description: 'Cancellations made while the case was still open (not as part of a rebook). Dated by the cancellation.',
    metrics: [
      { key: 'cancelled', label: 'Cancelled' },
      { key: 'cancelFailed', label: 'Cancel failed' },
    ],
    chartKey: 'cancelled',
    facts: cancellations(true),
  },
  {
    id: 'rep-cons-08',
    title: 'Rebooked',
    description:
      'Rebooks: the new appointment booked first, then the old one cancelled. Counts rebooks completed, those whose old appointment could not be cancelled, and those where the new booking failed.',
    metrics: [
      { key: 'rebooked', label: 'Rebooked' },
      { key: 'oldNotCancelled', label: 'Old appointment not cancelled' },
      { key: 'newBookingFailed', label: 'New booking failed' },
    ],
    chartKey: 'rebooked',
    facts: `
      SELECT case_id, dos_service_id AS service, at,
        CASE WHEN outcome LIKE 'rebooked%' THEN 1 ELSE 0 END AS rebooked,
        CASE WHEN outcome = 'rebooked-old-not-cancelled' THEN 1 ELSE 0 END AS oldNotCancelled,
        CASE WHEN outcome LIKE 'rebooked%' THEN 0 ELSE 1 END AS newBookingFailed
      FROM audit_events WHERE type = ${ev('rebookOutcome')} AND at >= @start AND at < @end`,
  },
  {
    id: 'rep-cons-09',
    title: 'Cancelled later',
    description: 'Cancellations made after the case was closed, e.g. when the patient called back. Dated by the cancellation.',
    metrics: [
      { key: 'cancelled', label: 'Cancelled' },
      { key: 'cancelFailed', label: 'Cancel failed' },
    ],
    chartKey: 'cancelled',
    facts: cancellations(false),
  },
  {
    id: 'rep-cons-10',
    title: 'Inside the timeframe: bookings and slots offered',
    description:
      'Bookings of slots before the assessment deadline, against slot searches that offered such slots and how many. Dated by each event.',
    metrics: [
      { key: 'bookings', label: 'Bookings inside the timeframe' },
      { key: 'searches', label: 'Searches offering slots inside' },
      { key: 'slots', label: 'Slots offered inside' },
    ],
    chartKey: 'bookings',
    facts: `SELECT case_id, service, at, bookings, searches, slots FROM (${timeframe('inside')})`,
  },
  {
    id: 'rep-cons-11',
    title: 'Outside the timeframe: bookings and slots offered',
    description:
      'Bookings of slots after the assessment deadline (each with a clinical approval), against slot searches that offered such slots. Dated by each event.',
    metrics: [
      { key: 'bookings', label: 'Bookings outside the timeframe' },
      { key: 'approvals', label: 'Clinical approvals recorded' },
      { key: 'searches', label: 'Searches offering slots outside' },
      { key: 'slots', label: 'Slots offered outside' },
    ],
    chartKey: 'bookings',
    facts: timeframe('outside'),
  },
  {
    id: 'rep-cons-12',
    title: 'Not booked: every slot outside the timeframe, referred',
    description:
      'Cases referred to a service whose slot searches offered only slots after the deadline, with no booking made. Dated by the referral.',
    metrics: [{ key: 'cases', label: 'Cases' }],
    chartKey: 'cases',
    facts: referralsWhere(
      `${earlier('slotSearchOutcome', "x.outcome = 'ok' AND json_extract(x.detail, '$.insideTimeframe') = 0 AND json_extract(x.detail, '$.outsideTimeframe') > 0", 'audit_events_case_offers')}
       AND NOT ${earlier('slotSearchOutcome', "x.outcome = 'ok' AND json_extract(x.detail, '$.insideTimeframe') > 0", 'audit_events_case_offers')}
       AND NOT ${inCase('bookingOutcome', "x.outcome = 'booked'")}`,
    ),
  },
];

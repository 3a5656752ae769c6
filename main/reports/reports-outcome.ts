import { anchored, earlier, ev, flag, inCase, referralsWhere, type ReportDefinition } from './definition';
import type { ReportDialect } from './dialect';

/**
 * A rebook audits each step (started, new-unknown, cancelling-old, checking-old, …); rep-cons-08
 * counts each rebook once, at the last step that settled it.
 */
const REBOOK_SETTLED = "'done', 'old-not-cancelled', 'not-booked'";

/** A cancellation that was the second half of a rebook belongs to rep-cons-08, not 07 or 09. */
const notPartOfRebook = (d: ReportDialect): string => `NOT EXISTS (SELECT 1 FROM ${d.events('x')} WHERE x.case_id = r.case_id AND x.type = ${ev('rebookOutcome')}
  AND ${d.json('x.detail', 'fromBookingId', 'text')} = ${d.json('r.detail', 'bookingId', 'text')})`;

const cancellations =
  (sameEncounter: boolean) =>
  (d: ReportDialect): string => `
  SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id,
    ${flag("r.outcome = 'cancelled'")} AS cancelled,
    1 - ${flag("r.outcome = 'cancelled'")} AS cancelFailed
  FROM ${d.events('r')}
  WHERE ${anchored(d, 'r', 'cancelOutcome')}
    AND ${d.json('r.detail', 'sameEncounter', 'boolean')} IS ${sameEncounter ? 'TRUE' : 'FALSE'} AND ${notPartOfRebook(d)}`;

/** Slot searches that returned slots, and bookings, on one side of the assessment deadline. */
const timeframe = (d: ReportDialect, side: 'inside' | 'outside'): string => {
  const slots = d.json('r.detail', side === 'inside' ? 'insideTimeframe' : 'outsideTimeframe', 'number');
  return `
    SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id, 1 AS bookings, 0 AS searches, 0 AS slots, 0 AS approvals
      FROM ${d.events('r', 'audit_events_booked')} WHERE ${anchored(d, 'r', 'bookingOutcome', "'booked'")}
        AND ${d.json('r.detail', 'outsideTimeframe', 'boolean')} IS ${side === 'outside' ? 'TRUE' : 'NOT TRUE'}
    UNION ALL
    SELECT r.case_id, r.dos_service_id, r.at, ${d.chain('r')}, r.user_id, 0, ${flag(`${slots} > 0`)}, COALESCE(${slots}, 0), 0
      FROM ${d.events('r', 'audit_events_type_at')} WHERE ${anchored(d, 'r', 'slotSearchOutcome', "'ok'")}
    ${
      side === 'outside'
        ? `UNION ALL SELECT r.case_id, r.dos_service_id, r.at, ${d.chain('r')}, r.user_id, 0, 0, 0, 1
      FROM ${d.events('r')} WHERE ${anchored(d, 'r', 'outOfTimeframeApproved')}`
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
    facts: (d) => `
      SELECT r.case_id, r.dos_service_id AS service, r.at, ${d.chain('r')} AS chain, r.user_id AS user_id,
        ${flag("r.outcome IN ('done', 'old-not-cancelled')")} AS rebooked,
        ${flag("r.outcome = 'old-not-cancelled'")} AS oldNotCancelled,
        ${flag("r.outcome = 'not-booked'")} AS newBookingFailed
      FROM ${d.events('r')} WHERE ${anchored(d, 'r', 'rebookOutcome')} AND r.outcome IN (${REBOOK_SETTLED})
        AND NOT EXISTS (SELECT 1 FROM ${d.events('x')} WHERE x.case_id = r.case_id AND x.type = ${ev('rebookOutcome')}
          AND x.outcome IN (${REBOOK_SETTLED}) AND ${d.before('r', 'x')}
          AND ${d.json('x.detail', 'rebookId', 'text')} = ${d.json('r.detail', 'rebookId', 'text')})`,
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
    facts: (d) => `SELECT case_id, service, at, chain, user_id, bookings, searches, slots FROM (${timeframe(d, 'inside')}) AS offered`,
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
    facts: (d) => timeframe(d, 'outside'),
  },
  {
    id: 'rep-cons-12',
    title: 'Not booked: every slot outside the timeframe, referred',
    description:
      'Cases referred to a service whose slot searches offered only slots after the deadline, with no booking made. Dated by the referral.',
    metrics: [{ key: 'cases', label: 'Cases' }],
    chartKey: 'cases',
    facts: (d) => {
      const inside = d.json('x.detail', 'insideTimeframe', 'number');
      const outside = d.json('x.detail', 'outsideTimeframe', 'number');
      return referralsWhere(
        d,
        `${earlier(d, 'slotSearchOutcome', `x.outcome = 'ok' AND ${inside} = 0 AND ${outside} > 0`, 'audit_events_case')}
         AND NOT ${earlier(d, 'slotSearchOutcome', `x.outcome = 'ok' AND ${inside} > 0`, 'audit_events_case')}
         AND NOT ${inCase(d, 'bookingOutcome', "x.outcome = 'booked'")}`,
      );
    },
  },
];

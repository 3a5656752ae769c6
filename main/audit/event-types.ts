/**
 * The workflow's audit vocabulary: what each event type means and what its `detail` carries.
 * Reports (rep-cons-01…12) are SQL over these, so changing one is a schema change.
 * The Provider client adds its own per-call `provider.*` attempt/outcome events.
 */
export const AUDIT_EVENTS = {
  /** detail: { dispositionCode, deadline, deadlineSetByHand, deadlineReason?, deadlineDecidedBy?, timeframeDeadline? (when set by hand), practiceOds, patient: { nhsNumber, family, given, birthDate, postcode } } */
  caseOpened: 'case.opened',
  caseClosed: 'case.closed',
  casePatientUpdated: 'case.patient-updated',
  /** detail: { services: [{ serviceId, name, rank, bookable, bookingOnly, reason? }] } */
  servicesOffered: 'services.offered',
  /** dosServiceId; detail: { rank, bookable, bookingOnly, topBookableServiceId, topBookableRank } */
  serviceChosen: 'service.chosen',
  /** dosServiceId, asid; detail: { windowStart, windowEnd, deadline } */
  slotSearchAttempt: 'slots.search.attempt',
  /** outcome ok | no-slots | error; detail: { slotsReturned, insideTimeframe, outsideTimeframe, noSlotsReason?, errorCode? } */
  slotSearchOutcome: 'slots.search.outcome',
  /** outcome pending; detail: { bookingId, slotId, start, end, deadline, outsideTimeframe, approval?, rebookOf? } */
  bookingAttempt: 'booking.attempt',
  /** outcome booked | slot-taken | error | unknown; detail: { bookingId, appointmentId?, errorCode?, spineCode?, message?, outsideTimeframe } */
  bookingOutcome: 'booking.outcome',
  /** detail: { bookingId, approverName, approverRole, reason, deadline, slotStart, minutesAfterDeadline } */
  outOfTimeframeApproved: 'booking.out-of-timeframe-approved',
  /** outcome refused; detail: { slotId, deadline, slotStart } — booking after the deadline without approval */
  outOfTimeframeRefused: 'booking.out-of-timeframe-refused',
  /** dosServiceId; detail: { reason: 'booking-only' } — referral attempted before a booking */
  referralBlocked: 'referral.blocked',
  /** outcome sent | failed; detail: { referralId, documentId, booked: boolean, appointmentUrl?, errorCode? } */
  referralOutcome: 'referral.outcome',
  /** detail: { bookingId, appointmentId, reason, sameEncounter } */
  cancelAttempt: 'booking.cancel.attempt',
  /** outcome cancelled | error; detail: { bookingId, appointmentId, sameEncounter, errorCode? } */
  cancelOutcome: 'booking.cancel.outcome',
  /** detail: { fromBookingId, toBookingId?, bookOutcome, cancelOutcome? } */
  rebookOutcome: 'booking.rebook.outcome',
} as const;

export type AuditEventType = (typeof AUDIT_EVENTS)[keyof typeof AUDIT_EVENTS];

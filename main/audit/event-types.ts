/**
 * The workflow's audit vocabulary: what each event type means and what its `detail` carries.
 * Reports (rep-cons-01…12) are SQL over these, so changing one is a schema change.
 * The Provider client adds its own per-call `provider.*` attempt/outcome events.
 */
export const AUDIT_EVENTS = {
  /** detail: { dispositionCode, symptomGroup?, symptomDiscriminator? (Pathways codes, when known), safeguarding?: { about: child|adult, detailLength } (when a concern was recorded), deadline, deadlineSetByHand, deadlineReason?, deadlineDecidedBy?, timeframeDeadline? (when set by hand), practiceOds, notesLength, patient: { nhsNumber, family, given, birthDate, postcode } } */
  caseOpened: 'case.opened',
  /** detail (only when booked and the referral not sent): { withoutReferral: true, reason, dosServiceId } */
  caseClosed: 'case.closed',
  casePatientUpdated: 'case.patient-updated',
  /** Case opened from the organisation record: detail: { sourceWorkstation, sourceUser, bookings, referrals } (rows copied to this desk) */
  caseImported: 'case.imported-from-organisation',
  /** detail: { services: [{ serviceId, name, rank, bookable, bookingOnly, reason? }] } */
  servicesOffered: 'services.offered',
  /** dosServiceId; detail: { rank, bookable, bookingOnly, topBookableServiceId, topBookableRank } */
  serviceChosen: 'service.chosen',
  /** dosServiceId, asid; detail: { windowStart, windowEnd, deadline } */
  slotSearchAttempt: 'slots.search.attempt',
  /**
   * outcome pending; detail: { windowStart, windowEnd, deadline, services: [{ dosServiceId, asid }] } — "Compare services":
   * one event starts every listed service's search (in place of a slots.search.attempt each); each then has its own slots.search.outcome
   */
  compareStarted: 'slots.compare.started',
  /** outcome ok | no-slots | error; detail: { slotsReturned, insideTimeframe, outsideTimeframe, skipped: { <reason>: count }, noSlotsReason?, errorCode? } */
  slotSearchOutcome: 'slots.search.outcome',
  /** outcome pending; detail: { bookingId, slotId, start, end, deadline, outsideTimeframe, approval?, rebookOf? } */
  bookingAttempt: 'booking.attempt',
  /** outcome booked | slot-taken | error | unknown; detail: { bookingId, appointmentId?, errorCode?, spineCode?, message?, outsideTimeframe } */
  bookingOutcome: 'booking.outcome',
  /** detail: { bookingId, approverName, approverRole, reason, deadline, slotStart, minutesAfterDeadline } */
  outOfTimeframeApproved: 'booking.out-of-timeframe-approved',
  /** outcome refused; detail: { slotId, deadline, slotStart } — booking after the deadline without approval */
  outOfTimeframeRefused: 'booking.out-of-timeframe-refused',
  /** outcome refused; detail: { slotId, deadline, slotStart, approverRole, registrationBody } — a user who is not a clinician named themselves as the approver */
  selfApprovalRefused: 'booking.self-approval-refused',
  /** dosServiceId; detail: { reason: 'booking-only' } — referral attempted before a booking */
  referralBlocked: 'referral.blocked',
  /** outcome sent | failed; detail: { referralId, documentId, booked: boolean, appointmentUrl?, errorCode? } */
  referralOutcome: 'referral.outcome',
  /** dosServiceId; detail: { referralId, serviceRequestUrl, reason } — the clinician asked to withdraw a sent referral (App1 L142) */
  referralWithdrawAttempt: 'referral.withdraw.attempt',
  /** outcome withdrawn | failed | unknown | refused; detail: { referralId, already?, errorCode?, providerCode?, error? } */
  referralWithdrawOutcome: 'referral.withdraw.outcome',
  /** detail: { bookingId, appointmentId, reason, sameEncounter } */
  cancelAttempt: 'booking.cancel.attempt',
  /** outcome cancelled | error; detail: { bookingId, appointmentId, sameEncounter, errorCode? } */
  cancelOutcome: 'booking.cancel.outcome',
  /** outcome = the rebook's step; detail: { rebookId, fromBookingId, toBookingId, newLeg, cancelLeg } */
  rebookOutcome: 'booking.rebook.outcome',
  /** outcome chosen; detail: { reason, liveBookingIds } — the user chose a second live appointment */
  additionalChosen: 'booking.additional-chosen',
  /** outcome found | not-found | failed; detail: { bookingId, appointmentId, status? } — read after an unreadable 2xx */
  bookingReadBack: 'booking.read-back',
  /** outcome ok; detail: { displayName, title, role, firstRun, previousDisplayName } — the user saved their name, title and role (first run or a change) */
  profileSaved: 'session.profile-saved',
  /** CIS2: detail: { purpose (session | unlock | approval), uid, roleProfileId, roleCode, assuranceLevel, sameUser? } */
  signedIn: 'session.signed-in',
  /** CIS2: outcome refused; detail: { purpose, kind (low-assurance, invalid-response, cancelled …) } */
  signInRefused: 'session.sign-in-refused',
  sessionLocked: 'session.locked',
  signedOut: 'session.signed-out',
  /** An action the user's role does not allow; outcome refused; detail: { action, roleCode } */
  roleRefused: 'session.role-refused',
  /** detail: { notesLength, previousLength } — the call's clinical notes changed (the text itself is in the row.case event, never in logs) */
  caseNotesUpdated: 'case.notes-updated',
  /** detail: { about: child|adult, detailLength } or { cleared: true } — the safeguarding concern changed on the case (its words only in the row.case event) */
  caseSafeguardingUpdated: 'case.safeguarding-updated',
  /** outcome unknown; detail: { bookingId, reason } — a background check that learned nothing new (not an error in rep-cons-06) */
  bookingCheck: 'booking.check',
  /** outcome needed; detail: { bookingId, checks, reason } — automatic checks stopped finding an answer: the clinician must phone the service */
  phoneCheckNeeded: 'booking.phone-check-needed',
  /** outcome = what the service said (booked | not-booked | cancelled | still-booked); detail: { bookingId, phoneNumber, serviceReference?, note?, from, to } — recorded by the clinician after phoning */
  serviceAnswerRecorded: 'booking.service-answer-recorded',
  /** outcome agrees | contradicts; detail: { bookingId, recorded, providerSays } — the Provider's later answer compared with what was recorded by phone */
  serviceAnswerChecked: 'booking.service-answer-checked',
  /** outcome not-sent; detail: { bookingId } — a booking the app stopped before sending (its request was never kept): nothing was sent */
  bookingNeverSent: 'booking.never-sent',
  /** outcome matched | no-match | too-many | unavailable; detail: { how: search | retrieve, nhsNumber?, restricted?, deceased?, superseded?, reason? } — a PDS trace (search terms are not kept) */
  pdsTrace: 'patient.pds-trace',
  /** caseId; outcome confirmed; detail: { when: start | service, reason, existingCaseIds, serviceId? } — the clinician went on although the person already had a live booking or open case */
  secondBookingConfirmed: 'case.second-booking-confirmed',
} as const;

export type AuditEventType = (typeof AUDIT_EVENTS)[keyof typeof AUDIT_EVENTS];

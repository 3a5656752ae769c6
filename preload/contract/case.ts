import { z } from 'zod';
import { call } from './define';
import { Empty, Instant, IsoDate, RequiredText, Text, Uuid } from './common';
import { Patient } from './patient';
import { Booking, CaseBookingView } from './booking';
import { ServiceOffer } from './directory';
import { reasonProblem } from './approval-rules';
import { SecondBookingReason } from './pds';

/**
 * A Pathways symptom group (SG, e.g. 1011) or symptom discriminator (SD, e.g. 4052) with its text,
 * as the assessment reached it: the BaRS CarePlan carries both (REFREQ01) and the DoS searches by them.
 */
export const PathwaysCode = z.object({
  code: z.string().regex(/^[1-9]\d{3}$/, 'must be a 4-digit Pathways code, for example 1011'),
  text: Text(200).pipe(z.string().min(1, 'is required')),
});
export type PathwaysCode = z.infer<typeof PathwaysCode>;

/**
 * A safeguarding concern recorded in the assessment (BaRS App1: "any new or existing safeguarding
 * concern … must be included in the referral"). `about` picks the code of safeguarding-codes-bars:
 * a child has its own SNOMED code; the CodeSystem has none for an adult, so that is sent as its
 * "Unspecified Safeguarding Concern Identified" with the words saying who. Absent: none recorded.
 */
export const SafeguardingConcern = z.object({
  about: z.enum(['child', 'adult']),
  detail: RequiredText(1000),
});
export type SafeguardingConcern = z.infer<typeof SafeguardingConcern>;

export const AssessmentOutcome = z.object({
  dispositionCode: z.string(),
  dispositionText: z.string(),
  /** Absent when the caller had no Pathways assessment (a CAS clinician may not): the referral then carries the disposition only. */
  symptomGroup: PathwaysCode.optional(),
  symptomDiscriminator: PathwaysCode.optional(),
  /** When recorded, with when: the referral's Flag starts then. Never defaulted: absence means none was recorded. */
  safeguarding: SafeguardingConcern.extend({ recordedAt: Instant }).optional(),
  timeframeMinutes: z.number().int().positive().optional(),
  /** Case start + timeframe, or set by a clinician by hand. */
  deadline: Instant,
  deadlineSetByHand: z.boolean(),
  /** Why the deadline was set by hand, and who decided it (present when `deadlineSetByHand`). */
  deadlineReason: z.string().optional(),
  deadlineDecidedBy: z.string().optional(),
});
export type AssessmentOutcome = z.infer<typeof AssessmentOutcome>;

export const RegisteredPractice = z.object({ odsCode: Text(10).pipe(z.string().min(3)), name: Text(100).optional() });

/** The call's clinical notes: long enough for a consultation summary, short enough to read in a referral. */
export const CASE_NOTES_MAX_LENGTH = 4000;
export const CaseNotes = Text(CASE_NOTES_MAX_LENGTH);

/** The plain-English problem with notes as typed, or undefined; main applies the same limit through `CaseNotes`. */
export function notesProblem(notes: string): string | undefined {
  const length = notes.trim().length;
  if (length > CASE_NOTES_MAX_LENGTH) return `The notes must be ${CASE_NOTES_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer (now ${length.toLocaleString('en-GB')}): shorten them.`;
  return CaseNotes.safeParse(notes).success ? undefined : 'The notes contain a hidden control character (often pasted from another program) that cannot be sent: retype the pasted part.';
}

export const ChosenService = ServiceOffer.extend({ chosenAt: Instant });
export type ChosenService = z.infer<typeof ChosenService>;

export const ReferralSummary = z.object({
  id: Uuid,
  serviceId: z.string(),
  status: z.enum(['sent', 'failed']),
  documentId: Uuid,
  /** The appointment the referral described when it was sent (absent: sent without a booking). */
  bookingId: Uuid.optional(),
  kind: z.enum(['original', 'update']).optional(),
  sentAt: Instant.optional(),
  message: z.string(),
  /** Sent through a standard that can withdraw it (BaRS); a CDA sent over ITK cannot be. */
  withdrawable: z.boolean().optional(),
  /** Withdrawn at the receiver (BaRS: its ServiceRequest revoked), by the clinician or by a re-referral. */
  withdrawn: z.object({ at: Instant, reason: z.string().max(500) }).optional(),
  /** The receiver's human-readable reference for the referral, from its answer (BaRS App1 L133). */
  receiverReference: z.string().max(200).optional(),
  /** Which clinical notes and safeguarding concern it carried (a digest; the case holds the text): a change since offers an update. */
  notesDigest: z.string().max(64).optional(),
});
export type ReferralSummary = z.infer<typeof ReferralSummary>;

export const Case = z.object({
  id: Uuid,
  /** The clock for the assessment timeframe. */
  startedAt: Instant,
  status: z.enum(['open', 'closed']),
  patient: Patient,
  outcome: AssessmentOutcome,
  registeredPractice: RegisteredPractice.optional(),
  /** The clinical notes of the call, as the clinician wrote them; sent in the referral. */
  notes: CaseNotes.optional(),
  service: ChosenService.optional(),
  /** Our short case reference, e.g. "K7Q-2MX": each appointment's reference starts with it ("K7Q-2MX/1"). */
  reference: z.string(),
  /** Every appointment of the case, oldest first, as main holds them. */
  bookings: z.array(Booking),
  /** The headline, allowed actions, rebooks and referral state: render this, derive nothing. */
  bookingView: CaseBookingView,
  referrals: z.array(ReferralSummary),
  /** The referral may be sent now; when false, `referralBlockedReason` says why. */
  referralAllowed: z.boolean(),
  referralBlockedReason: z.string().optional(),
  /** Closed with an appointment booked but the referral unsent: the clinician's reason, audited (issue 20). */
  closedWithoutReferral: z.object({ reason: RequiredText(500), at: Instant }).optional(),
  /** When the organisation record was last read for this case on opening it, or could not be: shown with the case. */
  organisationRecord: z.object({ state: z.enum(['confirmed', 'unreachable']), at: Instant }).optional(),
});
export type Case = z.infer<typeof Case>;

export const CaseSummary = z.object({
  id: Uuid,
  startedAt: Instant,
  status: z.enum(['open', 'closed']),
  patientName: z.string(),
  birthDate: IsoDate,
  /** Absent: the case has no NHS number (shown as such, so same-named patients are told apart). */
  nhsNumber: z.string().optional(),
  dispositionCode: z.string(),
  serviceName: z.string().optional(),
  reference: z.string(),
  /** The case's appointments in a few words, as the case's headline says it: "Booked", "Checking — do not book again", "Phone the service". */
  booking: z.object({ tone: z.enum(['none', 'booked', 'checking', 'attention', 'failed', 'cancelled']), text: z.string() }).optional(),
  /** Booked with a service that takes a referral, and the referral not sent (nor a reason given): a state of its own in the list. */
  referralNotSent: z.boolean().optional(),
  /** Closed without the referral, for this reason. */
  closedWithoutReferral: z.string().optional(),
});

export type CaseSummary = z.infer<typeof CaseSummary>;

export const StartCase = z.object({
  patient: Patient,
  dispositionCode: z.string().min(1).max(20),
  /** A clinician may set the deadline by hand. */
  deadline: Instant.optional(),
  registeredPractice: RegisteredPractice.optional(),
  /** When the call began; defaults to now. */
  startedAt: Instant.optional(),
  /** A deadline set by hand needs the clinical reason and the name and role of who decided it. */
  deadlineReason: Text(500).optional(),
  deadlineDecidedBy: Text(100).optional(),
  notes: CaseNotes.optional(),
  /** The Pathways symptom group and discriminator, when a Pathways assessment reached them. */
  symptomGroup: PathwaysCode.optional(),
  symptomDiscriminator: PathwaysCode.optional(),
  /** A safeguarding concern the assessment recorded; left out when there is none. */
  safeguarding: SafeguardingConcern.optional(),
  /** The PDS trace the clinician confirmed: main takes the NHS number, its status and the restrictions from its own record of it. */
  pdsTraceId: Uuid.optional(),
  /** Given when the person already has a live booking or open case and the clinician goes on (audited). */
  secondBooking: SecondBookingReason.optional(),
}).superRefine((r, ctx) => {
  // A discriminator belongs to its symptom group: the DoS and a receiver read it only with one.
  if (r.symptomDiscriminator !== undefined && r.symptomGroup === undefined) {
    ctx.addIssue({ code: 'custom', path: ['symptomGroup'], message: 'is required with a symptom discriminator' });
  }
  if (r.deadline === undefined) {
    if (r.deadlineReason !== undefined || r.deadlineDecidedBy !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['deadlineReason'], message: 'only applies when the deadline is set by hand' });
    }
    return;
  }
  const reason = reasonProblem(r.deadlineReason ?? '');
  if (reason !== undefined) ctx.addIssue({ code: 'custom', path: ['deadlineReason'], message: reason });
  if ((r.deadlineDecidedBy ?? '') === '') ctx.addIssue({ code: 'custom', path: ['deadlineDecidedBy'], message: 'Enter the name and role of who decided the deadline' });
});

/**
 * The new-case form as typed, kept by main for the user until the case starts: a reload or a
 * trip to another screen never loses it. Opaque JSON text to main; the form reads it back.
 */
/** `startedAt`: when this draft was first kept — for the new-case form, when that call's form was begun. */
export const CaseDraft = z.object({ form: z.string().min(2).max(200_000), savedAt: Instant, startedAt: Instant });
export type CaseDraft = z.infer<typeof CaseDraft>;

/** Which draft: the new-case form (no case yet), or the notes being written on one case. */
export const DraftOf = z.object({ caseId: Uuid.optional() }).strict();

export const caseCalls = {
  start: call(StartCase, Case),
  /**
   * `fromOrganisation`: when the case is opened, its state is first re-read from the organisation
   * record (another desk may have cancelled or rebooked it); re-reads while checking leave it out.
   */
  get: call(z.object({ caseId: Uuid, fromOrganisation: z.boolean().optional() }), Case),
  updatePatient: call(z.object({ caseId: Uuid, patient: Patient }), Case),
  /** Replaces the call's clinical notes (empty text clears them); audited as a change, the text kept only in the store. */
  updateNotes: call(z.object({ caseId: Uuid, notes: CaseNotes }), Case),
  /**
   * Records, changes or (left out) clears the assessment's safeguarding concern on a started case;
   * audited without its words. A referral already sent is then offered again as an update with it.
   */
  updateSafeguarding: call(z.object({ caseId: Uuid, safeguarding: SafeguardingConcern.optional() }), Case),
  /** Open cases first: a case interrupted by a crash or restart is reopened from here. */
  list: call(Empty, z.object({ cases: z.array(CaseSummary), /** Rows that could not be read and are not shown. */ unreadable: z.number().int().min(1).optional() })),
  chooseService: call(z.object({ caseId: Uuid, serviceId: z.string().min(1).max(64) }), Case),
  /** Closes the case; with an appointment booked and the referral unsent, only with the reason why (refused with `conflict` without one). */
  close: call(z.object({ caseId: Uuid, reasonNoReferral: RequiredText(500).optional() }), Case),
  saveDraft: call(z.object({ form: CaseDraft.shape.form, caseId: DraftOf.shape.caseId }).strict(), z.object({ savedAt: Instant })),
  loadDraft: call(DraftOf, z.object({ draft: CaseDraft.optional() })),
  discardDraft: call(DraftOf, Empty),
};

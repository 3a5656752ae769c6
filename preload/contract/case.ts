import { z } from 'zod';
import { call } from './define';
import { Empty, Instant, IsoDate, Text, Uuid } from './common';
import { Patient } from './patient';
import { Booking, CaseBookingView } from './booking';
import { ServiceOffer } from './directory';

export const AssessmentOutcome = z.object({
  dispositionCode: z.string(),
  dispositionText: z.string(),
  timeframeMinutes: z.number().int().positive().optional(),
  /** Case start + timeframe, or set by a clinician by hand. */
  deadline: Instant,
  deadlineSetByHand: z.boolean(),
});
export type AssessmentOutcome = z.infer<typeof AssessmentOutcome>;

export const RegisteredPractice = z.object({ odsCode: Text(10).pipe(z.string().min(3)), name: Text(100).optional() });

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
  service: ChosenService.optional(),
  /** Our short case reference, e.g. "K7Q-2MX": shown beside the Provider's appointment id. */
  reference: z.string(),
  /** Every appointment of the case, oldest first, as main holds them. */
  bookings: z.array(Booking),
  /** The headline, allowed actions, rebooks and referral state: render this, derive nothing. */
  bookingView: CaseBookingView,
  referrals: z.array(ReferralSummary),
  /** The referral may be sent now; when false, `referralBlockedReason` says why. */
  referralAllowed: z.boolean(),
  referralBlockedReason: z.string().optional(),
});
export type Case = z.infer<typeof Case>;

export const CaseSummary = z.object({
  id: Uuid,
  startedAt: Instant,
  status: z.enum(['open', 'closed']),
  patientName: z.string(),
  birthDate: IsoDate,
  dispositionCode: z.string(),
  serviceName: z.string().optional(),
  reference: z.string(),
});

export const StartCase = z.object({
  patient: Patient,
  dispositionCode: z.string().min(1).max(20),
  /** A clinician may set the deadline by hand. */
  deadline: Instant.optional(),
  registeredPractice: RegisteredPractice.optional(),
  /** When the call began; defaults to now. */
  startedAt: Instant.optional(),
});

export const caseCalls = {
  start: call(StartCase, Case),
  get: call(z.object({ caseId: Uuid }), Case),
  updatePatient: call(z.object({ caseId: Uuid, patient: Patient }), Case),
  /** Open cases first: a case interrupted by a crash or restart is reopened from here. */
  list: call(Empty, z.object({ cases: z.array(CaseSummary) })),
  chooseService: call(z.object({ caseId: Uuid, serviceId: z.string().min(1).max(64) }), Case),
  close: call(z.object({ caseId: Uuid }), Case),
};

import { z } from 'zod';
import { call } from './define';
import { Instant, IsoDate, RequiredText, Text, Uuid } from './common';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';
import { Gender } from './patient';

const NhsNumber = z
  .string()
  .transform(normaliseNhsNumber)
  .refine(isValidNhsNumber, 'is not a valid NHS number (the check digit does not match)');

/** A PDS search: family name and date of birth always (PDS's own minimum for a trace), the rest narrows it. */
export const PdsSearch = z
  .object({
    family: RequiredText(60),
    given: Text(60).optional(),
    birthDate: IsoDate,
    gender: Gender.optional(),
    postcode: Text(10).optional(),
    /** PDS's fuzzy (phonetic) search, for a name spelt differently on the record. */
    fuzzy: z.boolean().optional(),
  })
  .strict();
export type PdsSearch = z.infer<typeof PdsSearch>;

export const PdsRetrieve = z.object({ nhsNumber: NhsNumber }).strict();

/** The patient PDS answered with, as the clinician sees it before confirming it is the caller's patient. */
export const TracedPatient = z.object({
  /** Main keeps what PDS said under this id: starting a case with it uses PDS's answer, never re-typed values. */
  traceId: Uuid,
  nhsNumber: z.string(),
  title: z.string().optional(),
  given: z.string(),
  family: z.string(),
  birthDate: IsoDate,
  gender: Gender,
  /** Absent for a restricted record: PDS withholds it, and the app never shows or keeps one. */
  address: z.object({ lines: z.array(z.string()), city: z.string().optional(), district: z.string().optional(), postcode: z.string() }).optional(),
  /** The registered GP practice; absent for a restricted record. */
  gp: z.object({ odsCode: z.string() }).optional(),
  /** A sensitive (restricted, S-flagged) record: no address or contact is shown, stored or sent. */
  restricted: z.boolean(),
  /** The date PDS records the patient died: such a record cannot be used to book. */
  deceasedOn: IsoDate.optional(),
  /** The NHS number asked for, when PDS answered with the patient's current (superseding) number. */
  supersededNhsNumber: z.string().optional(),
});
export type TracedPatient = z.infer<typeof TracedPatient>;

/** A trace's answer: what to show is decided in main; the screen switches on `kind`. */
export const TraceAnswer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matched'), patient: TracedPatient, notices: z.array(z.string()) }),
  z.object({ kind: z.literal('no-match'), message: z.string() }),
  z.object({ kind: z.literal('too-many'), message: z.string() }),
  z.object({ kind: z.literal('unavailable'), message: z.string() }),
]);
export type TraceAnswer = z.infer<typeof TraceAnswer>;

/** Who the new case or chosen service may be a second booking for. */
export const ExistingFor = z
  .object({
    nhsNumber: NhsNumber.optional(),
    family: RequiredText(60),
    given: Text(60).optional(),
    birthDate: IsoDate,
    /** The case being worked on, left out of its own warning. */
    caseId: Uuid.optional(),
  })
  .strict();
export type ExistingFor = z.infer<typeof ExistingFor>;

export const ExistingCase = z.object({
  caseId: Uuid,
  caseReference: z.string(),
  patientName: z.string(),
  birthDate: IsoDate,
  /** Absent: the case has no NHS number ("no NHS number" is shown, so same-named patients are told apart). */
  nhsNumber: z.string().optional(),
  startedAt: Instant,
  /** What makes it count: a live appointment, or a case still open. */
  why: z.enum(['live-booking', 'open-case']),
  /** The appointment or case in a few words, e.g. "Booked at Leeds UTC, 14:30 today". */
  text: z.string(),
  /** The desk and user that made the case (see MadeBy): the organisation's cases only. */
  madeBy: z.object({ workstation: z.string(), userId: z.string(), userName: z.string().optional(), userRole: z.string().optional() }).optional(),
  onThisDesk: z.boolean(),
});
export type ExistingCase = z.infer<typeof ExistingCase>;

export const ExistingAnswer = z.object({
  matches: z.array(ExistingCase),
  /** Where it looked; `unreachable` comes with a plain message and never stops the case. */
  organisation: z.enum(['searched', 'unreachable', 'not-configured']),
  message: z.string().optional(),
});
export type ExistingAnswer = z.infer<typeof ExistingAnswer>;

/** The clinician's reason to go on although the person has a live booking or open case (audited). */
export const SecondBookingReason = z.object({
  reason: Text(500).pipe(z.string().min(10, 'Give the reason in a sentence (at least 10 characters)')),
  existingCaseIds: z.array(Uuid).min(1).max(50),
});
export type SecondBookingReason = z.infer<typeof SecondBookingReason>;

export const patientCalls = {
  search: call(PdsSearch, TraceAnswer),
  retrieve: call(PdsRetrieve, TraceAnswer),
  /** Live bookings and open cases for the same person, on this desk and in the organisation record. */
  existing: call(ExistingFor, ExistingAnswer),
  /** Records the choice to go on with a service for a person who already has one (a case already started). */
  confirmSecondBooking: call(SecondBookingReason.extend({ caseId: Uuid }).strict(), z.object({}).strict()),
};

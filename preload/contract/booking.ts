import { z } from 'zod';
import { Instant, IsoDate, RequiredText, Text, Uuid } from './common';
import { SlotRow } from './slots';
import { normaliseRegistration, reasonProblem, registrationProblem } from './approval-rules';

/** Clinical approval to book after the assessment deadline: who approved (on which professional register), and why. */
export const Approval = z
  .object({
    approverName: RequiredText(100),
    approverRole: RequiredText(100),
    /** Typed approvals always name a register; a CIS2 approver's comes from their session, where CIS2 gives one. */
    registrationBody: z.enum(['GMC', 'NMC', 'HCPC']).optional(),
    registrationNumber: Text(12).transform(normaliseRegistration).optional(),
    reason: RequiredText(500),
    /** Set by main when the approver signed in with CIS2: their nhsid_useruid and role profile id. */
    approverUid: z.string().optional(),
    approverRoleProfileId: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    if (a.approverUid === undefined || a.registrationBody !== undefined) {
      if (a.registrationBody === undefined) ctx.addIssue({ code: 'custom', path: ['registrationBody'], message: 'Choose the approver’s register' });
      else {
        const number = registrationProblem(a.registrationBody, a.registrationNumber ?? '');
        if (number !== undefined) ctx.addIssue({ code: 'custom', path: ['registrationNumber'], message: number });
      }
    }
    const reason = reasonProblem(a.reason);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: reason });
  });
export type Approval = z.infer<typeof Approval>;

/**
 * With CIS2, an approval names no one by typing: `approvedBy` is `self` (the signed-in user, whose
 * role must allow it) or the `approverId` of a second clinician who signed in for it. Main fills
 * in the name, role and registration from the session.
 */
export const SignedApproval = z.object({
  approvedBy: z.union([z.literal('self'), Uuid]),
  reason: RequiredText(500),
}).superRefine((a, ctx) => {
  const reason = reasonProblem(a.reason);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: reason });
});
export type SignedApproval = z.infer<typeof SignedApproval>;

/** What the renderer sends: a signed approval (CIS2), or a typed one (kept for records made before CIS2; refused with a session). */
export const ApprovalRequest = z.union([SignedApproval, Approval]);
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

/**
 * One appointment's state, decided and persisted in main (issue 9):
 * `pending → booked | failed | unknown`, `unknown → booked | failed` (reconciled),
 * `booked → cancelling → cancelled | cancel-unknown`, `cancel-unknown → cancelled | booked`.
 * `unknown` and `cancel-unknown` are never shown as definite: the reconciler is asking the Provider.
 */
export const BookingState = z.enum(['pending', 'booked', 'failed', 'unknown', 'cancelling', 'cancelled', 'cancel-unknown']);
export type BookingState = z.infer<typeof BookingState>;
/** Kept as an alias: older screens name the field `status`. */
export const BookingStatus = BookingState;
export type BookingStatus = BookingState;

/** The states in which the Provider holds, or may hold, a live appointment. */
export const LIVE_STATES: readonly BookingState[] = ['pending', 'booked', 'unknown', 'cancelling', 'cancel-unknown'];

/**
 * One message per outcome, written by main for the operation it is about: what is known, what is
 * not known yet, and the next step. `tone` picks the panel style; the renderer adds no wording.
 */
export const OutcomeMessage = z.object({
  operation: z.enum(['book', 'cancel', 'rebook', 'check', 'referral', 'referral-withdraw']),
  tone: z.enum(['success', 'uncertain', 'failure', 'info']),
  /** One line, e.g. "Booked: Riverside UTC Tue 3 Mar 2026, 14:30". */
  title: z.string(),
  known: z.string(),
  /** Absent when nothing is in doubt. */
  notKnown: z.string().optional(),
  next: z.string(),
  at: Instant,
  /** For the service desk: X-Request-ID, HTTP status, Ssp-TraceID, the Provider's OperationOutcome code. */
  requestId: z.string().optional(),
  httpStatus: z.number().int().optional(),
  sspTraceId: z.string().optional(),
  providerCode: z.string().optional(),
  /** On a failure, what kind: `slot-unavailable` means the slot list should be searched again. */
  failureKind: z
    .enum(['slot-unavailable', 'request-rejected', 'provider-unavailable', 'not-authorised', 'not-found', 'version-conflict', 'malformed', 'misconfigured', 'timeout', 'unsupported'])
    .optional(),
});
export type OutcomeMessage = z.infer<typeof OutcomeMessage>;

/** Kept for callers that report a single Provider exchange (e.g. the find screen's cancel). */
export const ProviderOutcome = z.object({
  ok: z.boolean(),
  message: z.string(),
  httpStatus: z.number().int().optional(),
  requestId: z.string().optional(),
  correlationId: z.string().optional(),
});
export type ProviderOutcome = z.infer<typeof ProviderOutcome>;

/** Booked relative to the assessment deadline, in words ready to show (never "0 min" for hours late). */
export const Timeframe = z.object({
  deadline: Instant,
  /** Positive = after the deadline; rounded down to whole minutes. */
  minutesAfterDeadline: z.number().int(),
  outside: z.boolean(),
  /** e.g. "Within the timeframe (deadline Tue 3 Mar 2026, 16:00)" or "3 h 56 min after the deadline". */
  text: z.string(),
});
export type Timeframe = z.infer<typeof Timeframe>;

/** What the clinician heard from the service by phone about an appointment whose outcome was not known. */
export const ServiceAnswer = z.enum(['booked', 'not-booked', 'cancelled', 'still-booked']);
export type ServiceAnswer = z.infer<typeof ServiceAnswer>;

export const PhoneRecord = z.object({
  said: ServiceAnswer,
  /** The service's own reference for the appointment, when it gave one. */
  serviceReference: z.string().max(64).optional(),
  /** The number the clinician phoned. */
  phoneNumber: z.string().max(40),
  note: z.string().max(500).optional(),
  at: Instant,
  byUserId: z.string(),
  byName: z.string(),
  /** When the Provider's own answer was read and compared with this record (agreeing or not). */
  providerChecked: Instant.optional(),
  /** When the app found it cannot ask (the standard reads by id only and the id was never learned): the record stands as made. */
  providerCannotCheck: Instant.optional(),
});
export type PhoneRecord = z.infer<typeof PhoneRecord>;

/** One appointment of a case, render-ready: every label below is written by main. */
export const Booking = z.object({
  id: Uuid,
  caseId: Uuid,
  serviceId: z.string(),
  serviceName: z.string(),
  asid: z.string(),
  slot: SlotRow,
  /** The slot's start and end as UK local date and time, e.g. "Tue 3 Mar 2026, 14:30–14:45". */
  slotText: z.string(),
  status: BookingState,
  /** A short phrase for the state, e.g. "Booked", "Checking with the service", "Cancel not confirmed". */
  statusText: z.string(),
  /** When the appointment entered its current state: "checking for 3 min" is computed from it. */
  statusSince: Instant,
  /** True while the Provider holds or may hold it (see LIVE_STATES). */
  live: z.boolean(),
  /** The appointment's number within its case (1, 2, …), given when it is created: the `/2` of `K7Q-2MX/2`. */
  sequence: z.number().int().positive().optional(),
  /**
   * The one reference for this appointment, on every screen, in copy and print: our short case
   * reference and the appointment's number in the case ("K7Q-2MX/2"), known before the Provider answers.
   */
  reference: z.string(),
  /**
   * The Provider's own id for the appointment, as the service reads it out ("48217730"), labelled
   * with the service's name; an id too long to read aloud is shortened here and given in full in `full`.
   */
  providerNumber: z.object({ label: z.string(), shown: z.string(), full: z.string() }).optional(),
  /** The service's phone number from the directory when the booking was made, if it listed one. */
  servicePhone: z.string().max(40).optional(),
  /** X-Request-ID of the POST; a retry reuses it (and its exact bytes) so the Provider never books twice. */
  requestId: Uuid,
  correlationId: z.string().optional(),
  /** The UUID in the contained DocumentReference; the CDA's ClinicalDocument/id/@root. */
  documentId: Uuid,
  /** The Provider's appointment id (`Appointment.id`). */
  appointmentId: z.string().optional(),
  appointmentVersion: z.string().optional(),
  appointmentUrl: z.string().optional(),
  outsideTimeframe: z.boolean(),
  timeframe: Timeframe,
  approval: Approval.optional(),
  /** Set when the user chose "book an additional appointment" while another was live. */
  additionalReason: z.string().optional(),
  createdAt: Instant,
  bookedAt: Instant.optional(),
  cancelledAt: Instant.optional(),
  cancelReason: z.string().optional(),
  /** The rebook this appointment is a leg of (new leg or cancelled leg). */
  rebookId: Uuid.optional(),
  rebookedFromId: Uuid.optional(),
  rebookedToId: Uuid.optional(),
  /** Its standard (BaRS) wants it cancelled before a new appointment is booked in its place: the rebook confirm says so. */
  rebookCancelsFirst: z.boolean().optional(),
  /** The last thing that happened to this appointment, worded for its operation. */
  lastOutcome: OutcomeMessage.optional(),
  /**
   * Set when automatic checks stopped finding an answer (too many, too long, or the service says it
   * has no such appointment): the clinician must phone the service. Checks go on, slowly.
   */
  phoneCheck: z.object({ since: Instant, reason: z.string() }).optional(),
  /** What the service said on the phone, as recorded by the clinician (audited), and whether the Provider has since agreed. */
  phoneRecord: PhoneRecord.optional(),
  /** The Provider later said the opposite of what was recorded: shown, never overwritten. */
  contradiction: z.object({ at: Instant, text: z.string() }).optional(),
});
export type Booking = z.infer<typeof Booking>;

/**
 * A rebook: book the new slot, then cancel the old appointment (Care Connect, invariant d); or,
 * where the old appointment's standard requires it (BaRS App1), cancel the old one first and book
 * the new slot only once the Provider has confirmed the cancel. Each leg has its own state.
 */
export const Rebook = z.object({
  id: Uuid,
  caseId: Uuid,
  reason: z.string(),
  createdAt: Instant,
  /** Absent on rebooks made before the order could differ: those booked first. */
  order: z.enum(['book-first', 'cancel-first']).optional(),
  state: z.enum(['booking-new', 'checking-new', 'cancelling-old', 'checking-old', 'done', 'new-not-booked', 'old-not-cancelled']),
  /** "Rebooked: new appointment booked, old one cancelled", "New appointment not confirmed yet — both are kept", … */
  stateText: z.string(),
  newLeg: z.object({ bookingId: Uuid.optional(), state: BookingState.or(z.literal('not-started')) }),
  cancelLeg: z.object({
    bookingId: Uuid,
    state: z.enum(['waiting-for-new', 'not-needed', 'cancelling', 'cancelled', 'cancel-unknown', 'failed']),
    /** Cancels of the old appointment sent so far: a passing failure is retried in the background up to a ceiling. */
    attempts: z.number().int().nonnegative().optional(),
  }),
  outcome: OutcomeMessage.optional(),
});
export type Rebook = z.infer<typeof Rebook>;

/** What the top of the case says about its appointments; the booked panel, copy and print use only this. */
export const CaseHeadline = z.object({
  tone: z.enum(['none', 'booked', 'checking', 'attention', 'failed', 'cancelled']),
  /** "Booked: Riverside UTC Tue 3 Mar 2026, 14:30" / "Checking with Riverside UTC whether the booking was made — do not book again". */
  title: z.string(),
  /** The appointment the headline is about, when there is one. */
  bookingId: Uuid.optional(),
  reference: z.string().optional(),
  serviceName: z.string().optional(),
  slot: SlotRow.optional(),
  slotText: z.string().optional(),
  /** While checking: since when, so the screen can show the elapsed time. */
  since: Instant.optional(),
  /** The service's phone number, when the directory has one. */
  servicePhone: z.string().optional(),
  /** The Provider's own id for the appointment the headline is about, once it has one. */
  providerNumber: z.object({ label: z.string(), shown: z.string(), full: z.string() }).optional(),
  /** Further lines, in order (e.g. "A second appointment is also live: …"). */
  lines: z.array(z.string()),
  /** What to do if the answer never comes (only while checking). */
  ifStillUnknown: z.string().optional(),
  /** The text "Copy the details" copies and Print prints; empty when nothing is booked. */
  copyText: z.string(),
});
export type CaseHeadline = z.infer<typeof CaseHeadline>;

export const CaseActionName = z.enum(['book', 'book-additional', 'rebook', 'cancel', 'send-referral', 'send-referral-update', 'check-now', 'record-service-answer']);
export type CaseActionName = z.infer<typeof CaseActionName>;

/** One thing the user may (or may not yet) do; a disabled action always says why. */
export const CaseAction = z.object({
  action: CaseActionName,
  /** For cancel, rebook, check-now and send-referral-update: the appointment it acts on. */
  bookingId: Uuid.optional(),
  label: z.string(),
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  /** book-additional: the reason must be given (and is audited). */
  needsReason: z.boolean(),
  /** Said before the user confirms, e.g. that a rebook cancels the original appointment first. */
  note: z.string().optional(),
});
export type CaseAction = z.infer<typeof CaseAction>;

/** One referral as sent, tied to the appointment it described. */
export const SentReferral = z.object({
  referralId: Uuid,
  documentId: Uuid,
  status: z.enum(['sent', 'failed']),
  sentAt: Instant.optional(),
  bookingId: Uuid.optional(),
  /** The appointment's reference and state now, e.g. "appointment K7Q-2MX/1 (cancelled)". */
  appointmentText: z.string().optional(),
  kind: z.enum(['original', 'update']),
  message: z.string(),
  /** The receiver's reference for it, to read to the service, e.g. { label: "Harbourside Emergency Department’s referral reference", value: "RXX-0001" }. */
  receiverReference: z.object({ label: z.string(), value: z.string() }).optional(),
  /** Withdrawn at the receiver, in words, e.g. "Withdrawn at Harbourside Emergency Department: Patient feels better." */
  withdrawnText: z.string().optional(),
  /** The clinician may withdraw it now (a standing BaRS referral); absent for one that cannot be. */
  withdrawAllowed: z.boolean(),
});
export type SentReferral = z.infer<typeof SentReferral>;

/** The referral follows the booking. */
export const ReferralState = z.object({
  status: z.enum(['not-available', 'blocked', 'ready', 'sent', 'update-offered', 'failed', 'waiting']),
  /** e.g. "The referral was sent with appointment K7Q-2MX/1 (cancelled). Send an update for appointment K7Q-2MX/2." */
  message: z.string(),
  sent: z.array(SentReferral),
  /** When an update is offered: the appointment it would describe. */
  updateForBookingId: Uuid.optional(),
});
export type ReferralState = z.infer<typeof ReferralState>;

/** Everything the case screen needs about appointments, decided in main. */
export const CaseBookingView = z.object({
  headline: CaseHeadline,
  /** Our short case reference, e.g. "K7Q-2MX". */
  caseReference: z.string(),
  /** How many appointments are live; more than one only after an audited "book additional". */
  liveCount: z.number().int().nonnegative(),
  /** True while an answer is being checked: unsafe exits are disabled with a reason. */
  checking: z.boolean(),
  rebooks: z.array(Rebook),
  actions: z.array(CaseAction),
  referral: ReferralState,
  /** The latest outcome of any booking operation on the case, for the message area. */
  lastOutcome: OutcomeMessage.optional(),
});
export type CaseBookingView = z.infer<typeof CaseBookingView>;

/**
 * Who made a booking: the desk (workstation name) and the user signed in there, by CIS2 user id,
 * with their name and role as their CIS2 session gave them where known (not for rows made before
 * names were recorded).
 */
export const MadeBy = z.object({ workstation: z.string(), userId: z.string(), userName: z.string().optional(), userRole: z.string().optional() });
export type MadeBy = z.infer<typeof MadeBy>;

export const BookingMatch = z.object({
  booking: Booking,
  patientName: z.string(),
  birthDate: IsoDate,
  nhsNumber: z.string().optional(),
  caseReference: z.string(),
  madeBy: MadeBy,
  /** False when the case is held only by the organisation record: opening it copies it to this desk first. */
  onThisDesk: z.boolean(),
});
export type BookingMatch = z.infer<typeof BookingMatch>;

/** The shortest family-name prefix searched: one letter would list half the organisation. */
export const FAMILY_PREFIX_MIN = 2;

export const FindBookings = z
  .object({
    /** The start of the family name (any case); needs the date of birth. */
    family: Text(60).optional(),
    birthDate: IsoDate.optional(),
    nhsNumber: Text(14).optional(),
    /** Any way a UK number is written: "+44 7700 900123", "07700 900123". */
    phone: Text(20).optional(),
    /** The Provider's appointment id or our case reference ("K7Q-2MX"). */
    reference: Text(60).optional(),
    /** Appointments on this day (UK local date). */
    date: IsoDate.optional(),
  })
  .refine((q) => Object.values(q).some((v) => v !== undefined && v.trim() !== ''), 'give at least one search term')
  .superRefine((q, ctx) => {
    const family = q.family?.trim() ?? '';
    if (family === '') return;
    if (family.length < FAMILY_PREFIX_MIN) ctx.addIssue({ code: 'custom', path: ['family'], message: `give at least ${String(FAMILY_PREFIX_MIN)} letters of the family name` });
    if (q.birthDate === undefined) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'a family name is searched together with the date of birth' });
  });
export type FindBookings = z.infer<typeof FindBookings>;

/** Where the answer came from; `unreachable` carries the banner the Find screen shows as it is. */
export const FindResult = z.object({
  matches: z.array(BookingMatch),
  searched: z.enum(['organisation', 'this-desk']),
  unreachable: z.string().optional(),
});
export type FindResult = z.infer<typeof FindResult>;

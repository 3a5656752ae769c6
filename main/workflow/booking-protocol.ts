/**
 * The booking-protocol port: what the workflow needs from a Provider, in workflow terms.
 * Care Connect (main/protocols/care-connect) and BaRS R4 (main/protocols/bars) implement it;
 * the state machine, reconciler and messages depend only on this file.
 */
import type { Patient, SkippedSlots } from '../../preload/contract';
import type { SlotRowBase } from '../fhir';

/** Where one Provider is reached: SDS may list a different endpoint per interaction (C11). */
export interface BookingTarget {
  dosServiceId: string;
  asid: string;
  /** Service root per interaction, from SDS; untrusted text, validated by the adapter before use. */
  endpoints: Readonly<Record<BookingInteraction, string>>;
  /** The interactions the Provider's AS record lists. */
  interactions: readonly string[];
  /** Only so each Provider call's audit event names its case. */
  caseId?: string;
}

export type BookingInteraction = 'search' | 'book' | 'read' | 'cancel';

/** Ids of one exchange, recorded in the audit event and shown to the service desk. */
export interface ExchangeIds {
  requestId: string;
  correlationId?: string;
  /** The Ssp-TraceID (or the protocol's equivalent) of the last attempt (C25). */
  traceId?: string;
  httpStatus?: number;
  /** HTTP attempts made inside this call (bounded by the adapter and the caller's deadline). */
  attempts: number;
}

/** Why a call did not give a definite answer we can act on. Each kind has its own message. */
export type ProtocolFailureKind =
  /** The slot was taken or is no longer free: only the standard's slot-unavailable codes. */
  | 'slot-unavailable'
  /** The Provider refused our request as sent (invalid body, profile, patient…): the slot is kept. */
  | 'request-rejected'
  /** Could not reach the Provider, or it had a fault, and nothing was written (e.g. a read). */
  | 'provider-unavailable'
  /** 401/403: JWT, ASID or SSP authorisation; the IT service desk must look. */
  | 'not-authorised'
  /** 404 on an appointment read, or an unknown service id on a search. */
  | 'not-found'
  /** 409/412 on an update after the one re-read and retry. */
  | 'version-conflict'
  /** An answer we cannot read and that carries nothing we can rely on. */
  | 'malformed'
  /** The directory names an unusable address for this interaction. */
  | 'misconfigured'
  /** No answer before the time allowed for a read or search. */
  | 'timeout'
  /** The Provider does not support the operation (405/415/501). */
  | 'unsupported';

export interface ProtocolFailure {
  kind: ProtocolFailureKind;
  /** The Provider's OperationOutcome code (e.g. `SLOT_ALREADY_BOOKED`, `INVALID_RESOURCE`), for audit and support. */
  code?: string;
  /** Technical text for logs and audit; never shown, may quote patient data so never logged. */
  detail: string;
  exchange: ExchangeIds;
}

/** Slot search: free slots up to `end`, as rows ready for the workflow. */
export interface SlotQuery {
  start?: Date;
  end: Date;
  /** The whole search must finish by then, retries included (issue 10: overall deadline per user action). */
  deadline: Date;
}

export type SlotSearchOutcome =
  | { kind: 'slots'; rows: SlotRowBase[]; raw: ReadonlyMap<string, unknown>; noSlotsReason?: string; skipped: SkippedSlots; exchange: ExchangeIds }
  | { kind: 'failed'; failure: ProtocolFailure };

/** What is booked: built once, persisted, then sent byte for byte on every retry under its request id. */
export interface BookingInput {
  /** The slot as the Provider sent it (protocol's own resource). */
  rawSlot: unknown;
  patient: Patient;
  reason: string;
  documentId: string;
  requestId: string;
  /** The creation time written into the request: fixed once, so a retry is the same request. */
  created: Date;
}

/**
 * One write exactly as it goes on the wire, apart from the per-attempt JWT and trace id. The
 * workflow persists it before the first attempt and hands the same object back after a restart.
 */
export interface PreparedRequest {
  requestId: string;
  method: 'POST' | 'PUT';
  interaction: BookingInteraction;
  /** Path below the service root, e.g. `Appointment` or `Appointment/123`. */
  path: string;
  body: string;
  /** Headers that define the request (interaction id, If-Match, content type). */
  headers: Readonly<Record<string, string>>;
}

/** The Provider's appointment as far as we know it. */
export interface ProviderAppointment {
  id: string;
  version?: string;
  url: string;
  /** Absent when the answer was unreadable and the read-back has not happened yet. */
  status?: 'booked' | 'cancelled' | 'other';
  start?: string;
  end?: string;
}

export type BookOutcome =
  /** A 2xx with a Location is booked even when the body is unreadable (`detailsRead: false`). */
  | { kind: 'booked'; appointment: ProviderAppointment; detailsRead: boolean; exchange: ExchangeIds }
  /** The answer was lost (timeout, reset, 502/504 on the write, or a 2xx with nothing to identify it). */
  | { kind: 'unknown'; reason: string; exchange: ExchangeIds }
  | { kind: 'failed'; failure: ProtocolFailure };

export type ReadOutcome =
  | { kind: 'found'; appointment: ProviderAppointment & { status: 'booked' | 'cancelled' | 'other' }; exchange: ExchangeIds }
  | { kind: 'not-found'; exchange: ExchangeIds }
  | { kind: 'failed'; failure: ProtocolFailure };

/** What a search of the Provider's appointments found for a booking request we sent whose answer was lost. */
export type FindOutcome =
  | { kind: 'found'; appointment: ProviderAppointment & { status: 'booked' | 'cancelled' | 'other' }; exchange: ExchangeIds }
  /** The Provider answered the search and holds no appointment made by that request. */
  | { kind: 'none'; exchange: ExchangeIds }
  /** The request carries nothing the standard's search can find it by. */
  | { kind: 'cannot-search'; reason: string }
  | { kind: 'failed'; failure: ProtocolFailure };

export type CancelOutcome =
  | { kind: 'cancelled'; appointment: ProviderAppointment; exchange: ExchangeIds }
  /** The cancel was sent and its answer lost: read the appointment to learn the truth. */
  | { kind: 'unknown'; reason: string; exchange: ExchangeIds }
  | { kind: 'failed'; failure: ProtocolFailure };

/** A referral to send with (or without) a booked appointment. */
export interface ReferralInput {
  caseId: string;
  documentId: string;
  appointmentUrl?: string;
  /** When the referral was first made: a resend under the same id must be the same message. */
  created?: Date;
  /**
   * The referral this one replaces (after a rebook): where the receiver holds it and the message
   * as it went out. A standard without updates withdraws it first (BaRS: revoke, then refer anew).
   */
  replaces?: { url: string; document: string };
}

/**
 * `document` is the referral exactly as it went out (when the adapter built it), kept for the user
 * to read; `url` is where the receiver holds it, when the standard gives it an address.
 */
export type ReferOutcome =
  | {
      kind: 'sent';
      exchange: ExchangeIds;
      document?: string;
      url?: string;
      /** The replaced referral was withdrawn (or already was). */
      replacedWithdrawn?: boolean;
      /** The receiver's human-readable reference for the referral, from its synchronous answer (BaRS App1 L133). */
      receiverReference?: string;
    }
  | { kind: 'failed'; failure: ProtocolFailure; document?: string };

/** A referral to withdraw (BaRS App1 L142): where the receiver holds it and the message as it went out. */
export interface WithdrawReferralInput {
  caseId: string;
  url: string;
  document: string;
  /** The clinician's reason, sent to the receiver. */
  reason: string;
}

export type WithdrawOutcome =
  /** Revoked now, or found already withdrawn at the receiver. */
  | { kind: 'withdrawn'; exchange: ExchangeIds; already: boolean }
  /** The receiver said no, or could not be reached before anything was sent: the referral still stands. */
  | { kind: 'failed'; failure: ProtocolFailure }
  /** The answer was lost and reading it back did not settle it. */
  | { kind: 'unknown'; reason: string; exchange: ExchangeIds };

export interface BookingProtocol {
  readonly name: string;
  searchSlots(target: BookingTarget, query: SlotQuery): Promise<SlotSearchOutcome>;
  /** Builds the exact request for a booking; pure apart from nothing: same input, same bytes. */
  prepareBook(target: BookingTarget, input: BookingInput): PreparedRequest;
  /** Sends a prepared booking (first time or retry). `deadline` bounds the attempts made now. */
  book(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<BookOutcome>;
  read(target: BookingTarget, appointmentId: string, deadline: Date): Promise<ReadOutcome>;
  /** Reads the latest version, cancels with If-Match, re-reads and retries once on a version conflict. */
  cancel(target: BookingTarget, appointmentId: string, deadline: Date): Promise<CancelOutcome>;
  /**
   * Finds the appointment a sent booking request made, where the standard defines a search
   * (BaRS: `patient:identifier`). Absent where it defines none (Care Connect reads by id only).
   */
  findSent?(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<FindOutcome>;
  refer(target: BookingTarget, input: ReferralInput): Promise<ReferOutcome>;
  /** Withdraws a referral sent by `refer`; absent where the standard has no way to (Care Connect's ITK). */
  withdrawReferral?(target: BookingTarget, input: WithdrawReferralInput): Promise<WithdrawOutcome>;
}

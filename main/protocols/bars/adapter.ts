/**
 * The BaRS R4 adapter of the workflow's booking-protocol port. Negotiates before a service's
 * first use, searches slots, books with a prepared `$process-message` sent byte for byte on
 * every retry, reads, cancels (read first, then an update reusing the original fullUrls) and
 * refers. One X-Correlation-Id per case conversation.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type {
  BookingInput,
  BookingProtocol,
  BookingTarget,
  BookOutcome,
  CancelOutcome,
  ExchangeIds,
  FindOutcome,
  PreparedRequest,
  ProtocolFailure,
  ReadOutcome,
  ReferOutcome,
  ReferralInput,
  SlotQuery,
  SlotSearchOutcome,
  WithdrawOutcome,
  WithdrawReferralInput,
} from '../../workflow/booking-protocol';
import type { BarsClient, BarsReply } from './client';
import { DEFINITION, NHS_NUMBER_SYSTEM, URI_SYSTEM, USE_CASE_SYSTEM } from './codes';
import { failure, outcomeCode } from './errors';
import { correlationIdFor } from './ids';
import { bookingCancellation, bookingMessage, referralRevocation, type Json, type Sender } from './message-builders';
import type { Negotiator } from './negotiation';
import { referralMessage, type ReferralFacts } from './referral-builder';
import { parseSlotBundle, type BarsRawSlot } from './slot-bundle';

/** The booking messages as sent, by the receiver's Appointment id: cancellations reuse their fullUrls. */
export interface SentMessages {
  remember(appointmentId: string, dosServiceId: string, body: string): void;
  recall(appointmentId: string): { dosServiceId: string; body: string } | undefined;
}

export class MemorySentMessages implements SentMessages {
  private readonly byId = new Map<string, { dosServiceId: string; body: string }>();
  remember(appointmentId: string, dosServiceId: string, body: string): void {
    this.byId.set(appointmentId, { dosServiceId, body });
  }
  recall(appointmentId: string): { dosServiceId: string; body: string } | undefined {
    return this.byId.get(appointmentId);
  }
}

export interface BarsAdapterOptions {
  client: BarsClient;
  negotiator: Negotiator;
  sender: Sender;
  proxyBaseUrl: string;
  sent: SentMessages;
  /** What a referral needs about its case (patient, disposition, clinician, journey). */
  referralFacts: (caseId: string, dosServiceId: string) => Promise<ReferralFacts | undefined>;
  /**
   * The receiver's id of the case's referral to this service still standing, when the referral
   * went first: the booking is then `basedOn` it (digest §4). Synchronous, as prepareBook is.
   */
  activeReferral?: (caseId: string, dosServiceId: string) => string | undefined;
  logger: Logger;
  now?: () => Date;
  /** How long a referral or cancellation may take, retries included. */
  writeTimeoutMs?: number;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const ids = (e: { requestId: string; correlationId: string; httpStatus?: number; attempts: number }): ExchangeIds => e;
const correlation = (target: BookingTarget): string => (target.caseId === undefined ? randomUUID() : correlationIdFor(target.caseId));

/** The use case the original booking was made under (its Appointment.serviceCategory). */
function useCaseOf(message: Json): string {
  const appointment = arr(message.entry).map((e) => obj(obj(e)?.resource)).find((r) => r?.resourceType === 'Appointment');
  const coding = arr(appointment?.serviceCategory).flatMap((c) => arr(obj(c)?.coding)).map(obj).find((c) => typeof c?.code === 'string');
  return str(coding?.code);
}

/**
 * The receiver's own reference for a referral (App1 L133): the identifier of the Encounter its
 * synchronous answer plans for our ServiceRequest, else of any Encounter it returned.
 */
function receiverReference(resources: readonly (Json | undefined)[], held: Json | undefined): string | undefined {
  const encounters = resources.filter((r): r is Json => r?.resourceType === 'Encounter');
  const forOurs = encounters.find((e) => typeof held?.id === 'string' && arr(e.basedOn).some((b) => obj(b)?.reference === `ServiceRequest/${String(held.id)}`));
  const value = [forOurs, ...encounters].flatMap((e) => arr(e?.identifier)).map((i) => obj(i)?.value).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return value?.trim();
}

function isRawSlot(value: unknown): value is BarsRawSlot {
  const v = obj(value);
  return v?.protocol === 'bars' && Array.isArray(v.entries) && obj(v.negotiated) !== undefined;
}

export class BarsAdapter implements BookingProtocol {
  readonly name = 'BaRS';

  constructor(private readonly options: BarsAdapterOptions) {}

  private now(): Date {
    return (this.options.now ?? ((): Date => new Date()))();
  }

  async searchSlots(target: BookingTarget, query: SlotQuery): Promise<SlotSearchOutcome> {
    const correlationId = correlation(target);
    const negotiated = await this.options.negotiator.negotiate(target.dosServiceId, correlationId, query.deadline);
    if (!negotiated.ok) return { kind: 'failed', failure: negotiated.failure };
    const start = query.start ?? this.now();
    const reply = await this.options.client.send({
      method: 'GET',
      path: '/Slot',
      dosServiceId: target.dosServiceId,
      requestId: randomUUID(),
      correlationId,
      deadline: query.deadline,
      query: [
        ['status', 'free'],
        ['start', `ge${start.toISOString()}`],
        ['start', `le${query.end.toISOString()}`],
        ['Schedule.actor:HealthcareService', target.dosServiceId],
        ['_include', 'Slot:schedule'],
        ['_include', 'Schedule:actor:HealthcareService'],
        ['_include:iterate', 'Schedule:actor:Practitioner'],
        ['_include:iterate', 'Schedule:actor:PractitionerRole'],
        ['_include:iterate', 'HealthcareService:location'],
        ['_include:iterate', 'HealthcareService:providedBy'],
      ],
    });
    if (reply.kind !== 'answer') return { kind: 'failed', failure: { kind: reply.kind === 'auth-failed' ? 'not-authorised' : 'timeout', detail: reply.reason, exchange: ids(reply.exchange) } };
    if (reply.status !== 200) return { kind: 'failed', failure: failure(reply.status, reply.json, 'search', ids(reply.exchange)) };
    try {
      const parsed = parseSlotBundle(reply.json, negotiated.value, { window: { start, end: query.end }, now: start });
      if (parsed.problems.length > 0) this.options.logger.warn({ serviceId: target.dosServiceId, problems: parsed.problems.slice(0, 5) }, 'BaRS slots skipped');
      return { kind: 'slots', rows: parsed.rows, raw: parsed.raw, skipped: parsed.skipped, exchange: ids(reply.exchange), ...(parsed.noSlotsReason === undefined ? {} : { noSlotsReason: parsed.noSlotsReason }) };
    } catch (error) {
      return { kind: 'failed', failure: { kind: 'malformed', detail: error instanceof Error ? error.message : String(error), exchange: ids(reply.exchange) } };
    }
  }

  prepareBook(target: BookingTarget, input: BookingInput): PreparedRequest {
    if (!isRawSlot(input.rawSlot)) throw new Error('The slot was not found by a BaRS search');
    const basedOn = target.caseId === undefined ? undefined : this.options.activeReferral?.(target.caseId, target.dosServiceId);
    const body = JSON.stringify(bookingMessage({
      requestId: input.requestId,
      created: input.created,
      dosServiceId: target.dosServiceId,
      raw: input.rawSlot,
      patient: input.patient,
      reason: input.reason,
      sender: this.options.sender,
      ...(basedOn === undefined ? {} : { basedOnServiceRequestId: basedOn }),
    }));
    return {
      requestId: input.requestId,
      method: 'POST',
      interaction: 'book',
      path: '$process-message',
      body,
      headers: { 'Content-Type': 'application/fhir+json', 'use-context': `${input.rawSlot.negotiated.useCase}|booked|booking-request|new` },
    };
  }

  async book(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<BookOutcome> {
    const correlationId = correlation(target);
    const reply = await this.post(target, request.requestId, correlationId, request.body, request.headers['use-context'] ?? '', deadline);
    if (reply.kind !== 'answer') {
      return reply.kind === 'auth-failed'
        ? { kind: 'failed', failure: { kind: 'not-authorised', detail: reply.reason, exchange: ids(reply.exchange) } }
        : { kind: 'unknown', reason: reply.reason, exchange: ids(reply.exchange) };
    }
    if (reply.status === 200) {
      const appointment = arr(obj(reply.json)?.entry).map((e) => obj(obj(e)?.resource)).find((r) => r?.resourceType === 'Appointment');
      if (typeof appointment?.id !== 'string') return { kind: 'unknown', reason: 'the 200 reply carries no Appointment id', exchange: ids(reply.exchange) };
      this.options.sent.remember(appointment.id, target.dosServiceId, request.body);
      return { kind: 'booked', appointment: this.appointmentOf(appointment), detailsRead: true, exchange: ids(reply.exchange) };
    }
    // 409 duplicate after a retry: the first attempt booked it (digest §5). Find which appointment.
    if (reply.status === 409 && outcomeCode(reply.json)?.issue === 'duplicate') return this.findDuplicate(target, request, correlationId, deadline, ids(reply.exchange));
    return { kind: 'failed', failure: failure(reply.status, reply.json, 'book', ids(reply.exchange)) };
  }

  async read(target: BookingTarget, appointmentId: string, deadline: Date): Promise<ReadOutcome> {
    const reply = await this.options.client.send({ method: 'GET', path: `/Appointment/${encodeURIComponent(appointmentId)}`, dosServiceId: target.dosServiceId, requestId: randomUUID(), correlationId: correlation(target), deadline });
    if (reply.kind !== 'answer') return { kind: 'failed', failure: { kind: reply.kind === 'auth-failed' ? 'not-authorised' : 'timeout', detail: reply.reason, exchange: ids(reply.exchange) } };
    if (reply.status === 404 && outcomeCode(reply.json)?.code !== 'PROXY_NOT_FOUND') return { kind: 'not-found', exchange: ids(reply.exchange) };
    if (reply.status !== 200) return { kind: 'failed', failure: failure(reply.status, reply.json, 'read', ids(reply.exchange)) };
    const appointment = obj(reply.json);
    if (appointment?.resourceType !== 'Appointment' || typeof appointment.id !== 'string') return { kind: 'failed', failure: { kind: 'malformed', detail: 'the read did not return an Appointment', exchange: ids(reply.exchange) } };
    const found = this.appointmentOf(appointment);
    return { kind: 'found', appointment: { ...found, status: found.status ?? 'other' }, exchange: ids(reply.exchange) };
  }

  /** Read first (digest §4), then the update; a 409 conflict (it changed meanwhile) is re-read and retried once, as the port promises. */
  async cancel(target: BookingTarget, appointmentId: string, deadline: Date): Promise<CancelOutcome> {
    const first = await this.cancelOnce(target, appointmentId, deadline);
    return first.kind === 'failed' && first.failure.kind === 'version-conflict' && first.failure.exchange.httpStatus === 409 ? this.cancelOnce(target, appointmentId, deadline) : first;
  }

  private async cancelOnce(target: BookingTarget, appointmentId: string, deadline: Date): Promise<CancelOutcome> {
    const current = await this.read(target, appointmentId, deadline);
    if (current.kind === 'failed') return current;
    if (current.kind === 'not-found') return { kind: 'failed', failure: { kind: 'not-found', detail: `Appointment ${appointmentId} not found at the receiver`, exchange: current.exchange } };
    if (current.appointment.status === 'cancelled') return { kind: 'cancelled', appointment: current.appointment, exchange: current.exchange };
    if (current.appointment.status !== 'booked') return { kind: 'failed', failure: { kind: 'version-conflict', detail: `Appointment ${appointmentId} is no longer booked`, exchange: current.exchange } };
    const original = this.options.sent.recall(appointmentId);
    if (original === undefined) return { kind: 'failed', failure: { kind: 'request-rejected', detail: `The booking message for ${appointmentId} is not held here, so its fullUrls cannot be reused`, exchange: current.exchange } };
    const requestId = randomUUID();
    const originalBody = JSON.parse(original.body) as Json;
    const body = JSON.stringify(bookingCancellation({ requestId, now: this.now(), dosServiceId: target.dosServiceId, original: originalBody, appointmentId, sender: this.options.sender }));
    const useCase = useCaseOf(originalBody);
    const reply = await this.post(target, requestId, correlation(target), body, `${useCase}|cancelled|booking-request|update`, deadline);
    if (reply.kind !== 'answer') {
      return reply.kind === 'auth-failed'
        ? { kind: 'failed', failure: { kind: 'not-authorised', detail: reply.reason, exchange: ids(reply.exchange) } }
        : { kind: 'unknown', reason: reply.reason, exchange: ids(reply.exchange) };
    }
    if (reply.status === 200 || (reply.status === 409 && outcomeCode(reply.json)?.issue === 'duplicate')) {
      return { kind: 'cancelled', appointment: { ...current.appointment, status: 'cancelled' }, exchange: ids(reply.exchange) };
    }
    return { kind: 'failed', failure: failure(reply.status, reply.json, 'cancel', ids(reply.exchange)) };
  }

  async refer(target: BookingTarget, input: ReferralInput): Promise<ReferOutcome> {
    // A deadline is real elapsed time (the client measures it by the machine's clock), not the app clock that stamps messages.
    const deadline = new Date(Date.now() + (this.options.writeTimeoutMs ?? 20_000));
    const correlationId = correlationIdFor(input.caseId);
    const noExchange: ExchangeIds = { requestId: input.documentId, correlationId, attempts: 0 };
    const negotiated = await this.options.negotiator.negotiate(target.dosServiceId, correlationId, deadline);
    if (!negotiated.ok) return { kind: 'failed', failure: negotiated.failure };
    if (!negotiated.value.definitions.has(DEFINITION.referral)) return { kind: 'failed', failure: { kind: 'unsupported', detail: 'The receiver does not take BaRS referrals', exchange: noExchange } };
    const facts = await this.options.referralFacts(input.caseId, target.dosServiceId);
    if (facts === undefined) return { kind: 'failed', failure: { kind: 'request-rejected', detail: `Case ${input.caseId} has nothing to refer`, exchange: noExchange } };
    // App1 has no referral updates: the new booking must not link to the old referral; revoke it, then refer anew.
    const withdrawn = input.replaces === undefined ? undefined : await this.revoke(target, input.replaces, correlationId, deadline, 'Replaced by a new referral for the rebooked appointment');
    if (withdrawn?.kind === 'failed') return { kind: 'failed', failure: withdrawn.failure };
    if (withdrawn?.kind === 'unknown') return { kind: 'failed', failure: { kind: 'provider-unavailable', detail: withdrawn.reason, exchange: withdrawn.exchange } };
    const appointmentId = input.appointmentUrl === undefined ? undefined : /Appointment\/([^/]+)$/.exec(input.appointmentUrl)?.[1];
    // The document id is the referral's identity: a resend is the same request, deduplicated by the receiver.
    const requestId = input.documentId;
    const body = JSON.stringify(referralMessage({ requestId, created: input.created ?? this.now(), dosServiceId: target.dosServiceId, useCase: negotiated.value.useCase, version: negotiated.value.version, facts, sender: this.options.sender, ...(appointmentId ? { appointmentId } : {}) }));
    const reply = await this.post(target, requestId, correlationId, body, `${negotiated.value.useCase}|referral|servicerequest-request|new`, deadline);
    if (reply.kind !== 'answer') return { kind: 'failed', document: body, failure: { kind: reply.kind === 'auth-failed' ? 'not-authorised' : 'provider-unavailable', detail: reply.reason, exchange: ids(reply.exchange) } };
    if (reply.status === 200 || (reply.status === 409 && outcomeCode(reply.json)?.issue === 'duplicate')) {
      const resources = arr(obj(reply.json)?.entry).map((e) => obj(obj(e)?.resource));
      const held = resources.find((r) => r?.resourceType === 'ServiceRequest');
      const reference = receiverReference(resources, held);
      return {
        kind: 'sent',
        exchange: ids(reply.exchange),
        document: body,
        ...(typeof held?.id === 'string' ? { url: `${this.baseUrl()}/ServiceRequest/${held.id}` } : {}),
        ...(withdrawn === undefined ? {} : { replacedWithdrawn: true }),
        ...(reference === undefined ? {} : { receiverReference: reference }),
      };
    }
    return { kind: 'failed', document: body, failure: failure(reply.status, reply.json, 'refer', ids(reply.exchange)) };
  }

  /** App1 L142: the clinician withdraws a referral they sent, with their reason; its own X-Request-ID, the case's X-Correlation-ID. */
  withdrawReferral(target: BookingTarget, input: WithdrawReferralInput): Promise<WithdrawOutcome> {
    const deadline = new Date(Date.now() + (this.options.writeTimeoutMs ?? 20_000));
    return this.revoke(target, { url: input.url, document: input.document }, correlationIdFor(input.caseId), deadline, input.reason);
  }

  /**
   * Withdraws a referral we sent (digest §4; App1 "retrieve the referral prior to cancellation"):
   * read it first; if still active, a `servicerequest-request` update marking it revoked under its
   * original fullUrls, the reason in reasonCode.text. Already withdrawn counts as done; a lost
   * answer is read back, never guessed.
   */
  private async revoke(target: BookingTarget, replaced: { url: string; document: string }, correlationId: string, deadline: Date, reason: string): Promise<WithdrawOutcome> {
    const id = /\/ServiceRequest\/([^/]+)$/.exec(replaced.url)?.[1];
    const noExchange: ExchangeIds = { requestId: '', correlationId, attempts: 0 };
    if (id === undefined) return { kind: 'failed', failure: { kind: 'request-rejected', detail: `${replaced.url} is not a ServiceRequest address`, exchange: noExchange } };
    const read = await this.readReferral(target, id, correlationId, deadline);
    if (read.kind === 'failed') return read;
    if (read.status === 'revoked' || read.status === 'entered-in-error') return { kind: 'withdrawn', exchange: read.exchange, already: true };
    if (read.status !== 'active') return { kind: 'failed', failure: { kind: 'version-conflict', detail: `ServiceRequest ${id} is ${read.status}, not active`, exchange: read.exchange } };
    let original: Json;
    try {
      original = JSON.parse(replaced.document) as Json;
    } catch {
      return { kind: 'failed', failure: { kind: 'request-rejected', detail: 'The referral message is not kept as sent, so its fullUrls cannot be reused', exchange: read.exchange } };
    }
    const requestId = randomUUID();
    const body = JSON.stringify(referralRevocation({ requestId, now: this.now(), dosServiceId: target.dosServiceId, original, appointmentId: id, sender: this.options.sender, reason }));
    const useCase = arr(obj(arr(original.entry).map((e) => obj(obj(e)?.resource)).find((r) => r?.resourceType === 'ServiceRequest'))?.category)
      .flatMap((c) => arr(obj(c)?.coding)).map(obj).find((c) => c?.system === USE_CASE_SYSTEM)?.code;
    const reply = await this.post(target, requestId, correlationId, body, `${str(useCase)}|cancelled|servicerequest-request|update`, deadline);
    if (reply.kind === 'auth-failed') return { kind: 'failed', failure: { kind: 'not-authorised', detail: reply.reason, exchange: ids(reply.exchange) } };
    if (reply.kind !== 'answer') {
      // The answer was lost: the receiver's copy says whether the revocation arrived.
      const back = await this.readReferral(target, id, correlationId, new Date(Date.now() + 5_000));
      if (back.kind !== 'failed' && (back.status === 'revoked' || back.status === 'entered-in-error')) return { kind: 'withdrawn', exchange: ids(reply.exchange), already: false };
      if (back.kind !== 'failed' && back.status === 'active') return { kind: 'failed', failure: { kind: 'provider-unavailable', detail: `${reply.reason}; read back: still active`, exchange: ids(reply.exchange) } };
      return { kind: 'unknown', reason: `${reply.reason}; read back: ${back.kind === 'failed' ? back.failure.detail : back.status}`, exchange: ids(reply.exchange) };
    }
    if (reply.status === 200 || (reply.status === 409 && outcomeCode(reply.json)?.issue === 'duplicate')) return { kind: 'withdrawn', exchange: ids(reply.exchange), already: false };
    return { kind: 'failed', failure: failure(reply.status, reply.json, 'cancel', ids(reply.exchange)) };
  }

  /** `GET ServiceRequest/{id}`: the receiver's status of a referral we sent. */
  private async readReferral(target: BookingTarget, id: string, correlationId: string, deadline: Date): Promise<{ kind: 'read'; status: string; exchange: ExchangeIds } | { kind: 'failed'; failure: ProtocolFailure }> {
    const read = await this.options.client.send({ method: 'GET', path: `/ServiceRequest/${encodeURIComponent(id)}`, dosServiceId: target.dosServiceId, requestId: randomUUID(), correlationId, deadline });
    if (read.kind !== 'answer') return { kind: 'failed', failure: { kind: read.kind === 'auth-failed' ? 'not-authorised' : 'provider-unavailable', detail: read.reason, exchange: ids(read.exchange) } };
    if (read.status !== 200) return { kind: 'failed', failure: failure(read.status, read.json, 'read', ids(read.exchange)) };
    return { kind: 'read', status: str(obj(read.json)?.status, 'unknown'), exchange: ids(read.exchange) };
  }

  private baseUrl(): string {
    return this.options.proxyBaseUrl.replace(/\/$/, '');
  }

  private post(target: BookingTarget, requestId: string, correlationId: string, body: string, useContext: string, deadline: Date): Promise<BarsReply> {
    return this.options.client.send({ method: 'POST', path: '/$process-message', dosServiceId: target.dosServiceId, requestId, correlationId, body, headers: { 'use-context': useContext }, deadline });
  }

  private appointmentOf(appointment: Json): { id: string; url: string; status?: 'booked' | 'cancelled' | 'other'; start?: string; end?: string; version?: string } {
    const id = String(appointment.id);
    const status = appointment.status === 'booked' || appointment.status === 'cancelled' ? appointment.status : 'other';
    const lastUpdated = obj(appointment.meta)?.lastUpdated;
    return {
      id,
      url: `${this.baseUrl()}/Appointment/${id}`,
      status,
      ...(typeof appointment.start === 'string' ? { start: appointment.start } : {}),
      ...(typeof appointment.end === 'string' ? { end: appointment.end } : {}),
      ...(typeof lastUpdated === 'string' ? { version: lastUpdated } : {}),
    };
  }

  /**
   * After 409 duplicate the first attempt booked it (digest §5): find which appointment, with the
   * search App1 defines (patient:identifier).
   */
  private async findDuplicate(target: BookingTarget, request: PreparedRequest, correlationId: string, deadline: Date, exchange: ExchangeIds): Promise<BookOutcome> {
    const found = await this.searchSent(target, request, correlationId, deadline);
    if (found.kind === 'cannot-search') return { kind: 'unknown', reason: `already processed (409 duplicate) but ${found.reason}`, exchange };
    if (found.kind !== 'found' || found.appointment.status !== 'booked') return { kind: 'unknown', reason: 'already processed (409 duplicate) but no booked appointment of ours was found', exchange };
    return { kind: 'booked', appointment: found.appointment, detailsRead: true, exchange };
  }

  /** Whether a booking request whose answer was lost made an appointment, asked of the receiver (a clinician's phone record is checked with it). */
  findSent(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<FindOutcome> {
    return this.searchSent(target, request, correlation(target), deadline);
  }

  /**
   * The search App1 defines (patient:identifier): ours by the identifier we put on it, else by our
   * slot's times (the receiver's copy keeps them). Whatever a receiver returns is checked, not
   * trusted to filter; a booked match is preferred to a cancelled one.
   */
  private async searchSent(target: BookingTarget, request: PreparedRequest, correlationId: string, deadline: Date): Promise<FindOutcome> {
    const sent = JSON.parse(request.body) as Json;
    const resources = arr(sent.entry).map((e) => obj(obj(e)?.resource));
    const ours = resources.find((r) => r?.resourceType === 'Appointment');
    const ourId = arr(ours?.identifier).map(obj).find((i) => i?.system === URI_SYSTEM)?.value;
    const nhsNumber = arr(resources.find((r) => r?.resourceType === 'Patient')?.identifier).map(obj).find((i) => i?.system === NHS_NUMBER_SYSTEM)?.value;
    const ourIdentifier = (a: Json): boolean => arr(a.identifier).map(obj).some((i) => i?.system === URI_SYSTEM && i.value === ourId);
    let search: { query: [string, string][]; matches: (a: Json) => boolean };
    if (typeof nhsNumber === 'string') {
      search = { query: [['patient:identifier', `${NHS_NUMBER_SYSTEM}|${nhsNumber}`]], matches: (a) => (typeof ourId === 'string' && ourIdentifier(a)) || (a.start === ours?.start && a.end === ours?.end) };
    } else if (typeof ourId === 'string') {
      // No NHS number: App1 defines no search for this patient; our own identifier is the only handle (a receiver may not support it).
      search = { query: [['identifier', `${URI_SYSTEM}|${ourId}`]], matches: ourIdentifier };
    } else {
      return { kind: 'cannot-search', reason: 'the request carries nothing to find the appointment by' };
    }
    const reply = await this.options.client.send({ method: 'GET', path: '/Appointment', query: search.query, dosServiceId: target.dosServiceId, requestId: randomUUID(), correlationId, deadline });
    if (reply.kind !== 'answer') return { kind: 'failed', failure: { kind: reply.kind === 'auth-failed' ? 'not-authorised' : 'timeout', detail: reply.reason, exchange: ids(reply.exchange) } };
    if (reply.status !== 200) return { kind: 'failed', failure: failure(reply.status, reply.json, 'read', ids(reply.exchange)) };
    const appointments = arr(obj(reply.json)?.entry).map((e) => obj(obj(e)?.resource)).filter((a): a is Json => a?.resourceType === 'Appointment' && typeof a.id === 'string');
    const mine = appointments.filter((a) => ourIdentifier(a) || search.matches(a));
    const match = mine.find((a) => a.status === 'booked' && ourIdentifier(a)) ?? mine.find((a) => a.status === 'booked') ?? mine.find(ourIdentifier) ?? mine[0];
    if (match === undefined) return { kind: 'none', exchange: ids(reply.exchange) };
    if (match.status === 'booked') this.options.sent.remember(String(match.id), target.dosServiceId, request.body);
    const found = this.appointmentOf(match);
    return { kind: 'found', appointment: { ...found, status: found.status ?? 'other' }, exchange: ids(reply.exchange) };
  }
}

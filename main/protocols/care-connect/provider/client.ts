import { randomUUID } from 'node:crypto';
import type { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Patient, SkippedSlots } from '../../../../preload/contract';
import {
  AppointmentSchema,
  buildAppointment,
  bundleToRows,
  MalformedBundleError,
  OperationOutcomeSchema,
  parseFhir,
  type Appointment,
  type Slot,
  type SlotRowBase,
} from '../../../fhir';
import type { JwtOperation } from '../../../spine/jwt';
import {
  buildSspUrl,
  canonicalServiceRoot,
  parseServiceRoot,
  send,
  sspAgent,
  sspHeaders,
  TransportError,
  UnsafeServiceRootError,
  type QueryValue,
  type RawResponse,
} from '../../../spine/ssp';
import { caseReference } from '../../../workflow/references';
import { ProviderError, type ProviderFailureKind, type ProviderOperation } from './errors';
import { parseAppointmentLocation, versionFromEtag } from './location';
import { DEFAULT_INTERACTIONS, DEFAULTS, type InteractionIds, type ProviderClientOptions, type ProviderTarget, type SearchWindow } from './options';

/** Ids that let the service desk and the Provider find one exchange. */
export interface ExchangeIds {
  requestId: string;
  correlationId?: string;
  httpStatus?: number;
  /** Ssp-TraceID of the last attempt (C25). */
  traceId?: string;
}

export interface SlotSearchResult extends ExchangeIds {
  rows: SlotRowBase[];
  rawSlots: Map<string, Slot>;
  noSlotsReason?: string;
  /** Slots not offered, by reason (busy, past, unreadable, …). */
  skipped: SkippedSlots;
  /** Entries skipped while joining, for logs. */
  problems: string[];
}

/** A booking body built and persisted earlier: sent byte for byte under its X-Request-ID. */
export interface PreparedBookRequest {
  requestId: string;
  body: string;
  deadline?: Date;
}

export interface BookRequest {
  slot: Slot;
  patient: Patient;
  reason: string;
  documentId: string;
  /** Kept by the caller so a later retry of the same booking reuses it. */
  requestId: string;
  /** The exact body sent first: a retry under the same X-Request-ID sends these bytes again. */
  body?: string;
  /** Fixed creation time for a body built here. */
  created?: Date;
  /** No attempt starts after this, and none outlives it. */
  deadline?: Date;
}

export type BookResult =
  | ({ status: 'booked'; appointmentId: string; version: string | undefined; appointmentUrl: string; detailsRead: boolean } & ExchangeIds)
  | ({ status: 'outcome-unknown'; attempts: number; error: ProviderError } & ExchangeIds);

export interface ReadResult extends ExchangeIds {
  appointment: Appointment;
  version: string | undefined;
}

interface Call {
  op: ProviderOperation;
  method: 'GET' | 'POST' | 'PUT';
  target: ProviderTarget;
  path: string[];
  query?: Record<string, QueryValue>;
  body?: string;
  ifMatch?: string;
  requestId?: string;
  deadline?: Date;
  /** A 2xx whose body cannot be read still comes back (a booking answer with a Location is booked). */
  lenient2xx?: boolean;
}

interface Exchange extends ExchangeIds {
  response: RawResponse;
  json: unknown;
  attempts: number;
}

const SCOPE: Record<ProviderOperation, JwtOperation> = { 'slot-search': 'slot-search', book: 'book', read: 'read-appointment', cancel: 'cancel' };
const AUDIT_TYPE: Record<ProviderOperation, string> = {
  'slot-search': 'provider.slot-search',
  book: 'provider.book',
  read: 'provider.read',
  cancel: 'provider.cancel',
};

/** The Consumer's client for one Provider's FHIR API through the SSP (digest §1.3–§1.6, §4). */
export class ProviderClient {
  private readonly interactions: InteractionIds;
  private readonly agent: HttpsAgent | undefined;

  constructor(private readonly options: ProviderClientOptions) {
    this.interactions = { ...DEFAULT_INTERACTIONS, ...options.interactions };
    this.agent = options.tls === undefined ? undefined : sspAgent(options.tls);
  }

  /** Slot search (digest §1.4): free slots of one DoS service up to `window.end`, with all includes. */
  async searchSlots(target: ProviderTarget, window: SearchWindow): Promise<SlotSearchResult> {
    const start = [`le${window.end.toISOString()}`];
    if (window.start !== undefined) start.unshift(`ge${window.start.toISOString()}`);
    const exchange = await this.request({
      op: 'slot-search',
      method: 'GET',
      target,
      path: ['Slot'],
      ...(window.deadline === undefined ? {} : { deadline: window.deadline }),
      query: {
        'schedule.actor:healthcareservice': target.dosServiceId,
        status: 'free',
        start,
        _include: 'Slot:schedule',
        '_include:iterate': [
          'Schedule:actor:Practitioner',
          'Schedule:actor:PractitionerRole',
          'Schedule:actor:HealthcareService',
          'HealthcareService:location',
          'HealthcareService:providedBy',
        ],
      },
    });
    try {
      const joined = bundleToRows(exchange.json, { window, now: window.start ?? new Date() });
      const outcome = joined.rows.length === 0 ? 'no-slots' : 'ok';
      this.outcome('slot-search', target, exchange, outcome, {
        slots: joined.rows.length,
        skipped: joined.problems.length,
        ...(joined.noSlotsReason === undefined ? {} : { noSlotsReason: joined.noSlotsReason }),
      });
      return { ...ids(exchange), ...joined };
    } catch (error) {
      if (!(error instanceof MalformedBundleError)) throw error;
      throw this.fail('slot-search', target, exchange, 'malformed', error.message);
    }
  }

  /** Book (digest §1.5, §3): POST the Appointment; a lost answer is retried with the same X-Request-ID. */
  async book(target: ProviderTarget, request: BookRequest | PreparedBookRequest): Promise<BookResult> {
    const body =
      'slot' in request && request.body === undefined
        ? JSON.stringify(
        buildAppointment({
          slot: request.slot,
          patient: request.patient,
          reason: request.reason,
          documentId: request.documentId,
          ...(request.created === undefined ? {} : { created: request.created }),
        }),
      )
        : (request.body ?? '');
    let exchange: Exchange;
    try {
      exchange = await this.request({
        op: 'book',
        method: 'POST',
        target,
        path: ['Appointment'],
        body,
        requestId: request.requestId,
        lenient2xx: true,
        ...(request.deadline === undefined ? {} : { deadline: request.deadline }),
      });
    } catch (error) {
      if (error instanceof ProviderError && isLostAnswer(error)) {
        // The Provider may hold the booking: say so, and keep the X-Request-ID for a later retry.
        const unknown = new ProviderError({
          operation: 'book',
          kind: error.kind,
          requestId: request.requestId,
          detail: `answer lost after ${1 + this.bookRetries()} attempts: ${error.message}`,
          outcomeUnknown: true,
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.outcome === undefined ? {} : { outcome: error.outcome }),
          ...(error.correlationId === undefined ? {} : { correlationId: error.correlationId }),
          ...(error.traceId === undefined ? {} : { traceId: error.traceId }),
        });
        return { status: 'outcome-unknown', attempts: 1 + this.bookRetries(), error: unknown, requestId: request.requestId, ...optional(error) };
      }
      throw error;
    }
    const location = header(exchange.response, 'location');
    const root = canonicalServiceRoot(this.root(target, 'book', request.requestId));
    const parsed = location === undefined ? undefined : parseAppointmentLocation(location, root);
    const stored = parseFhir(AppointmentSchema, exchange.json);
    const id = parsed?.id ?? (stored.ok ? stored.value.id : undefined);
    if (id === undefined) throw this.fail('book', target, exchange, 'malformed', 'the 201 reply has neither a Location nor an Appointment id');
    const version = parsed?.version ?? (stored.ok ? stored.value.meta?.versionId : undefined) ?? versionFromEtag(header(exchange.response, 'etag'));
    const appointmentUrl = parsed?.url ?? `${root}/Appointment/${encodeURIComponent(id)}`;
    this.outcome('book', target, exchange, 'ok', { appointmentId: id, version, attempts: exchange.attempts, bodyRead: stored.ok });
    return { status: 'booked', appointmentId: id, version, appointmentUrl, detailsRead: stored.ok, ...ids(exchange) };
  }

  /** Read a booking (digest §1.6): the latest version of an Appointment. */
  async read(target: ProviderTarget, appointmentId: string, deadline?: Date): Promise<ReadResult> {
    return this.readAs('read', target, appointmentId, deadline);
  }

  /** One PUT of a changed Appointment with If-Match; no retry (the caller reads back a lost answer). */
  async update(target: ProviderTarget, appointment: Appointment, ifMatch: string | undefined, deadline?: Date): Promise<ReadResult> {
    const id = appointment.id ?? '';
    const exchange = await this.request({
      op: 'cancel',
      method: 'PUT',
      target,
      path: ['Appointment', id],
      body: JSON.stringify(appointment),
      ...(ifMatch === undefined ? {} : { ifMatch }),
      ...(deadline === undefined ? {} : { deadline }),
    });
    const stored = parseFhir(AppointmentSchema, exchange.json);
    const version = (stored.ok ? stored.value.meta?.versionId : undefined) ?? versionFromEtag(header(exchange.response, 'etag'));
    this.outcome('cancel', target, exchange, 'ok', { appointmentId: id, version });
    return { appointment: stored.ok ? stored.value : appointment, version, ...ids(exchange) };
  }

  /** Cancel (digest §1.6): read the latest version, change only status, PUT with If-Match; re-read once on 409/412. */
  async cancel(target: ProviderTarget, appointmentId: string): Promise<ReadResult> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.readAs('cancel', target, appointmentId);
      if (current.appointment.status === 'cancelled') return current;
      const updated: Appointment = { ...current.appointment, status: 'cancelled' };
      try {
        const exchange = await this.request({
          op: 'cancel',
          method: 'PUT',
          target,
          path: ['Appointment', appointmentId],
          body: JSON.stringify(updated),
          ...(current.version === undefined ? {} : { ifMatch: `W/"${current.version}"` }),
        });
        const stored = parseFhir(AppointmentSchema, exchange.json);
        const appointment = stored.ok ? stored.value : updated;
        const version = (stored.ok ? stored.value.meta?.versionId : undefined) ?? versionFromEtag(header(exchange.response, 'etag'));
        this.outcome('cancel', target, exchange, 'ok', { appointmentId, version });
        return { appointment, version, ...ids(exchange) };
      } catch (error) {
        const conflict = error instanceof ProviderError && (error.status === 409 || error.status === 412);
        if (!conflict || attempt >= 2) throw error;
        this.options.logger?.warn({ op: 'cancel', asid: target.asid, status: error.status, requestId: error.requestId }, 'version conflict; re-reading once');
      }
    }
  }

  private async readAs(op: 'read' | 'cancel', target: ProviderTarget, appointmentId: string, deadline?: Date): Promise<ReadResult> {
    // Reading the latest version before a cancel is still a read: read scope and read interaction.
    const exchange = await this.request({ op: 'read', method: 'GET', target, path: ['Appointment', appointmentId], ...(deadline === undefined ? {} : { deadline }) });
    const parsed = parseFhir(AppointmentSchema, exchange.json);
    if (!parsed.ok) throw this.fail(op, target, exchange, 'malformed', `not an Appointment: ${parsed.problems.slice(0, 5).join('; ')}`);
    const version = parsed.value.meta?.versionId ?? versionFromEtag(header(exchange.response, 'etag'));
    if (op === 'read') this.outcome('read', target, exchange, 'ok', { appointmentId, version });
    return { appointment: parsed.value, version, ...ids(exchange) };
  }

  /** The one pipeline: URL, headers + JWT, timeout, size cap, bounded retry, typed errors, audit. */
  private async request(call: Call): Promise<Exchange> {
    const requestId = call.requestId ?? randomUUID();
    const root = this.root(call.target, call.op, requestId);
    const url = buildSspUrl(this.options.sspBaseUrl, root, call.path, call.query);
    const interactionId = this.interactionFor(call);
    const retries = call.method === 'GET' ? (this.options.retries?.read ?? DEFAULTS.retries.read) : call.op === 'book' ? this.bookRetries() : 0;
    const callTimeoutMs = this.timeoutFor(call.op);
    // A booking POST whose answer was lost may have been stored: a later attempt's refusal cannot undo that.
    let lostEarlier: ProviderError | undefined;
    for (let attempt = 1; ; attempt++) {
      // The user's overall deadline bounds every attempt: a slow Provider never holds the screen past it.
      const remaining = call.deadline === undefined ? callTimeoutMs : call.deadline.getTime() - Date.now();
      const timeoutMs = Math.max(1, Math.min(callTimeoutMs, remaining));
      const headers = sspHeaders({
        ourAsid: this.options.ourAsid,
        providerAsid: call.target.asid,
        interactionId,
        jwt: await this.options.jwt.create(canonicalServiceRoot(root), SCOPE[call.op]),
        requestId,
        hasBody: call.body !== undefined,
        ...(call.ifMatch === undefined ? {} : { ifMatch: call.ifMatch }),
      });
      const traceId = headers['Ssp-TraceID'];
      this.audit(call.op, 'attempt', call.target, { requestId, traceId }, undefined, { attempt, method: call.method, interactionId });
      let error: ProviderError;
      try {
        const response = await send({
          method: call.method,
          url,
          headers,
          ...(call.body === undefined ? {} : { body: call.body }),
          timeoutMs,
          maxBytes: this.options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
          ...(this.agent === undefined ? {} : { agent: this.agent }),
        });
        const exchange = this.interpret(call, response, requestId, attempt, traceId);
        if (exchange.ok) return exchange.value;
        error = exchange.error;
      } catch (caught) {
        if (!(caught instanceof TransportError)) throw caught;
        error = new ProviderError({ operation: call.op, kind: caught.kind === 'too-large' ? 'too-large' : caught.kind, requestId, detail: caught.message, ...(traceId === undefined ? {} : { traceId }) });
      }
      const delay = (this.options.retryDelayMs ?? DEFAULTS.retryDelayMs) * 2 ** (attempt - 1);
      const pastDeadline = call.deadline !== undefined && Date.now() + delay >= call.deadline.getTime();
      if (call.op === 'book' && isLostAnswer(error)) lostEarlier ??= error;
      if (attempt > retries || !retryable(call, error) || pastDeadline) {
        const final = call.op === 'book' && lostEarlier !== undefined && !isLostAnswer(error) ? lostEarlier : error;
        this.report(call.op, call.target, final);
        throw final;
      }
      this.options.logger?.warn({ op: call.op, asid: call.target.asid, requestId, status: error.status, kind: error.kind, attempt }, 'retrying');
      await sleep(delay);
    }
  }

  /** Turns one HTTP answer into an exchange or a typed error; never throws on a bad body. */
  private interpret(
    call: Call,
    response: RawResponse,
    requestId: string,
    attempts: number,
    traceId: string | undefined,
  ): { ok: true; value: Exchange } | { ok: false; error: ProviderError } {
    const correlationId = header(response, 'x-correlation-id');
    const trace = traceId === undefined ? {} : { traceId };
    const base = { operation: call.op, requestId, status: response.status, ...(correlationId === undefined ? {} : { correlationId }), ...trace };
    const json = parseJson(response);
    if (response.status >= 400) {
      const outcome = json.ok ? parseFhir(OperationOutcomeSchema, json.value) : undefined;
      const detail = outcome?.ok === true ? (outcome.value.issue[0]?.diagnostics ?? 'OperationOutcome') : `HTTP ${response.status}`;
      return {
        ok: false,
        error: new ProviderError({ ...base, kind: 'http', detail, ...(outcome?.ok === true ? { outcome: outcome.value } : {}) }),
      };
    }
    const value = { response, requestId, attempts, httpStatus: response.status, ...(correlationId === undefined ? {} : { correlationId }), ...trace };
    if (!json.ok) {
      if (call.lenient2xx === true) return { ok: true, value: { ...value, json: undefined } };
      return { ok: false, error: new ProviderError({ ...base, kind: 'malformed', detail: json.detail }) };
    }
    return { ok: true, value: { ...value, json: json.value } };
  }

  private root(target: ProviderTarget, op: ProviderOperation, requestId: string): URL {
    try {
      return parseServiceRoot(target.serviceRoot, { allowInsecureLoopback: this.options.allowInsecureLoopback === true });
    } catch (error) {
      if (!(error instanceof UnsafeServiceRootError)) throw error;
      const failure = new ProviderError({ operation: op, kind: 'unsafe-endpoint', requestId, detail: error.message });
      this.report(op, target, failure);
      throw failure;
    }
  }

  private interactionFor(call: Call): string {
    switch (call.op) {
      case 'slot-search':
        // Use the slot interaction the Provider's AS record lists; the sources disagree on read vs search.
        return call.target.interactions.find((i) => /:(read|search):slot$/.test(i)) ?? this.interactions.slotSearch;
      case 'book':
        return this.interactions.createAppointment;
      case 'read':
        return this.interactions.readAppointment;
      case 'cancel':
        return call.method === 'PUT' ? this.interactions.updateAppointment : this.interactions.readAppointment;
    }
  }

  private timeoutFor(op: ProviderOperation): number {
    const t = { ...DEFAULTS.timeouts, ...this.options.timeouts };
    return op === 'slot-search' ? t.search : t[op];
  }

  private bookRetries(): number {
    return this.options.retries?.bookLostAnswer ?? DEFAULTS.retries.bookLostAnswer;
  }

  private fail(op: ProviderOperation, target: ProviderTarget, exchange: Exchange, kind: ProviderFailureKind, detail: string): ProviderError {
    const error = new ProviderError({ operation: op, kind, requestId: exchange.requestId, detail, ...optional(exchange) });
    this.report(op, target, error);
    return error;
  }

  /** The outcome event and log line of a failed call: Spine code in both, diagnostics in the audit only. */
  private report(op: ProviderOperation, target: ProviderTarget, error: ProviderError): void {
    const outcome = error.code === 'outcome-unknown' || (op === 'book' && isLostAnswer(error)) ? 'unknown' : 'error';
    this.audit(op, 'outcome', target, error, error.status, {
      code: error.code,
      kind: error.kind,
      ...(error.spineCode === undefined ? {} : { spineCode: error.spineCode }),
      ...(error.diagnostics === undefined ? {} : { diagnostics: error.diagnostics }),
      technical: error.message,
    }, outcome);
    // Diagnostics can quote patient data, so the log carries the Spine code only.
    this.options.logger?.error(
      { op, dosServiceId: target.dosServiceId, asid: target.asid, requestId: error.requestId, correlationId: error.correlationId, status: error.status, spineCode: error.spineCode, code: error.code },
      'provider call failed',
    );
  }

  private outcome(op: ProviderOperation, target: ProviderTarget, exchange: Exchange, outcome: string, detail: Record<string, unknown>): void {
    this.audit(op, 'outcome', target, exchange, exchange.httpStatus, detail, outcome);
    this.options.logger?.info({ op, dosServiceId: target.dosServiceId, asid: target.asid, requestId: exchange.requestId, status: exchange.httpStatus, outcome }, 'provider call');
  }

  private audit(
    op: ProviderOperation,
    phase: 'attempt' | 'outcome',
    target: ProviderTarget,
    exchangeIds: { requestId: string; correlationId?: string | undefined; traceId?: string | undefined },
    httpStatus: number | undefined,
    detail: Record<string, unknown>,
    outcome?: string,
  ): void {
    this.options.audit.append({
      type: `${AUDIT_TYPE[op]}.${phase}`,
      ...(target.caseId === undefined ? {} : { caseId: target.caseId }),
      dosServiceId: target.dosServiceId,
      asid: target.asid,
      requestId: exchangeIds.requestId,
      ...(exchangeIds.correlationId === undefined ? {} : { correlationId: exchangeIds.correlationId }),
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(outcome === undefined ? {} : { outcome }),
      detail: exchangeIds.traceId === undefined ? detail : { ...detail, sspTraceId: exchangeIds.traceId, ...caseOf(target) },
    });
  }
}

/**
 * The case beside each Ssp-TraceID (C25): the trace id is one per request, and the script asks for
 * "the ID of the specific case", so each trace id's detail names its case as well.
 */
function caseOf(target: ProviderTarget): { caseId?: string; caseReference?: string } {
  if (target.caseId === undefined) return {};
  // Case ids are UUIDs; anything else is still recorded, only without the short reference derived from one.
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(target.caseId);
  return { caseId: target.caseId, ...(isUuid ? { caseReference: caseReference(target.caseId) } : {}) };
}

/** A booking POST's answer was lost: the Provider may or may not have stored it (digest §4). */
function isLostAnswer(error: ProviderError): boolean {
  return error.kind === 'timeout' || error.kind === 'network' || error.status === 502 || error.status === 504;
}

function retryable(call: Call, error: ProviderError): boolean {
  if (call.method === 'GET') return error.kind === 'timeout' || error.kind === 'network' || (error.status !== undefined && error.status >= 500);
  if (call.op === 'book') return isLostAnswer(error);
  return false;
}

function parseJson(response: RawResponse): { ok: true; value: unknown } | { ok: false; detail: string } {
  const type = header(response, 'content-type') ?? '';
  if (!/^application\/(fhir\+)?json\b/i.test(type)) {
    return response.body.length === 0 ? { ok: false, detail: 'empty reply' } : { ok: false, detail: `not FHIR JSON (content-type "${type.slice(0, 60)}")` };
  }
  try {
    return { ok: true, value: JSON.parse(response.body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, detail: `malformed JSON: ${(error as Error).message.slice(0, 120)}` };
  }
}

function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function ids(exchange: ExchangeIds): ExchangeIds {
  return { requestId: exchange.requestId, ...optional(exchange), ...(exchange.traceId === undefined ? {} : { traceId: exchange.traceId }) };
}

function optional(x: { correlationId?: string | undefined; httpStatus?: number | undefined; status?: number | undefined }): { correlationId?: string; httpStatus?: number } {
  const httpStatus = x.httpStatus ?? x.status;
  return { ...(x.correlationId === undefined ? {} : { correlationId: x.correlationId }), ...(httpStatus === undefined ? {} : { httpStatus }) };
}


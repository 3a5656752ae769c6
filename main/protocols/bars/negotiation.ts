/**
 * Version negotiation before a service's first use (digest §2; Versioning guide): the
 * receiver's CapabilityStatement (API major, `$process-message` receiver messages) and its
 * MessageDefinitions for our use cases. Cached at most 24 hours, as the standard allows.
 */
import type { ExchangeIds, ProtocolFailure } from '../../workflow/booking-protocol';
import type { BarsClient } from './client';
import { API_VERSION, DEFINITION, DOS_SERVICE_ID_SYSTEM, USE_CASE_SYSTEM } from './codes';
import { failure } from './errors';

export interface Negotiated {
  /** The use case both sides support, e.g. `a1t1`. */
  useCase: string;
  /** The Application version of the booking MessageDefinition: `Bundle.meta.versionId`. */
  version: string;
  /** The message definitions the receiver takes. */
  definitions: ReadonlySet<string>;
}

export type NegotiationOutcome = { ok: true; value: Negotiated } | { ok: false; failure: ProtocolFailure };

const DAY_MS = 24 * 3_600_000;
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class Negotiator {
  private readonly cache = new Map<string, { value: Negotiated; atMs: number }>();

  constructor(
    private readonly client: BarsClient,
    private readonly useCases: readonly string[],
    private readonly newId: () => string,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs = DAY_MS,
  ) {}

  async negotiate(dosServiceId: string, correlationId: string, deadline: Date): Promise<NegotiationOutcome> {
    const cached = this.cache.get(dosServiceId);
    const nowMs = this.now().getTime();
    if (cached && nowMs - cached.atMs < Math.min(this.ttlMs, DAY_MS)) return { ok: true, value: cached.value };
    const base = { dosServiceId, correlationId, deadline };
    const capability = await this.client.send({ ...base, method: 'GET', path: '/metadata', requestId: this.newId() });
    if (capability.kind !== 'answer') return { ok: false, failure: lost(capability.reason, capability.exchange, capability.kind === 'auth-failed') };
    if (capability.status !== 200) return { ok: false, failure: failure(capability.status, capability.json, 'negotiate', capability.exchange) };
    const cs = obj(capability.json);
    const major = typeof cs?.version === 'string' ? cs.version.split('.')[0] : undefined;
    if (cs?.resourceType !== 'CapabilityStatement' || major !== API_VERSION.split('.')[0]) {
      return { ok: false, failure: refuse(`CapabilityStatement version ${String(cs?.version)} does not share our major version ${API_VERSION}`, capability.exchange) };
    }
    const receives = new Set(arr(cs.messaging).flatMap((m) => arr(obj(m)?.supportedMessage)).map(obj).filter((m) => m?.mode === 'receiver').map((m) => String(m?.definition)));
    if (!receives.has(DEFINITION.booking)) return { ok: false, failure: refuse('The receiver does not list the booking-request message', capability.exchange) };

    const definitions = await this.client.send({
      ...base,
      method: 'GET',
      path: '/MessageDefinition',
      query: [['context', `${DOS_SERVICE_ID_SYSTEM}|${dosServiceId}`]],
      requestId: this.newId(),
    });
    if (definitions.kind !== 'answer') return { ok: false, failure: lost(definitions.reason, definitions.exchange, definitions.kind === 'auth-failed') };
    if (definitions.status !== 200) return { ok: false, failure: failure(definitions.status, definitions.json, 'negotiate', definitions.exchange) };
    const found = arr(obj(definitions.json)?.entry).map((e) => obj(obj(e)?.resource)).filter((r) => r?.resourceType === 'MessageDefinition');
    const booking = found.find((d) => d?.url === DEFINITION.booking);
    const offered = new Set(arr(booking?.useContext).flatMap((u) => arr(obj(obj(u)?.valueCodeableConcept)?.coding)).map(obj).filter((c) => c?.system === USE_CASE_SYSTEM).map((c) => String(c?.code).toLowerCase()));
    const useCase = this.useCases.find((u) => offered.has(u));
    if (booking === undefined || typeof booking.version !== 'string' || useCase === undefined) {
      return { ok: false, failure: refuse(`The receiver supports none of our use cases (${this.useCases.join(', ')}); it offers ${[...offered].join(', ') || 'none'}`, definitions.exchange) };
    }
    const value: Negotiated = { useCase, version: booking.version, definitions: new Set([...receives].filter((d) => found.some((f) => f?.url === d))) };
    this.cache.set(dosServiceId, { value, atMs: nowMs });
    return { ok: true, value };
  }
}

function refuse(detail: string, exchange: ExchangeIds): ProtocolFailure {
  return { kind: 'unsupported', code: 'USE_CASE_NOT_SUPPORTED', detail, exchange };
}

function lost(reason: string, exchange: ExchangeIds, auth: boolean): ProtocolFailure {
  return { kind: auth ? 'not-authorised' : 'provider-unavailable', detail: reason, exchange };
}

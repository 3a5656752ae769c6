/**
 * Composition of the booking protocols: Care Connect always, BaRS when the sandbox or the
 * settings provide it, and the per-service choice between them (settings override, the
 * directory's endpoints, a probe of the BaRS proxy). The workflow sees one BookingProtocol and
 * one BookingRoutes; nothing above this file knows which standard a service speaks.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { resolveSecret, type SafeSecretReader, type Settings, type UserProfile } from '../config';
import type { Db } from '../db/database';
import { ReferralStore } from '../referral/referral-store';
import {
  BarsAdapter,
  BarsClient,
  loadPrivateKey,
  Negotiator,
  ProtocolProbe,
  SENDER_USE_CASES,
  SqliteSentMessages,
  TokenSource,
  barsAgent,
  correlationIdFor,
  tlsFetch,
  type Protocol,
  type ReferralFacts,
  type SenderIdentity,
} from '../protocols/bars';
import type { BookingInput, BookingProtocol, BookingTarget, FindOutcome, PreparedRequest, ReferralInput, SlotQuery, WithdrawOutcome, WithdrawReferralInput } from '../workflow/booking-protocol';
import type { CaseService } from '../workflow/case-service';
import type { BookingRoutes, DosService, ServiceDirectory } from '../workflow/ports';
import type { SpineConnection } from './spine-connection';
import type { Clock } from '../workflow/clock';

/** Routes each call to the adapter of the standard the target's service speaks. */
export class ProtocolRouter implements BookingProtocol {
  readonly name = 'per-service';
  private readonly chosen = new Map<string, Protocol>();

  constructor(
    private readonly careConnect: BookingProtocol,
    private readonly bars: BookingProtocol | undefined,
    private readonly probe: ProtocolProbe | undefined,
    private readonly directory: ServiceDirectory,
  ) {}

  readonly routes: BookingRoutes = {
    routeOf: async (dos: DosService) => {
      const protocol = await this.decide(dos);
      // BaRS App1 (Rebook): the Sender MUST cancel the original booking before making the new one.
      return { via: ProtocolProbe.display(protocol), direct: protocol === 'bars', refersThroughProtocol: protocol === 'bars', rebookCancelsFirst: protocol === 'bars' };
    },
  };

  searchSlots(target: BookingTarget, query: SlotQuery): ReturnType<BookingProtocol['searchSlots']> {
    return this.adapterFor(target).then((a) => a.searchSlots(target, query));
  }

  prepareBook(target: BookingTarget, input: BookingInput): PreparedRequest {
    // Synchronous by the port's contract: the search that found the slot has already chosen.
    const known = this.chosen.get(target.dosServiceId);
    const isBarsSlot = (input.rawSlot as { protocol?: unknown } | undefined)?.protocol === 'bars';
    const adapter = (known ?? (isBarsSlot ? 'bars' : 'care-connect')) === 'bars' && this.bars ? this.bars : this.careConnect;
    return adapter.prepareBook(target, input);
  }

  book(target: BookingTarget, request: PreparedRequest, deadline: Date): ReturnType<BookingProtocol['book']> {
    return this.adapterFor(target).then((a) => a.book(target, request, deadline));
  }

  read(target: BookingTarget, appointmentId: string, deadline: Date): ReturnType<BookingProtocol['read']> {
    return this.adapterFor(target).then((a) => a.read(target, appointmentId, deadline));
  }

  cancel(target: BookingTarget, appointmentId: string, deadline: Date): ReturnType<BookingProtocol['cancel']> {
    return this.adapterFor(target).then((a) => a.cancel(target, appointmentId, deadline));
  }

  refer(target: BookingTarget, input: ReferralInput): ReturnType<BookingProtocol['refer']> {
    return this.adapterFor(target).then((a) => a.refer(target, input));
  }

  /** Only where the service's standard can withdraw a referral (BaRS); otherwise refused, nothing sent. */
  async withdrawReferral(target: BookingTarget, input: WithdrawReferralInput): Promise<WithdrawOutcome> {
    const adapter = await this.adapterFor(target);
    if (adapter.withdrawReferral === undefined) {
      return { kind: 'failed', failure: { kind: 'unsupported', detail: `${adapter.name} has no way to withdraw a referral`, exchange: { requestId: '', attempts: 0 } } };
    }
    return adapter.withdrawReferral(target, input);
  }

  async findSent(target: BookingTarget, request: PreparedRequest, deadline: Date): Promise<FindOutcome> {
    const adapter = await this.adapterFor(target);
    if (adapter.findSent === undefined) return { kind: 'cannot-search', reason: `${adapter.name} defines no search for appointments` };
    return adapter.findSent(target, request, deadline);
  }

  private async decide(dos: DosService): Promise<Protocol> {
    const protocol: Protocol = this.bars !== undefined && this.probe !== undefined ? await this.probe.protocolOf(dos) : 'care-connect';
    this.chosen.set(dos.id, protocol);
    return protocol;
  }

  private async adapterFor(target: BookingTarget): Promise<BookingProtocol> {
    let protocol = this.chosen.get(target.dosServiceId);
    if (protocol === undefined) {
      // After a restart: ask again (the probe's answer is cached for up to 24 hours).
      const dos = await this.directory.getService(target.dosServiceId);
      protocol = dos === undefined ? 'care-connect' : await this.decide(dos);
    }
    return protocol === 'bars' && this.bars !== undefined ? this.bars : this.careConnect;
  }
}

export interface ProtocolDeps {
  settings: Settings;
  profile: UserProfile;
  spine: SpineConnection;
  db: Db;
  cases: CaseService;
  logger: Logger;
  safeSecrets?: SafeSecretReader;
  /** The app's clock: token times, slot windows and the probe's cache follow it. */
  clock?: Clock;
}

interface BarsAccess {
  /** A fetch with the deployment's TLS settings (live mode); absent: the platform's own. */
  fetch?: typeof fetch;
  proxyBaseUrl: string;
  tokenUrl: string;
  apiKey: string | (() => Promise<string>);
  kid: string;
  privateKey: () => Promise<KeyObject>;
  sourceEndpoint: string;
  software: { name: string; version: string };
  sender: '111' | 'cas';
  overrides: Readonly<Record<string, Protocol>>;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}

/** The TLS every live connection uses (spine-connection's connectLive reads the same settings): the CA, and the client certificate and key. */
function liveFetch(tls: { certPath: string; keyPath: string; caPath: string; keyPassphraseRef?: string | undefined }, safeSecrets: SafeSecretReader | undefined): typeof fetch {
  return tlsFetch(once(async () => {
    const passphrase = tls.keyPassphraseRef === undefined ? undefined : await resolveSecret(tls.keyPassphraseRef, safeSecrets);
    return barsAgent({ ca: readFileSync(tls.caPath), cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath), ...(passphrase === undefined ? {} : { passphrase }) });
  }));
}

/** The BaRS access this run has: the sandbox's own registration, the settings' block, or none. */
export function barsAccess(deps: ProtocolDeps): BarsAccess | undefined {
  const s = deps.settings.bars;
  if (s !== undefined) {
    return {
      proxyBaseUrl: s.proxyBaseUrl,
      tokenUrl: s.tokenUrl,
      apiKey: once(() => resolveSecret(s.apiKeyRef, deps.safeSecrets)),
      kid: s.keyId,
      privateKey: once(async () => loadPrivateKey(s.privateKeyPath, s.privateKeyPassphraseRef === undefined ? undefined : await resolveSecret(s.privateKeyPassphraseRef, deps.safeSecrets))),
      sourceEndpoint: s.sourceEndpoint,
      software: s.software,
      sender: s.sender,
      overrides: s.protocolOverrides,
      ...(deps.settings.mode === 'live' ? { fetch: liveFetch(deps.settings.tls, deps.safeSecrets) } : {}),
    };
  }
  const sandbox = deps.spine.sandbox?.bars;
  if (sandbox === undefined) return undefined;
  return {
    proxyBaseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    apiKey: sandbox.apiKey,
    kid: sandbox.kid,
    privateKey: () => Promise.resolve(sandbox.privateKey),
    sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001',
    software: { name: deps.settings.device.model, version: deps.settings.device.version },
    sender: '111',
    overrides: {},
  };
}

/** What a BaRS referral needs about its case, from the case record and the signed-in user. */
function referralFactsFrom(deps: ProtocolDeps): (caseId: string) => Promise<ReferralFacts | undefined> {
  return (caseId) => {
    const doc = deps.cases.load(caseId);
    return Promise.resolve({
      patient: doc.patient,
      disposition: { code: doc.outcome.dispositionCode, text: doc.outcome.dispositionText },
      clinician: {
        name: deps.profile.displayName,
        ...(/^\d+$/.test(deps.profile.sdsUserId) ? { sdsUserId: deps.profile.sdsUserId } : {}),
        ...(/^\d+$/.test(deps.profile.sdsRoleProfileId) ? { sdsRoleProfileId: deps.profile.sdsRoleProfileId } : {}),
        ...(deps.profile.role === undefined ? {} : { role: deps.profile.role }),
      },
      journeyId: correlationIdFor(caseId),
      serviceName: doc.service?.name ?? 'the receiving service',
      startedAt: doc.startedAt,
      attendBy: doc.outcome.deadline,
      ...(doc.registeredPractice === undefined ? {} : { registeredPractice: { odsCode: doc.registeredPractice.odsCode, ...(doc.registeredPractice.name === undefined ? {} : { name: doc.registeredPractice.name }) } }),
      // SG and SD when the case has a Pathways assessment (REFREQ01's CarePlan); a case without one sends DX and the narrative.
      ...(doc.outcome.symptomGroup === undefined ? {} : { symptomGroup: doc.outcome.symptomGroup }),
      ...(doc.outcome.symptomDiscriminator === undefined ? {} : { symptomDiscriminator: doc.outcome.symptomDiscriminator }),
      // App1: a safeguarding concern recorded in the assessment must be in the referral (a Flag).
      ...(doc.outcome.safeguarding === undefined ? {} : { safeguarding: doc.outcome.safeguarding }),
      ...(doc.notes !== undefined ? { notes: doc.notes } : {}),
    });
  };
}

/** A booking that was, or may have been, made at the service: the referral standing then was linked to it. */
const MADE: ReadonlySet<string> = new Set(['booked', 'unknown', 'cancelling', 'cancelled', 'cancel-unknown']);

/**
 * The referral a booking follows (digest §4, referral first): the case's latest referral sent to
 * the service under BaRS without a booking, by the receiver's ServiceRequest id. It is linked to
 * the first booking made there after it, never to a later one: App1 (Rebook) says the new booking
 * must not link to the originally linked referral, whether the old booking was cancelled first or
 * (the Rebook action) after the new one was made; a new referral is made and the original revoked.
 */
function activeReferralFrom(deps: ProtocolDeps): (caseId: string, dosServiceId: string) => string | undefined {
  const referrals = new ReferralStore(deps.db);
  return (caseId, dosServiceId) => {
    const stored = deps.cases.get(caseId);
    // A referral the clinician withdrew no longer stands: a booking must not be based on it.
    const withdrawn = new Set(stored.referrals.filter((r) => r.withdrawn !== undefined).map((r) => r.id));
    const latest = referrals.forCase(caseId).filter((r) => r.serviceId === dosServiceId && r.status === 'sent' && !withdrawn.has(r.id)).at(-1);
    if (latest === undefined || latest.appointmentUrl !== undefined) return undefined;
    const sentAt = Date.parse(latest.sentAt ?? latest.updatedAt);
    const linkedAlready = stored.bookings.some((b) => b.serviceId === dosServiceId && MADE.has(b.status) && Date.parse(b.statusSince) >= sentAt);
    if (linkedAlready) return undefined;
    return /\/ServiceRequest\/([^/]+)$/.exec(latest.endpoint ?? '')?.[1];
  };
}

/**
 * Who BaRS calls are made for. The practitioner is read from the profile on every call, never
 * once at start: CIS2 sign-in rewrites the profile in place whenever a user signs in, out or
 * changes role, and a header fixed at start-up would name nobody (or the previous user).
 */
export function barsSenderIdentity(
  organisation: SenderIdentity['organisation'],
  software: SenderIdentity['software'],
  profile: Pick<UserProfile, 'sdsRoleProfileId' | 'roleCode' | 'role'>,
): SenderIdentity {
  return {
    organisation,
    software,
    get practitioner() {
      if (!/^\d+$/.test(profile.sdsRoleProfileId)) return undefined;
      // The role selected at CIS2 sign-in: the BaRS API asks for the role's code whenever it is known.
      const jobRole = profile.roleCode === undefined ? undefined : { code: profile.roleCode, ...(profile.role !== undefined ? { display: profile.role } : {}) };
      return { sdsRoleProfileId: profile.sdsRoleProfileId, ...(jobRole !== undefined ? { jobRole } : {}) };
    },
  };
}

export function bookingProtocols(deps: ProtocolDeps, careConnect: BookingProtocol): ProtocolRouter {
  const access = barsAccess(deps);
  if (access === undefined) return new ProtocolRouter(careConnect, undefined, undefined, deps.spine.directory);
  const logger = deps.logger.child({ component: 'bars' });
  const clock = deps.clock === undefined ? {} : { now: deps.clock };
  const viaTls = access.fetch === undefined ? {} : { fetch: access.fetch };
  const tokens = new TokenSource({ tokenUrl: access.tokenUrl, apiKey: access.apiKey, kid: access.kid, privateKey: access.privateKey, ...clock, ...viaTls });
  const client = new BarsClient({
    ...viaTls,
    proxyBaseUrl: access.proxyBaseUrl,
    tokens,
    logger,
    maxResponseBytes: deps.settings.maxResponseBytes,
    identity: barsSenderIdentity(deps.settings.organisation, access.software, deps.profile),
  });
  const adapter = new BarsAdapter({
    client,
    negotiator: new Negotiator(client, SENDER_USE_CASES[access.sender], randomUUID),
    sender: { odsCode: deps.settings.organisation.odsCode, name: deps.settings.organisation.name, sourceEndpoint: access.sourceEndpoint, software: access.software },
    proxyBaseUrl: access.proxyBaseUrl,
    sent: new SqliteSentMessages(deps.db, deps.clock),
    referralFacts: referralFactsFrom(deps),
    activeReferral: activeReferralFrom(deps),
    logger,
    writeTimeoutMs: deps.settings.timeouts.referralMs,
    ...clock,
  });
  const probe = new ProtocolProbe({ client, overrides: access.overrides, ...clock });
  return new ProtocolRouter(careConnect, adapter, probe, deps.spine.directory);
}

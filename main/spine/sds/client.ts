import type { Logger } from 'pino';
import { Client, type Entry } from 'ldapts';
import type { EndpointDirectory, EndpointLookup, EndpointLookupFailure } from '../../workflow/ports';
import { parseServiceRoot, UnsafeServiceRootError } from '../ssp/url';
import { asFilter, mhsFilter } from './filter';

export interface SdsClientOptions {
  /** `ldaps://…` in live mode; `ldap://127.0.0.1:<port>` only with `allowInsecureLoopback`. */
  url: string;
  /** Live mode: the system's client certificate and the Spine CA (certificate verification on). */
  tls?: { ca: string | Buffer; cert?: string | Buffer; key?: string | Buffer; passphrase?: string };
  /** Tests and sandbox only: plain LDAP to 127.0.0.1 and http://127.0.0.1 service roots. */
  allowInsecureLoopback?: boolean;
  baseDn?: string;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** How long a successful lookup is reused; 0 disables the cache. Default 10 minutes. */
  cacheTtlMs?: number;
  /**
   * How long a failed lookup is reused, so each directory refresh does not ask SDS (and log) again
   * for every failing ASID; 0 disables it. Default 2 minutes. An unreachable or silent SDS is
   * remembered for at most 15 seconds, so "try again" soon asks again.
   */
  failureCacheTtlMs?: number;
  /** Most lookups (successful and failed) remembered at once; the oldest go first. Default 1,000. */
  maxCacheEntries?: number;
  /** Interaction ids from settings, so a deployment can correct them (digest §1.2). */
  interactions?: { slotSearch?: string; careConnectPrefix?: string; gpConnectPrefix?: string };
  logger?: Logger;
  now?: () => number;
}

const DEFAULT_SLOT_SEARCH = 'urn:nhs:names:services:careconnect:fhir:rest:read:slot';
const DEFAULT_TTL_MS = 600_000;
const DEFAULT_FAILURE_TTL_MS = 120_000;
const TRANSIENT_FAILURE_TTL_MS = 15_000;
const DEFAULT_MAX_ENTRIES = 1_000;
const SLOT_INTERACTION = /:(read|search):slot$/;

class LookupFailed extends Error {
  constructor(
    readonly reason: EndpointLookupFailure,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Endpoint discovery in SDS over LDAP(S) (digest §1.2): ASID → party key → MHS endpoint. */
export class SdsClient implements EndpointDirectory {
  private readonly cache = new Map<string, { expires: number; value: EndpointLookup }>();
  /** Lookups under way: services sharing an ASID, resolved together, ask SDS once. */
  private readonly pending = new Map<string, Promise<EndpointLookup>>();
  private readonly careConnect: string;
  private readonly gpConnect: string;

  constructor(private readonly options: SdsClientOptions) {
    const url = new URL(options.url);
    const loopback = url.protocol === 'ldap:' && url.hostname === '127.0.0.1' && options.allowInsecureLoopback === true;
    if (url.protocol !== 'ldaps:' && !loopback) throw new Error('SDS must be reached over ldaps:// (plain LDAP only to 127.0.0.1 in sandbox mode)');
    if (url.protocol === 'ldaps:' && options.tls === undefined) throw new Error('SDS over ldaps:// needs the tls options (ca, cert, key)');
    this.careConnect = options.interactions?.careConnectPrefix ?? 'urn:nhs:names:services:careconnect:';
    this.gpConnect = options.interactions?.gpConnectPrefix ?? 'urn:nhs:names:services:gpconnect:';
  }

  /**
   * Finds the Provider's service root for an ASID and an interaction (e.g. slot search). A failure
   * is logged once and then answered from memory until its TTL ends (C10–C17: log, carry on).
   */
  async lookup(asid: string, interaction: string): Promise<EndpointLookup> {
    if (!/^\d{1,20}$/.test(asid)) return { ok: false, reason: 'as-not-found', detail: 'the ASID is not a number' };
    const key = `${asid}\u0000${interaction}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      if (cached.expires > this.now()) return cached.value;
      this.cache.delete(key);
    }
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const lookup = this.ask(asid, interaction).finally(() => this.pending.delete(key));
    this.pending.set(key, lookup);
    const value = await lookup;
    this.remember(key, value);
    return value;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private remember(key: string, value: EndpointLookup): void {
    const ttl = value.ok
      ? (this.options.cacheTtlMs ?? DEFAULT_TTL_MS)
      : value.reason === 'unreachable' || value.reason === 'timeout'
        ? Math.min(this.options.failureCacheTtlMs ?? DEFAULT_FAILURE_TTL_MS, TRANSIENT_FAILURE_TTL_MS)
        : (this.options.failureCacheTtlMs ?? DEFAULT_FAILURE_TTL_MS);
    if (ttl <= 0) return;
    this.cache.delete(key);
    this.cache.set(key, { expires: this.now() + ttl, value });
    const max = Math.max(1, this.options.maxCacheEntries ?? DEFAULT_MAX_ENTRIES);
    // A Map iterates in insertion order, so the first keys are the oldest.
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= max) break;
      this.cache.delete(oldest);
    }
  }

  private async ask(asid: string, interaction: string): Promise<EndpointLookup> {
    const client = new Client({
      url: this.options.url,
      timeout: this.options.timeoutMs ?? 5_000,
      connectTimeout: this.options.connectTimeoutMs ?? 5_000,
      ...(this.options.tls === undefined ? {} : { tlsOptions: { ...this.options.tls, rejectUnauthorized: true } }),
    });
    try {
      return await this.resolve(client, asid, interaction);
    } catch (error) {
      const failure = error instanceof LookupFailed ? error : networkFailure(error);
      this.options.logger?.warn({ asid, interaction, reason: failure.reason, detail: failure.detail }, 'SDS lookup failed');
      return { ok: false, reason: failure.reason, detail: failure.detail };
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async resolve(client: Client, asid: string, requested: string): Promise<EndpointLookup & { ok: true }> {
    const base = this.options.baseDn ?? 'ou=services,o=nhs';
    const { searchEntries: systems } = await client.search(base, { scope: 'sub', filter: asFilter(asid), attributes: ['nhsMhsPartyKey', 'nhsAsSvcIA'] });
    if (systems.length === 0) throw new LookupFailed('as-not-found', `no nhsAs record for ASID ${asid}`);
    if (systems.length > 1) throw new LookupFailed('as-not-found', `${systems.length} nhsAs records for ASID ${asid}; refusing to guess`);
    const as = systems[0] as Entry;
    const listed = values(as, 'nhsAsSvcIA');
    const careConnect = listed.filter((i) => i.startsWith(this.careConnect));
    const gpConnect = listed.filter((i) => i.startsWith(this.gpConnect));
    if (careConnect.length === 0 && gpConnect.length > 0) throw new LookupFailed('gp-connect-only', `ASID ${asid} lists GP Connect interactions only`);
    if (careConnect.length > 0 && gpConnect.length > 0) throw new LookupFailed('mixed-interactions', `ASID ${asid} lists both Care Connect and GP Connect interactions`);
    if (careConnect.length === 0) throw new LookupFailed('as-not-found', `ASID ${asid} lists no Care Connect interactions`);
    const partyKey = values(as, 'nhsMhsPartyKey')[0];
    if (partyKey === undefined) throw new LookupFailed('mhs-not-found', `ASID ${asid} has no nhsMhsPartyKey`);

    // Slot search: use the id this AS lists, since the sources disagree (read vs search).
    const interaction = SLOT_INTERACTION.test(requested)
      ? (careConnect.find((i) => SLOT_INTERACTION.test(i)) ?? this.options.interactions?.slotSearch ?? DEFAULT_SLOT_SEARCH)
      : requested;
    const { searchEntries: handlers } = await client.search(base, { scope: 'sub', filter: mhsFilter(partyKey, interaction), attributes: ['nhsMhsEndPoint'] });
    if (handlers.length === 0) throw new LookupFailed('mhs-not-found', `no nhsMhs record for party key ${partyKey} and ${interaction}`);
    if (handlers.length > 1) throw new LookupFailed('several-mhs', `${handlers.length} nhsMhs records for party key ${partyKey} and ${interaction}`);
    const endpoint = values(handlers[0] as Entry, 'nhsMhsEndPoint');
    if (endpoint.length !== 1 || endpoint[0] === undefined) throw new LookupFailed('invalid-endpoint', `the nhsMhs record has ${endpoint.length} nhsMhsEndPoint values`);
    try {
      parseServiceRoot(endpoint[0], { allowInsecureLoopback: this.options.allowInsecureLoopback === true });
    } catch (error) {
      if (error instanceof UnsafeServiceRootError) throw new LookupFailed('invalid-endpoint', `nhsMhsEndPoint refused: ${error.message}`);
      throw error;
    }
    return { ok: true, asid, partyKey, serviceRoot: endpoint[0].trim(), interactions: careConnect };
  }
}

function values(entry: Entry, name: string): string[] {
  // ldapts keys attributes as the server spells them; match case-insensitively.
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const raw = key === undefined ? undefined : entry[key];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v)).filter((v) => v.trim() !== '');
}

function networkFailure(error: unknown): LookupFailed {
  const e = error as NodeJS.ErrnoException;
  const message = `${e.code ?? e.name}: ${e.message}`.slice(0, 200);
  if (/timeout|timed out/i.test(e.message) || e.code === 'ETIMEDOUT') return new LookupFailed('timeout', `SDS did not answer in time (${message})`);
  return new LookupFailed('unreachable', `SDS could not be reached (${message})`);
}

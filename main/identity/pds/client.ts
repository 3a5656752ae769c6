/**
 * The Personal Demographics Service FHIR R4 client (healthcare-worker access): search and retrieve
 * by NHS number, user-restricted with the signed-in user's access token. Every answer is read with a
 * size cap and a timeout and parsed before use; a failure is a value the trace turns into plain words.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PdsSearch } from '../../../preload/contract';
import { errorCodes, PdsOperationOutcome, PdsPatient, PdsSearchset } from './fhir';

export interface PdsClientOptions {
  /** The API root, e.g. https://api.service.nhs.uk/personal-demographics/FHIR/R4 (https in live mode). */
  baseUrl: string;
  /** The signed-in user's access token (CIS2 session, exchanged at the API platform): PDS is user-restricted. */
  accessToken: () => Promise<string>;
  /** The user's selected role (NHSD-Session-URID), when the session names one. */
  sessionUrid?: () => string | undefined;
  timeoutMs: number;
  /** A reply larger than this is refused, not parsed (default 1 MB: 50 patients fit many times over). */
  maxResponseBytes?: number;
  /** The transport: live mode passes one with the deployment's TLS settings. */
  fetch?: typeof fetch;
  logger: Logger;
}

/** `unauthorised`: PDS refused the access token (401: missing, invalid, expired or revoked) — the user signs in again. */
export type PdsFailureReason = 'no-token' | 'unauthorised' | 'timeout' | 'network' | 'refused' | 'server' | 'malformed' | 'too-large';
export interface PdsFailure {
  kind: 'failed';
  reason: PdsFailureReason;
  status?: number;
}
export type PdsSearchResult = { kind: 'matches'; patients: PdsPatient[] } | { kind: 'too-many' } | PdsFailure;
export type PdsRetrieveResult = { kind: 'patient'; patient: PdsPatient } | { kind: 'not-found' } | PdsFailure;

type Raw = { kind: 'answer'; status: number; body: unknown } | PdsFailure;

/** At most this many patients: the clinician confirms one, and each one shown is an access PDS audits. */
export const PDS_MAX_RESULTS = 1;

export class PdsClient {
  private readonly fetch: typeof fetch;
  private readonly maxBytes: number;

  constructor(private readonly options: PdsClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  }

  /** `GET /Patient?family=&given=&birthdate=eq…&gender=&address-postalcode=`: a unique match, or "too many". */
  async search(q: PdsSearch): Promise<PdsSearchResult> {
    const params = new URLSearchParams();
    params.set('family', q.family);
    if (q.given !== undefined && q.given !== '') params.set('given', q.given);
    params.set('birthdate', `eq${q.birthDate}`);
    if (q.gender !== undefined) params.set('gender', q.gender);
    if (q.postcode !== undefined && q.postcode !== '') params.set('address-postalcode', q.postcode);
    if (q.fuzzy === true) params.set('_fuzzy-match', 'true');
    params.set('_max-results', String(PDS_MAX_RESULTS));
    const raw = await this.get(`/Patient?${params.toString()}`);
    if (raw.kind === 'failed') return raw;
    // PDS says "too many" as an OperationOutcome with HTTP 200 (the sandbox with a 400): either way it is an answer.
    const codes = this.codes(raw.body);
    if (codes.includes('TOO_MANY_MATCHES')) return { kind: 'too-many' };
    if (raw.status === 200) {
      const bundle = PdsSearchset.safeParse(raw.body);
      if (!bundle.success) return this.malformed(raw.status);
      return { kind: 'matches', patients: (bundle.data.entry ?? []).map((e) => e.resource) };
    }
    return this.refused(raw.status, codes);
  }

  /** `GET /Patient/{nhs}`: PDS answers a superseded number with the current record (another id). */
  async retrieve(nhsNumber: string): Promise<PdsRetrieveResult> {
    const raw = await this.get(`/Patient/${encodeURIComponent(nhsNumber)}`);
    if (raw.kind === 'failed') return raw;
    if (raw.status === 200) {
      const patient = PdsPatient.safeParse(raw.body);
      return patient.success ? { kind: 'patient', patient: patient.data } : this.malformed(raw.status);
    }
    const codes = this.codes(raw.body);
    if (raw.status === 404 || codes.includes('RESOURCE_NOT_FOUND') || codes.includes('INVALIDATED_RESOURCE')) return { kind: 'not-found' };
    return this.refused(raw.status, codes);
  }

  private async get(path: string): Promise<Raw> {
    let token: string;
    try {
      token = await this.options.accessToken();
    } catch (error) {
      this.options.logger.warn({ err: { name: (error as Error).name } }, 'PDS: no access token (no signed-in session)');
      return { kind: 'failed', reason: 'no-token' };
    }
    const requestId = randomUUID();
    const urid = this.options.sessionUrid?.();
    const headers: Record<string, string> = {
      accept: 'application/fhir+json',
      authorization: `Bearer ${token}`,
      'x-request-id': requestId,
      'x-correlation-id': randomUUID(),
      ...(urid !== undefined ? { 'nhsd-session-urid': urid } : {}),
    };
    const url = `${this.options.baseUrl.replace(/\/$/, '')}${path}`;
    const started = Date.now();
    try {
      const response = await this.fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(this.options.timeoutMs), redirect: 'error' });
      const text = await readCapped(response, this.maxBytes);
      // Request id and status only: the URL holds the search terms (patient data).
      this.options.logger.info({ requestId, status: response.status, ms: Date.now() - started }, 'PDS answered');
      if (text === undefined) return { kind: 'failed', reason: 'too-large', status: response.status };
      if (response.status >= 500) return { kind: 'failed', reason: 'server', status: response.status };
      try {
        return { kind: 'answer', status: response.status, body: JSON.parse(text) as unknown };
      } catch {
        return this.malformed(response.status);
      }
    } catch (error) {
      const name = (error as Error).name;
      const reason: PdsFailureReason = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
      this.options.logger.warn({ requestId, reason, err: { name, code: (error as { code?: unknown }).code } }, 'PDS could not be reached');
      return { kind: 'failed', reason };
    }
  }

  private codes(body: unknown): string[] {
    const outcome = PdsOperationOutcome.safeParse(body);
    return outcome.success ? errorCodes(outcome.data) : [];
  }

  private malformed(status: number): PdsFailure {
    this.options.logger.warn({ status }, 'PDS answer was not the FHIR resource expected');
    return { kind: 'failed', reason: 'malformed', status };
  }

  private refused(status: number, codes: string[]): PdsFailure {
    this.options.logger.warn({ status, codes }, 'PDS refused the request');
    if (status === 401) return { kind: 'failed', reason: 'unauthorised', status };
    return { kind: 'failed', reason: status >= 500 ? 'server' : 'refused', status };
  }
}

/** The body as text, or undefined once it passes `max` bytes (the rest is not read). */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > max) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

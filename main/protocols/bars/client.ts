/**
 * The one request pipeline to the BaRS proxy (digest §1, §5): token, routing and context
 * headers, timeout, and retries only where the standard allows — 408, 425, 429, 503 and lost
 * answers — with the same X-Request-Id, X-Correlation-Id and byte-identical body. Nothing
 * else is retried; a 401 fetches a new token once (only the token may change on a retry).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { TokenSource } from './auth';
import { BarsAuthError } from './auth';
import { ACCEPT } from './codes';
import { contextHeaders, targetIdentifier, type SenderIdentity } from './context-headers';

export interface BarsClientOptions {
  proxyBaseUrl: string;
  tokens: TokenSource;
  identity: SenderIdentity;
  logger: Logger;
  fetch?: typeof fetch;
  /** Attempts per call, first included (default 3). */
  maxAttempts?: number;
  /** First back-off; doubles per retry (default 250 ms). */
  backoffMs?: number;
  maxResponseBytes?: number;
}

export interface BarsCall {
  method: 'GET' | 'POST';
  /** Path below the proxy base, e.g. `/Slot` or `/$process-message`. */
  path: string;
  query?: readonly (readonly [string, string])[];
  dosServiceId: string;
  requestId: string;
  correlationId: string;
  body?: string;
  /** Extra request-defining headers (e.g. use-context). */
  headers?: Readonly<Record<string, string>>;
  deadline: Date;
}

export interface Exchange {
  requestId: string;
  correlationId: string;
  httpStatus?: number;
  attempts: number;
}

export type BarsReply =
  | { kind: 'answer'; status: number; json: unknown; exchange: Exchange }
  /** No readable answer arrived (timeout, reset, unreadable body): the request may or may not have been processed. */
  | { kind: 'lost'; reason: string; exchange: Exchange }
  | { kind: 'auth-failed'; reason: string; exchange: Exchange };

const RETRYABLE = new Set([408, 425, 429, 503]);

export class BarsClient {
  constructor(private readonly options: BarsClientOptions) {}

  async send(call: BarsCall): Promise<BarsReply> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const url = new URL(`${this.options.proxyBaseUrl.replace(/\/$/, '')}${call.path}`);
    for (const [k, v] of call.query ?? []) url.searchParams.append(k, v);
    const fixedHeaders: Record<string, string> = {
      Accept: ACCEPT,
      'NHSD-Target-Identifier': targetIdentifier(call.dosServiceId),
      'X-Request-Id': call.requestId,
      'X-Correlation-Id': call.correlationId,
      ...contextHeaders(this.options.identity),
      ...(call.body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
      ...call.headers,
    };
    let attempts = 0;
    let refreshedToken = false;
    let last: BarsReply | undefined;
    while (attempts < maxAttempts) {
      attempts += 1;
      const exchange = (status?: number): Exchange => ({ requestId: call.requestId, correlationId: call.correlationId, attempts, ...(status === undefined ? {} : { httpStatus: status }) });
      let token: string;
      try {
        token = await this.options.tokens.token();
      } catch (error) {
        const reason = error instanceof BarsAuthError ? error.message : String(error);
        return { kind: 'auth-failed', reason, exchange: exchange(error instanceof BarsAuthError ? error.status : undefined) };
      }
      const remaining = call.deadline.getTime() - Date.now();
      if (remaining <= 0) return last ?? { kind: 'lost', reason: 'deadline passed before the request was sent', exchange: exchange() };
      last = await this.attempt(url, call, { ...fixedHeaders, Authorization: `Bearer ${token}` }, remaining, exchange);
      if (last.kind === 'answer' && last.status === 401 && !refreshedToken) {
        refreshedToken = true;
        this.options.tokens.invalidate();
        attempts -= 1;
        continue;
      }
      const retry = last.kind === 'lost' || (last.kind === 'answer' && RETRYABLE.has(last.status));
      if (!retry || attempts >= maxAttempts) return last;
      const wait = (this.options.backoffMs ?? 250) * 2 ** (attempts - 1);
      if (Date.now() + wait >= call.deadline.getTime()) return last;
      this.options.logger.info({ requestId: call.requestId, attempt: attempts, status: last.kind === 'answer' ? last.status : 'lost' }, 'BaRS call retried');
      await sleep(wait);
    }
    return last ?? { kind: 'lost', reason: 'no attempt made', exchange: { requestId: call.requestId, correlationId: call.correlationId, attempts } };
  }

  private async attempt(url: URL, call: BarsCall, headers: Record<string, string>, timeoutMs: number, exchange: (status?: number) => Exchange): Promise<BarsReply> {
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { kind: 'lost', reason: `no answer: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`, exchange: exchange() };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return { kind: 'lost', reason: `answer cut off: ${error instanceof Error ? error.message : String(error)}`, exchange: exchange(response.status) };
    }
    if (text.length > (this.options.maxResponseBytes ?? 8_000_000)) return { kind: 'lost', reason: 'answer larger than allowed', exchange: exchange(response.status) };
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      return { kind: 'lost', reason: `answer is not JSON (HTTP ${response.status})`, exchange: exchange(response.status) };
    }
    return { kind: 'answer', status: response.status, json, exchange: exchange(response.status) };
  }
}

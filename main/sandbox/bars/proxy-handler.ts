/**
 * The BaRS proxy and its receivers on one route (digest §1, §2): the proxy's checks (token,
 * target, headers, Accept version), then the receiver the target names, with the faults
 * injected for that DoS service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { BARS_FAULTS, type Fault, type FaultRegistry, type Operation } from '../faults/fault-control';
import { readBody } from '../http/respond';
import type { SlotStore } from '../store/slot-store';
import { checkAccept, checkRoutedHeaders, targetOf, useContextOf } from './headers';
import { messageDefinitions, proxyCapabilityStatement, receiverCapabilityStatement } from './metadata';
import { BarsRefusal, barsOutcome, injected, proxyBadRequest } from './outcome';
import { processMessage, readHeld, searchAppointments } from './process-message';
import type { ReceiverStore } from './receiver-store';
import { barsService, type BarsService } from './seed';
import { searchBarsSlots } from './slot-search';
import type { TokenIssuer } from './token-endpoint';

export interface BarsHost {
  prefix: string;
  slots: SlotStore;
  store: ReceiverStore;
  tokens: TokenIssuer;
  faults: FaultRegistry;
  signal: AbortSignal;
  logger: Logger;
  now: () => Date;
  topUp: () => void;
}

interface Call {
  operation: Operation;
  run: () => unknown;
}

const FHIR_JSON = 'application/fhir+json;charset=utf-8';

function classify(host: BarsHost, req: IncomingMessage, path: string, query: URLSearchParams, service: BarsService, requestId: string, bodyText: string): Call {
  const nowMs = host.now().getTime();
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/metadata') return { operation: 'metadata', run: () => receiverCapabilityStatement(service, nowMs) };
  if (method === 'GET' && path === '/MessageDefinition') return { operation: 'metadata', run: () => messageDefinitions(service, query, nowMs) };
  if (method === 'GET' && path === '/Slot') {
    return { operation: 'search', run: () => { host.topUp(); return searchBarsSlots(host.slots, { service, query, nowMs }); } };
  }
  if (method === 'GET' && path === '/Appointment') return { operation: 'read', run: () => searchAppointments(host.store, query, service.id, nowMs) };
  const read = /^\/(Appointment|ServiceRequest)\/([A-Za-z0-9-]{1,64})$/.exec(path);
  if (method === 'GET' && read) return { operation: 'read', run: () => readHeld(host.store, read[1] as 'Appointment' | 'ServiceRequest', read[2] ?? '', service.id) };
  if (method === 'POST' && path === '/$process-message') {
    if (!/^application\/fhir\+json\b/i.test(req.headers['content-type'] ?? '')) throw new BarsRefusal(415, 'REC_UNSUPPORTED_MEDIA_TYPE', 'not-supported', 'Content-Type must be application/fhir+json');
    const useContext = useContextOf(req);
    // Fault scopes name the Care Connect operations: every new message (booking or referral) is 'book'.
    const operation: Operation = useContext.reason === 'update' ? 'cancel' : 'book';
    return { operation, run: () => processMessage(host.slots, host.store, { service, bodyText, requestId, useContext, nowMs }) };
  }
  throw new BarsRefusal(404, 'REC_NOT_FOUND', 'not-supported', `${method} ${path} is not an interaction of this API`);
}

function write(res: ServerResponse, status: number, body: unknown, ids: Record<string, string>, fault?: Fault): void {
  if (fault?.kind === 'drop-after-commit') {
    // Processed (the booking exists) and then the answer never arrives.
    res.socket?.destroy();
    return;
  }
  const text = fault?.kind === 'malformed-json' ? '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Slot",' : JSON.stringify(body);
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': String(Buffer.byteLength(text)), ...ids });
  res.end(text);
}

export function barsHandler(host: BarsHost) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname.slice(host.prefix.length) || '/';
    const ids: Record<string, string> = {};
    const nowMs = host.now().getTime();
    try {
      const target = targetOf(req);
      if (target === undefined && path === '/metadata' && req.method === 'GET') {
        checkAccept(req);
        write(res, 200, proxyCapabilityStatement(nowMs), ids);
        return;
      }
      if (!host.tokens.accepts(req.headers.authorization)) throw new BarsRefusal(401, 'SEND_UNAUTHORIZED', 'security', 'Missing, unknown or expired access token');
      if (target === undefined) throw proxyBadRequest('NHSD-Target-Identifier is required', 'required');
      const routed = checkRoutedHeaders(req, target);
      ids['X-Request-Id'] = routed.requestId;
      ids['X-Correlation-Id'] = routed.correlationId;
      const service = barsService(target);
      if (!service) throw new BarsRefusal(404, 'PROXY_NOT_FOUND', 'not-found', `DoS service ${target} is not in the BaRS Endpoint Catalogue`);
      const bodyText = req.method === 'POST' ? await readBody(req) : '';
      const call = classify(host, req, path, url.searchParams, service, routed.requestId, bodyText);
      const fault = host.faults.take(service.id, call.operation, BARS_FAULTS);
      if (fault) host.logger.info({ serviceId: service.id, fault, operation: call.operation }, 'sandbox BaRS fault injected');
      if (fault?.kind === 'timeout') return;
      if (fault?.kind === 'lost-answer') {
        res.socket?.destroy();
        return;
      }
      if (fault?.kind === 'delay') await sleep(fault.delayMs, undefined, { signal: host.signal });
      if (fault?.kind === 'http-status') throw injected(fault.status, fault.issue);
      if (fault?.kind === 'server-error') throw injected(500, undefined);
      const body = fault?.kind === 'many-slots' && call.operation === 'search'
        ? (host.topUp(), searchBarsSlots(host.slots, { service, query: url.searchParams, nowMs, syntheticCount: fault.count ?? 10_000 }))
        : call.run();
      write(res, 200, body, ids, fault);
    } catch (error) {
      if (host.signal.aborted) return;
      const refusal = error instanceof BarsRefusal ? error : new BarsRefusal(500, 'REC_SERVER_ERROR', 'exception', error instanceof Error ? error.message : String(error));
      if (!(error instanceof BarsRefusal)) host.logger.error({ err: error }, 'sandbox BaRS error');
      write(res, refusal.status, barsOutcome(refusal.code, refusal.issue, refusal.diagnostics, nowMs), ids);
    }
  };
}

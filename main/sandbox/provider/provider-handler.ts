/**
 * The request pipeline of one Provider system: content negotiation, JWT, X-Request-ID, the
 * operation itself, and the faults injected for the DoS service the request concerns.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { validateJwt } from '../fhir/jwt-validator';
import { FhirError, badRequest } from '../fhir/operation-outcome';
import { PROVIDER_FAULTS, slotKey, type Fault, type FaultRegistry } from '../faults/fault-control';
import { FHIR_JSON, header, parseJson, readBody, sendError, stampRequestIds, type Handler } from '../http/respond';
import { bookAppointment, cancelAppointment, readAppointment } from './appointments';
import { jsonReply, type ProviderContext, type Reply } from './context';
import { capabilityStatement } from './metadata';
import { classify, SCOPE, serviceIdOf, type ClassifiedRequest } from './operations';
import { searchSlots, type SyntheticSlots } from './slot-search';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ProviderHost {
  faults: FaultRegistry;
  /** Aborted when the sandbox closes, so delayed answers do not keep it alive. */
  signal: AbortSignal;
  logger: Logger;
  /** Keeps the rolling diaries topped up before a search. */
  topUp: () => void;
}

function negotiate(req: IncomingMessage, query: URLSearchParams, writes: boolean): void {
  const format = query.get('_format') ?? header(req, 'accept') ?? '';
  if (/xml/i.test(format) && !/json|\*\/\*/i.test(format)) {
    throw new FhirError(406, 'not-supported', 'UNSUPPORTED_MEDIA_TYPE', 'This Provider answers in application/fhir+json only');
  }
  const type = header(req, 'content-type') ?? '';
  if (writes && !/^application\/(fhir\+)?json\b/i.test(type)) {
    throw new FhirError(415, 'not-supported', 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${type || '(none)'} is not supported: send application/fhir+json`);
  }
}

function synthetic(fault: Fault | undefined): SyntheticSlots | undefined {
  if (fault?.kind === 'many-slots') return { count: fault.count ?? 10_000 };
  // ~2,400 bytes per padded slot entry with its includes share: count chosen to reach the size asked.
  if (fault?.kind === 'huge-bundle') return { count: Math.ceil(((fault.megabytes ?? 20) * 1_000_000) / 2_400), padding: 2_000 };
  return undefined;
}

function execute(ctx: ProviderContext, host: ProviderHost, op: ClassifiedRequest, req: IncomingMessage, query: URLSearchParams, bodyText: string, requestId: string, fault: Fault | undefined): Reply {
  switch (op.operation) {
    case 'metadata':
      return jsonReply(200, capabilityStatement(ctx));
    case 'search': {
      host.topUp();
      const load = synthetic(fault);
      return jsonReply(200, searchSlots(ctx.slots, { providerKey: ctx.system.key, root: ctx.root, query, nowMs: ctx.now().getTime(), ...(load ? { synthetic: load } : {}) }));
    }
    case 'book':
      return bookAppointment(ctx, parseJson(bodyText), requestId);
    case 'read':
      return readAppointment(ctx, op.appointmentId ?? '', op.version);
    case 'cancel':
      return cancelAppointment(ctx, op.appointmentId ?? '', header(req, 'if-match'), parseJson(bodyText));
  }
}

/** The contained Slot's id of a booking body, so a fault can be set on one slot. */
function slotIdOf(bodyText: string): string | undefined {
  try {
    const body = JSON.parse(bodyText) as { contained?: { resourceType?: string; id?: string; identifier?: { value?: string }[] }[] };
    const slot = body.contained?.find((r) => r.resourceType === 'Slot');
    return slot?.id ?? slot?.identifier?.[0]?.value;
  } catch {
    return undefined;
  }
}

function write(res: ServerResponse, reply: Reply, fault: Fault | undefined): void {
  const headers = { 'Content-Type': FHIR_JSON, ...reply.headers };
  if (fault?.kind === 'unreadable-body' && reply.status < 300) {
    const text = '<html><body>Appointment created</body></html>';
    res.writeHead(reply.status, { ...headers, 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
    return;
  }
  if (fault?.kind === 'commit-then-504') {
    sendError(res, new FhirError(504, 'timeout', 'GATEWAY_TIMEOUT', 'Injected fault: the answer was lost on the way back'));
    return;
  }
  if (fault?.kind === 'drop-after-commit') {
    // The work is done (a booking exists) but the answer never arrives.
    res.socket?.destroy();
    return;
  }
  if (fault?.kind === 'malformed-json') {
    const text = `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Slot",`;
    res.writeHead(200, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
    return;
  }
  const body = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...headers, 'Content-Length': String(body.length) });
  if (fault?.kind === 'truncated-body') {
    // Headers promise the whole body; half of it arrives before the connection closes.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

/** The handler mounted at one Provider's service root. */
export function providerHandler(ctx: ProviderContext, rootPath: string, host: ProviderHost): Handler {
  return async (req, res) => {
    const requestId = stampRequestIds(req, res);
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = req.method ?? 'GET';
    try {
      const op = classify(method, url.pathname.slice(rootPath.length));
      const writes = op.operation === 'book' || op.operation === 'cancel';
      negotiate(req, url.searchParams, writes);
      validateJwt(header(req, 'authorization'), { audience: ctx.root, scope: SCOPE[op.operation], nowMs: ctx.now().getTime() });
      const clientRequestId = header(req, 'x-request-id');
      if (writes && (!clientRequestId || !UUID.test(clientRequestId))) throw badRequest('X-Request-ID (a UUID) is required on every write');
      const bodyText = writes ? await readBody(req) : '';
      const serviceId = serviceIdOf(ctx, op, url.searchParams, bodyText);
      const slotId = op.operation === 'book' ? slotIdOf(bodyText) : undefined;
      const fault = (slotId === undefined ? undefined : host.faults.take(slotKey(slotId), op.operation, PROVIDER_FAULTS)) ?? host.faults.take(serviceId, op.operation, PROVIDER_FAULTS);
      if (fault) host.logger.info({ serviceId, fault, operation: op.operation }, 'sandbox fault injected');
      if (fault?.kind === 'timeout') return; // never answers; the socket is closed with the server
      if (fault?.kind === 'delay') await sleep(fault.delayMs, undefined, { signal: host.signal });
      if (fault?.kind === 'reject-422') {
        throw fault.reason === 'slot-unavailable'
          ? new FhirError(422, 'business-rule', 'DUPLICATE_REJECTED', 'Injected fault: the slot is no longer available')
          : new FhirError(422, 'invalid', 'INVALID_RESOURCE', 'Injected fault: the Appointment failed validation');
      }
      if (fault?.kind === 'version-conflict') {
        throw fault.status === 412
          ? new FhirError(412, 'processing', 'PRECONDITION_FAILED', 'Injected fault: If-Match does not name the current version')
          : new FhirError(409, 'conflict', 'FHIR_CONSTRAINT_VIOLATION', 'Injected fault: the appointment was changed by someone else');
      }
      if (fault?.kind === 'not-found-404') throw new FhirError(404, 'not-found', 'NO_RECORD_FOUND', 'Injected fault: no such appointment');
      if (fault?.kind === 'server-error') {
        throw new FhirError(500, 'exception', 'INTERNAL_SERVER_ERROR', `Injected fault: the Provider failed for service ${serviceId ?? '?'}`);
      }
      write(res, execute(ctx, host, op, req, url.searchParams, bodyText, requestId, fault), fault);
    } catch (error) {
      if (host.signal.aborted) return;
      if (!(error instanceof FhirError)) host.logger.error({ err: error }, 'sandbox provider error');
      sendError(res, error);
    }
  };
}

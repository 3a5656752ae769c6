/**
 * An SSP-style forward proxy: `${sspBaseUrl}/${serviceRootUrl}/Slot?…` is checked the way the
 * Spine Secure Proxy checks it (trace id, sending and receiving ASIDs, the interaction for the
 * operation) and forwarded to the Provider over HTTP. A Provider that resets the connection is
 * a 502; one that does not answer in time is a 504, as on Spine.
 */
import { request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { FhirError, forbidden } from '../fhir/operation-outcome';
import { SSP_FAULTS, type FaultRegistry } from '../faults/fault-control';
import { readBody, sendError, type Handler } from '../http/respond';
import type { ProviderContext } from '../provider/context';
import { classify, INTERACTIONS, serviceIdOf, type ClassifiedRequest } from '../provider/operations';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'content-length']);

export interface SspOptions {
  prefix: string;
  ourAsid: string;
  /** Finds the Provider whose service root the target URL is under. */
  resolve: (target: URL) => { ctx: ProviderContext; rootPath: string } | undefined;
  faults: FaultRegistry;
  timeoutMs: number;
  logger: Logger;
}

const badGateway = (why: string): FhirError => new FhirError(502, 'transient', 'BAD_GATEWAY', why);
const gatewayTimeout = (why: string): FhirError => new FhirError(504, 'timeout', 'GATEWAY_TIMEOUT', why);

function requiredHeader(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name.toLowerCase()];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) throw new FhirError(400, 'required', 'BAD_REQUEST', `${name} header is required by the SSP`);
  return text;
}

function targetUrl(rawUrl: string, prefix: string): URL {
  let target = rawUrl.slice(prefix.length + 1);
  // Consumers may percent-encode the untrusted SDS URL as one path segment.
  if (/^https?%3A/i.test(target)) target = decodeURIComponent(target);
  try {
    return new URL(target);
  } catch {
    throw new FhirError(400, 'invalid', 'BAD_REQUEST', 'The SSP path must be followed by the Provider\'s absolute URL');
  }
}

export function sspHandler(options: SspOptions): Handler {
  return async (req, res) => {
    try {
      const traceId = requiredHeader(req.headers, 'Ssp-TraceID');
      if (!UUID.test(traceId)) throw new FhirError(400, 'invalid', 'BAD_REQUEST', 'Ssp-TraceID must be a UUID');
      const from = requiredHeader(req.headers, 'Ssp-From');
      const to = requiredHeader(req.headers, 'Ssp-To');
      const interaction = requiredHeader(req.headers, 'Ssp-InteractionID');
      if (from !== options.ourAsid) throw forbidden(`Ssp-From ${from} is not an ASID the SSP knows for this consumer`);
      const target = targetUrl(req.url ?? '', options.prefix);
      const found = options.resolve(target);
      if (!found) throw badGateway(`No Provider endpoint answers at ${target.origin}${target.pathname}`);
      if (to !== found.ctx.system.asid) throw forbidden(`Ssp-To ${to} is not the ASID of the Provider at ${found.ctx.root}`);
      const method = req.method ?? 'GET';
      let op: ClassifiedRequest | undefined;
      try {
        op = classify(method, target.pathname.slice(found.rootPath.length));
      } catch {
        op = undefined; // not a Care Connect operation: the Provider will say so
      }
      if (op && !INTERACTIONS[op.operation].includes(interaction)) {
        throw forbidden(`Ssp-InteractionID ${interaction} does not authorise ${method} ${target.pathname}`);
      }
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const fault = op ? options.faults.take(serviceIdOf(found.ctx, op, target.searchParams, body), op.operation, SSP_FAULTS) : undefined;
      if (fault?.kind === 'ssp-502') throw badGateway('Injected fault: the Provider system is not reachable');
      if (fault?.kind === 'ssp-504') throw gatewayTimeout('Injected fault: the Provider system did not respond in time');
      await forward(req.headers, method, target, body, res, options);
    } catch (error) {
      sendError(res, error);
    }
  };
}

function forward(
  incoming: IncomingHttpHeaders,
  method: string,
  target: URL,
  body: string,
  res: ServerResponse,
  options: SspOptions,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  if (body) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve) => {
    let answered = false;
    const upstream = httpRequest(target, { method, headers }, (reply) => {
      answered = true;
      clearTimeout(timer);
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(reply.headers)) if (value !== undefined && name !== 'connection') out[name] = value;
      res.writeHead(reply.statusCode ?? 502, out);
      reply.pipe(res);
      // A Provider that dies mid-answer leaves the consumer with a cut-off body, as through the real proxy.
      reply.on('aborted', () => res.destroy());
      reply.on('error', () => res.destroy());
      reply.on('end', () => resolve());
      res.on('close', () => resolve());
    });
    const timer = setTimeout(() => {
      upstream.destroy();
      if (!answered) sendError(res, gatewayTimeout(`The Provider did not respond within ${options.timeoutMs} ms`));
      resolve();
    }, options.timeoutMs);
    upstream.on('error', (error) => {
      clearTimeout(timer);
      if (!answered) {
        options.logger.info({ err: error.message, target: target.href }, 'SSP could not reach the Provider');
        sendError(res, badGateway(`The Provider system is not reachable: ${error.message}`));
      } else res.destroy();
      resolve();
    });
    res.on('close', () => {
      clearTimeout(timer);
      if (!answered) upstream.destroy();
      resolve();
    });
    upstream.end(body);
  });
}

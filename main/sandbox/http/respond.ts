/** Writing FHIR JSON replies and reading request bodies on node:http. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FhirError, type OperationOutcome } from '../fhir/operation-outcome';

export const FHIR_JSON = 'application/fhir+json;charset=utf-8';

/** Bodies above this are refused: no real booking request comes near it. */
const MAX_BODY_BYTES = 1024 * 1024;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Echoes the client's X-Request-ID (or assigns one) and returns the correlation id. The booking
 * API lets a server assign its own request id and echo the client's in X-Correlation-ID; the
 * sandbox keeps the client's id in both so a Consumer's audit can join them either way.
 */
export function stampRequestIds(req: IncomingMessage, res: ServerResponse): string {
  const clientId = header(req, 'x-request-id');
  const id = clientId ?? randomUUID();
  res.setHeader('X-Request-ID', id);
  res.setHeader('X-Correlation-ID', id);
  return id;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function sendOutcome(res: ServerResponse, status: number, outcome: OperationOutcome): void {
  sendJson(res, status, outcome);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof FhirError) {
    sendOutcome(res, error.status, error.toOutcome());
    return;
  }
  const detail = error instanceof Error ? error.message : String(error);
  sendOutcome(res, 500, new FhirError(500, 'exception', 'INTERNAL_SERVER_ERROR', detail).toOutcome());
}

/** Reads the whole body as UTF-8, refusing anything over MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new FhirError(413, 'too-costly', 'BAD_REQUEST', 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; a body that is not JSON is a 400, as the standard says. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FhirError(400, 'structure', 'INVALID_REQUEST_MESSAGE', 'Request body is not valid JSON');
  }
}

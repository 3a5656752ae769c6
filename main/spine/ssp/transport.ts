import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Mutual TLS material for the SSP: the system's client certificate and the Spine CA. */
export interface MutualTls {
  cert: string | Buffer;
  key: string | Buffer;
  ca: string | Buffer;
  /** For a private key stored encrypted (from a secret reference, never the settings file). */
  passphrase?: string;
}

/** The agent every SSP call uses (digest §1.3: TLS mutual authentication, verified server). */
export function sspAgent(tls: MutualTls): HttpsAgent {
  return new HttpsAgent({ cert: tls.cert, key: tls.key, ca: tls.ca, ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}), rejectUnauthorized: true, keepAlive: true });
}

export type TransportFailure = 'timeout' | 'network' | 'too-large';

/** A call that got no usable HTTP answer: the caller decides whether the standard allows a retry. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
    /** True once request bytes went out: for a POST the outcome is then unknown. */
    readonly sent: boolean,
  ) {
    super(message);
  }
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  agent?: HttpsAgent;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP exchange, streamed and aborted past `maxBytes` so a huge reply cannot exhaust memory. */
export function send(req: RawRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const url = new URL(req.url);
    const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body, 'utf8');
    let settled = false;
    let sent = false;
    const fail = (kind: TransportFailure, message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      reject(new TransportError(kind, message, sent));
    };
    const outgoing = requester(url, { method: req.method, headers, ...(url.protocol === 'https:' && req.agent ? { agent: req.agent } : {}) }, (incoming) => {
      const encoding = (incoming.headers['content-encoding'] ?? '').toLowerCase();
      const stream: Readable = encoding === 'gzip' ? incoming.pipe(createGunzip()) : incoming;
      const declared = Number(incoming.headers['content-length'] ?? 0);
      if (encoding !== 'gzip' && declared > req.maxBytes) {
        fail('too-large', `the reply declares ${declared} bytes, over the ${req.maxBytes}-byte cap`);
        incoming.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          // Settle first: destroying the streams emits errors that must not win the race.
          fail('too-large', `the reply passed the ${req.maxBytes}-byte cap`);
          stream.destroy();
          incoming.destroy();
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error: Error) => fail('network', `the reply broke off: ${error.message}`));
      incoming.on('error', (error: Error) => fail('network', `the reply broke off: ${error.message}`));
      incoming.on('close', () => {
        if (!incoming.complete) fail('network', 'the connection dropped during the reply');
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks, size) });
      });
    });
    const timer = setTimeout(() => fail('timeout', `no complete answer within ${req.timeoutMs} ms`), req.timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => fail('network', `${error.code ?? 'network error'}: ${error.message}`));
    outgoing.on('finish', () => {
      sent = true;
    });
    outgoing.end(req.body);
  });
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Result } from '../../preload/contract';
import type { Dispatch } from '../api/dispatch';
import { SECURITY_HEADERS } from './csp';
import { readStatic } from './static-files';

export const TOKEN_HEADER = 'x-workstation-token';
const MAX_BODY_BYTES = 1024 * 1024;

export interface BridgeOptions {
  dispatch: Dispatch;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  logger: Logger;
  port?: number;
  /** Fixed only in tests; a new random token per launch otherwise. */
  token?: string;
}

export interface Bridge {
  origin: string;
  /** Open this: the token travels in the fragment, which the browser never sends to a server. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/**
 * The local HTTP transport for the same handler table Electron's IPC serves: bound to
 * 127.0.0.1, every call carrying the per-launch token, the renderer served from the same origin.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  let origin = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'bridge request failed');
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'Something went wrong inside the app.'));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    // A page on another site resolving to 127.0.0.1 (DNS rebinding) would send its own Host.
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      return sendJson(res, 421, fail('forbidden-caller', 'This address is not served here.'));
    }
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) return api(req, res, url.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('invalid-request', 'Not allowed.'));
    const file = await readStatic(options.staticDir, url);
    if (file === undefined) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('Not found');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Cache-Control': file.type.startsWith('text/html') ? 'no-store' : 'private, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, fail('invalid-request', 'Not allowed.'));
    const given = req.headers[TOKEN_HEADER];
    const offered = Buffer.from(typeof given === 'string' ? given : '');
    if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) {
      options.logger.warn({ channel: channel.slice(0, 60) }, 'bridge call without a valid token refused');
      return sendJson(res, 401, fail('forbidden-caller', 'This window is not signed in to the workstation. Reopen it from the link the app printed.'));
    }
    if (req.headers.origin !== undefined && req.headers.origin !== origin) {
      return sendJson(res, 403, fail('forbidden-caller', 'Calls from other sites are refused.'));
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, fail('invalid-request', 'The request must be JSON.'));
    }
    const body = await readBody(req);
    if (body === undefined) return sendJson(res, 413, fail('invalid-request', 'The request is too large.'));
    let request: unknown;
    try {
      request = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, fail('invalid-request', 'The request is not valid JSON.'));
    }
    sendJson(res, 200, await options.dispatch(decodeURIComponent(channel), request, { transport: 'http' }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function fail(code: 'forbidden-caller' | 'invalid-request' | 'internal', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

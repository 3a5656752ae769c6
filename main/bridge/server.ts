import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Result } from '../../preload/contract';
import type { Dispatch } from '../api/dispatch';
import { SECURITY_HEADERS } from './csp';
import { applyLimits, DEFAULT_BRIDGE_LIMITS, serverOptions, type BridgeLimits } from './limits';
import { cookieValue, sameSecret, SignInCodes } from './sign-in';
import { readStatic } from './static-files';
import { callbackPage } from '../identity/loopback-redirect';
import { CALLBACK_PATH as CIS2_CALLBACK_PATH } from '../identity/sign-in-flows';

/** For in-process callers (tests, benchmarks) that hold the session secret itself. */
export const TOKEN_HEADER = 'x-workstation-token';
export const SIGN_IN_PATH = '/sign-in';
const MAX_BODY_BYTES = 1024 * 1024;
/** A sign-in form carries one code: anything much larger is not one. */
const MAX_SIGN_IN_BODY_BYTES = 1024;

export interface BridgeOptions {
  dispatch: Dispatch;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  logger: Logger;
  port?: number;
  /** Called each time a browser window signs in with a one-time code. */
  onSignIn?: () => void;
  /** Time and connection limits; tests shorten them. */
  limits?: Partial<BridgeLimits>;
  /** The CIS2 redirect back (GET /cis2/callback): answered with a plain page saying whether the sign-in worked. */
  onCis2Callback?: (url: URL) => Promise<{ ok: boolean; message: string }>;
}

export interface IssuedSignInCode {
  code: string;
  /** Makes the code worthless now (its window never opened, or its hand-over page expired). */
  revoke(): void;
}

export interface Bridge {
  origin: string;
  /**
   * A one-time sign-in link, issued at start; `signInUrl()` issues further ones. For the starting
   * user's own terminal and in-process callers only: never put one on a command line.
   */
  url: string;
  signInUrl(): string;
  /** A one-time code for a hand-over page to POST to `signInAction` (field `code`); `onRedeemed` runs when it is used. */
  issueSignInCode(onRedeemed?: () => void): IssuedSignInCode;
  /** Where a hand-over page posts its code. */
  signInAction: string;
  /** The session secret: it stays in this process (the browser holds it only as an HttpOnly cookie). */
  token: string;
  /** The session cookie's name (per port, so two bridges on 127.0.0.1 do not overwrite each other's). */
  cookieName: string;
  close(): Promise<void>;
}

/**
 * The local HTTP transport for the same handler table Electron's IPC serves, bound to 127.0.0.1.
 * A browser window signs in by posting a one-time code from a private hand-over page (or by
 * opening a one-time link printed in the starting user's terminal); that sets an HttpOnly,
 * SameSite=Strict cookie and redirects to the app, so no working credential stays in a URL, a
 * command line, the browser's history or its web storage. Every call also checks Host and Origin.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  const codes = new SignInCodes();
  let origin = '';
  let cookieName = '';

  const limits = { ...DEFAULT_BRIDGE_LIMITS, ...options.limits };
  const server = createServer(serverOptions(limits), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'bridge request failed');
      if (!res.headersSent) sendJson(res, 500, fail('internal', 'Something went wrong inside the app.'));
    });
  });
  applyLimits(server, limits, options.logger);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    // A page on another site resolving to 127.0.0.1 (DNS rebinding) would send its own Host.
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      return sendJson(res, 421, fail('forbidden-caller', 'This address is not served here.'));
    }
    const [rawPath = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const path = safeDecode(rawPath);
    if (path === undefined) return sendJson(res, 400, fail('invalid-request', 'The address is not valid.'));
    if (path.startsWith('/api/')) return api(req, res, path.slice('/api/'.length));
    if (path === SIGN_IN_PATH && req.method === 'POST') return signInByForm(req, res);
    // The IdP's redirect is a navigation from another site, so it carries no session cookie: the flow's state, PKCE and nonce protect it.
    if (path === CIS2_CALLBACK_PATH && req.method === 'GET' && options.onCis2Callback !== undefined) {
      const result = await options.onCis2Callback(new URL(`${origin}${req.url ?? ''}`));
      res.writeHead(result.ok ? 200 : 400, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(callbackPage(result));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('invalid-request', 'Not allowed.'));
    // A HEAD (a link preview, a checker) must not spend the code the person is about to open.
    if (path === SIGN_IN_PATH) return req.method === 'GET' ? signIn(res, new URLSearchParams(query).get('code') ?? '') : sendJson(res, 405, fail('invalid-request', 'Not allowed.'));
    const file = await readStatic(options.staticDir, path);
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

  /**
   * The hand-over page is a file:// page, so its POST says `Origin: null`. That origin is accepted
   * here and nowhere else, and only lets a valid, unused code in; a page on any web site is refused
   * before its code is even looked at (so it cannot spend one either).
   */
  async function signInByForm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const from = req.headers.origin;
    if (from !== undefined && from !== 'null' && from !== origin) {
      options.logger.warn({ origin: from.slice(0, 80) }, 'a sign-in from another site was refused');
      return sendJson(res, 403, fail('forbidden-caller', 'Calls from other sites are refused.'));
    }
    if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
      return sendJson(res, 415, fail('invalid-request', 'The request must be a sign-in form.'));
    }
    const body = await readBody(req, MAX_SIGN_IN_BODY_BYTES);
    if (body === undefined) return sendJson(res, 413, fail('invalid-request', 'The request is too large.'));
    signIn(res, new URLSearchParams(body.toString('utf8')).get('code') ?? '');
  }

  function signIn(res: ServerResponse, code: string): void {
    if (!codes.redeem(code)) {
      options.logger.warn('a used, expired or unknown sign-in link was opened');
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
      return void res.end(
        'This sign-in link has already been used or has expired: each link works once.\n' +
          'Switch to the Booking Workstation window that is already open, or start the app again to open a new one.',
      );
    }
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      'Cache-Control': 'no-store',
      Location: '/',
    });
    res.end();
    options.logger.info('a browser window signed in');
    options.onSignIn?.();
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, fail('invalid-request', 'Not allowed.'));
    const header = req.headers[TOKEN_HEADER];
    const byHeader = sameSecret(typeof header === 'string' ? header : undefined, expected);
    const byCookie = !byHeader && sameSecret(cookieValue(req.headers.cookie, cookieName), expected);
    if (!byHeader && !byCookie) {
      options.logger.warn({ channel: channel.slice(0, 60) }, 'bridge call without a valid session refused');
      return sendJson(res, 401, fail('forbidden-caller', 'This window is not signed in to the workstation. Start the app again to open a signed-in window.'));
    }
    // A browser always names the page that made a POST; a cookie alone must not let another site call in.
    if ((req.headers.origin !== undefined || byCookie) && req.headers.origin !== origin) {
      return sendJson(res, 403, fail('forbidden-caller', 'Calls from other sites are refused.'));
    }
    if (mediaType(req.headers['content-type']) !== 'application/json') {
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
    sendJson(res, 200, await options.dispatch(channel, request, { transport: 'http' }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  cookieName = `bw_session_${port}`;
  const signInUrl = (): string => `${origin}${SIGN_IN_PATH}?code=${codes.issue()}`;
  const issueSignInCode = (onRedeemed?: () => void): IssuedSignInCode => {
    const code = codes.issue(
      onRedeemed === undefined
        ? undefined
        : () => {
            try {
              onRedeemed();
            } catch (error) {
              options.logger.warn({ err: error }, 'tidying up after a sign-in failed');
            }
          },
    );
    return { code, revoke: () => codes.revoke(code) };
  };
  return {
    origin,
    url: signInUrl(),
    signInUrl,
    issueSignInCode,
    signInAction: `${origin}${SIGN_IN_PATH}`,
    token,
    cookieName,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** `application/json` and its parameters only: `application/jsonx` or `text/json` are not JSON here. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function fail(code: 'forbidden-caller' | 'invalid-request' | 'internal', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** A refused request closes its connection: a caller that was not let in gets no socket to hold, and an unread body is not waited for. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const close = status >= 400 ? { Connection: 'close' } : {};
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...close });
  res.end(text);
}

async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

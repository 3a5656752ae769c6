/**
 * Application-restricted access to the BaRS proxy (digest §1): an RS512 client assertion with
 * our `kid`, iss = sub = the API key, aud = the token URL, a fresh `jti` and five minutes'
 * life, exchanged at the token endpoint. The token is reused until shortly before it expires.
 */
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Refresh this long before expiry, so a token never lapses between our check and the proxy's. */
const EARLY_REFRESH_MS = 60_000;

export interface TokenSourceOptions {
  tokenUrl: string;
  /** The API key, or how to read it (a secret reference resolved on first use). */
  apiKey: string | (() => Promise<string>);
  kid: string;
  privateKey: () => Promise<KeyObject>;
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

export class BarsAuthError extends Error {
  override readonly name = 'BarsAuthError';
  constructor(readonly status: number | undefined, message: string) {
    super(message);
  }
}

/** Reads a PEM private key, decrypting it with the passphrase (resolved from its reference by the caller). */
export async function loadPrivateKey(path: string, passphrase?: string): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8');
  return createPrivateKey({ key: pem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) });
}

export class TokenSource {
  private cached: { token: string; expiresAtMs: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: TokenSourceOptions) {}

  /** A bearer token valid for at least another minute. */
  async token(): Promise<string> {
    const now = this.now();
    if (this.cached && this.cached.expiresAtMs - EARLY_REFRESH_MS > now) return this.cached.token;
    // One exchange at a time: parallel calls share it rather than each spending a jti.
    this.pending ??= this.exchange().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the token (after a 401), so the next call fetches a new one. */
  invalidate(): void {
    this.cached = undefined;
  }

  private now(): number {
    return (this.options.now ?? ((): Date => new Date()))().getTime();
  }

  private async exchange(): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const apiKey = typeof this.options.apiKey === 'string' ? this.options.apiKey : await this.options.apiKey();
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: this.options.kid })
      .setIssuer(apiKey)
      .setSubject(apiKey)
      .setAudience(this.options.tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 300)
      .sign(await this.options.privateKey());
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(this.options.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new BarsAuthError(undefined, `token endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (!response.ok || typeof body?.access_token !== 'string') {
      throw new BarsAuthError(response.status, `token endpoint refused (${response.status}): ${typeof body?.error === 'string' ? body.error : ''} ${typeof body?.error_description === 'string' ? body.error_description : ''}`.trim());
    }
    const lifetime = Number(body.expires_in);
    this.cached = { token: body.access_token, expiresAtMs: this.now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : 300) * 1000 };
    return body.access_token;
  }
}

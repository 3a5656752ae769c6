/**
 * The national API platform's token endpoint as the sandbox plays it: signed-JWT client
 * credentials (digest §1). The client assertion must be RS512, carry our `kid`, have
 * iss = sub = the API key, aud = this URL, a fresh `jti` and expire within five minutes.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { readBody } from '../http/respond';

export const TOKEN_LIFETIME_SECONDS = 599;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenIssuerOptions {
  tokenUrl: string;
  apiKey: string;
  kid: string;
  publicKey: KeyObject;
  now: () => Date;
}

class OAuthRefusal extends Error {
  override readonly name = 'OAuthRefusal';
  constructor(readonly status: number, readonly error: string, readonly description: string) {
    super(description);
  }
}

export class TokenIssuer {
  private readonly tokens = new Map<string, number>();
  private readonly seenJti = new Map<string, number>();
  /** How many tokens were issued: a test checks the client caches its token. */
  issued = 0;

  constructor(private readonly options: TokenIssuerOptions) {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST') throw new OAuthRefusal(405, 'invalid_request', 'POST only');
      if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) throw new OAuthRefusal(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials') throw new OAuthRefusal(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
      if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw new OAuthRefusal(400, 'invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}`);
      await this.verify(form.get('client_assertion') ?? '');
      const token = randomBytes(24).toString('base64url');
      // Expired tokens are refused anyway: dropping them keeps a sandbox left running all week small.
      for (const [issued, expires] of this.tokens) if (expires <= this.nowMs()) this.tokens.delete(issued);
      this.tokens.set(token, this.nowMs() + TOKEN_LIFETIME_SECONDS * 1000);
      this.issued += 1;
      this.reply(res, 200, { access_token: token, expires_in: String(TOKEN_LIFETIME_SECONDS), token_type: 'Bearer', issued_at: String(this.nowMs()) });
    } catch (error) {
      const refusal = error instanceof OAuthRefusal ? error : new OAuthRefusal(401, 'invalid_client', error instanceof Error ? error.message : 'invalid client assertion');
      this.reply(res, refusal.status, { error: refusal.error, error_description: refusal.description });
    }
  };

  /** True when the bearer token was issued here and has not expired. */
  accepts(authorization: string | undefined): boolean {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : this.tokens.get(token);
    return expires !== undefined && expires > this.nowMs();
  }

  /** Forgets every token, as if they had all expired. */
  revokeAll(): void {
    this.tokens.clear();
  }

  private async verify(assertion: string): Promise<void> {
    if (assertion === '') throw new OAuthRefusal(400, 'invalid_request', 'client_assertion is missing');
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(assertion);
      if (header.alg !== 'RS512') throw new OAuthRefusal(401, 'invalid_client', `alg ${String(header.alg)} is not RS512`);
      kid = header.kid;
    } catch (error) {
      if (error instanceof OAuthRefusal) throw error;
      throw new OAuthRefusal(400, 'invalid_request', 'client_assertion is not a JWT');
    }
    if (kid !== this.options.kid) throw new OAuthRefusal(401, 'invalid_client', 'kid does not name a registered public key');
    const { payload } = await jwtVerify(assertion, this.options.publicKey, {
      algorithms: ['RS512'],
      issuer: this.options.apiKey,
      subject: this.options.apiKey,
      audience: this.options.tokenUrl,
      currentDate: this.options.now(),
      requiredClaims: ['exp', 'jti'],
    });
    const nowSeconds = Math.floor(this.nowMs() / 1000);
    if ((payload.exp ?? 0) > nowSeconds + 300) throw new OAuthRefusal(401, 'invalid_client', 'exp is more than five minutes ahead');
    const jti = String(payload.jti);
    if (this.seenJti.has(jti)) throw new OAuthRefusal(401, 'invalid_client', 'jti has been used before');
    this.seenJti.set(jti, payload.exp ?? nowSeconds);
    for (const [seen, exp] of this.seenJti) if (exp < nowSeconds - 60) this.seenJti.delete(seen);
  }

  private nowMs(): number {
    return this.options.now().getTime();
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  }
}

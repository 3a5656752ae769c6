/**
 * The OpenID Connect client for NHS CIS2 Authentication, on `openid-client`: authorisation
 * code with PKCE (S256), state and nonce checked, ID token signature and claims validated by
 * the library, private-key JWT client authentication. Nothing here handles tokens by hand.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type * as Oidc from 'openid-client';
import { identityFrom, type Cis2Identity } from './claims';
import { meetsAssurance } from './roles';

export interface Cis2ClientOptions {
  issuer: string;
  clientId: string;
  /** The client assertion's signing key; RSA keys sign RS512, as CIS2 asks. */
  privateKey: KeyObject;
  keyId?: string;
  scope: string;
  requiredAssuranceLevel: string;
  /** Sandbox only: an issuer on http://127.0.0.1. */
  allowHttp?: boolean;
  timeoutMs?: number;
  /** Tests only: sits between the client and the provider (e.g. to tamper with a token response). */
  fetch?: Oidc.CustomFetch;
}

/** Why a sign-in did not give a session; `message` is for the clinician, `detail` for the log. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly kind: 'unreachable' | 'refused' | 'low-assurance' | 'invalid-response' | 'no-role' | 'cancelled' | 'expired',
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export interface StartedSignIn {
  url: string;
  /** Kept in main only, never sent to the page: the PKCE verifier and the expected state and nonce. */
  checks: { codeVerifier: string; state: string; nonce: string; maxAge?: number };
}

export interface Cis2Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Seconds the access token lives, as the provider said. */
  expiresIn: number;
}

export interface SignedIn {
  identity: Cis2Identity;
  tokens: Cis2Tokens;
}

type OidcModule = typeof Oidc;
let loading: Promise<OidcModule> | undefined;
/** openid-client is an ES module only; the Electron build of main is CommonJS, which may still import() it. */
function oidcModule(): Promise<OidcModule> {
  loading ??= import('openid-client');
  return loading;
}

export class Cis2Client {
  private constructor(
    private readonly lib: OidcModule,
    private readonly config: Oidc.Configuration,
    private readonly options: Cis2ClientOptions,
  ) {}

  /** Reads the provider's discovery document; an unreachable or wrong issuer is a SignInError('unreachable'). */
  static async connect(options: Cis2ClientOptions): Promise<Cis2Client> {
    const lib = await oidcModule();
    const rsa = options.privateKey.asymmetricKeyType === 'rsa';
    const cryptoKey = await globalThis.crypto.subtle.importKey(
      'pkcs8',
      options.privateKey.export({ format: 'der', type: 'pkcs8' }),
      rsa ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } : { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['sign'],
    );
    const auth = lib.PrivateKeyJwt(options.keyId === undefined ? cryptoKey : { key: cryptoKey, kid: options.keyId });
    const timeout = Math.ceil((options.timeoutMs ?? 10_000) / 1000);
    try {
      const config = await lib.discovery(new URL(options.issuer), options.clientId, { token_endpoint_auth_method: 'private_key_jwt' }, auth, {
        timeout,
        // Sandbox only (settings allow http solely for 127.0.0.1 there): the stand-in has no TLS.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        ...(options.allowHttp === true ? { execute: [lib.allowInsecureRequests] } : {}),
      });
      config.timeout = timeout;
      if (options.fetch !== undefined) config[lib.customFetch] = options.fetch;
      return new Cis2Client(lib, config, options);
    } catch (error) {
      throw new SignInError('unreachable', 'NHS CIS2 sign-in cannot be reached. Try again; if it keeps happening, call your IT service desk.', describe(error));
    }
  }

  /** A new authorisation request. `reauthenticate` forces a fresh sign-in (prompt=login, max_age=0), e.g. at the idle lock. */
  async start(redirectUri: string, opts: { reauthenticate?: boolean } = {}): Promise<StartedSignIn> {
    const codeVerifier = this.lib.randomPKCECodeVerifier();
    const state = this.lib.randomState();
    const nonce = this.lib.randomNonce();
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      scope: this.options.scope,
      code_challenge: await this.lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (opts.reauthenticate === true) {
      params.prompt = 'login';
      params.max_age = '0';
    }
    const url = this.lib.buildAuthorizationUrl(this.config, params);
    return { url: url.href, checks: { codeVerifier, state, nonce, ...(opts.reauthenticate === true ? { maxAge: 0 } : {}) } };
  }

  /** Completes a sign-in from the redirect back: code exchanged with the verifier, state, nonce and ID token checked, UserInfo read. */
  async finish(callbackUrl: URL, checks: StartedSignIn['checks'], redirectUri: string): Promise<SignedIn> {
    const error = callbackUrl.searchParams.get('error');
    if (error === 'access_denied') throw new SignInError('cancelled', 'The sign-in was cancelled.', error);
    let tokens: Awaited<ReturnType<OidcModule['authorizationCodeGrant']>>;
    try {
      // The library compares the redirect_uri it sends with the one the request used: rebuild it without the query.
      tokens = await this.lib.authorizationCodeGrant(this.config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
        ...(checks.maxAge !== undefined ? { maxAge: checks.maxAge } : {}),
      }, { redirect_uri: redirectUri });
    } catch (cause) {
      throw new SignInError('invalid-response', 'NHS CIS2 sign-in did not complete. Try signing in again.', describe(cause));
    }
    const idClaims = tokens.claims();
    if (idClaims === undefined) throw new SignInError('invalid-response', 'NHS CIS2 sign-in did not complete. Try signing in again.', 'no ID token');
    let userInfo: Record<string, unknown>;
    try {
      userInfo = await this.lib.fetchUserInfo(this.config, tokens.access_token, idClaims.sub);
    } catch (cause) {
      throw new SignInError('invalid-response', 'NHS CIS2 sign-in did not complete. Try signing in again.', `userinfo: ${describe(cause)}`);
    }
    // The ID token is the signed word on who authenticated and how strongly: its claims win over UserInfo's.
    const read = identityFrom({ ...userInfo, ...idClaims });
    if (!read.ok) throw new SignInError('invalid-response', 'NHS CIS2 sign-in did not say who you are. Try signing in again.', read.reason);
    const identity = read.identity;
    if (!meetsAssurance(identity.assuranceLevel, this.options.requiredAssuranceLevel)) {
      throw new SignInError(
        'low-assurance',
        'Booking Workstation needs you to sign in with your smartcard (or another authenticator of the same level). Sign in again with it.',
        `assurance level ${identity.assuranceLevel} below required ${this.options.requiredAssuranceLevel}`,
      );
    }
    if (identity.selectedRole === undefined) {
      throw new SignInError('no-role', 'No role was selected at sign-in. Sign in again and choose the role you are working in.', `${String(identity.roles.length)} roles, none selected`);
    }
    return {
      identity,
      tokens: {
        accessToken: tokens.access_token,
        expiresIn: tokens.expiresIn() ?? 0,
        ...(tokens.refresh_token !== undefined ? { refreshToken: tokens.refresh_token } : {}),
      },
    };
  }

  /**
   * Revokes the session's tokens (RFC 7009), refresh token first so no new access token can follow;
   * false when the provider offers no revocation endpoint or refused.
   */
  async revoke(tokens: Cis2Tokens): Promise<boolean> {
    if (this.config.serverMetadata().revocation_endpoint === undefined) return false;
    try {
      if (tokens.refreshToken !== undefined) await this.lib.tokenRevocation(this.config, tokens.refreshToken, { token_type_hint: 'refresh_token' });
      await this.lib.tokenRevocation(this.config, tokens.accessToken, { token_type_hint: 'access_token' });
      return true;
    } catch {
      return false;
    }
  }

  /** A new access token from a refresh token; undefined when the provider will not give one (the user signs in again). */
  async refresh(refreshToken: string): Promise<Cis2Tokens | undefined> {
    try {
      const tokens = await this.lib.refreshTokenGrant(this.config, refreshToken);
      return {
        accessToken: tokens.access_token,
        expiresIn: tokens.expiresIn() ?? 0,
        ...(tokens.refresh_token !== undefined ? { refreshToken: tokens.refresh_token } : { refreshToken }),
      };
    } catch {
      return undefined;
    }
  }
}

function describe(error: unknown): string {
  type Described = { name?: string; code?: string; message?: string; error?: string; claim?: string; cause?: Described };
  const e = error as Described;
  // The ID token claim that failed (nonce, iss …) sits a cause or two down the chain.
  let claim: string | undefined;
  for (let c: Described | undefined = e, depth = 0; c !== undefined && depth < 4; c = c.cause, depth++) claim ??= c.claim;
  // The provider's OAuth error (invalid_grant …) and the failed claim are what IT needs from the log.
  return [e.name, e.code, e.error, e.message, e.cause?.code, claim === undefined ? undefined : `claim ${claim}`]
    .filter((s) => s !== undefined)
    .join(': ')
    .slice(0, 300);
}

/** Reads the client's PEM private key (settings `cis2.privateKeyPath`), with its passphrase when it has one. */
export function clientKeyFromPem(pem: string, passphrase?: string): KeyObject {
  return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
}

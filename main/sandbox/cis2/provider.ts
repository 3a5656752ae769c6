/**
 * A CIS2-like OpenID provider for the sandbox, built on `oidc-provider` (a certified OpenID
 * Connect server), on its own loopback port: authorisation code with PKCE (required),
 * private-key JWT client authentication, CIS2's scopes and claims, and a sign-in page with one
 * button per test user so the app signs in with one click.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { acrOf, claimsOf, CIS2_TEST_USERS, testUser } from './test-users';
import { memoryAdapterFor } from './memory-adapter';
import { escapeHtml, signInPage } from './sign-in-page';

export interface Cis2ClientRegistration {
  clientId: string;
  /** The client's public key(s) for its private-key JWT (JWK, with `alg`). */
  jwks: { keys: Record<string, unknown>[] };
}

export interface Cis2ProviderOptions {
  clients: Cis2ClientRegistration[];
  port?: number;
  logger?: Logger;
  /** Seconds an access token lives (CIS2's are short); tests shorten it. */
  accessTokenTtl?: number;
  /** The clock the stand-in's stored sign-ins and tokens run out by (the app's, so a test moves it). */
  now?: () => number;
}

export interface Cis2ProviderHandle {
  issuer: string;
  /**
   * Whether `token` is an access token this stand-in issued and still stands behind: not run out,
   * not revoked (the app revokes it at sign-out). What the PDS stand-in asks, as the API platform
   * asks CIS2 before it lets a user-restricted call through.
   */
  acceptsAccessToken(token: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The app's client at the stand-in, whether the app starts it (`npm start`) or `npm run sandbox` does. */
export const SANDBOX_CIS2_CLIENT_ID = 'booking-workstation-sandbox';
export const SANDBOX_CIS2_SCOPE = 'openid profile nationalrbacaccess associatedorgs professionalmemberships';

const SCOPES = ['openid', 'profile', 'nationalrbacaccess', 'associatedorgs', 'professionalmemberships', 'selectedrole', 'email'];

export async function startCis2Provider(options: Cis2ProviderOptions): Promise<Cis2ProviderHandle> {
  // Loaded on demand: oidc-provider is an ES module, and the Electron build of main is CommonJS.
  const { default: Provider } = await import('oidc-provider');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    adapter: memoryAdapterFor(options.now),
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      application_type: 'native',
      // Native clients may come back on any loopback port (RFC 8252 §7.3); oidc-provider ignores the port.
      redirect_uris: ['http://127.0.0.1/cis2/callback'],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS512',
      jwks: c.jwks,
    })),
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: 'sandbox-cis2' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: SCOPES,
    acrValues: ['AAL3_ANY', 'AAL1_USERPASS'],
    claims: {
      openid: ['sub', 'nhsid_useruid', 'authentication_assurance_level', 'selected_roleid'],
      profile: ['name', 'given_name', 'family_name', 'title', 'uid'],
      nationalrbacaccess: ['nhsid_nrbac_roles'],
      associatedorgs: ['nhsid_user_orgs'],
      professionalmemberships: ['nhsid_professional_memberships'],
    },
    enabledJWA: { clientAuthSigningAlgValues: ['RS512', 'RS256', 'PS256', 'ES256'] },
    // Revocation (RFC 7009): the app revokes its access token at sign-out, so PDS refuses it after.
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true }, revocation: {
        enabled: true,
        // A client revokes only the tokens it was given.
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId,
      },
    },
    ttl: { AccessToken: options.accessTokenTtl ?? 3600, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = testUser(sub);
      if (user === undefined) return undefined;
      return { accountId: user.uid, claims: () => claimsOf(user) };
    },
    renderError: (ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Sign-in problem</title><h1>Sign-in problem</h1><p>${escapeHtml(out.error_description ?? out.error ?? 'unknown')}</p>`;
    },
  });
  const oidc = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? '').startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => {
        options.logger?.warn({ err: error }, 'sandbox CIS2 sign-in page failed');
        if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('This sign-in has expired. Go back to Booking Workstation and sign in again.');
      });
      return;
    }
    oidc(req, res);
  });

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent') {
      // A native client is always asked for consent; the app is the stand-in's own first-party client, so it is given.
      const grant = new provider.Grant({ clientId: typeof details.params.client_id === 'string' ? details.params.client_id : '', accountId: details.session?.accountId ?? '' });
      grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(signInPage(details.uid, CIS2_TEST_USERS));
    }
    const body = new URLSearchParams(await readBody(req));
    const user = testUser(body.get('user') ?? '');
    if (user === undefined) {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The sign-in was cancelled.' }, { mergeWithLastSubmission: false });
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.uid, acr: acrOf(user), amr: [user.assuranceLevel === '3' ? 'sc' : 'pwd'] } }, { mergeWithLastSubmission: false });
  }

  options.logger?.info({ issuer }, 'sandbox CIS2 provider listening');
  return {
    issuer,
    acceptsAccessToken: async (token) => {
      // find() checks the token's own expiry; the store has already dropped one whose grant was revoked.
      const found = await provider.AccessToken.find(token);
      if (found === undefined || found.isExpired) return false;
      return typeof found.grantId === 'string' && (await provider.Grant.find(found.grantId)) !== undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > 4096) break;
  }
  return text;
}

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { resolveSecret, SANDBOX_CIS2_DEFAULTS, type SafeSecretReader, type Settings } from '../config';
import { Cis2Client, clientKeyFromPem } from '../identity/cis2-client';
import { IdentityService } from '../identity/identity-service';
import { SANDBOX_CIS2_CLIENT_ID as SANDBOX_CLIENT_ID, SANDBOX_CIS2_SCOPE as SANDBOX_SCOPE, startCis2Provider } from '../sandbox/cis2/provider';
import type { Clock } from '../workflow/clock';

export interface IdentityOptions {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  safeSecrets?: SafeSecretReader;
  /** Tests: seconds the stand-in's access tokens live. */
  sandboxAccessTokenTtl?: number;
}


/** The sign-in service, and (sandbox) how the PDS stand-in tells a live token of this CIS2 from any other. */
export interface IdentityConnection {
  service: IdentityService;
  /** Sandbox only: true for an access token this CIS2 issued that has not run out or been revoked. */
  acceptsAccessToken?: (token: string) => Promise<boolean>;
}

/** Live (or a sandbox naming one): the settings' CIS2. Sandbox otherwise: the embedded stand-in, with a client key made for this run. */
export async function connectIdentity(options: IdentityOptions): Promise<IdentityConnection> {
  const { settings, logger, clock } = options;
  if (settings.cis2 !== undefined) {
    const c = settings.cis2;
    const passphrase = c.privateKeyPassphraseRef === undefined ? undefined : await resolveSecret(c.privateKeyPassphraseRef, options.safeSecrets);
    const key = clientKeyFromPem(readFileSync(c.privateKeyPath, 'utf8'), passphrase);
    const allowHttp = settings.mode === 'sandbox' && c.issuer.startsWith('http://');
    const connect = (): Promise<Cis2Client> =>
      Cis2Client.connect({
        issuer: c.issuer,
        clientId: c.clientId,
        privateKey: key,
        scope: c.scope,
        requiredAssuranceLevel: c.requiredAssuranceLevel,
        allowHttp,
        timeoutMs: settings.timeouts.readMs,
        ...(c.keyId !== undefined ? { keyId: c.keyId } : {}),
      });
    const service = new IdentityService(connect, c, 'NHS CIS2', clock, logger, () => Promise.resolve(), c.redirectPorts);
    // A sandbox naming a CIS2 on this machine: its UserInfo endpoint answers only for a live token of its own.
    return settings.mode === 'sandbox' ? { service, acceptsAccessToken: userInfoAccepts(c.issuer, settings.timeouts.readMs, logger) } : { service };
  }
  const policy = SANDBOX_CIS2_DEFAULTS.parse(settings.mode === 'sandbox' ? (settings.sandbox?.cis2 ?? {}) : {});
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = await startCis2Provider({
    clients: [{ clientId: SANDBOX_CLIENT_ID, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), alg: 'RS512', use: 'sig' }] } }],
    logger: logger.child({ component: 'sandbox-cis2' }),
    now: () => clock().getTime(),
    ...(options.sandboxAccessTokenTtl !== undefined ? { accessTokenTtl: options.sandboxAccessTokenTtl } : {}),
  });
  logger.info({ issuer: provider.issuer }, 'sandbox CIS2 stand-in started');
  const connect = (): Promise<Cis2Client> =>
    Cis2Client.connect({ issuer: provider.issuer, clientId: SANDBOX_CLIENT_ID, privateKey, scope: SANDBOX_SCOPE, requiredAssuranceLevel: policy.requiredAssuranceLevel, allowHttp: true });
  return { service: new IdentityService(connect, policy, 'sandbox CIS2', clock, logger, () => provider.close(), policy.redirectPorts), acceptsAccessToken: (token) => provider.acceptsAccessToken(token) };
}

/**
 * A token check for a CIS2 run apart (e.g. `npm run sandbox`'s): OpenID Connect UserInfo answers
 * 200 only for an access token its provider issued and still stands behind (RFC 6750 §3.1).
 */
function userInfoAccepts(issuer: string, timeoutMs: number, logger: Logger): (token: string) => Promise<boolean> {
  let endpoint: Promise<string | undefined> | undefined;
  const discover = async (): Promise<string | undefined> => {
    const res = await fetch(new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`), { signal: AbortSignal.timeout(timeoutMs) });
    const meta = (await res.json()) as { userinfo_endpoint?: unknown };
    return typeof meta.userinfo_endpoint === 'string' ? meta.userinfo_endpoint : undefined;
  };
  return async (token) => {
    try {
      endpoint ??= discover().catch((error: unknown) => {
        endpoint = undefined;
        throw error;
      });
      const url = await endpoint;
      if (url === undefined) return false;
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return res.ok;
    } catch (error) {
      logger.warn({ err: { name: (error as Error).name } }, 'sandbox PDS could not ask CIS2 about a token: refused');
      return false;
    }
  };
}

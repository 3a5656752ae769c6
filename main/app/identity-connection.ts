import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { resolveSecret, SANDBOX_CIS2_DEFAULTS, type SafeSecretReader, type Settings } from '../config';
import { Cis2Client, clientKeyFromPem } from '../identity/cis2-client';
import { IdentityService } from '../identity/identity-service';
import { startCis2Provider } from '../sandbox/cis2/provider';
import type { Clock } from '../workflow/clock';

export interface IdentityOptions {
  settings: Settings;
  logger: Logger;
  clock: Clock;
  safeSecrets?: SafeSecretReader;
  /** Tests: seconds the stand-in's access tokens live. */
  sandboxAccessTokenTtl?: number;
}

const SANDBOX_CLIENT_ID = 'booking-workstation-sandbox';
const SANDBOX_SCOPE = 'openid profile nationalrbacaccess associatedorgs professionalmemberships';

/** Live (or a sandbox naming one): the settings' CIS2. Sandbox otherwise: the embedded stand-in, with a client key made for this run. */
export async function connectIdentity(options: IdentityOptions): Promise<IdentityService> {
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
    return new IdentityService(connect, c, 'NHS CIS2', clock, logger, () => Promise.resolve(), c.redirectPorts);
  }
  const policy = SANDBOX_CIS2_DEFAULTS.parse(settings.mode === 'sandbox' ? (settings.sandbox?.cis2 ?? {}) : {});
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = await startCis2Provider({
    clients: [{ clientId: SANDBOX_CLIENT_ID, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), alg: 'RS512', use: 'sig' }] } }],
    logger: logger.child({ component: 'sandbox-cis2' }),
    ...(options.sandboxAccessTokenTtl !== undefined ? { accessTokenTtl: options.sandboxAccessTokenTtl } : {}),
  });
  logger.info({ issuer: provider.issuer }, 'sandbox CIS2 stand-in started');
  const connect = (): Promise<Cis2Client> =>
    Cis2Client.connect({ issuer: provider.issuer, clientId: SANDBOX_CLIENT_ID, privateKey, scope: SANDBOX_SCOPE, requiredAssuranceLevel: policy.requiredAssuranceLevel, allowHttp: true });
  return new IdentityService(connect, policy, 'sandbox CIS2', clock, logger, () => provider.close(), policy.redirectPorts);
}

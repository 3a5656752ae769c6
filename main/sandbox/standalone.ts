/**
 * The sandbox run apart from the app (`npm run sandbox`): the Provider, SSP, DoS/SDS and PDS
 * stand-ins on one port and the CIS2 stand-in on another, wired as `npm start` wires them in
 * sandbox mode — PDS answers only a live access token of this CIS2. The app's client key is kept
 * in a file, so an app pointed here (`sandbox.externalBaseUrl` and `cis2`) signs in across restarts.
 */
import { createPrivateKey, generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { SANDBOX_CIS2_CLIENT_ID, startCis2Provider, type Cis2ProviderHandle } from './cis2/provider';
import { startSandbox, type SandboxHandle, type SandboxOptions } from './index';

export interface StandaloneOptions {
  sandbox: Omit<SandboxOptions, 'pdsAcceptToken' | 'logger'>;
  /** 0 = a random free port. */
  cis2Port: number;
  /** The app's CIS2 client key (PEM): read when it exists, made (0600) when it does not. */
  clientKeyPath: string;
  logger: Logger;
}

export interface StandaloneSandbox {
  sandbox: SandboxHandle;
  cis2: Cis2ProviderHandle;
  clientId: string;
  clientKeyPath: string;
  close(): Promise<void>;
}

function clientKey(path: string): KeyObject {
  if (existsSync(path)) return createPrivateKey(readFileSync(path, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}

export async function startStandaloneSandbox(options: StandaloneOptions): Promise<StandaloneSandbox> {
  const key = clientKey(options.clientKeyPath);
  const now = options.sandbox.now ?? ((): Date => new Date());
  const cis2 = await startCis2Provider({
    clients: [{ clientId: SANDBOX_CIS2_CLIENT_ID, jwks: { keys: [{ ...createPublicKey(key).export({ format: 'jwk' }), alg: 'RS512', use: 'sig' }] } }],
    port: options.cis2Port,
    logger: options.logger.child({ component: 'sandbox-cis2' }),
    now: () => now().getTime(),
  });
  let sandbox: SandboxHandle;
  try {
    sandbox = await startSandbox({ ...options.sandbox, logger: options.logger, pdsAcceptToken: (token) => cis2.acceptsAccessToken(token) });
  } catch (error) {
    await cis2.close();
    throw error;
  }
  return {
    sandbox,
    cis2,
    clientId: SANDBOX_CIS2_CLIENT_ID,
    clientKeyPath: options.clientKeyPath,
    close: async () => {
      await sandbox.close();
      await cis2.close();
    },
  };
}

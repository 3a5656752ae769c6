/**
 * The sandbox's BaRS side: a token endpoint for signed-JWT client credentials and the BaRS
 * proxy with its receivers, mounted on the sandbox's one server beside the Care Connect SSP.
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { FaultRegistry } from '../faults/fault-control';
import type { Router } from '../http/router';
import type { SlotStore } from '../store/slot-store';
import { barsHandler } from './proxy-handler';
import { ReceiverStore } from './receiver-store';
import { TokenIssuer } from './token-endpoint';

export { BARS_SERVICES, barsService, type BarsService, type BarsListing } from './seed';
export { API_VERSION as BARS_API_VERSION, APP1_VERSION as BARS_APP1_VERSION } from './metadata';

export const BARS_PROXY_PATH = '/bars/FHIR/R4';
export const BARS_TOKEN_PATH = '/bars/oauth2/token';

/** What a sender needs to talk to the sandbox's BaRS proxy: the sandbox's own client registration. */
export interface BarsSandbox {
  baseUrl: string;
  tokenUrl: string;
  apiKey: string;
  kid: string;
  /** The private key the sandbox registered for its one client; a live install reads its own from a file. */
  privateKey: KeyObject;
  tokens: TokenIssuer;
  store: ReceiverStore;
}

export interface BarsMountOptions {
  origin: string;
  slots: SlotStore;
  faults: FaultRegistry;
  signal: AbortSignal;
  logger: Logger;
  now: () => Date;
  topUp: () => void;
}

export async function mountBars(router: Router, options: BarsMountOptions): Promise<BarsSandbox> {
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const tokenUrl = `${options.origin}${BARS_TOKEN_PATH}`;
  const apiKey = 'sandbox-bars-api-key';
  const kid = 'sandbox-bars-1';
  const tokens = new TokenIssuer({ tokenUrl, apiKey, kid, publicKey, now: options.now });
  const store = new ReceiverStore();
  router.add('*', BARS_TOKEN_PATH, tokens.handle);
  router.add('*', BARS_PROXY_PATH, barsHandler({ prefix: BARS_PROXY_PATH, slots: options.slots, store, tokens, faults: options.faults, signal: options.signal, logger: options.logger, now: options.now, topUp: options.topUp }));
  return { baseUrl: `${options.origin}${BARS_PROXY_PATH}`, tokenUrl, apiKey, kid, privateKey, tokens, store };
}

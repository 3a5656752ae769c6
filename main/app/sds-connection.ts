import type { Logger } from 'pino';
import type { LiveSettings } from '../config';
import { SdsClient } from '../spine/sds';
import type { EndpointDirectory } from '../workflow/ports';

/** SDS over LDAPS with the system's certificate, certificate verification on, lookups cached. */
export function createSdsDirectory(settings: LiveSettings, tls: { cert: Buffer; key: Buffer; ca: Buffer; passphrase?: string }, logger: Logger): EndpointDirectory {
  return new SdsClient({
    url: settings.sds.url,
    tls: { ca: tls.ca, cert: tls.cert, key: tls.key, ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}) },
    baseDn: settings.sds.baseDn,
    timeoutMs: settings.timeouts.directoryMs,
    cacheTtlMs: settings.sds.cacheTtlSeconds * 1000,
    interactions: { slotSearch: settings.interactions.slotSearch },
    logger,
  });
}

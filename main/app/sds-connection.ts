import type { Logger } from 'pino';
import type { LiveSettings } from '../config';
import { SdsClient } from '../spine/sds';
import type { EndpointDirectory } from '../workflow/ports';

/** A failed lookup is remembered this long at most, so a record fixed in SDS is seen within minutes. */
const FAILURE_TTL_MS = 3 * 60_000;

/**
 * SDS over LDAPS with the system's certificate, certificate verification on, lookups cached:
 * answers for the settings' TTL, failures for a few minutes (none when the settings turn caching off).
 */
export function createSdsDirectory(
  settings: LiveSettings,
  tls: { cert: Buffer; key: Buffer; ca: Buffer; passphrase?: string },
  logger: Logger,
  now?: () => number,
): EndpointDirectory {
  const ttlMs = settings.sds.cacheTtlSeconds * 1000;
  return new SdsClient({
    url: settings.sds.url,
    tls: { ca: tls.ca, cert: tls.cert, key: tls.key, ...(tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {}) },
    baseDn: settings.sds.baseDn,
    timeoutMs: settings.timeouts.directoryMs,
    cacheTtlMs: ttlMs,
    failureCacheTtlMs: Math.min(ttlMs, FAILURE_TTL_MS),
    interactions: { slotSearch: settings.interactions.slotSearch },
    logger,
    ...(now === undefined ? {} : { now }),
  });
}

import type { Logger } from 'pino';
import type { LiveSettings } from '../config';
import type { EndpointDirectory } from '../workflow/ports';

/** SDS over LDAPS with the system's certificate; replaced by the ldapts client when it lands. */
export function createSdsDirectory(_settings: LiveSettings, _tls: { cert: Buffer; key: Buffer; ca: Buffer }, _logger: Logger): EndpointDirectory & { close(): Promise<void> } {
  throw new Error('SDS client not available');
}

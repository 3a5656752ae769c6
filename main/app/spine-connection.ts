import type { Logger } from 'pino';
import type { AuditSink } from '../audit';
import type { SafeSecretReader, Settings, UserProfile } from '../config';

export interface SpineOptions {
  settings: Settings;
  profile: UserProfile;
  audit: AuditSink;
  logger: Logger;
  safeSecrets?: SafeSecretReader;
}

/** The DoS, SDS and Provider connections of this mode; the workflow uses only the ports. */
export interface SpineConnection {
  mode: Settings['mode'];
  close(): Promise<void>;
}

export function connectSpine(options: SpineOptions): Promise<SpineConnection> {
  return Promise.resolve({ mode: options.settings.mode, close: () => Promise.resolve() });
}

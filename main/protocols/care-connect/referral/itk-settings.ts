import { readFileSync } from 'node:fs';
import { resolveSecret, type SafeSecretReader, type Settings } from '../../../config';
import { ItkClient } from './itk-client';

/**
 * The ITK client for a mode: live sends over HTTPS with the system's client certificate (read
 * on first use, so a missing file fails one referral with a clear message, not the app start);
 * sandbox may use plain http to loopback only.
 */
export function itkClientForSettings(settings: Settings, safeSecrets?: SafeSecretReader): ItkClient {
  if (settings.mode === 'sandbox') return new ItkClient({ timeoutMs: settings.timeouts.referralMs, allowInsecureLoopback: true });
  const tls = settings.tls;
  return new ItkClient({
    timeoutMs: settings.timeouts.referralMs,
    tls: async () => {
      const passphrase = tls.keyPassphraseRef === undefined ? undefined : await resolveSecret(tls.keyPassphraseRef, safeSecrets);
      return { cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath), ca: readFileSync(tls.caPath), ...(passphrase !== undefined ? { passphrase } : {}) };
    },
  });
}

import { safeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeSecretReader } from '../config';

/**
 * `safe:NAME` secrets: encrypted with the OS key store (DPAPI on Windows) in secrets.json in
 * the data folder, so they are never plain text on disk.
 */
export function safeSecretReader(dataDir: string): SafeSecretReader {
  return async (name) => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
    try {
      const store = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      const sealed = store[name];
      if (sealed === undefined) return undefined;
      return (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result;
    } catch {
      return undefined;
    }
  };
}

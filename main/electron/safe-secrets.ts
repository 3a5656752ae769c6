import { safeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeSecretReader } from '../config';

/**
 * `safe:NAME` secrets: encrypted with the OS key store (DPAPI on Windows) in secrets.json in
 * the data folder, so they are never plain text on disk. Only read here: nothing is written.
 */
export function safeSecretReader(dataDir: string): SafeSecretReader {
  return async (name) => {
    // Said plainly: "not in the protected store" would send the admin looking for a missing entry.
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error(`secret safe:${name}: the computer's key store is not available to this user, so protected secrets cannot be read`);
    }
    try {
      const store = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      const sealed = Object.hasOwn(store, name) ? store[name] : undefined;
      if (typeof sealed !== 'string') return undefined;
      return (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result;
    } catch {
      return undefined;
    }
  };
}

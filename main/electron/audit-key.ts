import { safeStorage } from 'electron';
import { join } from 'node:path';
import { defaultAnchorDir, sealedKeyProvider, type AuditKeyProvider } from '../audit';

/**
 * The audit chain's key sealed with the OS key store (DPAPI, Keychain, libsecret/kwallet).
 * Linux's `basic_text` backend seals with a fixed password, which protects nothing, so there
 * the 0600 key file is used instead, as in the browser build.
 */
export function safeStorageAuditKey(dataDir: string, anchorDir: string = defaultAnchorDir()): AuditKeyProvider {
  return sealedKeyProvider(
    join(dataDir, 'audit-chain.key.sealed'),
    {
      available: async () =>
        (await safeStorage.isAsyncEncryptionAvailable()) && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
      seal: (plain) => safeStorage.encryptStringAsync(plain),
      unseal: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
    },
    join(dataDir, 'audit-chain.key'),
    // The chain head, outside the data folder; sealed when the key is.
    { dir: anchorDir, sealer: { seal: (plain) => safeStorage.encryptStringAsync(plain), unseal: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result } },
  );
}

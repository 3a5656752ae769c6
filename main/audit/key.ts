import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';

/** The installation's audit key and whether this start created it (a new key means a new keyed chain). */
export interface LoadedAuditKey {
  key: Buffer;
  created: boolean;
  /** Where it is kept, for messages: never the key itself. */
  where: string;
}

/** Supplies the per-installation HMAC key, kept outside the database. */
export interface AuditKeyProvider {
  load(): Promise<LoadedAuditKey>;
}

export class AuditKeyUnreadableError extends Error {
  override name = 'AuditKeyUnreadableError';
}

const KEY_HEX = /^[0-9a-f]{64}$/;

/**
 * The browser build's key: 32 random bytes, hex, in a file only the user can read (0600),
 * created exclusively on first start. An unreadable or malformed key is refused, never
 * replaced: a new key would make every keyed row fail verification.
 */
export function fileKeyProvider(path: string): AuditKeyProvider {
  return {
    load: () => Promise.resolve(loadOrCreateKeyFile(path)),
  };
}

function loadOrCreateKeyFile(path: string): LoadedAuditKey {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (fd !== undefined) {
    const key = randomBytes(32);
    try {
      writeSync(fd, key.toString('hex'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { key, created: true, where: path };
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const text = readFileSync(path, 'utf8').trim();
  if (!KEY_HEX.test(text)) throw new AuditKeyUnreadableError(`the audit key file ${path} is not a key this app wrote`);
  return { key: Buffer.from(text, 'hex'), created: false, where: path };
}

/** The OS key store as Electron's safeStorage offers it; main/electron adapts it. */
export interface KeySealer {
  available(): Promise<boolean>;
  seal(plain: string): Promise<Buffer>;
  unseal(sealed: Buffer): Promise<string>;
}

/**
 * Electron's key: sealed with the OS key store in a file in the data folder, so a copy of the
 * folder alone does not carry it. Where no key store is available, the 0600 key file is used.
 */
export function sealedKeyProvider(sealedPath: string, sealer: KeySealer, fallbackPath: string): AuditKeyProvider {
  return {
    load: async () => {
      if (!(await sealer.available())) return loadOrCreateKeyFile(fallbackPath);
      let sealed: Buffer | undefined;
      try {
        sealed = Buffer.from(readFileSync(sealedPath, 'utf8').trim(), 'base64');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (sealed !== undefined) {
        const text = (await sealer.unseal(sealed)).trim();
        if (!KEY_HEX.test(text)) throw new AuditKeyUnreadableError(`the sealed audit key ${sealedPath} could not be unsealed`);
        return { key: Buffer.from(text, 'hex'), created: false, where: sealedPath };
      }
      const key = randomBytes(32);
      writeFileSync(sealedPath, (await sealer.seal(key.toString('hex'))).toString('base64'), { mode: 0o600, flag: 'wx' });
      return { key, created: true, where: sealedPath };
    },
  };
}

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import type { AnchorSealer, OutsideAnchorConfig } from './outside-anchor';

/** The installation's audit key and whether this start created it (a new key means a new keyed chain). */
export interface LoadedAuditKey {
  key: Buffer;
  created: boolean;
  /** Where it is kept, for messages: never the key itself. */
  where: string;
  /** Where this desk anchors its chain head outside the data folder, when it does. */
  outside?: OutsideAnchorConfig;
}

/** Supplies the per-installation HMAC key, kept outside the database. */
export interface AuditKeyProvider {
  load(): Promise<LoadedAuditKey>;
  /** The folder of the per-user anchor the loaded key comes with, known before loading (start-up looks for a missing store). */
  readonly anchorDir?: string;
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
export function fileKeyProvider(path: string, anchorDir?: string): AuditKeyProvider {
  return {
    ...(anchorDir !== undefined ? { anchorDir } : {}),
    // async so a refused key is a rejection, never a synchronous throw.
    // eslint-disable-next-line @typescript-eslint/require-await
    load: async () => ({ ...loadOrCreateKeyFile(path), ...(anchorDir !== undefined ? { outside: { dir: anchorDir } } : {}) }),
  };
}

/** Creates `path` only if it does not exist (0600), writes and fsyncs it; false if it existed. */
function createDurably(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function loadOrCreateKeyFile(path: string): LoadedAuditKey {
  const fresh = randomBytes(32);
  if (createDurably(path, fresh.toString('hex'))) return { key: fresh, created: true, where: path };
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
 * Whichever was made first is kept for good: a key store that comes or goes between starts
 * must not lead to a second key, which would make every keyed row fail verification.
 */
export function sealedKeyProvider(
  sealedPath: string,
  sealer: KeySealer,
  fallbackPath: string,
  anchor?: { dir: string; sealer: AnchorSealer },
): AuditKeyProvider {
  // The anchor is sealed exactly when the key is, so a key store that comes or goes between starts changes neither.
  const sealedAnchor = anchor === undefined ? {} : { outside: anchor };
  const plainAnchor = anchor === undefined ? {} : { outside: { dir: anchor.dir } };
  return {
    ...(anchor !== undefined ? { anchorDir: anchor.dir } : {}),
    load: async () => {
      if (existsSync(sealedPath)) {
        if (!(await sealer.available())) throw new AuditKeyUnreadableError('the OS key store that sealed the audit key is not available');
        const text = (await sealer.unseal(Buffer.from(readFileSync(sealedPath, 'utf8').trim(), 'base64'))).trim();
        if (!KEY_HEX.test(text)) throw new AuditKeyUnreadableError(`the sealed audit key ${sealedPath} could not be unsealed`);
        return { key: Buffer.from(text, 'hex'), created: false, where: sealedPath, ...sealedAnchor };
      }
      if (existsSync(fallbackPath) || !(await sealer.available())) return { ...loadOrCreateKeyFile(fallbackPath), ...plainAnchor };
      const key = randomBytes(32);
      if (!createDurably(sealedPath, (await sealer.seal(key.toString('hex'))).toString('base64'))) {
        throw new AuditKeyUnreadableError(`the sealed audit key ${sealedPath} appeared while this app was creating it`);
      }
      return { key, created: true, where: sealedPath, ...sealedAnchor };
    },
  };
}

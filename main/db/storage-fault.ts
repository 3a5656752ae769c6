/**
 * Faults of the machine under the store, in the words a user can act on. SQLite reports a full
 * disk as SQLITE_FULL, a read-only folder as SQLITE_READONLY or SQLITE_CANTOPEN, a damaged file as
 * SQLITE_CORRUPT or SQLITE_NOTADB; Node reports the same through errno codes.
 */
export type StorageFaultKind = 'disk-full' | 'read-only' | 'damaged' | 'emptied';

const BY_CODE: Record<string, StorageFaultKind> = {
  SQLITE_FULL: 'disk-full',
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  SQLITE_READONLY: 'read-only',
  SQLITE_READONLY_DIRECTORY: 'read-only',
  SQLITE_CANTOPEN: 'read-only',
  SQLITE_IOERR_WRITE: 'read-only',
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  SQLITE_CORRUPT: 'damaged',
  SQLITE_NOTADB: 'damaged',
};

export function storageFaultKind(error: unknown): StorageFaultKind | undefined {
  if (error instanceof StoreProblem) return error.kind;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  // SQLite extended codes (SQLITE_CORRUPT_VTAB, SQLITE_READONLY_DBMOVED, …) share their base's meaning.
  return BY_CODE[code] ?? BY_CODE[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
}

/** The store cannot be used as it is; `kind` says why, the message says it plainly. */
export class StoreProblem extends Error {
  override name = 'StoreProblem';
  constructor(
    readonly kind: StorageFaultKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

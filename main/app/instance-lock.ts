import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds the data folder, written beside the lock so a second start can say how to reach it. */
export interface InstanceInfo {
  pid: number;
  /** The browser build's address (sign-in needs a one-time link from that process). */
  origin?: string;
}

export interface InstanceLock {
  /** Records how the running app can be reached, for a second start to print. */
  announce(info: Omit<InstanceInfo, 'pid'>): void;
  release(): void;
}

export type LockResult = { ok: true; lock: InstanceLock } | { ok: false; holder: InstanceInfo | undefined };

/**
 * One app per data folder. The lock is SQLite's exclusive lock on a small file: the operating
 * system drops it when the process ends however it ends (kill -9, power cut), so a stale lock
 * never keeps the app from starting.
 */
export function acquireInstanceLock(dataDir: string): LockResult {
  const lockFile = join(dataDir, 'instance.lock');
  const infoFile = join(dataDir, 'instance.json');
  const db = new Database(lockFile, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return { ok: false, holder: readInfo(infoFile) };
    throw error;
  }
  const write = (info: InstanceInfo): void => {
    try {
      writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
    } catch {
      // Only a courtesy for a second start (e.g. on a full disk): the lock itself is what matters.
    }
  };
  write({ pid: process.pid });
  return {
    ok: true,
    lock: {
      announce: (info) => write({ pid: process.pid, ...info }),
      release: () => {
        if (db.open) db.close();
      },
    },
  };
}

function readInfo(file: string): InstanceInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstanceInfo>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, ...(typeof parsed.origin === 'string' ? { origin: parsed.origin } : {}) };
  } catch {
    return undefined;
  }
}

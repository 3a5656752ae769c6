import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { MIGRATIONS, type Migration } from './migrations';
import { StoreProblem, storageFaultKind } from './storage-fault';
import { useWriteAheadLog } from './write-ahead-log';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
}

/**
 * Opens the workstation's SQLite file: WAL, synchronous=FULL so an audit record survives a
 * power cut, foreign keys on, and migrations applied up to the newest. A file that exists but is
 * empty or fails SQLite's quick check is refused before anything is written to it, so the
 * previous file is never overwritten; the file (and the WAL beside it) is readable by its user only.
 */
export function openDatabase(path: string, options: { logger?: Logger; migrations?: readonly Migration[]; readonly?: boolean } = {}): Db {
  const onDisk = path !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (existsSync(path) && statSync(path).size === 0) {
      throw new StoreProblem('emptied', `The data file ${path} is empty: its cases, bookings and audit trail are gone from it.`);
    }
  }
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: 5000 });
    if (onDisk) checkIntegrity(db, path);
    if (options.readonly !== true) {
      // SQLite gives the -wal and -shm files the mode of the database file.
      if (onDisk) chmodSync(path, 0o600);
      useWriteAheadLog(db);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, options.migrations ?? MIGRATIONS, options.logger);
    }
    return db;
  } catch (error) {
    if (db?.open === true) db.close();
    const kind = storageFaultKind(error);
    if (kind === undefined || error instanceof StoreProblem) throw error;
    throw new StoreProblem(kind, `The data file ${path} cannot be opened: ${(error as Error).message}`, { cause: error });
  }
}

/** PRAGMA quick_check: corrupt pages, broken indexes and out-of-order rows, without a full scan of every value. */
function checkIntegrity(db: Db, path: string): void {
  const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
  const findings = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (findings.length > 0) {
    throw new StoreProblem('damaged', `The data file ${path} is damaged (${String(findings.length)} problem(s) found by SQLite's check).`);
  }
}

/** Runs pending migrations in order, each in its own transaction; refuses a database from a newer app. */
export function migrate(db: Db, migrations: readonly Migration[], logger?: Logger): number {
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= (migrations[i - 1]?.version ?? 0)) {
      throw new Error(`migration ${m.name} has version ${m.version}, not above the one before it`);
    }
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new DatabaseTooNewError(`the data file is from a newer version of the app (schema ${current}, this app knows ${newest})`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
    logger?.info({ migration: m.name, version: m.version }, 'database migrated');
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** Closes cleanly, letting SQLite refresh its query-planner statistics first. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  if (!db.readonly) {
    try {
      db.pragma('optimize');
    } catch {
      // optimize writes statistics; on a full or read-only disk closing must still succeed.
    }
  }
  db.close();
}

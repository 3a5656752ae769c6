import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
}

/**
 * Opens the workstation's SQLite file: WAL, synchronous=FULL so an audit record survives a
 * power cut, foreign keys on, and migrations applied up to the newest.
 */
export function openDatabase(path: string, options: { logger?: Logger; migrations?: readonly Migration[]; readonly?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, timeout: 5000 });
  if (options.readonly !== true) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS, options.logger);
  }
  return db;
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
  if (!db.readonly) db.pragma('optimize');
  db.close();
}

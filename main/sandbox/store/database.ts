/**
 * The sandbox's SQLite state: slots and every Appointment version. Numbered migrations tracked
 * in `user_version`; a database from a newer sandbox is refused rather than misread.
 */
import Database from 'better-sqlite3';
import { useWriteAheadLog } from '../../db/write-ahead-log';

const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE slot (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL,
        schedule_id TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('free', 'busy')),
        channel TEXT
      );
      CREATE INDEX slot_by_service_start ON slot (service_id, start_ms);
      CREATE TABLE appointment (
        id TEXT PRIMARY KEY,
        provider_key TEXT NOT NULL,
        service_id TEXT NOT NULL,
        slot_id TEXT NOT NULL REFERENCES slot (id),
        request_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        UNIQUE (provider_key, request_id)
      );
      CREATE TABLE appointment_version (
        appointment_id TEXT NOT NULL REFERENCES appointment (id),
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        PRIMARY KEY (appointment_id, version)
      );
    `,
  },
];

export type SandboxDb = Database.Database;

export function openDatabase(path: string): SandboxDb {
  const db = new Database(path);
  if (path !== ':memory:') useWriteAheadLog(db);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    throw new Error(`Sandbox database ${path} is version ${current}; this sandbox knows up to ${latest}`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    // Two desks may share one sandbox file (sandbox.providerPath) and start together: take the
    // write lock first, then look again, so only one of them applies each migration.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return db;
}

export function closeDatabase(db: SandboxDb): void {
  if (!db.open) return;
  db.pragma('optimize');
  db.close();
}

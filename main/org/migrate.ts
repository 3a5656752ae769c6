import type postgres from 'postgres';
import { ORG_MIGRATIONS, type OrgMigration } from './migrations';

export class OrgSchemaTooNewError extends Error {
  override name = 'OrgSchemaTooNewError';
}

/** Any fixed number: only one `org:migrate` may run at a time against a record. */
const MIGRATION_LOCK = 0x62770001;

/** The server ended the session (terminated, shut down, crashed) or the socket is gone: it has rolled back by itself. */
export function sessionLost(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return /^(57P0[123]|08...)$/.test(code) || ['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'EPIPE'].includes(code);
}

/**
 * What `sql.begin` does, minus its one fatal path: when the session dies mid-transaction,
 * postgres.js writes its own ROLLBACK to the closed socket from a setImmediate, and the
 * TypeError that follows is thrown where no caller can catch it (porsager/postgres#1208):
 * `org:migrate` crashed with a stack instead of saying the connection was lost. Here ROLLBACK
 * is sent only while the session lives, and a dead connection is not handed back to the pool
 * (the pool retires it itself when it sees the close).
 */
async function inTransaction<T>(sql: postgres.Sql, fn: (tx: postgres.ReservedSql) => Promise<T>): Promise<T> {
  const tx = await sql.reserve();
  let alive = true;
  try {
    await tx`BEGIN`;
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      alive = !sessionLost(error);
      if (alive) await tx`ROLLBACK`;
      throw error;
    }
    await tx`COMMIT`;
    return result;
  } catch (error) {
    alive &&= !sessionLost(error);
    throw error;
  } finally {
    if (alive) tx.release();
  }
}

/**
 * Applies pending organisation-record migrations in order, each in its own transaction, under an
 * advisory lock; then makes sure audit partitions exist for the months around `now`.
 */
export async function migrateOrg(
  sql: postgres.Sql,
  options: { migrations?: readonly OrgMigration[]; now?: Date; monthsBack?: number; monthsAhead?: number } = {},
): Promise<{ applied: string[]; version: number; partitionsMade: number }> {
  const migrations = options.migrations ?? ORG_MIGRATIONS;
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= (migrations[i - 1]?.version ?? 0)) throw new Error(`org migration ${m.name} is not above the one before it`);
  });
  const applied: string[] = [];
  const partitionsMade = await inTransaction(sql, async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    // Once migration 004 has made bw_admin the schema's owner, everything is created as bw_admin,
    // whether a superuser or an admin login runs this.
    const [admin] = await tx<{ member: boolean }[]>`
      SELECT CASE WHEN to_regrole('bw_admin') IS NULL THEN false ELSE pg_has_role(current_user, 'bw_admin', 'MEMBER') END AS member`;
    if (admin?.member === true) await tx`SET LOCAL ROLE bw_admin`;
    await tx`CREATE TABLE IF NOT EXISTS org_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const [row] = await tx<{ v: number }[]>`SELECT coalesce(max(version), 0)::int AS v FROM org_schema_migrations`;
    const current = row?.v ?? 0;
    const newest = migrations.at(-1)?.version ?? 0;
    if (current > newest) throw new OrgSchemaTooNewError(`the organisation record is from a newer version of the app (schema ${String(current)}, this app knows ${String(newest)})`);
    for (const m of migrations) {
      if (m.version <= current) continue;
      await tx.unsafe(m.up);
      await tx`INSERT INTO org_schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      applied.push(m.name);
    }
    const now = options.now ?? new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (options.monthsBack ?? 24), 1));
    const months = (options.monthsBack ?? 24) + (options.monthsAhead ?? 12) + 1;
    const [made] = await tx<{ n: number }[]>`SELECT bw_ensure_audit_partitions(${first.toISOString().slice(0, 10)}::date, ${months}) AS n`;
    return made?.n ?? 0;
  });
  return { applied, version: migrations.at(-1)?.version ?? 0, partitionsMade };
}

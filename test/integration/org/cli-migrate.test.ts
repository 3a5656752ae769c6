import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type postgres from 'postgres';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../main/org/local-cluster';
import { ORG_MIGRATIONS } from '../../../main/org/migrations';
import { shouldRunPostgresTests, startTestPostgres, type TestPostgres } from '../../support/postgres';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The same lock migrateOrg takes (main/org/migrate.ts). */
const MIGRATION_LOCK = 0x62770001;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run org:migrate` as an admin runs it: its own process, settings by path, the password only in env. */
function orgMigrate(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const inherited = { ...process.env };
    // The admin overrides of whoever runs the tests must not leak into the command under test.
    delete inherited.BW_ORG_ADMIN_USER;
    delete inherited.BW_ORG_ADMIN_PASSWORD_REF;
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['main/org/cli-migrate.ts'], { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A crash, rather than a handled failure, shows as a stack or a TypeError. */
const plain = (text: string): void => {
  expect(text).not.toMatch(/TypeError|^\s+at /m);
};

describe.runIf(shouldRunPostgresTests())('npm run org:migrate as a child process against a real PostgreSQL', () => {
  let pg: TestPostgres;
  let admin: postgres.Sql;
  let dir: string;
  const settingsFor = (name: string, org: Record<string, unknown>): string => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ mode: 'sandbox', org }));
    return file;
  };
  const orgAt = (port: number): Record<string, unknown> => ({ url: `postgres://127.0.0.1:${String(port)}/postgres`, user: 'postgres', passwordRef: 'env:BW_TEST_ADMIN_PW', sslmode: 'disable' });
  const envFor = (settings: string, password: string): NodeJS.ProcessEnv => ({ BOOKING_WORKSTATION_SETTINGS: settings, BW_TEST_ADMIN_PW: password });

  beforeAll(async () => {
    pg = await startTestPostgres();
    admin = pg.admin();
    dir = mkdtempSync(join(tmpdir(), 'bw-org-migrate-'));
  });
  afterAll(async () => {
    await pg.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh record gets every migration; run again, nothing is applied and it still succeeds', { timeout: 60_000 }, async () => {
    const env = envFor(settingsFor('good', orgAt(pg.port)), pg.superuserPassword);
    const first = await orgMigrate(env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const newest = ORG_MIGRATIONS.at(-1)?.version ?? 0;
    expect(first.stdout).toContain(`Organisation record at schema ${String(newest)}; applied: ${ORG_MIGRATIONS.map((m) => m.name).join(', ')};`);
    const [row] = await admin<{ v: number }[]>`SELECT max(version)::int AS v FROM org_schema_migrations`;
    expect(row?.v).toBe(newest);

    const again = await orgMigrate(env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Organisation record at schema ${String(newest)}; applied: none; new month partitions: 0`);
  });

  it('the session killed mid-migration (porsager/postgres#1208 path): a plain message and exit 1, not a crash in postgres.js', { timeout: 60_000 }, async () => {
    const env = envFor(settingsFor('good', orgAt(pg.port)), pg.superuserPassword);
    // Another migration holds the lock, so this one waits inside its transaction until we end its session.
    const holder = await admin.reserve();
    await holder`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      const running = orgMigrate(env);
      let waiting: { pid: number }[] = [];
      while (waiting.length === 0) {
        await sleep(50);
        waiting = await admin<{ pid: number }[]>`
          SELECT pid FROM pg_stat_activity WHERE application_name = 'booking-workstation' AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`;
      }
      await admin`SELECT pg_terminate_backend(${waiting[0]?.pid ?? 0})`;
      const run = await running;
      plain(run.stderr);
      expect(run.stderr.trim()).toBe(`org:migrate: the connection to 127.0.0.1:${String(pg.port)} was lost during the migration; nothing of it was committed. Run it again.`);
      expect(run.code).toBe(1);
    } finally {
      await holder`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
      holder.release();
    }
  });

  it('nothing listening on the port: a plain message naming the address, exit 1', { timeout: 60_000 }, async () => {
    const port = await freeLoopbackPort();
    const run = await orgMigrate(envFor(settingsFor('unreachable', orgAt(port)), 'whatever'));
    plain(run.stderr);
    expect(run.stderr.trim()).toBe(`org:migrate: cannot reach the organisation record at 127.0.0.1:${String(port)} (ECONNREFUSED). Is PostgreSQL running there, and is org.url right?`);
    expect(run.code).toBe(1);
  });

  it('a wrong password: the login is named as refused, exit 1', { timeout: 60_000 }, async () => {
    const run = await orgMigrate(envFor(settingsFor('good', orgAt(pg.port)), 'not-the-password'));
    plain(run.stderr);
    expect(run.stderr).toMatch(/^org:migrate: the organisation record at 127\.0\.0\.1:\d+ refused the login "postgres"/);
    expect(run.code).toBe(1);
  });

  it('settings that fail validation, or a password reference that cannot be read: the problem, exit 2', { timeout: 60_000 }, async () => {
    const badUrl = await orgMigrate(envFor(settingsFor('bad-url', { ...orgAt(pg.port), url: 'postgres://admin:pw@127.0.0.1/postgres' }), 'x'));
    plain(badUrl.stderr);
    expect(badUrl.stderr).toMatch(/^org:migrate: the settings file .*bad-url\.json is not usable:\n {2}org\.url: must be postgres:\/\/host:port\/database, without credentials/);
    expect(badUrl.code).toBe(2);

    const unset = await orgMigrate({ BOOKING_WORKSTATION_SETTINGS: settingsFor('good', orgAt(pg.port)), BW_TEST_ADMIN_PW: '' });
    plain(unset.stderr);
    expect(unset.stderr.trim()).toBe('org:migrate: the admin password cannot be read: secret env:BW_TEST_ADMIN_PW: environment variable is not set');
    expect(unset.code).toBe(2);
  });
});

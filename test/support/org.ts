import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../main/app/create-app';
import { silentLogger } from '../../main/log/logger';
import { AuditStore } from '../../main/audit';
import { migrateOrg } from '../../main/org/migrate';
import type { PusherOptions } from '../../main/org/pusher';
import type { Clock } from '../../main/workflow/clock';
import type { OrgStatus } from '../../preload/contract';
import { startTestPostgres, type TestPostgres } from './postgres';

export const ORG = 'X99999';
export const DESK_LOGIN = 'desk_login';
export const DESK_PASSWORD = 'desk-password-for-tests';
export const PASSWORD_ENV = 'BW_TEST_ORG_PASSWORD';

/** Runs the organisation-record migrations and makes a desk login (bound to workstations by `registerDesk`). */
export async function prepareOrg(pg: TestPostgres): Promise<postgres.Sql> {
  const admin = pg.admin();
  await migrateOrg(admin);
  await admin.unsafe(`CREATE ROLE ${DESK_LOGIN} LOGIN PASSWORD '${DESK_PASSWORD}' IN ROLE bw_workstation`);
  return admin;
}

/** What the admin does when a desk joins: the login may write that workstation's rows of the organisation. */
export async function registerDesk(pg: TestPostgres, workstation: string, login = DESK_LOGIN): Promise<void> {
  const admin = pg.admin();
  try {
    await admin`INSERT INTO desk_logins (login, org, workstation) VALUES (${login}, ${ORG}, ${workstation}) ON CONFLICT DO NOTHING`;
  } finally {
    await admin.end({ timeout: 2 });
  }
}

export interface DeskOptions {
  dataDir?: string;
  workstation?: string;
  org?: Record<string, unknown>;
  pusher?: PusherOptions;
  /** One sandbox Provider file shared by several desks (settings `sandbox.providerPath`). */
  sandboxProviderPath?: string;
  /** Users sign in with the sandbox's CIS2 stand-in (see signInDesk) instead of the typed profile. */
  cis2?: boolean;
  /** The desk's own clock (real desks' clocks drift apart); the machine's by default. */
  clock?: Clock;
}

/** A sandbox-mode app (its own data folder) whose organisation record is `pg`. */
export async function startDesk(pg: TestPostgres, options: DeskOptions = {}): Promise<App & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bw-desk-'));
  const workstation = options.workstation ?? 'DESK-A';
  // A desk started while the server is down was registered beforehand (or is meant to be refused).
  if (pg.running()) await registerDesk(pg, workstation);
  const settingsFile = join(dataDir, 'settings.json');
  process.env[PASSWORD_ENV] = DESK_PASSWORD;
  const org = options.org ?? { url: `postgres://127.0.0.1:${String(pg.port)}/postgres`, user: DESK_LOGIN, passwordRef: `env:${PASSWORD_ENV}`, sslmode: 'disable' };
  const sandbox = options.sandboxProviderPath === undefined ? {} : { sandbox: { providerPath: options.sandboxProviderPath } };
  writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', org, ...sandbox }));
  const app = await createApp({
    dataDir,
    settingsFile,
    logger: silentLogger(),
    workstation,
    orgPusher: { idleMs: 20, minBackoffMs: 20, maxBackoffMs: 200, batchSize: 500, ...options.pusher },
    ...(options.cis2 === true ? { cis2SignIn: true } : {}),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return Object.assign(app, { dataDir });
}

export function orgStatus(app: App): OrgStatus {
  const status = app.org?.status();
  if (status === undefined) throw new Error('this app has no organisation record');
  return status;
}

/** Waits (polling the status the shell shows) until the outbox is empty and uploaded. */
export async function uploaded(app: App, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (orgStatus(app).state !== 'up-to-date') {
    if (Date.now() > deadline) throw new Error(`still not uploaded: ${JSON.stringify(orgStatus(app))}`);
    await sleep(20);
  }
}

export async function waitForState(app: App, state: OrgStatus['state'], timeoutMs = 20_000): Promise<OrgStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = orgStatus(app);
    if (status.state === state) return status;
    if (Date.now() > deadline) throw new Error(`never reached ${state}: ${JSON.stringify(status)}`);
    await sleep(20);
  }
}

export interface DeskCounts {
  audit: number;
  cases: number;
  bookings: number;
}

/** Rows of this desk's SQLite file and of its chain in the organisation record. */
export async function counts(app: App, admin: postgres.Sql): Promise<{ local: DeskCounts; central: DeskCounts }> {
  const db = app.db;
  if (db === undefined || app.org === undefined) throw new Error('desk expected');
  const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
  const chain = app.org.outbox.chainId();
  const local = {
    audit: n('SELECT count(*) AS n FROM audit_events'),
    cases: n('SELECT count(*) AS n FROM cases'),
    bookings: n('SELECT count(*) AS n FROM bookings'),
  };
  const [a] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events WHERE chain_id = ${chain}`;
  const [c] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE chain_id = ${chain}`;
  const [b] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM bookings b JOIN cases c ON c.org = b.org AND c.id = b.case_id WHERE c.chain_id = ${chain}`;
  return { local, central: { audit: a?.n ?? -1, cases: c?.n ?? -1, bookings: b?.n ?? -1 } };
}

/** The desk's own audit-chain key (a 0600 file in the data folder, as in the browser build). */
export function deskKey(desk: { dataDir: string }): Buffer {
  return Buffer.from(readFileSync(join(desk.dataDir, 'audit-chain.key'), 'utf8').trim(), 'hex');
}

/** Appends `count` audit events to the desk's own keyed chain in one commit; each still goes through the outbox trigger. */
export function appendAuditEvents(desk: App & { dataDir: string }, workstation: string, count: number): void {
  const db = desk.db;
  if (db === undefined) throw new Error('desk db');
  const audit = new AuditStore(db, { userId: 'bulk-user', workstation }, () => new Date(), { key: deskKey(desk), anchors: [], anchoring: false });
  db.transaction(() => {
    for (let i = 0; i < count; i++) audit.append({ type: 'test.bulk', outcome: 'ok', detail: { i } });
  })();
}

export type Desk = App & { dataDir: string };

export interface OrgRecordSuite {
  pg: TestPostgres;
  /** Superuser client; replace it after a restart of the server. */
  admin: postgres.Sql;
  /** Starts a desk that the suite closes at the end. */
  desk(workstation: string, options?: DeskOptions): Promise<Desk>;
  /** Forgets a desk the test closed itself. */
  forget(app: App): void;
}

/** Registers a suite's PostgreSQL with the organisation record migrated (call inside `describe`). */
export function orgRecordSuite(): OrgRecordSuite {
  const apps: App[] = [];
  /** The data folders the suite made (not those a test passed in): removed at the end. */
  const made: string[] = [];
  const suite = {
    desk: async (workstation: string, options: DeskOptions = {}) => {
      const app = await startDesk(suite.pg, { workstation, ...options });
      apps.push(app);
      if (options.dataDir === undefined) made.push(app.dataDir);
      return app;
    },
    forget: (app: App) => {
      apps.splice(apps.indexOf(app), 1);
    },
  } as OrgRecordSuite;
  beforeAll(async () => {
    suite.pg = await startTestPostgres();
    suite.admin = await prepareOrg(suite.pg);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await suite.pg.destroy();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return suite;
}

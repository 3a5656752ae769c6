/**
 * `npm run org:dev [-- --dir <folder>]`: a throwaway organisation record for trying two desks on
 * one machine. Starts a local PostgreSQL cluster (Debian's postgresql; as the unprivileged user
 * `bwpg` when run as root) in `<folder>/postgres`, applies the migrations, makes a desk login,
 * writes a settings file for desk A and desk B (the same record and one shared sandbox Provider)
 * and prints the two commands to run. Ctrl-C stops PostgreSQL; run it again to carry on with the same data.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { defaultDataDir, DEFAULT_SETTINGS } from '../config';
import { freeLoopbackPort, localCluster, PG_BIN, postgresInstalled } from './local-cluster';

/** The two trial desks' workstation names. */
const DEV_DESKS = ['DESK-A', 'DESK-B'] as const;
import { migrateOrg } from './migrate';

const DESK_LOGIN = 'bw_dev_desk';

interface DevState {
  port: number;
  superuserPassword: string;
  deskPassword: string;
}

/** The cluster's port and passwords survive a restart of the script, so the desks' settings stay right. */
async function loadState(dir: string): Promise<DevState> {
  const file = join(dir, 'org-dev.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevState;
  const state: DevState = { port: await freeLoopbackPort(), superuserPassword: randomBytes(18).toString('base64url'), deskPassword: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  return state;
}

function writeDesk(dir: string, name: string, settings: Record<string, unknown>): string {
  const deskDir = join(dir, name);
  mkdirSync(deskDir, { recursive: true, mode: 0o700 });
  const file = join(deskDir, 'settings.json');
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  return deskDir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const dir = resolve(values.dir ?? join(defaultDataDir(), 'org-dev'));
  if (!postgresInstalled()) {
    console.error(`PostgreSQL 15 is not installed (${PG_BIN}). On Debian or Ubuntu: sudo apt-get install postgresql`);
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  // PostgreSQL runs as `bwpg` when we are root: it must pass through this folder to its own (nothing here is listable).
  chmodSync(dir, 0o711);
  const state = await loadState(dir);
  const cluster = localCluster({ dir: join(dir, 'postgres'), port: state.port, superuserPassword: state.superuserPassword });
  await cluster.start();
  const admin = postgres({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres', max: 1, onnotice: () => undefined });
  const org = DEFAULT_SETTINGS.organisation.odsCode;
  try {
    const migrated = await migrateOrg(admin);
    await admin.unsafe(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DESK_LOGIN}') THEN CREATE ROLE ${DESK_LOGIN} LOGIN IN ROLE bw_workstation; END IF;
    END $$`);
    // Identifiers and values cannot be bound in ALTER ROLE; both are ours (a fixed name, base64url text).
    await admin.unsafe(`ALTER ROLE ${DESK_LOGIN} PASSWORD '${state.deskPassword}'`);
    // The login may add DESK-A's and DESK-B's facts (migrations 004, 008), and, on this trial record
    // only, read the organisation's reports; a real desk login gets bw_reporting only if IT says so.
    for (const workstation of DEV_DESKS) {
      await admin`INSERT INTO desk_logins (login, org, workstation) VALUES (${DESK_LOGIN}, ${org}, ${workstation}) ON CONFLICT DO NOTHING`;
    }
    await admin.unsafe(`GRANT bw_reporting TO ${DESK_LOGIN}`);
    console.log(`Organisation record: PostgreSQL on 127.0.0.1:${String(cluster.port)} (schema ${String(migrated.version)}), data in ${cluster.dataDir}`);
  } finally {
    await admin.end({ timeout: 2 });
  }

  const passwordFile = join(dir, 'desk-login.secret');
  writeFileSync(passwordFile, state.deskPassword, { mode: 0o600 });
  const shared = {
    mode: 'sandbox',
    org: { url: `postgres://127.0.0.1:${String(cluster.port)}/postgres`, user: DESK_LOGIN, passwordRef: `file:${passwordFile}`, sslmode: 'disable' },
    sandbox: { providerPath: join(dir, 'shared-sandbox-provider.sqlite') },
  };
  const desks = DEV_DESKS.map((label) => ({ label, dir: writeDesk(dir, label.toLowerCase(), shared) }));
  console.log('\nIn two more terminals, start the two desks (browser build; each prints its sign-in link):\n');
  for (const desk of desks) {
    console.log(`  ${desk.label}:  npm run start:web -- --data-dir ${desk.dir} --settings ${join(desk.dir, 'settings.json')} --workstation ${desk.label}`);
  }
  console.log('\nBook on DESK-A, then on DESK-B use "Find a booking" (NHS number, or family name with date of birth): open it, cancel it.');
  console.log('Press Ctrl-C here to stop PostgreSQL (the desks keep working on their own and upload when it is back).');

  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  console.log('\nStopping PostgreSQL…');
  await cluster.stop();
  console.log('Stopped. Run npm run org:dev again to carry on with the same record.');
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`org:dev failed: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);

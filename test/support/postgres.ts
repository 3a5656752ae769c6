import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freeLoopbackPort, localCluster, PG_BIN, postgresInstalled, type LocalCluster } from '../../main/org/local-cluster';
import { makeTestPki, type TestPki } from './slapd';

/**
 * A real PostgreSQL per suite: initdb in a temp folder, `postgres` on a free loopback port
 * (as an unprivileged user when the tests run as root), stopped and removed afterwards.
 */
export interface TestPostgres extends LocalCluster {
  dir: string;
  /** Present when started with TLS: the CA that signed the server's certificate (SAN 127.0.0.1). */
  pki?: TestPki;
  /** A superuser client over the unix socket (trust), for setting up and counting rows. */
  admin(): postgres.Sql;
  /** Kills the server as a crash would (immediate shutdown: sessions cut, no checkpoint, WAL recovery at the next start). */
  crash(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

/**
 * Whether the PostgreSQL suites run: with Debian's postgresql, yes; without it, skip with a
 * message, except under CI=true where a missing PostgreSQL must fail the run (startTestPostgres throws).
 */
export function shouldRunPostgresTests(): boolean {
  if (postgresInstalled() || process.env.CI === 'true') return true;
  console.warn(`SKIPPED: organisation-record tests need Debian's PostgreSQL 15 (${PG_BIN}); apt-get install postgresql to run them.`);
  return false;
}

export async function startTestPostgres(options: { tls?: boolean } = {}): Promise<TestPostgres> {
  if (!postgresInstalled()) throw new Error(`PostgreSQL is not installed (${PG_BIN}); the organisation-record tests cannot run`);
  const dir = mkdtempSync(join(tmpdir(), 'bw-pg-'));
  let pki: TestPki | undefined;
  if (options.tls === true) {
    mkdirSync(join(dir, 'pki'));
    pki = await makeTestPki(join(dir, 'pki'));
  }
  const cluster = localCluster({
    dir,
    port: await freeLoopbackPort(),
    superuserPassword: 'test-superuser-password',
    ...(pki ? { tls: { certFile: pki.serverCert, keyFile: pki.serverKey } } : {}),
  });
  await cluster.start();
  const clients: postgres.Sql[] = [];
  return {
    ...cluster,
    dir,
    ...(pki ? { pki } : {}),
    admin: () => {
      const sql = postgres({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres', max: 4, onnotice: () => undefined });
      clients.push(sql);
      return sql;
    },
    crash: async () => {
      const pid = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGQUIT');
      while (cluster.running()) await sleep(20);
    },
    destroy: async () => {
      // Stopping the server ends every session; a client's own end() can wait on a session a restart already killed.
      await cluster.stop();
      await Promise.all(clients.map((c) => c.end({ timeout: 0 })));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

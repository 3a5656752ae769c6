import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster on loopback, for the tests and `npm run org:dev`.
 * PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to an
 * unprivileged user (created if missing) and every server process runs as that user.
 */

export const PG_BIN = process.env.BW_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_UNPRIVILEGED_USER = 'bwpg';

export interface ClusterTls {
  certFile: string;
  keyFile: string;
}

export interface LocalClusterOptions {
  /** Folder that holds the cluster (data/ and the socket); created if missing. */
  dir: string;
  /** Password of the `postgres` superuser for TCP logins. */
  superuserPassword: string;
  port?: number;
  /** When given, the server listens with TLS and refuses plain TCP logins. */
  tls?: ClusterTls;
}

export interface LocalCluster {
  host: string;
  port: number;
  socketDir: string;
  dataDir: string;
  superuser: string;
  superuserPassword: string;
  /** Starts (again) after a stop; the data survives. */
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
}

export function postgresInstalled(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'postgres'));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ids(user: string): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Creates the unprivileged user PostgreSQL runs as when we are root. */
export function ensureUnprivilegedUser(): { uid: number; gid: number } {
  const probe = spawnSync('id', ['-u', PG_UNPRIVILEGED_USER], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_UNPRIVILEGED_USER], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`could not create the user ${PG_UNPRIVILEGED_USER} for PostgreSQL: ${made.stderr.trim()}`);
  }
  return ids(PG_UNPRIVILEGED_USER);
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), uid, gid);
}

/** The command line that runs a PostgreSQL binary, as the unprivileged user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, binary);
  if (!isRoot()) return [path, args];
  return ['setpriv', [`--reuid=${PG_UNPRIVILEGED_USER}`, `--regid=${PG_UNPRIVILEGED_USER}`, '--init-groups', '--', path, ...args]];
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function initCluster(options: LocalClusterOptions, dataDir: string, socketDir: string): void {
  mkdirSync(options.dir, { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  const pwfile = join(options.dir, 'superuser.pw');
  writeFileSync(pwfile, options.superuserPassword, { mode: 0o600 });
  if (isRoot()) {
    const { uid, gid } = ensureUnprivilegedUser();
    chownTree(options.dir, uid, gid);
  }
  const [cmd, args] = command('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const result = spawnSync(cmd, args, { encoding: 'utf8', cwd: options.dir });
  if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr.trim() || result.stdout.trim()}`);
  const hba = options.tls
    ? ['local all all trust', 'hostssl all all 127.0.0.1/32 scram-sha-256', 'hostnossl all all 127.0.0.1/32 reject']
    : ['local all all trust', 'host all all 127.0.0.1/32 scram-sha-256'];
  writeFileSync(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);
  if (options.tls && isRoot()) {
    const { uid, gid } = ids(PG_UNPRIVILEGED_USER);
    chownSync(options.tls.keyFile, uid, gid);
    chownSync(options.tls.certFile, uid, gid);
  }
  if (options.tls) chmodSync(options.tls.keyFile, 0o600);
}

/** Creates the cluster if its folder is new, ready to start. */
export function localCluster(options: LocalClusterOptions & { port: number }): LocalCluster {
  const dataDir = join(options.dir, 'data');
  const socketDir = join(options.dir, 'socket');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initCluster(options, dataDir, socketDir);
  let child: ChildProcess | undefined;

  const serverArgs = [
    '-D',
    dataDir,
    '-h',
    '127.0.0.1',
    '-p',
    String(options.port),
    '-k',
    socketDir,
    '-c',
    'fsync=on',
    '-c',
    'max_connections=200',
    '-c',
    'logging_collector=off',
    ...(options.tls ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${options.tls.certFile}`, '-c', `ssl_key_file=${options.tls.keyFile}`] : []),
  ];

  return {
    host: '127.0.0.1',
    port: options.port,
    socketDir,
    dataDir,
    superuser: 'postgres',
    superuserPassword: options.superuserPassword,
    running: () => child !== undefined && child.exitCode === null,
    start: async () => {
      if (child !== undefined && child.exitCode === null) return;
      const [cmd, args] = command('postgres', serverArgs);
      const proc = spawn(cmd, args, { cwd: options.dir, stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      await new Promise<void>((resolve, reject) => {
        let log = '';
        const timer = setTimeout(() => reject(new Error(`postgres did not start in 30 s: ${log.slice(-800)}`)), 30_000);
        proc.stderr?.on('data', (chunk: Buffer) => {
          log += chunk.toString('utf8');
          if (log.includes('ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`postgres exited (${String(code)}) while starting: ${log.slice(-800)}`));
        });
      });
      // Keep draining its log so a chatty server never blocks on a full pipe.
      proc.stderr?.resume();
    },
    stop: async () => {
      const proc = child;
      if (proc === undefined || proc.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      // SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, nothing committed is lost.
      proc.kill('SIGINT');
      await exited;
    },
  };
}

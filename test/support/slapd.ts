import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA = fileURLToPath(new URL('../fixtures/sds/nhs-sds.schema', import.meta.url));

export interface SlapdHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Debian's slapd and slapadd are installed. */
export function slapdAvailable(): boolean {
  return existsSync(SLAPD) && existsSync(SLAPADD) && existsSync('/etc/ldap/schema/core.schema');
}

/**
 * Whether SDS tests should run: with slapd, yes; without it, skip with a message,
 * except under CI=true where a missing slapd must fail the run (startSlapd then throws).
 */
export function shouldRunSlapdTests(): boolean {
  if (slapdAvailable() || process.env.CI === 'true') return true;
  console.warn(`SKIPPED: SDS LDAP tests need Debian's slapd (${SLAPD}); install slapd and ldap-utils to run them.`);
  return false;
}

async function freePort(): Promise<number> {
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

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts slapd as the current user on a random loopback port, with the LDIF loaded (mdb backend). */
export async function startSlapd(ldif: string): Promise<SlapdHandle> {
  if (!slapdAvailable()) throw new Error(`slapd is not installed (${SLAPD}); the SDS tests cannot run`);
  const dir = mkdtempSync(join(tmpdir(), 'sds-slapd-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      `include ${SCHEMA}`,
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 10485760',
      'suffix "o=nhs"',
      'rootdn "cn=admin,o=nhs"',
      `directory ${data}`,
      'index objectClass eq',
      'index uniqueIdentifier,nhsMhsPartyKey,nhsMhsSvcIA eq',
      'access to * by * read',
      '',
    ].join('\n'),
  );
  const ldifPath = join(dir, 'data.ldif');
  writeFileSync(ldifPath, ldif);
  await promisify(execFile)(SLAPADD, ['-f', conf, '-l', ldifPath, '-q']);
  const port = await freePort();
  // -d keeps slapd in the foreground so the child is slapd itself and can be stopped by its pid.
  const child: ChildProcess = spawn(SLAPD, ['-h', `ldap://127.0.0.1:${port}/`, '-f', conf, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`slapd did not start: ${stderr.slice(-500)}`);
    }
    await sleep(50);
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    port,
    async stop(): Promise<void> {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

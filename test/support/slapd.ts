import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA = fileURLToPath(new URL('../fixtures/sds/nhs-sds.schema', import.meta.url));

/** PEM files for an LDAPS slapd: a throwaway CA, a server cert for 127.0.0.1 and a client cert. */
export interface TestPki {
  caFile: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A second CA that signed nothing here: a client trusting only it must fail verification. */
  otherCaCert: string;
}

const run = promisify(execFile);

/** Makes a throwaway PKI with openssl in `dir` (test only). */
export async function makeTestPki(dir: string): Promise<TestPki> {
  const f = (name: string): string => join(dir, name);
  const ca = async (name: string): Promise<void> => {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.pem`), '-days', '1', '-subj', `/CN=${name}`]);
  };
  const leaf = async (name: string, ext: string): Promise<void> => {
    writeFileSync(f(`${name}.ext`), ext);
    await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`]);
    await run('openssl', ['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '1', '-extfile', f(`${name}.ext`)]);
  };
  await ca('ca');
  await ca('other-ca');
  await leaf('server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await leaf('client', 'extendedKeyUsage=clientAuth\n');
  const read = (name: string): string => readFileSync(f(name), 'utf8');
  return {
    caFile: f('ca.pem'),
    caCert: read('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    otherCaCert: read('other-ca.pem'),
  };
}

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

/**
 * Starts slapd as the current user on a random loopback port, with the LDIF loaded (mdb backend).
 * With `tls` it listens on ldaps:// and demands a client certificate signed by the test CA.
 */
export async function startSlapd(ldif: string, pki?: TestPki): Promise<SlapdHandle> {
  if (!slapdAvailable()) throw new Error(`slapd is not installed (${SLAPD}); the SDS tests cannot run`);
  const dir = mkdtempSync(join(tmpdir(), 'sds-slapd-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const conf = join(dir, 'slapd.conf');
  const tlsGlobal =
    pki === undefined
      ? []
      : [`TLSCACertificateFile ${pki.caFile}`, `TLSCertificateFile ${pki.serverCert}`, `TLSCertificateKeyFile ${pki.serverKey}`, 'TLSVerifyClient demand'];
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      `include ${SCHEMA}`,
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      'modulepath /usr/lib/ldap',
      ...tlsGlobal,
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
  await run(SLAPADD, ['-f', conf, '-l', ldifPath, '-q']);
  const port = await freePort();
  const scheme = pki === undefined ? 'ldap' : 'ldaps';
  // -d keeps slapd in the foreground so the child is slapd itself and can be stopped by its pid.
  const child: ChildProcess = spawn(SLAPD, ['-h', `${scheme}://127.0.0.1:${port}/`, '-f', conf, '-d', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    url: `${scheme}://127.0.0.1:${port}`,
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

/** Every file a settings file names is checked at start, by kind and by content, and named on the configuration screen. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../main/app/create-app';
import { loadSettings, settingsFileProblems, type Settings } from '../../main/config';
import { silentLogger } from '../../main/log/logger';
import { connectOrg, OrgConfigError } from '../../main/org/connection';
import { unreachableLiveSettings } from '../support/live-settings';

const dir = mkdtempSync(join(tmpdir(), 'bw-file-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const path = (name: string): string => join(dir, name);
function selfSigned(name: string, encryptWith?: string): void {
  const keyArgs = encryptWith === undefined ? ['-nodes'] : ['-passout', `pass:${encryptWith}`];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', ...keyArgs, '-subj', `/CN=${name}.test`, '-days', '1', '-keyout', path(`${name}.key`), '-out', path(`${name}.crt`)], { stdio: 'ignore' });
}
selfSigned('desk');
selfSigned('other');
selfSigned('locked', 'right horse battery');
const fifo = path('pipe');
execFileSync('mkfifo', [fifo]);
writeFileSync(path('empty.pem'), '');
writeFileSync(path('notes.txt'), 'this is the certificate, ask Dave\n');
writeFileSync(path('ca-with-key.pem'), readFileSync(path('desk.crt'), 'utf8') + readFileSync(path('desk.key'), 'utf8'));
mkdirSync(path('folder'));

const live = unreachableLiveSettings(
  { certPath: path('desk.crt'), keyPath: path('desk.key'), caPath: path('other.crt'), cis2KeyPath: path('desk.key') },
  'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
);
const bars = {
  proxyBaseUrl: 'https://int.api.service.nhs.uk/booking-and-referral/FHIR/R4',
  tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
  apiKeyRef: 'env:BARS_API_KEY',
  keyId: 'bw-int-1',
  privateKeyPath: path('other.key'),
  sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001',
};
const org = { url: 'postgres://127.0.0.1:9/postgres', user: 'desk', passwordRef: 'env:BW_TEST_ORG', sslmode: 'verify-full', caPath: path('other.crt') };

let n = 0;
function settingsOf(raw: unknown): Settings {
  const file = path(`settings-${String((n += 1))}.json`);
  writeFileSync(file, JSON.stringify(raw));
  const loaded = loadSettings(file);
  if (!loaded.ok) throw new Error(`settings refused: ${JSON.stringify(loaded.problems)}`);
  return loaded.settings;
}
const problemsOf = (raw: unknown, env: NodeJS.ProcessEnv = {}): Record<string, string> =>
  Object.fromEntries(settingsFileProblems(settingsOf(raw), env).map((p) => [p.field, p.message]));

describe('files named in the settings, by kind', () => {
  it('accepts a complete, matching set of certificate, key and CA files', () => {
    expect(problemsOf({ ...live, org, bars })).toEqual({});
  });

  it('names an organisation CA and a BaRS key that are FIFOs, in sandbox mode as in live', () => {
    const found = problemsOf({ mode: 'sandbox', org: { ...org, caPath: fifo }, bars: { ...bars, privateKeyPath: fifo, apiKeyRef: `file:${path('folder')}` } });
    expect(found['org.caPath']).toContain('FIFO');
    expect(found['bars.privateKeyPath']).toContain('FIFO');
    expect(found['bars.apiKeyRef']).toContain('is not a regular file (it is a folder)');
  });

  // Every setting that names a file, each on its own, as the second adversarial run tried them: a
  // FIFO would hang whatever reads it (start-up, or every directory call), so each is named instead.
  const everyFile = {
    ...live,
    tls: { ...live.tls, keyPassphraseRef: `file:${path('notes.txt')}` },
    dos: { ...live.dos, passwordRef: `file:${path('notes.txt')}` },
    jwt: { signing: { alg: 'RS256', keyPath: path('desk.key'), passphraseRef: `file:${path('notes.txt')}` } },
    org: { ...org, passwordRef: `file:${path('notes.txt')}` },
    bars: { ...bars, apiKeyRef: `file:${path('notes.txt')}`, privateKeyPassphraseRef: `file:${path('notes.txt')}` },
    cis2: { ...live.cis2, privateKeyPassphraseRef: `file:${path('notes.txt')}` },
  };
  const FILE_SETTINGS = [
    'tls.certPath', 'tls.keyPath', 'tls.caPath', 'tls.keyPassphraseRef', 'dos.passwordRef',
    'jwt.signing.keyPath', 'jwt.signing.passphraseRef', 'org.caPath', 'org.passwordRef',
    'bars.privateKeyPath', 'bars.privateKeyPassphraseRef', 'bars.apiKeyRef', 'cis2.privateKeyPath', 'cis2.privateKeyPassphraseRef',
  ];
  it.each(FILE_SETTINGS)('names %s when it is a FIFO, without waiting on it', (field) => {
    const raw = structuredClone(everyFile) as Record<string, unknown>;
    const keys = field.split('.');
    const last = keys.pop() ?? '';
    const parent = keys.reduce((at, key) => at[key] as Record<string, unknown>, raw);
    parent[last] = last.endsWith('Ref') ? `file:${fifo}` : fifo;
    const found = problemsOf(raw);
    expect(found[field]).toContain('is not a regular file (it is a FIFO (named pipe))');
  });

  it('names a shared sandbox database that is a FIFO', () => {
    expect(problemsOf({ mode: 'sandbox', sandbox: { providerPath: fifo } })['sandbox.providerPath']).toContain('is not a regular file (it is a FIFO (named pipe))');
  });

  it('shows a BaRS key that is a FIFO on the configuration screen instead of waiting on every directory call', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-file-checks-app-'));
    try {
      const settingsFile = join(dataDir, 'settings.json');
      writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', bars: { ...bars, privateKeyPath: fifo } }));
      const app = await createApp({ dataDir, settingsFile, logger: silentLogger() });
      await app.close();
      expect(app.session.configProblems?.find((p) => p.field === 'bars.privateKeyPath')?.message).toContain('FIFO');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to read an organisation CA that is not a small regular file when connecting', () => {
    for (const caPath of [path('folder'), path('empty.pem')]) {
      expect(() => connectOrg({ url: 'postgres://127.0.0.1:9/postgres', user: 'desk', password: 'x', sslmode: 'verify-full', caPath })).toThrow(OrgConfigError);
    }
  });

  it('names a shared sandbox database that is a folder, in a missing folder, or not a database; a new one is fine', () => {
    const of = (providerPath: string) => problemsOf({ mode: 'sandbox', sandbox: { providerPath } })['sandbox.providerPath'];
    expect(of(path('folder'))).toContain('is not a regular file (it is a folder)');
    expect(of(path('no-such-folder/provider.sqlite'))).toContain('does not exist');
    expect(of(path('notes.txt'))).toContain('is not a SQLite database');
    expect(of(path('folder/new-provider.sqlite'))).toBeUndefined();
  });

  it('names a shared sandbox database that is a folder at start, rather than exiting with a disk error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-file-checks-sandbox-'));
    try {
      const settingsFile = join(dataDir, 'settings.json');
      writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', sandbox: { providerPath: path('folder') } }));
      const app = await createApp({ dataDir, settingsFile, logger: silentLogger() });
      await app.close();
      expect(app.session.configProblems?.map((p) => p.field)).toEqual(['sandbox.providerPath']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('calls a 10 MB settings file too large to be a settings file', () => {
    const big = path('big-settings.json');
    writeFileSync(big, `{"mode":"sandbox","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    const loaded = loadSettings(big);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems[0]?.message).toContain('too large to be a settings file');
  });
});

describe('certificate and key contents, checked at start', () => {
  it('names an empty certificate and one that is not PEM', () => {
    expect(problemsOf({ ...live, tls: { ...live.tls, certPath: path('empty.pem') } })['tls.certPath']).toContain('is empty');
    expect(problemsOf({ ...live, tls: { ...live.tls, certPath: path('notes.txt') } })['tls.certPath']).toContain('must be a PEM certificate');
  });

  it('names a key that does not match its certificate, and swapped certificate and key', () => {
    expect(problemsOf({ ...live, tls: { ...live.tls, keyPath: path('other.key') } })['tls.keyPath']).toContain('does not match the certificate in tls.certPath');
    const swapped = problemsOf({ ...live, tls: { ...live.tls, certPath: path('desk.key'), keyPath: path('desk.crt') } });
    expect(swapped['tls.certPath']).toContain('holds a private key, not a certificate');
    expect(swapped['tls.keyPath']).toContain('holds a certificate, not a private key');
  });

  it('names a CA file that holds a private key, for the Spine CA and the organisation CA', () => {
    const found = problemsOf({ ...live, tls: { ...live.tls, caPath: path('ca-with-key.pem') }, org: { ...org, caPath: path('ca-with-key.pem') } });
    expect(found['tls.caPath']).toContain('holds a private key');
    expect(found['org.caPath']).toContain('holds a private key');
  });

  it('names a BaRS or JWT signing key that is not a key', () => {
    const found = problemsOf({ ...live, bars: { ...bars, privateKeyPath: path('desk.crt') }, jwt: { signing: { alg: 'RS256', keyPath: path('notes.txt') } } });
    expect(found['bars.privateKeyPath']).toContain('holds a certificate, not a private key');
    expect(found['jwt.signing.keyPath']).toContain('must be a PEM private key');
  });

  it('names a CIS2 client key that is not a key, or not there, as it does the other keys', () => {
    expect(problemsOf({ ...live, cis2: { ...live.cis2, privateKeyPath: path('desk.crt') } })['cis2.privateKeyPath']).toContain('holds a certificate, not a private key');
    expect(problemsOf({ ...live, cis2: { ...live.cis2, privateKeyPath: path('absent.key') } })['cis2.privateKeyPath']).toContain('must name a readable');
  });

  it('opens a locked key with its passphrase, names a wrong one, and leaves a protected-store passphrase to the desktop app', () => {
    const locked = { ...live, tls: { ...live.tls, certPath: path('locked.crt'), keyPath: path('locked.key'), keyPassphraseRef: 'env:BW_TEST_PASS' } };
    expect(problemsOf(locked, { BW_TEST_PASS: 'right horse battery' })).toEqual({});
    const wrong = problemsOf(locked, { BW_TEST_PASS: 'wrong' });
    expect(wrong['tls.keyPath']).toContain('cannot be opened with the passphrase in tls.keyPassphraseRef');
    expect(JSON.stringify(wrong)).not.toContain('wrong');
    expect(problemsOf({ ...locked, tls: { ...locked.tls, keyPassphraseRef: 'safe:tls-pass' } })).toEqual({});
    const noPassphrase = problemsOf({ ...locked, tls: { ...live.tls, certPath: path('locked.crt'), keyPath: path('locked.key') } });
    expect(noPassphrase['tls.keyPath']).toContain('is locked by a passphrase: set tls.keyPassphraseRef');
  });

  it('shows a mismatched key on the configuration screen at start, naming the setting', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-file-checks-live-'));
    try {
      const settingsFile = join(dataDir, 'settings.json');
      copyFileSync(path('other.key'), join(dataDir, 'desk.key'));
      writeFileSync(settingsFile, JSON.stringify({ ...live, tls: { ...live.tls, keyPath: join(dataDir, 'desk.key') } }));
      const app = await createApp({ dataDir, settingsFile, logger: silentLogger() });
      await app.close();
      expect(app.session.configProblems?.map((p) => p.field)).toEqual(['tls.keyPath']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

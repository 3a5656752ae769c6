import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../main/app/create-app';
import { REDACTED_PATHS } from '../../main/log/logger';
import { unreachableLiveSettings } from '../support/live-settings';

const dir = mkdtempSync(join(tmpdir(), 'bw-settings-start-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=w.test', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
const fifo = join(dir, 'cert.fifo');
execFileSync('mkfifo', [fifo]);

const live = unreachableLiveSettings(
  { certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem'), caPath: join(dir, 'cert.pem'), cis2KeyPath: join(dir, 'key.pem') },
  'https://cis2.example.nhs.uk/oidc',
);

/** Starts the app on these settings with a logger that keeps every line, as the log file would. */
async function startWith(settings: unknown) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-settings-data-'));
  const file = join(dataDir, 'settings.json');
  writeFileSync(file, typeof settings === 'string' ? settings : JSON.stringify(settings));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const app = await createApp({ dataDir, settingsFile: file, logger });
  const problems = Object.fromEntries((app.session.configProblems ?? []).map((p) => [p.field, p.message]));
  await app.close();
  return { problems, log: lines.join('') };
}

describe('settings that would hang or crash start-up', () => {
  it('name a FIFO, a device and a missing certificate file each on the configuration screen, without hanging', async () => {
    const { problems } = await startWith({
      ...live,
      tls: { certPath: fifo, keyPath: '/dev/zero', caPath: join(dir, 'missing-ca.pem') },
      jwt: { signing: { alg: 'RS256', keyPath: join(dir, 'missing-signing.key') } },
    });
    expect(problems['tls.certPath']).toContain('is not a regular file (it is a FIFO (named pipe))');
    expect(problems['tls.keyPath']).toContain('it is a device');
    expect(problems['tls.caPath']).toContain('does not exist');
    expect(problems['jwt.signing.keyPath']).toContain('does not exist');
  });

  it('names a secret file that is a FIFO, and a settings file that is one', async () => {
    const { problems } = await startWith({ ...live, dos: { ...live.dos, passwordRef: `file:${fifo}` } });
    expect(problems['dos.passwordRef']).toContain('FIFO');
    const dataDir = mkdtempSync(join(tmpdir(), 'bw-settings-fifo-'));
    const app = await createApp({ dataDir, settingsFile: fifo });
    expect(app.session.configProblems?.[0]?.message).toContain('FIFO');
    await app.close();
  });

  it('names an assessment timeframe of 1e15 minutes instead of failing every case', async () => {
    const { problems } = await startWith({ mode: 'sandbox', dispositions: [{ code: 'Dx05', text: 'x', timeframeMinutes: 1e15 }] });
    expect(problems['dispositions.0.timeframeMinutes']).toContain('at most 20160');
  });
});

describe('credentials inside a settings URL', () => {
  it('are a configuration problem for every URL setting, and never reach the log', async () => {
    const secret = 'S3cretPassw0rd';
    const { problems, log } = await startWith({
      ...live,
      dos: { ...live.dos, url: `https://bw:${secret}@dos.example.nhs.uk/app` },
      ssp: { baseUrl: `https://admin:${secret}@proxy.example.nhs.uk` },
      sds: { url: `ldaps://cn=admin:${secret}@ldap.example.nhs.uk` },
      itk: { endpointOverride: `https://u:${secret}@itk.example.nhs.uk/itk` },
      jwt: { issuer: `https://u:${secret}@issuer.example` },
    });
    for (const field of ['dos.url', 'ssp.baseUrl', 'sds.url', 'itk.endpointOverride', 'jwt.issuer']) {
      expect(problems[field]).toContain('must not contain a user name or password');
    }
    expect(log).toContain('configuration problem');
    expect(log).not.toContain(secret);
    expect(JSON.stringify(problems)).not.toContain(secret);
  });

  it('stay out of the log even when the file is not valid JSON around them', async () => {
    const secret = 'An0therSecret';
    const { problems, log } = await startWith(`{"mode": "live", "ssp": {"baseUrl": https://u:${secret}@proxy.example}}`);
    expect(problems['(whole file)']).toContain('is not valid JSON');
    expect(log).not.toContain(secret);
  });
});

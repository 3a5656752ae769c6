import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, loadSettings, settingsPath } from '../../main/config';
import { resolveSecret } from '../../main/config/secrets';
import { liveSettings } from '../support/live-settings';

const dir = mkdtempSync(join(tmpdir(), 'bw-config-'));
function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const validLive = liveSettings();

function problemsOf(content: unknown): Record<string, string> {
  const loaded = loadSettings(write(`s-${Math.random()}.json`, content));
  if (loaded.ok) throw new Error('expected problems');
  return Object.fromEntries(loaded.problems.map((p) => [p.field, p.message]));
}

describe('settings', () => {
  it('means sandbox mode with safe defaults when the file is missing', () => {
    const loaded = loadSettings(join(dir, 'absent.json'));
    expect(loaded.ok && loaded.settings.mode).toBe('sandbox');
    expect(loaded.source).toContain('not found: sandbox mode');
  });

  it('takes a desk’s site for the organisation’s reports, trimmed, and refuses a blank one', () => {
    const org = { url: 'postgres://127.0.0.1:5432/record', user: 'desk', passwordRef: 'env:BW_ORG', sslmode: 'disable' };
    const loaded = loadSettings(write('site.json', { mode: 'sandbox', org: { ...org, site: '  Leeds call centre ' } }));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.settings.org?.site).toBe('Leeds call centre');
    expect(Object.keys(problemsOf({ mode: 'sandbox', org: { ...org, site: '  ' } }))).toContain('org.site');
  });

  it('accepts a complete live file and fills the defaults', () => {
    const loaded = loadSettings(write('live.json', validLive));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.settings.mode).toBe('live');
    expect(loaded.settings.interactions.slotSearch).toBe('urn:nhs:names:services:careconnect:fhir:rest:read:slot');
    expect(loaded.settings.timeouts.bookMs).toBe(20_000);
  });

  it.each([
    ['asid', { ...validLive, asid: '12345' }, 'asid', 'must be a 12-digit ASID'],
    ['SSP over http', { ...validLive, ssp: { baseUrl: 'http://proxy.example' } }, 'ssp.baseUrl', 'must be an https:// URL'],
    ['SDS not ldaps', { ...validLive, sds: { url: 'ldap://ldap.example' } }, 'sds.url', 'must be an ldaps:// URL'],
    ['plain-text password', { ...validLive, dos: { ...validLive.dos, passwordRef: 'hunter2' } }, 'dos.passwordRef', 'never the secret itself'],
    ['ODS code', { ...validLive, organisation: { odsCode: 'not an ods', name: 'x' } }, 'organisation.odsCode', 'must be an ODS code'],
    ['timeout out of range', { ...validLive, timeouts: { bookMs: 5 } }, 'timeouts.bookMs', 'must be at least 1000'],
    ['unknown mode', { mode: 'production' }, 'mode', ''],
    ['unknown field', { ...validLive, colour: 'blue' }, '(whole file)', 'colour'],
    ['disposition timeframe', { mode: 'sandbox', dispositions: [{ code: 'Dx05', text: 'x', timeframeMinutes: -5 }] }, 'dispositions.0.timeframeMinutes', 'must be more than 0'],
  ])('names the bad field: %s', (_name, content, field, message) => {
    const problems = problemsOf(content);
    expect(Object.keys(problems)).toContain(field);
    expect(problems[field]).toContain(message);
  });

  it('names every missing live setting at once', () => {
    const problems = problemsOf({ mode: 'live' });
    for (const field of ['organisation', 'asid', 'dos', 'sds', 'ssp', 'tls']) expect(Object.keys(problems)).toContain(field);
  });

  it('reports a file that is not JSON, rather than crashing', () => {
    const loaded = loadSettings(write('broken.json', '{ "mode": "live", '));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems[0]?.message).toContain('is not valid JSON');
  });

  it('finds the file under /etc, %ProgramData%, or where the environment variable says', () => {
    expect(settingsPath({}, 'linux')).toBe('/etc/booking-workstation/settings.json');
    expect(settingsPath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toContain('BookingWorkstation');
    expect(settingsPath({ BOOKING_WORKSTATION_SETTINGS: '/opt/bw.json' }, 'linux')).toBe('/opt/bw.json');
  });
});

describe('the user profile', () => {
  it('takes the local user id from the OS login and defaults SDS ids to UNK', () => {
    const loaded = loadProfile(mkdtempSync(join(tmpdir(), 'bw-profile-')), 'jsmith');
    expect(loaded.ok && loaded.profile).toMatchObject({ localUserId: 'jsmith', displayName: 'jsmith', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK' });
  });

  it('rejects a malformed SDS user id, naming the field', () => {
    const home = mkdtempSync(join(tmpdir(), 'bw-profile-'));
    writeFileSync(join(home, 'profile.json'), JSON.stringify({ sdsUserId: 'admin' }));
    const loaded = loadProfile(home, 'jsmith');
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ field: 'profile.sdsUserId' });
  });
});

describe('secrets', () => {
  it('reads env and file references and never accepts a missing one silently', async () => {
    expect(await resolveSecret('env:DOS_PW', undefined, { DOS_PW: 's3cret' })).toBe('s3cret');
    expect(await resolveSecret(`file:${write('pw.txt', 'from-file\n')}`)).toBe('from-file');
    await expect(resolveSecret('env:NOPE', undefined, {})).rejects.toThrow('environment variable is not set');
    await expect(resolveSecret('safe:dos')).rejects.toThrow('only the desktop app can read it');
  });
});

describe('CIS2 settings', () => {
  it('needs CIS2 in live mode, over https, with a private-key JWT, and fills the defaults', () => {
    const { cis2: _cis2, ...withoutCis2 } = validLive;
    expect(problemsOf(withoutCis2)).toHaveProperty('cis2');
    expect(problemsOf({ ...validLive, cis2: { ...validLive.cis2, issuer: 'http://cis2.example.nhs.uk' } })['cis2.issuer']).toContain('https');
    expect(problemsOf({ ...validLive, cis2: { ...validLive.cis2, authMethod: 'client_secret_post' } })['cis2.authMethod']).toContain('private_key_jwt');
    expect(problemsOf({ ...validLive, cis2: { ...validLive.cis2, clientSecret: 'hunter2' } })['cis2']).toContain('clientSecret');
    expect(problemsOf({ ...validLive, cis2: { ...validLive.cis2, redirectPorts: { from: 47_110, to: 47_100 } } })['cis2.redirectPorts.to']).toContain('range');
    expect(problemsOf({ ...validLive, cis2: { ...validLive.cis2, approverRoles: ['GP'] } })['cis2.approverRoles.0']).toContain('RBAC');
    const loaded = loadSettings(write('cis2.json', validLive));
    if (!loaded.ok || loaded.settings.mode !== 'live') throw new Error('expected live settings');
    expect(loaded.settings.cis2).toMatchObject({ authMethod: 'private_key_jwt', requiredAssuranceLevel: '3', redirectPorts: { from: 47_100, to: 47_109 }, approverRoles: ['R8000'] });
  });

  it('lets a sandbox name a stand-in on 127.0.0.1 over http, and nowhere else', () => {
    const cis2 = { issuer: 'http://127.0.0.1:8080', clientId: 'x', privateKeyPath: '/k.pem' };
    expect(loadSettings(write('sb-cis2.json', { mode: 'sandbox', cis2 })).ok).toBe(true);
    expect(problemsOf({ mode: 'sandbox', cis2: { ...cis2, issuer: 'http://cis2.example.com' } })['cis2.issuer']).toContain('127.0.0.1');
  });
});

import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asFilter, escapeFilterValue, mhsFilter, SdsClient } from '../../main/spine/sds';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, shouldRunSlapdTests, startSlapd, type SlapdHandle, type TestPki } from '../support/slapd';

const CC = 'urn:nhs:names:services:careconnect:fhir:rest:';
const SLOT = `${CC}read:slot`;
const ldif = readFileSync(new URL('../fixtures/sds/sds-cases.ldif', import.meta.url), 'utf8');

describe('RFC 4515 filter escaping', () => {
  it('escapes the special characters', () => {
    expect(escapeFilterValue('a*b(c)d\\e\u0000')).toBe('a\\2ab\\28c\\29d\\5ce\\00');
    expect(asFilter('*)(objectClass=*')).toBe('(&(objectClass=nhsAs)(uniqueIdentifier=\\2a\\29\\28objectClass=\\2a))');
    expect(mhsFilter('K', 'urn:*')).toBe('(&(objectClass=nhsMhs)(nhsMhsPartyKey=K)(nhsMhsSvcIA=urn:\\2a))');
  });
});

describe('SdsClient options', () => {
  it('refuses plain LDAP off loopback and LDAPS without TLS material', () => {
    expect(() => new SdsClient({ url: 'ldap://sds.example.nhs.uk' })).toThrow(/ldaps/);
    expect(() => new SdsClient({ url: 'ldap://127.0.0.1:389' })).toThrow(/ldaps/);
    expect(() => new SdsClient({ url: 'ldaps://sds.example.nhs.uk' })).toThrow(/tls/);
    expect(() => new SdsClient({ url: 'ldaps://sds.example.nhs.uk', tls: { ca: 'CA', cert: 'C', key: 'K' } })).not.toThrow();
  });
});

describe.skipIf(!shouldRunSlapdTests())('SdsClient against a real slapd (digest §1.2)', () => {
  let slapd: SlapdHandle;
  let sds: SdsClient;

  beforeAll(async () => {
    slapd = await startSlapd(ldif);
    sds = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, timeoutMs: 2_000, connectTimeoutMs: 2_000 });
  });
  afterAll(async () => {
    await slapd.stop();
  });

  it('finds the service root and the Care Connect interactions', async () => {
    const r = await sds.lookup('012345678901', SLOT);
    expect(r).toEqual({
      ok: true,
      asid: '012345678901',
      partyKey: 'RR8-800001',
      serviceRoot: 'https://riverside.example.nhs.uk/fhir/booking',
      interactions: [`${CC}read:slot`, `${CC}create:appointment`, `${CC}read:appointment`, `${CC}update:appointment`, `${CC}read:metadata`],
    });
    expect((await sds.lookup('012345678901', `${CC}create:appointment`)).ok).toBe(true);
  });

  it('uses the slot interaction the AS lists (search:slot) when asked for read:slot', async () => {
    expect(await sds.lookup('012345678902', SLOT)).toMatchObject({ ok: true, serviceRoot: 'https://northside.example.nhs.uk/STU3' });
  });

  it.each([
    ['999999999999', 'as-not-found'],
    ['200000000010', 'gp-connect-only'],
    ['200000000011', 'mixed-interactions'],
    ['200000000012', 'mhs-not-found'],
    ['200000000013', 'several-mhs'],
    ['200000000014', 'invalid-endpoint'],
    ['200000000015', 'invalid-endpoint'],
    ['200000000016', 'invalid-endpoint'],
    ['200000000017', 'mhs-not-found'],
  ])('ASID %s → %s, with detail', async (asid, reason) => {
    const r = await sds.lookup(asid, SLOT);
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok ? '' : r.detail).not.toBe('');
  });

  it('does not let a wildcard in the interaction match anything', async () => {
    expect(await sds.lookup('012345678901', `${CC}*`)).toMatchObject({ ok: false, reason: 'mhs-not-found' });
  });

  it('refuses a non-numeric ASID before asking LDAP', async () => {
    expect(await sds.lookup('*', SLOT)).toMatchObject({ ok: false, reason: 'as-not-found' });
  });

  it('caches successful lookups for the TTL', async () => {
    let now = 1_000;
    const cached = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, cacheTtlMs: 60_000, now: () => now });
    expect((await cached.lookup('012345678901', SLOT)).ok).toBe(true);
    await slapd.stop();
    expect((await cached.lookup('012345678901', SLOT)).ok).toBe(true);
    now += 61_000;
    expect(await cached.lookup('012345678901', SLOT)).toMatchObject({ ok: false, reason: 'unreachable' });
    slapd = await startSlapd(ldif);
  });

  it('LDAP down → unreachable', async () => {
    const down = new SdsClient({ url: 'ldap://127.0.0.1:1', allowInsecureLoopback: true, connectTimeoutMs: 1_000 });
    expect(await down.lookup('012345678901', SLOT)).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('LDAP silent → timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const slow = new SdsClient({ url: `ldap://127.0.0.1:${port}`, allowInsecureLoopback: true, timeoutMs: 300, connectTimeoutMs: 300 });
    expect(await slow.lookup('012345678901', SLOT)).toMatchObject({ ok: false, reason: 'timeout' });
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});

describe.skipIf(!shouldRunSlapdTests())('SdsClient over LDAPS with mutual TLS (live mode)', () => {
  let slapd: SlapdHandle;
  let pki: TestPki;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sds-pki-'));
    pki = await makeTestPki(dir);
    slapd = await startSlapd(ldif, pki);
  });
  afterAll(async () => {
    await slapd.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks up over ldaps:// with the client certificate, verifying the server', async () => {
    expect(slapd.url).toMatch(/^ldaps:/);
    const sds = new SdsClient({ url: slapd.url, tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey } });
    expect(await sds.lookup('012345678901', SLOT)).toMatchObject({ ok: true, serviceRoot: 'https://riverside.example.nhs.uk/fhir/booking' });
  });

  it('refuses a server its CA did not sign', async () => {
    const sds = new SdsClient({ url: slapd.url, tls: { ca: pki.otherCaCert, cert: pki.clientCert, key: pki.clientKey }, connectTimeoutMs: 2_000 });
    const r = await sds.lookup('012345678901', SLOT);
    expect(r).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(r.ok ? '' : r.detail).toMatch(/certificate|self.signed|verify/i);
  });

  it('is refused without a client certificate', async () => {
    const sds = new SdsClient({ url: slapd.url, tls: { ca: pki.caCert }, connectTimeoutMs: 2_000, timeoutMs: 2_000 });
    expect((await sds.lookup('012345678901', SLOT)).ok).toBe(false);
  });
});

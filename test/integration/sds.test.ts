import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asFilter, escapeFilterValue, mhsFilter, SdsClient } from '../../main/spine/sds';
import { createSdsDirectory } from '../../main/app/sds-connection';
import { LiveSettings } from '../../main/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, shouldRunSlapdTests, startSlapd, type SlapdHandle, type TestPki } from '../support/slapd';

const CC = 'urn:nhs:names:services:careconnect:fhir:rest:';
const SLOT = `${CC}read:slot`;
const ldif = readFileSync(new URL('../fixtures/sds/sds-cases.ldif', import.meta.url), 'utf8');

/** A logger whose "SDS lookup failed" warnings the test can count, per ASID. */
function warnings(): { logger: Logger; failedFor: (asid: string) => number } {
  const lines: { msg?: string; asid?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { msg?: string; asid?: string });
      done();
    },
  });
  return { logger: pino(sink), failedFor: (asid) => lines.filter((l) => l.msg === 'SDS lookup failed' && l.asid === asid).length };
}

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

  describe('failed lookups are remembered for a short TTL (one warning per failing ASID per TTL)', () => {
    it('a directory refresh does not ask SDS again, or log again, for an ASID that just failed', async () => {
      let now = 5_000;
      const log = warnings();
      const client = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, failureCacheTtlMs: 120_000, logger: log.logger, now: () => now });
      for (let refresh = 0; refresh < 5; refresh++) {
        expect(await client.lookup('999999999999', SLOT)).toMatchObject({ ok: false, reason: 'as-not-found' });
        expect(await client.lookup('200000000013', SLOT)).toMatchObject({ ok: false, reason: 'several-mhs' });
        now += 20_000;
      }
      expect([log.failedFor('999999999999'), log.failedFor('200000000013')]).toEqual([1, 1]);
      // Past the TTL SDS is asked again (a record fixed meanwhile is seen), and the failure logged once more.
      now += 30_000;
      expect(await client.lookup('999999999999', SLOT)).toMatchObject({ ok: false, reason: 'as-not-found' });
      expect(log.failedFor('999999999999')).toBe(2);
    });

    it('services sharing a failing ASID, resolved together, ask SDS once', async () => {
      const log = warnings();
      const client = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, logger: log.logger, now: () => 0 });
      const answers = await Promise.all(Array.from({ length: 6 }, () => client.lookup('200000000010', SLOT)));
      expect(answers.every((a) => !a.ok && a.reason === 'gp-connect-only')).toBe(true);
      expect(log.failedFor('200000000010')).toBe(1);
    });

    it('keeps at most maxCacheEntries lookups, dropping the oldest first', async () => {
      const log = warnings();
      const client = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, maxCacheEntries: 2, logger: log.logger, now: () => 0 });
      for (const asid of ['200000000010', '200000000011', '200000000012']) await client.lookup(asid, SLOT);
      await client.lookup('200000000012', SLOT);
      await client.lookup('200000000011', SLOT);
      expect([log.failedFor('200000000011'), log.failedFor('200000000012')]).toEqual([1, 1]);
      await client.lookup('200000000010', SLOT);
      expect(log.failedFor('200000000010')).toBe(2);
    });

    it('failureCacheTtlMs 0 asks SDS every time', async () => {
      const log = warnings();
      const client = new SdsClient({ url: slapd.url, allowInsecureLoopback: true, failureCacheTtlMs: 0, logger: log.logger, now: () => 0 });
      await client.lookup('999999999999', SLOT);
      await client.lookup('999999999999', SLOT);
      expect(log.failedFor('999999999999')).toBe(2);
    });

    it('an unreachable SDS is remembered for seconds, not minutes, so "try again" soon asks again', async () => {
      let now = 0;
      const log = warnings();
      const down = new SdsClient({ url: 'ldap://127.0.0.1:1', allowInsecureLoopback: true, connectTimeoutMs: 1_000, failureCacheTtlMs: 120_000, logger: log.logger, now: () => now });
      await down.lookup('012345678901', SLOT);
      now += 10_000;
      expect(await down.lookup('012345678901', SLOT)).toMatchObject({ ok: false, reason: 'unreachable' });
      expect(log.failedFor('012345678901')).toBe(1);
      now += 6_000;
      await down.lookup('012345678901', SLOT);
      expect(log.failedFor('012345678901')).toBe(2);
    });
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

  it('the live app\'s SDS remembers a failure for minutes, and not at all when the settings turn caching off', async () => {
    const settings = (cacheTtlSeconds: number): LiveSettings =>
      LiveSettings.parse({
        mode: 'live',
        organisation: { odsCode: 'RYE', name: 'South East 111' },
        asid: '918999198738',
        dos: { url: 'https://dos.example.nhs.uk/app/api/webservices', username: 'bw', passwordRef: 'env:DOS_PASSWORD' },
        sds: { url: slapd.url, cacheTtlSeconds },
        ssp: { baseUrl: 'https://proxy.spine.example.nhs.uk' },
        tls: { certPath: '/c.pem', keyPath: '/k.pem', caPath: '/ca.pem' },
        cis2: { issuer: 'https://cis2.example.nhs.uk/oidc', clientId: '999999999999.apps.national', privateKeyPath: '/cis2.key' },
      });
    const material = { ca: Buffer.from(pki.caCert), cert: Buffer.from(pki.clientCert), key: Buffer.from(pki.clientKey) };
    let now = 0;
    const cached = warnings();
    const sds = createSdsDirectory(settings(3600), material, cached.logger, () => now);
    await sds.lookup('999999999999', SLOT);
    now += 170_000;
    expect(await sds.lookup('999999999999', SLOT)).toMatchObject({ ok: false, reason: 'as-not-found' });
    expect(cached.failedFor('999999999999')).toBe(1);
    now += 20_000;
    await sds.lookup('999999999999', SLOT);
    expect(cached.failedFor('999999999999')).toBe(2);
    const uncached = warnings();
    const off = createSdsDirectory(settings(0), material, uncached.logger, () => now);
    await off.lookup('999999999999', SLOT);
    await off.lookup('999999999999', SLOT);
    expect(uncached.failedFor('999999999999')).toBe(2);
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

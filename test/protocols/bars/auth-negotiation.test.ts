/** Token caching, the key from a file with a passphrase, negotiation and its cache, the protocol probe, error codes. */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarsClient, failureKind, loadPrivateKey, Negotiator, ProtocolProbe, TokenSource } from '../../../main/protocols/bars';
import type { DosService } from '../../../main/workflow/ports';
import { ED, harness, KINGSWAY, SDEC, soon, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());

describe('TokenSource', () => {
  it('signs an RS512 assertion with kid, iss = sub = API key, aud = token URL, ≤ 5 min; reuses the token until a minute before expiry', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sent: string[] = [];
    let nowMs = Date.parse('2026-12-02T01:00:00Z');
    const fake: typeof fetch = (_url, init) => {
      sent.push(new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get('client_assertion') ?? '');
      return Promise.resolve(new Response(JSON.stringify({ access_token: `t${sent.length}`, expires_in: '599', token_type: 'Bearer' }), { status: 200 }));
    };
    const tokens = new TokenSource({ tokenUrl: 'https://api.example/oauth2/token', apiKey: () => Promise.resolve('key-1'), kid: 'kid-1', privateKey: () => Promise.resolve(privateKey), fetch: fake, now: () => new Date(nowMs) });
    expect(await Promise.all([tokens.token(), tokens.token()])).toEqual(['t1', 't1']);
    const assertion = sent[0] ?? '';
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'RS512', kid: 'kid-1' });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: 'key-1', sub: 'key-1', aud: 'https://api.example/oauth2/token' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(300);
    nowMs += 530_000;
    expect(await tokens.token()).toBe('t1');
    nowMs += 10_000; // 540 s: inside the last minute of 599 s
    expect(await tokens.token()).toBe('t2');
    tokens.invalidate();
    expect(await tokens.token()).toBe('t3');
    expect(new Set(sent.map((a) => decodeJwt(a).jti)).size).toBe(3);
  });

  it('a refusal from the token endpoint is an auth failure, never a lost answer', async () => {
    const tokens = new TokenSource({ tokenUrl: h.sandbox.bars.tokenUrl, apiKey: h.sandbox.bars.apiKey, kid: 'not-registered', privateKey: () => Promise.resolve(h.sandbox.bars.privateKey) });
    const client = new BarsClient({ proxyBaseUrl: h.sandbox.bars.baseUrl, tokens, logger: pino({ level: 'silent' }), identity: { organisation: { odsCode: 'NHS111', name: 'x' }, software: { name: 'x', version: '1' } } });
    const reply = await client.send({ method: 'GET', path: '/metadata', dosServiceId: ED, requestId: randomUUID(), correlationId: randomUUID(), deadline: soon() });
    expect(reply.kind).toBe('auth-failed');
  });

  it('reads an encrypted PEM key with its passphrase, and refuses the wrong passphrase', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-bars-key-'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const path = join(dir, 'key.pem');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }));
    expect((await loadPrivateKey(path, 'correct horse')).asymmetricKeyType).toBe('rsa');
    await expect(loadPrivateKey(path, 'wrong')).rejects.toThrow();
  });
});

describe('Negotiator', () => {
  it('asks /metadata and /MessageDefinition once per service, then answers from its cache for up to 24 h', async () => {
    let calls = 0;
    let nowMs = Date.now();
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const b = h.sandbox.bars;
    const client = new BarsClient({ proxyBaseUrl: b.baseUrl, tokens: h.tokens, fetch: counting, logger: pino({ level: 'silent' }), identity: { organisation: { odsCode: 'NHS111', name: 'x' }, software: { name: 'x', version: '1' } } });
    const negotiator = new Negotiator(client, ['a1t1', 'a1t2'], randomUUID, () => new Date(nowMs));
    const first = await negotiator.negotiate(ED, randomUUID(), soon());
    expect(first).toMatchObject({ ok: true, value: { useCase: 'a1t1', version: '2.1.0' } });
    expect(calls).toBe(2);
    await negotiator.negotiate(ED, randomUUID(), soon());
    expect(calls).toBe(2);
    nowMs += 24 * 3_600_000 + 1;
    await negotiator.negotiate(ED, randomUUID(), soon());
    expect(calls).toBe(4);
    // Kingsway takes a1t2 only: the first of ours it offers is chosen.
    expect(await negotiator.negotiate(KINGSWAY, randomUUID(), soon())).toMatchObject({ ok: true, value: { useCase: 'a1t2' } });
  });

  it('refuses clearly when the receiver supports none of our use cases', async () => {
    const cas = new Negotiator(h.client, ['a1t3', 'a1t4'], randomUUID);
    const refused = await cas.negotiate(SDEC, randomUUID(), soon());
    expect(refused).toMatchObject({ ok: false, failure: { kind: 'unsupported', code: 'USE_CASE_NOT_SUPPORTED' } });
    expect(!refused.ok && refused.failure.detail).toMatch(/offers a1t7, a1t8/);
  });
});

describe('ProtocolProbe', () => {
  const dos = (id: string, endpoints: DosService['endpoints'] = []): DosService => ({ id, name: id, rank: 1, requireBooking: 'absent', endpoints });

  it('override first, then the directory\'s endpoints, then the proxy: 404 PROXY_NOT_FOUND means Care Connect', async () => {
    const probe = new ProtocolProbe({ client: h.client, overrides: { '2000012345': 'bars' } });
    expect(await probe.protocolOf(dos('2000012345', [{ transport: 'http', format: 'FHIR', interaction: 'Scheduling', address: 'ASID:1' }]))).toBe('bars');
    expect(await probe.protocolOf(dos('2000099998', [{ transport: 'http', format: 'FHIR', interaction: 'BaRS', address: 'x' }]))).toBe('bars');
    expect(await probe.protocolOf(dos('2000099997', [{ transport: 'http', format: 'FHIR', interaction: 'Scheduling', address: 'ASID:1' }]))).toBe('care-connect');
    expect(await probe.protocolOf(dos(SDEC))).toBe('bars');
    expect(await probe.protocolOf(dos('2000067890'))).toBe('care-connect');
    expect(ProtocolProbe.display('bars')).toBe('via BaRS');
  });
});

describe('failureKind', () => {
  it.each([
    [400, undefined, 'book', 'request-rejected'],
    [401, undefined, 'search', 'not-authorised'],
    [403, 'SEND_FORBIDDEN', 'book', 'not-authorised'],
    [404, 'PROXY_NOT_FOUND', 'search', 'misconfigured'],
    [404, 'REC_NOT_FOUND', 'read', 'not-found'],
    [406, 'PROXY_NOT_ACCEPTABLE', 'search', 'unsupported'],
    [408, 'REC_TIMEOUT', 'search', 'timeout'],
    [409, 'REC_CONFLICT', 'book', 'slot-unavailable'],
    [409, 'REC_CONFLICT', 'cancel', 'version-conflict'],
    [422, 'REC_UNPROCESSABLE_ENTITY', 'book', 'request-rejected'],
    [429, 'PROXY_TOO_MANY_REQUESTS', 'search', 'provider-unavailable'],
    [500, 'REC_SERVER_ERROR', 'book', 'provider-unavailable'],
    [503, 'REC_UNAVAILABLE', 'book', 'provider-unavailable'],
  ] as const)('%i %s on %s → %s', (status, code, call, kind) => {
    expect(failureKind(status, code === undefined ? undefined : { code }, call)).toBe(kind);
  });

  it('422 not-supported (use case) is unsupported', () => {
    expect(failureKind(422, { code: 'REC_UNPROCESSABLE_ENTITY', issue: 'not-supported' }, 'book')).toBe('unsupported');
  });
});

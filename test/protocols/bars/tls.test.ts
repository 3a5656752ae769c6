/** The BaRS connection trusts the deployment's CA (tls.caPath) and presents its client certificate when one is configured. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barsAccess, type ProtocolDeps } from '../../../main/app/booking-protocols';
import { barsAgent, BarsClient, tlsFetch, TokenSource, type BarsTls } from '../../../main/protocols/bars';

function certificate(dir: string, name: string): { cert: Buffer; key: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.pem`)], { stdio: 'ignore' });
  return { cert: readFileSync(join(dir, `${name}.pem`)), key: readFileSync(join(dir, `${name}-key.pem`)) };
}

let dir: string;
let server: Server;
let base: string;
let gateway: { cert: Buffer; key: Buffer };
let stranger: { cert: Buffer; key: Buffer };
const seen: { path: string; clientCert: boolean }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-bars-tls-'));
  gateway = certificate(dir, 'gateway');
  stranger = certificate(dir, 'stranger');
  // A gateway with a private CA that asks for our certificate (signed by the same CA here).
  server = createServer({ cert: gateway.cert, key: gateway.key, ca: gateway.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    seen.push({ path: req.url ?? '', clientCert: req.socket instanceof TLSSocket && req.socket.authorized });
    req.resume();
    req.on('end', () => {
      if (req.url === '/oauth2/token') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'tok', expires_in: '599', token_type: 'Bearer' }));
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'CapabilityStatement' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048 }));
function client(tls: BarsTls | undefined): BarsClient {
  const fetch = tls === undefined ? undefined : tlsFetch(() => Promise.resolve(barsAgent(tls)));
  const viaTls = fetch === undefined ? {} : { fetch };
  const tokens = new TokenSource({ tokenUrl: `${base}/oauth2/token`, apiKey: 'key', kid: 'kid', privateKey: () => Promise.resolve(privateKey), ...viaTls });
  return new BarsClient({ proxyBaseUrl: `${base}/FHIR/R4`, tokens, logger: pino({ level: 'silent' }), maxAttempts: 1, identity: { organisation: { odsCode: 'NHS111', name: 'Yorkshire 111' }, software: { name: 'Booking Workstation', version: '0.1.0' } }, ...viaTls });
}
const metadata = (c: BarsClient): ReturnType<BarsClient['send']> => c.send({ method: 'GET', path: '/metadata', dosServiceId: '2000071001', requestId: 'r', correlationId: 'c', deadline: new Date(Date.now() + 10_000) });

describe('the BaRS connection\'s TLS', () => {
  it('trusts the configured CA and presents the client certificate, for the token and for every call', async () => {
    seen.length = 0;
    const reply = await metadata(client({ ca: gateway.cert, cert: gateway.cert, key: gateway.key }));
    expect(reply).toMatchObject({ kind: 'answer', status: 200, json: { resourceType: 'CapabilityStatement' } });
    expect(seen).toEqual([{ path: '/oauth2/token', clientCert: true }, { path: '/FHIR/R4/metadata', clientCert: true }]);
  });

  it('without a client certificate configured, still trusts the CA', async () => {
    seen.length = 0;
    expect(await metadata(client({ ca: gateway.cert }))).toMatchObject({ kind: 'answer', status: 200 });
    expect(seen.map((s) => s.clientCert)).toEqual([false, false]);
  });

  it('refuses a server the configured CA does not vouch for, as the platform\'s own store alone did for this one', async () => {
    expect(await metadata(client({ ca: stranger.cert }))).toMatchObject({ kind: 'auth-failed' });
    expect(await metadata(client(undefined))).toMatchObject({ kind: 'auth-failed' });
  });

  // Issue 21: the live app's BaRS connection had trusted only the system store, ignoring tls.caPath.
  it('in live mode the app\'s BaRS connection uses the settings\' tls (caPath, certPath, keyPath), as every other live connection does', async () => {
    const bars = { proxyBaseUrl: `${base}/FHIR/R4`, tokenUrl: `${base}/oauth2/token`, apiKeyRef: 'env:BW_TEST_BARS_KEY', keyId: 'kid', privateKeyPath: join(dir, 'gateway-key.pem'), sourceEndpoint: 'https://fhir.nhs.uk/Id/dos-service-id|2000099001', software: { name: 'Booking Workstation', version: '0.1.0' }, sender: '111', protocolOverrides: {} };
    const liveWith = (caPath: string): ProtocolDeps => ({ settings: { mode: 'live', bars, tls: { caPath, certPath: join(dir, 'gateway.pem'), keyPath: join(dir, 'gateway-key.pem') } }, spine: {} }) as unknown as ProtocolDeps;
    seen.length = 0;
    const trusted = barsAccess(liveWith(join(dir, 'gateway.pem')))?.fetch;
    expect((await trusted?.(`${base}/FHIR/R4/metadata`))?.status).toBe(200);
    expect(seen).toEqual([{ path: '/FHIR/R4/metadata', clientCert: true }]);
    const untrusted = barsAccess(liveWith(join(dir, 'stranger.pem')))?.fetch;
    if (untrusted === undefined) throw new Error('the live BaRS connection has no TLS of its own');
    await expect(untrusted(`${base}/FHIR/R4/metadata`)).rejects.toThrow();
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItkClient } from '../../main/referral';

const ACK = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><itk:SimpleMessageResponse xmlns:itk="urn:nhs-itk:ns:201005">OK</itk:SimpleMessageResponse></soap:Body></soap:Envelope>';

/** A throwaway self-signed certificate for localhost: the endpoint's and, in these tests, ours. */
function certificate(dir: string, name: string): { cert: Buffer; key: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1', '-keyout', join(dir, `${name}-key.pem`), '-out', join(dir, `${name}.pem`)], { stdio: 'ignore' });
  return { cert: readFileSync(join(dir, `${name}.pem`)), key: readFileSync(join(dir, `${name}-key.pem`)) };
}

let server: Server;
let silent: HttpServer;
let url: string;
let ours: { cert: Buffer; key: Buffer };
let stranger: { cert: Buffer; key: Buffer };

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-itk-tls-'));
  ours = certificate(dir, 'ours');
  stranger = certificate(dir, 'stranger');
  // The endpoint demands a client certificate signed by what it trusts (here: ours).
  server = createServer({ cert: ours.cert, key: ours.key, ca: ours.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ACK));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://localhost:${(server.address() as AddressInfo).port}/itk`;
  silent = createHttpServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  silent.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => silent.close(r))]);
});

describe('the ITK client in live mode', () => {
  it('sends over mutual TLS with the system certificate and a verified server', async () => {
    const client = new ItkClient({ timeoutMs: 5000, tls: () => Promise.resolve({ cert: ours.cert, key: ours.key, ca: ours.cert }) });
    expect(await client.send(url, '<x/>')).toEqual({ httpStatus: 200, answer: 'OK' });
  });

  it('fails plainly when the endpoint refuses our certificate', async () => {
    const client = new ItkClient({ timeoutMs: 5000, tls: () => Promise.resolve({ cert: stranger.cert, key: stranger.key, ca: ours.cert }) });
    await expect(client.send(url, '<x/>')).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('refuses a server its CA does not vouch for', async () => {
    const client = new ItkClient({ timeoutMs: 5000, tls: () => Promise.resolve({ cert: ours.cert, key: ours.key, ca: stranger.cert }) });
    await expect(client.send(url, '<x/>')).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('a certificate that cannot be loaded fails the referral, not the app', async () => {
    const client = new ItkClient({ timeoutMs: 5000, tls: () => Promise.reject(new Error('ENOENT: no such file /etc/pki/client.pem')) });
    await expect(client.send(url, '<x/>')).rejects.toMatchObject({ kind: 'unreachable', detail: expect.stringContaining('client certificate') as string });
  });

  it('gives up after its timeout when the endpoint never answers', async () => {
    const client = new ItkClient({ timeoutMs: 300, allowInsecureLoopback: true });
    const port = (silent.address() as AddressInfo).port;
    await expect(client.send(`http://127.0.0.1:${port}/itk`, '<x/>')).rejects.toMatchObject({ kind: 'timeout' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../main/app/create-app';
import { startBridge, TOKEN_HEADER, type Bridge } from '../../main/bridge';
import { silentLogger } from '../../main/log/logger';

const staticDir = mkdtempSync(join(tmpdir(), 'bw-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

let app: App;
let bridge: Bridge;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bw-bridge-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger() });
  bridge = await startBridge({ dispatch: app.dispatch, staticDir, logger: silentLogger() });
});
afterAll(async () => {
  await bridge.close();
  await app.close();
});

function call(channel: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${bridge.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: bridge.token, ...headers },
    body: JSON.stringify(body),
  });
}

describe('the HTTP bridge', () => {
  it('serves a call with the launch token', async () => {
    const response = await call('session:get', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { environment: 'SANDBOX' } });
  });

  it('refuses a call without the token, and with a wrong one', async () => {
    const none = await fetch(`${bridge.origin}/api/session:get`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'forbidden-caller' } });
    const wrong = await call('session:get', {}, { [TOKEN_HEADER]: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
  });

  it('rejects a request that breaks the schema, listing each failing field, and executes nothing', async () => {
    const before = (await (await call('case:list', {})).json()) as { value: { cases: unknown[] } };
    const response = await call('case:start', { patient: { given: 'A' }, dispositionCode: 42 });
    const body = (await response.json()) as { ok: boolean; error: { code: string; detail: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid-request');
    expect(body.error.detail).toContain('patient.family');
    expect(body.error.detail).toContain('dispositionCode');
    const after = (await (await call('case:list', {})).json()) as { value: { cases: unknown[] } };
    expect(after.value.cases.length).toBe(before.value.cases.length);
  });

  it('rejects an unknown channel, a cross-site origin and a foreign Host', async () => {
    expect(await (await call('shell:exec', {})).json()).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((await call('session:get', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    // fetch cannot set Host, so speak HTTP directly, as a DNS-rebinding page's browser would.
    const rebinding = await new Promise<{ status: number }>((resolve, reject) => {
      const url = new URL(bridge.origin);
      const req = request(
        { host: url.hostname, port: url.port, path: '/api/session:get', method: 'POST', headers: { Host: 'evil.example', 'Content-Type': 'application/json', [TOKEN_HEADER]: bridge.token } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebinding.status).toBe(421);
  });

  it('serves the renderer with a strict Content-Security-Policy and nothing outside its folder', async () => {
    const page = await fetch(`${bridge.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${bridge.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('signs a browser in with a one-time code: HttpOnly SameSite=Strict cookie, redirect to a clean address, the code then worthless', async () => {
    const link = bridge.signInUrl();
    expect(link).not.toContain(bridge.token);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    const withCookie = await fetch(`${bridge.origin}/api/session:get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: bridge.origin },
      body: '{}',
    });
    expect(withCookie.status).toBe(200);
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('already been used or has expired');
    expect((await fetch(`${bridge.origin}/sign-in?code=${'A'.repeat(32)}`, { redirect: 'manual' })).status).toBe(403);
  });

  it('refuses the session cookie from another site, or with no Origin at all', async () => {
    const cookie = ((await fetch(bridge.signInUrl(), { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const post = (headers: Record<string, string>) =>
      fetch(`${bridge.origin}/api/session:get`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: '{}' });
    expect((await post({ Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
  });

  it('answers a malformed % in the address with 400, never 500', async () => {
    expect((await call('session%E0%A4%A:get', {})).status).toBe(400);
    expect((await call('%', {})).status).toBe(400);
    expect((await fetch(`${bridge.origin}/assets/%E0%A4%A.js`)).status).toBe(400);
  });

  it('matches the JSON content type exactly (parameters allowed, look-alikes refused)', async () => {
    expect((await call('session:get', {}, { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await call('session:get', {}, { 'Content-Type': 'Application/JSON' })).status).toBe(200);
    for (const type of ['application/jsonx', 'application/json-patch+json', 'application/json5; charset=utf-8', 'text/plain']) {
      expect((await call('session:get', {}, { 'Content-Type': type })).status).toBe(415);
    }
  });
});

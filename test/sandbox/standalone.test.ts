/**
 * `npm run sandbox` runs what `npm start` runs in sandbox mode: the CIS2 stand-in beside the
 * Provider and PDS stand-ins, PDS answering only a live token of that CIS2, and the app's client
 * key kept in a file so an app pointed at this sandbox signs in across restarts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIdentity } from '../../main/app/identity-connection';
import { Settings } from '../../main/config';
import { Cis2Client, clientKeyFromPem } from '../../main/identity/cis2-client';
import { silentLogger } from '../../main/log/logger';
import { SANDBOX_CIS2_SCOPE } from '../../main/sandbox/cis2/provider';
import { startStandaloneSandbox, type StandaloneSandbox } from '../../main/sandbox/standalone';
import { pressSignIn } from '../support/cis2-browser';
import { testClock } from '../support/clock';

let dir: string;
let running: StandaloneSandbox;
const keyPath = (): string => join(dir, 'cis2-client.pem');
const start = (): Promise<StandaloneSandbox> =>
  startStandaloneSandbox({ sandbox: { port: 0, now: testClock() }, cis2Port: 0, clientKeyPath: keyPath(), logger: silentLogger() });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bw-standalone-'));
  running = await start();
});
afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

function patient(token: string): Promise<Response> {
  return fetch(`${running.sandbox.pds.baseUrl}/Patient/9000000009`, {
    headers: { authorization: `Bearer ${token}`, 'x-request-id': '60E0B220-8136-4CA5-AE46-1D97EF59D068', 'nhsd-session-urid': '555987654321' },
  });
}

describe('npm run sandbox', () => {
  it('starts the CIS2 stand-in: the app signs in with the kept client key, and PDS answers that session’s token only', async () => {
    expect(statSync(keyPath()).mode & 0o777).toBe(0o600);
    const client = await Cis2Client.connect({
      issuer: running.cis2.issuer,
      clientId: running.clientId,
      privateKey: clientKeyFromPem(readFileSync(keyPath(), 'utf8')),
      scope: SANDBOX_CIS2_SCOPE,
      requiredAssuranceLevel: '3',
      allowHttp: true,
    });
    const redirectUri = 'http://127.0.0.1:47199/cis2/callback';
    const started = await client.start(redirectUri);
    const signedIn = await client.finish(await pressSignIn(started.url, 'clinician'), started.checks, redirectUri);
    expect(signedIn.identity.displayName).toContain('Alex Morgan');

    const answered = await patient(signedIn.tokens.accessToken);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ resourceType: 'Patient', id: '9000000009' });

    const madeUp = await patient('made-up-token-0123456789');
    expect(madeUp.status).toBe(401);
    expect(await madeUp.json()).toMatchObject({ issue: [{ code: 'forbidden', details: { coding: [{ code: 'ACCESS_DENIED' }] } }] });

    expect(await client.revoke(signedIn.tokens)).toBe(true);
    expect((await patient(signedIn.tokens.accessToken)).status).toBe(401);
  });

  it('an app whose settings name this CIS2 (the printed settings) asks its UserInfo whether a token is live', async () => {
    const settings = Settings.parse({ mode: 'sandbox', cis2: { issuer: running.cis2.issuer, clientId: running.clientId, privateKeyPath: keyPath(), scope: SANDBOX_CIS2_SCOPE } });
    const { service, acceptsAccessToken } = await connectIdentity({ settings, logger: silentLogger(), clock: testClock() });
    try {
      if (acceptsAccessToken === undefined) throw new Error('a sandbox naming a CIS2 must check tokens with it');
      const client = await service.client();
      const redirectUri = 'http://127.0.0.1:47198/cis2/callback';
      const started = await client.start(redirectUri);
      const { tokens } = await client.finish(await pressSignIn(started.url, 'clinician'), started.checks, redirectUri);
      expect(await acceptsAccessToken(tokens.accessToken)).toBe(true);
      expect(await acceptsAccessToken('made-up-token-0123456789')).toBe(false);
      await client.revoke(tokens);
      expect(await acceptsAccessToken(tokens.accessToken)).toBe(false);
    } finally {
      await service.close();
    }
  });

  it('keeps the client key across restarts, so the app’s settings stay valid', async () => {
    const before = readFileSync(keyPath(), 'utf8');
    await running.close();
    running = await start();
    expect(readFileSync(keyPath(), 'utf8')).toBe(before);
  });
});

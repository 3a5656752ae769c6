import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cis2Client, type StartedSignIn } from '../../main/identity/cis2-client';
import { startCis2Provider, type Cis2ProviderHandle } from '../../main/sandbox/cis2/provider';
import { connectIdentity } from '../../main/app/identity-connection';
import { DEFAULT_SETTINGS } from '../../main/config';
import type { IdentityService } from '../../main/identity/identity-service';
import { silentLogger } from '../../main/log/logger';
import { testClock } from '../support/clock';
import { pressSignIn } from '../support/cis2-browser';

describe('CIS2 sign-in against the sandbox stand-in', () => {
  let identity: IdentityService;
  beforeAll(async () => {
    identity = (await connectIdentity({ settings: DEFAULT_SETTINGS, logger: silentLogger(), clock: testClock() })).service;
  });
  afterAll(async () => {
    await identity.close();
  });

  it('signs in with one click: the session names the CIS2 user, their selected role and assurance level', async () => {
    const { flowId, url } = await identity.begin('session');
    const auth = new URL(url);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('state')).not.toBeNull();
    expect(auth.searchParams.get('nonce')).not.toBeNull();
    const back = await pressSignIn(url, 'clinician');
    expect(await identity.flows.callback(back)).toMatchObject({ ok: true });
    const done = await identity.flows.wait(flowId, 5000);
    if (done === undefined || !done.outcome.ok) throw new Error(JSON.stringify(done));
    const who = done.outcome.signedIn.identity;
    expect(who).toMatchObject({ uid: '555123456789', displayName: 'Alex Morgan', title: 'Dr', assuranceLevel: '3', registration: { register: 'GMC', number: '1234567' } });
    expect(who.selectedRole).toMatchObject({ personRoleId: '555987654321', roleCode: 'R8000' });
    expect(identity.mayApprove(who)).toBe(true);
  });
});

describe('what the client refuses', () => {
  let provider: Cis2ProviderHandle;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const redirectUri = 'http://127.0.0.1:47199/cis2/callback';
  let tamper: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;
  const client = (): Promise<Cis2Client> =>
    Cis2Client.connect({
      issuer: provider.issuer,
      clientId: 'test-client',
      privateKey,
      scope: 'openid profile nationalrbacaccess professionalmemberships',
      requiredAssuranceLevel: '3',
      allowHttp: true,
      // Between the client and the provider: rewrites the token endpoint's answer when a test says so.
      fetch: async (url, init) => {
        const res = await fetch(url, init as RequestInit);
        if (tamper === undefined || !url.endsWith('/token')) return res;
        const body = tamper((await res.json()) as Record<string, unknown>);
        return new Response(JSON.stringify(body), { status: res.status, headers: { 'content-type': 'application/json' } });
      },
    });
  beforeAll(async () => {
    provider = await startCis2Provider({ clients: [{ clientId: 'test-client', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), alg: 'RS512', use: 'sig' }] } }] });
  });
  afterAll(async () => {
    await provider.close();
  });

  async function roundTrip(user = 'clinician'): Promise<{ c: Cis2Client; started: StartedSignIn; back: URL }> {
    const c = await client();
    const started = await c.start(redirectUri);
    return { c, started, back: await pressSignIn(started.url, user) };
  }

  it('completes with the right verifier, state and nonce (the control for the refusals below)', async () => {
    tamper = undefined;
    const { c, started, back } = await roundTrip();
    await expect(c.finish(back, started.checks, redirectUri)).resolves.toMatchObject({ identity: { uid: '555123456789' } });
  });

  it('refuses a code exchanged without the PKCE verifier it was issued for', async () => {
    const { c, started, back } = await roundTrip();
    await expect(c.finish(back, { ...started.checks, codeVerifier: 'x'.repeat(43) }, redirectUri)).rejects.toMatchObject({ kind: 'invalid-response', detail: expect.stringContaining('invalid_grant') as unknown });
  });

  it('refuses an answer whose state is not the one sent', async () => {
    const { c, started, back } = await roundTrip();
    await expect(c.finish(back, { ...started.checks, state: 'another-state' }, redirectUri)).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { c, started, back } = await roundTrip();
    await expect(c.finish(back, { ...started.checks, nonce: 'another-nonce' }, redirectUri)).rejects.toMatchObject({ kind: 'invalid-response', detail: expect.stringContaining('nonce') as unknown });
  });

  it('refuses a tampered ID token (claims changed after the provider signed it)', async () => {
    tamper = (body) => {
      const [header, payload, signature] = String(body.id_token).split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: '555123456792', nhsid_useruid: '555123456792' })).toString('base64url');
      return { ...body, id_token: `${header ?? ''}.${forged}.${signature ?? ''}` };
    };
    try {
      const { c, started, back } = await roundTrip();
      await expect(c.finish(back, started.checks, redirectUri)).rejects.toMatchObject({ kind: 'invalid-response' });
    } finally {
      tamper = undefined;
    }
  });

  it('refuses a session below the required assurance level', async () => {
    const { c, started, back } = await roundTrip('low-assurance');
    await expect(c.finish(back, started.checks, redirectUri)).rejects.toMatchObject({ kind: 'low-assurance' });
  });

  it('asks for a fresh authentication when re-authenticating (idle lock): prompt=login and max_age=0', async () => {
    const c = await client();
    const started = new URL((await c.start(redirectUri, { reauthenticate: true })).url);
    expect([started.searchParams.get('prompt'), started.searchParams.get('max_age')]).toEqual(['login', '0']);
  });

  it('says plainly when the provider cannot be reached (a wrong issuer)', async () => {
    await expect(
      Cis2Client.connect({ issuer: 'http://127.0.0.1:9/', clientId: 'x', privateKey, scope: 'openid', requiredAssuranceLevel: '3', allowHttp: true, timeoutMs: 2000 }),
    ).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('cannot be reached') as unknown });
  });
});

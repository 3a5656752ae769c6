import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIdentity } from '../../main/app/identity-connection';
import { DEFAULT_SETTINGS } from '../../main/config';
import type { IdentityService } from '../../main/identity/identity-service';
import { silentLogger } from '../../main/log/logger';
import { testClock } from '../support/clock';
import { pressSignIn } from '../support/cis2-browser';

describe('CIS2 sign-in against the sandbox stand-in', () => {
  let identity: IdentityService;
  beforeAll(async () => {
    identity = await connectIdentity({ settings: DEFAULT_SETTINGS, logger: silentLogger(), clock: testClock() });
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

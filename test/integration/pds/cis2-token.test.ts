/**
 * Issue 19: PDS is user-restricted. The embedded PDS stand-in answers only an access token the
 * embedded CIS2 stand-in issued and still stands behind; any other token — made up, run out, or
 * revoked at sign-out — gets PDS's 401, and the clinician is told plainly to sign in again, with
 * nothing about the patient shown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, SignInOutcome, SignInStarted, TraceAnswer } from '../../../preload/contract';
import { createApp, type App } from '../../../main/app/create-app';
import { silentLogger } from '../../../main/log/logger';
import { clockStartingAt } from '../../../main/workflow/clock';
import { pressSignIn } from '../../support/cis2-browser';
import { WEEKDAY_AFTERNOON } from '../../support/clock';
import { dispatcher } from '../../support/dispatch';
import { traceService } from './support';

/** The app's clock, moved by the test: the CIS2 stand-in's tokens run out by it, never by the wall clock. */
let offsetMs = 0;
const clock = (): Date => new Date(clockStartingAt(WEEKDAY_AFTERNOON)().getTime() + offsetMs);
const TOKEN_TTL_S = 600;

let app: App;
let dataDir: string;
const { call, ok } = dispatcher(() => app);

const JANE = { family: 'Smith', given: 'Jane', birthDate: '2010-10-22', gender: 'female' } as const;
const SIGN_IN_AGAIN = /sign-in has ended.*sign in again to trace the patient/i;

async function signIn(): Promise<void> {
  const started = await ok<SignInStarted>('session:beginSignIn', { purpose: 'session' });
  await fetch(await pressSignIn(started.url, 'clinician'));
  const outcome = await ok<SignInOutcome>('session:completeSignIn', { flowId: started.flowId });
  if (outcome.state !== 'done') throw new Error('sign-in still waiting');
}

function pdsBaseUrl(): string {
  const url = app.spine?.sandbox?.pds.baseUrl;
  if (url === undefined) throw new Error('no embedded PDS');
  return url;
}

async function sessionToken(): Promise<string> {
  const token = await app.identity?.session.accessToken();
  if (token === undefined) throw new Error('no session');
  return token;
}

/** What the clinician is shown when PDS refuses: the plain words, and nothing of the patient. */
function refusedPlainly(answer: TraceAnswer): void {
  expect(answer).toEqual({ kind: 'unavailable', message: expect.stringMatching(SIGN_IN_AGAIN) as unknown });
  const shown = JSON.stringify(answer);
  for (const leak of ['Smith', 'Jane', '9000000009', 'LS1 6AE', '401', 'ACCESS_DENIED']) expect(shown).not.toContain(leak);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bw-pds-cis2-'));
  app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger: silentLogger(), clock, cis2SignIn: true, sandboxAccessTokenTtl: TOKEN_TTL_S });
  await signIn();
});
afterAll(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PDS answers only a live token of the signed-in CIS2 session', () => {
  it('the signed-in session traces the patient', async () => {
    const answer = await ok<TraceAnswer>('patient:search', JANE);
    expect(answer).toMatchObject({ kind: 'matched', patient: { nhsNumber: '9000000009', family: 'Smith' } });
  });

  it('a made-up token is refused, as PDS refuses it (401 ACCESS_DENIED), with the plain message', async () => {
    const { service, audit } = traceService(pdsBaseUrl(), { accessToken: () => Promise.resolve('made-up-token-0123456789') });
    refusedPlainly(await service.search(JANE));
    refusedPlainly(await service.retrieve('9000000009'));
    expect(audit.events.at(-1)).toMatchObject({ outcome: 'unavailable', httpStatus: 401, detail: { reason: 'unauthorised' } });
  });

  it('a token CIS2 has revoked while the desk still holds it: the trace through the app says to sign in again, and shows no patient', async () => {
    const token = await sessionToken();
    const client = await app.identity?.client();
    expect(await client?.revoke({ accessToken: token, expiresIn: TOKEN_TTL_S })).toBe(true);
    refusedPlainly(await ok<TraceAnswer>('patient:search', JANE));
    refusedPlainly(await ok<TraceAnswer>('patient:retrieve', { nhsNumber: '9000000009' }));
    await ok<SessionInfo>('session:signOut', {});
    await signIn();
    expect(await ok<TraceAnswer>('patient:retrieve', { nhsNumber: '9000000009' })).toMatchObject({ kind: 'matched' });
  });

  it('after sign-out the token is revoked: PDS refuses it, and the app runs no trace at all', async () => {
    const token = await sessionToken();
    await ok<SessionInfo>('session:signOut', {});
    expect(await call('patient:search', JANE)).toMatchObject({ ok: false, error: { code: 'signed-out' } });
    const { service } = traceService(pdsBaseUrl(), { accessToken: () => Promise.resolve(token) });
    refusedPlainly(await service.search(JANE));
    await signIn();
  });

  it('an expired token is refused: past its lifetime PDS will not take it, and the app asks the user to sign in again', async () => {
    const token = await sessionToken();
    const { service } = traceService(pdsBaseUrl(), { accessToken: () => Promise.resolve(token) });
    expect(await service.search(JANE)).toMatchObject({ kind: 'matched' });
    offsetMs += (TOKEN_TTL_S + 1) * 1000;
    refusedPlainly(await service.search(JANE));
    expect(await call('patient:search', JANE)).toMatchObject({ ok: false, error: { code: 'signed-out', message: expect.stringContaining('session has ended') as unknown } });
  });
});

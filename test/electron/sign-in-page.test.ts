import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo, SignInOutcome, SignInStarted } from '../../preload/contract';
import { createApp, type App } from '../../main/app/create-app';
import { openSignInPage } from '../../main/electron/sign-in-page';
import { silentLogger } from '../../main/log/logger';
import { pressSignIn } from '../support/cis2-browser';
import { testClock } from '../support/clock';
import { resetFakeElectron, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => resetFakeElectron());

describe('the CIS2 sign-in page in the system browser', () => {
  it('opens an https page, or the sandbox stand-in on 127.0.0.1, and nothing else', async () => {
    await openSignInPage('https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/authorize?x=1');
    await openSignInPage('http://127.0.0.1:41000/auth?x=1');
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'http://cis2.example.com/auth', 'smb://host/share', 'not a url']) {
      await expect(openSignInPage(bad)).rejects.toThrow();
    }
    expect(shell.openExternal.mock.calls.map(([url]) => new URL(url).host)).toEqual(['am.nhsint.auth-ptl.cis2.spineservices.nhs.uk', '127.0.0.1:41000']);
  });
});

describe('the desktop app’s loopback redirect (RFC 8252)', () => {
  let app: App;
  let dataDir: string;
  afterEach(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens CIS2 in the system browser and takes the redirect on 127.0.0.1 within the settings’ ports, listening only while a sign-in waits', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bw-loopback-'));
    const settingsFile = join(dataDir, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ mode: 'sandbox', sandbox: { cis2: { redirectPorts: { from: 47_150, to: 47_152 } } } }));
    app = await createApp({ dataDir, settingsFile, logger: silentLogger(), clock: testClock(), cis2SignIn: true, openExternal: openSignInPage });
    const call = async <T>(channel: string, request: unknown): Promise<T> => {
      const r = await app.dispatch(channel, request, { transport: 'ipc' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    const started = await call<SignInStarted>('session:beginSignIn', { purpose: 'session' });
    expect(started.opened).toBe(true);
    const opened = shell.openExternal.mock.calls[0]?.[0] ?? '';
    const redirect = new URL(new URL(opened).searchParams.get('redirect_uri') ?? '');
    expect(redirect.hostname).toBe('127.0.0.1');
    expect(Number(redirect.port)).toBeGreaterThanOrEqual(47_150);
    expect(Number(redirect.port)).toBeLessThanOrEqual(47_152);
    // The system browser: the user presses the default test user, CIS2 sends it back to the loopback listener.
    const back = await pressSignIn(opened, 'clinician');
    expect(back.origin).toBe(redirect.origin);
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are signed in');
    const done = await call<SignInOutcome>('session:completeSignIn', { flowId: started.flowId });
    expect(done.state === 'done' && done.session.user.displayName).toBe('Alex Morgan');
    expect((await call<SessionInfo>('session:get', {})).signIn?.state).toBe('signed-in');
    // Nothing waits now: the listener is closed.
    await expect(fetch(back)).rejects.toThrow();
  });
});

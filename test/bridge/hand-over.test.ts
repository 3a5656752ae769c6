import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge, type Bridge } from '../../main/bridge';
import { SIGN_IN_CODE_LIFETIME_MS, SignInCodes } from '../../main/bridge/sign-in';
import { silentLogger } from '../../main/log/logger';
import { browserArgs } from '../../main/web/browser';
import { sweepHandOvers, writeHandOver } from '../../main/web/hand-over';

const root = mkdtempSync(join(tmpdir(), 'bw-hand-over-'));
const staticDir = join(root, 'static');
const dataDir = join(root, 'data');
let bridge: Bridge;
let signIns = 0;

beforeAll(async () => {
  mkdirSync(staticDir);
  mkdirSync(dataDir, { mode: 0o700 });
  bridge = await startBridge({ dispatch: () => Promise.resolve({ ok: true, value: {} }), staticDir, logger: silentLogger(), onSignIn: () => (signIns += 1) });
});
afterAll(async () => {
  await bridge.close();
  rmSync(root, { recursive: true, force: true });
});

/** The code as the page would post it: read from the page, as Chromium does. */
function codeIn(file: string): string {
  const match = /name="code" value="([A-Za-z0-9_-]+)"/.exec(readFileSync(file, 'utf8'));
  if (match?.[1] === undefined) throw new Error('no code in the hand-over page');
  return match[1];
}

/** What the file:// page's form submission looks like to the bridge. */
function post(code: string, origin = 'null') {
  return fetch(bridge.signInAction, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams({ code }).toString(),
  });
}

function manualTimer() {
  const pending: (() => void)[] = [];
  return {
    setTimer: (run: () => void) => {
      pending.push(run);
      return () => pending.splice(pending.indexOf(run), 1);
    },
    fire: () => pending.splice(0).forEach((run) => run()),
  };
}

describe('the sign-in hand-over page', () => {
  it('is readable by its user only (0600 in a fresh 0700 folder), and its address holds no code', () => {
    const handOver = writeHandOver(bridge, dataDir);
    try {
      expect(statSync(handOver.folder).mode & 0o777).toBe(0o700);
      expect(statSync(handOver.file).mode & 0o777).toBe(0o600);
      expect(fileURLToPath(handOver.url)).toBe(handOver.file);
      const code = codeIn(handOver.file);
      expect(handOver.url).not.toContain(code);
      // The window's command line (world-readable in /proc) has the address, never the code.
      const args = browserArgs(handOver.url, dataDir).join(' ');
      expect(args).toContain(handOver.url);
      expect(args).not.toContain(code);
      // The page posts the code; the address it posts to has no code in it either.
      expect(readFileSync(handOver.file, 'utf8')).toContain(`<form method="post" action="${bridge.signInAction}">`);
    } finally {
      handOver.cancel();
    }
  });

  it('signs the window in once: cookie set, page and folder deleted, the same code then refused', async () => {
    const handOver = writeHandOver(bridge, dataDir);
    const code = codeIn(handOver.file);
    const before = signIns;
    const first = await post(code);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toMatch(new RegExp(`^${bridge.cookieName}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict`));
    expect(signIns).toBe(before + 1);
    expect(existsSync(handOver.file)).toBe(false);
    expect(existsSync(handOver.folder)).toBe(false);

    const again = await post(code);
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('already been used or has expired');
    expect((await fetch(`${bridge.origin}/sign-in?code=${code}`, { redirect: 'manual' })).status).toBe(403);
  });

  it('deletes the page and spends its code when its time runs out unused', async () => {
    const timer = manualTimer();
    const handOver = writeHandOver(bridge, dataDir, { setTimer: timer.setTimer });
    const code = codeIn(handOver.file);
    timer.fire();
    expect(existsSync(handOver.folder)).toBe(false);
    expect((await post(code)).status).toBe(403);
  });

  it('accepts the null origin of a file:// page only for sign-in, and never from a web site', async () => {
    const handOver = writeHandOver(bridge, dataDir);
    const code = codeIn(handOver.file);
    // A web page that somehow knew the code is refused without spending it.
    const fromSite = await post(code, 'https://evil.example');
    expect(fromSite.status).toBe(403);
    expect(fromSite.headers.get('set-cookie')).toBeNull();
    expect(existsSync(handOver.file)).toBe(true);
    // An unknown code with the null origin gets nothing.
    expect((await post('A'.repeat(32))).status).toBe(403);
    const cookie = ((await post(code)).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).not.toBe('');
    // With the cookie, an API call from a null origin is still refused: only the app's own page may call.
    const call = await fetch(`${bridge.origin}/api/case:list`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: 'null' }, body: '{}' });
    expect(call.status).toBe(403);
  });

  it('does not let a HEAD (a link preview) spend a printed link', async () => {
    const link = bridge.signInUrl();
    expect((await fetch(link, { method: 'HEAD', redirect: 'manual' })).status).toBe(405);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
  });

  it('clears pages a stopped run left behind', () => {
    const left = writeHandOver(bridge, dataDir, { setTimer: manualTimer().setTimer });
    sweepHandOvers(dataDir);
    expect(existsSync(left.folder)).toBe(false);
  });

  it('refuses to put anything but a hand-over page on the window command line', () => {
    expect(() => browserArgs(bridge.signInUrl(), dataDir)).toThrow(/hand-over page/);
  });
});

describe('one-time sign-in codes', () => {
  it('work once, within their lifetime, and tell their page to go only when really used', () => {
    let now = 0;
    const codes = new SignInCodes(() => now);
    let used = 0;
    const code = codes.issue(() => (used += 1));
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    expect(used).toBe(1);

    const late = codes.issue(() => (used += 1));
    now += SIGN_IN_CODE_LIFETIME_MS + 1;
    expect(codes.redeem(late)).toBe(false);
    const revoked = codes.issue(() => (used += 1));
    codes.revoke(revoked);
    expect(codes.redeem(revoked)).toBe(false);
    expect(used).toBe(1);
  });
});

import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app/create-app';
import { startBridge, type Bridge } from '../../main/bridge';
import { createFileLogger } from '../../main/log/logger';
import { browserArgs } from '../../main/web/browser';
import { writeHandOver } from '../../main/web/hand-over';
import { CHROMIUM_PATH } from '../e2e/support/chromium';
import { patientWithNhsNumber } from '../support/patients';

const OTHER = 'bwother';
const isRoot = process.getuid?.() === 0;
const canRun = isRoot && spawnSync(CHROMIUM_PATH, ['--version']).status === 0;
if (!canRun) {
  console.warn(
    isRoot
      ? `Skipping the second-OS-user test: ${CHROMIUM_PATH} is not installed.`
      : 'Skipping the second-OS-user test: it creates a second OS user with useradd, which needs root (run the suite as root, as CI does).',
  );
}

/** Runs a command as the other OS user and returns its exit code and output. */
function asOther(command: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync('runuser', ['-u', OTHER, '--', command, ...args], { encoding: 'utf8', cwd: '/' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** What another local user tries: the sign-in link or the secret, against the bridge, from their own account (async: the bridge runs in this process).
 * Written raw, not with console.log, which colours numbers when the runner sets FORCE_COLOR. */
function tryAsOther(url: string, cookie?: string): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}, { method: ${cookie === undefined ? "'GET'" : "'POST'"}, redirect: 'manual', headers: ${JSON.stringify(
    cookie === undefined ? {} : { 'Content-Type': 'application/json', Cookie: cookie, Origin: new URL(url).origin },
  )}, ${cookie === undefined ? '' : "body: '{}'"} }).then((r) => process.stdout.write(r.status + ' ' + (r.headers.get('set-cookie') ?? 'no-cookie')))`;
  return new Promise((resolve) => {
    execFile('runuser', ['-u', OTHER, '--', process.execPath, '-e', script], { cwd: '/' }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`.trim()));
  });
}

describe.skipIf(!canRun)('another OS user on the same machine', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'bw-other-')), 'data');
  let app: App;
  let bridge: Bridge;
  let browser: ChildProcess;
  let link = '';
  let code = '';
  // Only a user this run made is removed: one that was already there may be another run's.
  let createdUser = false;

  beforeAll(async () => {
    if (spawnSync('id', [OTHER]).status !== 0) {
      execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', OTHER]);
      createdUser = true;
    }
    chmodSync(join(dataDir, '..'), 0o755);
    // A data folder that starts out open to everyone, as an old install or a careless copy leaves it.
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const logger = await createFileLogger(dataDir, 'info');
    app = await createApp({ dataDir, settingsFile: join(dataDir, 'none.json'), logger });
    const result = await app.dispatch('case:start', { patient: patientWithNhsNumber(), dispositionCode: 'Dx05' }, { transport: 'http' });
    expect(result.ok).toBe(true);
    let signedIn: () => void = () => undefined;
    const signIn = new Promise<void>((resolve) => (signedIn = resolve));
    const staticDir = mkdtempSync(join(tmpdir(), 'bw-other-static-'));
    bridge = await startBridge({ dispatch: app.dispatch, staticDir, logger, onSignIn: () => signedIn() });
    const handOver = writeHandOver(bridge, dataDir);
    link = handOver.url;
    code = /name="code" value="([A-Za-z0-9_-]+)"/.exec(readFileSync(handOver.file, 'utf8'))?.[1] ?? '';
    // The app window exactly as the browser build opens it (headless here; root needs --no-sandbox).
    browser = spawn(CHROMIUM_PATH, ['--headless', '--no-sandbox', '--disable-gpu', ...browserArgs(link, dataDir)], { stdio: 'ignore', detached: true });
    await signIn;
    // Let Chromium write its profile (history, cookies, session) to disk.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }, 120_000);

  afterAll(async () => {
    // Chromium's helper processes keep writing the profile after the main one dies: end the whole
    // group and wait for it before removing the folder (a rmdir raced them once: ENOTEMPTY).
    const exited = new Promise((resolve) => browser.once('exit', resolve));
    try {
      if (browser.pid !== undefined) process.kill(-browser.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    if (browser.exitCode === null && browser.signalCode === null) await exited;
    await bridge.close();
    await app.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    if (createdUser) spawnSync('userdel', [OTHER]);
  });

  it('sees only the hand-over page address on the command line (ps): no sign-in code, never the session secret', async () => {
    const ps = asOther('ps', ['-eo', 'args']).out;
    expect(ps).toContain(`--app=${link}`);
    expect(code).not.toBe('');
    expect(ps).not.toContain(code);
    expect(ps).not.toContain(bridge.token);
    // The page itself is gone once the window used it, and its code with it.
    expect(asOther('cat', [fileURLToPath(link)]).status).not.toBe(0);
    expect(await tryAsOther(`${bridge.origin}/sign-in?code=${code}`)).toBe('403 no-cookie');
  });

  it('cannot list or read the data folder: store, logs and browser profile', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(asOther('ls', [dataDir]).status).not.toBe(0);
    expect(asOther('cat', [join(dataDir, 'workstation.sqlite')]).status).not.toBe(0);
    expect(asOther('ls', [join(dataDir, 'browser-profile')]).status).not.toBe(0);
    expect(asOther('ls', [join(dataDir, 'logs')]).status).not.toBe(0);
  });

  it('would find no working credential in the browser profile even if it could read it', async () => {
    const files = filesUnder(join(dataDir, 'browser-profile'));
    expect(files.length).toBeGreaterThan(0);
    const codes = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      expect(text.includes(bridge.token), `${file} holds the session secret`).toBe(false);
      if (text.includes(code)) codes.add(code);
      for (const m of text.matchAll(/sign-in\?code=([A-Za-z0-9_-]{20,})/g)) if (m[1] !== undefined) codes.add(m[1]);
    }
    for (const code of codes) expect(await tryAsOther(`${bridge.origin}/sign-in?code=${code}`)).toBe('403 no-cookie');
  });

  it('cannot call the bridge without the secret, even with a guessed cookie', async () => {
    expect(await tryAsOther(`${bridge.origin}/api/booking:find`, `${bridge.cookieName}=${'x'.repeat(43)}`)).toMatch(/^401/);
  });
});

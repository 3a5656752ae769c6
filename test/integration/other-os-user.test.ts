/**
 * Shared clinical desktops: a second, unprivileged OS user on the same machine watches every
 * process's command line and environment and every file it can reach while the browser build
 * opens its window, and tries whatever looks like a sign-in code against the bridge. It must get
 * no session cookie and no patient data. Needs root (to create the second user, as CI runs);
 * skipped with a reason elsewhere, but under CI=true a missing precondition fails the run.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge } from '../../main/bridge';
import { silentLogger } from '../../main/log/logger';
import { CHROMIUM_PATH } from '../e2e/support/chromium';

const OTHER = 'bwprober';
const REPO = join(import.meta.dirname, '..', '..');
const PROBE = join(import.meta.dirname, 'support', 'other-user-probe.mjs');

function unmetPrecondition(): string | undefined {
  if (process.platform !== 'linux') return 'it needs Linux (/proc, runuser)';
  if (process.getuid?.() !== 0) return 'it creates a second OS user with useradd, which needs root (CI runs as root)';
  for (const tool of ['useradd', 'userdel', 'runuser']) if (spawnSync('which', [tool]).status !== 0) return `${tool} is not installed`;
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} is not installed`;
  return undefined;
}
const unmet = unmetPrecondition();
if (unmet !== undefined) {
  if (process.env.CI === 'true') throw new Error(`CI: the second-OS-user sign-in test must run, but ${unmet}`);
  console.warn(`Skipping the second-OS-user sign-in test: ${unmet}.`);
}

interface ProbeReport {
  cmdlines: number;
  environs: number;
  environsRefused: number;
  filesRead: number;
  sawAppWindow: boolean;
  candidates: number;
  tries: number;
  cookies: string[];
  patientData: string[];
}

/** Polls until `done` holds, at most `limitMs`; false if it never did. */
async function waitFor(done: () => boolean, limitMs: number): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 100) {
    if (done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done();
}

/** Starts the probe as the other user; resolves once it is polling, with a promise of its report. */
async function startProbe(originFile: string, stopFile: string, maxMs: number, folders: string[]): Promise<{ report: Promise<ProbeReport>; child: ChildProcess }> {
  const child = spawn('runuser', ['-u', OTHER, '--', process.execPath, PROBE, originFile, stopFile, String(maxMs), ...folders], { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const report = new Promise<ProbeReport>((resolve, reject) => {
    child.once('exit', () => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as ProbeReport);
      } catch {
        reject(new Error(`the probe gave no report: ${out} ${err}`));
      }
    });
  });
  if (!(await waitFor(() => out.includes('polling'), 15_000))) throw new Error(`the probe did not start: ${err}`);
  return { report, child };
}

describe.skipIf(unmet !== undefined)('another OS user while the browser build opens its window', () => {
  const root = mkdtempSync(join(tmpdir(), 'bw-os-user-'));
  const dataDir = join(root, 'data');
  const originFile = join(root, 'origin.txt');
  const stopFile = join(root, 'stop');
  let createdUser = false;
  let app: ChildProcess | undefined;
  let chromiumPid: number | undefined;
  let appOut = '';

  beforeAll(() => {
    if (spawnSync('id', [OTHER]).status !== 0) {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OTHER]);
      createdUser = true;
    }
    // Like /tmp itself: the other user may look around and read whatever is left open.
    chmodSync(root, 0o755);
    const bin = join(root, 'bin');
    mkdirSync(bin, { mode: 0o755 });
    // The real Chromium, headless (no display here; root needs --no-sandbox). The shim records its pid
    // so the test can end the whole browser; `exec` keeps the same process and command line.
    writeFileSync(join(bin, 'chromium'), `#!/bin/sh\necho $$ > ${join(root, 'chromium.pid')}\nexec ${CHROMIUM_PATH} --headless --no-sandbox --disable-gpu "$@"\n`, { mode: 0o755 });
    const staticDir = join(root, 'renderer');
    mkdirSync(staticDir, { mode: 0o755 });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Booking Workstation</title>');
  });

  afterAll(async () => {
    writeFileSync(stopFile, '');
    if (chromiumPid !== undefined) {
      try {
        process.kill(-chromiumPid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await waitFor(() => !existsSync(`/proc/${String(chromiumPid)}`), 10_000);
    }
    if (app !== undefined && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app?.once('exit', resolve));
      app.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    if (createdUser) spawnSync('userdel', [OTHER]);
  }, 60_000);

  it('gets no session cookie and no patient data from the sign-in hand-over', async () => {
    const probe = await startProbe(originFile, stopFile, 90_000, [root, '/tmp']);
    app = spawn(process.execPath, ['--import', 'tsx', 'main/web/serve.ts', '--data-dir', dataDir, '--renderer-dir', join(root, 'renderer')], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`,
        DISPLAY: ':99',
        BW_AUDIT_ANCHOR_DIR: join(root, 'anchors'),
        LOG_LEVEL: 'info',
      },
    });
    app.stdout?.on('data', (chunk: Buffer) => (appOut += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (appOut += chunk.toString()));

    const origin = (): string | undefined => /is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(appOut)?.[1];
    expect(await waitFor(() => origin() !== undefined, 60_000), appOut).toBe(true);
    // Where the bridge listens is no secret (/proc/net/tcp shows it): give it to the other user.
    writeFileSync(originFile, origin() ?? '', { mode: 0o644 });
    chmodSync(originFile, 0o644);

    // The window opens and signs in: its hand-over page is used and deleted.
    expect(await waitFor(() => appOut.includes('Opened the app in chromium'), 60_000), appOut).toBe(true);
    chromiumPid = Number(readFileSync(join(root, 'chromium.pid'), 'utf8').trim());
    const handOvers = (): string[] => readdirSync(dataDir).filter((name) => name.startsWith('sign-in-'));
    const pageUsed = await waitFor(() => handOvers().length === 0, 30_000);
    const logs = (): string =>
      readdirSync(join(dataDir, 'logs'))
        .map((name) => readFileSync(join(dataDir, 'logs', name), 'utf8'))
        .join('\n');
    const signedIn = await waitFor(() => logs().includes('a browser window signed in'), 15_000);

    // The other user has had the whole window to try; give it a moment more, then take its report.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writeFileSync(stopFile, '');
    chmodSync(stopFile, 0o644);
    const report = await probe.report;

    expect(report.sawAppWindow, 'the probe never saw the app window open: it proves nothing').toBe(true);
    expect(report.cmdlines).toBeGreaterThan(0);
    expect(report.environs + report.environsRefused).toBeGreaterThan(0);
    expect(report.cookies).toEqual([]);
    expect(report.patientData).toEqual([]);
    expect(report.tries).toBeGreaterThan(0);
    // And the clinician's own window did sign in, through its hand-over page.
    expect(pageUsed, 'the hand-over page was not used').toBe(true);
    expect(signedIn, 'the window did not sign in').toBe(true);
  }, 180_000);

  it('would have got in had a code been on a command line (the probe is not blind)', async () => {
    // The shape the adversarial run exploited: a sign-in link on a process's command line.
    const staticDir = mkdtempSync(join(root, 'control-'));
    const bridge = await startBridge({
      dispatch: (channel) => Promise.resolve(channel === 'case:list' ? { ok: true, value: { cases: [{ family: 'Okonkwo', birthDate: '1958-04-17' }] } } : { ok: true, value: {} }),
      staticDir,
      logger: silentLogger(),
    });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', bridge.signInUrl()], { stdio: 'ignore' });
    const controlOrigin = join(root, 'control-origin.txt');
    const controlStop = join(root, 'control-stop');
    writeFileSync(controlOrigin, bridge.origin, { mode: 0o644 });
    try {
      const probe = await startProbe(controlOrigin, controlStop, 20_000, [staticDir]);
      await waitFor(() => false, 3000);
      writeFileSync(controlStop, '');
      const report = await probe.report;
      expect(report.cookies.length).toBeGreaterThan(0);
      expect(report.patientData.join('')).toContain('Okonkwo');
    } finally {
      holder.kill('SIGKILL');
      await bridge.close();
    }
  }, 60_000);
});

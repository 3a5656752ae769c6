import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export type OpenResult = { opened: true; browser: string } | { opened: false; reason: string };

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'microsoft-edge'];
/** A browser that fails to start (no display, refused to run) exits within this; one still running has a window. */
const SETTLE_MS = 3000;

/**
 * The command line of the app window. Every account on the machine can read it (/proc/<pid>/cmdline,
 * `ps`), so it carries no credential at all: only the file:// address of a hand-over page that this
 * account alone can read (see hand-over.ts) and a browser profile inside the private data folder.
 * A link with a sign-in code was redeemed by another user first on shared desktops; anything but a
 * file:// address is refused here so that cannot come back.
 */
export function browserArgs(url: string, dataDir: string): string[] {
  if (!url.startsWith('file://')) throw new Error('the app window is opened only through a hand-over page (a file:// address), never a sign-in link');
  return [
    `--app=${url}`,
    `--user-data-dir=${join(dataDir, 'browser-profile')}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/** Opens an app window, or says plainly why none could be opened. */
export function openBrowserWindow(url: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenResult> {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return Promise.resolve({ opened: false, reason: 'this session has no display (no DISPLAY or WAYLAND_DISPLAY)' });
  }
  const browser = CANDIDATES.find((b) => spawnSync('which', [b]).status === 0);
  if (browser === undefined) return Promise.resolve({ opened: false, reason: 'no Chromium, Chrome or Edge was found on the PATH' });
  return new Promise((resolve) => {
    const child = spawn(browser, browserArgs(url, dataDir), { detached: true, stdio: 'ignore', env });
    const timer = setTimeout(() => {
      child.unref();
      resolve({ opened: true, browser });
    }, SETTLE_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ opened: false, reason: `${browser} could not be started (${error.message})` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ opened: true, browser });
      else resolve({ opened: false, reason: `${browser} closed at once (${signal ?? `exit code ${String(code)}`})` });
    });
  });
}

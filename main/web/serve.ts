/**
 * The browser build: the same main-process services behind the local HTTP bridge, for machines
 * where Electron cannot launch. `npm run start:web` (or `npm start` without Electron) runs this.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/create-app';
import { defaultAnchorDir } from '../audit/outside-anchor';
import { webLaunchOptions } from '../app/launch-options';
import { startBridge } from '../bridge';
import { defaultDataDir } from '../config';
import { createFileLogger } from '../log/logger';
import { openBrowserWindow } from './browser';
import { sweepHandOvers, writeHandOver, type HandOver } from './hand-over';

// Every file the app creates from here on (store, WAL, logs, browser profile) is its user's alone.
if (process.platform !== 'win32') process.umask(0o077);

let launch: ReturnType<typeof webLaunchOptions>;
try {
  launch = webLaunchOptions(process.argv.slice(2), {
    port: { type: 'string', default: '0' },
    'no-open': { type: 'boolean', default: false },
    'renderer-dir': { type: 'string' },
  });
} catch (error) {
  console.error(`Booking Workstation could not start: ${(error as Error).message}`);
  process.exit(2);
}
const { desk, values } = launch;
const here = dirname(fileURLToPath(import.meta.url));
const dataDir = desk.dataDir ?? defaultDataDir();
const rendererDir = typeof values['renderer-dir'] === 'string' ? values['renderer-dir'] : join(here, '..', 'renderer');

try {
  await main();
} catch (error) {
  // A plain sentence for the person at the keyboard; the detail is in the log when there is one.
  console.error(`Booking Workstation could not start: ${(error as Error).message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const logger = await createFileLogger(dataDir, process.env.LOG_LEVEL ?? 'info');
  const app = await createApp({
    dataDir,
    logger,
    auditAnchorDir: defaultAnchorDir(),
    ...(desk.settingsFile === undefined ? {} : { settingsFile: desk.settingsFile }),
    ...(desk.workstation === undefined ? {} : { workstation: desk.workstation }),
    cis2SignIn: true,
  });
  const problem = app.startupProblem;

  if (problem?.kind === 'already-running') {
    console.log(`${problem.message}\n${problem.action}`);
    const pid = app.runningElsewhere?.pid;
    // Only the same user (or root) may signal that process: it opens a new signed-in window, or prints a new link.
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(pid, 'SIGUSR1');
        console.log('Asked the running app to open a new window (or print a new sign-in link in its terminal).');
      } catch {
        console.log('The running app could not be reached from this account.');
      }
    }
    process.exit(2);
  }

  sweepHandOvers(dataDir);
  const identity = app.identity;
  const bridge = await startBridge({
    dispatch: app.dispatch,
    staticDir: rendererDir,
    logger,
    port: Number(values.port),
    ...(identity === undefined ? {} : { onCis2Callback: (url: URL) => identity.flows.callback(url) }),
  });
  // The browser build's CIS2 redirect comes back to the bridge itself (for live CIS2, run it with --port inside cis2.redirectPorts).
  identity?.flows.useReceiver({ redirectUri: () => Promise.resolve(`${bridge.origin}/cis2/callback`) });
  app.instance?.announce({ origin: bridge.origin });

  console.log(`Booking Workstation (${app.session.environment}) is running at ${bridge.origin}`);
  console.log(`Data folder: ${dataDir}`);
  if (app.session.configProblems !== undefined) console.log('Configuration problem: the app will show what to fix.');
  if (problem !== undefined) console.log(`${problem.message}\n${problem.action}`);
  logger.info({ origin: bridge.origin, mode: app.session.environment, problem: problem?.kind }, 'browser build started');

  // The printed link goes only to this terminal (only its user can read it); never to a command line.
  const printLink = (): void =>
    console.log(`Open this link in Chromium, Chrome or Edge on this computer (it works once, within 2 minutes):\n  ${bridge.signInUrl()}`);
  const pending = new Set<HandOver>();

  async function openWindow(): Promise<void> {
    if (values['no-open'] === true) return printLink();
    const handOver = writeHandOver(bridge, dataDir);
    pending.add(handOver);
    const result = await openBrowserWindow(handOver.url, dataDir);
    if (result.opened) {
      console.log(`Opened the app in ${result.browser}. To open another window, start the app again.`);
    } else {
      handOver.cancel();
      pending.delete(handOver);
      console.log(`No browser window could be opened: ${result.reason}.`);
      printLink();
    }
  }
  await openWindow();
  process.on('SIGUSR1', () => void openWindow());

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    for (const handOver of pending) handOver.cancel();
    await bridge.close();
    await app.close();
    logger.info('browser build stopped');
    process.exit(0);
  }
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

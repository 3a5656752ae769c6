/**
 * The browser build: the same main-process services behind the local HTTP bridge, for machines
 * where Electron cannot launch. `npm run start:web` (or `npm start` without Electron) runs this.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app';
import { startBridge } from '../bridge';
import { defaultDataDir } from '../config';
import { createFileLogger } from '../log/logger';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'no-open': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string' },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = values['data-dir'] ?? defaultDataDir();
const rendererDir = values['renderer-dir'] ?? join(here, '..', 'renderer');

const logger = await createFileLogger(dataDir, process.env.LOG_LEVEL ?? 'info');
const app = await createApp({ dataDir, logger });
const bridge = await startBridge({ dispatch: app.dispatch, staticDir: rendererDir, logger, port: Number(values.port) });

console.log(`Booking Workstation (${app.session.environment}) is running at:\n  ${bridge.url}`);
console.log(`Data folder: ${dataDir}`);
if (app.session.configProblems !== undefined) console.log('Configuration problem: the app will show what to fix.');
logger.info({ origin: bridge.origin, mode: app.session.environment }, 'browser build started');

if (!values['no-open']) openBrowser(bridge.url);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await bridge.close();
  await app.close();
  logger.info('browser build stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

function openBrowser(url: string): void {
  const found = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('which', [b]).status === 0);
  if (found === undefined) {
    console.log('Open the address above in Chromium, Chrome or Edge.');
    return;
  }
  const child = spawn(found, [`--app=${url}`, '--no-first-run', '--disable-background-networking', '--disable-component-update'], {
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', () => console.log('Could not open Chromium: open the address above yourself.'));
  child.unref();
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../main/app/create-app';
import { SANDBOX_PLACEHOLDER_TOKEN } from '../../../main/app/pds-connection';
import type { ReconcilerOptions } from '../../../main/workflow/reconciler';
import { startBridge, type Bridge } from '../../../main/bridge';
import { silentLogger } from '../../../main/log/logger';
import type { Clock } from '../../../main/workflow/clock';
import { testClock } from '../../support/clock';

export const RENDERER_DIR = join(import.meta.dirname, '..', '..', '..', 'dist', 'renderer');

export interface RunningWorkstation {
  app: App;
  bridge: Bridge;
  dataDir: string;
  /** The app's clock (and the sandbox's): the browser's pages are set to it too. */
  clock: Clock;
  /** A fresh one-time sign-in link each time it is read (each link works once). */
  readonly url: string;
  close(): Promise<void>;
}

/** The real browser build, in-process: createApp + the HTTP bridge over a fresh data folder. */
/** `profile: null` writes no profile.json: the user's first run. */
/** `now`: the instant the app's clock starts at (default a weekday afternoon, never the machine's clock). */
export async function startWorkstation(
  options: { settings?: unknown; profile?: unknown; /** sign in with the sandbox's CIS2 stand-in (no typed profile) */ cis2?: boolean; reconciler?: Partial<ReconcilerOptions>; /** the desk's name (default: the host name) */ workstation?: string; now?: Date; /** one clock shared by several desks (two desks on one machine read one clock) */ clock?: Clock; /** an existing data folder (e.g. a crash image); deleted on close like a fresh one */ dataDir?: string } = {},
): Promise<RunningWorkstation> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the renderer could not be built');
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bw-e2e-'));
  const settingsFile = join(dataDir, 'settings.json');
  if (options.settings !== undefined) writeFileSync(settingsFile, JSON.stringify(options.settings));
  if (options.profile !== null) {
    writeFileSync(
      join(dataDir, 'profile.json'),
      JSON.stringify(options.profile ?? { displayName: 'Alex Morgan', title: 'Dr', sdsUserId: '555123456789', sdsRoleProfileId: '555987654321', clinician: true, role: 'Clinical navigator' }),
    );
  }
  const logger = silentLogger();
  const clock = options.clock ?? testClock(options.now);
  // The reconciler checks lost answers within a second or two, so a test sees them settle.
  const app = await createApp({
    dataDir,
    settingsFile,
    logger,
    clock,
    reconciler: options.reconciler ?? { baseDelayMs: 1_000, tickMs: 250 },
    ...(options.workstation === undefined ? {} : { workstation: options.workstation }),
    // Signed in with the CIS2 stand-in, PDS checks the session's token with it; a typed-profile desk's placeholder is let through here only (test only).
    ...(options.cis2 === true ? { cis2SignIn: true } : { sandboxPdsAcceptToken: (token: string) => token === SANDBOX_PLACEHOLDER_TOKEN }),
  });
  const identity = app.identity;
  const bridge = await startBridge({
    dispatch: app.dispatch,
    staticDir: RENDERER_DIR,
    logger,
    ...(identity === undefined ? {} : { onCis2Callback: (url: URL) => identity.flows.callback(url) }),
  });
  // As the browser build does (main/web/serve.ts): CIS2 comes back to the bridge's own redirect endpoint.
  identity?.flows.useReceiver({ redirectUri: () => Promise.resolve(`${bridge.origin}/cis2/callback`) });
  return {
    app,
    bridge,
    dataDir,
    clock,
    get url() {
      return bridge.signInUrl();
    },
    close: async () => {
      await bridge.close();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

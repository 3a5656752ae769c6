/**
 * The Electron shell: window, security and IPC registration only. Everything else is the
 * plain-Node service layer that the browser build runs too.
 */
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { openSignInPage } from './sign-in-page';
import { createApp, type App } from '../app/create-app';
import { shellLaunchOptions, type DeskLaunchOptions } from '../app/launch-options';
import { createFileLogger } from '../log/logger';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { safeStorageAuditKey } from './audit-key';
import { safeSecretReader } from './safe-secrets';
import { lockDownSession } from './security';
import { createMainWindow, distPath } from './window';

// Every file the app creates (store, WAL, logs, Chromium profile) is its user's alone.
if (process.platform !== 'win32') process.umask(0o077);
app.enableSandbox();
registerAppScheme();

/** `npm start -- --settings … --workstation … --data-dir …`, as the browser build takes them (main/app/launch-options.ts). */
let launch: DeskLaunchOptions | undefined;
try {
  launch = shellLaunchOptions(process.argv.slice(1));
  // Before the single-instance lock, which is per user-data folder: two desks on one machine are two folders.
  if (launch.dataDir !== undefined) app.setPath('userData', launch.dataDir);
} catch (error) {
  const message = (error as Error).message;
  console.error(`Booking Workstation could not start: ${message}`);
  void app.whenReady().then(() => {
    dialog.showErrorBox('Booking Workstation could not start', message);
    app.exit(2);
  });
}
// A second start for the same data folder hands over to the first (second-instance below) and
// must open nothing: app.quit() does not stop whenReady() from resolving.
const primary = launch !== undefined && app.requestSingleInstanceLock();
if (launch !== undefined && !primary) app.quit();

let running: App | undefined;
/** Only this window's page may call main over IPC (ipc.ts); set once it exists. */
let mainContentsId: number | undefined;

async function start(options: DeskLaunchOptions): Promise<void> {
  const dataDir = app.getPath('userData');
  const logger = await createFileLogger(dataDir, 'info');
  lockDownSession(session.defaultSession);
  serveRenderer(distPath('renderer'));
  running = await createApp({
    dataDir,
    logger,
    safeSecrets: safeSecretReader(dataDir),
    auditKey: safeStorageAuditKey(dataDir),
    ...(options.settingsFile === undefined ? {} : { settingsFile: options.settingsFile }),
    ...(options.workstation === undefined ? {} : { workstation: options.workstation }),
    // CIS2 in the system browser with a loopback redirect (RFC 8252), never in an embedded window.
    cis2SignIn: true,
    openExternal: (url) => openSignInPage(url),
  });
  registerIpc(running.dispatch, logger, (contents) => contents.id === mainContentsId);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { role: 'togglefullscreen' }] },
    ]),
  );
  mainContentsId = createMainWindow(distPath('preload', 'preload.cjs')).webContents.id;
}

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win !== undefined) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  void running?.close();
});

if (launch !== undefined && primary) {
  const options = launch;
  app
    .whenReady()
    .then(() => start(options))
    .catch((error: unknown) => {
      dialog.showErrorBox('Booking Workstation could not start', (error as Error).message);
      app.quit();
    });
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
// The service layer is tested on its own; here only the shell's wiring around it matters.
vi.mock('../../main/app/create-app', () => ({
  createApp: vi.fn(() => Promise.resolve({ dispatch: vi.fn(() => Promise.resolve({ ok: true, value: 'answered' })), close: vi.fn(() => Promise.resolve()) })),
}));
vi.mock('../../main/log/logger', async (importOriginal) => {
  const real = await importOriginal<{ silentLogger: () => unknown }>();
  return { ...real, createFileLogger: vi.fn(() => Promise.resolve(real.silentLogger())) };
});

type Fake = typeof electron;

const realArgv = process.argv;
let umask: ReturnType<typeof vi.fn<(mask: string | number) => number>>;

beforeEach(() => {
  // main.ts sets the process's umask; the test runner's own must stay as it is.
  umask = vi.fn<(mask: string | number) => number>(() => 0o022);
  vi.spyOn(process, 'umask').mockImplementation(umask);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  process.argv = realArgv;
  vi.restoreAllMocks();
});

/** Loads the shell afresh as Electron would run dist/main/electron.cjs, with `args` after the app path. */
async function launch(args: string[] = [], before: (fake: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  electron.resetFakeElectron();
  before(electron);
  process.argv = ['/opt/booking-workstation/booking-workstation', ...args];
  await import('../../main/electron/main');
  return electron;
}

/** Waits until start() has opened the window (every fake answers at once, but modules load first). */
async function started(fake: Fake): Promise<electron.FakeBrowserWindow> {
  await vi.waitFor(() => expect(fake.FakeBrowserWindow.windows).toHaveLength(1));
  const [win] = fake.FakeBrowserWindow.windows;
  if (win === undefined) throw new Error('no window');
  return win;
}

/** Lets anything whenReady() scheduled run, for the tests where nothing may start. */
async function settled(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function createAppCalls(): Promise<number> {
  const { createApp } = await import('../../main/app/create-app');
  return vi.mocked(createApp).mock.calls.length;
}

describe('the Electron shell starting', () => {
  it('turns on the sandbox for every renderer and registers app:// before the app is ready', async () => {
    const fake = await launch();
    expect(fake.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    const sandboxed = fake.app.enableSandbox.mock.invocationCallOrder[0] ?? Infinity;
    expect(sandboxed).toBeLessThan(fake.app.whenReady.mock.invocationCallOrder[0] ?? -1);
  });

  it('keeps every file it creates to its user (umask 077)', async () => {
    await launch();
    if (process.platform !== 'win32') expect(umask).toHaveBeenCalledExactlyOnceWith(0o077);
  });

  it('opens one locked-down window on the app’s page, with permissions denied and app:// served', async () => {
    const fake = await launch();
    const win = await started(fake);
    expect(fake.app.quit).not.toHaveBeenCalled();
    expect(win.loadURL).toHaveBeenCalledWith('app://workstation/index.html');
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBe('/fake/app/dist/preload/preload.cjs');
    const callback = vi.fn();
    fake.session.defaultSession.permissionRequestHandler?.({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.protocol.handlers.has('app')).toBe(true);
  });

  it('answers IPC from that window’s page and refuses the same page in any other webContents', async () => {
    const fake = await launch();
    const win = await started(fake);
    const handler = fake.ipcMain.handlers.get('case:list');
    if (handler === undefined) throw new Error('case:list was not registered');
    expect(await handler({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, {})).toEqual({ ok: true, value: 'answered' });
    const other = new fake.FakeWebContents('app://workstation/index.html');
    expect(await handler({ sender: other, senderFrame: other.mainFrame }, {})).toMatchObject({ ok: false, error: { code: 'forbidden-caller' } });
  });

  it('takes --data-dir as its user-data folder before it asks for the single-instance lock', async () => {
    const fake = await launch(['--data-dir', '/srv/desk-a']);
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', '/srv/desk-a');
    const setPath = fake.app.setPath.mock.invocationCallOrder[0] ?? Infinity;
    expect(setPath).toBeLessThan(fake.app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? -1);
  });

  it('a launch option it cannot use is shown plainly and nothing starts', async () => {
    const fake = await launch(['--workstation', 'not a desk name!']);
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalled());
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Booking Workstation could not start', expect.stringContaining('--workstation'));
    expect(fake.app.exit).toHaveBeenCalledWith(2);
    expect(fake.FakeBrowserWindow.windows).toHaveLength(0);
    expect(await createAppCalls()).toBe(0);
  });
});

describe('one instance per data folder', () => {
  it('a second instance quits without opening the store, a window or IPC', async () => {
    const fake = await launch([], (f) => {
      f.app.gotLock = false;
    });
    await settled();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(await createAppCalls()).toBe(0);
    expect(fake.FakeBrowserWindow.windows).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.protocol.handlers.size).toBe(0);
  });

  it('the first instance brings its window back to the front when a second is started', async () => {
    const fake = await launch();
    const win = await started(fake);
    win.minimized = true;
    fake.app.emit('second-instance', {}, ['--data-dir', '/srv/desk-a'], '/');
    expect(win.restore).toHaveBeenCalledTimes(1);
    expect(win.focus).toHaveBeenCalledTimes(1);
    expect(win.isMinimized()).toBe(false);
  });

  it('a second start before the window exists is harmless', async () => {
    const fake = await launch([], (f) => {
      f.app.whenReady.mockImplementation(() => new Promise<void>(() => undefined));
    });
    expect(() => fake.app.emit('second-instance', {}, [], '/')).not.toThrow();
  });

  it('closing the window quits the app', async () => {
    const fake = await launch();
    await started(fake);
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
  });
});

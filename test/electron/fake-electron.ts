/**
 * A small stand-in for the `electron` module: the runtime cannot be downloaded here, and the
 * shell's handlers are what matter. Each fake records what the shell registered so a test can
 * call it the way Electron would, with hostile input. Used as `vi.mock('electron', () => import('./fake-electron'))`.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** The event object Electron passes to will-navigate and friends. */
export interface FakeEvent {
  preventDefault: () => void;
  defaultPrevented: boolean;
}

export function fakeEvent(): FakeEvent {
  const event: FakeEvent = {
    defaultPrevented: false,
    preventDefault: () => {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeFrame {
  constructor(public url: string) {}
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

/**
 * Built once per test process: main.test.ts reloads the shell with vi.resetModules(), and the
 * shell and the test must still see the same fakes whichever copy of this file each imported.
 */
function build() {
  let nextContentsId = 1;

  class FakeWebContents extends EventEmitter {
    readonly id = nextContentsId++;
    readonly mainFrame: FakeFrame;
    windowOpenHandler: WindowOpenHandler | undefined;
    closeDevTools = vi.fn();

    constructor(url = 'app://workstation/index.html') {
      super();
      this.mainFrame = new FakeFrame(url);
    }

    setWindowOpenHandler(handler: WindowOpenHandler): void {
      this.windowOpenHandler = handler;
    }

    /** Emits a navigation-like event as Electron does and says whether the shell stopped it. */
    prevented(name: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
      const event = fakeEvent();
      this.emit(name, event, url);
      return event.defaultPrevented;
    }
  }

  class FakeBrowserWindow extends EventEmitter {
    static readonly windows: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return [...FakeBrowserWindow.windows];
    }

    readonly webContents = new FakeWebContents();
    minimized = false;
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn(() => {
      this.minimized = false;
    });

    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.windows.push(this);
    }

    isMinimized(): boolean {
      return this.minimized;
    }
  }

  class FakeSession extends EventEmitter {
    permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | undefined;
    permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
    devicePermissionHandler: ((details: unknown) => boolean) | undefined;

    setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
      this.permissionRequestHandler = handler;
    }
    setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
      this.permissionCheckHandler = handler;
    }
    setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
      this.devicePermissionHandler = handler;
    }
  }

  const session = { defaultSession: new FakeSession() };

  class FakeApp extends EventEmitter {
    isPackaged = false;
    /** What requestSingleInstanceLock answers: false means another instance holds this data folder. */
    gotLock = true;
    readonly paths = new Map<string, string>([['userData', '/fake/user-data']]);
    enableSandbox = vi.fn();
    requestSingleInstanceLock = vi.fn(() => this.gotLock);
    quit = vi.fn();
    exit = vi.fn();
    whenReady = vi.fn(() => Promise.resolve());
    getAppPath = vi.fn(() => '/fake/app');
    getPath = vi.fn((name: string) => this.paths.get(name) ?? `/fake/${name}`);
    setPath = vi.fn((name: string, value: string) => {
      this.paths.set(name, value);
    });
  }
  const app = new FakeApp();

  type ProtocolHandler = (request: { url: string }) => Promise<Response>;
  const protocol = {
    handlers: new Map<string, ProtocolHandler>(),
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, handler: ProtocolHandler) => {
      protocol.handlers.set(scheme, handler);
    }),
  };

  type IpcHandler = (event: unknown, request: unknown) => unknown;
  const ipcMain = {
    handlers: new Map<string, IpcHandler>(),
    handle: vi.fn((channel: string, handler: IpcHandler) => {
      ipcMain.handlers.set(channel, handler);
    }),
  };

  /** Not real encryption: a reversible scramble, so a test can see the plain text never reaches disk. */
  function scramble(bytes: Buffer): Buffer {
    return Buffer.from(bytes.map((b) => b ^ 0x5a));
  }
  const safeStorage = {
    backend: 'gnome_libsecret',
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptStringAsync: vi.fn((plain: string) => Promise.resolve(Buffer.concat([Buffer.from('SEALED'), scramble(Buffer.from(plain, 'utf8'))]))),
    decryptStringAsync: vi.fn((sealed: Buffer) => {
      if (!sealed.subarray(0, 6).equals(Buffer.from('SEALED'))) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
      return Promise.resolve({ shouldReEncrypt: false, result: scramble(sealed.subarray(6)).toString('utf8') });
    }),
  };

  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  const dialog = { showErrorBox: vi.fn() };
  // The preload's side: what it may expose to the page, and the IPC it sends on.
  const contextBridge = { exposeInMainWorld: vi.fn() };
  const ipcRenderer = { invoke: vi.fn((_channel: string, _request: unknown) => Promise.resolve({ ok: true, value: null })) };
  const Menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => template) };

  return { FakeWebContents, FakeBrowserWindow, FakeSession, session, app, protocol, ipcMain, safeStorage, shell, dialog, Menu, contextBridge, ipcRenderer };
}

type FakeElectron = ReturnType<typeof build>;
const shared = globalThis as typeof globalThis & { bookingWorkstationFakeElectron?: FakeElectron };
const fake = (shared.bookingWorkstationFakeElectron ??= build());

export const { FakeWebContents, FakeBrowserWindow, FakeSession, session, app, protocol, ipcMain, safeStorage, shell, dialog, Menu, contextBridge, ipcRenderer } = fake;
export const BrowserWindow = FakeBrowserWindow;
export type FakeWebContents = InstanceType<FakeElectron['FakeWebContents']>;
export type FakeBrowserWindow = InstanceType<FakeElectron['FakeBrowserWindow']>;
export type FakeSession = InstanceType<FakeElectron['FakeSession']>;

/** The shell's registrations and the fakes' answers back to their defaults, between tests. */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  FakeBrowserWindow.windows.length = 0;
  session.defaultSession = new FakeSession();
  app.removeAllListeners();
  app.isPackaged = false;
  app.gotLock = true;
  app.whenReady.mockImplementation(() => Promise.resolve());
  protocol.handlers.clear();
  ipcMain.handlers.clear();
  safeStorage.backend = 'gnome_libsecret';
  safeStorage.isAsyncEncryptionAvailable.mockImplementation(() => Promise.resolve(true));
  shell.openExternal.mockImplementation(() => Promise.resolve());
}

import type { WebContents } from 'electron';
import type { Logger } from 'pino';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFrame, FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron';
import { channelsOf, contract } from '../../preload/contract';
import type { Dispatch } from '../../main/api/dispatch';
import { registerIpc } from '../../main/electron/ipc';

vi.mock('electron', () => import('./fake-electron'));

const REFUSED = { ok: false, error: { code: 'forbidden-caller', message: 'This window may not use the workstation.' } };
const CHANNEL = 'case:list';

let mainContents: FakeWebContents;
let dispatch: ReturnType<typeof vi.fn<Dispatch>>;
let warn: ReturnType<typeof vi.fn>;

beforeEach(() => {
  resetFakeElectron();
  mainContents = new FakeWebContents('app://workstation/index.html');
  dispatch = vi.fn<Dispatch>(() => Promise.resolve({ ok: true, value: 'answered' }));
  warn = vi.fn();
  registerIpc(dispatch, { warn } as unknown as Logger, (contents: WebContents) => contents.id === mainContents.id);
});

/** Calls a channel as Electron would for a call from `sender`, sent by `senderFrame`. */
function invoke(sender: FakeWebContents, senderFrame: FakeFrame | null, request: unknown = { any: 'thing' }): Promise<unknown> {
  const handler = ipcMain.handlers.get(CHANNEL);
  if (handler === undefined) throw new Error(`${CHANNEL} was not registered`);
  return Promise.resolve(handler({ sender, senderFrame }, request));
}

describe('IPC callers', () => {
  it('every channel of the contract is registered, and only those', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(channelsOf(contract).map((c) => c.channel).sort());
    expect(ipcMain.handlers.has(CHANNEL)).toBe(true);
  });

  it('the app’s own window, top frame, app page, reaches the service layer', async () => {
    const request = { filter: 'open' };
    expect(await invoke(mainContents, mainContents.mainFrame, request)).toEqual({ ok: true, value: 'answered' });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith(CHANNEL, request, { transport: 'ipc' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('a sub-frame of the app’s own window is refused, even on the app’s own page', async () => {
    expect(await invoke(mainContents, new FakeFrame('app://workstation/index.html'))).toEqual(REFUSED);
    expect(dispatch).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith({ channel: CHANNEL }, 'IPC call from an untrusted frame refused');
  });

  it.each(['https://evil.example/', 'app://evil/index.html', 'app://workstation.evil.example/', 'file:///tmp/evil.html', 'about:blank', 'data:text/html,x', ''])(
    'the window’s top frame showing %s is refused',
    async (url) => {
      mainContents.mainFrame.url = url;
      expect(await invoke(mainContents, mainContents.mainFrame)).toEqual(REFUSED);
      expect(dispatch).not.toHaveBeenCalled();
    },
  );

  it('another webContents is refused, even with the app’s page in its top frame', async () => {
    const other = new FakeWebContents('app://workstation/index.html');
    expect(await invoke(other, other.mainFrame)).toEqual(REFUSED);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a frame that has gone (senderFrame null) is refused', async () => {
    expect(await invoke(mainContents, null)).toEqual(REFUSED);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a frame that throws when read (disposed mid-call) is refused, not an exception', async () => {
    const disposed = mainContents.mainFrame;
    Object.defineProperty(disposed, 'url', {
      get: () => {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    });
    expect(await invoke(mainContents, disposed)).toEqual(REFUSED);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('before the window exists no caller is trusted', async () => {
    ipcMain.handlers.clear();
    registerIpc(dispatch, { warn } as unknown as Logger, () => false);
    expect(await invoke(mainContents, mainContents.mainFrame)).toEqual(REFUSED);
  });
});

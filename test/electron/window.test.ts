import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, FakeBrowserWindow, resetFakeElectron } from './fake-electron';
import { createMainWindow } from '../../main/electron/window';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => resetFakeElectron());

function created(): FakeBrowserWindow {
  createMainWindow('/fake/app/dist/preload/preload.cjs');
  const [win] = FakeBrowserWindow.windows;
  if (win === undefined) throw new Error('no window was created');
  return win;
}

describe('the main window', () => {
  it('runs the renderer sandboxed and isolated, with no Node anywhere in it', () => {
    const prefs = created().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/fake/app/dist/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('disableBlinkFeatures');
  });

  it('loads the app from app://, never from file:// or the network', () => {
    expect(created().loadURL).toHaveBeenCalledExactlyOnceWith('app://workstation/index.html');
  });

  it('has its navigation and new windows locked down from the start', () => {
    const win = created();
    expect(win.webContents.prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('has no developer tools once installed', () => {
    app.isPackaged = true;
    expect((created().options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });

  it('shows only when the page is ready (no blank flash)', () => {
    const win = created();
    expect(win.options.show).toBe(false);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });
});

import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, FakeSession, FakeWebContents, resetFakeElectron, shell } from './fake-electron';
import { allowedExternalUrl, lockDownContents, lockDownSession } from '../../main/electron/security';

vi.mock('electron', () => import('./fake-electron'));

function lockedContents(): FakeWebContents {
  const contents = new FakeWebContents();
  lockDownContents(contents as unknown as WebContents);
  return contents;
}

/** Places a hostile page or a compromised renderer would try to take the window. */
const ELSEWHERE = [
  'https://evil.example/',
  'http://workstation/',
  'app://evil/index.html',
  'app://workstation.evil.example/index.html',
  'app://workstation:8080/index.html',
  'app://user@workstation/index.html',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'chrome://settings',
  'not a url',
];

beforeEach(() => resetFakeElectron());

describe('navigation', () => {
  it.each(ELSEWHERE)('will-navigate to %s is stopped', (url) => {
    expect(lockedContents().prevented('will-navigate', url)).toBe(true);
  });

  it.each(ELSEWHERE)('will-redirect to %s is stopped', (url) => {
    expect(lockedContents().prevented('will-redirect', url)).toBe(true);
  });

  it('a page of the app itself may still be loaded', () => {
    const contents = lockedContents();
    expect(contents.prevented('will-navigate', 'app://workstation/index.html')).toBe(false);
    expect(contents.prevented('will-redirect', 'app://workstation/index.html')).toBe(false);
  });

  it('no <webview> is ever attached, whatever it points at', () => {
    const contents = lockedContents();
    expect(contents.prevented('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-attach-webview', 'app://workstation/index.html')).toBe(true);
  });
});

describe('new windows (window.open, target=_blank)', () => {
  it.each([...ELSEWHERE, 'app://workstation/index.html'])('window.open(%s) opens nothing, here or in the browser', (url) => {
    const contents = lockedContents();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it.each([
    'http://www.nhs.uk/conditions/', // not https
    'https://www.nhs.uk.evil.example/',
    'https://evil.example/?next=https://www.nhs.uk/',
    'https://www.nhs.uk@evil.example/',
    'https://user:pass@www.nhs.uk/',
    'https://www.nhs.uk:8443/',
    'https://nhs.uk/',
  ])('a link made to look like an allowed site (%s) is not handed to the browser', (url) => {
    const contents = lockedContents();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('an allow-listed https page opens in the user’s browser, never in a new app window', () => {
    const contents = lockedContents();
    expect(contents.windowOpenHandler?.({ url: 'https://www.nhs.uk/conditions/chest-pain/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://digital.nhs.uk/services/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://www.nhs.uk/conditions/chest-pain/'], ['https://digital.nhs.uk/services/']]);
  });

  it('a browser that will not start does not become an unhandled failure in main', async () => {
    // A plain function, not vi.fn(): a spy watches the promise it returns, which counts as handling it.
    const mock = shell.openExternal;
    const opened: string[] = [];
    shell.openExternal = ((url: string) => {
      opened.push(url);
      return Promise.reject(new Error('xdg-open failed'));
    }) as unknown as typeof shell.openExternal;
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const contents = lockedContents();
      expect(contents.windowOpenHandler?.({ url: 'https://www.nhs.uk/' })).toEqual({ action: 'deny' });
      // Node reports an unhandled rejection once the microtasks have run; give it those turns.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(opened).toEqual(['https://www.nhs.uk/']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
      shell.openExternal = mock;
    }
  });

  it('allowedExternalUrl answers the normalised link, so the browser gets what was checked', () => {
    expect(allowedExternalUrl('https://WWW.NHS.UK/a b')).toBe('https://www.nhs.uk/a%20b');
    expect(allowedExternalUrl('https://www.nhs.uk.evil.example/')).toBeUndefined();
  });
});

describe('developer tools', () => {
  it('are closed as soon as they open in the installed app', () => {
    app.isPackaged = true;
    const contents = lockedContents();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).toHaveBeenCalledTimes(1);
  });

  it('stay available in development', () => {
    const contents = lockedContents();
    contents.emit('devtools-opened');
    expect(contents.closeDevTools).not.toHaveBeenCalled();
  });
});

describe('session permissions', () => {
  function lockedSession(): FakeSession {
    const session = new FakeSession();
    lockDownSession(session as unknown as Session);
    return session;
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'midiSysex', 'unknown'])(
    'a request for %s is refused',
    (permission) => {
      const session = lockedSession();
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback, { requestingUrl: 'app://workstation/index.html' });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it.each(['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read'])('a check for %s answers no', (permission) => {
    expect(lockedSession().permissionCheckHandler?.({}, permission, 'app://workstation', {})).toBe(false);
  });

  it('no USB, HID or serial device is ever granted', () => {
    expect(lockedSession().devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://workstation' })).toBe(false);
    expect(lockedSession().devicePermissionHandler?.({ deviceType: 'hid', origin: 'app://workstation' })).toBe(false);
  });

  it('no download is saved', () => {
    const session = lockedSession();
    const event = { defaultPrevented: false, preventDefault: vi.fn() };
    session.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

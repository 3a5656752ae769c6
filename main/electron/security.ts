import { app, shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './protocol';

/** Sites the app may open in the user's browser (https only); nothing else leaves the window. */
const EXTERNAL_HOSTS = new Set(['www.nhs.uk', 'digital.nhs.uk']);

/** The link to hand to the user's browser, or undefined when it is not an allow-listed https page. */
export function allowedExternalUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const plain = parsed.protocol === 'https:' && parsed.port === '' && parsed.username === '' && parsed.password === '';
  return plain && EXTERNAL_HOSTS.has(parsed.hostname) ? parsed.href : undefined;
}

/** Denies every permission (camera, notifications, geolocation…): the app needs none. */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/** No navigation away from the app, no new windows; allow-listed links open in the default browser. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = allowedExternalUrl(url);
    // A browser that will not start is the user's to notice; it must not become an unhandled rejection in main.
    if (external !== undefined) shell.openExternal(external).catch(() => undefined);
    return { action: 'deny' };
  });
  if (app.isPackaged) {
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

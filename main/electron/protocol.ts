import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../bridge/csp';
import { readStatic } from '../bridge/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before the app is ready: `app://` is a secure, standard scheme with no other powers. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } }]);
}

/**
 * True only for the app's own pages. Node's URL gives a scheme it does not know an opaque
 * origin ("null"), so `origin` can never equal APP_ORIGIN: scheme and host are compared instead.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** The renderer path an app:// URL names ("/assets/x.js"), or undefined when it may name anything else. */
export function rendererPathOf(url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  // Chromium has removed plain dot segments already; decoding can make new ones ("..%2f"), and no
  // built file has a backslash (a separator on Windows) or a NUL in its name.
  if (/[\\\0]/.test(path) || path.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return path === '' ? '/' : path;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Serves only the built renderer's own files, with the CSP and security headers, through the
 * browser build's reader: one list of file types, one check that a path stays inside the folder.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = rendererPathOf(request.url);
    if (path === undefined) return notFound();
    const file = await readStatic(rendererDir, path);
    if (file === undefined) return notFound();
    return new Response(new Uint8Array(file.body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': file.type } });
  });
}

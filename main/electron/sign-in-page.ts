import { shell } from 'electron';

/**
 * CIS2's sign-in page opens in the system browser (RFC 8252: never an embedded window, where
 * the app could read the user's credentials). Only an https page, or the sandbox stand-in on
 * 127.0.0.1, goes there: a settings mistake must not open a file or a program.
 */
export function openSignInPage(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new Error('the sign-in page address is not valid'));
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1')) {
    return Promise.reject(new Error('the sign-in page is not an https address'));
  }
  return shell.openExternal(parsed.href);
}

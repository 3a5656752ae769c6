/**
 * How the browser build hands a new window its sign-in without a credential on any command line.
 *
 * On a shared desktop (terminal server, hot desk) every account can read every process's command
 * line in /proc, so a sign-in link passed to Chromium was redeemed by another user before the
 * window could. Instead the one-time code goes into a small page only this account can read (0600
 * in a fresh 0700 folder); Chromium is given that page's file:// address, which is no secret, and
 * the page posts the code to the bridge at once. The page is deleted as soon as the code is used,
 * or when the code's lifetime ends.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bridge } from '../bridge';
import { SIGN_IN_CODE_LIFETIME_MS } from '../bridge/sign-in';

const FOLDER_PREFIX = 'sign-in-';
const PAGE_NAME = 'open.html';
// Submits the form the moment the page loads; the button is there if scripts are off.
const SUBMIT_SCRIPT = 'document.forms[0].submit();';

export interface HandOver {
  /** The file:// address to open: safe on a command line (the page behind it is this account's alone). */
  url: string;
  /** The page and its folder, for tests and logs. */
  file: string;
  folder: string;
  /** Deletes the page and makes its code worthless (no window opened, or the app is stopping). */
  cancel(): void;
}

export interface HandOverOptions {
  /** How long the page lives if nobody signs in with it (the code's own lifetime by default). */
  lifetimeMs?: number;
  /** Tests run expiry themselves; the app uses an unref'd timer so a pending page never keeps it alive. */
  setTimer?: (run: () => void, ms: number) => () => void;
}

const realTimer = (run: () => void, ms: number): (() => void) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** Writes a hand-over page for one new window under `parentDir` (the private data folder). */
export function writeHandOver(bridge: Pick<Bridge, 'issueSignInCode' | 'signInAction'>, parentDir: string, options: HandOverOptions = {}): HandOver {
  const folder = mkdtempSync(join(parentDir, FOLDER_PREFIX));
  let removed = false;
  let cancelTimer = (): void => undefined;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    cancelTimer();
    rmSync(folder, { recursive: true, force: true });
  };
  const issued = bridge.issueSignInCode(remove);
  try {
    // mkdtemp already makes it 0700; say so explicitly in case a platform or umask differs.
    chmodSync(folder, 0o700);
    const file = join(folder, PAGE_NAME);
    writeFileSync(file, handOverPage(bridge.signInAction, issued.code), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    const cancel = (): void => {
      issued.revoke();
      remove();
    };
    cancelTimer = (options.setTimer ?? realTimer)(cancel, options.lifetimeMs ?? SIGN_IN_CODE_LIFETIME_MS);
    return { url: pathToFileURL(file).href, file, folder, cancel };
  } catch (error) {
    issued.revoke();
    remove();
    throw error;
  }
}

/** Removes hand-over folders a previous run left behind (it stopped before their codes were used). */
export function sweepHandOvers(parentDir: string): void {
  let names: string[];
  try {
    names = readdirSync(parentDir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(FOLDER_PREFIX)) rmSync(join(parentDir, name), { recursive: true, force: true });
}

/** The page: a form that posts the code (never in a URL), allowed by its own CSP to do only that. */
export function handOverPage(action: string, code: string): string {
  const scriptHash = createHash('sha256').update(SUBMIT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; form-action ${new URL(action).origin}; base-uri 'none'`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<title>Booking Workstation</title></head><body>',
    `<form method="post" action="${escapeAttribute(action)}">`,
    `<input type="hidden" name="code" value="${escapeAttribute(code)}">`,
    '<p>Opening Booking Workstation…</p>',
    '<button type="submit">Open Booking Workstation</button>',
    '</form>',
    `<script>${SUBMIT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a printed or launched sign-in link stays usable if nobody opens it. */
export const SIGN_IN_CODE_LIFETIME_MS = 2 * 60 * 1000;

/**
 * One-time sign-in codes: the only credential that ever leaves the process (on Chromium's command
 * line or printed in the terminal). Each is worthless once used or after a short lifetime; using
 * one sets the session cookie, which never appears in a URL, a command line or web storage.
 */
export class SignInCodes {
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + SIGN_IN_CODE_LIFETIME_MS);
    return code;
  }

  /** True once for a live code; the code is spent whatever the answer. */
  redeem(code: string): boolean {
    const now = this.now();
    for (const [known, expires] of this.codes) if (expires < now) this.codes.delete(known);
    const expires = this.codes.get(code);
    if (expires === undefined) return false;
    this.codes.delete(code);
    return expires >= now;
  }
}

/** Constant-time comparison of a presented secret with the session's. */
export function sameSecret(offered: string | undefined, expected: Buffer): boolean {
  const given = Buffer.from(offered ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The value of one cookie in a Cookie header, if present. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a printed link or a hand-over page's code stays usable if nobody uses it. */
export const SIGN_IN_CODE_LIFETIME_MS = 2 * 60 * 1000;

interface LiveCode {
  expires: number;
  onRedeemed?: () => void;
}

/**
 * One-time sign-in codes: the only credential that ever leaves the process, and only to places
 * no other account can read (the starting user's terminal, or a 0600 hand-over page in a 0700
 * folder). Never on a command line: every account on the machine can read those in /proc.
 * Each code is worthless once used or after a short lifetime; using one sets the session
 * cookie, which never appears in a URL, a command line or web storage.
 */
export class SignInCodes {
  private readonly codes = new Map<string, LiveCode>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `onRedeemed` runs once, when the code signs a window in (e.g. to delete its hand-over page). */
  issue(onRedeemed?: () => void): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { expires: this.now() + SIGN_IN_CODE_LIFETIME_MS, ...(onRedeemed === undefined ? {} : { onRedeemed }) });
    return code;
  }

  /** Makes a code worthless before its time (its window never opened, or its page expired). */
  revoke(code: string): void {
    this.codes.delete(code);
  }

  /** True once for a live code; the code is spent whatever the answer. */
  redeem(code: string): boolean {
    const now = this.now();
    for (const [known, live] of this.codes) if (live.expires < now) this.codes.delete(known);
    const live = this.codes.get(code);
    if (live === undefined) return false;
    this.codes.delete(code);
    if (live.expires < now) return false;
    live.onRedeemed?.();
    return true;
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

import type { Clock } from '../workflow/clock';
import type { Cis2Identity } from './claims';
import type { Cis2Tokens, SignedIn } from './cis2-client';

/** Refresh this long before the access token runs out, so a call in flight never carries a dead one. */
const REFRESH_MARGIN_MS = 60_000;

/** What the session can do with the provider beyond the sign-in: refresh an access token. */
export interface TokenRefresher {
  refresh(refreshToken: string): Promise<Cis2Tokens | undefined>;
}

export type SessionState = 'signed-out' | 'signed-in' | 'locked' | 'expired';

/** Thrown by `accessToken()` when there is no usable session: the user must sign in (again). */
export class SessionUnavailable extends Error {
  override readonly name = 'SessionUnavailable';
  constructor(readonly state: Exclude<SessionState, 'signed-in'>) {
    super(`no usable CIS2 session (${state})`);
  }
}

interface Held {
  identity: Cis2Identity;
  tokens: Cis2Tokens;
  expiresAt: number;
}

/**
 * The one signed-in user of this desk, in main. Locked means the user is still known (their
 * case and drafts are kept) but nothing runs until they authenticate again; only the same
 * nhsid_useruid gets the session back. Times follow the app's clock, never the wall clock.
 */
export class UserSession {
  private held: Held | undefined;
  private locked = false;
  private readonly listeners: ((identity: Cis2Identity | undefined) => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly refresher: () => Promise<TokenRefresher>,
  ) {}

  /** Called with the new identity on every sign-in, role change and sign-out (undefined). */
  onChange(listener: (identity: Cis2Identity | undefined) => void): void {
    this.listeners.push(listener);
  }

  state(): SessionState {
    if (this.held === undefined) return 'signed-out';
    if (this.locked) return 'locked';
    if (this.expired()) return 'expired';
    return 'signed-in';
  }

  /** The user whose session this is, whatever its state (locked and expired sessions still name them). */
  identity(): Cis2Identity | undefined {
    return this.held?.identity;
  }

  /** A new session; the previous user's (if any) is gone. Returns the tokens let go of, for the provider to revoke. */
  signIn(signedIn: SignedIn): Cis2Tokens | undefined {
    const replaced = this.held?.tokens;
    this.held = { ...signedIn, expiresAt: this.expiry(signedIn.tokens) };
    this.locked = false;
    this.emit();
    return replaced;
  }

  /** Unlocking or renewing: same is true when it is the same user (their session and case come back), false when another user signed in instead. */
  reauthenticate(signedIn: SignedIn): { same: boolean; replaced: Cis2Tokens | undefined } {
    const same = this.held?.identity.uid === signedIn.identity.uid;
    return { same, replaced: this.signIn(signedIn) };
  }

  lock(): void {
    if (this.held !== undefined) this.locked = true;
  }

  /** Ends the session; returns its tokens, for the provider to revoke (the session forgets them either way). */
  signOut(): Cis2Tokens | undefined {
    const dropped = this.held?.tokens;
    this.held = undefined;
    this.locked = false;
    this.emit();
    return dropped;
  }

  /** The access token for user-restricted APIs (PDS), refreshed when near its end; SessionUnavailable when the user must sign in. */
  async accessToken(): Promise<string> {
    const held = this.held;
    if (held === undefined) throw new SessionUnavailable('signed-out');
    if (this.locked) throw new SessionUnavailable('locked');
    if (this.clock().getTime() < held.expiresAt - REFRESH_MARGIN_MS) return held.tokens.accessToken;
    const refreshed = held.tokens.refreshToken === undefined ? undefined : await (await this.refresher()).refresh(held.tokens.refreshToken);
    if (refreshed === undefined) {
      if (!this.expired()) return held.tokens.accessToken;
      throw new SessionUnavailable('expired');
    }
    // The user may have signed out or changed while the refresh was in flight.
    if (this.held !== held) throw new SessionUnavailable(this.held === undefined ? 'signed-out' : 'expired');
    this.held = { ...held, tokens: refreshed, expiresAt: this.expiry(refreshed) };
    return refreshed.accessToken;
  }

  private expired(): boolean {
    return this.held !== undefined && this.clock().getTime() >= this.held.expiresAt;
  }

  private expiry(tokens: Cis2Tokens): number {
    return this.clock().getTime() + Math.max(0, tokens.expiresIn) * 1000;
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.held?.identity);
  }
}

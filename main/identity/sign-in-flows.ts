import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { SignInError, type Cis2Client, type SignedIn, type StartedSignIn } from './cis2-client';

export type SignInPurpose = 'session' | 'unlock' | 'approval';

/** Where the provider sends the browser back: a loopback listener (Electron) or the bridge's own endpoint (browser build). */
export interface RedirectReceiver {
  /** The redirect URI for a new flow; the receiver is listening once this resolves. */
  redirectUri(): Promise<string>;
  /** No flow is waiting any more: a loopback listener may close. */
  idle?(): void;
}

export const CALLBACK_PATH = '/cis2/callback';
/** A sign-in nobody finishes is forgotten after this long (its state and verifier with it). */
const FLOW_LIFETIME_MS = 10 * 60_000;

type Outcome = { ok: true; signedIn: SignedIn } | { ok: false; error: SignInError };

interface Pending {
  purpose: SignInPurpose;
  checks: StartedSignIn['checks'];
  redirectUri: string;
  outcome: Promise<Outcome>;
  settle(outcome: Outcome): void;
  timer: NodeJS.Timeout;
}

/**
 * Sign-ins in progress, each with its own PKCE verifier, state and nonce, kept in main. The
 * browser comes back to a redirect endpoint with `code` and `state`; the state finds the flow
 * (an unknown state is refused, not guessed at), and whoever started it waits on its outcome.
 */
export class SignInFlows {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly client: () => Promise<Cis2Client>,
    private receiver: RedirectReceiver,
    private readonly logger: Logger,
  ) {}

  /** The browser build's bridge takes over the redirect once it is listening. */
  useReceiver(receiver: RedirectReceiver): void {
    this.receiver = receiver;
  }

  async begin(purpose: SignInPurpose, options: { reauthenticate?: boolean } = {}): Promise<{ flowId: string; url: string }> {
    const client = await this.client();
    const redirectUri = await this.receiver.redirectUri();
    const started = await client.start(redirectUri, options);
    const flowId = randomUUID();
    let settle: (outcome: Outcome) => void = () => undefined;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    const timer = setTimeout(() => this.forget(flowId), FLOW_LIFETIME_MS);
    timer.unref();
    this.pending.set(flowId, { purpose, checks: started.checks, redirectUri, outcome, settle, timer });
    this.logger.info({ purpose, flowId }, 'CIS2 sign-in started');
    return { flowId, url: started.url };
  }

  /** The redirect back from the provider. Returns what the browser tab shows (plain words, no codes). */
  async callback(url: URL): Promise<{ ok: boolean; message: string }> {
    const state = url.searchParams.get('state');
    const entry = [...this.pending.entries()].find(([, p]) => p.checks.state === state);
    if (entry === undefined) {
      this.logger.warn('a CIS2 redirect with an unknown or used state was refused');
      return { ok: false, message: 'This sign-in link is not one Booking Workstation is waiting for (it may have been used already). Go back to the app and sign in again.' };
    }
    const [flowId, pending] = entry;
    const checks = pending.checks;
    // Spent at once: a second redirect with the same state (a replay) finds nothing.
    pending.checks = { ...checks, state: `spent:${flowId}` };
    let outcome: Outcome;
    try {
      const client = await this.client();
      const signedIn = await client.finish(url, checks, pending.redirectUri);
      outcome = { ok: true, signedIn };
    } catch (error) {
      const refused = error instanceof SignInError ? error : new SignInError('invalid-response', 'NHS CIS2 sign-in did not complete. Try signing in again.', String(error));
      this.logger.warn({ kind: refused.kind, detail: refused.detail, flowId }, 'CIS2 sign-in refused');
      outcome = { ok: false, error: refused };
    }
    pending.settle(outcome);
    return outcome.ok
      ? { ok: true, message: 'You are signed in. You can close this tab and go back to Booking Workstation.' }
      : { ok: false, message: `${outcome.error.message} You can close this tab and go back to Booking Workstation.` };
  }

  /** The outcome of a flow, or `undefined` if it has not come back within `waitMs` (ask again). */
  async wait(flowId: string, waitMs: number): Promise<{ purpose: SignInPurpose; outcome: Outcome } | undefined> {
    const pending = this.pending.get(flowId);
    if (pending === undefined) return { purpose: 'session', outcome: { ok: false, error: new SignInError('expired', 'That sign-in has expired. Sign in again.') } };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    const outcome = await Promise.race([pending.outcome, timeout]);
    clearTimeout(timer);
    if (outcome === undefined) return undefined;
    this.forget(flowId);
    return { purpose: pending.purpose, outcome };
  }

  cancel(flowId: string): void {
    this.pending.get(flowId)?.settle({ ok: false, error: new SignInError('cancelled', 'The sign-in was cancelled.') });
    this.forget(flowId);
  }

  private forget(flowId: string): void {
    const pending = this.pending.get(flowId);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.pending.delete(flowId);
    if (this.pending.size === 0) this.receiver.idle?.();
  }
}

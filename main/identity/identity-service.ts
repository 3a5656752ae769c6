/**
 * NHS CIS2 sign-in for the app: the provider (live CIS2, or the sandbox's stand-in), the flows in
 * progress, the user's session and the second clinicians who signed in to approve one booking.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../workflow/clock';
import type { Cis2Identity } from './claims';
import { SignInError, type Cis2Client, type Cis2Tokens, type SignedIn } from './cis2-client';
import { LoopbackRedirect } from './loopback-redirect';
import { mayApprove, mayBook } from './roles';
import { SignInFlows, type SignInPurpose } from './sign-in-flows';
import { UserSession } from './user-session';

/** What the roles allow, from the settings' lists. */
export interface RolePolicy {
  approverRoles: readonly string[];
  bookerRoles: readonly string[];
  requiredAssuranceLevel: string;
}

export type FlowResult =
  | { purpose: 'session'; identity: Cis2Identity }
  | { purpose: 'unlock'; identity: Cis2Identity; sameUser: boolean }
  | { purpose: 'approval'; approverId: string; identity: Cis2Identity };

/** A second clinician's sign-in for one approval: usable once, soon. */
const APPROVER_LIFETIME_MS = 15 * 60_000;

export class IdentityService {
  readonly session: UserSession;
  readonly flows: SignInFlows;
  private connecting: Promise<Cis2Client> | undefined;
  private readonly approvers = new Map<string, { identity: Cis2Identity; at: number }>();

  constructor(
    private readonly connect: () => Promise<Cis2Client>,
    readonly policy: RolePolicy,
    readonly providerName: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onClose: () => Promise<void>,
    ports: { from: number; to: number },
  ) {
    this.session = new UserSession(clock, () => this.client());
    this.flows = new SignInFlows(() => this.client(), new LoopbackRedirect(ports, (url) => this.flows.callback(url), logger), logger);
  }

  /** The provider's client, connected on first use; a failed connection is tried again next time. */
  client(): Promise<Cis2Client> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** Checks the provider answers (its discovery document); undefined when it does, else the plain reason. */
  async reachable(): Promise<SignInError | undefined> {
    try {
      await this.client();
      return undefined;
    } catch (error) {
      return error instanceof SignInError ? error : new SignInError('unreachable', 'NHS CIS2 sign-in cannot be reached.', String(error));
    }
  }

  begin(purpose: SignInPurpose): Promise<{ flowId: string; url: string }> {
    // Unlocking and approving always ask the person to authenticate now, not ride an open IdP session.
    return this.flows.begin(purpose, { reauthenticate: purpose !== 'session' || this.session.identity() !== undefined });
  }

  /** Applies a finished flow: a session, an unlock (same user or not), or a second clinician's approval. */
  apply(purpose: SignInPurpose, signedIn: SignedIn): FlowResult {
    const identity = signedIn.identity;
    switch (purpose) {
      case 'session':
        void this.revoke(this.session.signIn(signedIn));
        return { purpose, identity };
      case 'unlock': {
        const { same, replaced } = this.session.reauthenticate(signedIn);
        void this.revoke(replaced);
        return { purpose, identity, sameUser: same };
      }
      case 'approval': {
        if (!this.mayApprove(identity)) {
          throw new SignInError('no-role', `${identity.displayName} signed in, but their role does not allow approving a booking after the deadline. Ask a clinician who holds the approval role.`);
        }
        const approverId = randomUUID();
        this.approvers.set(approverId, { identity, at: this.clock().getTime() });
        return { purpose, approverId, identity };
      }
    }
  }

  /** A second clinician's approval sign-in, spent by this call; undefined when unknown, used or too old. */
  takeApprover(approverId: string): Cis2Identity | undefined {
    const held = this.approvers.get(approverId);
    this.approvers.delete(approverId);
    if (held === undefined || this.clock().getTime() - held.at > APPROVER_LIFETIME_MS) return undefined;
    return held.identity;
  }

  mayApprove(identity: Cis2Identity): boolean {
    return mayApprove(identity, this.policy.approverRoles);
  }

  mayBook(identity: Cis2Identity): boolean {
    return mayBook(identity, this.policy.bookerRoles, this.policy.approverRoles);
  }

  /** Signs the user out here and at the provider: their access token is revoked, so PDS refuses it from now on. */
  async signOut(): Promise<void> {
    await this.revoke(this.session.signOut());
  }

  /** Best effort: a token the provider cannot revoke now still runs out at its expiry (CIS2's are short). */
  private async revoke(tokens: Cis2Tokens | undefined): Promise<void> {
    if (tokens === undefined) return;
    try {
      const revoked = await (await this.client()).revoke(tokens);
      if (!revoked) this.logger.warn('CIS2 did not revoke the access token at sign-out: it runs out at its expiry');
    } catch (error) {
      this.logger.warn({ err: { name: (error as Error).name } }, 'CIS2 could not be reached to revoke the access token');
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

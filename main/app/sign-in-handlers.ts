import type { Logger } from 'pino';
import type { SessionInfo, SignInOutcome, SignInStarted } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { Handlers } from '../api/handlers';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import { SignInError } from '../identity/cis2-client';
import type { IdentityService } from '../identity/identity-service';
import { roleLabel } from '../identity/roles';

/** How long one `completeSignIn` call waits before answering "still waiting" (the page asks again). */
const WAIT_MS = 20_000;

export interface SignInDeps {
  identity: IdentityService;
  session: SessionInfo;
  audit: AuditSink;
  logger: Logger;
  /** Electron: opens the provider's page in the system browser. Absent in the browser build: the page opens it. */
  openExternal?: (url: string) => Promise<void>;
}

/** The session as the shell sees it now: who, and whether they are signed in, locked or expired. */
export function currentSession(d: SignInDeps, problem?: string): SessionInfo {
  return { ...d.session, user: { ...d.session.user }, signIn: { state: d.identity.session.state(), provider: d.identity.providerName, ...(problem !== undefined ? { problem } : {}) } };
}

export function signInHandlers(d: SignInDeps): Pick<Handlers['session'], 'get' | 'beginSignIn' | 'completeSignIn' | 'lock' | 'signOut'> {
  return {
    get: async () => {
      // A wrong issuer or an unreachable IdP is a plain sentence on the sign-in screen, never a crash.
      const problem = d.identity.session.state() === 'signed-in' ? undefined : await d.identity.reachable();
      if (problem !== undefined) d.logger.warn({ kind: problem.kind, detail: problem.detail }, 'CIS2 cannot be reached');
      return currentSession(d, problem?.message);
    },
    beginSignIn: async (req): Promise<SignInStarted> => {
      let started: { flowId: string; url: string };
      try {
        started = await d.identity.begin(req.purpose);
      } catch (error) {
        const e = error instanceof SignInError ? error : new SignInError('unreachable', 'NHS CIS2 sign-in cannot be started. Try again; if it keeps happening, call your IT service desk.', String(error));
        d.logger.warn({ kind: e.kind, detail: e.detail }, 'CIS2 sign-in could not start');
        throw new AppError('sign-in-failed', e.message, { detail: e.detail ?? e.kind });
      }
      if (d.openExternal === undefined) return { ...started, opened: false };
      await d.openExternal(started.url);
      return { ...started, opened: true };
    },
    completeSignIn: async (req): Promise<SignInOutcome> => {
      const done = await d.identity.flows.wait(req.flowId, WAIT_MS);
      if (done === undefined) return { state: 'waiting' };
      const { purpose, outcome } = done;
      if (!outcome.ok) {
        d.audit.append({ type: AUDIT_EVENTS.signInRefused, outcome: 'refused', detail: { purpose, kind: outcome.error.kind } });
        throw new AppError('sign-in-failed', outcome.error.message, { detail: outcome.error.detail ?? outcome.error.kind });
      }
      const who = outcome.signedIn.identity;
      let result;
      try {
        result = d.identity.apply(purpose, outcome.signedIn);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        d.audit.append({ type: AUDIT_EVENTS.signInRefused, outcome: 'refused', detail: { purpose, kind: error.kind, uid: who.uid, roleCode: who.selectedRole?.roleCode ?? null } });
        throw new AppError('not-permitted', error.message);
      }
      d.audit.append({
        type: AUDIT_EVENTS.signedIn,
        outcome: 'ok',
        detail: {
          purpose,
          uid: who.uid,
          roleProfileId: who.selectedRole?.personRoleId ?? null,
          roleCode: who.selectedRole?.roleCode ?? null,
          assuranceLevel: who.assuranceLevel,
          ...(result.purpose === 'unlock' ? { sameUser: result.sameUser } : {}),
        },
      });
      if (result.purpose === 'approval') {
        const reg = who.registration;
        return {
          state: 'done',
          session: currentSession(d),
          approver: {
            approverId: result.approverId,
            displayName: [who.title, who.displayName].filter((s) => s !== undefined).join(' '),
            role: roleLabel(who.selectedRole) ?? 'Unknown role',
            ...(reg !== undefined ? { registration: `${reg.register} ${reg.number}` } : {}),
          },
        };
      }
      return { state: 'done', session: currentSession(d), ...(result.purpose === 'unlock' ? { sameUser: result.sameUser } : {}) };
    },
    lock: () => {
      d.identity.session.lock();
      d.audit.append({ type: AUDIT_EVENTS.sessionLocked, outcome: 'ok' });
      return Promise.resolve(currentSession(d));
    },
    signOut: async () => {
      d.audit.append({ type: AUDIT_EVENTS.signedOut, outcome: 'ok' });
      await d.identity.signOut();
      return currentSession(d);
    },
  };
}

/** Calls that run whatever the session's state: the shell's own (session, configuration). */
const OPEN: ReadonlySet<string> = new Set(['session']);
/** Calls the selected role must allow (settings `cis2.bookerRoles`). */
const BOOKING: ReadonlySet<string> = new Set(['booking.book', 'booking.cancel', 'booking.rebook', 'booking.recordServiceAnswer', 'referral.send', 'referral.withdraw']);

/**
 * Nothing but signing in runs without a signed-in, unlocked, unexpired CIS2 session; booking,
 * cancelling, rebooking and referring also need a role that allows them. Decided here, in main,
 * whatever the page shows or sends.
 */
export function withSignedIn(handlers: Handlers, identity: IdentityService, audit: AuditSink): Handlers {
  const guarded: Record<string, Record<string, unknown>> = {};
  for (const [namespace, service] of Object.entries(handlers) as [string, Record<string, (req: unknown, ctx: unknown) => Promise<unknown>>][]) {
    if (OPEN.has(namespace)) {
      guarded[namespace] = service;
      continue;
    }
    guarded[namespace] = Object.fromEntries(
      Object.entries(service).map(([method, handler]) => [
        method,
        (req: unknown, ctx: unknown) => {
          const state = identity.session.state();
          if (state !== 'signed-in') {
            return Promise.reject(
              new AppError('signed-out', state === 'expired' ? 'Your NHS CIS2 session has ended. Sign in again to carry on: nothing has been lost.' : 'Sign in with NHS CIS2 to carry on: nothing has been lost.'),
            );
          }
          const who = identity.session.identity();
          if (BOOKING.has(`${namespace}.${method}`) && who !== undefined && !identity.mayBook(who)) {
            audit.append({ type: AUDIT_EVENTS.roleRefused, outcome: 'refused', detail: { action: `${namespace}.${method}`, roleCode: who.selectedRole?.roleCode ?? null } });
            return Promise.reject(new AppError('not-permitted', 'Your role does not allow booking, cancelling or referring.', { action: 'Ask a colleague whose role allows it.' }));
          }
          return handler(req, ctx);
        },
      ]),
    );
  }
  return guarded as Handlers;
}

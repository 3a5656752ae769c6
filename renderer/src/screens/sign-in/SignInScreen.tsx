import { useState } from 'react';
import type { AppErrorShape, SessionInfo } from '../../../../preload/contract';
import { EnvironmentBanner } from '../../shell/EnvironmentBanner';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { runSignIn } from '../../shell/cis2-sign-in';
import { rememberRoute } from '../../app/route-memory';

/**
 * Before anything else: sign in with NHS CIS2 (a smartcard or an authenticator of the same
 * level). Nothing about a patient is shown, and main runs nothing else, until that is done.
 * After a session ends, the same screen brings the user back to where they were.
 */
export function SignInScreen({ session, onSignedIn }: { session: SessionInfo; onSignedIn: (s: SessionInfo) => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const expired = session.signIn?.state === 'expired';
  const signIn = async () => {
    setBusy(true);
    setFailure(undefined);
    const result = await runSignIn(expired ? 'unlock' : 'session');
    setBusy(false);
    if (result.ok) {
      // Someone other than the user whose session ended: a clean start, never their case.
      if (result.value.sameUser !== true) rememberRoute({ screen: 'home' });
      onSignedIn(result.value.session);
    }
    else setFailure(result.error);
  };
  return (
    <>
      <EnvironmentBanner environment={session.environment} />
      <main className="nhsuk-width-container app-main" id="main-content" data-testid="sign-in">
        <h1>{expired ? 'Your session has ended' : 'Sign in to Booking Workstation'}</h1>
        <p className="nhsuk-body">
          {expired
            ? 'Sign in again to carry on. Nothing has been lost: the case and any form being filled in are kept.'
            : `Sign in with ${session.signIn?.provider ?? 'NHS CIS2'} using your smartcard or another authenticator. Your name and role come from your sign-in and appear on every booking, referral and audit record you make.`}
        </p>
        {session.signIn?.problem !== undefined && (
          <div className="nhsuk-warning-callout" data-testid="sign-in-problem">
            <h2 className="nhsuk-warning-callout__label">Sign-in is not available</h2>
            <p>{session.signIn.problem}</p>
          </div>
        )}
        {failure !== undefined && <ErrorMessage error={failure} title="You are not signed in" />}
        {busy && <p className="nhsuk-body">Finish signing in on the sign-in page that has opened, then come back here.</p>}
        <button type="button" className="nhsuk-button" onClick={() => void signIn()} disabled={busy} data-testid="sign-in-button">
          Sign in with {session.signIn?.provider ?? 'NHS CIS2'}
        </button>
      </main>
    </>
  );
}

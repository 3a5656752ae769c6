import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, SessionInfo } from '../../../preload/contract';
import { ErrorMessage } from './ErrorMessage';
import { runSignIn } from './cis2-sign-in';

/** How the lock ended: the same user is back (their case with them), or someone else signed in (a clean start). */
export type Unlocked = { session: SessionInfo; sameUser: boolean };

/**
 * The screen while the workstation is locked. Nothing about the patient or the case is
 * rendered (the case screens are unmounted, not hidden), so a passer-by at a shared desk sees
 * only whose session it is. With CIS2, unlocking is a fresh sign-in: only the same user gets the
 * case back; anyone else who signs in starts clean. Without CIS2 (a sandbox harness), a deliberate click.
 */
export function LockScreen({ session, reason, onUnlock }: { session: SessionInfo; reason: 'idle' | 'chosen'; onUnlock: (u: Unlocked) => void }) {
  // Focus goes to the heading, not the button: a key pressed by chance (Enter, space) must not unlock.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const name = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  const cis2 = session.signIn !== undefined;
  const unlock = async () => {
    if (!cis2) return onUnlock({ session, sameUser: true });
    setBusy(true);
    setFailure(undefined);
    const result = await runSignIn('unlock');
    setBusy(false);
    if (result.ok) onUnlock({ session: result.value.session, sameUser: result.value.sameUser ?? false });
    else setFailure(result.error);
  };
  return (
    <main className="nhsuk-width-container app-main app-lock" id="main-content" data-testid="locked">
      <h1 tabIndex={-1} ref={heading}>
        Booking Workstation is locked
      </h1>
      <p className="nhsuk-body">
        {reason === 'idle'
          ? `Locked after ${session.idleLockMinutes ?? 10} minutes without use, to keep the patient’s details private on a shared desk.`
          : 'Locked by the user, to keep the patient’s details private on a shared desk.'}{' '}
        Nothing has been lost: the case and any form being filled in are kept.
      </p>
      <p className="nhsuk-body">
        Signed in: <strong>{name}</strong>
        {session.user.role !== undefined ? ` (${session.user.role})` : ''}
      </p>
      {cis2 && <p className="nhsuk-body">To unlock, sign in again. If someone else signs in, they start with a clean screen.</p>}
      {failure !== undefined && <ErrorMessage error={failure} title="Still locked" />}
      <button type="button" className="nhsuk-button" onClick={() => void unlock()} disabled={busy} data-testid="unlock">
        {cis2 ? 'Sign in to unlock' : `Unlock: I am ${name}`}
      </button>
    </main>
  );
}

import { useEffect, useRef } from 'react';
import type { SessionInfo } from '../../../preload/contract';

/**
 * The screen while the workstation is locked. Nothing about the patient or the case is
 * rendered (the case screens are unmounted, not hidden), so a passer-by at a shared desk sees
 * only whose session it is; the user comes back with a deliberate click, never any key.
 */
export function LockScreen({ session, reason, onUnlock }: { session: SessionInfo; reason: 'idle' | 'chosen'; onUnlock: () => void }) {
  // Focus goes to the heading, not the button: a key pressed by chance (Enter, space) must not unlock.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const name = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
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
      <button type="button" className="nhsuk-button" onClick={onUnlock} data-testid="unlock">
        Unlock: I am {name}
      </button>
    </main>
  );
}

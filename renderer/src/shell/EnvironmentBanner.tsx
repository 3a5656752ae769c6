import type { SessionInfo } from '../../../preload/contract';

/** Always on screen: a SANDBOX session must never be mistaken for a live one. */
export function EnvironmentBanner({ environment }: { environment: SessionInfo['environment'] }) {
  if (environment === 'SANDBOX') {
    return (
      <div className="app-env app-env--sandbox" role="status" data-environment="SANDBOX">
        <strong>SANDBOX</strong> — not connected to Spine. Bookings made here are not real appointments.
      </div>
    );
  }
  return (
    <div className="app-env app-env--live" role="status" data-environment="LIVE">
      <strong>LIVE</strong> — connected to Spine. Bookings are real.
    </div>
  );
}

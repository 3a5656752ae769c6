import { useNow } from '../hooks/useNow';
import { formatElapsed } from '../format/elapsed';

/**
 * A network wait the user can see and hear: what is being waited for, for how long, against the
 * configured limit, and "Stop waiting" only where stopping is safe (a search, never a booking).
 */
export function Waiting({ what, since, limitMs, onStop, testId }: { what: string; since: number; limitMs?: number; onStop?: () => void; testId?: string }) {
  const now = useNow(1000);
  const elapsed = now.getTime() - since;
  return (
    <div className="app-progress" role="status" aria-busy="true" data-testid={testId}>
      <span className="app-spinner" aria-hidden="true" />
      <span>
        {what} <span className="app-elapsed" data-testid="elapsed">{formatElapsed(elapsed)}</span>
        {limitMs !== undefined && <span className="app-progress__limit"> (gives up after {formatElapsed(limitMs)})</span>}
      </span>
      {onStop !== undefined && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary app-progress__stop" onClick={onStop}>
          Stop waiting
        </button>
      )}
    </div>
  );
}

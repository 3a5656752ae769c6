import type { ProviderOutcome } from '../../../preload/contract';

/** One Provider answer as the user is told it: what was asked, whether it worked, the message. */
export function OutcomeLine({ label, outcome, testId }: { label: string; outcome: ProviderOutcome; testId: string }) {
  return (
    <div className={`app-outcome-line ${outcome.ok ? 'app-outcome-line--ok' : 'app-outcome-line--failed'}`} data-testid={testId} data-ok={outcome.ok}>
      <strong className={`nhsuk-tag ${outcome.ok ? 'nhsuk-tag--green' : 'nhsuk-tag--red'}`}>{outcome.ok ? 'Done' : 'Not done'}</strong>{' '}
      <strong>{label}:</strong> {outcome.message}
      {outcome.requestId !== undefined && <span className="nhsuk-body-s"> (reference {outcome.requestId})</span>}
    </div>
  );
}

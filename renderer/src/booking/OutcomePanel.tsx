import { forwardRef } from 'react';
import type { OutcomeMessage } from '../../../preload/contract';
import { formatDateTime } from '../format/time';

const TONE_CLASS: Record<OutcomeMessage['tone'], string> = {
  success: 'app-outcome--success',
  uncertain: 'app-outcome--uncertain',
  failure: 'app-outcome--failure',
  info: 'app-outcome--info',
};

/** One outcome as main worded it: what is known, what is not yet, and the next step. Focusable so focus can land on it. */
export const OutcomePanel = forwardRef<HTMLDivElement, { outcome: OutcomeMessage; testId?: string }>(function OutcomePanel({ outcome, testId }, ref) {
  return (
    <div ref={ref} tabIndex={-1} className={`app-outcome ${TONE_CLASS[outcome.tone]}`} role={outcome.tone === 'failure' ? 'alert' : 'status'} data-testid={testId ?? 'outcome'} data-tone={outcome.tone} data-operation={outcome.operation}>
      <h3 className="app-outcome__title">{outcome.title}</h3>
      <p className="app-outcome__known">{outcome.known}</p>
      {outcome.notKnown !== undefined && (
        <p className="app-outcome__not-known">
          <strong>Not known yet: </strong>
          {outcome.notKnown}
        </p>
      )}
      <p className="app-outcome__next">
        <strong>Next: </strong>
        {outcome.next}
      </p>
      <p className="nhsuk-body-s app-outcome__meta">
        {formatDateTime(outcome.at)}
        {outcome.requestId !== undefined && <> · service desk code {outcome.requestId}</>}
      </p>
    </div>
  );
});

import type { Case } from '../../../../preload/contract';
import { formatDateTime, formatDuration } from '../../format/time';

/** The assessment outcome and its deadline, always in view while booking. */
export function OutcomeSummary({ c }: { c: Case }) {
  const o = c.outcome;
  return (
    <dl className="nhsuk-summary-list app-outcome" data-testid="outcome-summary">
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Assessment outcome</dt>
        <dd className="nhsuk-summary-list__value">
          <strong>{o.dispositionCode}</strong> {o.dispositionText}
          {o.timeframeMinutes !== undefined && ` (within ${formatDuration(o.timeframeMinutes)})`}
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Deadline (UK time)</dt>
        <dd className="nhsuk-summary-list__value" data-testid="deadline">
          <strong>{formatDateTime(o.deadline)}</strong>
          {o.deadlineSetByHand && ' (set by hand)'}
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">Case started</dt>
        <dd className="nhsuk-summary-list__value">{formatDateTime(c.startedAt)}</dd>
      </div>
      {c.registeredPractice !== undefined && (
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Registered practice</dt>
          <dd className="nhsuk-summary-list__value">
            {[c.registeredPractice.name, `(${c.registeredPractice.odsCode})`].filter((s) => s !== undefined).join(' ')}
          </dd>
        </div>
      )}
    </dl>
  );
}

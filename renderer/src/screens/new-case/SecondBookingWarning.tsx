import { useState } from 'react';
import type { ExistingAnswer } from '../../../../preload/contract';
import { formatNhsNumber } from '../../../../preload/contract';
import { TextAreaField } from '../../forms/fields';
import { madeByName } from '../../format/made-by';
import { formatTime } from '../../format/time';

/**
 * Before a second booking for the same person: their live bookings and open cases (this desk's and
 * the organisation's), each told apart by date of birth and NHS number, with the choice to open
 * one or to go on with a reason (main audits it).
 */
export function SecondBookingWarning({
  answer,
  onOpen,
  onContinue,
  onCancel,
  busy,
  at = 'start',
}: {
  /** Starting a case, or choosing a service on one already started: only the words differ. */
  at?: 'start' | 'service';
  answer: ExistingAnswer;
  onOpen: (caseId: string, onThisDesk: boolean) => void;
  onContinue: (reason: string | undefined) => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const needsReason = answer.matches.length > 0;
  const go = () => {
    if (!needsReason) return onContinue(undefined);
    if (reason.trim().length < 10) return setError('Give the reason in a sentence (at least 10 characters)');
    onContinue(reason.trim());
  };
  return (
    <div className="nhsuk-warning-callout app-second-booking" data-testid="second-booking-warning" role="alert">
      <h2 className="nhsuk-warning-callout__label">{needsReason ? 'This person may already have a booking or an open case' : 'Other desks could not be checked'}</h2>
      {answer.message !== undefined && <p className="nhsuk-body">{answer.message}</p>}
      {needsReason && (
        <ul className="nhsuk-list">
          {answer.matches.map((m) => (
            <li key={m.caseId} data-testid="existing-case">
              <strong>{m.patientName}</strong>, born {m.birthDate.split('-').reverse().join('/')},{' '}
              {m.nhsNumber !== undefined ? `NHS number ${formatNhsNumber(m.nhsNumber)}` : 'no NHS number'} — {m.text}. Case {m.caseReference}, started {formatTime(m.startedAt)}
              {m.madeBy !== undefined && !m.onThisDesk ? ` on ${m.madeBy.workstation} by ${madeByName(m.madeBy)}` : ' on this desk'}.{' '}
              <button type="button" className="app-link-button" disabled={busy} onClick={() => onOpen(m.caseId, m.onThisDesk)}>
                Open this case
              </button>
            </li>
          ))}
        </ul>
      )}
      {needsReason && (
        <TextAreaField
          id="second-booking-reason"
          label={at === 'start' ? 'Or start a new case anyway: why is another case needed?' : 'Or choose this service anyway: why is another booking needed?'}
          hint="For example, a different problem from the one already booked. This is kept in the audit trail."
          value={reason}
          onChange={(v) => {
            setReason(v);
            setError(undefined);
          }}
          {...(error !== undefined ? { error } : {})}
          rows={2}
        />
      )}
      <div className="app-actions">
        <button type="button" className="nhsuk-button" disabled={busy} onClick={go}>
          {at === 'service' ? 'Choose this service anyway' : needsReason ? 'Start a new case anyway' : 'Start the case'}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onCancel}>
          {at === 'start' ? 'Back to the form' : 'Back to the list of services'}
        </button>
      </div>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case, CaseAction } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { actionOf } from '../../booking/case-actions';
import { workstation } from '../../bridge/workstation';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { ReferralDocumentView } from './ReferralDocumentView';

/**
 * The referral follows the booking, as main states it: what was sent with which appointment,
 * whether an update is offered, and one send that main will not allow twice by accident.
 */
export function ReferralPanel({ c, onCase }: { c: Case; onCase: (updated: Case) => void }) {
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [sentMessage, setSentMessage] = useState<string | undefined>(undefined);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const service = c.service;
  const referral = c.bookingView.referral;
  const action: CaseAction | undefined = actionOf(c, 'send-referral-update') ?? actionOf(c, 'send-referral');
  const { navigate } = useApp();

  useEffect(() => {
    if (sentMessage !== undefined) resultRef.current?.focus();
  }, [sentMessage]);

  if (service === undefined) return null;

  const send = async () => {
    if (action?.enabled !== true || sending) return;
    setSending(true);
    setFailure(undefined);
    const result = await workstation.referral.send({ caseId: c.id });
    setSending(false);
    if (result.ok) {
      setSentMessage(`${result.value.referral.status === 'sent' ? 'Referral sent' : 'Referral failed'}: ${result.value.referral.message}`);
      onCase(result.value.case);
    } else setFailure(result.error);
  };

  const enabled = action?.enabled === true && !sending;
  return (
    <section className="app-referral" aria-labelledby="referral-heading" data-testid="referral-panel" data-referral-allowed={action?.enabled === true} data-referral-status={referral.status}>
      <h2 id="referral-heading">Referral to {service.name}</h2>
      {service.bookingOnly && <strong className="nhsuk-tag nhsuk-tag--orange">Booking only: a referral needs a booked appointment</strong>}
      <p className="nhsuk-body" data-testid="referral-state">
        {referral.message}
      </p>
      {action !== undefined && (
        <div className="app-actions">
          <button
            type="button"
            className={`nhsuk-button${c.bookingView.headline.tone === 'booked' && action.enabled ? '' : ' nhsuk-button--secondary'}`}
            disabled={!enabled}
            aria-describedby={!action.enabled ? 'referral-blocked-reason' : undefined}
            onClick={() => void send()}
            data-testid="send-referral"
          >
            {action.label}
          </button>
          {!action.enabled && action.disabledReason !== undefined && (
            <p id="referral-blocked-reason" className="app-blocked" data-testid="referral-blocked">
              {action.disabledReason}
            </p>
          )}
          {sending && (
            <p role="status" aria-busy="true">
              Sending the referral…
            </p>
          )}
        </div>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The referral was not sent" />}
      {sentMessage !== undefined && (
        <p ref={resultRef} tabIndex={-1} role="status" className="nhsuk-body" data-testid="referral-outcome">
          {sentMessage}
        </p>
      )}
      {referral.status === 'sent' && (c.bookingView.headline.tone === 'booked' || service.booking.status !== 'bookable') && (
        // Booked and referred (or referred where nothing can be booked): the call's work is done, so the next call is the one action left.
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={() => navigate({ screen: 'new-case' })} data-testid="next-case">
            Start a new case
          </button>
        </div>
      )}
      {referral.sent.length > 0 && (
        <ul className="nhsuk-list" data-testid="referrals-sent">
          {referral.sent.map((r) => (
            <li key={r.referralId} data-referral-kind={r.kind}>
              {r.kind === 'update' ? 'Update' : 'Referral'} {r.status === 'sent' ? 'sent' : 'not sent'}
              {r.appointmentText !== undefined && <> with {r.appointmentText}</>}: {r.message}
            </li>
          ))}
        </ul>
      )}
      {c.referrals.length > 0 && (
        <ul className="nhsuk-list" data-testid="referrals">
          {c.referrals.map((r) => (
            <ReferralDocumentView key={r.id} referral={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

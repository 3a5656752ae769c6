import { useState } from 'react';
import type { AppErrorShape, Case, ReferralSummary } from '../../../../preload/contract';
import { workstation } from '../../bridge/workstation';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { ReferralDocumentView } from './ReferralDocumentView';

/**
 * The referral gate: main decides whether the referral may go (`referralAllowed`); when it may
 * not — a booking-only service with no booking yet — the reason is shown and the button is off.
 */
export function ReferralPanel({ c, onCase }: { c: Case; onCase: (updated: Case) => void }) {
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<ReferralSummary | undefined>(undefined);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const service = c.service;
  if (service === undefined) return null;

  const send = async () => {
    setSending(true);
    setFailure(undefined);
    const result = await workstation.referral.send({ caseId: c.id });
    setSending(false);
    if (result.ok) {
      setSent(result.value.referral);
      onCase(result.value.case);
    } else setFailure(result.error);
  };

  return (
    <section className="app-referral" aria-labelledby="referral-heading" data-testid="referral-panel" data-referral-allowed={c.referralAllowed}>
      <h2 id="referral-heading">Referral to {service.name}</h2>
      {service.bookingOnly && <strong className="nhsuk-tag nhsuk-tag--orange">Booking only: a referral needs a booked appointment</strong>}
      {!c.referralAllowed && c.referralBlockedReason !== undefined && (
        <div className="nhsuk-warning-callout" data-testid="referral-blocked">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>The referral cannot be sent yet
            </span>
          </h3>
          <p id="referral-blocked-reason">{c.referralBlockedReason}</p>
        </div>
      )}
      <div className="app-actions">
        <button
          type="button"
          className="nhsuk-button"
          disabled={!c.referralAllowed || sending}
          aria-describedby={!c.referralAllowed ? 'referral-blocked-reason' : undefined}
          onClick={() => void send()}
          data-testid="send-referral"
        >
          Send referral
        </button>
        {sending && (
          <p role="status" aria-busy="true">
            Sending the referral…
          </p>
        )}
      </div>
      {failure !== undefined && <ErrorMessage error={failure} title="The referral was not sent" />}
      {sent !== undefined && (
        <p role="status" className="nhsuk-body" data-testid="referral-outcome">
          {sent.status === 'sent' ? 'Referral sent' : 'Referral failed'}: {sent.message}
        </p>
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

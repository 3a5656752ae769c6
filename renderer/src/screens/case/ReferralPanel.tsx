import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case, CaseAction } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { actionOf } from '../../booking/case-actions';
import { workstation } from '../../bridge/workstation';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { ReferralDocumentView } from './ReferralDocumentView';
import { ReferralPreview, UnsavedNotesQuestion } from './ReferralPreview';

/**
 * The referral follows the booking, as main states it: one line for its state, a preview of what
 * the next send carries, and one send that main will not allow twice by accident. Notes typed but
 * not saved hold the send with a plain question: nothing typed is dropped without being asked.
 */
export function ReferralPanel({ c, onCase, unsavedNotes }: { c: Case; onCase: (updated: Case) => void; unsavedNotes?: string | undefined }) {
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [held, setHeld] = useState(false);
  // Main's state line right after our own send: it becomes the announced outcome until the state moves on.
  const [announced, setAnnounced] = useState<{ message: string; seq: number } | undefined>(undefined);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const questionRef = useRef<HTMLHeadingElement>(null);
  const service = c.service;
  const referral = c.bookingView.referral;
  const action: CaseAction | undefined = actionOf(c, 'send-referral-update') ?? actionOf(c, 'send-referral');
  const { navigate } = useApp();
  const typed = unsavedNotes !== undefined && unsavedNotes.trim() !== '' ? unsavedNotes : undefined;
  const asking = held && typed !== undefined;

  useEffect(() => {
    if (announced !== undefined) resultRef.current?.focus();
  }, [announced]);

  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);

  if (service === undefined) return null;

  const send = async (notesFirst?: string) => {
    if (action?.enabled !== true || sending) return;
    setSending(true);
    setFailure(undefined);
    if (notesFirst !== undefined) {
      const saved = await workstation.case.updateNotes({ caseId: c.id, notes: notesFirst });
      if (!saved.ok) {
        setSending(false);
        return setFailure(saved.error);
      }
      onCase(saved.value);
    }
    const result = await workstation.referral.send({ caseId: c.id });
    setSending(false);
    setHeld(false);
    if (result.ok) {
      onCase(result.value.case);
      setAnnounced((a) => ({ message: result.value.case.bookingView.referral.message, seq: (a?.seq ?? 0) + 1 }));
    } else setFailure(result.error);
  };

  const ask = () => {
    if (typed !== undefined) setHeld(true);
    else void send();
  };

  const enabled = action?.enabled === true && !sending;
  const isOutcome = announced !== undefined && announced.message === referral.message;
  // Main's state and the reason the send is off are often the same sentence: said once, on one line.
  const sameReason = action !== undefined && !action.enabled && action.disabledReason === referral.message;
  const lineKind = isOutcome ? 'referral-outcome' : sameReason ? 'referral-blocked' : 'referral-state';
  return (
    <section className="app-referral" aria-labelledby="referral-heading" data-testid="referral-panel" data-referral-allowed={action?.enabled === true} data-referral-status={referral.status}>
      <h2 id="referral-heading">Referral to {service.name}</h2>
      {service.bookingOnly && <strong className="nhsuk-tag nhsuk-tag--orange">Booking only: a referral needs a booked appointment</strong>}
      <p id="referral-state-line" ref={resultRef} tabIndex={-1} role="status" className={lineKind === 'referral-blocked' ? 'app-blocked' : 'nhsuk-body'} data-testid={lineKind}>
        {referral.message}
      </p>
      {action?.enabled === true && !asking && <ReferralPreview c={c} notes={c.notes} />}
      {asking && <UnsavedNotesQuestion typed={typed} headingRef={questionRef} busy={sending} onSaveAndSend={() => void send(typed)} onSendWithout={() => void send()} />}
      {action !== undefined && !asking && (
        <div className="app-actions">
          <button
            type="button"
            className={`nhsuk-button${c.bookingView.headline.tone === 'booked' && action.enabled ? '' : ' nhsuk-button--secondary'}`}
            disabled={!enabled}
            aria-describedby={action.enabled ? undefined : sameReason ? 'referral-state-line' : 'referral-blocked-reason'}
            onClick={ask}
            data-testid="send-referral"
          >
            {action.label}
          </button>
          {!action.enabled && action.disabledReason !== undefined && !sameReason && (
            <p id="referral-blocked-reason" className="app-blocked" data-testid="referral-blocked">
              {action.disabledReason}
            </p>
          )}
        </div>
      )}
      {sending && (
        <p role="status" aria-busy="true">
          Sending the referral…
        </p>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The referral was not sent" />}
      {referral.status === 'sent' && (c.bookingView.headline.tone === 'booked' || service.booking.status !== 'bookable') && (
        // Booked and referred (or referred where nothing can be booked): the call's work is done, so the next call is the one action left.
        <div className="app-actions">
          <button type="button" className="nhsuk-button" onClick={() => navigate({ screen: 'new-case' })} data-testid="next-case">
            Start a new case
          </button>
        </div>
      )}
      {c.referrals.length > 0 && (
        <ul className="nhsuk-list" data-testid="referrals">
          {c.referrals.map((r) => (
            <ReferralDocumentView key={r.id} referral={r} sent={referral.sent.find((x) => x.referralId === r.id)} onCase={onCase} />
          ))}
        </ul>
      )}
    </section>
  );
}

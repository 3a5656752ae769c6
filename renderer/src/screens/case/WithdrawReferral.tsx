import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case, OutcomeMessage, SentReferral } from '../../../../preload/contract';
import { useUnsent } from '../../app/unsent';
import { OutcomePanel } from '../../booking/OutcomePanel';
import { workstation } from '../../bridge/workstation';
import { TextAreaField } from '../../forms/fields';
import { ErrorMessage } from '../../shell/ErrorMessage';

/**
 * BaRS App1 L142/L144: withdraw a referral that still stands, with a reason, and show what the
 * service answered as main worded it. Main decides whether the referral can be withdrawn.
 */
export function WithdrawReferral({ sent, onCase }: { sent: SentReferral; onCase: (c: Case) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const [outcome, setOutcome] = useState<OutcomeMessage | undefined>(undefined);
  const resultRef = useRef<HTMLDivElement>(null);
  const id = `wr-${sent.referralId.slice(0, 8)}`;
  // Typed and not yet sent: leaving the case asks before dropping it.
  useUnsent(`${sent.referralId}:withdraw-reason`, 'Why the referral is being withdrawn', reason, open);

  useEffect(() => {
    if (outcome !== undefined || failure !== undefined) resultRef.current?.focus();
  }, [outcome, failure]);

  const withdraw = async () => {
    if (busy) return;
    if (reason.trim() === '') return setReasonError('Enter the reason');
    setReasonError(undefined);
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.referral.withdraw({ referralId: sent.referralId, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setFailure(result.error);
    setOutcome(result.value.outcome);
    if (result.value.outcome.tone === 'success') {
      setOpen(false);
      setReason('');
    }
    onCase(result.value.case);
  };

  return (
    <div className="app-withdraw-referral" data-testid="withdraw-referral">
      {outcome !== undefined && <OutcomePanel ref={resultRef} outcome={outcome} testId="withdraw-outcome" />}
      {failure !== undefined && (
        <div ref={resultRef} tabIndex={-1}>
          <ErrorMessage error={failure} title="The withdrawal was not sent" />
        </div>
      )}
      {sent.withdrawAllowed && !open && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(true)} data-testid="withdraw-referral-start">
          Withdraw referral
        </button>
      )}
      {sent.withdrawAllowed && open && (
        <>
          <TextAreaField id={`${id}-reason`} label="Why is the referral being withdrawn?" hint="The service is sent this reason." value={reason} onChange={setReason} error={reasonError} />
          <div className="app-actions">
            {busy ? (
              <p role="status" aria-busy="true">
                Withdrawing the referral…
              </p>
            ) : (
              <>
                <button type="button" className="nhsuk-button nhsuk-button--warning" onClick={() => void withdraw()} data-testid="confirm-withdraw-referral">
                  Withdraw the referral
                </button>
                <button type="button" className="app-link-button" onClick={() => setOpen(false)}>
                  Do not withdraw
                </button>
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}

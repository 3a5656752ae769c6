import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { workstation } from '../../bridge/workstation';
import { TextAreaField } from '../../forms/fields';
import { ErrorMessage } from '../../shell/ErrorMessage';

type Asked = { state: 'idle' } | { state: 'reason'; message: string; action?: string | undefined };

/**
 * Closing the case. Main decides whether a referral is still due: when it is, closing waits for
 * the clinician's reason (audited with the close), so a booking never ends the call unreferred by accident.
 */
export function CloseCase({ c }: { c: Case }) {
  const { navigate } = useApp();
  const [asked, setAsked] = useState<Asked>({ state: 'idle' });
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const questionRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (asked.state === 'reason') questionRef.current?.focus();
  }, [asked.state]);

  const close = async (withReason?: string) => {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.case.close({ caseId: c.id, ...(withReason !== undefined ? { reasonNoReferral: withReason } : {}) });
    setBusy(false);
    if (result.ok) return navigate({ screen: 'home' });
    // Main's refusal for a referral still due is the question itself; anything else is a failure.
    if (result.error.code === 'conflict' && withReason === undefined) setAsked({ state: 'reason', message: result.error.message, action: result.error.action });
    else setFailure(result.error);
  };

  const closeWithout = () => {
    if (reason.trim() === '') return setReasonError('Enter why the referral is not being sent');
    setReasonError(undefined);
    void close(reason.trim());
  };

  return (
    <section className="app-close-case" aria-labelledby="close-case-heading" data-testid="close-case-panel">
      <h2 id="close-case-heading" className="nhsuk-u-visually-hidden">
        Close the case
      </h2>
      {asked.state === 'reason' ? (
        <div className="nhsuk-warning-callout app-compact-callout" data-testid="close-without-referral">
          <h3 className="nhsuk-warning-callout__label" ref={questionRef} tabIndex={-1}>
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              {asked.message}
            </span>
          </h3>
          {asked.action !== undefined && <p>{asked.action}</p>}
          <TextAreaField id="close-reason" label="Why is the case closed without a referral?" value={reason} onChange={setReason} error={reasonError} rows={2} />
          <div className="app-actions">
            <button type="button" className="nhsuk-button nhsuk-button--warning" disabled={busy} onClick={closeWithout} data-testid="confirm-close-without-referral">
              Close the case without a referral
            </button>
            <button type="button" className="app-link-button" onClick={() => setAsked({ state: 'idle' })}>
              Do not close the case
            </button>
          </div>
        </div>
      ) : (
        <div className="app-actions">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => void close()} data-testid="close-case">
            Close the case
          </button>
        </div>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The case was not closed" />}
    </section>
  );
}

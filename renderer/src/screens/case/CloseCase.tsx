import { useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Case } from '../../../../preload/contract';
import { useApp } from '../../app/navigation';
import { useUnsent, type Unsent } from '../../app/unsent';
import { workstation } from '../../bridge/workstation';
import { TextAreaField } from '../../forms/fields';
import { ErrorMessage } from '../../shell/ErrorMessage';
import { TypedNotSentQuestion } from './TypedNotSentQuestion';

type Asked = { state: 'idle' } | { state: 'typed' } | { state: 'reason'; message: string; action?: string | undefined };

/** This panel's own reason, reported as unsent like any other, but never asked about by the close it belongs to. */
const OWN_REASON = 'close-reason';

/**
 * Closing the case. Text typed and not sent (notes not saved, a reason or approval half-written)
 * holds the close with one plain question first: closing would leave it out. Main then decides
 * whether a referral is still due: when it is, closing waits for the clinician's reason (audited
 * with the close), so a booking never ends the call unreferred by accident.
 */
export function CloseCase({ c, onCase, unsavedNotes, unsent }: { c: Case; onCase: (c: Case) => void; unsavedNotes: string | undefined; unsent: ReadonlyMap<string, Unsent> }) {
  const { navigate } = useApp();
  const [asked, setAsked] = useState<Asked>({ state: 'idle' });
  const [answered, setAnswered] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const questionRef = useRef<HTMLHeadingElement>(null);
  useUnsent(OWN_REASON, 'Why the case is closed without a referral', reason, asked.state === 'reason', 'step');

  const notes = unsavedNotes !== undefined && unsavedNotes.trim() !== '' ? unsavedNotes.trim() : undefined;
  const typed: Unsent[] = [
    ...(notes !== undefined ? [{ what: 'Clinical notes of the call, not saved', text: notes, scope: 'case' as const }] : []),
    ...[...unsent.entries()].filter(([key]) => key !== OWN_REASON).map(([, u]) => u),
  ];

  useEffect(() => {
    if (asked.state !== 'idle') questionRef.current?.focus();
  }, [asked.state]);

  const close = async (withReason?: string) => {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    const result = await workstation.case.close({ caseId: c.id, ...(withReason !== undefined ? { reasonNoReferral: withReason } : {}) });
    setBusy(false);
    // Whatever else was typed was asked about before this close: leaving is not asked again.
    if (result.ok) return navigate({ screen: 'home' }, { asked: true });
    // Main's refusal for a referral still due is the question itself; anything else is a failure.
    if (result.error.code === 'conflict' && withReason === undefined) setAsked({ state: 'reason', message: result.error.message, action: result.error.action });
    else setFailure(result.error);
  };

  /** Every close goes through here: typed text not sent is asked about once, before anything is closed. */
  const attempt = (withReason?: string) => {
    if (!answered && typed.length > 0) return setAsked({ state: 'typed' });
    void close(withReason);
  };

  const afterTyped = async (saveNotes: boolean) => {
    setAnswered(true);
    setAsked({ state: 'idle' });
    if (saveNotes && notes !== undefined) {
      setBusy(true);
      const saved = await workstation.case.updateNotes({ caseId: c.id, notes: unsavedNotes ?? notes });
      setBusy(false);
      if (!saved.ok) return setFailure(saved.error);
      onCase(saved.value);
    }
    await close(reason.trim() === '' ? undefined : reason.trim());
  };

  const closeWithout = () => {
    if (reason.trim() === '') return setReasonError('Enter why the referral is not being sent');
    setReasonError(undefined);
    attempt(reason.trim());
  };

  return (
    <section className="app-close-case" aria-labelledby="close-case-heading" data-testid="close-case-panel">
      <h2 id="close-case-heading" className="nhsuk-u-visually-hidden">
        Close the case
      </h2>
      {asked.state === 'typed' ? (
        <TypedNotSentQuestion
          typed={typed}
          headingRef={questionRef}
          busy={busy}
          onSaveNotesAndClose={notes !== undefined ? () => void afterTyped(true) : undefined}
          onCloseWithout={() => void afterTyped(false)}
          onCancel={() => setAsked({ state: 'idle' })}
        />
      ) : asked.state === 'reason' ? (
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
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => attempt()} data-testid="close-case">
            Close the case
          </button>
        </div>
      )}
      {failure !== undefined && <ErrorMessage error={failure} title="The case was not closed" />}
    </section>
  );
}

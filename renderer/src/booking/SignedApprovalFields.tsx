import { useState } from 'react';
import { MIN_REASON_LENGTH, reasonProblem, type AppErrorShape, type SessionInfo } from '../../../preload/contract';
import { TextAreaField } from '../forms/fields';
import { ErrorMessage } from '../shell/ErrorMessage';
import { runSignIn } from '../shell/cis2-sign-in';
import type { ApprovalDraft } from './ApprovalFields';

/**
 * With CIS2 nobody types an approver's name: the signed-in user approves (if their role allows),
 * or a second clinician signs in for this approval alone. Main records their name, role and
 * registration from that sign-in and refuses a role without approval.
 */
export function SignedApprovalFields({ idPrefix, draft, onChange, session }: { idPrefix: string; draft: ApprovalDraft; onChange: (d: ApprovalDraft) => void; session: SessionInfo }) {
  const [reasonVisited, setReasonVisited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorShape | undefined>(undefined);
  const me = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  const describe = (name: string, role: string | undefined, registration: string | undefined): string =>
    [name, role, registration].filter((s) => s !== undefined && s !== '').join(', ');
  const secondClinician = async () => {
    setBusy(true);
    setFailure(undefined);
    const result = await runSignIn('approval');
    setBusy(false);
    const approver = result.ok ? result.value.approver : undefined;
    if (!result.ok) setFailure(result.error);
    else if (approver !== undefined) onChange({ ...draft, signed: { approvedBy: approver.approverId, who: describe(approver.displayName, approver.role, approver.registration) } });
  };
  return (
    <fieldset className="nhsuk-fieldset app-approval" data-testid="approval">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Clinical approval to book after the deadline</legend>
      {draft.signed !== undefined ? (
        <p className="nhsuk-body" data-testid="approver">
          Approved by <strong>{draft.signed.who}</strong>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary app-button--small" onClick={() => onChange({ ...draft, signed: undefined })}>
            Change
          </button>
        </p>
      ) : (
        <div className="nhsuk-button-group">
          {session.user.clinician ? (
            <button type="button" className="nhsuk-button" data-testid="approve-myself" onClick={() => onChange({ ...draft, signed: { approvedBy: 'self', who: describe(me, session.user.role, session.user.registration) } })}>
              I approve this myself
            </button>
          ) : (
            <p className="nhsuk-body" data-testid="not-a-clinician">
              Your role does not allow you to approve this. A clinician with the approval role must sign in to approve it.
            </p>
          )}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" data-testid="second-clinician" disabled={busy} onClick={() => void secondClinician()}>
            Another clinician signs in to approve
          </button>
        </div>
      )}
      {busy && <p className="nhsuk-body">The approving clinician signs in on the page that has opened; this page waits for them.</p>}
      {failure !== undefined && <ErrorMessage error={failure} title="Not approved" />}
      <TextAreaField
        id={`${idPrefix}-approval-reason`}
        label="Why this appointment is clinically acceptable"
        hint={`At least ${MIN_REASON_LENGTH} characters, in words: what makes this appointment safe for the patient.`}
        value={draft.reason}
        onChange={(v) => onChange({ ...draft, reason: v })}
        onBlur={() => setReasonVisited(true)}
        error={reasonVisited ? reasonProblem(draft.reason) : undefined}
      />
    </fieldset>
  );
}

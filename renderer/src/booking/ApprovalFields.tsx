import type { Approval, SessionInfo } from '../../../preload/contract';
import { CheckboxField, TextAreaField, TextField } from '../forms/fields';

export interface ApprovalDraft {
  iAmApprover: boolean;
  approverName: string;
  approverRole: string;
  reason: string;
}

export const emptyApproval = (): ApprovalDraft => ({ iAmApprover: false, approverName: '', approverRole: '', reason: '' });

/** The approval, or undefined until every part is filled in: without it nothing is sent. */
export function completeApproval(d: ApprovalDraft): Approval | undefined {
  const a = { approverName: d.approverName.trim(), approverRole: d.approverRole.trim(), reason: d.reason.trim() };
  return a.approverName !== '' && a.approverRole !== '' && a.reason !== '' ? a : undefined;
}

/** Clinical approval to book after the deadline: who approved (named, with their role) and why. */
export function ApprovalFields({ idPrefix, draft, onChange, session }: { idPrefix: string; draft: ApprovalDraft; onChange: (d: ApprovalDraft) => void; session: SessionInfo }) {
  const set = (patch: Partial<ApprovalDraft>) => onChange({ ...draft, ...patch });
  const me = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  return (
    <fieldset className="nhsuk-fieldset app-approval" data-testid="approval">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Clinical approval to book after the deadline</legend>
      {session.user.clinician && (
        <CheckboxField
          id={`${idPrefix}-i-am-approver`}
          label="I am the approving clinician"
          hint={`Fills in your name (${me})${session.user.role !== undefined ? ` and role (${session.user.role})` : ''}. Only tick this if you are the clinician approving it.`}
          checked={draft.iAmApprover}
          onChange={(checked) =>
            // Prefilled only on this explicit choice; unticking clears it so another clinician's details are typed.
            onChange(
              checked
                ? { ...draft, iAmApprover: true, approverName: me, approverRole: session.user.role ?? draft.approverRole }
                : { ...draft, iAmApprover: false, approverName: '', approverRole: '' },
            )
          }
        />
      )}
      <TextField id={`${idPrefix}-approver-name`} label="Approving clinician’s name" value={draft.approverName} onChange={(v) => set({ approverName: v })} />
      <TextField id={`${idPrefix}-approver-role`} label="Their role" hint="For example, GP, Clinical supervisor, Advanced nurse practitioner" value={draft.approverRole} onChange={(v) => set({ approverRole: v })} />
      <TextAreaField id={`${idPrefix}-approval-reason`} label="Why this appointment is clinically acceptable" value={draft.reason} onChange={(v) => set({ reason: v })} />
    </fieldset>
  );
}

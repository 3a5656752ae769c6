import { useState } from 'react';
import { Approval, MIN_REASON_LENGTH, REGISTERS, reasonProblem, registrationProblem, samePerson, SignedApproval, type ApprovalRequest, type Register, type SessionInfo } from '../../../preload/contract';
import { SignedApprovalFields } from './SignedApprovalFields';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../forms/fields';

export interface ApprovalDraft {
  iAmApprover: boolean;
  approverName: string;
  approverRole: string;
  registrationBody: Register | '';
  registrationNumber: string;
  reason: string;
  /** With CIS2: who approves, as main will record it (the user themself, or a second clinician who signed in). */
  signed?: { approvedBy: string; who: string };
}

export const emptyApproval = (): ApprovalDraft => ({ iAmApprover: false, approverName: '', approverRole: '', registrationBody: '', registrationNumber: '', reason: '' });

const REGISTER_OPTIONS = [{ value: '', label: 'Choose the register' }, ...Object.entries(REGISTERS).map(([value, label]) => ({ value, label: `${value} – ${label}` }))];

/** What has been typed into an approval, as one line (empty when nothing has): for asking before it is dropped. */
export function approvalTyped(d: ApprovalDraft): string {
  const who = d.signed?.who ?? [d.approverName, d.approverRole, d.registrationBody, d.registrationNumber].map((s) => s.trim()).filter((s) => s !== '').join(', ');
  return [who, d.reason.trim()].filter((s) => s !== '').join(': ');
}

/** The approval, or undefined until every part passes the contract's own rules: without it nothing is sent. */
export function completeApproval(d: ApprovalDraft, session?: SessionInfo): ApprovalRequest | undefined {
  if (session?.signIn !== undefined) {
    if (d.signed === undefined) return undefined;
    const signed = SignedApproval.safeParse({ approvedBy: d.signed.approvedBy, reason: d.reason });
    return signed.success ? signed.data : undefined;
  }
  const parsed = Approval.safeParse({
    approverName: d.approverName,
    approverRole: d.approverRole,
    registrationBody: d.registrationBody === '' ? undefined : d.registrationBody,
    registrationNumber: d.registrationNumber,
    reason: d.reason,
  });
  return parsed.success ? parsed.data : undefined;
}

/** A non-clinician naming themselves: main refuses it too, this says so before they try. */
function selfApproval(d: ApprovalDraft, session: SessionInfo): boolean {
  if (session.user.clinician) return false;
  const me = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  return samePerson(d.approverName, session.user.displayName) || samePerson(d.approverName, me);
}

/** Clinical approval to book after the deadline: who approved (named, with role and professional registration) and why. */
export function ApprovalFields(props: { idPrefix: string; draft: ApprovalDraft; onChange: (d: ApprovalDraft) => void; session: SessionInfo }) {
  return props.session.signIn !== undefined ? <SignedApprovalFields {...props} /> : <TypedApprovalFields {...props} />;
}

function TypedApprovalFields({ idPrefix, draft, onChange, session }: { idPrefix: string; draft: ApprovalDraft; onChange: (d: ApprovalDraft) => void; session: SessionInfo }) {
  // Problems show once the user has left a field, so they are not told off while still typing.
  const [visited, setVisited] = useState<ReadonlySet<string>>(new Set());
  const visit = (field: string) => setVisited((v) => new Set(v).add(field));
  const set = (patch: Partial<ApprovalDraft>) => onChange({ ...draft, ...patch });
  const me = [session.user.title, session.user.displayName].filter((s) => s !== undefined && s !== '').join(' ');
  const nameError = selfApproval(draft, session) ? 'You are not recorded as a clinician, so you cannot approve this yourself. Enter the approving clinician’s name.' : undefined;
  const numberError = draft.registrationBody !== '' && visited.has('number') ? registrationProblem(draft.registrationBody, draft.registrationNumber) : undefined;
  const registerError = draft.registrationBody === '' && visited.has('number') ? 'Choose the register the approving clinician is on' : undefined;
  const reasonError = visited.has('reason') ? reasonProblem(draft.reason) : undefined;
  return (
    <fieldset className="nhsuk-fieldset app-approval" data-testid="approval">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Clinical approval to book after the deadline</legend>
      {session.user.clinician ? (
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
      ) : (
        <p className="nhsuk-body" data-testid="not-a-clinician">
          Your profile does not record you as a clinician, so a clinician must approve this. Enter their details.
        </p>
      )}
      <TextField id={`${idPrefix}-approver-name`} label="Approving clinician’s name" value={draft.approverName} onChange={(v) => set({ approverName: v })} error={nameError} />
      <TextField id={`${idPrefix}-approver-role`} label="Their role" hint="For example, GP, Clinical supervisor, Advanced nurse practitioner" value={draft.approverRole} onChange={(v) => set({ approverRole: v })} />
      <div className="app-approval__registration">
        <SelectField
          id={`${idPrefix}-registration-body`}
          label="Their professional register"
          value={draft.registrationBody}
          onChange={(v) => set({ registrationBody: v as ApprovalDraft['registrationBody'] })}
          options={REGISTER_OPTIONS}
          error={registerError}
        />
        <TextField
          id={`${idPrefix}-registration-number`}
          label="Their registration number"
          hint="GMC: 7 digits. NMC: for example 12A3456E. HCPC: for example PA123456."
          value={draft.registrationNumber}
          onChange={(v) => set({ registrationNumber: v })}
          onBlur={() => visit('number')}
          className="nhsuk-input--width-10"
          spellCheck={false}
          error={numberError}
        />
      </div>
      <TextAreaField
        id={`${idPrefix}-approval-reason`}
        label="Why this appointment is clinically acceptable"
        hint={`At least ${MIN_REASON_LENGTH} characters, in words: what makes this appointment safe for the patient.`}
        value={draft.reason}
        onChange={(v) => set({ reason: v })}
        onBlur={() => visit('reason')}
        error={reasonError}
      />
    </fieldset>
  );
}

import { samePerson, type Approval } from '../../preload/contract';
import { AppError } from '../api/app-error';

/** The logged-on user as far as approving goes: their name and whether the profile says they are a clinician. */
export interface ApprovingUser {
  displayName: string;
  title?: string;
  clinician: boolean;
}

/**
 * A user who is not a clinician cannot name themselves as the approving clinician: the form
 * hides the choice, and main refuses it whatever the caller sends (see `selfApprovalRefusal`).
 */
export function isRefusedSelfApproval(approval: Approval, user: ApprovingUser): boolean {
  if (user.clinician) return false;
  const names = [user.displayName, [user.title, user.displayName].filter((s) => s !== undefined && s !== '').join(' ')];
  return names.some((n) => samePerson(approval.approverName, n));
}

/** The answer to a refused self-approval; the caller audits the refusal before throwing it. */
export function selfApprovalRefusal(): AppError {
  return new AppError('approval-required', 'You cannot approve this yourself: your profile does not record you as a clinician.', {
    action: 'Ask a clinician to approve it, and enter their name, role and registration number.',
  });
}

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
 * hides the choice, and this refuses it here in main whatever the caller sends.
 */
export function assertMayApprove(approval: Approval, user: ApprovingUser): void {
  if (user.clinician) return;
  const names = [user.displayName, [user.title, user.displayName].filter((s) => s !== undefined && s !== '').join(' ')];
  if (names.some((n) => samePerson(approval.approverName, n))) {
    throw new AppError('approval-required', 'You cannot approve this yourself: your profile does not record you as a clinician.', {
      action: 'Ask a clinician to approve it, and enter their name, role and registration number.',
    });
  }
}

import type { Approval, ApprovalRequest } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { Cis2Identity } from '../identity/claims';
import type { IdentityService } from '../identity/identity-service';
import { roleLabel } from '../identity/roles';

/**
 * An approval to book after the deadline is given by a signed-in clinician whose selected role is
 * in the settings' approver roles: the user themself, or a second clinician who signed in for this
 * approval. Main writes the approver's name, role and registration from their session; a typed
 * name is refused while CIS2 is in use.
 */
export function resolveApproval(request: ApprovalRequest | undefined, identity: IdentityService, audit: AuditSink, caseId?: string): Approval | undefined {
  if (request === undefined) return undefined;
  if (!('approvedBy' in request)) {
    refuse(audit, caseId, 'typed', undefined);
    throw new AppError('not-permitted', 'An approval must come from a clinician signed in with their smartcard, not a typed name.', {
      action: 'Approve it yourself if your role allows, or ask a clinician to sign in and approve it.',
    });
  }
  let approver: Cis2Identity | undefined;
  if (request.approvedBy === 'self') {
    approver = identity.session.identity();
    if (approver === undefined || !identity.mayApprove(approver)) {
      refuse(audit, caseId, 'self', approver);
      throw new AppError('not-permitted', 'Your role does not allow you to approve booking after the deadline.', {
        action: 'Ask a clinician with the approval role to sign in and approve it, or choose an earlier appointment.',
      });
    }
  } else {
    approver = identity.takeApprover(request.approvedBy);
    if (approver === undefined) {
      refuse(audit, caseId, 'second-clinician', undefined);
      throw new AppError('not-permitted', 'The approving clinician’s sign-in has expired or was already used.', {
        action: 'Ask the clinician to sign in again to approve it.',
      });
    }
  }
  const role = approver.selectedRole;
  return {
    approverName: [approver.title, approver.displayName].filter((s) => s !== undefined && s !== '').join(' '),
    approverRole: roleLabel(role) ?? 'Unknown role',
    reason: request.reason,
    approverUid: approver.uid,
    ...(role !== undefined ? { approverRoleProfileId: role.personRoleId } : {}),
    ...(approver.registration !== undefined && isRegister(approver.registration.register)
      ? { registrationBody: approver.registration.register, registrationNumber: approver.registration.number }
      : {}),
  };
}

function isRegister(value: string): value is 'GMC' | 'NMC' | 'HCPC' {
  return value === 'GMC' || value === 'NMC' || value === 'HCPC';
}

function refuse(audit: AuditSink, caseId: string | undefined, by: string, who: Cis2Identity | undefined): void {
  audit.append({
    type: AUDIT_EVENTS.roleRefused,
    outcome: 'refused',
    ...(caseId !== undefined ? { caseId } : {}),
    detail: { action: 'approve', by, roleCode: who?.selectedRole?.roleCode ?? null },
  });
}

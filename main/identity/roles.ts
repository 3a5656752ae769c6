import type { Cis2Identity, RbacRole } from './claims';

/** A role decides only when it is the one the user selected: holding a role in another organisation grants nothing here. */
function grants(role: RbacRole | undefined, codes: readonly string[]): boolean {
  if (role === undefined) return false;
  return codes.some((code) => code === role.roleCode || role.activityCodes.includes(code));
}

/** Approving a booking after the deadline (settings `cis2.approverRoles`). */
export function mayApprove(identity: Cis2Identity, approverRoles: readonly string[]): boolean {
  return grants(identity.selectedRole, approverRoles);
}

/** Booking, cancelling, rebooking and referring (settings `cis2.bookerRoles`); an approver may always. */
export function mayBook(identity: Cis2Identity, bookerRoles: readonly string[], approverRoles: readonly string[]): boolean {
  return grants(identity.selectedRole, bookerRoles) || mayApprove(identity, approverRoles);
}

/** The words a clinician reads for a role: CIS2's role name, or its code. */
export function roleLabel(role: RbacRole | undefined): string | undefined {
  return role?.roleName ?? role?.roleCode;
}

/** Levels compare as numbers: "3" is above "2"; an unknown level is below every required one. */
export function meetsAssurance(level: string, required: string): boolean {
  const have = Number(level);
  return Number.isFinite(have) && have >= Number(required);
}

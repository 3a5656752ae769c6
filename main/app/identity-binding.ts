import type { SessionInfo } from '../../preload/contract';
import type { AuditIdentity } from '../audit/store';
import type { UserProfile } from '../config';
import type { Cis2Identity } from '../identity/claims';
import type { IdentityService } from '../identity/identity-service';
import { roleLabel } from '../identity/roles';

export interface IdentityTargets {
  /** Read by the JWT factory and BaRS on every call: the requesting practitioner. */
  profile: UserProfile;
  /** What the shell, bookings and referrals name. */
  user: SessionInfo['user'];
  /** Every audit row's user id and role. */
  audit: AuditIdentity;
  /** Told of each user who signs in: the outbox names them on every row it queues, and the desk remembers their name (users_seen). */
  onUser?: (who: Cis2Identity) => void;
}

/**
 * Everything that names the user takes it from the CIS2 session: on each sign-in (or role
 * change) the profile the JWT reads, the session the shell shows and the audit identity are
 * rewritten in place, so no typed text names anyone. Signed out, they name nobody.
 */
export function bindIdentity(identity: IdentityService, targets: IdentityTargets): void {
  identity.session.onChange((who) => apply(identity, targets, who));
}

function apply(service: IdentityService, t: IdentityTargets, who: Cis2Identity | undefined): void {
  const role = roleLabel(who?.selectedRole);
  const named = {
    displayName: who?.displayName ?? 'Not signed in',
    sdsUserId: who?.uid ?? 'UNK',
    sdsRoleProfileId: who?.selectedRole?.personRoleId ?? 'UNK',
    localUserId: who?.uid ?? 'signed-out',
    clinician: who !== undefined && service.mayApprove(who),
  };
  Object.assign(t.profile, named);
  Object.assign(t.user, named, { mayBook: who !== undefined && service.mayBook(who) });
  for (const target of [t.profile, t.user] as { title?: string; role?: string }[]) {
    if (who?.title !== undefined) target.title = who.title;
    else delete target.title;
    if (role !== undefined) target.role = role;
    else delete target.role;
  }
  const jobRole = jobRoleCode(who?.selectedRole?.roleCode);
  if (jobRole !== undefined) t.profile.roleCode = jobRole;
  else delete t.profile.roleCode;
  if (who?.registration !== undefined) t.user.registration = `${who.registration.register} ${who.registration.number}`;
  else delete t.user.registration;
  delete t.profile.firstRun;
  t.audit.userId = named.localUserId;
  if (who?.selectedRole !== undefined) t.audit.role = `${role ?? ''} (${who.selectedRole.personRoleId})`.trim();
  else delete t.audit.role;
  if (who !== undefined) t.onUser?.(who);
}

/**
 * The job role of a CIS2 role code: nhsid_nrbac_roles gives the national RBAC hierarchy as
 * "S8000:G8000:R8000" (staff group, job group, job role) or the job role alone; the R code is the role.
 */
function jobRoleCode(roleCode: string | undefined): string | undefined {
  const last = roleCode?.split(':').at(-1)?.trim();
  return last !== undefined && /^R\d{4}$/.test(last) ? last : undefined;
}

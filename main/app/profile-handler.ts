import type { ProfileInput, SessionInfo } from '../../preload/contract';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import { saveProfileFile, type UserProfile } from '../config';

/**
 * First run: the user's name, title and role go into their profile.json and into the live
 * session in place, so the header, the JWT's practitioner, referrals and the approval rule
 * all describe this person from the next call on (never "root" or a generic user).
 * Audited before the file is written: who a user says they are decides how the approval rule
 * and every referral name them, so a change of name must be on the trail.
 */
export function saveProfile(dataDir: string, profile: UserProfile, session: SessionInfo, input: ProfileInput, audit: AuditSink): SessionInfo {
  const title = input.title !== undefined && input.title !== '' ? input.title : undefined;
  audit.append({
    type: AUDIT_EVENTS.profileSaved,
    outcome: 'ok',
    detail: {
      displayName: input.displayName,
      title: title ?? null,
      role: input.role,
      firstRun: profile.firstRun === true,
      previousDisplayName: profile.firstRun === true ? null : profile.displayName,
    },
  });
  saveProfileFile(dataDir, input);
  const named = { displayName: input.displayName, role: input.role };
  Object.assign(profile, named);
  Object.assign(session.user, named);
  if (title !== undefined) {
    profile.title = title;
    session.user.title = title;
  } else {
    delete profile.title;
    delete session.user.title;
  }
  delete profile.firstRun;
  delete session.needsProfile;
  return session;
}

import type { ProfileInput, SessionInfo } from '../../preload/contract';
import { saveProfileFile, type UserProfile } from '../config';

/**
 * First run: the user's name, title and role go into their profile.json and into the live
 * session in place, so the header, the JWT's practitioner, referrals and the approval rule
 * all describe this person from the next call on (never "root" or a generic user).
 */
export function saveProfile(dataDir: string, profile: UserProfile, session: SessionInfo, input: ProfileInput): SessionInfo {
  saveProfileFile(dataDir, input);
  const named = { displayName: input.displayName, role: input.role };
  Object.assign(profile, named);
  Object.assign(session.user, named);
  if (input.title !== undefined && input.title !== '') {
    profile.title = input.title;
    session.user.title = input.title;
  } else {
    delete profile.title;
    delete session.user.title;
  }
  delete profile.firstRun;
  delete session.needsProfile;
  return session;
}

import { hostname } from 'node:os';
import type { ConfigProblem, SessionInfo } from '../../preload/contract';
import type { Settings, UserProfile } from '../config';

export const APP_VERSION = '0.1.0';

export function workstationName(): string {
  return hostname();
}

/** What the shell shows on every screen: environment, user, organisation. */
export function sessionInfo(settings: Settings, profile: UserProfile, source: string, problems?: ConfigProblem[], cis2 = false): SessionInfo {
  return {
    environment: settings.mode === 'live' ? 'LIVE' : 'SANDBOX',
    appVersion: APP_VERSION,
    workstation: workstationName(),
    user: {
      displayName: profile.displayName,
      ...(profile.title !== undefined ? { title: profile.title } : {}),
      sdsUserId: profile.sdsUserId,
      sdsRoleProfileId: profile.sdsRoleProfileId,
      localUserId: profile.localUserId,
      ...(profile.role !== undefined ? { role: profile.role } : {}),
      clinician: profile.clinician,
    },
    organisation: settings.organisation,
    settingsSource: source,
    dispositions: settings.dispositions,
    idleLockMinutes: settings.idleLockMinutes,
    // With CIS2 the session names the user: no typed first-run profile.
    ...(profile.firstRun === true && !cis2 ? { needsProfile: true } : {}),
    caseScreen: {
      // What the user waits for, retries included: the figure the screen states is the one main keeps.
      slotSearchMs: settings.actionDeadlines.slotSearchMs,
      bookMs: settings.actionDeadlines.writeMs,
      compareServices: settings.caseScreen.compareServices,
      inPersonSoonMinutes: settings.caseScreen.inPersonSoonMinutes,
    },
    ...(problems !== undefined && problems.length > 0 ? { configProblems: problems } : {}),
  };
}

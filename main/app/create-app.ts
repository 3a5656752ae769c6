import { join } from 'node:path';
import type { Logger } from 'pino';
import { createDispatch, type Dispatch } from '../api/dispatch';
import { AuditStore } from '../audit';
import { CaseStore } from '../cases';
import { DEFAULT_SETTINGS, loadProfile, loadSettings, settingsPath, type SafeSecretReader, type Settings, type UserProfile } from '../config';
import { closeDatabase, openDatabase, type Db } from '../db/database';
import { silentLogger } from '../log/logger';
import { systemClock, type Clock } from '../workflow/clock';
import { configProblemHandlers } from './config-problem-handlers';
import { buildHandlers } from './handlers';
import { connectSpine, type SpineConnection } from './spine-connection';
import { sessionInfo, workstationName } from './session';
import type { SessionInfo } from '../../preload/contract';
import { openOrgRecord, type OrgRecord } from '../org/record';
import type { PusherOptions } from '../org/pusher';

export interface AppOptions {
  dataDir: string;
  /** Defaults to the machine-wide location (or $BOOKING_WORKSTATION_SETTINGS). */
  settingsFile?: string;
  logger?: Logger;
  clock?: Clock;
  safeSecrets?: SafeSecretReader;
  /** This desk's name; defaults to the host name (two instances on one machine need two names). */
  workstation?: string;
  /** Upload timing for the organisation record (tests shorten the backoff). */
  orgPusher?: PusherOptions;
}

export interface App {
  dispatch: Dispatch;
  session: SessionInfo;
  settings?: Settings;
  profile?: UserProfile;
  db?: Db;
  spine?: SpineConnection;
  org?: OrgRecord;
  close(): Promise<void>;
}

/** The composition root shared by the Electron shell and the browser build. */
export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;
  const loaded = loadSettings(options.settingsFile ?? settingsPath());
  const profile = loadProfile(options.dataDir);

  if (!loaded.ok || !profile.ok) {
    const problems = [...(loaded.ok ? [] : loaded.problems), ...(profile.ok ? [] : profile.problems)];
    logger.error({ source: loaded.source, problems }, 'configuration problem: the app opens on the configuration screen');
    const fallbackProfile: UserProfile = profile.ok
      ? profile.profile
      : { displayName: 'Unknown user', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'unknown', clinician: false };
    // A file that says live is shown as live (and not connected), never as SANDBOX.
    const shownSettings: Settings = loaded.ok ? loaded.settings : loaded.declaredMode === 'live' ? ({ ...DEFAULT_SETTINGS, mode: 'live' } as unknown as Settings) : DEFAULT_SETTINGS;
    const session = sessionInfo(shownSettings, fallbackProfile, loaded.source, problems);
    return { dispatch: createDispatch(configProblemHandlers(session), logger), session, close: () => Promise.resolve() };
  }

  const settings = loaded.settings;
  logger.info({ mode: settings.mode, source: loaded.source }, 'settings loaded');
  const db = openDatabase(join(options.dataDir, 'workstation.sqlite'), { logger });
  const workstation = options.workstation ?? workstationName();
  const audit = new AuditStore(db, { userId: profile.profile.localUserId, workstation }, clock);
  const org =
    settings.org === undefined
      ? undefined
      : await openOrgRecord({
          settings: settings.org,
          org: settings.organisation.odsCode,
          db,
          workstation,
          userId: profile.profile.localUserId,
          logger,
          safeSecrets: options.safeSecrets,
          ...(options.orgPusher !== undefined ? { pusher: options.orgPusher } : {}),
        });
  const cases = new CaseStore(db);
  const spine = await connectSpine({ settings, profile: profile.profile, audit, logger, safeSecrets: options.safeSecrets });
  const session = { ...sessionInfo(settings, profile.profile, loaded.source), workstation };
  const handlers = buildHandlers({ settings, profile: profile.profile, session, db, audit, cases, spine, logger, clock, dataDir: options.dataDir, org });
  audit.append({ type: 'app.started', outcome: 'ok', detail: { mode: settings.mode } });

  return {
    dispatch: createDispatch(handlers, logger),
    session,
    settings,
    profile: profile.profile,
    db,
    spine,
    ...(org !== undefined ? { org } : {}),
    close: async () => {
      await org?.close();
      await spine.close();
      closeDatabase(db);
    },
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createDispatch, type Dispatch } from '../api/dispatch';
import { fileKeyProvider, openAuditTrail, OrgAnchor, storeEvidence, type AuditAnchor, type AuditKeyProvider, type AuditTrail } from '../audit';
import { CaseStore } from '../cases';
import {
  DEFAULT_SETTINGS,
  ensurePrivateDir,
  loadProfile,
  loadSettings,
  settingsFileProblems,
  settingsPath,
  type SafeSecretReader,
  type Settings,
  type UserProfile,
} from '../config';
import { closeDatabase, openDatabase, type Db } from '../db/database';
import { storageFaultKind } from '../db/storage-fault';
import { silentLogger } from '../log/logger';
import { systemClock, type Clock } from '../workflow/clock';
import { configProblemHandlers } from './config-problem-handlers';
import { buildHandlers } from './handlers';
import type { Reconciler, ReconcilerOptions } from '../workflow/reconciler';
import { connectSpine, type SpineConnection } from './spine-connection';
import { connectPds, placeholderPdsSession } from './pds-connection';
import { sessionInfo, workstationName } from './session';
import { acquireInstanceLock, type InstanceInfo, type InstanceLock } from './instance-lock';
import { alreadyRunning, startupProblem, startupProblemHandlers, storeMissing } from './startup-problem';
import { withStorageFaults } from './storage-faults';
import type { SessionInfo, StartupProblem } from '../../preload/contract';
import { openOrgRecord, type OrgRecord } from '../org/record';
import type { PusherOptions } from '../org/pusher';
import type { AuditIdentity } from '../audit/store';
import type { IdentityService } from '../identity/identity-service';
import { connectIdentity } from './identity-connection';
import { bindIdentity } from './identity-binding';
import { seenUserOf, UsersSeen } from '../identity/users-seen';
import { withSignedIn } from './sign-in-handlers';

export interface AppOptions {
  dataDir: string;
  /** Defaults to the machine-wide location (or $BOOKING_WORKSTATION_SETTINGS). */
  settingsFile?: string;
  logger?: Logger;
  clock?: Clock;
  safeSecrets?: SafeSecretReader;
  /** Background reconciler timing (tests use tickMs 0 and call `reconciler.runDue()`). */
  reconciler?: Partial<ReconcilerOptions>;
  /** The audit chain's key: Electron seals it with the OS key store; by default a 0600 file in the data folder. */
  auditKey?: AuditKeyProvider;
  /** Anchors besides the head log beside the database, e.g. the organisation record. */
  auditAnchors?: readonly AuditAnchor[];
  /** The per-user folder outside the data folder where the default (file) key's chain head is anchored; none when absent. */
  auditAnchorDir?: string;
  /** This desk's name; defaults to the host name (two instances on one machine need two names). */
  workstation?: string;
  /** Upload timing for the organisation record (tests shorten the backoff). */
  orgPusher?: PusherOptions;
  /**
   * Sign in with NHS CIS2 (the shipped entry points set it; live mode always does). A sandbox
   * harness without it uses the typed profile.json, as the tests of other areas do.
   */
  cis2SignIn?: boolean;
  /** Electron: opens the CIS2 sign-in page in the system browser (RFC 8252); absent, the page opens it. */
  openExternal?: (url: string) => Promise<void>;
  /** Tests: seconds the sandbox CIS2 stand-in's access tokens live. */
  sandboxAccessTokenTtl?: number;
  /**
   * Test harnesses without CIS2 only: how the embedded PDS stand-in checks a Bearer token (e.g. the
   * placeholder session's). Absent (and no CIS2), the stand-in refuses every token.
   */
  sandboxPdsAcceptToken?: (token: string) => boolean;
}

export interface App {
  dispatch: Dispatch;
  session: SessionInfo;
  settings?: Settings;
  profile?: UserProfile;
  db?: Db;
  spine?: SpineConnection;
  /** The background loop that settles unknown booking outcomes. */
  reconciler?: Reconciler;
  /** Set when the data folder cannot be used; the app then only shows this. */
  startupProblem?: StartupProblem;
  /** When another app already holds the data folder: who it is. */
  runningElsewhere?: InstanceInfo;
  /** Held while the app runs: one app per data folder. */
  instance?: InstanceLock;
  /** NHS CIS2 sign-in and the user's session; `identity.session.accessToken()` is the access token for user-restricted APIs (PDS). */
  identity?: IdentityService;
  org?: OrgRecord;
  close(): Promise<void>;
}

/** The composition root shared by the Electron shell and the browser build. */
export async function createApp(options: AppOptions): Promise<App> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;
  const loaded = loadSettings(options.settingsFile ?? settingsPath());
  const profile = loadProfile(options.dataDir);

  // Certificates, keys and secret files are checked before anything reads them (a FIFO would hang start-up).
  const fileProblems = loaded.ok ? settingsFileProblems(loaded.settings) : [];
  if (!loaded.ok || !profile.ok || fileProblems.length > 0) {
    const problems = [...(loaded.ok ? [] : loaded.problems), ...fileProblems, ...(profile.ok ? [] : profile.problems)];
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
  const refuse = (problem: StartupProblem, instance?: InstanceLock, holder?: InstanceInfo): App => {
    logger.error({ problem: problem.kind }, 'the data folder cannot be used: the app opens on a plain screen saying why');
    const session = { ...sessionInfo(settings, profile.profile, loaded.source), startupProblem: problem };
    return {
      dispatch: createDispatch(startupProblemHandlers(session, problem), logger),
      session,
      startupProblem: problem,
      ...(instance !== undefined ? { instance } : {}),
      ...(holder !== undefined ? { runningElsewhere: holder } : {}),
      close: () => Promise.resolve(instance?.release()),
    };
  };

  const workstation = options.workstation ?? workstationName();
  let instance: InstanceLock | undefined;
  let db: Db | undefined;
  let trail: AuditTrail;
  let audit: AuditTrail['audit'];
  // Kept by reference: a CIS2 sign-in rewrites who every later audit row names.
  const auditIdentity: AuditIdentity = { userId: profile.profile.localUserId, workstation };
  try {
    ensurePrivateDir(options.dataDir);
    const lock = acquireInstanceLock(options.dataDir);
    if (!lock.ok) return refuse(alreadyRunning(options.dataDir, lock.holder), undefined, lock.holder);
    instance = lock.lock;
    const auditKey = options.auditKey ?? fileKeyProvider(join(options.dataDir, 'audit-chain.key'), options.auditAnchorDir);
    const dbPath = join(options.dataDir, 'workstation.sqlite');
    const evidence = existsSync(dbPath) ? [] : storeEvidence(options.dataDir, auditKey.anchorDir);
    if (evidence.length > 0) return refuse(storeMissing(options.dataDir, evidence), instance);
    db = openDatabase(dbPath, { logger });
    trail = await openAuditTrail({
      db,
      identity: auditIdentity,
      now: clock,
      key: auditKey,
      headLogPath: join(options.dataDir, 'workstation.audit-head.log'),
      ...(options.auditAnchors !== undefined ? { anchors: options.auditAnchors } : {}),
      logger,
    });
    audit = trail.audit;
    audit.append({ type: 'app.started', outcome: 'ok', detail: { mode: settings.mode } });
  } catch (error) {
    const kind = storageFaultKind(error);
    if (kind === undefined) throw error;
    if (db !== undefined) closeDatabase(db);
    logger.error({ err: error }, 'data folder unusable at start');
    return refuse(startupProblem(kind, options.dataDir), instance);
  }
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
  // The organisation record's uploaded head is an anchor outside this computer: a store behind it was rolled back.
  if (org?.sql !== undefined) await trail.checkOutside(new OrgAnchor(org.sql, { org: org.org, chainId: org.outbox.chainId() }));
  const cases = new CaseStore(db, audit);
  const identityConnection =
    settings.mode === 'live' || options.cis2SignIn === true
      ? await connectIdentity({ settings, logger, clock, ...(options.safeSecrets === undefined ? {} : { safeSecrets: options.safeSecrets }), ...(options.sandboxAccessTokenTtl === undefined ? {} : { sandboxAccessTokenTtl: options.sandboxAccessTokenTtl }) })
      : undefined;
  const identity = identityConnection?.service;
  // The embedded PDS answers only a token the CIS2 stand-in issued and still stands behind; a harness without CIS2 brings its own check.
  const pdsAcceptToken = identityConnection?.acceptsAccessToken ?? options.sandboxPdsAcceptToken;
  const spine = await connectSpine({
    settings,
    profile: profile.profile,
    audit,
    logger,
    safeSecrets: options.safeSecrets,
    clock,
    sandboxDbPath: (settings.mode === 'sandbox' ? settings.sandbox?.providerPath : undefined) ?? join(options.dataDir, 'sandbox-provider.sqlite'),
    ...(pdsAcceptToken === undefined ? {} : { pdsAcceptToken }),
  }).catch(async (error: unknown) => {
    // The CIS2 stand-in is already listening: a sandbox that cannot start must not leave it behind.
    await identity?.close();
    throw error;
  });
  // PDS is user-restricted: it is asked with the CIS2 session's access token and selected role.
  const pdsSession =
    identity !== undefined
      ? { accessToken: () => identity.session.accessToken(), sessionUrid: () => identity.session.identity()?.selectedRole?.personRoleId }
      : placeholderPdsSession(settings, profile.profile);
  const pds = connectPds(settings, spine, pdsSession, logger, clock);
  const session = { ...sessionInfo(settings, profile.profile, loaded.source, undefined, identity !== undefined), auditTrail: trail.status, workstation };
  if (identity !== undefined) {
    const usersSeen = new UsersSeen(db);
    bindIdentity(identity, {
      profile: profile.profile,
      user: session.user,
      audit: auditIdentity,
      onUser: (who) => {
        usersSeen.note(seenUserOf(who), clock());
        org?.outbox.enable({ workstation, userId: who.uid });
      },
    });
    // Nobody is named until someone signs in: never the OS login or a typed name.
    identity.session.signOut();
  }
  const hooks: { reconciler?: Reconciler } = {};
  const handlers = buildHandlers(
    {
      settings, profile: profile.profile, session, db, audit, auditVerify: trail.verify, cases, spine, logger, clock, dataDir: options.dataDir, org, pds,
      ...(options.reconciler === undefined ? {} : { reconciler: options.reconciler }),
      ...(options.safeSecrets === undefined ? {} : { safeSecrets: options.safeSecrets }),
      ...(identity === undefined ? {} : { identity }),
      ...(options.openExternal === undefined ? {} : { openExternal: options.openExternal }),
    },
    hooks,
  );
  hooks.reconciler?.start();
  const gated = identity === undefined ? handlers : withSignedIn(handlers, identity, audit);
  const guarded = withStorageFaults(gated, (kind) => logger.error({ kind }, 'the store refused a write'));
  const openDb = db;
  const held = instance;

  return {
    dispatch: createDispatch(guarded, logger),
    session,
    settings,
    profile: profile.profile,
    db,
    spine,
    ...(hooks.reconciler === undefined ? {} : { reconciler: hooks.reconciler }),
    ...(org !== undefined ? { org } : {}),
    instance: held,
    ...(identity === undefined ? {} : { identity }),
    close: async () => {
      await hooks.reconciler?.stop();
      await identity?.close();
      await org?.close();
      await spine.close();
      await trail.close();
      closeDatabase(openDb);
      held.release();
    },
  };
}

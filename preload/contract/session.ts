import { z } from 'zod';
import { call } from './define';
import { Empty, RequiredText, Text, Uuid } from './common';

export const ConfigProblem = z.object({
  /** The setting's path in the file, e.g. `spine.ssp.baseUrl`. */
  field: z.string(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof ConfigProblem>;

/** The app cannot use its data folder: it opens on a plain screen saying why and what to do. */
export const StartupProblem = z.object({
  kind: z.enum(['disk-full', 'read-only', 'store-damaged', 'store-emptied', 'store-missing', 'already-running']),
  message: z.string(),
  action: z.string(),
});
export type StartupProblem = z.infer<typeof StartupProblem>;

export const Disposition = z.object({
  code: z.string(),
  text: z.string(),
  /** Minutes from the start of the case; the assessment timeframe. */
  timeframeMinutes: z.number().int().positive(),
});
export type Disposition = z.infer<typeof Disposition>;

/** The audit trail's start-up check: a failure is shown plainly on every screen. */
export const AuditTrailStatus = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** The newest chain head an anchor outside the file holds that still matches. */
  lastAnchored: z.object({ anchor: z.string(), seq: z.number().int(), at: z.string() }).optional(),
});
export type AuditTrailStatus = z.infer<typeof AuditTrailStatus>;

export const SessionInfo = z.object({
  environment: z.enum(['SANDBOX', 'LIVE']),
  appVersion: z.string(),
  workstation: z.string(),
  user: z.object({
    displayName: z.string(),
    title: z.string().optional(),
    sdsUserId: z.string(),
    sdsRoleProfileId: z.string(),
    localUserId: z.string(),
    /** From the profile: e.g. "GP", "Clinical navigator". */
    role: z.string().optional(),
    /** Only a clinician may approve booking outside the timeframe themselves (with CIS2: their selected role is in the settings' approver roles). */
    clinician: z.boolean(),
    /** With CIS2: whether the selected role may book, cancel, rebook and refer. */
    mayBook: z.boolean().optional(),
    /** With CIS2: the professional registration the session gives, e.g. "GMC 1234567". */
    registration: z.string().optional(),
  }),
  /**
   * Present when the user signs in with CIS2 (always in live mode; the sandbox's stand-in by default).
   * Nothing but signing in works unless `state` is `signed-in`.
   */
  signIn: z
    .object({
      state: z.enum(['signed-out', 'signed-in', 'locked', 'expired']),
      /** Whose sign-in page opens: "NHS CIS2" or "sandbox CIS2". */
      provider: z.string(),
      /** Why the last sign-in did not work, in plain words (e.g. the IdP cannot be reached). */
      problem: z.string().optional(),
    })
    .optional(),
  organisation: z.object({ odsCode: z.string(), name: z.string() }),
  /** Present when the settings file is unusable: the app shows the configuration screen. */
  configProblems: z.array(ConfigProblem).optional(),
  /** Present when the data folder cannot be used (full disk, damaged store, …): the app shows only that. */
  startupProblem: StartupProblem.optional(),
  /** Where the settings were read from, so IT can find the file. */
  settingsSource: z.string(),
  dispositions: z.array(Disposition),
  /** First run: the profile has no name yet, so the app asks for the user's name and role before anything else. */
  needsProfile: z.boolean().optional(),
  /** Minutes idle before the screen locks and hides the patient (settings `idleLockMinutes`). */
  idleLockMinutes: z.number().int().positive().optional(),
  auditTrail: AuditTrailStatus.optional(),
  /** What the case screen needs from the settings: wait limits per call type and its own options. */
  caseScreen: z
    .object({
      slotSearchMs: z.number().int().positive(),
      bookMs: z.number().int().positive(),
      compareServices: z.number().int().positive(),
      inPersonSoonMinutes: z.number().int().nonnegative(),
    })
    .optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** What the user tells the app about themselves on first run (stored in their own profile.json). */
export const ProfileInput = z.object({
  displayName: RequiredText(100).refine((s) => /\p{L}/u.test(s), 'must be a name'),
  title: Text(20).optional(),
  role: RequiredText(100),
});
export type ProfileInput = z.infer<typeof ProfileInput>;

export const SignInPurpose = z.enum(['session', 'unlock', 'approval']);
export type SignInPurpose = z.infer<typeof SignInPurpose>;

export const SignInStarted = z.object({
  flowId: Uuid,
  /** The provider's sign-in page. */
  url: z.string(),
  /** True when main opened it (the system browser); false when the page must open it (the browser build). */
  opened: z.boolean(),
});
export type SignInStarted = z.infer<typeof SignInStarted>;

/** A second clinician who signed in to approve one booking after the deadline; `approverId` goes with the booking. */
export const SignedApprover = z.object({
  approverId: Uuid,
  displayName: z.string(),
  role: z.string(),
  registration: z.string().optional(),
});
export type SignedApprover = z.infer<typeof SignedApprover>;

export const SignInOutcome = z.discriminatedUnion('state', [
  /** Not back yet: ask again. */
  z.object({ state: z.literal('waiting') }),
  z.object({
    state: z.literal('done'),
    session: SessionInfo,
    /** After an unlock: false when a different user signed in (the previous user's case is not shown). */
    sameUser: z.boolean().optional(),
    approver: SignedApprover.optional(),
  }),
]);
export type SignInOutcome = z.infer<typeof SignInOutcome>;

export const session = {
  /** Starts a CIS2 sign-in: the user's session, unlocking, or a second clinician's approval. */
  beginSignIn: call(z.object({ purpose: SignInPurpose }), SignInStarted),
  /** Waits (briefly) for a sign-in to come back. */
  completeSignIn: call(z.object({ flowId: Uuid }), SignInOutcome),
  /** The screen locked: nothing runs until the user authenticates again. */
  lock: call(Empty, SessionInfo),
  signOut: call(Empty, SessionInfo),
  get: call(Empty, SessionInfo),
  /** Saves the user's name, title and role to their profile; the header, audit and referrals use them from then on. */
  saveProfile: call(ProfileInput, SessionInfo),
};

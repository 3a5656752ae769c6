import { z } from 'zod';
import { call } from './define';
import { Empty, RequiredText, Text } from './common';

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
    /** Only a clinician may approve booking outside the timeframe themselves. */
    clinician: z.boolean(),
  }),
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

export const session = {
  get: call(Empty, SessionInfo),
  /** Saves the user's name, title and role to their profile; the header, audit and referrals use them from then on. */
  saveProfile: call(ProfileInput, SessionInfo),
};

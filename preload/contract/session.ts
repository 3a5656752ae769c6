import { z } from 'zod';
import { call } from './define';
import { Empty } from './common';

export const ConfigProblem = z.object({
  /** The setting's path in the file, e.g. `spine.ssp.baseUrl`. */
  field: z.string(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof ConfigProblem>;

export const Disposition = z.object({
  code: z.string(),
  text: z.string(),
  /** Minutes from the start of the case; the assessment timeframe. */
  timeframeMinutes: z.number().int().positive(),
});
export type Disposition = z.infer<typeof Disposition>;

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
  /** Where the settings were read from, so IT can find the file. */
  settingsSource: z.string(),
  dispositions: z.array(Disposition),
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

export const session = {
  get: call(Empty, SessionInfo),
};

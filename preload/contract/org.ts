import { z } from 'zod';
import { call } from './define';
import { Empty, Instant } from './common';

/** The organisation record's state as one line in the shell: up to date, changes waiting, or unreachable. */
export const OrgStatus = z.object({
  /** `off`: no organisation record is configured; this desk keeps everything to itself. */
  state: z.enum(['off', 'up-to-date', 'waiting', 'unreachable']),
  /** Cases with changes on this desk not yet in the organisation record (a person's count: one booking is one case, not its rows). */
  waiting: z.number().int().nonnegative(),
  /** Activity-log entries of no case (sign-ins, start-ups) not yet uploaded. */
  activityWaiting: z.number().int().nonnegative().optional(),
  /** Since when the organisation record has not answered this desk (its last attempt failed). */
  unreachableSince: Instant.optional(),
  /** When the organisation record last answered this desk (an upload or a check). */
  lastConfirmedAt: Instant.optional(),
  /** A plain reason IT must act on (login refused, certificate not trusted, no TLS). */
  problem: z.string().optional(),
});
export type OrgStatus = z.infer<typeof OrgStatus>;

export const org = {
  status: call(Empty, OrgStatus),
};

import { z } from 'zod';
import { call } from './define';
import { Empty, Instant } from './common';

/** The organisation record's state as one line in the shell: up to date, changes waiting, or unreachable. */
export const OrgStatus = z.object({
  /** `off`: no organisation record is configured; this desk keeps everything to itself. */
  state: z.enum(['off', 'up-to-date', 'waiting', 'unreachable']),
  /** Changes on this desk not yet in the organisation record. */
  waiting: z.number().int().nonnegative(),
  unreachableSince: Instant.optional(),
  /** A plain reason IT must act on (login refused, certificate not trusted, no TLS). */
  problem: z.string().optional(),
});
export type OrgStatus = z.infer<typeof OrgStatus>;

export const org = {
  status: call(Empty, OrgStatus),
};

import type { Logger } from 'pino';
import type postgres from 'postgres';
import type { OrgStatus } from '../../preload/contract';
import { resolveSecret, type OrgRecordSettings, type SafeSecretReader } from '../config';
import type { Db } from '../db/database';
import { connectOrg, describeOrgFailure, orgConnectionOptions } from './connection';
import { OrgOutbox } from './outbox';
import { OrgPusher, type PusherOptions } from './pusher';

/** This desk's link to the organisation record: its outbox, the pusher and a pool for Find and reports. */
export interface OrgRecord {
  outbox: OrgOutbox;
  /** Absent when the connection could not even be set up (bad secret, unreadable CA). */
  sql?: postgres.Sql;
  pusher?: OrgPusher;
  org: string;
  status(): OrgStatus;
  close(): Promise<void>;
}

export interface OpenOrgRecordOptions {
  settings: OrgRecordSettings;
  org: string;
  db: Db;
  workstation: string;
  userId: string;
  logger: Logger;
  safeSecrets?: SafeSecretReader | undefined;
  pusher?: PusherOptions;
  now?: () => Date;
}

/**
 * Starts queuing every local change for the organisation record and uploading in the background.
 * A setup failure never stops local work: the desk keeps queuing and the shell says why.
 */
export async function openOrgRecord(options: OpenOrgRecordOptions): Promise<OrgRecord> {
  const outbox = new OrgOutbox(options.db);
  outbox.enable({ workstation: options.workstation, userId: options.userId });
  const now = options.now ?? (() => new Date());
  let sql: postgres.Sql | undefined;
  try {
    const password = await resolveSecret(options.settings.passwordRef, options.safeSecrets);
    sql = connectOrg(orgConnectionOptions(options.settings, options.settings.user, password));
  } catch (error) {
    const failedAt = now().toISOString();
    const kind = describeOrgFailure(error).kind;
    options.logger.error({ kind, error: (error as Error).message }, 'organisation record not set up; this desk keeps its changes queued');
    return {
      outbox,
      org: options.org,
      status: () => {
        const { cases, activity } = outbox.pending();
        return {
          state: 'unreachable',
          waiting: cases,
          ...(activity > 0 ? { activityWaiting: activity } : {}),
          unreachableSince: failedAt,
          problem: 'The organisation record is not set up on this desk (check org.passwordRef and org.caPath).',
        };
      },
      close: () => Promise.resolve(),
    };
  }
  const pusher = new OrgPusher(sql, outbox, { org: options.org, chainId: outbox.chainId(), workstation: options.workstation }, {
    ...options.pusher,
    logger: options.logger,
    now,
  });
  pusher.start();
  const pool = sql;
  return {
    outbox,
    sql: pool,
    pusher,
    org: options.org,
    status: () => pusher.status(),
    close: async () => {
      await pusher.stop();
      await pool.end({ timeout: 2 });
    },
  };
}

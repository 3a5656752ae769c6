import type { Logger } from 'pino';
import type { Db } from '../db/database';
import type { AuditAnchor } from './anchor';
import { HeadLog } from './head-log';
import type { AuditKeyProvider } from './key';
import { AuditStore, type AuditIdentity } from './store';
import { readVerifiedPoint, writeVerifiedPoint } from './verified-point';
import { verifyAudit, type AnchoredPoint, type VerifyResult } from './verify';

/** What the shell shows about the audit trail after the start-up check. */
export interface AuditTrailStatus {
  ok: boolean;
  /** One plain sentence for the clinician. */
  message: string;
  lastAnchored?: AnchoredPoint;
}

export interface AuditTrailOptions {
  db: Db;
  identity: AuditIdentity;
  now: () => Date;
  key: AuditKeyProvider;
  /** The head log beside the database. */
  headLogPath: string;
  /** More anchors, e.g. the organisation record. */
  anchors?: readonly AuditAnchor[];
  logger?: Logger;
}

export interface AuditTrail {
  audit: AuditStore;
  status: AuditTrailStatus;
  start: VerifyResult;
  /** The full check the audit:verify channel runs. */
  verify: () => Promise<VerifyResult>;
  close: () => Promise<void>;
}

/**
 * Opens the keyed audit trail and checks it before anything new is written: the rows after the
 * last verified point, the row count, every anchor and the cases and bookings tables. A failure
 * stops anchoring for this run (the anchors keep the evidence) and is shown by the shell.
 */
export async function openAuditTrail(o: AuditTrailOptions): Promise<AuditTrail> {
  const headLog = new HeadLog(o.headLogPath);
  const logWasEmpty = headLog.isEmpty();
  headLog.markStarted(o.now().toISOString());
  const { key, created } = await o.key.load();
  const anchors: AuditAnchor[] = [headLog, ...(o.anchors ?? [])];
  const after = readVerifiedPoint(o.db, key);
  const start = await verifyAudit(o.db, { key, anchors, ...(after !== undefined ? { after } : {}) });
  if (logWasEmpty && !created) {
    // The log is started before the key is made, so a key without a log means the log was removed.
    start.problems.push({ seq: 0, problem: 'the head log beside the database was deleted or emptied, but the audit key already existed' });
    start.ok = false;
  }
  if (start.ok) {
    if (start.head > 0) writeVerifiedPoint(o.db, key, start.head, o.now());
    o.logger?.info({ from: start.from, head: start.head, checked: start.checked, lastAnchored: start.lastAnchored }, 'audit trail verified');
  } else {
    o.logger?.error({ problems: start.problems.slice(0, 20), count: start.problems.length }, 'audit trail failed verification at start');
  }
  const audit = new AuditStore(o.db, o.identity, o.now, { key, anchors, anchoring: start.ok });
  const status = statusOf(start);
  return {
    audit,
    status,
    start,
    verify: async () => {
      const result = await verifyAudit(o.db, { key, anchors });
      if (!result.ok) audit.suspendAnchoring('a verification failed');
      return result;
    },
    close: async () => {
      await Promise.all(anchors.map((a) => a.close()));
    },
  };
}

function statusOf(result: VerifyResult): AuditTrailStatus {
  const anchored = result.lastAnchored !== undefined ? { lastAnchored: result.lastAnchored } : {};
  if (result.ok) return { ok: true, message: 'The audit trail checked out at start.', ...anchored };
  const n = result.problems.length;
  return {
    ok: false,
    message: `The audit trail failed its check at start (${String(n)} ${n === 1 ? 'problem' : 'problems'}): it may have been changed outside this app. Bookings still work and are recorded. Tell your IT service desk; do not delete or copy over any files in the data folder.`,
    ...anchored,
  };
}

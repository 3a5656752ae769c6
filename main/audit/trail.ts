import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import { AnchorUnreachableError, type AnchorPoint, type AuditAnchor } from './anchor';
import { HeadLog } from './head-log';
import { lastOutsideCheck, outsideAnchorFor, OUTSIDE_ANCHOR_MISSING, recordOutsideCheck, ukDateTime } from './outside-check';
import type { OutsideAnchorConfig } from './outside-anchor';
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
  /** The per-user anchor outside the data folder; by default the key provider says where, if anywhere. */
  outsideAnchor?: OutsideAnchorConfig;
  logger?: Logger;
}

export interface AuditTrail {
  audit: AuditStore;
  status: AuditTrailStatus;
  start: VerifyResult;
  /**
   * Checks an outside anchor that becomes reachable after the trail opened (the organisation
   * record), updating `status`; from then on it is one of the trail's anchors.
   */
  checkOutside: (anchor: AuditAnchor) => Promise<void>;
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
  const loaded = await o.key.load();
  const { key, created } = loaded;
  const dataDir = dirname(o.headLogPath);
  const outsideConfig = o.outsideAnchor ?? loaded.outside;
  const outside = outsideAnchorFor(outsideConfig, dataDir, key, headLog, o.logger);
  const anchors: AuditAnchor[] = [headLog, ...(outside !== undefined ? [outside] : []), ...(o.anchors ?? [])];
  const after = readVerifiedPoint(o.db, key);
  const start = await verifyAudit(o.db, { key, anchors, ...(after !== undefined ? { after } : {}) });
  if (logWasEmpty && !created) {
    // The log is started before the key is made, so a key without a log means the log was removed.
    start.problems.push({ seq: 0, problem: 'the head log beside the database was deleted or emptied, but the audit key already existed' });
    start.ok = false;
  }
  // A new key is a new chain: there is nothing older for an outside anchor to vouch for yet.
  const expectsOutside = (outsideConfig !== undefined || anchors.some((a) => a.outside === true)) && !created;
  const outsideVerified = (start.outside?.verified.length ?? 0) > 0;
  const unverifiedSince = start.ok && expectsOutside && !outsideVerified ? lastOutsideCheck(o.db, dataDir) : undefined;
  if (start.ok) {
    if (start.head > 0) writeVerifiedPoint(o.db, key, start.head, o.now());
    if (outsideVerified) recordOutsideCheck(dataDir, o.now());
    o.logger?.info({ from: start.from, head: start.head, checked: start.checked, lastAnchored: start.lastAnchored, outside: start.outside }, 'audit trail verified');
  } else {
    o.logger?.error({ problems: start.problems.slice(0, 20), count: start.problems.length, rolledBack: start.rolledBack === true }, 'audit trail failed verification at start');
  }
  const audit = new AuditStore(o.db, o.identity, o.now, { key, anchors, anchoring: start.ok });
  if (unverifiedSince !== undefined) {
    o.logger?.warn({ since: unverifiedSince, missing: start.outside?.missing }, 'audit trail not verified against an outside anchor');
    audit.append({ type: OUTSIDE_ANCHOR_MISSING, outcome: 'unverified', detail: { since: unverifiedSince, anchors: start.outside?.missing ?? [] } });
  }
  let unverified = unverifiedSince;
  const trail: AuditTrail = {
    audit,
    status: statusOf(start, unverifiedSince),
    start,
    checkOutside: async (anchor) => {
      anchors.push(anchor);
      let latest: AnchorPoint | undefined;
      try {
        latest = await anchor.latest();
      } catch (error) {
        // Whatever went wrong out there, the desk starts; the record counts as unreachable.
        o.logger?.warn({ anchor: anchor.name, error: (error as Error).message, unreachable: error instanceof AnchorUnreachableError }, 'outside anchor unreachable at start');
      }
      // A failed start keeps its evidence and its message.
      if (!start.ok) return;
      const head = (o.db.prepare('SELECT coalesce(max(seq), 0) AS head FROM audit_events').get() as { head: number }).head;
      if (latest !== undefined && latest.seq > head) {
        start.ok = false;
        start.rolledBack = true;
        start.problems.push({ seq: latest.seq, problem: `the ${anchor.name} holds row ${String(latest.seq)} (uploaded by ${latest.at}) but the file ends at row ${String(head)} (rolled back, truncated or replaced)` });
        audit.suspendAnchoring(`the store is behind the ${anchor.name}`);
        o.logger?.error({ anchor: anchor.name, anchored: latest.seq, head }, 'audit trail is behind an outside anchor: rolled back');
        trail.status = statusOf(start, undefined);
      } else if (latest !== undefined) {
        (start.outside ??= { verified: [], missing: [] }).verified.push(anchor.name);
        recordOutsideCheck(dataDir, o.now());
        if (unverified !== undefined) {
          unverified = undefined;
          trail.status = statusOf(start, undefined);
        }
      } else if (!created && unverified === undefined && (start.outside?.verified.length ?? 0) === 0) {
        (start.outside ??= { verified: [], missing: [] }).missing.push(anchor.name);
        unverified = lastOutsideCheck(o.db, dataDir);
        if (unverified !== undefined) {
          audit.append({ type: OUTSIDE_ANCHOR_MISSING, outcome: 'unverified', detail: { since: unverified, anchors: [anchor.name] } });
          trail.status = statusOf(start, unverified);
        }
      }
    },
    verify: async () => {
      const result = await verifyAudit(o.db, { key, anchors });
      if (!result.ok) audit.suspendAnchoring('a verification failed');
      return result;
    },
    close: async () => {
      await Promise.all(anchors.map((a) => a.close()));
    },
  };
  return trail;
}

function statusOf(result: VerifyResult, unverifiedSince: string | undefined): AuditTrailStatus {
  const anchored = result.lastAnchored !== undefined ? { lastAnchored: result.lastAnchored } : {};
  if (result.ok && unverifiedSince !== undefined) {
    return {
      ok: false,
      message: `The audit trail is not verified against an outside anchor since ${ukDateTime(unverifiedSince)}: the record of it kept outside the data folder is missing or could not be reached, so a copy of older files put in its place would not be noticed. Bookings still work and are recorded. Tell your IT service desk if this computer's files were not restored or moved.`,
      ...anchored,
    };
  }
  if (result.ok) return { ok: true, message: 'The audit trail checked out at start.', ...anchored };
  if (result.rolledBack === true) {
    return {
      ok: false,
      message: 'The audit trail failed its check at start: it was rolled back (the data file ends before the last event recorded outside it), so it may have been changed outside this app and recent cases, bookings and audit events may be missing. Bookings still work and are recorded. Tell your IT service desk; do not delete or copy over any files in the data folder.',
      ...anchored,
    };
  }
  const n = result.problems.length;
  return {
    ok: false,
    message: `The audit trail failed its check at start (${String(n)} ${n === 1 ? 'problem' : 'problems'}): it may have been changed outside this app. Bookings still work and are recorded. Tell your IT service desk; do not delete or copy over any files in the data folder.`,
    ...anchored,
  };
}

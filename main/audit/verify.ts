import type { Db } from '../db/database';
import { AnchorUnreachableError, type AuditAnchor } from './anchor';
import { anchorMac, GENESIS_HASH, KEYED_START_TYPE, rowHash, rowMac, type ChainedRow } from './chain';
import { HeadLog } from './head-log';
import { keyFor } from './key-registry';
import { verifyTables } from './verify-tables';

export interface VerifyProblem {
  seq: number;
  problem: string;
}

export interface AnchoredPoint {
  anchor: string;
  seq: number;
  at: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Audit events whose hash or MAC was recomputed. */
  checked: number;
  problems: VerifyProblem[];
  /** The first seq walked (1, or the row after the last verified point). */
  from: number;
  /** The newest seq in the file. */
  head: number;
  /** Where the keyed chain starts; rows before it are sha256-checked only. */
  keyedFrom?: number;
  /** The newest point an anchor holds that matches the chain. */
  lastAnchored?: AnchoredPoint;
  /** Anchors outside the data folder: those whose head matched, and those that held nothing or could not be reached. */
  outside?: { verified: string[]; missing: string[] };
  /** An anchor is ahead of the store or of the head log: an older copy was put in place, or the log's tail was cut. */
  rolledBack?: boolean;
}

export interface ChainVerifyOptions {
  /** Defaults to the key the keyed AuditStore on this connection was opened with. */
  key?: Buffer;
  /** Walk only the rows after this point (start-up); its own MAC is checked by the caller. */
  after?: { seq: number; hash: string };
}

type Row = ChainedRow & { hash: string };

/** The append-only guards as migration 001 made them; a dropped or weakened guard is itself a finding. */
const GUARDS: Record<string, string> = {
  audit_events_no_update: 'BEFORE UPDATE ON audit_events',
  audit_events_no_delete: 'BEFORE DELETE ON audit_events',
};

/**
 * Walks the chain: every row's sha256 (before the keyed start) or HMAC (from it), its link to
 * the row before, contiguous numbering, the row count and SQLite's AUTOINCREMENT high-water
 * mark; the append-only triggers; and, with the key, `cases` and `bookings` against their
 * `row.*` events.
 */
export function verifyAuditChain(db: Db, options: ChainVerifyOptions = {}): VerifyResult {
  const key = options.key ?? keyFor(db);
  const problems: VerifyProblem[] = [];
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").get() !== undefined;
  if (!exists) {
    return { ok: false, checked: 0, from: 1, head: 0, problems: [{ seq: 0, problem: 'the audit_events table is missing (the file was emptied, replaced or the table dropped)' }] };
  }
  for (const [name, shape] of Object.entries(GUARDS)) {
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined)?.sql;
    if (sql === undefined || !sql.replace(/\s+/g, ' ').includes(shape) || !sql.includes("RAISE(ABORT, 'audit events are append-only')")) {
      problems.push({ seq: 0, problem: `the append-only guard ${name} was removed or changed` });
    }
  }
  const keyedFrom = (db.prepare(`SELECT min(seq) AS seq FROM audit_events WHERE type = '${KEYED_START_TYPE}'`).get() as { seq: number | null }).seq ?? undefined;
  if (keyedFrom !== undefined && key === undefined) {
    problems.push({ seq: keyedFrom, problem: 'the keyed chain cannot be checked without this installation’s audit key' });
  }

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  if (options.after !== undefined) {
    const at = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(options.after.seq) as { hash: string } | undefined;
    if (at?.hash !== options.after.hash) {
      problems.push({ seq: options.after.seq, problem: 'the last verified row was changed or removed' });
    }
    expectedSeq = options.after.seq + 1;
    prevHash = options.after.hash;
  }
  const from = expectedSeq;
  let checked = 0;
  const rows = db.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').iterate(from) as IterableIterator<Row>;
  for (const row of rows) {
    checked++;
    if (row.seq !== expectedSeq) {
      problems.push({ seq: expectedSeq, problem: `rows ${String(expectedSeq)}–${String(row.seq - 1)} are missing (deleted)` });
    }
    if (row.prev_hash !== prevHash) {
      problems.push({ seq: row.seq, problem: 'does not link to the row before it (a row before it was deleted, reordered or changed)' });
    }
    const keyed = keyedFrom !== undefined && row.seq >= keyedFrom;
    if (keyed && key !== undefined && rowMac(key, row) !== row.hash) {
      problems.push({ seq: row.seq, problem: 'content does not match its MAC (edited, renumbered or forged without the key)' });
    } else if (!keyed && rowHash(row) !== row.hash) {
      problems.push({ seq: row.seq, problem: 'content does not match its hash (the row was edited)' });
    }
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  const head = expectedSeq - 1;
  // Start-up walks only new rows; the count still finds a row deleted anywhere before them.
  const { n, top } = db.prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS top FROM audit_events').get() as { n: number; top: number };
  if (n !== top) problems.push({ seq: 0, problem: `${String(top - n)} rows before the last are missing (deleted)` });
  const highWater = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
  if (highWater !== undefined && highWater.seq > head) {
    problems.push({ seq: head + 1, problem: `rows ${String(head + 1)}–${String(highWater.seq)} at the end are missing (deleted)` });
  }
  if (key !== undefined && keyedFrom !== undefined) problems.push(...verifyTables(db, key, keyedFrom));
  return { ok: problems.length === 0, checked, problems, from, head, ...(keyedFrom !== undefined ? { keyedFrom } : {}) };
}

export interface AuditVerifyOptions extends ChainVerifyOptions {
  key: Buffer;
  anchors: readonly AuditAnchor[];
}

/**
 * The whole check: the chain as above, then every anchor. The newest anchored head must be a
 * row of the chain with the anchored hash (a rollback, a truncated tail or a replaced file
 * fails here), and the first anchored point must be the keyed start (so the keyed start
 * cannot be moved to let more rows be recomputed with plain sha256).
 */
export async function verifyAudit(db: Db, options: AuditVerifyOptions): Promise<VerifyResult> {
  const result = verifyAuditChain(db, options);
  const problems = [...result.problems];
  let lastAnchored: AnchoredPoint | undefined;
  const exists = result.head > 0 || db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit_events'").get() !== undefined;
  const hashAt = exists ? db.prepare('SELECT hash FROM audit_events WHERE seq = ?') : undefined;
  const holds = (seq: number, mac: string, at: string): boolean => {
    const row = hashAt?.get(seq) as { hash: string } | undefined;
    return row !== undefined && anchorMac(options.key, seq, row.hash, at) === mac;
  };
  const outside = { verified: [] as string[], missing: [] as string[] };
  let rolledBack = false;
  let headLogSeq: number | undefined;
  let outsideSeq: { seq: number; at: string; name: string } | undefined;
  for (const anchor of options.anchors) {
    const isOutside = anchor.outside === true;
    if (anchor instanceof HeadLog && anchor.isEmpty()) {
      // The app writes the log's first line before it creates the key; with the key here, an empty log was removed.
      problems.push({ seq: 0, problem: 'the head log beside the database is missing or empty, but the audit key exists' });
      continue;
    }
    try {
      const [first, latest] = [await anchor.first(), await anchor.latest()];
      if (anchor instanceof HeadLog) headLogSeq = latest?.seq ?? 0;
      if (isOutside) {
        if (latest === undefined) {
          outside.missing.push(anchor.name);
          continue;
        }
        if (outsideSeq === undefined || latest.seq > outsideSeq.seq) outsideSeq = { seq: latest.seq, at: latest.at, name: anchor.name };
      }
      if (latest === undefined) {
        if (result.keyedFrom !== undefined) problems.push({ seq: result.keyedFrom, problem: `the ${anchor.name} is empty or missing but the keyed chain has started` });
        continue;
      }
      if (first !== undefined && first.seq !== result.keyedFrom) {
        problems.push({ seq: first.seq, problem: `the ${anchor.name} says the keyed chain starts at row ${String(first.seq)}, the file at ${result.keyedFrom === undefined ? 'no row' : `row ${String(result.keyedFrom)}`}` });
      } else if (first !== undefined && !holds(first.seq, first.mac, first.at)) {
        problems.push({ seq: first.seq, problem: `the keyed start does not match the ${anchor.name}` });
      }
      if (latest.seq > result.head) {
        rolledBack = true;
        problems.push({ seq: latest.seq, problem: `the ${anchor.name} anchored row ${String(latest.seq)} at ${latest.at} but the file ends at row ${String(result.head)} (rolled back, truncated or replaced)` });
      } else if (latest.seqOnly !== true && !holds(latest.seq, latest.mac, latest.at)) {
        problems.push({ seq: latest.seq, problem: `row ${String(latest.seq)} is not the row the ${anchor.name} anchored at ${latest.at} (the chain was rewritten)` });
      } else {
        if (isOutside) outside.verified.push(anchor.name);
        if (lastAnchored === undefined || latest.seq > lastAnchored.seq) lastAnchored = { anchor: anchor.name, seq: latest.seq, at: latest.at };
      }
    } catch (error) {
      if (isOutside && error instanceof AnchorUnreachableError) {
        outside.missing.push(anchor.name);
        continue;
      }
      problems.push({ seq: 0, problem: `the ${anchor.name} cannot be read: ${(error as Error).message}` });
    }
  }
  // The head log is durable before an outside anchor is written, so it is never behind one unless lines were removed.
  if (headLogSeq !== undefined && outsideSeq !== undefined && outsideSeq.seq > headLogSeq) {
    rolledBack = true;
    problems.push({
      seq: outsideSeq.seq,
      problem: `the head log beside the database ends at row ${String(headLogSeq)} but the ${outsideSeq.name} anchored row ${String(outsideSeq.seq)} at ${outsideSeq.at} (its last lines were removed, or it was replaced with an older copy)`,
    });
  }
  const anyOutside = options.anchors.some((a) => a.outside === true);
  return {
    ...result,
    ok: problems.length === 0,
    problems,
    ...(lastAnchored !== undefined ? { lastAnchored } : {}),
    ...(anyOutside ? { outside } : {}),
    ...(rolledBack ? { rolledBack } : {}),
  };
}

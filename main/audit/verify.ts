import type { Db } from '../db/database';
import { GENESIS_HASH, rowHash, type ChainedRow } from './chain';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: { seq: number; problem: string }[];
}

/**
 * Walks the whole chain: a row whose content no longer matches its hash was edited; a gap in
 * the sequence, a broken link, or a head below SQLite's AUTOINCREMENT high-water mark means rows were deleted.
 */
export function verifyAuditChain(db: Db): VerifyResult {
  const problems: VerifyResult['problems'] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<ChainedRow & { hash: string }>;
  for (const row of rows) {
    checked++;
    if (row.seq !== expectedSeq) {
      problems.push({ seq: expectedSeq, problem: `rows ${expectedSeq}–${row.seq - 1} are missing (deleted)` });
    }
    if (row.prev_hash !== prevHash) {
      problems.push({ seq: row.seq, problem: 'does not link to the row before it (a row before it was deleted or changed)' });
    }
    if (rowHash(row) !== row.hash) {
      problems.push({ seq: row.seq, problem: 'content does not match its hash (the row was edited)' });
    }
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  const highWater = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as { seq: number } | undefined;
  if (highWater !== undefined && highWater.seq >= expectedSeq) {
    problems.push({ seq: expectedSeq, problem: `rows ${expectedSeq}–${highWater.seq} at the end are missing (deleted)` });
  }
  return { ok: problems.length === 0, checked, problems };
}

import { createHash } from 'node:crypto';

/** The `prev_hash` of a chain's first fact. */
export const FACT_GENESIS_HASH = '0'.repeat(64);

/** A fact as its desk chain hashed it (central migration 008). */
export interface ChainedFact {
  prevHash: string;
  org: string;
  chainId: string;
  seq: number;
  /** Null for a fact carried over from a row that was in the record before migration 008. */
  outboxSeq: number | null;
  kind: string;
  rowId: string;
  workstation: string;
  userId: string;
  bodyText: string;
}

/** Length in bytes, then the text: no separator inside a value can make two facts hash alike. */
const field = (value: string | null): string => (value === null ? '~' : `${String(Buffer.byteLength(value, 'utf8'))}:${value}`);

/**
 * The hash PostgreSQL's `bw_fact_hash` gives a fact, computed here independently, so central verify
 * does not trust a function a superuser could have replaced.
 */
export function factHash(f: ChainedFact): string {
  const fields = [f.prevHash, f.org, f.chainId, String(f.seq), f.outboxSeq === null ? null : String(f.outboxSeq), f.kind, f.rowId, f.workstation, f.userId, f.bodyText];
  return createHash('sha256').update(fields.map(field).join('|'), 'utf8').digest('hex');
}

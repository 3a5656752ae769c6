/** One anchored chain head: the row's sequence number, a MAC over that row's hash, and when it was anchored. */
export interface AnchorPoint {
  seq: number;
  /** `anchorMac(key, seq, hashOfRowSeq, at)`: only the key holder can write one that verifies. */
  mac: string;
  /** UTC ISO instant. */
  at: string;
  /**
   * The anchor holds only the row number (the organisation record: a desk may read its uploaded
   * head but not the rows): it shows a store that is behind it, not a rewritten row.
   */
  seqOnly?: boolean;
}

/**
 * Somewhere outside the SQLite file that keeps the chain's head, so rolling the file back,
 * truncating its tail or replacing it is seen. The head log beside the database is one; the
 * organisation record (PostgreSQL) can be another.
 */
export interface AuditAnchor {
  /** Plain words for reports, e.g. "head log" or "organisation record". */
  readonly name: string;
  /**
   * True for an anchor outside the data folder (the per-user anchor, the organisation record):
   * when it holds nothing or cannot be reached the store is "not verified against an outside
   * anchor", not failed; when it is ahead of the store, the store was rolled back.
   */
  readonly outside?: boolean;
  /**
   * Records a head after its row is committed. Never throws: an anchor that cannot write keeps
   * its last point (verify then reports that point as the last anchored one). A remote anchor
   * may queue; the head log is durable before it returns.
   */
  record(point: AnchorPoint): void;
  /** The highest point recorded, or undefined when none has been. */
  latest(): Promise<AnchorPoint | undefined>;
  /** The first point recorded: the keyed chain's start. */
  first(): Promise<AnchorPoint | undefined>;
  /** Flushes anything queued; called on close. */
  close(): Promise<void>;
}

/** An outside anchor that could not be reached (the network, a timeout): the store is not verified, not failed. */
export class AnchorUnreachableError extends Error {
  override name = 'AnchorUnreachableError';
}

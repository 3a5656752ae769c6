import { createHash, createHmac } from 'node:crypto';

/** The fields an audit row's hash covers, in a fixed order. */
export interface ChainedRow {
  seq: number;
  id: string;
  at: string;
  user_id: string;
  workstation: string;
  case_id: string | null;
  type: string;
  dos_service_id: string | null;
  asid: string | null;
  request_id: string | null;
  correlation_id: string | null;
  http_status: number | null;
  outcome: string | null;
  detail: string;
  prev_hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

function content(row: ChainedRow): string {
  return JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.user_id,
    row.workstation,
    row.case_id,
    row.type,
    row.dos_service_id,
    row.asid,
    row.request_id,
    row.correlation_id,
    row.http_status,
    row.outcome,
    row.detail,
  ]);
}

/**
 * sha256 over the row's content and the previous row's hash. Anyone can recompute it, so it
 * only guards rows written before the keyed chain started (see `rowMac`).
 */
export function rowHash(row: ChainedRow): string {
  return createHash('sha256').update(row.prev_hash).update('\n').update(content(row)).digest('hex');
}

/**
 * HMAC-SHA256 with the installation's key over the same content: without the key nobody can
 * write a row, or recompute the rows after an edit, that verifies.
 */
export function rowMac(key: Buffer, row: ChainedRow): string {
  return createHmac('sha256', key).update('row\n').update(row.prev_hash).update('\n').update(content(row)).digest('hex');
}

/** The MAC an anchor stores for a chain head: ties seq, that row's hash and the anchoring time together. */
export function anchorMac(key: Buffer, seq: number, hash: string, at: string): string {
  return createHmac('sha256', key).update(`anchor\n${String(seq)}\n${hash}\n${at}`).digest('hex');
}

/** The MAC over the last verified point, so a forged one cannot make start-up skip rows. */
export function verifiedMac(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`verified\n${String(seq)}\n${hash}`).digest('hex');
}

/** The type of the one event that starts the keyed chain; rows before it stay sha256-checked. */
export const KEYED_START_TYPE = 'audit.chain-keyed';

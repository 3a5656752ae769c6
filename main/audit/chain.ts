import { createHash } from 'node:crypto';

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

/** sha256 over the row's content and the previous row's hash: editing or removing a row breaks the chain. */
export function rowHash(row: ChainedRow): string {
  const content = JSON.stringify([
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
  return createHash('sha256').update(row.prev_hash).update('\n').update(content).digest('hex');
}

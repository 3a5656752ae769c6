import type postgres from 'postgres';
import { GENESIS_HASH, KEYED_START_TYPE, rowHash, rowMac, type ChainedRow } from '../audit/chain';

export interface OrgChainReport {
  org: string;
  chainId: string;
  workstation: string;
  checked: number;
  /** The highest seq found; below the desk's uploaded head means rows at the end are missing. */
  head: number;
  /** The chain's first keyed (HMAC) row, if it has any. */
  keyedFrom?: number;
  /** Rows whose content could not be recomputed (keyed rows without the desk's key): only their links were checked. */
  linksOnly: number;
  problems: { seq: number; problem: string }[];
}

export interface OrgVerifyResult {
  ok: boolean;
  checked: number;
  chains: OrgChainReport[];
}

/** An uploaded audit row: the chained fields as the desk hashed them, keyed by org and chain. */
type CentralRow = Omit<ChainedRow, 'seq' | 'at' | 'detail'> & {
  org: string;
  chain_id: string;
  /** bigint, as text. */
  seq: string;
  /** The instant exactly as the desk hashed it. */
  at_text: string;
  detail_text: string;
  hash: string;
};

/**
 * Recomputes an uploaded row's hash, or says it cannot (undefined): where a chain is keyed
 * (HMAC) only a holder of the key can, and continuity and links are still checked without it.
 */
export type CentralRowHash = (row: ChainedRow, keyed: boolean, chainId: string) => string | undefined;

/**
 * Without a desk's key: rows before its keyed start are sha256-checked; keyed rows (HMAC) are
 * checked for continuity and links only, since the key never leaves the desk.
 */
export const centralHashWithoutKeys: CentralRowHash = (row, keyed) => (keyed ? undefined : rowHash(row));

/** With the desk's key (an investigator given it): every row's content is checked. */
export const centralHashWithKey =
  (key: Buffer): CentralRowHash =>
  (row, keyed) =>
    keyed ? rowMac(key, row) : rowHash(row);

/** With the keys of several desks, by chain id: their rows' content is checked; other chains as without keys. */
export const centralHashWithChainKeys =
  (keys: ReadonlyMap<string, Buffer>): CentralRowHash =>
  (row, keyed, chainId) => {
    const key = keys.get(chainId);
    return key === undefined ? centralHashWithoutKeys(row, keyed, chainId) : centralHashWithKey(key)(row, keyed, chainId);
  };

/**
 * Walks every workstation's chain in the organisation record: each chain must start at seq 1
 * and run without a gap, each row must link to the hash of the one before, and (where the hash
 * function is available) each row's content must still match its hash.
 */
export async function verifyOrgAudit(sql: postgres.Sql, options: { org?: string; hash?: CentralRowHash } = {}): Promise<OrgVerifyResult> {
  const hash = options.hash ?? centralHashWithoutKeys;
  const chains: OrgChainReport[] = [];
  let current: (OrgChainReport & { expected: number; prev: string; keyed: boolean }) | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const { org, chainId, workstation, checked, keyedFrom, linksOnly, problems } = current;
    chains.push({ org, chainId, workstation, checked, head: current.expected - 1, ...(keyedFrom !== undefined ? { keyedFrom } : {}), linksOnly, problems });
  };
  const filter = options.org === undefined ? sql`` : sql`WHERE org = ${options.org}`;
  const cursor = sql<CentralRow[]>`
    SELECT org, chain_id, seq::text AS seq, id::text AS id, at_text, user_id, workstation, case_id, type, dos_service_id, asid, request_id,
      correlation_id, http_status, outcome, detail_text, prev_hash, hash
    FROM audit_events ${filter} ORDER BY org, chain_id, audit_events.seq`.cursor(2000);
  for await (const batch of cursor) {
    for (const row of batch) {
      if (current === undefined || current.org !== row.org || current.chainId !== row.chain_id) {
        finish();
        current = { org: row.org, chainId: row.chain_id, workstation: row.workstation, checked: 0, head: 0, linksOnly: 0, problems: [], expected: 1, prev: GENESIS_HASH, keyed: false };
      }
      const seq = Number(row.seq);
      current.checked++;
      if (seq !== current.expected) {
        current.problems.push({ seq: current.expected, problem: `rows ${String(current.expected)}–${String(seq - 1)} are missing from the organisation record` });
      }
      if (row.prev_hash !== current.prev) current.problems.push({ seq, problem: 'does not link to the row before it' });
      if (row.type === KEYED_START_TYPE && !current.keyed) {
        current.keyed = true;
        current.keyedFrom = seq;
      }
      const recomputed = hash({ ...row, seq, at: row.at_text, detail: row.detail_text }, current.keyed, row.chain_id);
      if (recomputed === undefined) current.linksOnly++;
      else if (recomputed !== row.hash) current.problems.push({ seq, problem: 'content does not match its hash (the row was edited)' });
      current.expected = seq + 1;
      current.prev = row.hash;
    }
  }
  finish();
  await checkHeads(sql, chains, options.org);
  const result = chains;
  const checked = result.reduce((n, c) => n + c.checked, 0);
  return { ok: result.every((c) => c.problems.length === 0), checked, chains: result };
}

/**
 * Rows missing from the end of a chain leave no gap to walk over: each desk's uploaded head
 * (raised by a trigger as rows arrive, never lowered; central migrations 007, 008) says where its chain must reach.
 */
async function checkHeads(sql: postgres.Sql, chains: OrgChainReport[], org: string | undefined): Promise<void> {
  const filter = org === undefined ? sql`` : sql`WHERE org = ${org}`;
  const heads = await sql<{ org: string; chain_id: string; workstation: string; audit_head: string }[]>`
    SELECT org, chain_id, workstation, audit_head::text AS audit_head FROM desks ${filter} ORDER BY org, chain_id`;
  const walked = new Map(chains.map((c) => [`${c.org}\n${c.chainId}`, c]));
  for (const desk of heads) {
    const head = Number(desk.audit_head);
    if (head === 0) continue;
    let chain = walked.get(`${desk.org}\n${desk.chain_id}`);
    if (chain === undefined) {
      chain = { org: desk.org, chainId: desk.chain_id, workstation: desk.workstation, checked: 0, head: 0, linksOnly: 0, problems: [] };
      chains.push(chain);
    }
    if (chain.head < head) {
      chain.problems.push({
        seq: chain.head + 1,
        problem: `rows ${String(chain.head + 1)}–${String(head)} at the end are missing from the organisation record (the desk uploaded up to row ${String(head)})`,
      });
    }
  }
}

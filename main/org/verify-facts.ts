import { isDeepStrictEqual } from 'node:util';
import type postgres from 'postgres';
import { FACT_GENESIS_HASH, factHash } from './fact-chain';

export interface FactProblem {
  /** The fact's number in its chain. */
  seq: number;
  /** What the fact is about, as a person reads it ("booking 3f2a…"), when the fact is there to say. */
  about?: string;
  problem: string;
}

export interface FactChainReport {
  org: string;
  chainId: string;
  /** The desk the chain is registered to (desks.workstation), not what a fact says of itself. */
  workstation: string;
  checked: number;
  /** The highest fact number found. */
  head: number;
  problems: FactProblem[];
}

/** A shared row (case, booking, referral) that does not say what the desks' facts say. */
export interface DerivedRowProblem {
  kind: 'case' | 'booking' | 'referral';
  id: string;
  /** The desk the row names as its owner. */
  workstation: string;
  differs: string[];
}

interface FactRow {
  org: string;
  chain_id: string;
  seq: string;
  outbox_seq: string | null;
  kind: string;
  row_id: string;
  workstation: string;
  user_id: string;
  body_text: string;
  body: unknown;
  prev_hash: string;
  hash: string;
  /** The server's place for the fact in its row's order of changes (central migration 010); null before. */
  revision: string | null;
}

/** Whether the record is at central migration 010, where facts and shared rows carry a revision. */
async function ordersByRevision(sql: postgres.Sql): Promise<boolean> {
  const [row] = await sql<{ ordered: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'record_facts' AND column_name = 'revision') AS ordered`;
  return row?.ordered === true;
}

/** The server only ever lowers the revision a desk sent (to one above the row's): a fact placed above it was edited. */
function revisionRaised(row: FactRow): boolean {
  const sent = (row.body as { revision?: unknown } | null)?.revision;
  return row.revision !== null && typeof sent === 'number' && Number(row.revision) > sent;
}

function bodyMatches(row: FactRow): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(row.body_text), row.body);
  } catch {
    return false;
  }
}

/**
 * Walks every desk's chain of facts (central migration 008): each chain runs from fact 1 without a
 * gap up to the head the server kept in `desks.fact_head`, each fact links to the one before, its
 * content still gives its hash (recomputed here, not by the server's function), and its searchable
 * copy (`body`) is still the text that was hashed.
 */
export async function verifyOrgFacts(sql: postgres.Sql, options: { org?: string } = {}): Promise<FactChainReport[]> {
  const filter = options.org === undefined ? sql`` : sql`WHERE org = ${options.org}`;
  const desks = await sql<{ org: string; chain_id: string; workstation: string; fact_head: string }[]>`
    SELECT org, chain_id, workstation, fact_head::text AS fact_head FROM desks ${filter} ORDER BY org, chain_id`;
  const deskOf = new Map(desks.map((d) => [`${d.org}\n${d.chain_id}`, d]));
  const reports: FactChainReport[] = [];
  let current: (FactChainReport & { expected: number; prev: string }) | undefined;
  const finish = (): void => {
    if (current === undefined) return;
    const { org, chainId, workstation, checked, problems } = current;
    reports.push({ org, chainId, workstation, checked, head: current.expected - 1, problems });
  };
  const revision = (await ordersByRevision(sql)) ? sql`revision::text` : sql`NULL::text`;
  const cursor = sql<FactRow[]>`
    SELECT org, chain_id, seq::text AS seq, outbox_seq::text AS outbox_seq, kind, row_id, workstation, user_id, body_text, body, prev_hash, hash,
      ${revision} AS revision
    FROM record_facts ${filter} ORDER BY org, chain_id, record_facts.seq`.cursor(2000);
  for await (const batch of cursor) {
    for (const row of batch) {
      if (current === undefined || current.org !== row.org || current.chainId !== row.chain_id) {
        finish();
        const workstation = deskOf.get(`${row.org}\n${row.chain_id}`)?.workstation ?? row.workstation;
        current = { org: row.org, chainId: row.chain_id, workstation, checked: 0, head: 0, problems: [], expected: 1, prev: FACT_GENESIS_HASH };
      }
      const seq = Number(row.seq);
      const about = `${row.kind} ${row.row_id}, by ${row.workstation}`;
      current.checked++;
      if (seq !== current.expected) {
        current.problems.push({ seq: current.expected, problem: `facts ${String(current.expected)}–${String(seq - 1)} are missing from the organisation record` });
      }
      if (row.prev_hash !== current.prev) current.problems.push({ seq, about, problem: 'does not link to the fact before it' });
      const recomputed = factHash({
        prevHash: row.prev_hash,
        org: row.org,
        chainId: row.chain_id,
        seq,
        outboxSeq: row.outbox_seq === null ? null : Number(row.outbox_seq),
        kind: row.kind,
        rowId: row.row_id,
        workstation: row.workstation,
        userId: row.user_id,
        bodyText: row.body_text,
      });
      if (recomputed !== row.hash) current.problems.push({ seq, about, problem: 'content does not match its hash (the fact was edited)' });
      else if (!bodyMatches(row)) current.problems.push({ seq, about, problem: 'its searchable copy differs from the text that was hashed (the fact was edited)' });
      if (revisionRaised(row)) current.problems.push({ seq, about, problem: 'it was placed later in the order of changes than its desk sent it (the fact was edited)' });
      current.expected = seq + 1;
      current.prev = row.hash;
    }
  }
  finish();
  // Facts removed from the end of a chain (or a whole chain) leave no gap: the server's head says where it must reach.
  const walked = new Map(reports.map((r) => [`${r.org}\n${r.chainId}`, r]));
  for (const desk of desks) {
    const head = Number(desk.fact_head);
    if (head === 0) continue;
    let chain = walked.get(`${desk.org}\n${desk.chain_id}`);
    if (chain === undefined) {
      chain = { org: desk.org, chainId: desk.chain_id, workstation: desk.workstation, checked: 0, head: 0, problems: [] };
      reports.push(chain);
    }
    const last = chain.head;
    if (last < head) {
      chain.problems.push({ seq: last + 1, problem: `facts ${String(last + 1)}–${String(head)} at the end are missing from the organisation record (the server numbered up to fact ${String(head)})` });
    }
  }
  return reports;
}

/**
 * A derived row's newest fact (as the apply trigger ordered them: central migration 010's revision,
 * then the desk's time) and its first (which names the owner). `ordered` is false on a record not
 * yet at 010, where only the time ordered them.
 */
const LATEST = (kind: string, alias: string, ordered: boolean): string => `LEFT JOIN LATERAL (
    SELECT f.workstation, f.body, ${ordered ? 'coalesce(f.revision, 0)' : '0'} AS revision
    FROM record_facts f WHERE f.org = ${alias}.org AND f.kind = '${kind}' AND f.row_id = ${alias}.id
    ORDER BY ${ordered ? 'coalesce(f.revision, 0) DESC, ' : ''}(f.body->>'updated_at')::timestamptz DESC, f.received_at DESC, f.seq DESC LIMIT 1) latest ON true
  LEFT JOIN LATERAL (
    -- A fact carried over by migration 008 was written by the admin for the row's owner, whose name is in its body.
    SELECT CASE WHEN f.outbox_seq IS NULL THEN f.body->>'workstation' ELSE f.workstation END AS owner, f.body
    FROM record_facts f WHERE f.org = ${alias}.org AND f.kind = '${kind}' AND f.row_id = ${alias}.id
    ORDER BY f.received_at, f.seq LIMIT 1) first ON true`;

const differs = (checks: [label: string, differs: string][]): string =>
  `array_remove(ARRAY[CASE WHEN latest.body IS NULL THEN 'no desk''s fact' END, ${checks.map(([label, d]) => `CASE WHEN ${d} THEN '${label}' END`).join(', ')}], NULL)`;

const COMMON: [string, string][] = [
  ['owner', 'd.workstation IS DISTINCT FROM first.owner'],
  ['last changed by', 'd.updated_by_workstation IS DISTINCT FROM latest.workstation'],
  ['status', "d.status IS DISTINCT FROM latest.body->>'status'"],
  ['time of change', "d.updated_at IS DISTINCT FROM (latest.body->>'updated_at')::timestamptz"],
];
/** Only on a record at central migration 010, where the derived rows keep the revision they were applied at. */
const REVISION_CHECK: [string, string] = ['order of changes', 'd.revision IS DISTINCT FROM latest.revision'];

const DERIVED: Record<DerivedRowProblem['kind'], { table: string; checks: [string, string][] }> = {
  case: {
    table: 'cases',
    checks: [
      ...COMMON,
      ['patient name', "d.family_upper IS DISTINCT FROM latest.body->>'family_upper' OR d.given IS DISTINCT FROM latest.body->>'given'"],
      ['date of birth', "d.birth_date IS DISTINCT FROM (latest.body->>'birth_date')::date"],
      ['NHS number', "d.nhs_number IS DISTINCT FROM latest.body->>'nhs_number'"],
    ],
  },
  booking: {
    table: 'bookings',
    checks: [
      ...COMMON,
      ['case', "d.case_id IS DISTINCT FROM first.body->>'case_id'"],
      ['appointment', "d.appointment_id IS DISTINCT FROM latest.body->>'appointment_id' OR d.slot_start IS DISTINCT FROM (latest.body->>'slot_start')::timestamptz"],
    ],
  },
  referral: { table: 'referrals', checks: [...COMMON, ['case', "d.case_id IS DISTINCT FROM first.body->>'case_id'"]] },
};

/**
 * The shared rows Find and reports read are derived from the facts by a trigger; a row edited
 * around it (by a superuser, or with the trigger off) no longer says what the newest fact says.
 * Returns every row whose owner, last actor, status, patient or appointment differs, and every
 * fact whose row is gone.
 */
export async function verifyDerivedRows(sql: postgres.Sql, options: { org?: string } = {}): Promise<DerivedRowProblem[]> {
  const problems: DerivedRowProblem[] = [];
  const org = options.org === undefined ? '' : 'AND d.org = $1';
  const params = options.org === undefined ? [] : [options.org];
  const ordered = await ordersByRevision(sql);
  for (const [kind, { table, checks }] of Object.entries(DERIVED) as [DerivedRowProblem['kind'], (typeof DERIVED)['case']][]) {
    const all = ordered ? [...checks, REVISION_CHECK] : checks;
    const rows = await sql.unsafe<{ id: string; workstation: string; differs: string[] }[]>(
      `SELECT * FROM (SELECT d.id, d.workstation, ${differs(all)} AS differs FROM ${table} d ${LATEST(kind, 'd', ordered)} WHERE true ${org}) x
       WHERE cardinality(x.differs) > 0 ORDER BY x.workstation, x.id`,
      params,
    );
    for (const r of rows) problems.push({ kind, id: r.id, workstation: r.workstation, differs: r.differs });
    const gone = await sql.unsafe<{ id: string; workstation: string }[]>(
      `SELECT DISTINCT f.row_id AS id, f.workstation FROM record_facts f WHERE f.kind = '${kind}' ${org.replace('d.org', 'f.org')}
         AND NOT EXISTS (SELECT 1 FROM ${table} d WHERE d.org = f.org AND d.id = f.row_id) ORDER BY 2, 1`,
      params,
    );
    for (const r of gone) problems.push({ kind, id: r.id, workstation: r.workstation, differs: ['row removed'] });
  }
  return problems;
}

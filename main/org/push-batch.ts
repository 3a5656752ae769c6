import type postgres from 'postgres';
import type { OutboxRow } from './outbox';
import { phonesOf } from './phones';

export interface DeskIdentity {
  /** The organisation's ODS code: the leading key of every central row. */
  org: string;
  /** This SQLite file's audit chain. */
  chainId: string;
  workstation: string;
}

type Payload = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function auditRecord(desk: DeskIdentity, r: OutboxRow): Payload {
  const p = r.payload;
  return {
    org: desk.org,
    chain_id: desk.chainId,
    seq: p.seq,
    id: p.id,
    at: p.at,
    at_text: p.at,
    user_id: p.user_id,
    workstation: p.workstation,
    case_id: p.case_id,
    type: p.type,
    dos_service_id: p.dos_service_id,
    asid: p.asid,
    request_id: p.request_id,
    correlation_id: p.correlation_id,
    http_status: p.http_status,
    outcome: p.outcome,
    detail_text: p.detail,
    prev_hash: p.prev_hash,
    hash: p.hash,
  };
}

/**
 * A change's fact body: the row as the derived tables hold it (central migration 008's apply trigger
 * reads it with jsonb_populate_record). Who made it is the fact's own columns, never the body's;
 * the body carries only that user's name and role as their CIS2 session gave them (central
 * migration 009), so other desks can say who it was. Find's search columns (given name, phones,
 * practice name) are worked out here, from the document.
 */
function factBody(r: OutboxRow): Payload {
  const named = { ...r.payload, ...(r.userName !== undefined ? { user_name: r.userName, user_role: r.userRole ?? null } : {}) };
  return { ...named, ...searchColumns(r) };
}

function searchColumns(r: OutboxRow): Payload {
  const p = r.payload;
  switch (r.kind) {
    case 'case': {
      const doc = (p.doc ?? {}) as { patient?: { given?: string }; registeredPractice?: { name?: string } };
      return {
        given: doc.patient?.given ?? '',
        phones: phonesOf(p.doc),
        practice_name: doc.registeredPractice?.name ?? null,
      };
    }
    case 'booking': {
      const doc = (p.doc ?? {}) as { serviceId?: string; serviceName?: string; appointmentId?: string };
      return { service_id: doc.serviceId ?? '', service_name: doc.serviceName ?? '', appointment_id: str(doc.appointmentId) };
    }
    case 'referral':
    case 'audit':
      return {};
  }
}

function factRecord(desk: DeskIdentity, r: OutboxRow): Payload {
  return {
    org: desk.org,
    chain_id: desk.chainId,
    outbox_seq: r.seq,
    kind: r.kind,
    row_id: r.rowId,
    workstation: r.workstation,
    user_id: r.userId,
    body_text: JSON.stringify(factBody(r)),
  };
}

/** The columns one kind of row travels in, each with the PostgreSQL type its array is cast to. */
type Columns = readonly (readonly [name: string, type: string])[];

const AUDIT_COLUMNS: Columns = [
  ['org', 'text'], ['chain_id', 'text'], ['seq', 'bigint'], ['id', 'uuid'], ['at', 'timestamptz'], ['at_text', 'text'],
  ['user_id', 'text'], ['workstation', 'text'], ['case_id', 'text'], ['type', 'text'], ['dos_service_id', 'text'], ['asid', 'text'],
  ['request_id', 'text'], ['correlation_id', 'text'], ['http_status', 'integer'], ['outcome', 'text'], ['detail_text', 'text'],
  ['prev_hash', 'text'], ['hash', 'text'], ['outbox_seq', 'bigint'],
];
const FACT_COLUMNS: Columns = [
  ['org', 'text'], ['chain_id', 'text'], ['outbox_seq', 'bigint'], ['kind', 'text'], ['row_id', 'text'], ['workstation', 'text'],
  ['user_id', 'text'], ['body_text', 'text'],
];

/** A record's value as array-element text; null stays null, objects and arrays go as JSON. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** Types postgres.js would encode itself (through Date): they go as text and PostgreSQL reads them. */
const CAST_FROM_TEXT = new Set(['timestamptz', 'date']);

/**
 * `unnest($1::type[], …) AS r(name, …)`: the records as rows, one array parameter per column.
 * Timestamps and dates go as text[] and PostgreSQL reads them, as it read them out of the JSON
 * before (a timestamptz[] parameter would send each through a JS Date). JSON documents go as text
 * and are cast one by one where they are inserted (`doc::jsonb`): a jsonb[] parameter would have
 * postgres.js encode each text again as a JSON string, and a cast array is one more copy of the
 * batch's biggest column. The statement's text depends only on the column lists, so its prepared
 * form is reused batch after batch.
 */
function unnestRows(sql: postgres.Sql, columns: Columns, records: Payload[]): postgres.Fragment {
  const arrays = columns.map(([name, type], i) => {
    const values = records.map((record) => asText(record[name]));
    const cast = CAST_FROM_TEXT.has(type) ? sql`::text[]::${sql.unsafe(type)}[]` : sql`::${sql.unsafe(type)}[]`;
    return sql`${i === 0 ? sql`` : sql`,`} ${values}${cast}`;
  });
  return sql`unnest(${arrays}) AS r(${sql.unsafe(columns.map(([name]) => name).join(', '))})`;
}

/**
 * Applies one batch of this desk's outbox atomically: its audit events, and one fact per change of
 * a case, booking or referral (central migration 008 derives the shared rows from them). A row
 * already in the record is skipped (audit rows by their key, facts by chain and outbox seq), so
 * the same batch pushed twice (an answer lost after commit) changes nothing; facts land in the
 * order they were queued. Returns how many rows were new and the last outbox seq now applied.
 *
 * The batch is ONE statement (data-modifying CTEs), not BEGIN…COMMIT: postgres.js 3.4.9 writes its
 * own ROLLBACK onto a connection the server has just dropped and crashes the process with an
 * uncatchable TypeError (porsager/postgres#1208); a single statement leaves nothing to write after
 * a drop, and PostgreSQL rolls it back by itself.
 *
 * Every kind travels column by column (one array per column, unnested by the server): one encoding
 * for the whole statement, so a column is converted in one place. Measured against a JSON object
 * per row (bench org-push, alternating runs) the two are within a few per cent of each other; most
 * of a push's time is the server's inserting and indexing, not the encoding.
 */
export async function pushBatch(
  sql: postgres.Sql,
  desk: DeskIdentity,
  rows: OutboxRow[],
  options: { chainRegistered?: boolean } = {},
): Promise<{ applied: number; lastSeq: number }> {
  if (rows.length === 0) return { applied: 0, lastSeq: 0 };
  // Registering the chain commits on its own (the row-level checks of the batch read it); a pusher
  // that has pushed once this run skips the round trip.
  if (options.chainRegistered !== true) {
    await sql`INSERT INTO desks (org, chain_id, workstation) VALUES (${desk.org}, ${desk.chainId}, ${desk.workstation}) ON CONFLICT DO NOTHING`;
  }
  const batchLast = Math.max(...rows.map((r) => r.seq));
  const audit = unnestRows(sql, AUDIT_COLUMNS, rows.filter((r) => r.kind === 'audit').map((r) => ({ ...auditRecord(desk, r), outbox_seq: r.seq })));
  const facts = unnestRows(sql, FACT_COLUMNS, rows.filter((r) => r.kind !== 'audit').map((r) => factRecord(desk, r)));
  const [result] = await sql<{ applied: number }[]>`
    WITH audit AS (
      INSERT INTO audit_events (org, chain_id, seq, id, at, at_text, user_id, workstation, case_id, type, dos_service_id, asid,
        request_id, correlation_id, http_status, outcome, detail, detail_text, prev_hash, hash)
      SELECT org, chain_id, seq, id, at, at_text, user_id, workstation, case_id, type, dos_service_id, asid,
        request_id, correlation_id, http_status, outcome, detail_text::jsonb, detail_text, prev_hash, hash
      FROM ${audit}
      ON CONFLICT DO NOTHING
      RETURNING 1
    ),
    facts AS (
      INSERT INTO record_facts (org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text)
      SELECT org, chain_id, outbox_seq, kind, row_id, workstation, user_id, body_text
      FROM ${facts}
      ORDER BY r.outbox_seq
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM audit) + (SELECT count(*) FROM facts))::int AS applied`;
  return { applied: result?.applied ?? 0, lastSeq: batchLast };
}

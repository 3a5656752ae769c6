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

/** The newest version of each row in the batch: an older one would only be overwritten. */
function latestById(rows: OutboxRow[]): OutboxRow[] {
  const byId = new Map<string, OutboxRow>();
  for (const r of rows) byId.set(r.rowId, r);
  return [...byId.values()];
}

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

function caseRecord(desk: DeskIdentity, r: OutboxRow): Payload {
  const p = r.payload;
  const doc = (p.doc ?? {}) as { patient?: { given?: string }; registeredPractice?: { name?: string } };
  return {
    org: desk.org,
    id: p.id,
    workstation: r.workstation,
    user_id: r.userId,
    chain_id: desk.chainId,
    started_at: p.started_at,
    updated_at: p.updated_at,
    status: p.status,
    family_upper: p.family_upper,
    given: doc.patient?.given ?? '',
    birth_date: p.birth_date,
    nhs_number: p.nhs_number,
    // Digits only (phonesOf normalises), so a comma cannot occur inside one.
    phones: phonesOf(p.doc).join(','),
    practice_ods: p.practice_ods,
    practice_name: doc.registeredPractice?.name ?? null,
    doc: p.doc,
  };
}

function bookingRecord(desk: DeskIdentity, r: OutboxRow): Payload {
  const p = r.payload;
  const doc = (p.doc ?? {}) as { serviceId?: string; serviceName?: string; appointmentId?: string };
  return {
    org: desk.org,
    chain_id: desk.chainId,
    outbox_seq: r.seq,
    id: p.id,
    case_id: p.case_id,
    workstation: r.workstation,
    user_id: r.userId,
    status: p.status,
    service_id: doc.serviceId ?? '',
    service_name: doc.serviceName ?? '',
    appointment_id: str(doc.appointmentId),
    slot_start: p.slot_start,
    created_at: p.created_at,
    updated_at: p.updated_at,
    doc: p.doc,
  };
}

function referralRecord(desk: DeskIdentity, r: OutboxRow): Payload {
  return { ...r.payload, org: desk.org, workstation: r.workstation, user_id: r.userId };
}

/** The columns one kind of row travels in, each with the PostgreSQL type its array is cast to. */
type Columns = readonly (readonly [name: string, type: string])[];

const AUDIT_COLUMNS: Columns = [
  ['org', 'text'], ['chain_id', 'text'], ['seq', 'bigint'], ['id', 'uuid'], ['at', 'timestamptz'], ['at_text', 'text'],
  ['user_id', 'text'], ['workstation', 'text'], ['case_id', 'text'], ['type', 'text'], ['dos_service_id', 'text'], ['asid', 'text'],
  ['request_id', 'text'], ['correlation_id', 'text'], ['http_status', 'integer'], ['outcome', 'text'], ['detail_text', 'text'],
  ['prev_hash', 'text'], ['hash', 'text'], ['outbox_seq', 'bigint'],
];
const CASE_COLUMNS: Columns = [
  ['org', 'text'], ['id', 'text'], ['workstation', 'text'], ['user_id', 'text'], ['chain_id', 'text'], ['started_at', 'timestamptz'],
  ['updated_at', 'timestamptz'], ['status', 'text'], ['family_upper', 'text'], ['given', 'text'], ['birth_date', 'date'],
  ['nhs_number', 'text'], ['phones', 'text'], ['practice_ods', 'text'], ['practice_name', 'text'], ['doc', 'text'], ['outbox_seq', 'bigint'],
];
const HISTORY_COLUMNS: Columns = [
  ['org', 'text'], ['chain_id', 'text'], ['outbox_seq', 'bigint'], ['id', 'text'], ['status', 'text'], ['workstation', 'text'],
  ['user_id', 'text'], ['updated_at', 'timestamptz'], ['doc', 'text'],
];
const BOOKING_COLUMNS: Columns = [
  ['org', 'text'], ['id', 'text'], ['case_id', 'text'], ['workstation', 'text'], ['user_id', 'text'], ['status', 'text'],
  ['service_id', 'text'], ['service_name', 'text'], ['appointment_id', 'text'], ['slot_start', 'timestamptz'], ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'], ['doc', 'text'], ['outbox_seq', 'bigint'],
];
const REFERRAL_COLUMNS: Columns = [
  ['org', 'text'], ['id', 'text'], ['case_id', 'text'], ['workstation', 'text'], ['user_id', 'text'], ['service_id', 'text'],
  ['status', 'text'], ['document_id', 'text'], ['booking_id', 'text'], ['appointment_url', 'text'], ['endpoint', 'text'], ['xml', 'text'],
  ['attempts', 'integer'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['sent_at', 'timestamptz'], ['last_error', 'text'],
  ['outbox_seq', 'bigint'],
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
 * Applies one batch of this desk's outbox atomically. Rows at or below the desk's last applied
 * outbox seq are skipped, so the same batch pushed twice (an answer lost after commit) changes
 * nothing, and rows land in the order they were queued. Returns the seq now applied.
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
  // The desk's own chain only: the outbox never queues rows imported from another desk.
  const auditHead = rows.reduce((head, r) => (r.kind === 'audit' ? Math.max(head, Number(r.payload['seq'] ?? 0)) : head), 0);
  const of = (kind: OutboxRow['kind']): OutboxRow[] => rows.filter((r) => r.kind === kind);
  const audit = unnestRows(sql, AUDIT_COLUMNS, of('audit').map((r) => ({ ...auditRecord(desk, r), outbox_seq: r.seq })));
  const cases = unnestRows(sql, CASE_COLUMNS, latestById(of('case')).map((r) => ({ ...caseRecord(desk, r), outbox_seq: r.seq })));
  const history = unnestRows(sql, HISTORY_COLUMNS, of('booking').map((r) => bookingRecord(desk, r)));
  const bookings = unnestRows(sql, BOOKING_COLUMNS, latestById(of('booking')).map((r) => bookingRecord(desk, r)));
  const referrals = unnestRows(sql, REFERRAL_COLUMNS, latestById(of('referral')).map((r) => ({ ...referralRecord(desk, r), outbox_seq: r.seq })));
  const [result] = await sql<{ last: string }[]>`
    WITH before AS (
      SELECT coalesce(max(last_outbox_seq), 0) AS last FROM desks WHERE org = ${desk.org} AND chain_id = ${desk.chainId}
    ),
    moved AS (
      UPDATE desks SET last_outbox_seq = greatest(last_outbox_seq, ${batchLast}), audit_head = greatest(audit_head, ${auditHead}),
        last_pushed_at = now(), workstation = ${desk.workstation}
      WHERE org = ${desk.org} AND chain_id = ${desk.chainId}
      RETURNING 1
    ),
    audit AS (
      INSERT INTO audit_events (org, chain_id, seq, id, at, at_text, user_id, workstation, case_id, type, dos_service_id, asid,
        request_id, correlation_id, http_status, outcome, detail, detail_text, prev_hash, hash)
      SELECT org, chain_id, seq, id, at, at_text, user_id, workstation, case_id, type, dos_service_id, asid,
        request_id, correlation_id, http_status, outcome, detail_text::jsonb, detail_text, prev_hash, hash
      FROM ${audit}
      WHERE r.outbox_seq > (SELECT last FROM before)
      ON CONFLICT DO NOTHING
      RETURNING 1
    ),
    -- The desk and user that first wrote a case stay its origin; a later desk's edits only update it.
    cases AS (
      INSERT INTO cases (org, id, workstation, user_id, chain_id, started_at, updated_at, status, family_upper, given, birth_date,
        nhs_number, phones, practice_ods, practice_name, doc, updated_by_workstation)
      SELECT org, id, workstation, user_id, chain_id, started_at, updated_at, status, family_upper, given, birth_date,
        nhs_number, string_to_array(phones, ','), practice_ods, practice_name, doc::jsonb, workstation
      FROM ${cases}
      WHERE r.outbox_seq > (SELECT last FROM before)
      ON CONFLICT (org, id) DO UPDATE SET updated_at = excluded.updated_at, status = excluded.status,
        family_upper = excluded.family_upper, given = excluded.given, birth_date = excluded.birth_date,
        nhs_number = excluded.nhs_number, phones = excluded.phones, practice_ods = excluded.practice_ods,
        practice_name = excluded.practice_name, doc = excluded.doc, updated_by_workstation = excluded.updated_by_workstation
      WHERE cases.updated_at <= excluded.updated_at
      RETURNING 1
    ),
    history AS (
      INSERT INTO booking_history (org, chain_id, outbox_seq, booking_id, status, workstation, user_id, updated_at, doc)
      SELECT org, chain_id, outbox_seq, id, status, workstation, user_id, updated_at, doc::jsonb
      FROM ${history}
      WHERE r.outbox_seq > (SELECT last FROM before)
      ON CONFLICT DO NOTHING
      RETURNING 1
    ),
    bookings AS (
      INSERT INTO bookings (org, id, case_id, workstation, user_id, status, service_id, service_name, appointment_id, slot_start,
        created_at, updated_at, updated_by_workstation, updated_by_user, doc)
      SELECT org, id, case_id, workstation, user_id, status, service_id, service_name, appointment_id, slot_start,
        created_at, updated_at, workstation, user_id, doc::jsonb
      FROM ${bookings}
      WHERE r.outbox_seq > (SELECT last FROM before)
      ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, appointment_id = excluded.appointment_id,
        slot_start = excluded.slot_start, updated_at = excluded.updated_at, updated_by_workstation = excluded.updated_by_workstation,
        updated_by_user = excluded.updated_by_user, doc = excluded.doc
      WHERE bookings.updated_at <= excluded.updated_at
      RETURNING 1
    ),
    referrals AS (
      INSERT INTO referrals (org, id, case_id, workstation, user_id, service_id, status, document_id, booking_id, appointment_url,
        endpoint, xml, attempts, created_at, updated_at, sent_at, last_error, updated_by_workstation)
      SELECT org, id, case_id, workstation, user_id, service_id, status, document_id, booking_id, appointment_url,
        endpoint, xml, attempts, created_at, updated_at, sent_at, last_error, workstation
      FROM ${referrals}
      WHERE r.outbox_seq > (SELECT last FROM before)
      ON CONFLICT (org, id) DO UPDATE SET status = excluded.status, booking_id = excluded.booking_id,
        appointment_url = excluded.appointment_url, endpoint = excluded.endpoint, xml = excluded.xml, attempts = excluded.attempts,
        updated_at = excluded.updated_at, sent_at = excluded.sent_at, last_error = excluded.last_error,
        updated_by_workstation = excluded.updated_by_workstation
      WHERE referrals.updated_at <= excluded.updated_at
      RETURNING 1
    )
    SELECT (SELECT last FROM before)::text AS last`;
  const last = Number(result?.last ?? 0);
  return { applied: rows.filter((r) => r.seq > last).length, lastSeq: Math.max(last, batchLast) };
}

import type postgres from 'postgres';
import { likePrefix, type FindTerms } from '../workflow/find-terms';
import { describeOrgFailure } from './connection';
import type { RevisedKind } from './outbox';
import type { OrgRecord } from './record';

/** A booking as the organisation record holds it, with the desk and user that made it. */
export interface OrgBookingRow {
  bookingDoc: unknown;
  caseDoc: unknown;
  workstation: string;
  userId: string;
  /** As the maker's CIS2 session named them (central migration 009); absent on older rows. */
  userName?: string;
  userRole?: string;
  updatedAt: Date;
  /** The row's revision in the record (central migration 010); absent from a record not yet migrated. */
  revision?: number;
}

/** A referral as the record holds it, in the columns of this desk's `referrals` table. */
export interface OrgReferralRow {
  row: Record<string, unknown>;
  revision?: number;
}

export interface OrgCaseCopy {
  caseDoc: unknown;
  workstation: string;
  userId: string;
  revision?: number;
  bookings: OrgBookingRow[];
  referrals: OrgReferralRow[];
}

export class OrgQueryTimeoutError extends Error {
  override name = 'OrgQueryTimeoutError';
}

/**
 * Runs a query but gives up after `timeoutMs` (cancelling it on the server), so an organisation
 * record that stopped answering turns into "search this desk only" instead of a frozen screen.
 */
export async function withDeadline<T>(query: postgres.PendingQuery<postgres.Row[]>, timeoutMs: number, map: (rows: postgres.Row[]) => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      query.cancel();
      reject(new OrgQueryTimeoutError(`the organisation record did not answer within ${String(timeoutMs)} ms`));
    }, timeoutMs);
  });
  try {
    return map(await Promise.race([query, deadline]));
  } finally {
    clearTimeout(timer);
  }
}

function conditions(sql: postgres.Sql, org: string, q: FindTerms): postgres.PendingQuery<postgres.Row[]> {
  const parts: postgres.PendingQuery<postgres.Row[]>[] = [sql`b.org = ${org}`];
  if (q.nhsNumber !== undefined) parts.push(sql`c.nhs_number = ${q.nhsNumber}`);
  if (q.familyPrefix !== undefined) parts.push(sql`c.family_upper LIKE ${likePrefix(q.familyPrefix)}`);
  if (q.birthDate !== undefined) parts.push(sql`c.birth_date = ${q.birthDate}::date`);
  if (q.phone !== undefined) parts.push(sql`c.phones @> ARRAY[${q.phone}]::text[]`);
  if (q.reference !== undefined) parts.push(sql`(b.appointment_id = ${q.reference} OR bw_case_reference(b.case_id) = ${q.reference})`);
  if (q.startFrom !== undefined) parts.push(sql`b.slot_start >= ${q.startFrom}::timestamptz`);
  if (q.startTo !== undefined) parts.push(sql`b.slot_start < ${q.startTo}::timestamptz`);
  return parts.reduce((all, part) => sql`${all} AND ${part}`);
}

function bookingRow(r: postgres.Row): OrgBookingRow {
  return { bookingDoc: r.booking_doc, caseDoc: r.case_doc, workstation: String(r.workstation), userId: String(r.user_id), ...namedBy(r), updatedAt: r.updated_at as Date, ...revisionOf(r) };
}

/**
 * A row's revision, read as `(to_jsonb(row) ->> 'revision')` so the same query works on a record not
 * yet at central migration 010 (no such column: no revision, and the desk orders as before).
 */
const REVISION = (table: string): string => `(to_jsonb(${table}) ->> 'revision') AS revision`;

function revisionOf(r: postgres.Row): { revision?: number } {
  return typeof r.revision === 'string' ? { revision: Number(r.revision) } : {};
}

/** The maker's name and role where the row has them. */
export function namedBy(r: postgres.Row): { userName?: string; userRole?: string } {
  return { ...(typeof r.user_name === 'string' ? { userName: r.user_name } : {}), ...(typeof r.user_role === 'string' ? { userRole: r.user_role } : {}) };
}

/** Bookings of the whole organisation matching every given term, soonest-made appointment first. */
export async function findInOrgRecord(sql: postgres.Sql, org: string, q: FindTerms, options: { limit?: number; timeoutMs: number }): Promise<OrgBookingRow[]> {
  const query = sql`
    SELECT b.doc AS booking_doc, c.doc AS case_doc, b.workstation, b.user_id, b.user_name, b.user_role, b.updated_at
    FROM bookings b JOIN cases c ON c.org = b.org AND c.id = b.case_id
    WHERE ${conditions(sql, org, q)}
    ORDER BY b.slot_start DESC
    LIMIT ${options.limit ?? 50}`;
  return withDeadline(query, options.timeoutMs, (rows) => rows.map(bookingRow));
}

/** Everything needed to work on a case another desk made: the case, its bookings and referrals. */
export async function readOrgCase(sql: postgres.Sql, org: string, caseId: string, options: { timeoutMs: number }): Promise<OrgCaseCopy | undefined> {
  // Three reads at once, not one after another: a clinician is waiting on the phone to open the case.
  const [[found], bookings, referrals] = await Promise.all([
    withDeadline(sql`SELECT doc, workstation, user_id, ${sql.unsafe(REVISION('cases'))} FROM cases WHERE org = ${org} AND id = ${caseId}`, options.timeoutMs, (rows) => rows),
    withDeadline(
      sql`SELECT doc AS booking_doc, NULL::jsonb AS case_doc, workstation, user_id, user_name, user_role, updated_at, ${sql.unsafe(REVISION('bookings'))} FROM bookings
          WHERE org = ${org} AND case_id = ${caseId} ORDER BY created_at`,
      options.timeoutMs,
      (rows) => rows.map(bookingRow),
    ),
    withDeadline(
      sql`SELECT id, case_id, service_id, status, document_id, booking_id, appointment_url, endpoint, xml, attempts,
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
            to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
            to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sent_at, last_error, ${sql.unsafe(REVISION('referrals'))}
          FROM referrals WHERE org = ${org} AND case_id = ${caseId} ORDER BY created_at`,
      options.timeoutMs,
      (rows) => rows.map(({ revision, ...row }: postgres.Row) => ({ row, ...revisionOf({ revision: revision as unknown }) })),
    ),
  ]);
  if (found === undefined) return undefined;
  return { caseDoc: found.doc, workstation: String(found.workstation), userId: String(found.user_id), ...revisionOf(found), bookings, referrals };
}

/** What Find needs of the organisation record; the workflow sees only this. */
export interface OrganisationFind {
  search(terms: FindTerms): Promise<OrgBookingRow[]>;
  readCase(caseId: string): Promise<OrgCaseCopy | undefined>;
  /** Writes rows copied from the organisation record without queuing them back (see OrgOutbox.importing). */
  importing<T>(fn: () => T): T;
  /** Whether a row has a change here not yet uploaded (this desk's copy is the newer). */
  isWaiting(rowId: string): boolean;
  /** This desk's copy of a row is now the record's at `revision`: its next change here is ordered after it (see OrgOutbox.basedOn). */
  basedOn(kind: RevisedKind, rowId: string, revision: number): void;
}

export class OrgNotSetUpError extends Error {
  override name = 'OrgNotSetUpError';
}

/** Find over `record`; a query that takes longer than `timeoutMs` counts as unreachable. */
export function organisationFind(record: OrgRecord, timeoutMs: number): OrganisationFind {
  const pool = (): postgres.Sql => {
    if (record.sql === undefined) throw new OrgNotSetUpError('the organisation record is not set up on this desk');
    return record.sql;
  };
  // What Find learns of the record is news for the status line too (the pusher keeps it).
  const observed = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const result = await work();
      record.pusher?.observed({ ok: true });
      return result;
    } catch (error) {
      if (error instanceof OrgQueryTimeoutError) record.pusher?.observed({ ok: false, error: Object.assign(new Error(error.message), { code: 'CONNECT_TIMEOUT' }) });
      else if (describeOrgFailure(error).kind !== 'rejected') record.pusher?.observed({ ok: false, error });
      throw error;
    }
  };
  return {
    search: (terms) => observed(() => findInOrgRecord(pool(), record.org, terms, { timeoutMs })),
    readCase: (caseId) => observed(() => readOrgCase(pool(), record.org, caseId, { timeoutMs })),
    importing: (fn) => record.outbox.importing(fn),
    isWaiting: (rowId) => record.outbox.isWaiting(rowId),
    basedOn: (kind, rowId, revision) => record.outbox.basedOn(kind, rowId, revision),
  };
}

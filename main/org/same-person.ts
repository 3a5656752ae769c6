/** The organisation's cases for one person (another desk may be booking them now): for the second-booking warning. */
import type postgres from 'postgres';
import { namedBy, withDeadline } from './find';
import type { OrgRecord } from './record';

export interface SamePersonTerms {
  nhsNumber?: string;
  familyUpper: string;
  birthDate: string;
}

export interface OrgPersonCase {
  caseDoc: unknown;
  workstation: string;
  userId: string;
  userName?: string;
  userRole?: string;
  bookingDocs: unknown[];
}

/**
 * Cases of the same NHS number, and of the same family name and date of birth with no NHS number
 * (a case started before the number was known); without a number, every case of that name and date.
 */
export async function findSamePerson(sql: postgres.Sql, org: string, q: SamePersonTerms, timeoutMs: number, limit = 20): Promise<OrgPersonCase[]> {
  const byName = sql`(c.family_upper = ${q.familyUpper} AND c.birth_date = ${q.birthDate}::date)`;
  const who = q.nhsNumber === undefined ? byName : sql`(c.nhs_number = ${q.nhsNumber} OR (${byName} AND c.nhs_number IS NULL))`;
  const cases = await withDeadline(
    sql`SELECT c.id, c.doc, c.workstation, c.user_id, c.user_name, c.user_role FROM cases c WHERE c.org = ${org} AND ${who} ORDER BY c.started_at DESC LIMIT ${limit}`,
    timeoutMs,
    (rows) => rows,
  );
  if (cases.length === 0) return [];
  const ids = cases.map((c) => String(c.id));
  const bookings = await withDeadline(
    sql`SELECT case_id, doc FROM bookings WHERE org = ${org} AND case_id IN ${sql(ids)} ORDER BY created_at`,
    timeoutMs,
    (rows) => rows,
  );
  return cases.map((c) => ({
    caseDoc: c.doc as unknown,
    workstation: String(c.workstation),
    userId: String(c.user_id),
    ...namedBy(c),
    bookingDocs: bookings.filter((b) => String(b.case_id) === String(c.id)).map((b) => b.doc as unknown),
  }));
}

/** The search over `record`, or a refusal when it is not set up (the warning then says so). */
export function organisationSamePerson(record: OrgRecord, timeoutMs: number): (q: SamePersonTerms) => Promise<OrgPersonCase[]> {
  return (q) => {
    if (record.sql === undefined) return Promise.reject(new Error('the organisation record is not set up on this desk'));
    return findSamePerson(record.sql, record.org, q, timeoutMs);
  };
}

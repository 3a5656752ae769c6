/** This desk's cases for one person, for the second-booking warning (same rule as main/org/same-person.ts). */
import type { Db } from '../db/database';

export interface LocalPersonTerms {
  nhsNumber?: string;
  familyUpper: string;
  birthDate: string;
}

/** Case ids, newest first: the same NHS number (or a case of that name and date with none), else the same name and date. */
export function localSamePerson(db: Db, q: LocalPersonTerms, limit = 20): string[] {
  const byName = 'family_upper = @familyUpper AND birth_date = @birthDate';
  const where = q.nhsNumber === undefined ? byName : `(nhs_number = @nhsNumber OR (${byName} AND nhs_number IS NULL))`;
  const rows = db
    .prepare(`SELECT id FROM cases WHERE ${where} ORDER BY started_at DESC LIMIT @limit`)
    .all({ familyUpper: q.familyUpper, birthDate: q.birthDate, limit, ...(q.nhsNumber !== undefined ? { nhsNumber: q.nhsNumber } : {}) }) as { id: string }[];
  return rows.map((r) => r.id);
}

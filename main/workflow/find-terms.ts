import type { FindBookings } from '../../preload/contract';
import { FAMILY_PREFIX_MIN, isValidNhsNumber, normaliseNhsNumber } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { normalisePhone } from '../org/phones';
import { ukDayBounds } from './uk-day';

/** One Find search as the stores run it (this desk's SQLite and the organisation record alike); every value is bound. */
export interface FindTerms {
  nhsNumber?: string;
  /** Upper-case start of the family name. */
  familyPrefix?: string;
  birthDate?: string;
  /** Normalised (see main/org/phones.ts). */
  phone?: string;
  /** Matched against the Provider's appointment id and our case reference. */
  reference?: string;
  startFrom?: string;
  startTo?: string;
}

/** `%` and `_` typed into a name are letters, not wildcards (both stores use `\` as LIKE's escape). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const CASE_REFERENCE = /^(?:case\s*)?([2-9A-HJ-NP-Z]{3})-?([2-9A-HJ-NP-Z]{3})$/i;

function invalid(message: string, action: string): AppError {
  return new AppError('invalid-request', message, { action });
}

/**
 * Turns what the user typed into search terms, refusing what would search wrongly: a bad NHS
 * number, a name without the date of birth, a phone number too short to be one.
 */
export function findTerms(query: FindBookings): FindTerms {
  const given = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const terms: FindTerms = {};
  const nhs = given(query.nhsNumber);
  if (nhs !== undefined) {
    terms.nhsNumber = normaliseNhsNumber(nhs);
    if (!isValidNhsNumber(terms.nhsNumber)) throw invalid('That NHS number is not valid.', 'Check the number, or search by name and date of birth.');
  }
  const family = given(query.family);
  if (family !== undefined) {
    if (family.length < FAMILY_PREFIX_MIN) throw invalid(`Give at least ${String(FAMILY_PREFIX_MIN)} letters of the family name.`, 'Type more of the family name.');
    if (given(query.birthDate) === undefined) throw invalid('A family name is searched together with the date of birth.', 'Add the date of birth.');
    terms.familyPrefix = family.toUpperCase();
  }
  const birthDate = given(query.birthDate);
  if (birthDate !== undefined) terms.birthDate = birthDate;
  const phone = given(query.phone);
  if (phone !== undefined) {
    terms.phone = normalisePhone(phone);
    if (terms.phone.length < 6) throw invalid('That phone number is too short.', 'Give the whole number, with its area code.');
  }
  const reference = given(query.reference);
  if (reference !== undefined) {
    const ours = CASE_REFERENCE.exec(reference.replace(/\s+/g, ' '));
    terms.reference = ours === null ? reference : `${(ours[1] ?? '').toUpperCase()}-${(ours[2] ?? '').toUpperCase()}`;
  }
  const date = given(query.date);
  if (date !== undefined) {
    const day = ukDayBounds(date);
    terms.startFrom = day.start;
    terms.startTo = day.end;
  }
  return terms;
}

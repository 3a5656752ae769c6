/**
 * Before a second booking for the same person: the live bookings and open cases for the same NHS
 * number (or, without one, the same name and date of birth) on this desk and in the organisation
 * record. The organisation record may be unreachable: the answer then says so and never blocks.
 */
import type { Logger } from 'pino';
import type { ExistingAnswer, ExistingCase, ExistingFor, Patient, SecondBookingReason } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import { StoredBooking, StoredCase, type CaseStore } from '../cases';
import type { LocalPersonTerms } from '../cases/same-person';
import type { OrgPersonCase, SamePersonTerms } from '../org/same-person';
import { bookingFor } from './booking-view';
import { patientName } from './case-service';
import { caseReference } from './references';

export const ORG_UNREACHABLE_WARNING =
  'The organisation record cannot be reached, so bookings made on other desks are not shown here. You can go on; check with the team if you think another desk is booking for this person.';

/** As the contract and the screen ask: a reason in a sentence. */
export const SECOND_BOOKING_REASON_MIN = 10;

export const REASON_NEEDED_AT_START =
  'This person already has a live booking or an open case. Open the existing case, or give the reason for starting another one.';
export const REASON_NEEDED_AT_BOOKING =
  'This person has been booked elsewhere since this case started. Choose the service again to see that booking, and give the reason for booking another one.';

export interface ExistingCasesDeps {
  store: CaseStore;
  local: (q: LocalPersonTerms) => string[];
  /** Absent when no organisation record is configured. */
  organisation?: ((q: SamePersonTerms) => Promise<OrgPersonCase[]>) | undefined;
  audit: AuditSink;
  /** The existing cases the clinician has already given a reason for, for this case (its audited confirmations). */
  confirmedFor?: (caseId: string) => string[];
  logger: Logger;
  /** Milliseconds since the epoch, by the app's clock. */
  now?: () => number;
}

/**
 * An answer of the organisation record (or that it could not be reached) is used again for this
 * long by main's own re-checks: the warning, the case start and the booking each check the person,
 * and a slow or refused record must not make the clinician wait three times. The record is itself
 * behind by its upload interval; this desk's own cases are always read fresh.
 */
const ORG_ANSWER_KEPT_MS = 60_000;
const ORG_ANSWERS_KEPT = 50;
type OrgAnswer = { ok: true; rows: OrgPersonCase[] } | { ok: false; error: unknown };

const sameGiven = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a.trim() === '' || b.trim() === '' || a.trim().toUpperCase() === b.trim().toUpperCase();

export class ExistingCasesService {
  private readonly orgAnswers = new Map<string, { at: number; answer: OrgAnswer }>();

  constructor(private readonly deps: ExistingCasesDeps) {}

  /** `reuse`: main's own re-checks take an organisation answer of the last minute; the warning the clinician reads always asks afresh. */
  async find(q: ExistingFor, reuse = false): Promise<ExistingAnswer> {
    const terms = { familyUpper: q.family.trim().toUpperCase(), birthDate: q.birthDate, ...(q.nhsNumber !== undefined ? { nhsNumber: q.nhsNumber } : {}) };
    const found = new Map<string, ExistingCase>();
    for (const id of this.deps.local(terms)) {
      const doc = this.deps.store.getCase(id);
      if (doc === undefined) continue;
      const match = this.existing(doc, this.deps.store.bookingsForCase(id), q, undefined, true);
      if (match !== undefined) found.set(id, match);
    }
    const organisation = this.deps.organisation;
    if (organisation === undefined) return { matches: sorted(found), organisation: 'not-configured' };
    const answer = await this.askOrganisation(organisation, terms, reuse);
    if (!answer.ok) {
      const error = answer.error;
      // The error's name and code only: a server message can quote the values searched for.
      this.deps.logger.warn({ name: (error as Error).name, code: (error as { code?: unknown }).code }, 'organisation record unreachable for the second-booking check');
      return { matches: sorted(found), organisation: 'unreachable', message: ORG_UNREACHABLE_WARNING };
    }
    for (const row of answer.rows) {
      const doc = StoredCase.safeParse(row.caseDoc);
      if (!doc.success || found.has(doc.data.id)) continue;
      const bookings = row.bookingDocs.map((b) => StoredBooking.safeParse(b)).flatMap((b) => (b.success ? [b.data] : []));
      const madeBy = { workstation: row.workstation, userId: row.userId, ...(row.userName !== undefined ? { userName: row.userName } : {}), ...(row.userRole !== undefined ? { userRole: row.userRole } : {}) };
      const match = this.existing(doc.data, bookings, q, madeBy, false);
      if (match !== undefined) found.set(doc.data.id, match);
    }
    return { matches: sorted(found), organisation: 'searched' };
  }

  /**
   * Main's own check when a case is started, whatever the screen did: a person with live bookings
   * or open cases gets another case only with the clinician's reason (audited by `confirm`).
   */
  async requireReasonToStart(patient: Patient, choice: SecondBookingReason | undefined): Promise<void> {
    if (choice !== undefined && choice.reason.trim().length >= SECOND_BOOKING_REASON_MIN) return;
    const { matches } = await this.find(termsOf(patient), true);
    if (matches.length === 0) return;
    this.deps.logger.warn({ matches: matches.length }, 'case start refused: the person has live bookings or open cases and no reason was given');
    throw new AppError('conflict', REASON_NEEDED_AT_START, { action: 'Go back to the warning: open the existing case, or continue with a reason.' });
  }

  /**
   * Main's own check before it books: a live booking for the same person made since this case
   * started (the screen warns about these at the service) must be one the clinician gave a reason for.
   */
  async requireConfirmedToBook(caseId: string): Promise<void> {
    const doc = this.deps.store.getCase(caseId);
    if (doc === undefined) return;
    const { matches } = await this.find({ ...termsOf(doc.patient), caseId }, true);
    const confirmed = new Set(this.deps.confirmedFor?.(caseId) ?? []);
    const since = matches.filter((m) => m.why === 'live-booking' && m.startedAt >= doc.startedAt && !confirmed.has(m.caseId));
    if (since.length === 0) return;
    this.deps.logger.warn({ matches: since.length }, 'booking refused: the person was booked elsewhere since this case started and no reason was given');
    throw new AppError('conflict', REASON_NEEDED_AT_BOOKING, { action: 'Choose the service again, and give the reason for going on.' });
  }

  /** The clinician goes on although the person has a live booking or open case: kept in the audit trail with the reason. */
  confirm(caseId: string, when: 'start' | 'service', choice: SecondBookingReason, serviceId?: string): void {
    this.deps.audit.append({
      type: AUDIT_EVENTS.secondBookingConfirmed,
      caseId,
      outcome: 'confirmed',
      ...(serviceId !== undefined ? { dosServiceId: serviceId } : {}),
      detail: { when, reason: choice.reason, existingCaseIds: choice.existingCaseIds },
    });
  }

  private async askOrganisation(organisation: (q: SamePersonTerms) => Promise<OrgPersonCase[]>, terms: SamePersonTerms, reuse: boolean): Promise<OrgAnswer> {
    const now = (this.deps.now ?? Date.now)();
    const key = JSON.stringify([terms.familyUpper, terms.birthDate, terms.nhsNumber ?? null]);
    const kept = this.orgAnswers.get(key);
    if (reuse && kept !== undefined && now - kept.at >= 0 && now - kept.at < ORG_ANSWER_KEPT_MS) return kept.answer;
    let answer: OrgAnswer;
    try {
      answer = { ok: true, rows: await organisation(terms) };
    } catch (error) {
      answer = { ok: false, error };
    }
    this.orgAnswers.delete(key);
    this.orgAnswers.set(key, { at: now, answer });
    for (const oldest of this.orgAnswers.keys()) {
      if (this.orgAnswers.size <= ORG_ANSWERS_KEPT) break;
      this.orgAnswers.delete(oldest);
    }
    return answer;
  }

  private existing(doc: StoredCase, stored: StoredBooking[], q: ExistingFor, madeBy: ExistingCase['madeBy'], onThisDesk: boolean): ExistingCase | undefined {
    if (doc.id === q.caseId) return undefined;
    const p: Patient = doc.patient;
    // Two numbers that differ are two people, whatever their names.
    if (q.nhsNumber !== undefined && p.nhsNumber !== undefined && p.nhsNumber !== q.nhsNumber) return undefined;
    if (p.nhsNumber === undefined || q.nhsNumber === undefined) {
      if (!sameGiven(p.given, q.given) || p.family.trim().toUpperCase() !== q.family.trim().toUpperCase() || p.birthDate !== q.birthDate) return undefined;
    }
    const live = stored.map((b) => bookingFor(b, doc)).filter((b) => b.live);
    const base = {
      caseId: doc.id,
      caseReference: caseReference(doc.id),
      patientName: patientName(p),
      birthDate: p.birthDate,
      ...(p.nhsNumber !== undefined ? { nhsNumber: p.nhsNumber } : {}),
      startedAt: doc.startedAt,
      ...(madeBy !== undefined ? { madeBy } : {}),
      onThisDesk,
    };
    const [first] = live;
    if (first !== undefined) return { ...base, why: 'live-booking', text: `${first.statusText}: ${first.serviceName}, ${first.slotText}` };
    if (doc.status === 'open') return { ...base, why: 'open-case', text: doc.service !== undefined ? `Open case, service chosen: ${doc.service.name}` : 'Open case, no booking yet' };
    return undefined;
  }
}

function termsOf(p: Patient): ExistingFor {
  return { family: p.family, ...(p.given !== undefined ? { given: p.given } : {}), birthDate: p.birthDate, ...(p.nhsNumber !== undefined ? { nhsNumber: p.nhsNumber } : {}) };
}

function sorted(found: Map<string, ExistingCase>): ExistingCase[] {
  return [...found.values()].sort((a, b) => (a.why === b.why ? b.startedAt.localeCompare(a.startedAt) : a.why === 'live-booking' ? -1 : 1));
}

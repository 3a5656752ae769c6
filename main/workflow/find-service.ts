import type { Logger } from 'pino';
import type { BookingMatch, Case, FindBookings, FindResult, MadeBy } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import { StoredBooking, StoredCase, type CaseStore } from '../cases';
import type { LocalFinder } from '../cases/find-local';
import type { OrganisationFind, OrgBookingRow, OrgCaseCopy } from '../org/find';
import type { RevisedKind } from '../org/outbox';
import { referralFromRow, type ReferralRow, type ReferralStore } from '../referral/referral-store';
import { bookingFor } from './booking-view';
import type { CaseService } from './case-service';
import { patientName } from './case-service';
import { findTerms } from './find-terms';
import { caseReference } from './references';
import { systemClock, type Clock } from './clock';

/** The banner the Find screen shows, word for word, when it could search this desk only. */
export const ORG_UNREACHABLE_BANNER =
  'The organisation record cannot be reached: showing bookings made on this desk only. Bookings made on other desks will not appear.';

const LIMIT = 50;

interface Found {
  bookingDoc: unknown;
  caseDoc: unknown;
  madeBy: MadeBy;
  updatedAt: number;
}

export interface FindServiceDeps {
  local: LocalFinder;
  store: CaseStore;
  cases: CaseService;
  referrals: ReferralStore;
  audit: AuditSink;
  logger: Logger;
  /** This desk and its user: who made a booking when this desk's trail does not say. */
  desk: MadeBy;
  /** Absent when no organisation record is configured: Find is this desk's, with no banner. */
  organisation?: OrganisationFind | undefined;
  clock?: Clock;
}

/**
 * Find a booking for a patient who calls back, whichever desk made it: the organisation record
 * when it answers (with this desk's not-yet-uploaded changes laid over it), this desk's records
 * with a plain banner when it does not. Opening another desk's case copies it here first.
 */
export class FindService {
  constructor(private readonly deps: FindServiceDeps) {}

  async find(query: FindBookings): Promise<FindResult> {
    const terms = findTerms(query);
    const local = this.deps.local.find(terms, LIMIT).map((r): Found => ({
      bookingDoc: r.bookingDoc,
      caseDoc: r.caseDoc,
      madeBy: r.workstation !== null && r.userId !== null ? { workstation: r.workstation, userId: r.userId, ...named(r) } : this.deps.desk,
      updatedAt: Date.parse(r.updatedAt),
    }));
    const organisation = this.deps.organisation;
    if (organisation === undefined) return { matches: this.matches(local), searched: 'this-desk' };
    let central: OrgBookingRow[];
    try {
      central = await organisation.search(terms);
    } catch (error) {
      // The code only: a server's message can quote the values searched for (patient data).
      this.deps.logger.warn({ name: (error as Error).name, code: (error as { code?: unknown }).code }, 'organisation record search failed; searching this desk only');
      return { matches: this.matches(local), searched: 'this-desk', unreachable: ORG_UNREACHABLE_BANNER };
    }
    return { matches: this.matches(this.merge(central, local, organisation)), searched: 'organisation' };
  }

  /**
   * Opens a found case. One made on another desk (or changed there since) is copied from the
   * organisation record into this desk's store, audited with the desk it came from, so the
   * normal case screen can cancel and rebook it here.
   */
  async open(caseId: string): Promise<Case> {
    const organisation = this.deps.organisation;
    const held = this.deps.store.getCase(caseId) !== undefined;
    if (organisation === undefined) return this.deps.cases.get(caseId);
    let copy: OrgCaseCopy | undefined;
    try {
      copy = await organisation.readCase(caseId);
    } catch (error) {
      this.deps.logger.warn({ name: (error as Error).name, code: (error as { code?: unknown }).code }, 'organisation record unreachable while opening a case');
      if (held) return this.deps.cases.get(caseId);
      throw new AppError('not-found', 'This case was made on another desk, and the organisation record cannot be reached to copy it here.', {
        action: 'Try again in a minute, or ask the desk that booked it.',
      });
    }
    if (copy === undefined) return this.deps.cases.get(caseId);
    this.importCase(copy, organisation);
    return this.deps.cases.get(caseId);
  }

  /**
   * A case this desk holds, opened from its own Cases list: its state is re-read from the
   * organisation record first (another desk may have cancelled or rebooked it), and the case says
   * when that was confirmed, or that the record could not be reached.
   */
  async refresh(caseId: string): Promise<Case> {
    const organisation = this.deps.organisation;
    if (organisation === undefined) return this.deps.cases.get(caseId);
    const at = (this.deps.clock ?? systemClock)().toISOString();
    try {
      const copy = await organisation.readCase(caseId);
      if (copy !== undefined) this.importCase(copy, organisation);
      return { ...this.deps.cases.get(caseId), organisationRecord: { state: 'confirmed', at } };
    } catch (error) {
      this.deps.logger.warn({ name: (error as Error).name, code: (error as { code?: unknown }).code }, 'organisation record unreachable while opening a case; showing this desk’s copy');
      return { ...this.deps.cases.get(caseId), organisationRecord: { state: 'unreachable', at } };
    }
  }

  private importCase(copy: OrgCaseCopy, organisation: OrganisationFind): void {
    const caseDoc = StoredCase.parse(copy.caseDoc);
    const { store } = this.deps;
    const fresh = <T>(id: string, mine: T | undefined, theirs: T): boolean =>
      !organisation.isWaiting(id) && (mine === undefined || JSON.stringify(mine) !== JSON.stringify(theirs));
    // A row with no change waiting here is now the record's, at the record's revision: this desk's
    // next change to it is ordered after it (not after whatever this desk's clock says).
    const basedOn = (kind: RevisedKind, id: string, revision: number | undefined): void => {
      if (revision !== undefined && !organisation.isWaiting(id)) organisation.basedOn(kind, id, revision);
    };
    organisation.importing(() => {
      let bookings = 0;
      let referrals = 0;
      const caseChanged = fresh(caseDoc.id, store.getCase(caseDoc.id), caseDoc);
      if (caseChanged) store.saveCase(caseDoc);
      basedOn('case', caseDoc.id, copy.revision);
      for (const row of copy.bookings) {
        const booking = StoredBooking.parse(row.bookingDoc);
        basedOn('booking', booking.id, row.revision);
        if (!fresh(booking.id, store.getBooking(booking.id), booking)) continue;
        store.saveBooking(booking);
        this.deps.local.rememberOrigin(booking.id, booking.caseId, { workstation: row.workstation, userId: row.userId, ...named(row) });
        bookings++;
      }
      for (const { row, revision } of copy.referrals) {
        const referral = referralFromRow(row as unknown as ReferralRow);
        basedOn('referral', referral.id, revision);
        if (!fresh(referral.id, this.deps.referrals.get(referral.id), referral)) continue;
        this.deps.referrals.save(referral);
        referrals++;
      }
      if (!caseChanged && bookings === 0 && referrals === 0) return;
      this.deps.audit.append({
        type: AUDIT_EVENTS.caseImported,
        caseId: caseDoc.id,
        outcome: 'copied',
        detail: { sourceWorkstation: copy.workstation, sourceUser: copy.userId, bookings, referrals },
      });
    });
  }

  /**
   * The organisation's rows, with this desk's copy of a row in its place only while that copy has
   * changes waiting to upload, and this desk's rows it does not have yet. Never by comparing times:
   * the organisation's row may carry another desk's clock, and desks' clocks differ (another desk's
   * cancel was shown here as still booked when this desk's clock ran ahead of that desk's).
   */
  private merge(central: OrgBookingRow[], local: Found[], organisation: OrganisationFind): Found[] {
    const byId = new Map<string, Found>();
    for (const r of central) {
      byId.set(idOf(r.bookingDoc), { bookingDoc: r.bookingDoc, caseDoc: r.caseDoc, madeBy: { workstation: r.workstation, userId: r.userId, ...named(r) }, updatedAt: r.updatedAt.getTime() });
    }
    for (const mine of local) {
      const id = idOf(mine.bookingDoc);
      const theirs = byId.get(id);
      if (theirs === undefined) byId.set(id, mine);
      else if (organisation.isWaiting(id)) byId.set(id, { ...mine, madeBy: theirs.madeBy });
    }
    return [...byId.values()];
  }

  private matches(found: Found[]): BookingMatch[] {
    const matches: BookingMatch[] = [];
    for (const f of found) {
      const booking = StoredBooking.safeParse(f.bookingDoc);
      const caseDoc = StoredCase.safeParse(f.caseDoc);
      if (!booking.success || !caseDoc.success) {
        // Another desk on another version of the app can hold a document this one cannot read: skip it, say so in the log.
        this.deps.logger.warn('a found booking could not be read and is left out');
        continue;
      }
      const doc = caseDoc.data;
      matches.push({
        booking: bookingFor(booking.data, doc),
        patientName: patientName(doc.patient),
        birthDate: doc.patient.birthDate,
        caseReference: caseReference(doc.id),
        madeBy: f.madeBy,
        onThisDesk: this.deps.store.getBooking(booking.data.id) !== undefined,
        ...(doc.patient.nhsNumber !== undefined ? { nhsNumber: doc.patient.nhsNumber } : {}),
      });
    }
    return matches.sort((a, b) => b.booking.slot.start.localeCompare(a.booking.slot.start)).slice(0, LIMIT);
  }
}

/** The maker's name and role, where the row has them (older rows name the user id only). */
function named(r: { userName?: string | null | undefined; userRole?: string | null | undefined }): Pick<MadeBy, 'userName' | 'userRole'> {
  return { ...(typeof r.userName === 'string' ? { userName: r.userName } : {}), ...(typeof r.userRole === 'string' ? { userRole: r.userRole } : {}) };
}

function idOf(doc: unknown): string {
  return String((doc as { id?: unknown }).id);
}

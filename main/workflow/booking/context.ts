import type { Logger } from 'pino';
import type { Booking, BookingResult, OutcomeMessage } from '../../../preload/contract';
import { AppError, notFound } from '../../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../../audit';
import type { CaseStore, StoredBooking, StoredRebook } from '../../cases';
import type { BookingProtocol, BookingTarget, PreparedRequest } from '../booking-protocol';
import { isUnsettled, nextState, type BookingEvent } from '../booking-state';
import { bookingFor } from '../booking-view';
import type { CaseService } from '../case-service';
import type { Clock } from '../clock';
import type { DirectoryService } from '../directory-service';
import type { SlotService } from '../slot-service';
import type { ApprovingUser } from '../approver-rule';

export interface BookingDeadlines {
  /** How long a user waits on a booking or cancel before the rest moves to the background. */
  writeMs: number;
  readMs: number;
}

/** The reconciler: told when an answer is outstanding. */
export interface CheckScheduler {
  schedule(bookingId: string): void;
}

/** The signed-in user as far as booking goes: approvals and what they recorded from a phone call. */
export interface BookingUser extends ApprovingUser {
  localUserId?: string;
}

export interface BookingDeps {
  cases: CaseService;
  store: CaseStore;
  directory: DirectoryService;
  slots: SlotService;
  protocol: BookingProtocol;
  audit: AuditSink;
  logger: Logger;
  clock: Clock;
  deadlines: BookingDeadlines;
  user: BookingUser;
}

/**
 * What every booking intent (book, cancel, rebook, settle) shares: the one place a state changes
 * (audit first, then save), the kept requests, the Provider target, and the answer to the caller.
 */
export class BookingContext {
  scheduler: CheckScheduler | undefined;

  constructor(readonly deps: BookingDeps) {}

  get store(): CaseStore {
    return this.deps.store;
  }

  get audit(): AuditSink {
    return this.deps.audit;
  }

  get protocol(): BookingProtocol {
    return this.deps.protocol;
  }

  now(): string {
    return this.deps.clock().toISOString();
  }

  /** A deadline for a Provider call, in real time (the call's own timers run on it). */
  deadlineIn(ms: number): Date {
    return new Date(Date.now() + ms);
  }

  /** The next state from the table, audit first, then save; a settled appointment leaves the reconciler's schedule. */
  transition(
    booking: StoredBooking,
    event: BookingEvent,
    message: ((b: Booking) => OutcomeMessage) | undefined,
    auditEvent: Parameters<AuditSink['append']>[0],
    changes: Partial<StoredBooking> = {},
  ): StoredBooking {
    const status = nextState(booking.status, event);
    const since = status === booking.status ? booking.statusSince : this.now();
    const moved: StoredBooking = { ...booking, ...changes, status, statusSince: since };
    const doc = this.deps.cases.load(booking.caseId);
    const withMessage: StoredBooking = message === undefined ? moved : { ...moved, lastOutcome: message(bookingFor(moved, doc)) };
    this.audit.append({ ...auditEvent, detail: { ...(auditEvent.detail ?? {}), from: booking.status, to: status } });
    this.store.saveBooking(withMessage, this.deps.clock());
    if (!isUnsettled(status)) this.store.scheduleCheck(booking.id, null, 0);
    return withMessage;
  }

  /** Saves a change that is not a state change (a version, a flag), audited by the row event. */
  update(booking: StoredBooking, changes: Partial<StoredBooking>): StoredBooking {
    const next = { ...booking, ...changes };
    this.store.saveBooking(next, this.deps.clock());
    return next;
  }

  /** A rebook's step, audited (rep-cons-08 groups rebooks by the service whose appointment is being changed), then saved. */
  saveRebook(rebook: StoredRebook, step: string, order?: 'cancel-first'): void {
    const serviceId = this.store.getBooking(rebook.cancelLeg.bookingId)?.serviceId;
    this.audit.append({
      type: AUDIT_EVENTS.rebookOutcome,
      caseId: rebook.caseId,
      ...(serviceId === undefined ? {} : { dosServiceId: serviceId }),
      outcome: step,
      detail: { rebookId: rebook.id, ...(order === undefined ? {} : { order }), fromBookingId: rebook.cancelLeg.bookingId, toBookingId: rebook.newLeg.bookingId ?? null, newLeg: rebook.newLeg.state, cancelLeg: rebook.cancelLeg.state },
    });
    this.store.saveRebook(rebook);
  }

  /** The booking request kept before it was first sent, byte for byte, as the protocol sends it. */
  keptRequest(booking: StoredBooking): PreparedRequest | undefined {
    const r = this.store.getRequest(booking.requestId);
    return r === undefined ? undefined : { requestId: r.requestId, method: r.method, interaction: 'book', path: r.path, body: r.body, headers: r.headers };
  }

  saveRequest(bookingId: string, r: PreparedRequest): void {
    this.store.saveRequest({ requestId: r.requestId, bookingId, operation: r.interaction, method: r.method, path: r.path, body: r.body, headers: { ...r.headers }, createdAt: this.now() });
  }

  result(caseId: string, bookingId: string, outcome: OutcomeMessage | undefined): BookingResult {
    const view = this.deps.cases.get(caseId);
    const fallback: OutcomeMessage = { operation: 'book', tone: 'info', title: 'No change', known: 'Nothing changed.', next: 'Carry on.', at: this.now() };
    return { case: view, bookingId, outcome: outcome ?? view.bookingView.lastOutcome ?? fallback };
  }

  loadBooking(id: string): StoredBooking {
    const booking = this.store.getBooking(id);
    if (booking === undefined) throw notFound('The booking');
    return booking;
  }

  view(booking: StoredBooking): Booking {
    return bookingFor(booking, this.deps.cases.load(booking.caseId));
  }

  /** Whether a rebook of this service's appointment must cancel it first (its standard says so: BaRS App1). */
  async rebookCancelsFirst(caseId: string, serviceId: string): Promise<boolean> {
    return (await this.deps.directory.resolvedFor(caseId, serviceId)).rebookCancelsFirst === true;
  }

  async targetFor(caseId: string, serviceId: string): Promise<BookingTarget> {
    const resolved = await this.deps.directory.resolvedFor(caseId, serviceId);
    if (resolved.target === undefined) throw new AppError('booking-not-available', 'Booking is not available for this service now.', { action: 'Send a referral instead.' });
    const t = resolved.target;
    const root = t.serviceRoot;
    return { dosServiceId: t.dosServiceId, asid: t.asid, interactions: t.interactions, caseId, endpoints: { search: root, book: t.bookRoot ?? root, read: t.readRoot ?? t.bookRoot ?? root, cancel: t.cancelRoot ?? t.bookRoot ?? root } };
  }
}

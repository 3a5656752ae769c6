import type { Logger } from 'pino';
import type { Approval, BookingResult, Rebook } from '../../preload/contract';
import { AppError } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { CaseStore, StoredBooking, StoredCase } from '../cases';
import type { BookingProtocol } from './booking-protocol';
import { isUnsettled } from './booking-state';
import { bookingFor, caseBookingView } from './booking-view';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import type { SlotService } from './slot-service';
import { BookIntent } from './booking/book';
import { CancelIntent } from './booking/cancel';
import { BookingContext, type BookingDeadlines, type BookingUser, type CheckScheduler } from './booking/context';
import { RebookIntent } from './booking/rebook';
import { SettleIntent, type ServiceAnswerInput } from './booking/settle';

export type { BookingDeadlines, CheckScheduler } from './booking/context';

/**
 * Booking, cancelling, rebooking and settling as transitions of one persisted model
 * (booking-state.ts), one file per intent under ./booking/. Every transition is audited, then
 * saved, then returned: nothing is shown that is not recorded.
 */
export class BookingService {
  private readonly ctx: BookingContext;
  private readonly booking: BookIntent;
  private readonly cancelling: CancelIntent;
  private readonly rebooking: RebookIntent;
  private readonly settling: SettleIntent;

  constructor(
    cases: CaseService,
    store: CaseStore,
    directory: DirectoryService,
    slots: SlotService,
    protocol: BookingProtocol,
    audit: AuditSink,
    logger: Logger,
    clock: Clock,
    deadlines: BookingDeadlines,
    user: BookingUser,
  ) {
    this.ctx = new BookingContext({ cases, store, directory, slots, protocol, audit, logger, clock, deadlines, user });
    this.booking = new BookIntent(this.ctx);
    this.cancelling = new CancelIntent(this.ctx);
    this.rebooking = new RebookIntent(this.ctx, this.booking, this.cancelling);
    this.settling = new SettleIntent(this.ctx, this.booking, this.cancelling, this.rebooking);
  }

  useScheduler(scheduler: CheckScheduler): void {
    this.ctx.scheduler = scheduler;
  }

  /** Books a slot; a second live appointment only with an audited reason (invariant a). */
  async book(caseId: string, slotId: string, approval: Approval | undefined, additional?: { reason: string }): Promise<BookingResult> {
    const doc = this.ctx.deps.cases.load(caseId);
    const existing = this.ctx.store.bookingsForCase(caseId);
    if (existing.some((b) => isUnsettled(b.status))) {
      throw new AppError('conflict', 'We are still checking whether an earlier request went through.', { action: 'Wait until we know. Do not book again.' });
    }
    const live = existing.filter((b) => b.status === 'booked');
    if (live.length > 0 && additional === undefined) {
      throw new AppError('conflict', 'This case already has a booked appointment.', {
        action: 'Change (rebook) the appointment, or book an additional appointment and say why.',
      });
    }
    if (live.length > 0 && additional !== undefined) {
      this.ctx.audit.append({ type: AUDIT_EVENTS.additionalChosen, caseId, outcome: 'chosen', detail: { reason: additional.reason, liveBookingIds: live.map((b) => b.id) } });
    }
    const started = await this.booking.start(doc, slotId, approval, additional === undefined ? {} : { additionalReason: additional.reason });
    const done = await this.booking.send(started, true);
    return this.ctx.result(caseId, done.id, done.lastOutcome);
  }

  /** "Check now": asks the Provider at once about one unsettled appointment. */
  async resolve(bookingId: string): Promise<BookingResult> {
    const booking = this.ctx.loadBooking(bookingId);
    const settled = await this.check(booking);
    return this.ctx.result(booking.caseId, bookingId, settled.lastOutcome);
  }

  /** Cancels: `booked → cancelling → cancelled | cancel-unknown | booked`; an answer that does not say is read back. */
  async cancel(bookingId: string, reason: string): Promise<BookingResult> {
    const booking = this.ctx.loadBooking(bookingId);
    if (booking.status !== 'booked' || booking.appointmentId === undefined) {
      throw new AppError('conflict', 'Only a booked appointment can be cancelled.', { action: 'Check the appointment’s state in the case.' });
    }
    const done = await this.cancelling.run(booking, reason);
    return this.ctx.result(booking.caseId, bookingId, done.lastOutcome);
  }

  /** Rebook: new leg first, the old one cancelled only once the new one is booked (invariant d); BaRS the other way round (App1: cancel first). */
  async rebook(bookingId: string, slotId: string, approval: Approval | undefined, reason: string): Promise<BookingResult> {
    const { rebook, sent } = await this.rebooking.start(bookingId, slotId, approval, reason);
    return { ...this.ctx.result(sent.caseId, sent.id, rebook?.outcome ?? sent.lastOutcome), ...(rebook === undefined ? {} : { rebookId: rebook.id }) };
  }

  /** "Record what the service told me" after a phone call (see SettleIntent). */
  recordServiceAnswer(bookingId: string, input: ServiceAnswerInput): Promise<BookingResult> {
    return this.settling.recordServiceAnswer(bookingId, input);
  }

  /** The reconciler's single step for one appointment: ask once, apply a definite answer. */
  check(booking: StoredBooking): Promise<StoredBooking> {
    return this.settling.check(booking);
  }

  /** Whether the reconciler should keep this appointment on its list. */
  hasWork(booking: StoredBooking): boolean {
    return this.settling.hasWork(booking);
  }

  /** The reconciler, when automatic checks have given up on one appointment. */
  needsPhoneCheck(booking: StoredBooking, checks: number, reason: string): StoredBooking {
    return this.settling.needsPhoneCheck(booking, checks, reason);
  }

  /** At start: rebooks the app stopped part-way through are moved on. */
  resumeRebooks(): Promise<number> {
    return this.settling.resumeRebooks();
  }

  loadBooking(id: string): StoredBooking {
    return this.ctx.loadBooking(id);
  }

  /** The view for a case (used by CaseService). */
  static view(doc: StoredCase, stored: readonly StoredBooking[], rebooks: readonly Rebook[], referrals: Parameters<typeof caseBookingView>[0]['referrals'], _logger?: Logger) {
    const bookings = stored.map((b) => bookingFor(b, doc));
    return { bookings, view: caseBookingView({ doc, bookings, rebooks, referrals }) };
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Approval, Booking, BookingResult, OutcomeMessage, Rebook } from '../../preload/contract';
import { AppError, notFound } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { CaseStore, StoredBooking, StoredCase } from '../cases';
import type { BookingProtocol, BookingTarget, PreparedRequest, ProtocolFailure } from './booking-protocol';
import { isUnsettled, nextState, type BookingEvent } from './booking-state';
import { bookingFor, caseBookingView } from './booking-view';
import * as M from './booking-messages';
import type { CaseService } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import type { SlotService } from './slot-service';
import { isRefusedSelfApproval, selfApprovalRefusal, type ApprovingUser } from './approver-rule';

export interface BookingDeadlines {
  /** How long a user waits on a booking or cancel before the rest moves to the background. */
  writeMs: number;
  readMs: number;
}

/** The reconciler: told when an answer is outstanding. */
export interface CheckScheduler {
  schedule(bookingId: string): void;
}

/**
 * Booking, cancelling and rebooking as transitions of one persisted model (booking-state.ts).
 * Every transition is audited, then saved, then returned: nothing is shown that is not recorded.
 */
export class BookingService {
  private scheduler: CheckScheduler | undefined;

  constructor(
    private readonly cases: CaseService,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
    private readonly slots: SlotService,
    private readonly protocol: BookingProtocol,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly deadlines: BookingDeadlines,
    private readonly user: ApprovingUser,
  ) {}

  useScheduler(scheduler: CheckScheduler): void {
    this.scheduler = scheduler;
  }

  /** Books a slot; a second live appointment only with an audited reason (invariant a). */
  async book(caseId: string, slotId: string, approval: Approval | undefined, additional?: { reason: string }): Promise<BookingResult> {
    const doc = this.cases.load(caseId);
    const existing = this.store.bookingsForCase(caseId);
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
      this.audit.append({ type: AUDIT_EVENTS.additionalChosen, caseId, outcome: 'chosen', detail: { reason: additional.reason, liveBookingIds: live.map((b) => b.id) } });
    }
    const booking = await this.startBooking(doc, slotId, approval, { ...(additional === undefined ? {} : { additionalReason: additional.reason }) });
    const done = await this.sendBooking(booking);
    return this.result(caseId, done.id, done.lastOutcome);
  }

  /** "Check now": asks the Provider at once about one unsettled appointment. */
  async resolve(bookingId: string): Promise<BookingResult> {
    const booking = this.loadBooking(bookingId);
    const settled = await this.check(booking);
    return this.result(booking.caseId, bookingId, settled.lastOutcome);
  }

  /** Cancels: `booked → cancelling → cancelled | cancel-unknown | booked`; a lost answer is read back. */
  async cancel(bookingId: string, reason: string): Promise<BookingResult> {
    const booking = this.loadBooking(bookingId);
    if (booking.status !== 'booked' || booking.appointmentId === undefined) {
      throw new AppError('conflict', 'Only a booked appointment can be cancelled.', { action: 'Check the appointment’s state in the case.' });
    }
    const done = await this.runCancel(booking, reason);
    return this.result(booking.caseId, bookingId, done.lastOutcome);
  }

  /** Rebook: new leg first; the old one is cancelled only once the new one is booked (invariant d). */
  async rebook(bookingId: string, slotId: string, approval: Approval | undefined, reason: string): Promise<BookingResult> {
    const old = this.loadBooking(bookingId);
    if (old.status !== 'booked') throw new AppError('conflict', 'Only a booked appointment can be changed.', { action: 'Book a new appointment instead.' });
    const all = this.store.bookingsForCase(old.caseId);
    if (all.some((b) => isUnsettled(b.status))) {
      throw new AppError('conflict', 'We are still checking whether an earlier request went through.', { action: 'Wait until we know.' });
    }
    const doc = this.cases.load(old.caseId);
    let rebook: Rebook = {
      id: randomUUID(),
      caseId: old.caseId,
      reason,
      createdAt: this.now(),
      state: 'booking-new',
      stateText: 'Booking the new appointment; the old one is kept until it is booked.',
      newLeg: { state: 'not-started' },
      cancelLeg: { bookingId: old.id, state: 'waiting-for-new' },
    };
    const fresh = await this.startBooking(doc, slotId, approval, { rebookId: rebook.id, rebookedFromId: old.id });
    rebook = { ...rebook, newLeg: { bookingId: fresh.id, state: 'pending' } };
    this.saveRebook(rebook, 'started');
    const sent = await this.sendBooking(fresh);
    const after = await this.continueRebook(rebook.id);
    return { ...this.result(old.caseId, sent.id, after?.outcome ?? sent.lastOutcome), rebookId: rebook.id };
  }

  /** The reconciler's single step for one appointment: ask once, apply a definite answer. */
  async check(booking: StoredBooking): Promise<StoredBooking> {
    if (booking.status === 'pending' || booking.status === 'unknown') {
      const settled = await this.resendBooking(booking);
      if (booking.rebookId !== undefined && !isUnsettled(settled.status)) await this.continueRebook(booking.rebookId);
      return settled;
    }
    if (booking.status === 'cancel-unknown' || booking.status === 'cancelling') {
      const settled = await this.readBackCancel(booking);
      if (booking.rebookId !== undefined || this.rebookCancelling(booking) !== undefined) {
        const r = this.rebookCancelling(booking);
        if (r !== undefined) await this.continueRebook(r.id);
      }
      return settled;
    }
    return booking;
  }

  // ---- booking ----

  private async startBooking(doc: StoredCase, slotId: string, approval: Approval | undefined, extra: Partial<StoredBooking>): Promise<StoredBooking> {
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service first.', { action: 'Choose a service.' });
    const { row, raw, serviceId } = this.slots.offeredSlot(doc.id, slotId);
    const target = await this.targetFor(doc.id, serviceId);
    const deadline = doc.outcome.deadline;
    const minutesLate = Math.floor((new Date(row.start).getTime() - new Date(deadline).getTime()) / 60_000);
    if (row.outsideTimeframe && approval === undefined) {
      this.audit.append({ type: AUDIT_EVENTS.outOfTimeframeRefused, caseId: doc.id, dosServiceId: serviceId, outcome: 'refused', detail: { slotId, deadline, slotStart: row.start } });
      throw new AppError('approval-required', 'This appointment is after the assessment deadline. A clinician must approve booking it.', {
        action: 'Record who approved it and why, or choose an earlier appointment.',
      });
    }
    if (row.outsideTimeframe && approval !== undefined && isRefusedSelfApproval(approval, this.user)) {
      // Audit-first: the refusal is on the trail before the user is told.
      this.audit.append({
        type: AUDIT_EVENTS.selfApprovalRefused,
        caseId: doc.id,
        dosServiceId: serviceId,
        outcome: 'refused',
        detail: { slotId, deadline, slotStart: row.start, approverRole: approval.approverRole, registrationBody: approval.registrationBody },
      });
      throw selfApprovalRefusal();
    }
    const created = this.clock();
    const booking: StoredBooking = {
      id: randomUUID(),
      caseId: doc.id,
      // Numbered in the case once and for all: the reference K7Q-2MX/2 never changes or repeats.
      sequence: Math.max(0, ...this.store.bookingsForCase(doc.id).map((b) => b.sequence ?? 0)) + 1,
      serviceId,
      serviceName: service.name,
      ...(service.serviceId === serviceId && service.phone !== undefined ? { servicePhone: service.phone } : {}),
      asid: target.asid,
      slot: row,
      status: 'pending',
      statusSince: created.toISOString(),
      requestId: randomUUID(),
      documentId: randomUUID(),
      outsideTimeframe: row.outsideTimeframe,
      ...(row.outsideTimeframe && approval !== undefined ? { approval } : {}),
      createdAt: created.toISOString(),
      ...extra,
    };
    const prepared = this.protocol.prepareBook(target, {
      rawSlot: raw,
      patient: doc.patient,
      reason: doc.outcome.dispositionText,
      documentId: booking.documentId,
      requestId: booking.requestId,
      created,
    });
    if (booking.approval !== undefined) {
      this.audit.append({
        type: AUDIT_EVENTS.outOfTimeframeApproved,
        caseId: doc.id,
        dosServiceId: serviceId,
        outcome: 'approved',
        detail: { bookingId: booking.id, ...booking.approval, deadline, slotStart: row.start, minutesAfterDeadline: minutesLate },
      });
    }
    this.audit.append({
      type: AUDIT_EVENTS.bookingAttempt,
      caseId: doc.id,
      dosServiceId: serviceId,
      asid: target.asid,
      requestId: booking.requestId,
      outcome: 'pending',
      detail: {
        bookingId: booking.id,
        slotId,
        start: row.start,
        end: row.end,
        deadline,
        outsideTimeframe: row.outsideTimeframe,
        rebookOf: extra.rebookedFromId ?? null,
        additionalReason: extra.additionalReason ?? null,
      },
    });
    // The attempt and its exact bytes are kept before anything is sent: a crash mid-call leaves a `pending` the reconciler resumes.
    this.store.saveBooking(booking, created);
    this.saveRequest(booking.id, prepared);
    return booking;
  }

  private async sendBooking(booking: StoredBooking): Promise<StoredBooking> {
    const request = this.store.getRequest(booking.requestId);
    if (request === undefined) throw new AppError('internal', 'The booking request was not kept.', { reference: booking.id });
    const target = await this.targetFor(booking.caseId, booking.serviceId);
    const prepared: PreparedRequest = { requestId: request.requestId, method: request.method, interaction: 'book', path: request.path, body: request.body, headers: request.headers };
    const outcome = await this.protocol.book(target, prepared, new Date(Date.now() + this.deadlines.writeMs));
    return this.applyBookOutcome(booking, outcome, target);
  }

  /** The same request, byte for byte, under the same X-Request-ID: the Provider returns the first appointment if it made one. */
  private resendBooking(booking: StoredBooking): Promise<StoredBooking> {
    return this.sendBooking(booking);
  }

  private async applyBookOutcome(booking: StoredBooking, outcome: Awaited<ReturnType<BookingProtocol['book']>>, target: BookingTarget): Promise<StoredBooking> {
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid, requestId: booking.requestId };
    const at = this.now();
    if (outcome.kind === 'booked') {
      let next: StoredBooking = {
        ...booking,
        appointmentId: outcome.appointment.id,
        ...(outcome.appointment.version === undefined ? {} : { appointmentVersion: outcome.appointment.version }),
        appointmentUrl: outcome.appointment.url,
        ...(outcome.exchange.correlationId === undefined ? {} : { correlationId: outcome.exchange.correlationId }),
        bookedAt: at,
      };
      next = this.transition(next, 'book-booked', (b) => M.bookedMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        type: AUDIT_EVENTS.bookingOutcome,
        outcome: 'booked',
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, appointmentId: outcome.appointment.id, outsideTimeframe: booking.outsideTimeframe, bodyRead: outcome.detailsRead, sspTraceId: outcome.exchange.traceId ?? null },
      });
      if (!outcome.detailsRead) await this.readBack(next, target);
      return next;
    }
    if (outcome.kind === 'unknown') {
      const next = this.transition(booking, 'book-unknown', (b) => M.bookUnknownMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        // One lost answer is one event in rep-cons-06: later checks that learn nothing are `booking.check`.
        type: booking.status === 'unknown' ? AUDIT_EVENTS.bookingCheck : AUDIT_EVENTS.bookingOutcome,
        outcome: 'unknown',
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, attempts: outcome.exchange.attempts, reason: outcome.reason, sspTraceId: outcome.exchange.traceId ?? null },
      });
      this.scheduler?.schedule(next.id);
      return next;
    }
    const failure = outcome.failure;
    // A failure that does not tell us the booking was refused (Provider down, timed out on a read…) is not definite.
    const definite = ['slot-unavailable', 'request-rejected', 'not-authorised', 'unsupported', 'misconfigured', 'malformed', 'not-found'].includes(failure.kind);
    if (!definite && booking.status === 'unknown') {
      const next = this.transition(booking, 'book-unknown', (b) => M.stillCheckingMessage(b, { at, exchange: failure.exchange }, 'booking'), {
        ...base,
        type: AUDIT_EVENTS.bookingCheck,
        outcome: 'unknown',
        detail: { bookingId: booking.id, reason: failure.kind, sspTraceId: failure.exchange.traceId ?? null },
      });
      this.scheduler?.schedule(next.id);
      return next;
    }
    const next = this.transition(booking, 'book-failed', (b) => M.bookFailedMessage(b, failure, { at }), {
      ...base,
      type: AUDIT_EVENTS.bookingOutcome,
      outcome: failure.kind === 'slot-unavailable' ? 'slot-taken' : failure.kind === 'request-rejected' ? 'rejected' : 'error',
      ...(failure.exchange.httpStatus === undefined ? {} : { httpStatus: failure.exchange.httpStatus }),
      detail: {
        bookingId: booking.id,
        outsideTimeframe: booking.outsideTimeframe,
        errorCode: failure.kind,
        spineCode: failure.code ?? null,
        message: M.bookFailedMessage(bookingFor(booking, this.cases.load(booking.caseId)), failure, { at }).title,
        sspTraceId: failure.exchange.traceId ?? null,
      },
    });
    if (failure.kind === 'slot-unavailable') this.slots.forget(booking.caseId, booking.slot.slotId);
    return next;
  }

  /** A 2xx with a Location but an unreadable body: read the appointment back to fill in its version. */
  private async readBack(booking: StoredBooking, target: BookingTarget): Promise<void> {
    if (booking.appointmentId === undefined) return;
    const read = await this.protocol.read(target, booking.appointmentId, new Date(Date.now() + this.deadlines.readMs));
    this.audit.append({
      type: AUDIT_EVENTS.bookingReadBack,
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      outcome: read.kind,
      detail: { bookingId: booking.id, appointmentId: booking.appointmentId, ...(read.kind === 'found' ? { status: read.appointment.status } : {}) },
    });
    if (read.kind === 'found' && read.appointment.version !== undefined) {
      this.store.saveBooking({ ...booking, appointmentVersion: read.appointment.version }, this.clock());
    }
  }

  // ---- cancel ----

  private async runCancel(booking: StoredBooking, reason: string): Promise<StoredBooking> {
    const appointmentId = booking.appointmentId ?? '';
    const doc = this.cases.load(booking.caseId);
    const sameEncounter = doc.status === 'open';
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid };
    const at = this.now();
    let current = this.transition({ ...booking, cancelReason: reason }, 'cancel-start', undefined, {
      ...base,
      type: AUDIT_EVENTS.cancelAttempt,
      outcome: 'pending',
      detail: { bookingId: booking.id, appointmentId, reason, sameEncounter },
    });
    const target = await this.targetFor(booking.caseId, booking.serviceId);
    const outcome = await this.protocol.cancel(target, appointmentId, new Date(Date.now() + this.deadlines.writeMs));
    if (outcome.kind === 'cancelled') {
      return this.transition({ ...current, cancelledAt: at, ...(outcome.appointment.version === undefined ? {} : { appointmentVersion: outcome.appointment.version }) }, 'cancel-done', (b) => M.cancelledMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'cancelled',
        requestId: outcome.exchange.requestId,
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, appointmentId, sameEncounter, sspTraceId: outcome.exchange.traceId ?? null },
      });
    }
    if (outcome.kind === 'unknown') {
      current = this.transition(current, 'cancel-unknown', (b) => M.cancelUnknownMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'unknown',
        requestId: outcome.exchange.requestId,
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, appointmentId, sameEncounter, reason: outcome.reason, sspTraceId: outcome.exchange.traceId ?? null },
      });
      // The answer was lost: read the appointment to learn what the Provider did.
      return this.readBackCancel(current);
    }
    return this.cancelNotDone(current, outcome.failure);
  }

  private cancelNotDone(booking: StoredBooking, failure: ProtocolFailure | undefined): StoredBooking {
    const at = this.now();
    return this.transition(booking, 'cancel-not-done', (b) => M.cancelNotDoneMessage(b, failure, { at }), {
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      type: AUDIT_EVENTS.cancelOutcome,
      outcome: 'not-cancelled',
      ...(failure?.exchange.httpStatus === undefined ? {} : { httpStatus: failure.exchange.httpStatus }),
      ...(failure === undefined ? {} : { requestId: failure.exchange.requestId }),
      detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? null, errorCode: failure?.kind ?? 'still-booked', spineCode: failure?.code ?? null, sspTraceId: failure?.exchange.traceId ?? null },
    });
  }

  private async readBackCancel(booking: StoredBooking): Promise<StoredBooking> {
    const target = await this.targetFor(booking.caseId, booking.serviceId);
    const read = await this.protocol.read(target, booking.appointmentId ?? '', new Date(Date.now() + this.deadlines.readMs));
    const at = this.now();
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid };
    if (read.kind === 'found' && read.appointment.status === 'cancelled') {
      return this.transition({ ...booking, cancelledAt: at, ...(read.appointment.version === undefined ? {} : { appointmentVersion: read.appointment.version }) }, 'cancel-done', (b) => M.cancelledMessage(b, { at, exchange: read.exchange }), {
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'cancelled',
        requestId: read.exchange.requestId,
        detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? null, learnedBy: 'read', sspTraceId: read.exchange.traceId ?? null },
      });
    }
    if (read.kind === 'found' && read.appointment.status === 'booked') {
      return this.cancelNotDone({ ...booking, ...(read.appointment.version === undefined ? {} : { appointmentVersion: read.appointment.version }) }, undefined);
    }
    const next = this.transition(booking, 'cancel-unknown', (b) => M.stillCheckingMessage(b, { at, ...(read.kind === 'failed' ? { exchange: read.failure.exchange } : { exchange: read.exchange }) }, 'cancel'), {
      ...base,
      type: AUDIT_EVENTS.bookingCheck,
      outcome: 'unknown',
      detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? null, learnedBy: 'read', read: read.kind === 'failed' ? read.failure.kind : read.kind },
    });
    this.scheduler?.schedule(next.id);
    return next;
  }

  // ---- rebook ----

  private rebookCancelling(old: StoredBooking): Rebook | undefined {
    return this.store.rebooksForCase(old.caseId).find((r) => r.cancelLeg.bookingId === old.id && r.state !== 'done' && r.state !== 'new-not-booked');
  }

  /** Moves a rebook on from what its legs now are; each step audited. */
  private async continueRebook(rebookId: string): Promise<Rebook | undefined> {
    let rebook = this.store.getRebook(rebookId);
    if (rebook === undefined || rebook.newLeg.bookingId === undefined) return rebook;
    const fresh = this.loadBooking(rebook.newLeg.bookingId);
    let old = this.loadBooking(rebook.cancelLeg.bookingId);
    const at = this.now();
    rebook = { ...rebook, newLeg: { bookingId: fresh.id, state: fresh.status } };
    if (fresh.status === 'pending' || fresh.status === 'unknown') {
      rebook = { ...rebook, state: 'checking-new', stateText: `New appointment not confirmed yet: the old appointment ${bookingFor(old, this.cases.load(old.caseId)).reference} is kept until we know.` };
      this.saveRebook(rebook, 'new-unknown');
      return rebook;
    }
    if (fresh.status === 'failed') {
      rebook = {
        ...rebook,
        state: 'new-not-booked',
        stateText: 'The new appointment was not booked. The original appointment is unchanged.',
        cancelLeg: { bookingId: old.id, state: 'not-needed' },
        ...(fresh.lastOutcome === undefined ? {} : { outcome: { ...fresh.lastOutcome, operation: 'rebook' as const } }),
      };
      this.saveRebook(rebook, 'not-booked');
      return rebook;
    }
    if (old.status === 'booked' && rebook.cancelLeg.state === 'waiting-for-new') {
      rebook = { ...rebook, state: 'cancelling-old', stateText: 'New appointment booked; cancelling the old one.', cancelLeg: { bookingId: old.id, state: 'cancelling' } };
      this.saveRebook(rebook, 'cancelling-old');
      old = await this.runCancel(old, rebook.reason);
    }
    const legState = old.status === 'cancelled' ? 'cancelled' : old.status === 'cancel-unknown' || old.status === 'cancelling' ? 'cancel-unknown' : 'failed';
    const state = legState === 'cancelled' ? 'done' : legState === 'cancel-unknown' ? 'checking-old' : 'old-not-cancelled';
    const freshView = bookingFor(fresh, this.cases.load(fresh.caseId));
    const oldView = bookingFor(old, this.cases.load(old.caseId));
    const stateText =
      state === 'done'
        ? `Rebooked: appointment ${freshView.reference} is booked and appointment ${oldView.reference} is cancelled.`
        : state === 'checking-old'
          ? `New appointment ${freshView.reference} booked; checking whether appointment ${oldView.reference} was cancelled.`
          : `New appointment ${freshView.reference} booked, but appointment ${oldView.reference} was NOT cancelled: both are booked. Cancel the old one, or ${M.phoneTo(oldView)}.`;
    rebook = {
      ...rebook,
      state,
      stateText,
      cancelLeg: { bookingId: old.id, state: legState },
      outcome: {
        operation: 'rebook',
        tone: state === 'done' ? 'success' : state === 'checking-old' ? 'uncertain' : 'failure',
        title: state === 'done' ? `Rebooked: ${fresh.serviceName} ${freshView.slotText}` : stateText,
        known: stateText,
        ...(state === 'checking-old' ? { notKnown: 'Whether the old appointment is cancelled.' } : {}),
        next: state === 'done' ? 'Tell the patient the new time. Send a referral update if the service takes referrals.' : state === 'checking-old' ? 'Treat the old appointment as booked until we know.' : `Cancel appointment ${oldView.reference} from the appointments list, or ${M.phoneTo(oldView)}.`,
        at,
      },
    };
    this.saveRebook(rebook, state);
    return rebook;
  }

  private saveRebook(rebook: Rebook, step: string): void {
    // rep-cons-08 groups rebooks by service: the one whose appointment is being changed.
    const serviceId = this.store.getBooking(rebook.cancelLeg.bookingId)?.serviceId;
    this.audit.append({
      type: AUDIT_EVENTS.rebookOutcome,
      caseId: rebook.caseId,
      ...(serviceId === undefined ? {} : { dosServiceId: serviceId }),
      outcome: step,
      detail: { rebookId: rebook.id, fromBookingId: rebook.cancelLeg.bookingId, toBookingId: rebook.newLeg.bookingId ?? null, newLeg: rebook.newLeg.state, cancelLeg: rebook.cancelLeg.state },
    });
    this.store.saveRebook(rebook);
  }

  // ---- shared ----

  /** The one place a state changes: next state from the table, audit first, then save. */
  private transition(
    booking: StoredBooking,
    event: BookingEvent,
    message: ((b: Booking) => OutcomeMessage) | undefined,
    auditEvent: Parameters<AuditSink['append']>[0],
  ): StoredBooking {
    const status = nextState(booking.status, event);
    const since = status === booking.status ? booking.statusSince : this.now();
    const moved: StoredBooking = { ...booking, status, statusSince: since };
    const doc = this.cases.load(booking.caseId);
    const withMessage: StoredBooking = message === undefined ? moved : { ...moved, lastOutcome: message(bookingFor(moved, doc)) };
    this.audit.append({ ...auditEvent, detail: { ...(auditEvent.detail ?? {}), from: booking.status, to: status } });
    this.store.saveBooking(withMessage, this.clock());
    if (!isUnsettled(status)) this.store.scheduleCheck(booking.id, null, 0);
    return withMessage;
  }

  private saveRequest(bookingId: string, r: PreparedRequest): void {
    this.store.saveRequest({ requestId: r.requestId, bookingId, operation: r.interaction, method: r.method, path: r.path, body: r.body, headers: { ...r.headers }, createdAt: this.now() });
  }

  private result(caseId: string, bookingId: string, outcome: OutcomeMessage | undefined): BookingResult {
    const view = this.cases.get(caseId);
    const fallback: OutcomeMessage = { operation: 'book', tone: 'info', title: 'No change', known: 'Nothing changed.', next: 'Carry on.', at: this.now() };
    return { case: view, bookingId, outcome: outcome ?? view.bookingView.lastOutcome ?? fallback };
  }

  loadBooking(id: string): StoredBooking {
    const booking = this.store.getBooking(id);
    if (booking === undefined) throw notFound('The booking');
    return booking;
  }

  private async targetFor(caseId: string, serviceId: string): Promise<BookingTarget> {
    const resolved = await this.directory.resolvedFor(caseId, serviceId);
    if (resolved.target === undefined) throw new AppError('booking-not-available', 'Booking is not available for this service now.', { action: 'Send a referral instead.' });
    const t = resolved.target;
    const root = t.serviceRoot;
    return { dosServiceId: t.dosServiceId, asid: t.asid, interactions: t.interactions, caseId, endpoints: { search: root, book: t.bookRoot ?? root, read: t.readRoot ?? t.bookRoot ?? root, cancel: t.cancelRoot ?? t.bookRoot ?? root } };
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** The view for a case (used by CaseService). */
  static view(doc: StoredCase, stored: readonly StoredBooking[], rebooks: readonly Rebook[], referrals: Parameters<typeof caseBookingView>[0]['referrals'], _logger?: Logger) {
    const bookings = stored.map((b) => bookingFor(b, doc));
    return { bookings, view: caseBookingView({ doc, bookings, rebooks, referrals }) };
  }
}

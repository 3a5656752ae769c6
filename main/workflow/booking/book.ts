import { randomUUID } from 'node:crypto';
import type { Approval } from '../../../preload/contract';
import { AppError } from '../../api/app-error';
import { AUDIT_EVENTS } from '../../audit';
import type { PlannedBooking, StoredBooking, StoredCase } from '../../cases';
import type { BookingProtocol, BookingTarget } from '../booking-protocol';
import * as M from '../booking-messages';
import { isRefusedSelfApproval, selfApprovalRefusal } from '../approver-rule';
import type { BookingContext } from './context';
import { neverSentMessage } from './phone-messages';

/**
 * Booking one slot: the attempt, its exact request and (for a rebook) the rebook record are kept in
 * one commit before anything is sent, so a crash at any point leaves something the reconciler can finish.
 */
export class BookIntent {
  constructor(private readonly ctx: BookingContext) {}

  /** Checks the approval rules and keeps the attempt; `alsoKeep` runs in the same commit (e.g. the rebook record). */
  async start(doc: StoredCase, slotId: string, approval: Approval | undefined, extra: Partial<StoredBooking>, alsoKeep?: (booking: StoredBooking) => void): Promise<StoredBooking> {
    return this.keep(await this.plan(doc, slotId, approval, extra), alsoKeep);
  }

  /**
   * Checks the approval rules and builds the attempt and its exact request, saving nothing: a
   * cancel-first rebook keeps this plan in its record and makes it an appointment row only later.
   */
  async plan(doc: StoredCase, slotId: string, approval: Approval | undefined, extra: Partial<StoredBooking>): Promise<PlannedBooking> {
    const { audit, deps } = this.ctx;
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service first.', { action: 'Choose a service.' });
    const { row, raw, serviceId } = deps.slots.offeredSlot(doc.id, slotId);
    const target = await this.ctx.targetFor(doc.id, serviceId);
    const deadline = doc.outcome.deadline;
    const minutesLate = Math.floor((new Date(row.start).getTime() - new Date(deadline).getTime()) / 60_000);
    if (row.outsideTimeframe && approval === undefined) {
      audit.append({ type: AUDIT_EVENTS.outOfTimeframeRefused, caseId: doc.id, dosServiceId: serviceId, outcome: 'refused', detail: { slotId, deadline, slotStart: row.start } });
      throw new AppError('approval-required', 'This appointment is after the assessment deadline. A clinician must approve booking it.', {
        action: 'Record who approved it and why, or choose an earlier appointment.',
      });
    }
    if (row.outsideTimeframe && approval !== undefined && isRefusedSelfApproval(approval, deps.user)) {
      // Audit-first: the refusal is on the trail before the user is told.
      audit.append({
        type: AUDIT_EVENTS.selfApprovalRefused,
        caseId: doc.id,
        dosServiceId: serviceId,
        outcome: 'refused',
        detail: { slotId, deadline, slotStart: row.start, approverRole: approval.approverRole, registrationBody: approval.registrationBody },
      });
      throw selfApprovalRefusal();
    }
    const created = deps.clock();
    const cancelsFirst = await this.ctx.rebookCancelsFirst(doc.id, serviceId);
    const booking: StoredBooking = {
      id: randomUUID(),
      caseId: doc.id,
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
      ...(cancelsFirst ? { rebookCancelsFirst: true } : {}),
      createdAt: created.toISOString(),
      ...extra,
    };
    const prepared = this.ctx.protocol.prepareBook(target, {
      rawSlot: raw,
      patient: doc.patient,
      reason: doc.outcome.dispositionText,
      documentId: booking.documentId,
      requestId: booking.requestId,
      created,
    });
    return { booking, request: { ...prepared, headers: { ...prepared.headers } }, slotId, deadline, minutesLate };
  }

  /** One commit: the attempt, its exact bytes and whatever the caller keeps with it. Nothing can be `pending` without its request. */
  keep(planned: PlannedBooking, alsoKeep?: (booking: StoredBooking) => void): StoredBooking {
    const { audit } = this.ctx;
    const { slotId, deadline, minutesLate } = planned;
    const now = this.ctx.deps.clock();
    return this.ctx.store.atomically(() => {
      const booking: StoredBooking = {
        ...planned.booking,
        // Numbered in the case once and for all, when it becomes an appointment: the reference K7Q-2MX/2 never changes or repeats.
        sequence: Math.max(0, ...this.ctx.store.bookingsForCase(planned.booking.caseId).map((b) => b.sequence ?? 0)) + 1,
        statusSince: now.toISOString(),
      };
      const { caseId, serviceId, slot: row } = booking;
      if (booking.approval !== undefined) {
        audit.append({
          type: AUDIT_EVENTS.outOfTimeframeApproved,
          caseId,
          dosServiceId: serviceId,
          outcome: 'approved',
          detail: { bookingId: booking.id, ...booking.approval, deadline, slotStart: row.start, minutesAfterDeadline: minutesLate },
        });
      }
      audit.append({
        type: AUDIT_EVENTS.bookingAttempt,
        caseId,
        dosServiceId: serviceId,
        asid: booking.asid,
        requestId: booking.requestId,
        outcome: 'pending',
        detail: {
          bookingId: booking.id,
          slotId,
          start: row.start,
          end: row.end,
          deadline,
          outsideTimeframe: row.outsideTimeframe,
          rebookOf: booking.rebookedFromId ?? null,
          additionalReason: booking.additionalReason ?? null,
        },
      });
      this.ctx.store.saveBooking(booking, now);
      this.ctx.saveRequest(booking.id, planned.request);
      alsoKeep?.(booking);
      return booking;
    });
  }

  /**
   * Sends the kept request, byte for byte, under its X-Request-ID. `firstSend` is true only for
   * the send made right after the attempt was kept: any later send is a re-send, and a Provider's
   * "no" to a re-send proves nothing about the first one (a Provider need not replay by X-Request-ID).
   */
  async send(booking: StoredBooking, firstSend: boolean): Promise<StoredBooking> {
    const prepared = this.ctx.keptRequest(booking);
    if (prepared === undefined) return this.neverSent(booking);
    const target = await this.ctx.targetFor(booking.caseId, booking.serviceId);
    const outcome = await this.ctx.protocol.book(target, prepared, this.ctx.deadlineIn(this.ctx.deps.deadlines.writeMs));
    return this.apply(booking, outcome, target, firstSend);
  }

  /** A `pending` row whose request was never kept (a crash before this version kept both in one commit): nothing was ever sent. */
  private neverSent(booking: StoredBooking): StoredBooking {
    const at = this.ctx.now();
    return this.ctx.transition(booking, 'book-failed', (b) => neverSentMessage(b, at), {
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      type: AUDIT_EVENTS.bookingNeverSent,
      outcome: 'not-sent',
      detail: { bookingId: booking.id },
    });
  }

  private async apply(booking: StoredBooking, outcome: Awaited<ReturnType<BookingProtocol['book']>>, target: BookingTarget, firstSend: boolean): Promise<StoredBooking> {
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid, requestId: booking.requestId };
    const at = this.ctx.now();
    if (outcome.kind === 'booked') {
      const changes: Partial<StoredBooking> = {
        appointmentId: outcome.appointment.id,
        ...(outcome.appointment.version === undefined ? {} : { appointmentVersion: outcome.appointment.version }),
        appointmentUrl: outcome.appointment.url,
        ...(outcome.exchange.correlationId === undefined ? {} : { correlationId: outcome.exchange.correlationId }),
        bookedAt: at,
      };
      const next = this.ctx.transition(booking, 'book-booked', (b) => M.bookedMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        type: AUDIT_EVENTS.bookingOutcome,
        outcome: 'booked',
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, appointmentId: outcome.appointment.id, outsideTimeframe: booking.outsideTimeframe, bodyRead: outcome.detailsRead, sspTraceId: outcome.exchange.traceId ?? null },
      }, changes);
      if (!outcome.detailsRead) return this.readBack(next, target);
      return next;
    }
    if (outcome.kind === 'unknown') {
      const next = this.ctx.transition(booking, 'book-unknown', (b) => M.bookUnknownMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        // One lost answer is one event in rep-cons-06: later checks that learn nothing are `booking.check`.
        type: booking.status === 'unknown' ? AUDIT_EVENTS.bookingCheck : AUDIT_EVENTS.bookingOutcome,
        outcome: 'unknown',
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, attempts: outcome.exchange.attempts, reason: outcome.reason, sspTraceId: outcome.exchange.traceId ?? null },
      });
      this.ctx.scheduler?.schedule(next.id);
      return next;
    }
    const failure = outcome.failure;
    // Only the answer to the first send can settle "not booked": a re-send's refusal may be about the slot the first send booked.
    if (!firstSend) {
      const next = this.ctx.transition(booking, 'book-unknown', (b) => (booking.status === 'unknown' ? M.stillCheckingMessage(b, { at, exchange: failure.exchange }, 'booking') : M.bookUnknownMessage(b, { at, exchange: failure.exchange })), {
        ...base,
        type: booking.status === 'unknown' ? AUDIT_EVENTS.bookingCheck : AUDIT_EVENTS.bookingOutcome,
        outcome: 'unknown',
        ...(failure.exchange.httpStatus === undefined ? {} : { httpStatus: failure.exchange.httpStatus }),
        detail: { bookingId: booking.id, reason: failure.kind, resent: !firstSend, spineCode: failure.code ?? null, sspTraceId: failure.exchange.traceId ?? null },
      });
      this.ctx.scheduler?.schedule(next.id);
      return next;
    }
    const next = this.ctx.transition(booking, 'book-failed', (b) => M.bookFailedMessage(b, failure, { at }), {
      ...base,
      type: AUDIT_EVENTS.bookingOutcome,
      outcome: failure.kind === 'slot-unavailable' ? 'slot-taken' : failure.kind === 'request-rejected' ? 'rejected' : 'error',
      ...(failure.exchange.httpStatus === undefined ? {} : { httpStatus: failure.exchange.httpStatus }),
      detail: {
        bookingId: booking.id,
        outsideTimeframe: booking.outsideTimeframe,
        errorCode: failure.kind,
        spineCode: failure.code ?? null,
        message: M.bookFailedMessage(this.ctx.view(booking), failure, { at }).title,
        sspTraceId: failure.exchange.traceId ?? null,
      },
    });
    if (failure.kind === 'slot-unavailable') this.ctx.deps.slots.forget(booking.caseId, booking.slot.slotId);
    return next;
  }

  /** A 2xx with a Location but an unreadable body: read the appointment back to fill in its version. */
  private async readBack(booking: StoredBooking, target: BookingTarget): Promise<StoredBooking> {
    if (booking.appointmentId === undefined) return booking;
    const read = await this.ctx.protocol.read(target, booking.appointmentId, this.ctx.deadlineIn(this.ctx.deps.deadlines.readMs));
    this.ctx.audit.append({
      type: AUDIT_EVENTS.bookingReadBack,
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      outcome: read.kind,
      detail: { bookingId: booking.id, appointmentId: booking.appointmentId, ...(read.kind === 'found' ? { status: read.appointment.status } : {}) },
    });
    if (read.kind === 'found' && read.appointment.version !== undefined) return this.ctx.update(booking, { appointmentVersion: read.appointment.version });
    return booking;
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Approval, Booking, BookingMatch, ProviderOutcome } from '../../preload/contract';
import { isValidNhsNumber, normaliseNhsNumber } from '../../preload/contract';
import { AppError, notFound } from '../api/app-error';
import { AUDIT_EVENTS, type AuditSink } from '../audit';
import type { CaseStore, StoredCase } from '../cases';
import { ProviderError, type ProviderClient, type ProviderTarget } from '../provider';
import type { CaseService } from './case-service';
import { patientName } from './case-service';
import type { Clock } from './clock';
import type { DirectoryService } from './directory-service';
import { asAppError, failureDetail } from './provider-failure';
import type { SlotService } from './slot-service';
import { ukDayBounds } from './uk-day';
import { assertMayApprove, type ApprovingUser } from './approver-rule';

const UNKNOWN_MESSAGE = 'The service did not confirm the booking. We are checking whether it was made — do not book again.';

/** Booking, checking a lost answer, cancelling and rebooking: every step recorded before it is reported. */
export class BookingService {
  constructor(
    private readonly cases: CaseService,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
    private readonly slots: SlotService,
    private readonly provider: ProviderClient,
    private readonly audit: AuditSink,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly user: ApprovingUser,
  ) {}

  /** Books the chosen slot; after the deadline only with clinical approval (seed list: booking outside the timeframe). */
  async book(caseId: string, slotId: string, approval: Approval | undefined, rebookOf?: Booking): Promise<Booking> {
    const doc = this.cases.load(caseId);
    const service = doc.service;
    if (service === undefined) throw new AppError('conflict', 'Choose a service first.', { action: 'Choose a service.' });
    const { row, raw, serviceId } = this.slots.offeredSlot(caseId, slotId);
    const target = await this.targetFor(caseId, serviceId);
    const deadline = doc.outcome.deadline;
    const minutesLate = Math.round((new Date(row.start).getTime() - new Date(deadline).getTime()) / 60_000);
    if (row.outsideTimeframe && approval === undefined) {
      this.audit.append({ type: AUDIT_EVENTS.outOfTimeframeRefused, caseId, dosServiceId: serviceId, outcome: 'refused', detail: { slotId, deadline, slotStart: row.start } });
      throw new AppError('approval-required', 'This appointment is after the assessment deadline. A clinician must approve booking it.', {
        action: 'Record who approved it and why, or choose an earlier appointment.',
      });
    }
    if (row.outsideTimeframe && approval !== undefined) assertMayApprove(approval, this.user);
    const booking: Booking = {
      id: randomUUID(),
      caseId,
      serviceId,
      serviceName: service.name,
      asid: target.asid,
      slot: row,
      status: 'pending',
      requestId: randomUUID(),
      documentId: randomUUID(),
      outsideTimeframe: row.outsideTimeframe,
      ...(row.outsideTimeframe && approval !== undefined ? { approval } : {}),
      createdAt: this.clock().toISOString(),
      ...(rebookOf !== undefined ? { rebookedFromId: rebookOf.id } : {}),
    };
    // Record the attempt before anything is sent: a crash mid-call never leaves an unrecorded booking.
    this.store.saveBooking(booking, this.clock());
    if (booking.approval !== undefined) {
      this.audit.append({
        type: AUDIT_EVENTS.outOfTimeframeApproved,
        caseId,
        dosServiceId: serviceId,
        outcome: 'approved',
        detail: { bookingId: booking.id, ...booking.approval, deadline, slotStart: row.start, minutesAfterDeadline: minutesLate },
      });
    }
    this.audit.append({
      type: AUDIT_EVENTS.bookingAttempt,
      caseId,
      dosServiceId: serviceId,
      asid: target.asid,
      requestId: booking.requestId,
      outcome: 'pending',
      detail: { bookingId: booking.id, slotId, start: row.start, end: row.end, deadline, outsideTimeframe: row.outsideTimeframe, rebookOf: rebookOf?.id ?? null },
    });
    return this.send(doc, booking, target, raw);
  }

  /** Asks again with the same X-Request-ID: the Provider returns the first appointment if it made one. */
  async resolve(bookingId: string): Promise<Booking> {
    const booking = this.loadBooking(bookingId);
    if (booking.status !== 'unknown' && booking.status !== 'pending') return booking;
    const doc = this.cases.load(booking.caseId);
    const target = await this.targetFor(booking.caseId, booking.serviceId);
    const raw = this.slotFor(booking);
    return this.send(doc, booking, target, raw);
  }

  private async send(doc: StoredCase, booking: Booking, target: ProviderTarget, raw: ReturnType<SlotService['offeredSlot']>['raw']): Promise<Booking> {
    const base = { caseId: doc.id, dosServiceId: booking.serviceId, asid: booking.asid, requestId: booking.requestId };
    let updated: Booking;
    try {
      const result = await this.provider.book(target, {
        slot: raw,
        patient: doc.patient,
        reason: doc.outcome.dispositionText,
        documentId: booking.documentId,
        requestId: booking.requestId,
      });
      if (result.status === 'booked') {
        updated = {
          ...booking,
          status: 'booked',
          appointmentId: result.appointmentId,
          ...(result.version !== undefined ? { appointmentVersion: result.version } : {}),
          appointmentUrl: result.appointmentUrl,
          ...(result.correlationId !== undefined ? { correlationId: result.correlationId } : {}),
          bookedAt: this.clock().toISOString(),
        };
        delete updated.lastError;
        this.audit.append({
          ...base,
          type: AUDIT_EVENTS.bookingOutcome,
          outcome: 'booked',
          ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
          ...(result.correlationId !== undefined ? { correlationId: result.correlationId } : {}),
          detail: { bookingId: booking.id, appointmentId: result.appointmentId, outsideTimeframe: booking.outsideTimeframe },
        });
      } else {
        updated = { ...booking, status: 'unknown', lastError: UNKNOWN_MESSAGE };
        this.audit.append({ ...base, type: AUDIT_EVENTS.bookingOutcome, outcome: 'unknown', detail: { bookingId: booking.id, attempts: result.attempts, ...failureDetail(result.error) } });
      }
    } catch (error) {
      const slotTaken = error instanceof ProviderError && error.code === 'slot-taken';
      updated = { ...booking, status: 'failed', lastError: error instanceof ProviderError ? error.userMessage : (error as Error).message };
      this.audit.append({
        ...base,
        type: AUDIT_EVENTS.bookingOutcome,
        outcome: slotTaken ? 'slot-taken' : 'error',
        ...(error instanceof ProviderError ? { httpStatus: error.status, correlationId: error.correlationId } : {}),
        detail: { bookingId: booking.id, outsideTimeframe: booking.outsideTimeframe, ...failureDetail(error) },
      });
      this.store.saveBooking(updated, this.clock());
      if (slotTaken) this.slots.forget(doc.id, booking.slot.slotId);
      throw asAppError(error);
    }
    this.store.saveBooking(updated, this.clock());
    if (updated.status === 'unknown') {
      throw new AppError('outcome-unknown', UNKNOWN_MESSAGE, { action: 'Wait while we check. Do not book this patient again.', reference: booking.id });
    }
    return updated;
  }

  /** Cancels with the Provider (read latest, status only, If-Match); the outcome is reported, not thrown. */
  async cancel(bookingId: string, reason: string): Promise<{ booking: Booking; outcome: ProviderOutcome }> {
    const booking = this.loadBooking(bookingId);
    if (booking.status !== 'booked' || booking.appointmentId === undefined) {
      throw new AppError('conflict', 'Only a booked appointment can be cancelled.', { action: 'Check the booking’s status.' });
    }
    const doc = this.cases.load(booking.caseId);
    const sameEncounter = doc.status === 'open';
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid };
    this.audit.append({ ...base, type: AUDIT_EVENTS.cancelAttempt, outcome: 'pending', detail: { bookingId, appointmentId: booking.appointmentId, reason, sameEncounter } });
    try {
      const target = await this.targetFor(booking.caseId, booking.serviceId);
      const result = await this.provider.cancel(target, booking.appointmentId);
      const updated: Booking = {
        ...booking,
        status: 'cancelled',
        cancelledAt: this.clock().toISOString(),
        cancelReason: reason,
        ...(result.version !== undefined ? { appointmentVersion: result.version } : {}),
      };
      this.store.saveBooking(updated, this.clock());
      this.audit.append({
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'cancelled',
        requestId: result.requestId,
        ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}),
        detail: { bookingId, appointmentId: booking.appointmentId, sameEncounter },
      });
      return { booking: updated, outcome: { ok: true, message: `${booking.serviceName} confirmed the appointment is cancelled.`, requestId: result.requestId, ...(result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {}) } };
    } catch (error) {
      this.audit.append({ ...base, type: AUDIT_EVENTS.cancelOutcome, outcome: 'error', ...(error instanceof ProviderError ? { requestId: error.requestId, httpStatus: error.status } : {}), detail: { bookingId, appointmentId: booking.appointmentId, sameEncounter, ...failureDetail(error) } });
      if (!(error instanceof ProviderError)) throw asAppError(error);
      return { booking, outcome: { ok: false, message: `The appointment was NOT cancelled: ${error.userMessage} ${error.action}`, requestId: error.requestId, ...(error.status !== undefined ? { httpStatus: error.status } : {}) } };
    }
  }

  /** Rebook: the new slot is booked first, then the old booking cancelled; both outcomes are reported. */
  async rebook(bookingId: string, slotId: string, approval: Approval | undefined, reason: string) {
    const old = this.loadBooking(bookingId);
    if (old.status !== 'booked') throw new AppError('conflict', 'Only a booked appointment can be rebooked.', { action: 'Book a new appointment instead.' });
    let fresh: Booking;
    try {
      fresh = await this.book(old.caseId, slotId, approval, old);
    } catch (error) {
      const shape = error instanceof AppError ? error.toShape() : { message: (error as Error).message, action: '' };
      this.audit.append({ type: AUDIT_EVENTS.rebookOutcome, caseId: old.caseId, dosServiceId: old.serviceId, outcome: 'not-booked', detail: { fromBookingId: old.id, bookOutcome: 'failed' } });
      if (error instanceof AppError && (error.code === 'approval-required' || error.code === 'conflict' || error.code === 'outcome-unknown')) throw error;
      return { bookOutcome: { ok: false, message: `The new appointment was not booked: ${shape.message} The original appointment is unchanged.` } };
    }
    const cancelled = await this.cancel(old.id, reason);
    this.store.saveBooking({ ...cancelled.booking, rebookedToId: fresh.id }, this.clock());
    this.audit.append({
      type: AUDIT_EVENTS.rebookOutcome,
      caseId: old.caseId,
      dosServiceId: old.serviceId,
      outcome: cancelled.outcome.ok ? 'rebooked' : 'rebooked-old-not-cancelled',
      detail: { fromBookingId: old.id, toBookingId: fresh.id, bookOutcome: 'booked', cancelOutcome: cancelled.outcome.ok ? 'cancelled' : 'failed' },
    });
    return {
      newBooking: fresh,
      bookOutcome: { ok: true, message: `New appointment booked with ${fresh.serviceName}.`, requestId: fresh.requestId },
      cancelOutcome: cancelled.outcome,
    };
  }

  /** Bookings made from this workstation, for a patient who calls back. */
  find(query: { family?: string; birthDate?: string; nhsNumber?: string; date?: string }): { matches: BookingMatch[] } {
    const nhs = query.nhsNumber !== undefined && query.nhsNumber !== '' ? normaliseNhsNumber(query.nhsNumber) : undefined;
    if (nhs !== undefined && !isValidNhsNumber(nhs)) {
      throw new AppError('invalid-request', 'That NHS number is not valid.', { action: 'Check the number, or search by name and date of birth.' });
    }
    const day = query.date !== undefined && query.date !== '' ? ukDayBounds(query.date) : undefined;
    const rows = this.store.findBookings({
      ...(query.family !== undefined && query.family !== '' ? { family: query.family.trim() } : {}),
      ...(query.birthDate !== undefined && query.birthDate !== '' ? { birthDate: query.birthDate } : {}),
      ...(nhs !== undefined ? { nhsNumber: nhs } : {}),
      ...(day !== undefined ? { startFrom: day.start, startTo: day.end } : {}),
    });
    return {
      matches: rows.map(({ booking, caseDoc }) => ({
        booking,
        patientName: patientName(caseDoc.patient),
        birthDate: caseDoc.patient.birthDate,
        ...(caseDoc.patient.nhsNumber !== undefined ? { nhsNumber: caseDoc.patient.nhsNumber } : {}),
      })),
    };
  }

  private loadBooking(id: string): Booking {
    const booking = this.store.getBooking(id);
    if (booking === undefined) throw notFound('The booking');
    return booking;
  }

  private async targetFor(caseId: string, serviceId: string): Promise<ProviderTarget> {
    const resolved = await this.directory.resolvedFor(caseId, serviceId);
    if (resolved.target === undefined) throw new AppError('booking-not-available', 'Booking is not available for this service now.', { action: 'Send a referral instead.' });
    return { ...resolved.target, caseId };
  }

  private slotFor(booking: Booking) {
    try {
      return this.slots.offeredSlot(booking.caseId, booking.slot.slotId).raw;
    } catch {
      // After a restart the list is gone; the Slot as shown is enough to post the same Appointment again.
      return {
        resourceType: 'Slot' as const,
        id: booking.slot.slotId,
        status: 'free' as const,
        start: booking.slot.start,
        end: booking.slot.end,
        schedule: { reference: `Schedule/${booking.slot.scheduleId ?? 'unknown'}` },
      };
    }
  }
}

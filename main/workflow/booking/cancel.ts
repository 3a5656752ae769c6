import { AUDIT_EVENTS } from '../../audit';
import type { StoredBooking } from '../../cases';
import type { ProtocolFailure, ProtocolFailureKind } from '../booking-protocol';
import * as M from '../booking-messages';
import type { BookingContext } from './context';

/**
 * Answers that prove the Provider did not act on the cancel: it refused the request as sent or
 * as not allowed. Anything else (an unreadable body, a timeout, a 5xx, a conflict, "no such
 * appointment") may hide a cancel that happened, so the appointment is read back first.
 */
const CANCEL_REFUSED: ReadonlySet<ProtocolFailureKind> = new Set(['not-authorised', 'unsupported', 'request-rejected', 'misconfigured', 'version-conflict']);

/** Cancelling: `booked → cancelling → cancelled | cancel-unknown | booked`; only what the Provider said moves it. */
export class CancelIntent {
  constructor(private readonly ctx: BookingContext) {}

  async run(booking: StoredBooking, reason: string): Promise<StoredBooking> {
    return this.send(this.begin(booking, reason));
  }

  /**
   * Moves the appointment to `cancelling`, audited, before anything is sent; `alsoKeep` runs in the
   * same commit (a cancel-first rebook's record), so a crash leaves a cancel the reconciler reads back.
   */
  begin(booking: StoredBooking, reason: string, alsoKeep?: () => void): StoredBooking {
    const doc = this.ctx.deps.cases.load(booking.caseId);
    return this.ctx.store.atomically(() => {
      const current = this.ctx.transition(booking, 'cancel-start', undefined, {
        caseId: booking.caseId,
        dosServiceId: booking.serviceId,
        asid: booking.asid,
        type: AUDIT_EVENTS.cancelAttempt,
        outcome: 'pending',
        detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? '', reason, sameEncounter: doc.status === 'open' },
      }, { cancelReason: reason });
      alsoKeep?.();
      return current;
    });
  }

  /**
   * Sends the cancel of an appointment already `cancelling` or `cancel-unknown`: the first time,
   * or again when a read after a lost answer still shows it booked (the cancel may simply not have
   * arrived; cancelling twice is harmless, leaving a wanted cancel undone is not).
   */
  async send(booking: StoredBooking): Promise<StoredBooking> {
    const appointmentId = booking.appointmentId ?? '';
    const sameEncounter = this.ctx.deps.cases.load(booking.caseId).status === 'open';
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid };
    const at = this.ctx.now();
    let current = booking;
    const target = await this.ctx.targetFor(booking.caseId, booking.serviceId);
    const outcome = await this.ctx.protocol.cancel(target, appointmentId, this.ctx.deadlineIn(this.ctx.deps.deadlines.writeMs));
    if (outcome.kind === 'cancelled') {
      return this.ctx.transition(current, 'cancel-done', (b) => M.cancelledMessage(b, { at, exchange: outcome.exchange }), {
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'cancelled',
        requestId: outcome.exchange.requestId,
        ...(outcome.exchange.httpStatus === undefined ? {} : { httpStatus: outcome.exchange.httpStatus }),
        detail: { bookingId: booking.id, appointmentId, sameEncounter, sspTraceId: outcome.exchange.traceId ?? null },
      }, { cancelledAt: at, ...(outcome.appointment.version === undefined ? {} : { appointmentVersion: outcome.appointment.version }) });
    }
    if (outcome.kind === 'failed' && CANCEL_REFUSED.has(outcome.failure.kind)) return this.notDone(current, outcome.failure);
    const exchange = outcome.kind === 'unknown' ? outcome.exchange : outcome.failure.exchange;
    current = this.ctx.transition(current, 'cancel-unknown', (b) => M.cancelUnknownMessage(b, { at, exchange }), {
      ...base,
      type: AUDIT_EVENTS.cancelOutcome,
      outcome: 'unknown',
      requestId: exchange.requestId,
      ...(exchange.httpStatus === undefined ? {} : { httpStatus: exchange.httpStatus }),
      detail: {
        bookingId: booking.id,
        appointmentId,
        sameEncounter,
        reason: outcome.kind === 'unknown' ? outcome.reason : outcome.failure.kind,
        ...(outcome.kind === 'failed' && outcome.failure.code !== undefined ? { spineCode: outcome.failure.code } : {}),
        sspTraceId: exchange.traceId ?? null,
      },
    });
    // The answer does not say what happened: read the appointment to learn what the Provider did.
    // With no answer at all (lost, timed out) the cancel may still be on its way, so "booked" on this read proves nothing yet.
    const inFlight = outcome.kind === 'unknown' || outcome.failure.kind === 'timeout';
    return this.readBack(current, inFlight ? 'after-lost-answer' : 'after-answer');
  }

  notDone(booking: StoredBooking, failure: ProtocolFailure | undefined): StoredBooking {
    const at = this.ctx.now();
    return this.ctx.transition(booking, 'cancel-not-done', (b) => M.cancelNotDoneMessage(b, failure, { at }), {
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

  /** Reads the appointment: cancelled → cancelled; still booked on a later check → the cancel is sent again; anything else ("no such appointment" too) → keep asking, never "still booked". */
  /**
   * `after-answer`: the Provider answered the cancel (an error, an unreadable body), so a read of
   * "booked" is what it did. `after-lost-answer`: no answer, the cancel may not have landed yet, so
   * "booked" proves nothing now. `check` (the reconciler, later): still "booked" means the cancel
   * never arrived, so it is sent again — the clinician's cancel stands until the Provider refuses it.
   */
  async readBack(booking: StoredBooking, after: 'after-answer' | 'after-lost-answer' | 'check' = 'check'): Promise<StoredBooking> {
    const target = await this.ctx.targetFor(booking.caseId, booking.serviceId);
    const read = await this.ctx.protocol.read(target, booking.appointmentId ?? '', this.ctx.deadlineIn(this.ctx.deps.deadlines.readMs));
    const at = this.ctx.now();
    const base = { caseId: booking.caseId, dosServiceId: booking.serviceId, asid: booking.asid };
    if (read.kind === 'found' && read.appointment.status === 'cancelled') {
      return this.ctx.transition(booking, 'cancel-done', (b) => M.cancelledMessage(b, { at, exchange: read.exchange }), {
        ...base,
        type: AUDIT_EVENTS.cancelOutcome,
        outcome: 'cancelled',
        requestId: read.exchange.requestId,
        detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? null, learnedBy: 'read', sspTraceId: read.exchange.traceId ?? null },
      }, { cancelledAt: at, ...(read.appointment.version === undefined ? {} : { appointmentVersion: read.appointment.version }) });
    }
    if (read.kind === 'found' && read.appointment.status === 'booked') {
      const withVersion = { ...booking, ...(read.appointment.version === undefined ? {} : { appointmentVersion: read.appointment.version }) };
      // The Provider answered (an error, an unreadable body): "booked" is what it did. Never after a lost answer,
      // when the cancel may not have landed yet: then a later check that still reads "booked" sends it again.
      if (after === 'after-answer') return this.notDone(withVersion, undefined);
      if (after === 'check') return this.send(this.ctx.update(booking, withVersion));
    }
    const notFound = read.kind === 'not-found' || (read.kind === 'failed' && read.failure.kind === 'not-found');
    const exchange = read.kind === 'failed' ? read.failure.exchange : read.exchange;
    const next = this.ctx.transition(
      booking,
      'cancel-unknown',
      (b) => (notFound ? { ...M.cancelNoSuchAppointmentMessage(b, { at, exchange }), failureKind: 'not-found' as const } : M.stillCheckingMessage(b, { at, exchange }, 'cancel')),
      {
        ...base,
        type: AUDIT_EVENTS.bookingCheck,
        outcome: 'unknown',
        detail: { bookingId: booking.id, appointmentId: booking.appointmentId ?? null, learnedBy: 'read', read: read.kind === 'failed' ? read.failure.kind : read.kind },
      },
    );
    // "No such appointment" may be a passing fault of the service's read: keep asking; the reconciler's ceiling hands it to a phone call.
    this.ctx.scheduler?.schedule(next.id);
    return next;
  }
}

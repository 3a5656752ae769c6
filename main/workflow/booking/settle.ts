import type { BookingResult, PhoneRecord, ServiceAnswer } from '../../../preload/contract';
import { AppError } from '../../api/app-error';
import { AUDIT_EVENTS } from '../../audit';
import type { StoredBooking } from '../../cases';
import type { ProviderAppointment } from '../booking-protocol';
import { isUnsettled } from '../booking-state';
import type { BookIntent } from './book';
import type { CancelIntent } from './cancel';
import type { BookingContext } from './context';
import { contradictionText, phoneCheckMessage, serviceAnswerMessage } from './phone-messages';
import type { RebookIntent } from './rebook';

export interface ServiceAnswerInput {
  said: ServiceAnswer;
  serviceReference?: string | undefined;
  phoneNumber: string;
  note?: string | undefined;
}

/** What each recorded answer means for the appointment's state, and which states it may settle. */
const ANSWERS: Record<ServiceAnswer, { from: readonly StoredBooking['status'][]; event: 'book-booked' | 'book-failed' | 'cancel-done' | 'cancel-not-done' }> = {
  booked: { from: ['pending', 'unknown'], event: 'book-booked' },
  'not-booked': { from: ['pending', 'unknown'], event: 'book-failed' },
  cancelled: { from: ['cancelling', 'cancel-unknown'], event: 'cancel-done' },
  'still-booked': { from: ['cancelling', 'cancel-unknown'], event: 'cancel-not-done' },
};

/**
 * Settling what is not yet known: the reconciler's one step, the hand-over to a phone call when
 * the automatic checks give up, and what the clinician heard on that call — which the Provider's
 * own later answer may confirm or contradict, never silently overwrite.
 */
export class SettleIntent {
  constructor(
    private readonly ctx: BookingContext,
    private readonly book: BookIntent,
    private readonly cancel: CancelIntent,
    private readonly rebook: RebookIntent,
  ) {}

  /** The reconciler's single step for one appointment: ask once, apply a definite answer. */
  async check(booking: StoredBooking): Promise<StoredBooking> {
    if (booking.phoneRecord !== undefined) return this.verifyRecord(booking);
    if (this.rebook.wantsCancel(booking)) {
      const r = this.rebook.cancelling(booking);
      if (r !== undefined) await this.rebook.continue(r.id);
      return this.ctx.loadBooking(booking.id);
    }
    if (this.pastItsTime(booking)) {
      this.ctx.store.scheduleCheck(booking.id, null, 0);
      return booking;
    }
    if (booking.status === 'pending' || booking.status === 'unknown') {
      const settled = await this.book.send(booking, false);
      if (booking.rebookId !== undefined && !isUnsettled(settled.status)) await this.rebook.continue(booking.rebookId);
      return settled;
    }
    if (booking.status === 'cancel-unknown' || booking.status === 'cancelling') {
      const settled = await this.cancel.readBack(booking);
      const r = this.rebook.cancelling(booking);
      if (r !== undefined) await this.rebook.continue(r.id);
      return settled;
    }
    return booking;
  }

  /** Rebooks left part-way (the app stopped between steps) are moved on; returns how many. */
  async resumeRebooks(): Promise<number> {
    let moved = 0;
    for (const r of this.ctx.store.rebooksInProgress()) {
      const legs = [r.newLeg.bookingId, r.cancelLeg.bookingId].map((id) => (id === undefined ? undefined : this.ctx.store.getBooking(id)));
      // A leg with an outstanding answer is the reconciler's: it moves the rebook on when it settles.
      if (legs.some((b) => b !== undefined && isUnsettled(b.status))) continue;
      await this.rebook.continue(r.id);
      moved++;
    }
    return moved;
  }

  /** Work is still wanted on this appointment: an answer outstanding, a phone record to confirm, or a rebook's cancel to retry. */
  hasWork(booking: StoredBooking): boolean {
    const record = booking.phoneRecord;
    const recordToConfirm = record !== undefined && record.providerChecked === undefined && record.providerCannotCheck === undefined && (booking.appointmentId !== undefined || isBookingAnswer(record));
    return (isUnsettled(booking.status) && !this.pastItsTime(booking)) || recordToConfirm || this.rebook.wantsCancel(booking);
  }

  /**
   * The per-booking ceiling: a booking already handed to a phone check is not sent again once its
   * appointment time has passed — a re-send then cannot help the patient and could only book a
   * time gone by, perhaps after the clinician booked elsewhere. It stays "not known: phone".
   */
  private pastItsTime(booking: StoredBooking): boolean {
    return (booking.status === 'pending' || booking.status === 'unknown') && booking.phoneCheck !== undefined && Date.parse(booking.slot.start) <= this.ctx.deps.clock().getTime();
  }

  /** Automatic checks gave up: the clinician is told to phone, with the number; checks go on, slowly. */
  needsPhoneCheck(booking: StoredBooking, checks: number, reason: string): StoredBooking {
    if (booking.phoneCheck !== undefined || !isUnsettled(booking.status)) return booking;
    const at = this.ctx.now();
    this.ctx.audit.append({
      type: AUDIT_EVENTS.phoneCheckNeeded,
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      outcome: 'needed',
      detail: { bookingId: booking.id, checks, reason },
    });
    const what = booking.status === 'pending' || booking.status === 'unknown' ? 'booked' : 'cancelled';
    const flagged = { ...booking, phoneCheck: { since: at, reason } };
    return this.ctx.update(flagged, { lastOutcome: phoneCheckMessage(this.ctx.view(flagged), at, what) });
  }

  /** "Record what the service told me": audited with who, when and the number phoned, then applied. */
  async recordServiceAnswer(bookingId: string, input: ServiceAnswerInput): Promise<BookingResult> {
    const booking = this.ctx.loadBooking(bookingId);
    const rule = ANSWERS[input.said];
    if (!rule.from.includes(booking.status)) {
      throw new AppError('conflict', booking.status === 'booked' || booking.status === 'failed' || booking.status === 'cancelled'
        ? 'The service’s own answer has already settled this appointment.'
        : 'That answer does not fit what was asked of the service for this appointment.', { action: 'Check the appointment’s state in the case.' });
    }
    const user = this.ctx.deps.user;
    const record: PhoneRecord = {
      said: input.said,
      ...(input.serviceReference === undefined || input.serviceReference === '' ? {} : { serviceReference: input.serviceReference }),
      phoneNumber: input.phoneNumber,
      ...(input.note === undefined || input.note === '' ? {} : { note: input.note }),
      at: this.ctx.now(),
      byUserId: user.localUserId ?? 'unknown',
      byName: [user.title, user.displayName].filter((s) => s !== undefined && s !== '').join(' '),
    };
    const settled = this.ctx.transition(booking, rule.event, (b) => serviceAnswerMessage(b, record), {
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      type: AUDIT_EVENTS.serviceAnswerRecorded,
      outcome: input.said,
      detail: { bookingId: booking.id, phoneNumber: record.phoneNumber, serviceReference: record.serviceReference ?? null, note: record.note ?? null },
    }, {
      phoneRecord: record,
      ...(input.said === 'booked' ? { bookedAt: record.at } : {}),
      ...(input.said === 'cancelled' ? { cancelledAt: record.at } : {}),
    });
    // A read confirms it later where the Provider's appointment id is known; a booking whose answer
    // was lost is looked for with the standard's search where it has one. Never by re-sending it:
    // after "not booked" that could book the slot.
    if (settled.appointmentId !== undefined || isBookingAnswer(record)) this.ctx.scheduler?.schedule(settled.id);
    const r = booking.rebookId !== undefined && (input.said === 'booked' || input.said === 'not-booked') ? booking.rebookId : this.rebook.cancelling(booking)?.id;
    if (r !== undefined) {
      try {
        await this.rebook.continue(r);
      } catch (error) {
        // The answer is recorded; the rebook's next step is the reconciler's to retry.
        this.ctx.deps.logger.warn({ err: error, rebookId: r }, 'rebook not moved on after a recorded answer');
      }
    }
    return this.ctx.result(booking.caseId, booking.id, settled.lastOutcome);
  }

  /** Asks the Provider about the appointment and compares it with what was recorded by phone: agreement ends the checks, a disagreement is raised. */
  private async verifyRecord(booking: StoredBooking): Promise<StoredBooking> {
    const record = booking.phoneRecord;
    if (record === undefined || record.providerChecked !== undefined || record.providerCannotCheck !== undefined) {
      this.ctx.store.scheduleCheck(booking.id, null, 0);
      return booking;
    }
    const answer = await this.providerAnswer(booking);
    if (answer === 'ask-later') return booking;
    if (answer === 'cannot-tell') {
      // No read and no search can find it (Care Connect reads by id only): the record stands as the clinician made it.
      this.ctx.store.scheduleCheck(booking.id, null, 0);
      return this.ctx.update(booking, { phoneRecord: { ...record, providerCannotCheck: this.ctx.now() } });
    }
    const providerSays = answer.says;
    const recordedLive = record.said === 'booked' || record.said === 'still-booked';
    const agrees = recordedLive === (providerSays === 'booked');
    this.ctx.audit.append({
      type: AUDIT_EVENTS.serviceAnswerChecked,
      caseId: booking.caseId,
      dosServiceId: booking.serviceId,
      asid: booking.asid,
      outcome: agrees ? 'agrees' : 'contradicts',
      detail: { bookingId: booking.id, recorded: record.said, providerSays },
    });
    this.ctx.store.scheduleCheck(booking.id, null, 0);
    const checked = { phoneRecord: { ...record, providerChecked: this.ctx.now() } };
    // Found by the search, the Provider's appointment id now lets the clinician cancel it from the app.
    const found = answer.found === undefined || booking.appointmentId !== undefined ? {} : { appointmentId: answer.found.id, appointmentUrl: answer.found.url, ...(answer.found.version === undefined ? {} : { appointmentVersion: answer.found.version }) };
    if (agrees) return this.ctx.update(booking, { ...checked, ...found });
    return this.ctx.update(booking, { ...checked, contradiction: { at: this.ctx.now(), text: contradictionText(record, providerSays === 'not booked' ? 'it holds no such appointment' : `the appointment is ${providerSays}`) } });
  }

  /** What the Provider's own answer says of this appointment: by reading its id, or by searching for the request we sent. */
  private async providerAnswer(booking: StoredBooking): Promise<{ says: 'booked' | 'cancelled' | 'not booked'; found?: ProviderAppointment } | 'ask-later' | 'cannot-tell'> {
    const target = await this.ctx.targetFor(booking.caseId, booking.serviceId);
    const deadline = this.ctx.deadlineIn(this.ctx.deps.deadlines.readMs);
    if (booking.appointmentId !== undefined) {
      const read = await this.ctx.protocol.read(target, booking.appointmentId, deadline);
      if (read.kind !== 'found') return 'ask-later';
      return { says: read.appointment.status === 'cancelled' ? 'cancelled' : 'booked' };
    }
    const request = this.ctx.keptRequest(booking);
    if (request === undefined || this.ctx.protocol.findSent === undefined) return 'cannot-tell';
    const found = await this.ctx.protocol.findSent(target, request, deadline);
    if (found.kind === 'cannot-search') return 'cannot-tell';
    if (found.kind === 'failed') return 'ask-later';
    if (found.kind === 'none') return { says: 'not booked' };
    return { says: found.appointment.status === 'cancelled' ? 'cancelled' : 'booked', found: found.appointment };
  }
}

/** An answer about a booking (made or not), as opposed to one about a cancel. */
function isBookingAnswer(record: PhoneRecord): boolean {
  return record.said === 'booked' || record.said === 'not-booked';
}

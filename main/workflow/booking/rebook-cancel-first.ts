import { randomUUID } from 'node:crypto';
import type { Approval, OutcomeMessage, Rebook } from '../../../preload/contract';
import type { StoredBooking, StoredRebook } from '../../cases';
import type { BookIntent } from './book';
import type { CancelIntent } from './cancel';
import * as C from './cancel-first-messages';
import type { BookingContext } from './context';

/**
 * BaRS App1 (Rebook): "The booking Sender must cancel the original booking prior to making the new
 * booking". One intent: the rebook record, with the new booking planned to its exact request, is
 * kept in the same commit that moves the old appointment to `cancelling`, before anything is sent.
 * The new booking becomes an appointment row (which the reconciler may send) only once the Provider
 * has confirmed the cancel, so it can never reach the Provider while the old one may still be booked.
 */
export class CancelFirstRebook {
  constructor(
    private readonly ctx: BookingContext,
    private readonly book: BookIntent,
    private readonly cancel: CancelIntent,
  ) {}

  async start(old: StoredBooking, slotId: string, approval: Approval | undefined, reason: string): Promise<{ rebook: Rebook; sent: StoredBooking }> {
    const doc = this.ctx.deps.cases.load(old.caseId);
    const rebookId = randomUUID();
    // Changing an additional appointment keeps it additional, with the reason given for it.
    const keeps = old.additionalReason === undefined ? {} : { additionalReason: old.additionalReason };
    // The approval rules are checked here, before the old appointment is touched.
    const planned = await this.book.plan(doc, slotId, approval, { id: randomUUID(), rebookId, rebookedFromId: old.id, ...keeps });
    const rebook: StoredRebook = {
      id: rebookId,
      caseId: old.caseId,
      reason,
      createdAt: this.ctx.now(),
      order: 'cancel-first',
      state: 'cancelling-old',
      stateText: C.startingText,
      newLeg: { state: 'not-started' },
      cancelLeg: { bookingId: old.id, state: 'cancelling', attempts: 1 },
      planned,
    };
    const cancelling = this.cancel.begin(old, reason, () => this.save(rebook, 'started'));
    const afterCancel = await this.cancel.send(cancelling);
    const next = await this.continue(rebookId);
    const newId = next?.newLeg.bookingId;
    return { rebook: next ?? rebook, sent: newId === undefined ? afterCancel : this.ctx.loadBooking(newId) };
  }

  /** Moves the rebook on from what its legs now are; each step audited. Safe to call again, and after a restart. */
  async continue(rebookId: string): Promise<StoredRebook | undefined> {
    const rebook = this.ctx.store.getRebook(rebookId);
    if (rebook === undefined || rebook.state === 'done' || rebook.state === 'new-not-booked') return rebook;
    const old = this.ctx.loadBooking(rebook.cancelLeg.bookingId);
    if (rebook.newLeg.bookingId !== undefined) return this.afterNew(rebook, old, this.ctx.loadBooking(rebook.newLeg.bookingId));
    switch (old.status) {
      case 'cancelling':
      case 'cancel-unknown':
        // The reconciler reads the old appointment back and calls again when it knows.
        return this.step(rebook, 'checking-old', { state: 'cancel-unknown' }, undefined, C.checkingOldMessage(this.ctx.view(old), this.ctx.now()));
      case 'cancelled':
        return this.bookNew(rebook, old);
      case 'booked':
      case 'pending':
      case 'unknown':
      case 'failed':
        // Still booked: the Provider refused the cancel or still shows it booked. Nothing is booked anew.
        return this.step(rebook, 'new-not-booked', { state: 'failed' }, undefined, C.nothingChangedMessage(this.ctx.view(old), this.ctx.now()));
    }
  }

  /** The old appointment is confirmed cancelled: the planned booking becomes an appointment row and is sent, once. */
  private async bookNew(rebook: StoredRebook, old: StoredBooking): Promise<StoredRebook | undefined> {
    const planned = rebook.planned;
    if (planned === undefined) return rebook;
    const kept = this.ctx.store.atomically(() => {
      // Another caller (the reconciler, a restart) may have kept it a moment ago: keep it once only.
      const current = this.ctx.store.getRebook(rebook.id);
      if (current?.planned === undefined) return undefined;
      return this.book.keep(planned, (b) => {
        const { planned: _sent, ...rest } = current;
        this.save({ ...rest, state: 'booking-new', stateText: 'Original appointment cancelled; booking the new one.', newLeg: { bookingId: b.id, state: 'pending' }, cancelLeg: { ...rest.cancelLeg, state: 'cancelled' } }, 'booking-new');
      });
    });
    if (kept === undefined) return this.ctx.store.getRebook(rebook.id);
    const fresh = await this.book.send(kept, true);
    const now = this.ctx.store.getRebook(rebook.id);
    return now === undefined ? undefined : this.afterNew(now, old, fresh);
  }

  private afterNew(rebook: StoredRebook, old: StoredBooking, fresh: StoredBooking): StoredRebook {
    const at = this.ctx.now();
    const [oldView, freshView] = [this.ctx.view(old), this.ctx.view(fresh)];
    const newLeg = { bookingId: fresh.id, state: fresh.status };
    switch (fresh.status) {
      case 'pending':
      case 'unknown':
        return this.step(rebook, 'checking-new', { state: 'cancelled' }, newLeg, C.checkingNewMessage(oldView, freshView, at));
      case 'failed': {
        const told = C.noAppointmentMessage(oldView, freshView, at);
        // The case's message area shows its latest appointment's outcome: this one, so the loss cannot be missed there either.
        if (fresh.lastOutcome?.operation !== 'rebook') this.ctx.update(fresh, { lastOutcome: told });
        return this.step(rebook, 'new-not-booked', { state: 'cancelled' }, newLeg, told);
      }
      case 'booked':
      case 'cancelling':
      case 'cancel-unknown':
      case 'cancelled':
        // Booked; any later change of the new appointment is its own story.
        return this.step(rebook, 'done', { state: 'cancelled' }, newLeg, C.doneMessage(oldView, freshView, at));
    }
  }

  private step(rebook: StoredRebook, state: Rebook['state'], cancelLeg: Pick<Rebook['cancelLeg'], 'state'>, newLeg: Rebook['newLeg'] | undefined, outcome: OutcomeMessage): StoredRebook {
    const next: StoredRebook = {
      ...rebook,
      state,
      // Done says both halves (App1: whether the original was cancelled and the new one made); otherwise the title is the news.
      stateText: state === 'done' ? outcome.known : outcome.title,
      cancelLeg: { ...rebook.cancelLeg, ...cancelLeg },
      ...(newLeg === undefined ? {} : { newLeg }),
      outcome,
    };
    const same = rebook.state === next.state && rebook.cancelLeg.state === next.cancelLeg.state && rebook.newLeg.state === next.newLeg.state;
    // A check that learned nothing leaves the record (and the audit trail) as it was.
    if (!same) this.save(next, state);
    return same ? rebook : next;
  }

  private save(rebook: StoredRebook, step: string): void {
    this.ctx.saveRebook(rebook, step, 'cancel-first');
  }
}

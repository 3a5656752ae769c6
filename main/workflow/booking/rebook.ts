import { randomUUID } from 'node:crypto';
import type { Approval, Rebook } from '../../../preload/contract';
import { AppError } from '../../api/app-error';
import type { StoredBooking } from '../../cases';
import type { ProtocolFailureKind } from '../booking-protocol';
import { isUnsettled } from '../booking-state';
import * as M from '../booking-messages';
import type { BookIntent } from './book';
import type { CancelIntent } from './cancel';
import type { BookingContext } from './context';
import { CancelFirstRebook } from './rebook-cancel-first';

/** After this many cancels of the old appointment fail for passing reasons, the clinician is told both are booked. */
const MAX_CANCEL_ATTEMPTS = 5;

/** A cancel that the Provider refused as such: retrying the old leg's cancel by itself cannot help. */
const CANCEL_REFUSED: ReadonlySet<ProtocolFailureKind | undefined> = new Set(['not-authorised', 'unsupported', 'request-rejected', 'misconfigured']);

/**
 * Rebook as one intent: the rebook record, the new leg and its exact request are kept in one
 * commit before anything is sent; the old leg is cancelled only once the new one is booked
 * (invariant d), and a cancel interrupted by a crash is sent again, never left for the clinician to notice.
 * Where the old appointment's standard says the original must be cancelled first (BaRS App1), the
 * order is the other way round: see CancelFirstRebook.
 */
export class RebookIntent {
  private readonly cancelFirst: CancelFirstRebook;

  constructor(
    private readonly ctx: BookingContext,
    private readonly book: BookIntent,
    private readonly cancel: CancelIntent,
  ) {
    this.cancelFirst = new CancelFirstRebook(ctx, book, cancel);
  }

  async start(oldId: string, slotId: string, approval: Approval | undefined, reason: string): Promise<{ rebook: Rebook | undefined; sent: StoredBooking }> {
    const old = this.ctx.loadBooking(oldId);
    if (old.status !== 'booked') throw new AppError('conflict', 'Only a booked appointment can be changed.', { action: 'Book a new appointment instead.' });
    if (this.ctx.store.bookingsForCase(old.caseId).some((b) => isUnsettled(b.status))) {
      throw new AppError('conflict', 'We are still checking whether an earlier request went through.', { action: 'Wait until we know.' });
    }
    if (await this.ctx.rebookCancelsFirst(old.caseId, old.serviceId)) return this.cancelFirst.start(old, slotId, approval, reason);
    const doc = this.ctx.deps.cases.load(old.caseId);
    const rebookId = randomUUID();
    const newId = randomUUID();
    const rebook: Rebook = {
      id: rebookId,
      caseId: old.caseId,
      reason,
      createdAt: this.ctx.now(),
      state: 'booking-new',
      stateText: 'Booking the new appointment; the old one is kept until it is booked.',
      newLeg: { bookingId: newId, state: 'pending' },
      cancelLeg: { bookingId: old.id, state: 'waiting-for-new' },
    };
    // Changing an additional appointment keeps it additional, with the reason given for it.
    const keeps = old.additionalReason === undefined ? {} : { additionalReason: old.additionalReason };
    const fresh = await this.book.start(doc, slotId, approval, { id: newId, rebookId, rebookedFromId: old.id, ...keeps }, () => this.save(rebook, 'started'));
    const sent = await this.book.send(fresh, true);
    return { rebook: await this.continue(rebookId), sent };
  }

  /** The rebook whose old leg is this appointment, while it is still in progress. */
  cancelling(old: StoredBooking): Rebook | undefined {
    return this.ctx.store.rebooksForCase(old.caseId).find((r) => r.cancelLeg.bookingId === old.id && r.state !== 'done' && r.state !== 'new-not-booked');
  }

  /** Moves a rebook on from what its legs now are; each step audited. Safe to call again after a restart. */
  async continue(rebookId: string): Promise<Rebook | undefined> {
    let rebook: Rebook | undefined = this.ctx.store.getRebook(rebookId);
    if (rebook?.order === 'cancel-first') return this.cancelFirst.continue(rebookId);
    if (rebook === undefined || rebook.newLeg.bookingId === undefined) return rebook;
    const fresh = this.ctx.loadBooking(rebook.newLeg.bookingId);
    let old = this.ctx.loadBooking(rebook.cancelLeg.bookingId);
    const at = this.ctx.now();
    rebook = { ...rebook, newLeg: { bookingId: fresh.id, state: fresh.status } };
    if (fresh.status === 'pending' || fresh.status === 'unknown') {
      rebook = { ...rebook, state: 'checking-new', stateText: `New appointment not confirmed yet: the old appointment ${this.ctx.view(old).reference} is kept until we know.` };
      this.save(rebook, 'new-unknown');
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
      this.save(rebook, 'not-booked');
      return rebook;
    }
    if (old.status === 'cancelling' || old.status === 'cancel-unknown') {
      // A cancel is outstanding (e.g. the app stopped mid-call): the reconciler reads it back first.
      return this.finish(rebook, old, fresh, at);
    }
    if (old.status === 'booked' && this.shouldCancel(rebook, old)) {
      const attempts = (rebook.cancelLeg.attempts ?? 0) + 1;
      rebook = { ...rebook, state: 'cancelling-old', stateText: 'New appointment booked; cancelling the old one.', cancelLeg: { bookingId: old.id, state: 'cancelling', attempts } };
      this.save(rebook, 'cancelling-old');
      old = await this.cancel.run(old, rebook.reason);
    }
    if (old.status === 'booked' && !CANCEL_REFUSED.has(old.lastOutcome?.failureKind) && (rebook.cancelLeg.attempts ?? 0) < MAX_CANCEL_ATTEMPTS) {
      // A passing failure (a 500, a conflict): the cancel stands and is tried again in the background.
      return this.keepTrying(rebook, old, fresh, at);
    }
    return this.finish(rebook, old, fresh, at);
  }

  /** The old appointment is not cancelled yet for a passing reason: said plainly, and handed to the reconciler. */
  private keepTrying(rebook: Rebook, old: StoredBooking, fresh: StoredBooking, at: string): Rebook {
    const freshView = this.ctx.view(fresh);
    const oldView = this.ctx.view(old);
    const stateText = `New appointment ${freshView.reference} booked; appointment ${oldView.reference} is not cancelled yet. We keep trying: treat it as booked until it is.`;
    const next: Rebook = {
      ...rebook,
      state: 'cancelling-old',
      stateText,
      cancelLeg: { ...rebook.cancelLeg, bookingId: old.id, state: 'cancelling' },
      outcome: {
        operation: 'rebook',
        tone: 'uncertain',
        title: stateText,
        known: `The new appointment ${freshView.slotText} is booked. ${old.serviceName} did not cancel ${oldView.slotText} at the first try.`,
        notKnown: 'When the old appointment will be cancelled.',
        next: `Treat appointment ${oldView.reference} as booked until it is cancelled. If it is still booked in a few minutes, ${M.phoneTo(oldView)} to cancel it.`,
        at,
      },
    };
    this.save(next, 'cancelling-old');
    this.ctx.scheduler?.schedule(old.id);
    return next;
  }

  /** A booked appointment whose cancel a rebook still wants: the reconciler keeps it on its list. */
  wantsCancel(old: StoredBooking): boolean {
    const r = this.cancelling(old);
    // A cancel-first rebook never retries a refused cancel: "nothing changed" is its answer.
    return old.status === 'booked' && r?.state === 'cancelling-old' && r.order !== 'cancel-first';
  }

  /**
   * The old leg is cancelled when the new one is booked, and cancelled again when an earlier
   * cancel was interrupted (the Provider then said "still booked" on a read): only a refusal stops it.
   */
  private shouldCancel(rebook: Rebook, old: StoredBooking): boolean {
    if (rebook.cancelLeg.state === 'waiting-for-new') return true;
    if (rebook.cancelLeg.state !== 'cancelling' && rebook.cancelLeg.state !== 'cancel-unknown') return false;
    return !CANCEL_REFUSED.has(old.lastOutcome?.failureKind);
  }

  private finish(rebook: Rebook, old: StoredBooking, fresh: StoredBooking, at: string): Rebook {
    const legState = old.status === 'cancelled' ? 'cancelled' : old.status === 'cancel-unknown' || old.status === 'cancelling' ? 'cancel-unknown' : 'failed';
    const state = legState === 'cancelled' ? 'done' : legState === 'cancel-unknown' ? 'checking-old' : 'old-not-cancelled';
    const freshView = this.ctx.view(fresh);
    const oldView = this.ctx.view(old);
    const stateText =
      state === 'done'
        ? `Rebooked: appointment ${freshView.reference} is booked and appointment ${oldView.reference} is cancelled.`
        : state === 'checking-old'
          ? `New appointment ${freshView.reference} booked; checking whether appointment ${oldView.reference} was cancelled.`
          : `New appointment ${freshView.reference} booked, but appointment ${oldView.reference} was NOT cancelled: both are booked. Cancel the old one, or ${M.phoneTo(oldView)}.`;
    const next: Rebook = {
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
        next:
          state === 'done'
            ? 'Tell the patient the new time. Send a referral update if the service takes referrals.'
            : state === 'checking-old'
              ? 'Treat the old appointment as booked until we know.'
              : `Cancel appointment ${oldView.reference} from the appointments list, or ${M.phoneTo(oldView)}.`,
        at,
      },
    };
    this.save(next, state);
    return next;
  }

  private save(rebook: Rebook, step: string): void {
    this.ctx.saveRebook(rebook, step);
  }
}

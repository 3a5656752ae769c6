import type { BookingState } from '../../preload/contract';

/**
 * What can happen to one appointment. Each event names what we learned, never what we hope:
 * a lost or unreadable answer is `book-unknown` / `cancel-unknown`, settled only by the Provider.
 */
export type BookingEvent =
  | 'book-booked'
  | 'book-failed'
  | 'book-unknown'
  | 'cancel-start'
  | 'cancel-done'
  | 'cancel-unknown'
  /** The Provider says the appointment is still booked: the cancel did not happen. */
  | 'cancel-not-done';

/** The transition table of issue 9; anything not listed is refused. */
const TABLE: Readonly<Record<BookingState, Partial<Record<BookingEvent, BookingState>>>> = {
  pending: { 'book-booked': 'booked', 'book-failed': 'failed', 'book-unknown': 'unknown' },
  unknown: { 'book-booked': 'booked', 'book-failed': 'failed', 'book-unknown': 'unknown' },
  booked: { 'cancel-start': 'cancelling' },
  cancelling: { 'cancel-done': 'cancelled', 'cancel-unknown': 'cancel-unknown', 'cancel-not-done': 'booked' },
  'cancel-unknown': { 'cancel-done': 'cancelled', 'cancel-unknown': 'cancel-unknown', 'cancel-not-done': 'booked' },
  failed: {},
  cancelled: {},
};

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly from: BookingState,
    readonly event: BookingEvent,
  ) {
    super(`booking in state ${from} cannot take ${event}`);
  }
}

/** The next state, or an IllegalTransitionError: the only place booking states change. */
export function nextState(from: BookingState, event: BookingEvent): BookingState {
  const to = TABLE[from][event];
  if (to === undefined) throw new IllegalTransitionError(from, event);
  return to;
}

export function canTake(from: BookingState, event: BookingEvent): boolean {
  return TABLE[from][event] !== undefined;
}

/** Live: the Provider holds, or may hold, this appointment. */
export function isLive(state: BookingState): boolean {
  return state !== 'failed' && state !== 'cancelled';
}

/** Unsettled: an answer is outstanding and the reconciler owns it. */
export function isUnsettled(state: BookingState): boolean {
  return state === 'pending' || state === 'unknown' || state === 'cancelling' || state === 'cancel-unknown';
}

export const ALL_STATES = Object.keys(TABLE) as BookingState[];
export const ALL_EVENTS: readonly BookingEvent[] = ['book-booked', 'book-failed', 'book-unknown', 'cancel-start', 'cancel-done', 'cancel-unknown', 'cancel-not-done'];

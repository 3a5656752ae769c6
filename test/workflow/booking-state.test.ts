import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ALL_STATES} from '../../main/workflow/booking-state';
import { ALL_EVENTS, canTake, IllegalTransitionError, isLive, nextState } from '../../main/workflow/booking-state';

describe('booking state machine (issue 9)', () => {
  it('allows exactly the transitions of the issue', () => {
    expect(nextState('pending', 'book-booked')).toBe('booked');
    expect(nextState('pending', 'book-unknown')).toBe('unknown');
    expect(nextState('unknown', 'book-booked')).toBe('booked');
    expect(nextState('unknown', 'book-failed')).toBe('failed');
    expect(nextState('booked', 'cancel-start')).toBe('cancelling');
    expect(nextState('cancelling', 'cancel-unknown')).toBe('cancel-unknown');
    expect(nextState('cancel-unknown', 'cancel-done')).toBe('cancelled');
    expect(nextState('cancel-unknown', 'cancel-not-done')).toBe('booked');
    expect(() => nextState('booked', 'book-failed')).toThrow(IllegalTransitionError);
    expect(() => nextState('failed', 'book-booked')).toThrow(IllegalTransitionError);
    expect(() => nextState('cancelled', 'cancel-not-done')).toThrow(IllegalTransitionError);
  });

  it('in any order of events, a definite end (failed, cancelled) is never left, and booked is reached only from a booking answer or a refused cancel', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ALL_EVENTS), { maxLength: 40 }), (events) => {
        let state: (typeof ALL_STATES)[number] = 'pending';
        for (const event of events) {
          if (!canTake(state, event)) {
            expect(() => nextState(state, event)).toThrow(IllegalTransitionError);
            continue;
          }
          const before = state;
          state = nextState(state, event);
          if (before === 'failed' || before === 'cancelled') throw new Error('left a definite end');
          if (state === 'booked') expect(['book-booked', 'cancel-not-done']).toContain(event);
          if (state === 'cancelled') expect(before === 'cancelling' || before === 'cancel-unknown').toBe(true);
        }
        expect(isLive(state)).toBe(state !== 'failed' && state !== 'cancelled');
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { PROCESSED_HELD, ReceiverStore } from '../../main/sandbox/bars/receiver-store';

describe('the sandbox BaRS receiver over a long run', () => {
  it('remembers the recent request ids for duplicates, not every request ever processed', () => {
    const store = new ReceiverStore();
    for (let i = 0; i < PROCESSED_HELD + 50; i++) store.markProcessed('2000099001', `req-${i}`, `hash-${i}`);
    // A retry of a recent request is still a duplicate…
    expect(store.processedWith('2000099001', `req-${PROCESSED_HELD + 49}`)).toBe(`hash-${PROCESSED_HELD + 49}`);
    expect(store.processedWith('2000099001', 'req-50')).toBe('hash-50');
    // …while the oldest ids have gone.
    expect(store.processedWith('2000099001', 'req-0')).toBeUndefined();
    expect(store.processedWith('2000099001', 'req-49')).toBeUndefined();
  });
});

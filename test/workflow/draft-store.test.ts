import { describe, expect, it } from 'vitest';
import { DraftStore, NEW_CASE_DRAFT_KEEP_MINUTES } from '../../main/workflow/draft-store';

function movableClock(start: string): { clock: () => Date; advanceMinutes: (m: number) => void } {
  let now = Date.parse(start);
  return { clock: () => new Date(now), advanceMinutes: (m) => (now += m * 60_000) };
}

describe('kept drafts: one call, one new-case form', () => {
  it('remembers when the call’s form was begun, however often it is kept again', () => {
    const t = movableClock('2026-06-09T13:30:00Z');
    const store = new DraftStore(t.clock);
    store.save('u1', '{"given":"Ann"}');
    t.advanceMinutes(4);
    store.save('u1', '{"given":"Anne"}');
    expect(store.load('u1').draft).toEqual({ form: '{"given":"Anne"}', startedAt: '2026-06-09T13:30:00.000Z', savedAt: '2026-06-09T13:34:00.000Z' });
  });

  it('lets an untouched new-case form go after the set time, so it is never offered to the next call', () => {
    const t = movableClock('2026-06-09T13:30:00Z');
    const store = new DraftStore(t.clock);
    store.save('u1', '{"given":"Ann"}');
    t.advanceMinutes(NEW_CASE_DRAFT_KEEP_MINUTES);
    expect(store.load('u1').draft?.form).toBe('{"given":"Ann"}');
    t.advanceMinutes(1);
    expect(store.load('u1')).toEqual({});
    // A form begun after that is a new call, with its own start.
    store.save('u1', '{"given":"Bob"}');
    expect(store.load('u1').draft?.startedAt).toBe('2026-06-09T14:01:00.000Z');
  });

  it('keeps each user’s form to that user, and a case’s unsaved notes for as long as the app runs', () => {
    const t = movableClock('2026-06-09T13:30:00Z');
    const store = new DraftStore(t.clock);
    store.save('u1', '{"given":"Ann"}');
    store.save('u1', '"notes on the case"', 'case-1');
    expect(store.load('u2')).toEqual({});
    t.advanceMinutes(8 * 60);
    expect(store.load('u1')).toEqual({});
    expect(store.load('u1', 'case-1').draft?.form).toBe('"notes on the case"');
  });
});

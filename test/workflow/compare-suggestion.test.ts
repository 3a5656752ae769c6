import { describe, expect, it } from 'vitest';
import type { SlotRow, SlotSearchResult } from '../../preload/contract';
import { summarise } from '../../main/workflow/compare-service';

const NOW = new Date('2026-06-09T13:30:00Z');
const slot = (id: string, minutesFromNow: number, deliveryChannel: SlotRow['deliveryChannel'], outsideTimeframe = false): SlotRow => {
  const start = new Date(NOW.getTime() + minutesFromNow * 60_000);
  return { slotId: id, start: start.toISOString(), end: new Date(start.getTime() + 15 * 60_000).toISOString(), durationMinutes: 15, deliveryChannel, outsideTimeframe };
};
const found = (slots: SlotRow[]): SlotSearchResult =>
  ({ slots, insideTimeframe: slots.filter((s) => !s.outsideTimeframe).length, outsideTimeframe: slots.filter((s) => s.outsideTimeframe).length, skipped: {} }) as unknown as SlotSearchResult;

describe('the slot Compare suggests', () => {
  it('passes over an in-person slot the patient cannot reach in the lead time, and says why', () => {
    const r = summarise(found([slot('near', 7, 'In-person'), slot('phone', 10, 'Telephone'), slot('later', 45, 'In-person')]), NOW, 30);
    expect(r.suggested?.any).toEqual({ slot: expect.objectContaining({ slotId: 'phone' }) as unknown, why: 'Earliest inside the deadline; in-person slots (and any that do not say how) starting within 30 minutes are passed over so the patient can get there.' });
    expect(r.suggested?.['In-person']?.slot.slotId).toBe('later');
    expect(r.suggested?.Telephone).toEqual({ slot: expect.objectContaining({ slotId: 'phone' }) as unknown, why: 'Earliest inside the deadline by telephone.' });
  });

  it('gives a slot that does not say how the same lead time, keys it as "Not supplied", and falls back to the earliest after the deadline', () => {
    const r = summarise(found([slot('unsaid-soon', 20, null, true), slot('unsaid', 40, null, true)]), NOW, 30);
    expect(r.suggested?.['Not supplied']).toEqual({ slot: expect.objectContaining({ slotId: 'unsaid' }) as unknown, why: 'None inside the deadline among slots that do not say how: the earliest after it; in-person slots (and any that do not say how) starting within 30 minutes are passed over so the patient can get there.' });
  });
});

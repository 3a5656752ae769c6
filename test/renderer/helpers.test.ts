import { describe, expect, it } from 'vitest';
import type { SlotRow } from '../../preload/contract';
import { contactsByRank } from '../../renderer/src/format/contact';
import { formatSlotAddress, minutesAfterDeadline, rowsByUkDay } from '../../renderer/src/format/slot';
import { fromUkLocalInput, toUkLocalInput } from '../../renderer/src/format/time';

const slot = (start: string, extra: Partial<SlotRow> = {}): SlotRow => ({
  slotId: start,
  start,
  end: new Date(new Date(start).getTime() + 15 * 60_000).toISOString(),
  durationMinutes: 15,
  deliveryChannel: null,
  outsideTimeframe: false,
  ...extra,
});

describe('UK local time inputs', () => {
  it('reads a datetime-local value as UK time in winter (GMT) and summer (BST)', () => {
    expect(fromUkLocalInput('2026-01-15T09:30')).toBe('2026-01-15T09:30:00.000Z');
    expect(fromUkLocalInput('2026-07-15T09:30')).toBe('2026-07-15T08:30:00.000Z');
    expect(toUkLocalInput('2026-07-15T08:30:00Z')).toBe('2026-07-15T09:30');
  });
  it('refuses text that is not a time, and the hour skipped when the clocks go forward', () => {
    expect(fromUkLocalInput('')).toBeUndefined();
    expect(fromUkLocalInput('2026-03-29T01:30')).toBeUndefined();
  });
});

describe('slot rows', () => {
  it('groups every slot under its UK day, in time order, counting each day', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in the UK (BST).
    const rows = rowsByUkDay([slot('2026-06-30T23:30:00Z'), slot('2026-06-30T10:00:00Z'), slot('2026-07-01T09:00:00Z')]);
    expect(rows.map((r) => r.kind)).toEqual(['day', 'slot', 'day', 'slot', 'slot']);
    expect(rows[2]?.kind === 'day' && rows[2].count).toBe(2);
  });
  it('writes a full address and nothing for an absent one', () => {
    expect(formatSlotAddress({ lines: ['14 Wharf Road'], city: 'Leeds', postcode: 'LS10 1AB' })).toBe('14 Wharf Road, Leeds, LS10 1AB');
    expect(formatSlotAddress(undefined)).toBeUndefined();
    expect(formatSlotAddress({ lines: [] })).toBeUndefined();
  });
  it('measures how far after the deadline a slot starts', () => {
    expect(minutesAfterDeadline(slot('2026-06-30T12:20:00Z'), '2026-06-30T11:00:00Z')).toBe(80);
  });
});

describe('contacts by rank', () => {
  it('puts the primary first wherever it was entered, then by rank keeping the entered order', () => {
    const lines = contactsByRank({
      given: 'A',
      family: 'B',
      birthDate: '2000-01-01',
      gender: 'unknown',
      address: { lines: ['1'], postcode: 'LS1 1AA' },
      telecom: [
        { system: 'phone', use: 'home', value: 'home', rank: 2 },
        { system: 'email', use: 'home', value: 'mail', rank: 2 },
      ],
      contacts: [{ relationship: 'N', name: { given: 'C', family: 'D' }, telecom: [{ system: 'phone', use: 'mobile', value: 'mum', rank: 1 }] }],
    });
    expect(lines.map((l) => l.point.value)).toEqual(['mum', 'home', 'mail']);
    expect(lines[0]?.who).toBe('C D (Next of kin)');
  });
});

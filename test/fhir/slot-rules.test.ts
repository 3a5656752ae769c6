import { describe, expect, it } from 'vitest';
import { SlotSearchResult } from '../../preload/contract';
import { bundleToRows, slotVerdict } from '../../main/fhir';
import { offerList } from '../../main/workflow/slot-list';

const now = new Date('2026-01-05T09:00:00Z');
const window = { start: now, end: new Date('2026-01-05T21:00:00Z') };
const deadline = new Date('2026-01-05T11:00:00Z');

function slot(id: string, start: unknown, end: unknown, status: unknown = 'free') {
  return { fullUrl: `https://p.example/fhir/Slot/${id}`, resource: { resourceType: 'Slot', id, schedule: { reference: 'Schedule/s1' }, status, start, end } };
}
const bundle = (...entry: unknown[]) => ({ resourceType: 'Bundle', type: 'searchset', entry });

/** What the slot service returns for a reply, checked against the response contract as dispatch does. */
function searchReply(input: unknown) {
  const joined = bundleToRows(input, { window, now });
  const slots = offerList(joined.rows, deadline);
  const outside = slots.filter((s) => s.outsideTimeframe).length;
  const reply = {
    caseId: '6a0d3f4e-0b1c-4c43-9a63-1f4e1b1b2c3d',
    serviceId: '2000123',
    searchedAt: now.toISOString(),
    deadline: deadline.toISOString(),
    slots,
    insideTimeframe: slots.length - outside,
    outsideTimeframe: outside,
    skipped: joined.skipped,
  };
  return { joined, reply, contract: SlotSearchResult.safeParse(reply) };
}

describe('slotVerdict: which Slots may be offered', () => {
  it.each(['busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error', 'proposed', undefined])('drops a %s slot as not free', (status) => {
    expect(slotVerdict({ status, start: '2026-01-05T10:00:00Z', end: '2026-01-05T10:10:00Z' }, window, now)).toMatchObject({ show: false, reason: 'not-free' });
  });

  it('drops a slot that has already started, even inside the timeframe', () => {
    expect(slotVerdict({ status: 'free', start: '2026-01-05T08:55:00Z', end: '2026-01-05T09:05:00Z' }, window, now)).toMatchObject({
      show: false,
      reason: 'already-started',
    });
  });

  it('drops a slot starting after the searched window', () => {
    expect(slotVerdict({ status: 'free', start: '2026-01-05T21:00:01Z', end: '2026-01-05T21:10:00Z' }, window, now)).toMatchObject({
      show: false,
      reason: 'outside-window',
    });
  });

  it.each([
    ['2026-01-05T10:00:00Z', '2026-01-05T09:50:00Z'],
    ['2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z'],
    // 10:00 in London in winter is 10:00Z; 10:30+01:00 is 09:30Z, so this ends before it starts.
    ['2026-01-05T10:00:00Z', '2026-01-05T10:30:00+01:00'],
  ])('drops a slot from %s to %s, which ends before or as it starts (no "0 min" row)', (start, end) => {
    expect(slotVerdict({ status: 'free', start, end }, window, now)).toMatchObject({ show: false, reason: 'ends-before-start' });
  });

  it.each([
    ['2026-02-30T10:00:00Z', /30 February/],
    ['2026-01-05T24:00:00Z', /hour 24/],
    ['2026-01-05T10:00Z', /no seconds/],
    [20260105, /as text/],
  ])('counts a slot starting %s as unreadable', (start, why) => {
    const verdict = slotVerdict({ status: 'free', start, end: '2026-01-05T10:10:00Z' }, window, now);
    expect(verdict).toMatchObject({ show: false, reason: 'unreadable' });
    if (!verdict.show) expect(verdict.problem).toMatch(why);
  });

  it('offers a free slot in the window, with its length rounded up', () => {
    expect(slotVerdict({ status: 'free', start: '2026-01-05T10:00:00Z', end: '2026-01-05T10:10:30Z' }, window, now)).toMatchObject({
      show: true,
      durationMinutes: 11,
    });
  });
});

describe('a slot search reply with bad slots in it', () => {
  it('shows every valid slot and counts the two it could not read, instead of failing the whole search', () => {
    const { reply, contract } = searchReply(
      bundle(
        slot('good-1', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z'),
        slot('feb-30', '2026-02-30T10:00:00Z', '2026-02-30T10:10:00Z'),
        slot('midnight', '2026-01-05T24:00:00Z', '2026-01-06T00:10:00Z'),
        slot('good-2', '2026-01-05T10:20:00Z', '2026-01-05T10:30:00Z'),
      ),
    );
    expect(contract.success).toBe(true);
    expect(reply.slots.map((s) => s.slotId)).toEqual(['good-1', 'good-2']);
    expect(reply.skipped).toMatchObject({ unreadable: 2 });
  });

  it('drops busy, entered-in-error, past, late and backwards slots, each counted under its reason', () => {
    const { reply, contract } = searchReply(
      bundle(
        slot('free', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z'),
        slot('busy', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z', 'busy'),
        slot('eie', '2026-01-05T10:10:00Z', '2026-01-05T10:20:00Z', 'entered-in-error'),
        slot('tentative', '2026-01-05T10:10:00Z', '2026-01-05T10:20:00Z', 'busy-tentative'),
        slot('past', '2026-01-05T08:00:00Z', '2026-01-05T08:10:00Z'),
        slot('late', '2026-01-06T10:00:00Z', '2026-01-06T10:10:00Z'),
        slot('backwards', '2026-01-05T10:30:00Z', '2026-01-05T10:20:00Z'),
        slot('free', '2026-01-05T12:00:00Z', '2026-01-05T12:10:00Z'),
        { resource: { resourceType: 'Slot', id: 7, status: 'free' } },
      ),
    );
    expect(contract.success).toBe(true);
    expect(reply.slots.map((s) => s.slotId)).toEqual(['free']);
    expect(reply.skipped).toEqual({ unreadable: 1, duplicate: 1, 'not-free': 3, 'already-started': 1, 'outside-window': 1, 'ends-before-start': 1 });
  });

  it('sorts slots with different offsets by the moment they start, and marks the timeframe by that moment', () => {
    const { reply } = searchReply(
      bundle(
        slot('a', '2026-01-05T11:30:00+00:00', '2026-01-05T11:40:00+00:00'),
        // 12:15+02:00 is 10:15Z: earlier than 11:30Z although its text sorts after it.
        slot('b', '2026-01-05T12:15:00+02:00', '2026-01-05T12:25:00+02:00'),
        slot('c', '2026-01-05T05:00:00-05:00', '2026-01-05T05:10:00-05:00'),
        slot('d', '2026-01-05T10:45:00Z', '2026-01-05T10:55:00Z'),
      ),
    );
    expect(reply.slots.map((s) => [s.slotId, s.outsideTimeframe])).toEqual([
      ['c', false],
      ['b', false],
      ['d', false],
      ['a', true],
    ]);
  });
});

describe('a Slot id sent twice', () => {
  it('is offered at most once: a free copy after a busy one is not offered', () => {
    const { reply } = searchReply(
      bundle(slot('x', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z', 'busy'), slot('x', '2026-01-05T10:00:00Z', '2026-01-05T10:10:00Z')),
    );
    expect(reply.slots).toEqual([]);
    expect(reply.skipped).toMatchObject({ 'not-free': 1, duplicate: 1 });
  });
});

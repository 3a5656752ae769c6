import { describe, expect, it } from 'vitest';
import { skippedSlotsText } from '../../renderer/src/booking/SkippedSlotsNotice';

const none = { unreadable: 0, duplicate: 0, 'not-free': 0, 'already-started': 0, 'outside-window': 0, 'ends-before-start': 0 };

describe('the note under the slot list about what is not shown', () => {
  it('says how many appointments could not be read', () => {
    expect(skippedSlotsText({ ...none, unreadable: 2 })).toEqual(['2 appointments could not be read and are not shown.']);
    expect(skippedSlotsText({ ...none, unreadable: 1 })).toEqual(['1 appointment could not be read and is not shown.']);
  });

  it('names every reason that left something out, and nothing when the list is complete', () => {
    expect(skippedSlotsText({ unreadable: 1, duplicate: 1, 'not-free': 3, 'already-started': 1, 'outside-window': 2, 'ends-before-start': 1 })).toEqual([
      '1 appointment could not be read and is not shown.',
      '3 appointments the service marked as taken or withdrawn are not shown.',
      '1 appointment that had already started is not shown.',
      '2 appointments outside the times searched are not shown.',
      '1 appointment ending before it starts is not shown.',
      '1 appointment was listed twice and is shown once.',
    ]);
    expect(skippedSlotsText(none)).toEqual([]);
    expect(skippedSlotsText(undefined)).toEqual([]);
  });
});

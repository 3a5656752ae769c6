import { describe, expect, it } from 'vitest';
import { openingAt } from '../../main/workflow/opening-now';

const EVENINGS = [{ days: [1, 2, 3, 4, 5], from: '18:30', to: '21:00' }];

describe('open now, or when it opens (UK local time from the directory’s sessions)', () => {
  it('a weekday-evening service at 02:08 on a Sunday is closed and opens on Monday evening', () => {
    expect(openingAt({ sessions: EVENINGS }, new Date('2026-06-14T01:08:00Z'))).toEqual({ open: false, text: expect.stringMatching(/^Closed now: opens Mon,? 15 Jun 2026, 18:30$/) as unknown, opensAt: '2026-06-15T17:30:00.000Z' });
  });

  it('is open inside a session, until its end; an overnight session runs past midnight', () => {
    expect(openingAt({ sessions: EVENINGS }, new Date('2026-06-15T18:00:00Z'))).toEqual({ open: true, text: 'Open now, until 21:00' });
    expect(openingAt({ sessions: [{ days: [6], from: '22:00', to: '06:00' }] }, new Date('2026-06-14T01:00:00Z'))).toEqual({ open: true, text: 'Open now, until 06:00' });
  });

  it('uses GMT in winter, says 24 hours when the directory does, and nothing when it gives no times', () => {
    expect(openingAt({ sessions: EVENINGS }, new Date('2026-11-30T12:00:00Z'))?.opensAt).toBe('2026-11-30T18:30:00.000Z');
    expect(openingAt({ allHours: true }, new Date('2026-11-30T12:00:00Z'))).toEqual({ open: true, text: 'Open now: 24 hours' });
    expect(openingAt({}, new Date('2026-11-30T12:00:00Z'))).toBeUndefined();
  });
});

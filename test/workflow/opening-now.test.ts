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

  it('a dated session is that day’s only opening: the weekly sessions of that date do not apply, other dates keep them', () => {
    // Mon 31 Aug 2026, a bank holiday: open 10:00 to 14:00 instead of the weekday evening.
    const sessions = [...EVENINGS, { days: [1], from: '10:00', to: '14:00', date: '2026-08-31' }];
    expect(openingAt({ sessions }, new Date('2026-08-31T10:00:00Z'))).toEqual({ open: true, text: 'Open now, until 14:00' });
    expect(openingAt({ sessions }, new Date('2026-08-31T18:00:00Z'))?.text).toMatch(/^Closed now: opens Tue,? 1 Sept? 2026, 18:30$/);
    expect(openingAt({ sessions }, new Date('2026-09-07T18:00:00Z'))).toEqual({ open: true, text: 'Open now, until 21:00' });
  });

  it('sessions that run on from each other are one opening: a day cut at midnight, or ended at 23:59 and begun at 00:00', () => {
    const cut = [{ days: [5], from: '18:00', to: '24:00' }, { days: [6], from: '00:00', to: '08:00' }];
    // Friday 21:00: it closes on Saturday morning, so the day is said.
    expect(openingAt({ sessions: cut }, new Date('2026-06-12T20:00:00Z'))?.text).toMatch(/^Open now, until Sat,? 13 Jun 2026, 08:00$/);
    const minuteGap = [{ days: [5], from: '08:00', to: '23:59' }, { days: [6], from: '00:00', to: '12:00' }];
    expect(openingAt({ sessions: minuteGap }, new Date('2026-06-12T20:00:00Z'))?.text).toMatch(/^Open now, until Sat,? 13 Jun 2026, 12:00$/);
    // Saturday 01:00, in the same opening: closing today needs only the time.
    expect(openingAt({ sessions: minuteGap }, new Date('2026-06-13T00:00:00Z'))).toEqual({ open: true, text: 'Open now, until 12:00' });
  });
});

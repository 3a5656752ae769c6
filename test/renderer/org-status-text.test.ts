import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../renderer/src/format/time';
import { orgStatusText } from '../../renderer/src/shell/org-status-text';

describe('the organisation status line', () => {
  it('says the record cannot be reached, since when and when it last answered (UK time with the date), even with nothing waiting', () => {
    // 09:05 UTC in July is 10:05 in the UK (BST): the line is UK time whatever the machine's zone.
    const text = orgStatusText({ state: 'unreachable', waiting: 0, unreachableSince: '2026-07-15T09:05:00.000Z', lastConfirmedAt: '2026-07-15T09:04:30.000Z' });
    // The weekday's punctuation varies with the ICU build; the app's one formatter decides it.
    expect(text).toBe(
      `Organisation record cannot be reached since ${formatDateTime('2026-07-15T09:05:00.000Z')} (last reached ${formatDateTime('2026-07-15T09:04:30.000Z')}) — working on this desk only; nothing waiting to upload.`,
    );
    expect(text).toMatch(/since Wed,? 15 Jul 2026, 10:05 \(last reached Wed,? 15 Jul 2026, 10:04\)/);
    expect(text).not.toMatch(/up to date/);
  });

  it('never reached since the desk started: says so, and names what IT must fix', () => {
    expect(
      orgStatusText({ state: 'unreachable', waiting: 2, unreachableSince: '2026-01-15T09:05:00.000Z', problem: 'The organisation record refused this desk’s login (check org.user and org.passwordRef).' }),
    ).toBe(
      `Organisation record cannot be reached since ${formatDateTime('2026-01-15T09:05:00.000Z')} (not reached since this desk started) — working on this desk only; changes to 2 cases waiting to upload. The organisation record refused this desk’s login (check org.user and org.passwordRef).`,
    );
  });

  it('counts cases, not rows: one offline booking is one case waiting; log entries of no case are named as the activity log', () => {
    expect(orgStatusText({ state: 'waiting', waiting: 1, activityWaiting: 3 })).toBe('Organisation record: changes to 1 case waiting to upload');
    expect(orgStatusText({ state: 'waiting', waiting: 27 })).toBe('Organisation record: changes to 27 cases waiting to upload');
    expect(orgStatusText({ state: 'waiting', waiting: 0, activityWaiting: 2 })).toBe('Organisation record: activity log waiting to upload');
  });

  it('up to date only when the record answered; nothing at all without a record', () => {
    expect(orgStatusText({ state: 'up-to-date', waiting: 0, lastConfirmedAt: '2026-07-15T09:04:30.000Z' })).toBe('Organisation record: up to date');
    expect(orgStatusText({ state: 'off', waiting: 0 })).toBeUndefined();
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDayHeading, formatDuration, formatSlotTimes, formatTime, ukDay } from '../../preload/contract';
import * as rendererTime from '../../renderer/src/format/time';

/** One UK time text for main and the renderer: Europe/London wall-clock time with the date, whatever the machine's zone. */

/** ICU versions differ on commas after the weekday and the date; the words and numbers are what matter. */
const strip = (s: string): string => s.replace(/,/g, '').replace(/\u202f/g, ' ');

describe('UK date and time text', () => {
  it('reads GMT and BST either side of both clock changes', () => {
    // Clocks go forward at 01:00 UTC on Sun 29 Mar 2026, back at 01:00 UTC on Sun 25 Oct 2026.
    expect(strip(formatDateTime('2026-03-29T00:59:00Z'))).toBe('Sun 29 Mar 2026 00:59');
    expect(strip(formatDateTime('2026-03-29T01:00:00Z'))).toBe('Sun 29 Mar 2026 02:00');
    expect(strip(formatDateTime('2026-10-25T00:59:00Z'))).toBe('Sun 25 Oct 2026 01:59');
    expect(strip(formatDateTime('2026-10-25T01:00:00Z'))).toBe('Sun 25 Oct 2026 01:00');
    expect(formatTime('2026-06-30T23:30:00Z')).toBe('00:30');
  });

  it('puts an instant on its UK day, not the UTC one, near midnight in summer', () => {
    expect(ukDay('2026-06-30T23:30:00Z')).toBe('2026-07-01');
    expect(ukDay('2026-12-31T23:30:00Z')).toBe('2026-12-31');
    expect(strip(formatDayHeading('2026-06-30T23:30:00Z'))).toBe('Wednesday 1 July 2026');
  });

  it('gives the same text on a machine set to another zone and an American locale', () => {
    const instants = ['2026-03-29T01:00:00Z', '2026-10-25T00:30:00Z', '2026-06-30T23:30:00Z'];
    const texts = (f: { formatDateTime: typeof formatDateTime; ukDay: typeof ukDay; formatDate: typeof formatDate }) => instants.map((i) => [f.formatDateTime(i), f.ukDay(i), f.formatDate('1961-04-12')]);
    // A fresh process: formatters made at load time would pick up that machine's zone and locale.
    const script = `import('./preload/contract/uk-time.ts').then((f) => console.log(JSON.stringify(${JSON.stringify(instants)}.map((i) => [f.formatDateTime(i), f.ukDay(i), f.formatDate('1961-04-12')]))))`;
    const elsewhere = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, TZ: 'America/New_York', LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' },
      encoding: 'utf8',
    });
    expect(elsewhere.stderr).toBe('');
    expect(JSON.parse(elsewhere.stdout)).toEqual(texts({ formatDateTime, ukDay, formatDate }));
  });

  it('writes a date of birth without any shift, a slot as start with date and end time, and durations in words', () => {
    expect(formatDate('1961-04-12')).toBe('12 April 1961');
    expect(strip(formatSlotTimes('2026-10-25T00:50:00Z', '2026-10-25T01:05:00Z'))).toBe('Sun 25 Oct 2026 01:50–01:05');
    expect([0, 45, 120, 236, 1500].map(formatDuration)).toEqual(['0 min', '45 min', '2 h', '3 h 56 min', '1 day 1 h']);
  });

  it('is the one implementation: the renderer’s format module is the shared one', () => {
    expect(rendererTime.formatDateTime).toBe(formatDateTime);
    expect(rendererTime.ukDay).toBe(ukDay);
  });
});

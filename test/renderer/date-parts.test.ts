import { describe, expect, it } from 'vitest';
import { checkDateParts, checkTime, partsFromIso } from '../../renderer/src/forms/date-parts';

const check = (day: string, month: string, year: string) => checkDateParts({ day, month, year }, 'Date of birth');

describe('the NHS date input: day, month and year in UK order', () => {
  it('reads a real date whatever the padding, and a month by name', () => {
    expect(check('30', '6', '2019')).toEqual({ ok: true, iso: '2019-06-30' });
    expect(check('05', '03', '1984')).toEqual({ ok: true, iso: '1984-03-05' });
    expect(check('5', 'March', '1984')).toEqual({ ok: true, iso: '1984-03-05' });
    expect(check('29', '2', '2024')).toEqual({ ok: true, iso: '2024-02-29' });
  });

  it('names the part that is missing or wrong, in the pattern’s words', () => {
    expect(check('', '', '')).toEqual({ ok: false, message: 'Enter the date of birth', part: 'all' });
    expect(check('30', '', '2019')).toEqual({ ok: false, message: 'Date of birth must include a month', part: 'month' });
    expect(check('', '', '2019')).toMatchObject({ message: 'Date of birth must include a day and a month', part: 'day' });
    expect(check('30', '13', '2019')).toMatchObject({ part: 'month', message: expect.stringContaining('the month is a number from 1 to 12') as unknown });
    expect(check('30', '6', '19')).toEqual({ ok: false, message: 'Year must include 4 numbers', part: 'year' });
    expect(check('29', '2', '2023')).toEqual({ ok: false, message: 'Date of birth must be a real date', part: 'day' });
    expect(check('31', '4', '2023')).toMatchObject({ ok: false, part: 'day' });
    expect(check('x', '4', '2023')).toMatchObject({ ok: false, part: 'day' });
  });

  it('never reads the American order: 06/07 is the sixth of July', () => {
    expect(check('6', '7', '2020')).toEqual({ ok: true, iso: '2020-07-06' });
    expect(partsFromIso('2020-07-06')).toEqual({ day: '6', month: '7', year: '2020' });
  });
});

describe('a 24-hour UK time', () => {
  it('accepts 14:30, 14.30 and 1430, and refuses what is not a time', () => {
    expect(checkTime('14:30')).toBe('14:30');
    expect(checkTime('14.30')).toBe('14:30');
    expect(checkTime('1430')).toBe('14:30');
    expect(checkTime('9:05')).toBe('09:05');
    expect(checkTime('24:00')).toBeUndefined();
    expect(checkTime('12:60')).toBeUndefined();
    expect(checkTime('2pm')).toBeUndefined();
  });
});

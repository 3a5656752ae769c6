import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instant, parseDateTime, parseInstant } from '../../preload/contract';

describe('parseInstant: the FHIR STU3/R4 instant forms', () => {
  it.each([
    ['2026-01-05T10:30:00Z', Date.UTC(2026, 0, 5, 10, 30), 0],
    ['2026-01-05T10:30:00+00:00', Date.UTC(2026, 0, 5, 10, 30), 0],
    ['2026-01-05T10:30:00-00:00', Date.UTC(2026, 0, 5, 10, 30), 0],
    ['2026-07-05T10:30:00+01:00', Date.UTC(2026, 6, 5, 9, 30), 60],
    ['2026-01-05T10:30:00.5-05:30', Date.UTC(2026, 0, 5, 16, 0, 0, 500), -330],
    ['2026-01-05T10:30:00.123456789Z', Date.UTC(2026, 0, 5, 10, 30, 0, 123), 0],
    ['2026-01-05T10:30:00+14:00', Date.UTC(2026, 0, 4, 20, 30), 840],
    ['2026-01-05T10:30:00-13:59', Date.UTC(2026, 0, 6, 0, 29), -839],
    ['2028-02-29T09:00:00Z', Date.UTC(2028, 1, 29, 9), 0],
    ['2000-02-29T09:00:00Z', Date.UTC(2000, 1, 29, 9), 0],
    ['0050-06-01T00:00:00Z', new Date('0050-06-01T00:00:00Z').getTime(), 0],
  ])('reads %s as the right moment', (text, epochMs, offsetMinutes) => {
    expect(parseInstant(text)).toEqual({
      ok: true,
      value: { text, epochMs, offsetMinutes },
    });
  });

  it.each([
    ['2026-02-30T10:00:00Z', /30 February 2026 is not a date/],
    ['2026-02-29T10:00:00Z', /29 February 2026 is not a date/],
    ['1900-02-29T10:00:00Z', /29 February 1900 is not a date/],
    ['2026-04-31T10:00:00Z', /31 April/],
    ['2026-13-01T10:00:00Z', /month 13/],
    ['2026-00-10T10:00:00Z', /month 00/],
    ['2026-01-00T10:00:00Z', /0 January/],
    ['0000-01-01T10:00:00Z', /year 0000/],
    ['2026-01-05T24:00:00Z', /hour 24/],
    ['2026-01-05T10:60:00Z', /minute 60/],
    ['2026-01-05T10:00:61Z', /second 61/],
    ['2016-12-31T23:59:60Z', /leap second/],
    ['2026-01-05T10:00:00.0008000000Z', /10 digits/],
    ['2026-01-05T10:00Z', /no seconds/],
    ['2026-01-05T10:00+01:00', /no seconds/],
    ['2026-01-05T10:00:00', /no time zone offset/],
    ['2026-01-05T10:00:00+0100', /without a colon/],
    ['2026-01-05T10:00:00+15:00', /offset \+15:00/],
    ['2026-01-05T10:00:00+14:30', /offset \+14:30/],
    ['2026-01-05T10:00:00+01:60', /offset/],
    ['2026-01-05', /date without a time/],
    ['2026-01-05t10:00:00z', /not a FHIR instant/],
    ['2026-01-05 10:00:00Z', /not a FHIR instant/],
    ['-2026-01-05T10:00:00Z', /not a FHIR instant/],
    ['2026-1-5T10:00:00Z', /not a FHIR instant/],
    ['2026-01-05T10:00:00.Z', /not a FHIR instant/],
    ['２０２６-01-05T10:00:00Z', /not a FHIR instant/],
    [' 2026-01-05T10:00:00Z', /not a FHIR instant/],
    ['', /not a FHIR instant/],
  ])('refuses %s, saying why', (text, why) => {
    const result = parseInstant(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(why);
  });

  it.each([null, undefined, 20260105, {}, ['2026-01-05T10:00:00Z']])('refuses %j, which is not text', (value) => {
    expect(parseInstant(value)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/expected an instant as text/) as unknown,
    });
  });

  it('is the contract: Instant accepts exactly what parseInstant accepts, and names the problem', () => {
    expect(Instant.safeParse('2026-02-30T10:00:00Z').error?.issues[0]?.message).toMatch(/30 February 2026 is not a date/);
    fc.assert(
      fc.property(instantLike(), (text) => {
        expect(Instant.safeParse(text).success).toBe(parseInstant(text).ok);
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with new Date(text), which the renderer uses to show the time, for every instant it accepts', () => {
    fc.assert(
      fc.property(instantLike(), (text) => {
        const parsed = parseInstant(text);
        if (parsed.ok) expect(new Date(text).getTime()).toBe(parsed.value.epochMs);
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts every real moment written with any legal offset, and reads it back exactly', () => {
    const moment = fc.integer({
      min: Date.UTC(1, 0, 2),
      max: Date.UTC(9999, 11, 30),
    });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(moment, offset, (ms, off) => {
        const wall = new Date(ms - (ms % 1000) + off * 60_000).toISOString().slice(0, 19);
        const sign = off < 0 ? '-' : '+';
        const text = `${wall}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
        expect(parseInstant(text)).toMatchObject({
          ok: true,
          value: { epochMs: ms - (ms % 1000), offsetMinutes: off },
        });
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('parseDateTime: the FHIR dateTime forms', () => {
  it.each([
    ['2026', 'year'],
    ['2026-02', 'month'],
    ['2028-02-29', 'day'],
    ['2026-01-05T10:30:00+01:00', 'time'],
  ])('reads %s at %s precision', (text, precision) => {
    expect(parseDateTime(text)).toMatchObject({
      ok: true,
      value: { text, precision },
    });
  });

  it.each(['2026-02-30', '2026-13', '0000', '2026-01-05T10:30:00', '2026-01-05T10:30Z', '26-01-05', ''])('refuses %s', (text) => {
    expect(parseDateTime(text).ok).toBe(false);
  });
});

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Strings near the instant grammar: each part drawn from its legal range and just beyond it. */
function instantLike(): fc.Arbitrary<string> {
  const two = (max: number) => fc.integer({ min: 0, max }).map(pad);
  const year = fc.oneof(
    fc.constantFrom('0000', '1900', '2000', '2024', '2026', '9999'),
    fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
  );
  const seconds = fc.oneof(
    two(61).map((s) => `:${s}`),
    fc.constant(''),
  );
  const fraction = fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/), fc.constant('.'));
  const zone = fc.oneof(
    fc.constant('Z'),
    fc.constant(''),
    fc.constant('z'),
    fc.tuple(fc.constantFrom('+', '-'), two(16), two(61)).map(([s, h, m]) => `${s}${h}:${m}`),
  );
  return fc
    .tuple(year, two(13), two(32), fc.constantFrom('T', 't', ' '), two(25), two(61), seconds, fraction, zone)
    .map(([y, mo, d, t, h, mi, s, f, z]) => `${y}-${mo}-${d}${t}${h}:${mi}${s}${f}${z}`);
}

describe('parseInstant: the toISOString shape read without the regex', () => {
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
  // Any digits in the YYYY-MM-DDThh:mm:ss.sssZ shape, valid or not (month 13, 30 February, hour 24, second 60…).
  const canonical = fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3)).map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);

  it('reads exactly as the same text written with +00:00 (which the general reader takes): same moment, or the same problem', () => {
    fc.assert(
      fc.property(canonical, (text) => {
        const fast = parseInstant(text);
        const general = parseInstant(text.replace(/Z$/, '+00:00'));
        if (general.ok) expect(fast).toEqual({ ok: true, value: { ...general.value, text } });
        else expect(fast).toEqual(general);
      }),
      { numRuns: 2000 },
    );
  });

  // Random digits are almost never a real moment; here each part is drawn from its legal range and just past it, so the accepting path is tried as often as the refusing one.
  const part = (min: number, max: number, width = 2) =>
    fc.oneof({ weight: 6, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1) }).map((n) => String(Math.max(0, n)).padStart(width, '0'));
  const nearValid = fc
    .tuple(fc.oneof(part(1, 9998, 4), fc.constantFrom('0000', '0099', '0100', '1900', '2000', '2024', '2028')), part(1, 12), part(1, 31), part(0, 23), part(0, 59), part(0, 59), part(0, 998, 3))
    .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);

  it('reads real moments in that shape, month ends, leap days and years below 100 included, exactly as the general reader', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearValid, (text) => {
        const fast = parseInstant(text);
        const general = parseInstant(text.replace(/Z$/, '+00:00'));
        if (general.ok) {
          accepted += 1;
          expect(fast).toEqual({ ok: true, value: { ...general.value, text } });
          expect(new Date(text).getTime()).toBe(general.value.epochMs);
        } else expect(fast).toEqual(general);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(600);
    expect(accepted).toBeLessThan(2700);
  });
});

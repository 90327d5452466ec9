import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDayNumber, isoDate, toDayNumber } from './dates.js';

describe('toDayNumber', () => {
  it('counts days from 1970-01-01, leap days included (hand-computed)', () => {
    expect(toDayNumber(isoDate('1970-01-01'))).toBe(0);
    expect(toDayNumber(isoDate('1969-12-31'))).toBe(-1);
    // 2000 is a leap year (divisible by 400): 30 years of 365 days and 7 leap days (72 to 96) before it.
    expect(toDayNumber(isoDate('2000-01-01'))).toBe(30 * 365 + 7);
    expect(toDayNumber(isoDate('2000-03-01')) - toDayNumber(isoDate('2000-02-28'))).toBe(2);
    // 1900 is not (divisible by 100, not by 400).
    expect(toDayNumber(isoDate('1900-03-01')) - toDayNumber(isoDate('1900-02-28'))).toBe(1);
    // 56 years of 365 days and 14 leap days (1972 to 2024) to 2026-01-01, then 304 days to November, and 26.
    expect(toDayNumber(isoDate('2026-11-27'))).toBe(56 * 365 + 14 + 304 + 26);
  });

  it('agrees with Date.UTC and goes back through fromDayNumber, for any date of years 100 to 9999', () => {
    const MS_PER_DAY = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31) }), (time) => {
        const text = new Date(time).toISOString().slice(0, 10);
        const day = Math.floor(time / MS_PER_DAY);
        expect(toDayNumber(isoDate(text))).toBe(day);
        expect(fromDayNumber(day)).toBe(text);
      }),
      { seed: 7, numRuns: 5_000 },
    );
  });
});

/**
 * How rates and attainment read on a statement: short exact forms as they are, long ones rounded half away from
 * zero and marked, never a raw fraction a payee cannot read.
 */
import { describe, expect, it } from 'vitest';
import { formatAttainment, formatPercent, ratio } from '../../src/comp/exact.js';

describe('formatPercent', () => {
  it('shows a rate with a short decimal form exactly', () => {
    expect(formatPercent(ratio(8, 100))).toBe('8%');
    expect(formatPercent(ratio(3, 2))).toBe('150%');
    // 0.55693% has five decimals: shown rounded.
    expect(formatPercent(ratio(55_693, 10_000_000))).toBe('≈0.5569%');
  });

  it('rounds a rate without a short form to four decimals of a percent, marked ≈', () => {
    // The review's case: $7,500.00 target over a $134,666.66 quota is 750000/13466666 = 5.56930...%.
    expect(formatPercent(ratio(750_000, 13_466_666))).toBe('≈5.5693%');
    expect(formatPercent(ratio(1, 3))).toBe('≈33.3333%');
    // 2/3 = 66.66666...% rounds up; 1/8000 = 0.0125% is exact.
    expect(formatPercent(ratio(2, 3))).toBe('≈66.6667%');
    expect(formatPercent(ratio(1, 8000))).toBe('0.0125%');
  });
});

describe('formatAttainment', () => {
  it('shows attainment to one decimal, rounded half away from zero', () => {
    // $398,584.00 / $134,666.66 = 2.95978...: 296.0%.
    expect(formatAttainment(ratio(39_858_400, 13_466_666))).toBe('296.0%');
    expect(formatAttainment(ratio(1))).toBe('100.0%');
    expect(formatAttainment(ratio(0))).toBe('0.0%');
    // 0.41455 -> 41.455% -> 41.5% (a half rounds away from zero).
    expect(formatAttainment(ratio(41_455, 100_000))).toBe('41.5%');
    expect(formatAttainment(ratio(-41_455, 100_000))).toBe('-41.5%');
  });
});

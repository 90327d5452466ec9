import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holmAdjust, normalCdf, twoProportionZTest, verdict, wilsonInterval } from './winloss-statistics.js';

describe('wilsonInterval', () => {
  it('matches the hand-computed interval of 8 wins in 10', () => {
    // center (0.8 + z²/20) / (1 + z²/10) = 0.716738; half-width 0.226576.
    const interval = wilsonInterval(8, 10)!;
    expect(interval.low).toBeCloseTo(0.490162, 5);
    expect(interval.high).toBeCloseTo(0.943315, 5);
  });

  it('stays inside [0, 1] at 0 and at all wins, and is undefined without deals', () => {
    expect(wilsonInterval(0, 5)!.low).toBe(0);
    expect(wilsonInterval(0, 5)!.high).toBeCloseTo(0.434482, 5);
    expect(wilsonInterval(5, 5)!.high).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('always contains the observed rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (trials, share) => {
          const successes = Math.round(trials * share);
          const interval = wilsonInterval(successes, trials)!;
          expect(interval.low).toBeLessThanOrEqual(successes / trials + 1e-12);
          expect(interval.high).toBeGreaterThanOrEqual(successes / trials - 1e-12);
        },
      ),
      { seed: 7 },
    );
  });
});

describe('normalCdf', () => {
  it('agrees with tabulated values to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 7);
  });
});

describe('twoProportionZTest', () => {
  it('computes the pooled test by hand: 30/50 against 20/50', () => {
    // Pooled 0.5, standard error sqrt(0.25 * (1/50 + 1/50)) = 0.1, z = (0.6 - 0.4) / 0.1 = 2.
    const test = twoProportionZTest(30, 50, 20, 50)!;
    expect(test.z).toBeCloseTo(2, 12);
    expect(test.p).toBeCloseTo(0.0455003, 6);
    expect(twoProportionZTest(20, 50, 30, 50)!.z).toBeCloseTo(-2, 12);
  });

  it('is not run on an empty side, without variance, or with fewer than 5 expected wins or losses', () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toBeNull();
    expect(twoProportionZTest(10, 10, 20, 20)).toBeNull();
    expect(twoProportionZTest(2, 8, 40, 100)).toBeNull(); // 8 * 0.39 = 3.1 expected wins in the group
  });
});

describe('holmAdjust', () => {
  it('multiplies the i-th smallest of m p-values by m - i + 1, never lowering a later one', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, null]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12); // 1 x 0.04, raised to the 0.06 before it
    expect(adjusted[3]).toBeNull();
    expect(holmAdjust([0.3, 0.2])).toEqual([0.4, 0.4]);
    expect(holmAdjust([0.9, 0.8])).toEqual([1, 1]);
  });
});

describe('verdict', () => {
  it('says in words what the test found', () => {
    expect(verdict({ z: 3, p: 0.002 }, 0.01, 4)).toBe('higher than the rest (significant)');
    expect(verdict({ z: -2.1, p: 0.03 }, 0.12, 4)).toBe(
      'lower than the rest, but not significant once 4 groups are compared',
    );
    expect(verdict({ z: 0.5, p: 0.6 }, 1, 4)).toBe('no clear difference');
    expect(verdict(null, null, 4)).toBe('too few deals to tell');
  });
});

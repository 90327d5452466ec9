/**
 * The statistics of win/loss analysis: Wilson score intervals for rates, a two-proportion z-test of a group
 * against the rest, Holm's correction for testing many groups at once, and the verdict in plain words.
 *
 * Why these: a Wilson interval stays inside [0, 1] and keeps close to its stated coverage for small counts and
 * rates near 0 or 1, where the textbook (Wald) interval fails; the pooled two-proportion z-test is the standard
 * test of "does this group win more often than the others", valid when each side expects at least 5 wins and
 * 5 losses (below that it is not run). Testing every competitor or rep against the rest makes some "significant"
 * by chance (1 in 20 at 5% when nothing differs), so the verdict uses Holm-adjusted p-values, which keep the
 * chance of any false alarm within a dimension at 5%.
 * @module
 */

/** The two-sided 95% quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;
export const SIGNIFICANCE = 0.05;
/** The z-test needs at least this many expected wins and losses on each side. */
export const MIN_EXPECTED = 5;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** The Wilson score interval of `successes` out of `trials` at `z` (95% by default); null when trials is 0. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials === 0) return null;
  const rate = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (rate + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials));
  // At 0 or all successes the exact bound is 0 or 1; floating point leaves a crumb like 3e-17.
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === trials ? 1 : Math.min(1, center + half),
  };
}

/**
 * The complementary error function, by the Chebyshev fit of Numerical Recipes (`erfcc`): fractional error
 * below 1.2e-7 everywhere, plenty for p-values shown to three or four digits.
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

export interface ZTest {
  /** Positive when the group's rate is above the rest's. */
  readonly z: number;
  /** Two-sided. */
  readonly p: number;
}

/**
 * The pooled two-proportion z-test of `x1/n1` against `x2/n2`. Null when it cannot be run or would not be
 * valid: a side with no deals, all deals won or all lost (no variance), or fewer than {@link MIN_EXPECTED}
 * expected wins or losses on a side.
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const expected = Math.min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled));
  if (expected < MIN_EXPECTED) return null;
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / standardError;
  return { z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/**
 * Holm's step-down adjustment of p-values tested together: the i-th smallest of m becomes
 * max over j <= i of min(1, (m - j + 1) p(j)). Nulls (tests not run) stay null and do not count in m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  tested.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (tested.length - rank) * entry.p));
    adjusted[entry.index] = running;
  });
  return adjusted;
}

/** What a test says about a group's rate against the rest, in plain words. */
export function verdict(test: ZTest | null, adjustedP: number | null, comparisons: number): string {
  if (test === null || adjustedP === null) return 'too few deals to tell';
  const direction = test.z > 0 ? 'higher' : 'lower';
  if (adjustedP < SIGNIFICANCE) return `${direction} than the rest (significant)`;
  if (test.p < SIGNIFICANCE) {
    return `${direction} than the rest, but not significant once ${comparisons} groups are compared`;
  }
  return 'no clear difference';
}

/**
 * Quantiles and Tukey fences, for the amount-outlier rule.
 * @module
 */

/**
 * The p-quantile (p in [0, 1]) of ascending values, interpolating linearly between the closest ranks: position
 * h = (n - 1) p, value x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). This is R's type 7 and Excel's
 * QUARTILE.INC. NaN for no values.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const count = sorted.length;
  if (count === 0) return NaN;
  const position = (count - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below]!;
  if (below + 1 >= count) return low;
  return low + (position - below) * (sorted[below + 1]! - low);
}

/** Tukey's fences: values below `low` or above `high` are outliers. */
export interface Fences {
  readonly low: number;
  readonly median: number;
  readonly high: number;
}

/**
 * Fences `iqrs` interquartile ranges beyond the quartiles: [Q1 - k IQR, Q3 + k IQR]. Null when the values cannot
 * say what is unusual: fewer than `minimumCount`, or an IQR of 0 (most values equal, so any other one would be
 * "infinitely" far out).
 */
export function tukeyFences(sorted: ArrayLike<number>, iqrs: number, minimumCount: number): Fences | null {
  if (sorted.length < minimumCount || sorted.length === 0) return null;
  const q1 = quantileOfSorted(sorted, 0.25);
  const q3 = quantileOfSorted(sorted, 0.75);
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  return { low: q1 - iqrs * iqr, median: quantileOfSorted(sorted, 0.5), high: q3 + iqrs * iqr };
}

/**
 * Quantiles and Tukey fences, for the amount-outlier rule.
 * @module
 */

/**
 * The p-quantile (p in [0, 1]) of ascending values, interpolating linearly between the closest ranks: position
 * h = (n - 1) p, value x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). This is R's type 7 and Excel's
 * QUARTILE.INC. NaN for no values. With `transform` (non-decreasing, e.g. Math.log), the quantile of the
 * transformed values, reading only the two it interpolates between.
 */
export function quantileOfSorted(
  sorted: ArrayLike<number>,
  p: number,
  transform: (value: number) => number = identity,
): number {
  const count = sorted.length;
  if (count === 0) return NaN;
  const position = (count - 1) * p;
  const below = Math.floor(position);
  const low = transform(sorted[below]!);
  if (below + 1 >= count) return low;
  return low + (position - below) * (transform(sorted[below + 1]!) - low);
}

function identity(value: number): number {
  return value;
}

/** The quantiles {@link tukeyFences} reads: the quartiles and the median. */
export const TUKEY_QUANTILES: readonly number[] = [0.25, 0.5, 0.75];

/** Tukey's fences: values below `low` or above `high` are outliers. */
export interface Fences {
  readonly low: number;
  readonly median: number;
  readonly high: number;
}

/**
 * Fences `iqrs` interquartile ranges beyond the quartiles: [Q1 - k IQR, Q3 + k IQR]. Null when the values cannot
 * say what is unusual: fewer than `minimumCount`, or an IQR of 0 (most values equal, so any other one would be
 * "infinitely" far out). With `transform` (non-decreasing), the fences of the transformed values
 * ({@link quantileOfSorted}).
 */
export function tukeyFences(
  sorted: ArrayLike<number>,
  iqrs: number,
  minimumCount: number,
  transform: (value: number) => number = identity,
): Fences | null {
  if (sorted.length < minimumCount || sorted.length === 0) return null;
  const q1 = quantileOfSorted(sorted, 0.25, transform);
  const q3 = quantileOfSorted(sorted, 0.75, transform);
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  return { low: q1 - iqrs * iqr, median: quantileOfSorted(sorted, 0.5, transform), high: q3 + iqrs * iqr };
}

/**
 * Reorders `values` in place so that each position a quantile at one of `probabilities` reads (the ranks
 * floor((n - 1) p) and the one after) holds the value a full ascending sort would put there, every value
 * before it being no larger and every value after it no smaller: {@link quantileOfSorted} and
 * {@link tukeyFences} then read those quantiles as from the sorted array, in linear rather than n log n time.
 * Values must not be NaN.
 */
export function placeQuantileRanks(values: Float64Array, probabilities: readonly number[]): void {
  const count = values.length;
  if (count === 0) return;
  const ranks = [
    ...new Set(
      probabilities.flatMap((p) => {
        const below = Math.floor((count - 1) * p);
        return below + 1 < count ? [below, below + 1] : [below];
      }),
    ),
  ];
  placeRanks(values, ranks);
}

/**
 * Reorders `values` in place so that each of `ranks` (0-based positions of the ascending order) holds the value
 * a full sort would put there, every value before it being no larger and every value after it no smaller.
 * Linear time for a few ranks. Values must not be NaN.
 */
export function placeRanks(values: Float64Array, ranks: readonly number[]): void {
  const wanted = [...new Set(ranks)].filter((rank) => rank >= 0 && rank < values.length);
  placeRanksWithin(
    values,
    wanted.sort((a, b) => a - b),
    0,
    values.length - 1,
  );
}

/**
 * {@link placeRanks} for ascending `ranks` within values[low..high], already partitioned from the rest: the
 * middle rank first, then the ranks below it left of it and those above right of it, so each selection works
 * on a part of the values only. A rank at either end of its part is the part's minimum or maximum, found by
 * one scan.
 */
function placeRanksWithin(values: Float64Array, ranks: readonly number[], low: number, high: number): void {
  if (ranks.length === 0) return;
  const middle = ranks.length >>> 1;
  const rank = ranks[middle]!;
  if (rank === low) placeExtreme(values, low, low, high, -1);
  else if (rank === high) placeExtreme(values, high, low, high, 1);
  else selectRank(values, rank, low, high);
  placeRanksWithin(values, ranks.slice(0, middle), low, rank - 1);
  placeRanksWithin(values, ranks.slice(middle + 1), rank + 1, high);
}

/** Swaps the smallest (sign -1) or largest (sign 1) of values[low..high] into position `at`. */
function placeExtreme(values: Float64Array, at: number, low: number, high: number, sign: 1 | -1): void {
  let best = at;
  for (let i = low; i <= high; i++) if (sign * (values[i]! - values[best]!) > 0) best = i;
  swap(values, at, best);
}

/** Quickselect (median-of-three pivots): puts the rank-th smallest of values[low..high] at `rank`. */
function selectRank(values: Float64Array, rank: number, low: number, high: number): void {
  let left = low;
  let right = high;
  while (right > left) {
    const middle = (left + right) >>> 1;
    // Median of three as the pivot, against sorted or constant runs.
    if (values[middle]! < values[left]!) swap(values, middle, left);
    if (values[right]! < values[left]!) swap(values, right, left);
    if (values[right]! < values[middle]!) swap(values, right, middle);
    const pivot = values[middle]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (rank <= j) right = j;
    else if (rank >= i) left = i;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const value = values[a]!;
  values[a] = values[b]!;
  values[b] = value;
}

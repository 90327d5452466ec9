/**
 * The distribution of a period's outcome: closed won + Σ over open deals of amount_i × Bernoulli(p_i)
 * (+ optionally new-pipeline revenue given as a discrete distribution), summarised as mean, sd, P10/P50/P90
 * and the probability of reaching given targets (quota, forecast).
 *
 * Two methods, chosen by size (or forced with `method`):
 * - `grid`: amounts rounded to a grid of width h (a multiple of the amounts' greatest common divisor, so round
 *   amounts are exact), then the exact distribution on that grid by convolution: a direct recurrence inside
 *   blocks of deals, blocks merged pairwise by FFT. Rounding deal i moves it by e_i = h·round(a_i/h) - a_i, so
 *   every realised outcome on the grid is within [-Σ e_i⁺, +Σ e_i⁻] of the true one: each quantile is off by at
 *   most `errorBound` (money) and each probability is bracketed by `lower`/`upper`. Round amounts (multiples of
 *   h) give errorBound 0: the result is exact up to floating point.
 * - `cornish-fisher`: a normal skew- and kurtosis-corrected by the first four cumulants (exact sums over the
 *   deals). No guaranteed bound (`errorBound` null). `auto` picks it from 300 uncertain deals on, when no deal
 *   (nor the new-pipeline term) holds more than 5% of the variance: measured there against a grid of error
 *   bound 0.001 sd, on 300-1,000 deals with heavy-tailed amounts (largest variance share 1-4%), its P10/P50/P90
 *   were within 0.001 sd; the tests hold it within 0.01 sd of the exact grid and within Monte Carlo's error on
 *   2,000 deals. It takes milliseconds for 100k deals (DESIGN.md §5), the grid 0.03-0.2 s for 300-1,000 deals
 *   and seconds at 2^20 bins.
 * - The grid starts at 2^12 bins and is refined by factors of 4 until its bound is within `targetError` sd
 *   (0.01 by default) or it reaches `maxBins` (2^18 by default, about 0.3-0.4 s). The bound is a worst case
 *   (every rounded-up deal won, every rounded-down one lost), so for hundreds of deals of uneven size it stays
 *   above the target (on 705 demo deals: 0.003 sd at 2^20 bins, 1.4 s) and is reported as is.
 * - With `auto`, a grid whose bound still exceeds the sd (tens of thousands of deals on few bins, each bin worth
 *   many deals) gives way to Cornish-Fisher for the deals' sum mixed over the new-pipeline values
 *   (P(outcome ≤ x) = Σ_k w_k P(D ≤ x - n_k)), reported as `cornish-fisher`.
 * @module
 */
import { convolve } from './convolution.js';
import { normalCdf, normalQuantile } from './normal.js';

/** A discrete distribution: value j (minor units) with probability `probabilities[j]` (summing to 1). */
export interface DiscreteDistribution {
  readonly values: ArrayLike<number>;
  readonly probabilities: ArrayLike<number>;
}

export interface OutcomeInput {
  /** Already closed won in the period, minor units (a constant). */
  readonly closed: number;
  /** Open deals' amounts, minor units (integers ≥ 0), index-aligned with `probabilities`. */
  readonly amounts: ArrayLike<number>;
  /** Each open deal's probability of closing won within the period, in [0, 1]. */
  readonly probabilities: ArrayLike<number>;
  /** Revenue from pipeline not yet created, independent of the deals. */
  readonly newPipeline?: DiscreteDistribution;
}

export type DistributionMethod = 'grid' | 'cornish-fisher';

export interface OutcomeOptions {
  /** Amounts to report P(outcome ≥ target) for (quota, forecast, …). */
  readonly targets?: readonly number[];
  /** `auto` (default) picks by size as described in the module header. */
  readonly method?: DistributionMethod | 'auto';
  /**
   * Most grid bins (default 2^18). The grid is refined from 2^12 bins until its error bound is within 0.01 sd
   * (`targetError`) or it has this many: more bins, smaller errorBound, more time.
   */
  readonly maxBins?: number;
  /** The grid's error bound to aim for, in sd (default 0.01; 0: exact when the amounts' divisor allows). */
  readonly targetError?: number;
}

export interface TargetProbability {
  readonly target: number;
  /** P(outcome ≥ target). */
  readonly probability: number;
  /** Bounds on the true probability from the grid's rounding (equal to `probability` for Cornish-Fisher). */
  readonly lower: number;
  readonly upper: number;
}

export interface OutcomeDistribution {
  readonly method: DistributionMethod;
  /** Exact mean and standard deviation (from the inputs, not the grid), minor units. */
  readonly mean: number;
  readonly sd: number;
  /** Quantiles (smallest x with P(outcome ≤ x) ≥ q), minor units, rounded to whole minor units. */
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Largest possible error of each quantile, minor units; null for Cornish-Fisher (see module header). */
  readonly errorBound: number | null;
  /** The grid's bin width, minor units (null for Cornish-Fisher). */
  readonly binWidth: number | null;
  readonly probabilityAtLeast: readonly TargetProbability[];
  /** Open deals with 0 < p < 1 and a non-zero amount: the ones that make the outcome uncertain. */
  readonly uncertainDeals: number;
}

const DEFAULT_MAX_BINS = 1 << 18;
/** The grid starts this coarse… */
const MIN_GRID_BINS = 1 << 12;
/** …and by default refined until its error bound is at most this many sd (or it reaches the most bins). */
const DEFAULT_TARGET_ERROR = 0.01;
/** `auto` uses Cornish-Fisher from this many uncertain deals on… */
const CORNISH_FISHER_MIN_DEALS = 300;
/** …when no single deal (or the new-pipeline term) holds more than this share of the variance. */
const CORNISH_FISHER_MAX_VARIANCE_SHARE = 0.05;
/** Deals merged by the direct recurrence before FFT merging takes over. */
const BLOCK_SIZE = 64;
/** Slack for cumulative sums of floating-point probabilities when finding quantiles. */
const CUMULATIVE_SLACK = 1e-12;

/** The outcome distribution of a period; see the module header for the methods and their error. */
export function outcomeDistribution(input: OutcomeInput, options: OutcomeOptions = {}): OutcomeDistribution {
  const terms = uncertainTerms(input);
  const cumulants = outcomeCumulants(terms, input.newPipeline);
  const method =
    options.method === undefined || options.method === 'auto'
      ? chooseMethod(terms, cumulants)
      : options.method;
  const targets = options.targets ?? [];
  if (method === 'cornish-fisher' && cumulants.variance > 0)
    return cornishFisherOutcome(terms, cumulants, targets);
  const mean = terms.certain + cumulants.mean;
  const sd = Math.sqrt(cumulants.variance);
  const grid = {
    maxBins: options.maxBins ?? DEFAULT_MAX_BINS,
    targetError: (options.targetError ?? DEFAULT_TARGET_ERROR) * sd,
  };
  const onGrid = gridOutcome(terms, input.newPipeline, targets, grid, mean, sd);
  // A grid whose rounding can move the outcome by more than its sd says little (tens of thousands of deals under
  // few bins): `auto` then takes Cornish-Fisher for the deals, mixed over the new-pipeline term.
  const automatic = options.method === undefined || options.method === 'auto';
  if (automatic && terms.amounts.length >= CORNISH_FISHER_MIN_DEALS && onGrid.errorBound! > sd) {
    return cornishFisherMixture(terms, input.newPipeline, targets, mean, sd);
  }
  return onGrid;
}

/**
 * Cornish-Fisher for the deals' sum D (its own four cumulants), mixed over the new-pipeline term's values n_k
 * with their probabilities w_k: P(outcome ≤ x) = Σ_k w_k P(D ≤ x - n_k), quantiles by bisection on it. For many
 * deals with a new-pipeline term too uneven for Cornish-Fisher on the whole (a few past periods' outcomes).
 */
function cornishFisherMixture(
  terms: UncertainTerms,
  newPipeline: DiscreteDistribution | undefined,
  targets: readonly number[],
  mean: number,
  sd: number,
): OutcomeDistribution {
  const extra = newPipeline ? checkedDiscrete(newPipeline) : { values: [0], probabilities: [1] };
  const deals = outcomeCumulants(terms, undefined);
  const dealMean = terms.certain + deals.mean;
  const dealSd = Math.sqrt(deals.variance);
  const skew = deals.third / dealSd ** 3;
  const kurtosis = deals.fourth / dealSd ** 4;
  const below = (x: number): number => {
    let total = 0;
    for (let k = 0; k < extra.values.length; k++) {
      const w = (x - extra.values[k]! - dealMean) / dealSd;
      total += extra.probabilities[k]! * normalCdf(standardisedByCornishFisher(w, skew, kurtosis));
    }
    return total;
  };
  const values = Array.from(extra.values);
  const quantile = (q: number): number => {
    let low = dealMean + Math.min(...values) - 10 * dealSd;
    let high = dealMean + Math.max(...values) + 10 * dealSd;
    for (let step = 0; step < 100 && high - low > 0.5; step++) {
      const middle = (low + high) / 2;
      if (below(middle) < q) low = middle;
      else high = middle;
    }
    return Math.round((low + high) / 2);
  };
  return cornishFisherResult(terms, targets, mean, sd, quantile, (target) => 1 - below(target));
}

/** A Cornish-Fisher result (no error bound) from its quantile function and P(outcome ≥ target). */
function cornishFisherResult(
  terms: UncertainTerms,
  targets: readonly number[],
  mean: number,
  sd: number,
  quantile: (q: number) => number,
  atLeast: (target: number) => number,
): OutcomeDistribution {
  return {
    method: 'cornish-fisher',
    mean,
    sd,
    p10: quantile(0.1),
    p50: quantile(0.5),
    p90: quantile(0.9),
    errorBound: null,
    binWidth: null,
    probabilityAtLeast: targets.map((target) => {
      const probability = atLeast(target);
      return { target, probability, lower: probability, upper: probability };
    }),
    uncertainDeals: terms.amounts.length,
  };
}

/** The deals that make the outcome uncertain, and the constant part (closed + deals with p = 1). */
interface UncertainTerms {
  readonly certain: number;
  readonly amounts: Float64Array;
  readonly probabilities: Float64Array;
}

function uncertainTerms(input: OutcomeInput): UncertainTerms {
  const { amounts, probabilities } = input;
  if (amounts.length !== probabilities.length) {
    throw new RangeError(
      `outcomeDistribution: ${amounts.length} amounts but ${probabilities.length} probabilities`,
    );
  }
  let certain = input.closed;
  const keptAmounts: number[] = [];
  const keptProbabilities: number[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const amount = amounts[i]!;
    const p = probabilities[i]!;
    if (!(amount >= 0) || !Number.isInteger(amount) || !(p >= 0 && p <= 1)) {
      throw new RangeError(`outcomeDistribution: deal ${i} has amount ${amount} and probability ${p}`);
    }
    if (amount === 0 || p === 0) continue;
    if (p === 1) certain += amount;
    else {
      keptAmounts.push(amount);
      keptProbabilities.push(p);
    }
  }
  return {
    certain,
    amounts: Float64Array.from(keptAmounts),
    probabilities: Float64Array.from(keptProbabilities),
  };
}

/** First four cumulants of the uncertain part, and the largest single share of its variance. */
interface Cumulants {
  readonly mean: number;
  readonly variance: number;
  readonly third: number;
  readonly fourth: number;
  readonly largestVarianceShare: number;
}

function outcomeCumulants(terms: UncertainTerms, newPipeline: DiscreteDistribution | undefined): Cumulants {
  let mean = 0;
  let variance = 0;
  let third = 0;
  let fourth = 0;
  let largest = 0;
  for (let i = 0; i < terms.amounts.length; i++) {
    const a = terms.amounts[i]!;
    const p = terms.probabilities[i]!;
    const q = p * (1 - p);
    const a2 = a * a;
    mean += a * p;
    variance += a2 * q;
    third += a2 * a * q * (1 - 2 * p);
    fourth += a2 * a2 * q * (1 - 6 * q);
    largest = Math.max(largest, a2 * q);
  }
  if (newPipeline) {
    const extra = discreteCumulants(newPipeline);
    mean += extra.mean;
    variance += extra.variance;
    third += extra.third;
    fourth += extra.fourth;
    largest = Math.max(largest, extra.variance);
  }
  return { mean, variance, third, fourth, largestVarianceShare: variance > 0 ? largest / variance : 0 };
}

function discreteCumulants(distribution: DiscreteDistribution): Omit<Cumulants, 'largestVarianceShare'> {
  const { values, probabilities } = checkedDiscrete(distribution);
  let mean = 0;
  for (let j = 0; j < values.length; j++) mean += values[j]! * probabilities[j]!;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let j = 0; j < values.length; j++) {
    const d = values[j]! - mean;
    const w = probabilities[j]!;
    m2 += w * d * d;
    m3 += w * d * d * d;
    m4 += w * d * d * d * d;
  }
  return { mean, variance: m2, third: m3, fourth: m4 - 3 * m2 * m2 };
}

function checkedDiscrete(distribution: DiscreteDistribution): DiscreteDistribution {
  const { values, probabilities } = distribution;
  let total = 0;
  for (let j = 0; j < probabilities.length; j++) total += probabilities[j]!;
  const integral = Array.from(values).every((value) => Number.isInteger(value));
  if (
    values.length !== probabilities.length ||
    values.length === 0 ||
    !integral ||
    Math.abs(total - 1) > 1e-9
  ) {
    throw new RangeError(
      'outcomeDistribution: newPipeline needs integer values and probabilities summing to 1',
    );
  }
  return distribution;
}

function chooseMethod(terms: UncertainTerms, cumulants: Cumulants): DistributionMethod {
  return terms.amounts.length >= CORNISH_FISHER_MIN_DEALS &&
    cumulants.largestVarianceShare <= CORNISH_FISHER_MAX_VARIANCE_SHARE
    ? 'cornish-fisher'
    : 'grid';
}

function cornishFisherOutcome(
  terms: UncertainTerms,
  cumulants: Cumulants,
  targets: readonly number[],
): OutcomeDistribution {
  const mean = terms.certain + cumulants.mean;
  const sd = Math.sqrt(cumulants.variance);
  const skew = cumulants.third / sd ** 3;
  const kurtosis = cumulants.fourth / sd ** 4;
  return cornishFisherResult(
    terms,
    targets,
    mean,
    sd,
    (q) => Math.round(mean + sd * cornishFisherZ(normalQuantile(q), skew, kurtosis)),
    (target) => 1 - normalCdf(standardisedByCornishFisher((target - mean) / sd, skew, kurtosis)),
  );
}

/** The Cornish-Fisher expansion: the standardised quantile of a distribution with this skew and excess kurtosis. */
export function cornishFisherZ(z: number, skew: number, excessKurtosis: number): number {
  const z2 = z * z;
  return (
    z +
    ((z2 - 1) * skew) / 6 +
    ((z2 * z - 3 * z) * excessKurtosis) / 24 -
    ((2 * z2 * z - 5 * z) * skew * skew) / 36
  );
}

/**
 * The inverse of {@link cornishFisherZ} in z, by bisection: the normal quantile z whose corrected value is w, so
 * that probabilities agree with the quantiles. Where the expansion is not monotone (extreme skew, never chosen
 * by `auto`) it returns the bracket end.
 */
function standardisedByCornishFisher(w: number, skew: number, kurtosis: number): number {
  let low = -8;
  let high = 8;
  if (w <= cornishFisherZ(low, skew, kurtosis)) return low;
  if (w >= cornishFisherZ(high, skew, kurtosis)) return high;
  for (let step = 0; step < 60; step++) {
    const middle = (low + high) / 2;
    if (cornishFisherZ(middle, skew, kurtosis) < w) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function gridOutcome(
  terms: UncertainTerms,
  newPipeline: DiscreteDistribution | undefined,
  targets: readonly number[],
  grid: { readonly maxBins: number; readonly targetError: number },
  mean: number,
  sd: number,
): OutcomeDistribution {
  const extra = newPipeline ? checkedDiscrete(newPipeline) : { values: [0], probabilities: [1] };
  const extraValues = Array.from(extra.values);
  const extraBase = Math.min(...extraValues);
  const offsets = extraValues.map((value) => value - extraBase);
  const { width, overstated, understated } = chooseGrid(
    terms.amounts,
    offsets,
    grid.maxBins,
    grid.targetError,
  );
  const bins = Int32Array.from(terms.amounts, (amount) => Math.round(amount / width));
  const extraMass = extraOnGrid(extraValues, extra.probabilities, extraBase, width);
  const mass = convolve(dealsOnGrid(bins, terms.probabilities), extraMass.mass);
  const base = terms.certain + extraBase;
  const cumulative = cumulativeOf(mass);
  const quantile = (q: number): number => base + width * firstIndexReaching(cumulative, q);
  const atLeast = (target: number): number => {
    // Bins k with base + k·width ≥ target.
    const first = Math.ceil((target - base) / width);
    if (first <= 0) return 1;
    if (first >= cumulative.length) return 0;
    return Math.max(0, 1 - cumulative[first - 1]!);
  };
  const probabilityAtLeast = targets.map((target) => ({
    target,
    probability: atLeast(target),
    // The true outcome lies in [grid - overstated, grid + understated].
    lower: atLeast(target + overstated),
    upper: atLeast(target - understated),
  }));
  return {
    method: 'grid',
    mean,
    sd,
    p10: Math.round(quantile(0.1)),
    p50: Math.round(quantile(0.5)),
    p90: Math.round(quantile(0.9)),
    errorBound: Math.max(overstated, understated),
    binWidth: width,
    probabilityAtLeast,
    uncertainDeals: terms.amounts.length,
  };
}

/**
 * The coarsest grid (fewest bins, from 2^12 up by factors of 4 to `maxBins`) whose error bound is within
 * `targetError` (money), else the finest allowed: the time goes as bins × log(bins), and most outcomes need far
 * fewer than the most.
 */
function chooseGrid(
  amounts: Float64Array,
  extraOffsets: readonly number[],
  maxBins: number,
  targetError: number,
): { width: number; overstated: number; understated: number } {
  for (let bins = Math.min(MIN_GRID_BINS, maxBins); ; bins *= 4) {
    const width = binWidth(amounts, extraOffsets, Math.min(bins, maxBins));
    const errors = roundingErrors(amounts, extraOffsets, width);
    if (bins >= maxBins || Math.max(errors.overstated, errors.understated) <= targetError) {
      return { width, ...errors };
    }
  }
}

/**
 * How far the grid can overstate or understate a realised outcome: Σ of the deals' positive and negative
 * rounding errors, plus the new-pipeline term's largest each way (only one of its values is realised).
 */
function roundingErrors(
  amounts: Float64Array,
  extraOffsets: readonly number[],
  width: number,
): { overstated: number; understated: number } {
  let overstated = 0;
  let understated = 0;
  for (const amount of amounts) {
    const error = Math.round(amount / width) * width - amount;
    if (error > 0) overstated += error;
    else understated -= error;
  }
  let extraOver = 0;
  let extraUnder = 0;
  for (const offset of extraOffsets) {
    const error = Math.round(offset / width) * width - offset;
    extraOver = Math.max(extraOver, error);
    extraUnder = Math.max(extraUnder, -error);
  }
  return { overstated: overstated + extraOver, understated: understated + extraUnder };
}

/**
 * The bin width: the greatest common divisor g of all amounts when the grid then fits in `maxBins` (exact),
 * else the smallest multiple of g that fits.
 */
function binWidth(amounts: Float64Array, extraOffsets: readonly number[], maxBins: number): number {
  let divisor = 0;
  let total = 0;
  for (const amount of amounts) {
    divisor = gcd(divisor, amount);
    total += amount;
  }
  let extraSpan = 0;
  for (const offset of extraOffsets) {
    divisor = gcd(divisor, offset);
    extraSpan = Math.max(extraSpan, offset);
  }
  total += extraSpan;
  if (divisor === 0) return 1;
  return divisor * Math.max(1, Math.ceil(total / divisor / maxBins));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The deals' exact distribution on the grid: a direct recurrence per block, blocks merged pairwise. */
function dealsOnGrid(bins: Int32Array, probabilities: Float64Array): Float64Array {
  let parts: Float64Array[] = [];
  for (let start = 0; start < bins.length; start += BLOCK_SIZE) {
    const end = Math.min(bins.length, start + BLOCK_SIZE);
    let span = 0;
    for (let i = start; i < end; i++) span += bins[i]!;
    const mass = new Float64Array(span + 1);
    mass[0] = 1;
    let reach = 0;
    for (let i = start; i < end; i++) {
      const k = bins[i]!;
      const p = probabilities[i]!;
      // Backwards, so each deal is counted once: mass'[j] = (1-p)·mass[j] + p·mass[j-k].
      for (let j = reach + k; j >= 0; j--) {
        const stay = j <= reach ? mass[j]! * (1 - p) : 0;
        mass[j] = stay + (j >= k ? mass[j - k]! * p : 0);
      }
      reach += k;
    }
    parts.push(mass);
  }
  if (parts.length === 0) return Float64Array.of(1);
  while (parts.length > 1) {
    const merged: Float64Array[] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const next = parts[i + 1];
      merged.push(next ? convolve(parts[i]!, next) : parts[i]!);
    }
    parts = merged;
  }
  return parts[0]!;
}

function extraOnGrid(
  values: readonly number[],
  probabilities: ArrayLike<number>,
  base: number,
  width: number,
): { mass: Float64Array } {
  const bins = values.map((value) => Math.round((value - base) / width));
  const mass = new Float64Array(Math.max(...bins) + 1);
  bins.forEach((bin, j) => {
    mass[bin]! += probabilities[j]!;
  });
  return { mass };
}

function cumulativeOf(mass: Float64Array): Float64Array {
  let total = 0;
  for (const value of mass) total += value;
  const cumulative = new Float64Array(mass.length);
  let running = 0;
  for (let k = 0; k < mass.length; k++) {
    running += mass[k]! / total;
    cumulative[k] = running;
  }
  return cumulative;
}

function firstIndexReaching(cumulative: Float64Array, q: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! >= q - CUMULATIVE_SLACK) high = middle;
    else low = middle + 1;
  }
  return low;
}

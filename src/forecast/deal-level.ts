/**
 * The deal-level forecast of a period: closed won so far + Σ over open deals closing in the period of
 * amount × p × won-amount ratio (the deal-level model, src/forecast/deal-model.ts) + the new-pipeline term.
 *
 * New pipeline: a period also books deals that were not open in it on the as-of day: created later, or pulled
 * in from another period. In each past period k the model learned from, that was X_k (won from outside the
 * snapshot's examples); it scales with the pipeline the team creates, so the term is
 *
 *   newPipeline = Σ_k w_k (X_k / C_k) / Σ_k w_k × C_now,   w_k = 2^(-k) (k = 0 the latest period),
 *
 * where C is the amount of deals created in the 91 days up to the snapshot day. Its spread over the past
 * periods (each X_k / C_k × C_now with probability w_k / Σ w) is the new-pipeline part of the outcome
 * distribution.
 * @module
 */
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { DayNumber } from '../domain/dates.js';
import {
  dealProbabilities,
  describeAllButActivity,
  describeDeals,
  exampleStage,
  expectedValues,
  fitDealModel,
  pastPeriods,
  periodLessons,
  periodOffset,
  recentCreated,
  type DealModel,
  type DealModelSource,
  type Described,
  type Examples,
  type PeriodLesson,
} from './deal-model.js';
import { firstCreatedDay, periodDeals, periodEnded, SCOPE, type PeriodDeals } from './period-deals.js';

export interface NewPipelineTerm {
  /** Expected revenue from deals not open in the period on the as-of day. */
  readonly expected: number;
  /** One outcome per past period (its rate × the pipeline created recently)… */
  readonly outcomes: readonly number[];
  /** …with its probability (the period's recency weight, normalised). */
  readonly probabilities: readonly number[];
  /** Amount created in the 91 days up to the as-of day. */
  readonly recentCreated: number;
}

/**
 * The period-level swing: deals of one period are not independent (a strong or weak quarter lifts or sinks
 * them together). Each past period k's won amount over its model expectation, W_k / E_k, varies across periods
 * by more than independent deals explain; the excess variance
 *
 *   τ² = max(0, var_k(W_k / E_k) - mean_k(V_k / E_k²)),   V_k = Σ (amount × ratio)² p (1 - p),
 *
 * makes the open pipeline's total S swing by a shared factor (1 + ε), ε ~ N(0, τ²): an extra term of sd τ × E[S].
 * Needs three past periods; with fewer, τ = 0 and the distribution says so.
 */
export interface PeriodSwing {
  readonly tau: number;
  /** τ × the expected weighted pipeline now, minor units. */
  readonly sd: number;
  readonly periods: number;
}

/** Fewest past periods to estimate the period-level swing from. */
export const MIN_SWING_PERIODS = 3;

export interface DealLevelForecast {
  readonly model: DealModel;
  /** Past periods learned from, most recent first. */
  readonly periodsUsed: readonly string[];
  readonly deals: PeriodDeals;
  /** The open deals in scope, described. */
  readonly examples: Examples;
  /** Per opportunity: its probability of closing won in the period (0 outside the open deals in scope). */
  readonly probability: Float64Array;
  /** Per opportunity: its expected won amount (amount × p × won-amount ratio), unrounded. */
  readonly expected: Float64Array;
  readonly newPipeline: NewPipelineTerm;
  readonly swing: PeriodSwing;
  readonly closed: number;
  /** Σ expected, rounded once. */
  readonly weightedPipeline: number;
  readonly forecast: number;
}

/**
 * The lessons of up to `count` completed periods of the kind of `period` before `asOfDay`, each on the same day
 * of its period. `cache` (by period name and offset) lets a backtest reuse them across its folds. The deals
 * described `alongside` (the forecast's open deals) get their last activities in the same pass as the lessons'.
 */
function learnFromHistory(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
  cache: Map<string, PeriodLesson> = new Map(),
  alongside: readonly Described[] = [],
): PeriodLesson[] {
  const offset = periodOffset(period, asOfDay);
  const periods = learningPeriods(source, period, asOfDay, count);
  const key = (past: AnalysisPeriod) => `${past.name}@${offset}`;
  const missing = periods.filter((past) => !cache.has(key(past)));
  const learned = periodLessons(source, missing, offset, alongside);
  learned.forEach((lesson, k) => cache.set(key(missing[k]!), lesson));
  return periods.map((past) => cache.get(key(past))!);
}

/**
 * The lessons ({@link learnFromHistory}) and the open deals of `deals` described ({@link describeDeals}),
 * the last activities of both found in one pass: what {@link dealLevelForecast} reads.
 */
export function lessonsAndExamples(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
  deals: PeriodDeals,
  cache: Map<string, PeriodLesson> = new Map(),
): { readonly lessons: PeriodLesson[]; readonly examples: Examples } {
  // The period's open deals (open with an amount and a close date in the period): the rows of `deals` in scope open.
  const open = deals.rows.filter((i) => deals.scope[i] === SCOPE.open);
  const now = describeAllButActivity(source, deals.facts, open);
  const lessons = learnFromHistory(source, period, asOfDay, count, cache, [now]);
  return { lessons, examples: now.examples };
}

/** The past periods {@link learnFromHistory} learns from: those that ended by the day, after the first deal. */
function learningPeriods(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
): AnalysisPeriod[] {
  return pastPeriods(source.config, period, asOfDay, count, firstCreatedDay(source.dataset));
}

/**
 * Builds, in one pass over the history, the deal facts of every day a forecast of `period` as of `asOfDay`
 * reads: the day itself, and for each of the `count` past periods its snapshot day, its end and the day before
 * it starts (the historical-conversion model's).
 */
export function prepareHistoryDays(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
): void {
  const offset = periodOffset(period, asOfDay);
  source.days.prepare([
    asOfDay,
    ...learningPeriods(source, period, asOfDay, count).flatMap((past) => [
      Math.min(past.endDay, past.startDay - 1 + offset),
      past.endDay,
      past.startDay - 1,
    ]),
  ]);
}

/** The deal-level forecast of `period` as of `asOfDay`, from the lessons of past periods. */
export function dealLevelForecast(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  lessons: readonly PeriodLesson[],
  deals: PeriodDeals = periodDeals(source.dataset, source.config, period, asOfDay, source.days.on(asOfDay)),
  /** The open deals of `deals` described, when the caller has them ({@link lessonsAndExamples}). */
  examples: Examples = describeDeals(source, deals.facts, (i) => deals.scope[i] === SCOPE.open),
): DealLevelForecast {
  const model = fitDealModel(
    source,
    lessons.map((lesson) => lesson.examples),
    recencyWeights(lessons.length),
  );
  const rowProbabilities = dealProbabilities(model, examples);
  const rowExpected = expectedValues(model, examples, rowProbabilities);
  const count = deals.scope.length;
  const probability = new Float64Array(count);
  const expected = new Float64Array(count);
  let weighted = 0;
  for (let r = 0; r < examples.deals.length; r++) {
    const i = examples.deals[r]!;
    probability[i] = rowProbabilities[r]!;
    expected[i] = rowExpected[r]!;
    weighted += rowExpected[r]!;
  }
  let closed = 0;
  for (let i = 0; i < count; i++) if (deals.scope[i] === SCOPE.won) closed += deals.facts.corporateAmount[i]!;
  // A period that has ended books no new pipeline: its outcome is what closed in it.
  const newPipeline = periodEnded(period, asOfDay)
    ? newPipelineTerm([], 0)
    : newPipelineTerm(lessons, recentCreated(source.dataset, deals.facts, asOfDay));
  const weightedPipeline = Math.round(weighted);
  const tau = periodSwing(model, lessons);
  return {
    model,
    periodsUsed: lessons.map((lesson) => lesson.period),
    deals,
    examples,
    probability,
    expected,
    newPipeline,
    swing: { tau, sd: Math.round(tau * weighted), periods: lessons.length },
    closed,
    weightedPipeline,
    forecast: closed + weightedPipeline + newPipeline.expected,
  };
}

/**
 * Past period k (0: the most recent) weighs 2^(-k / {@link HALF_LIFE_PERIODS}) in the model's fit and the
 * new-pipeline rate: a growing book shifts win rates and the mix of deals over time, and the recent past is the
 * better guide to the next period.
 */
export const HALF_LIFE_PERIODS = 1;

export function recencyWeights(count: number): number[] {
  return Array.from({ length: count }, (_, k) => 2 ** (-k / HALF_LIFE_PERIODS));
}

/**
 * The new-pipeline term of the module header, each past period's rate weighted by recency (the outcomes keep
 * those weights as their probabilities); 0 without lessons or when nothing was created recently.
 */
export function newPipelineTerm(lessons: readonly PeriodLesson[], createdNow: number): NewPipelineTerm {
  const weights = recencyWeights(lessons.length);
  const used = lessons.flatMap((lesson, k) =>
    lesson.recentCreated > 0
      ? [{ rate: lesson.newPipelineWon / lesson.recentCreated, weight: weights[k]! }]
      : [],
  );
  const total = used.reduce((sum, { weight }) => sum + weight, 0);
  const outcomes = used.map(({ rate }) => Math.round(rate * createdNow));
  const probabilities = used.map(({ weight }) => weight / total);
  const rate = used.reduce((sum, { rate: value, weight }) => sum + value * weight, 0) / (total || 1);
  return { expected: Math.round(rate * createdNow), outcomes, probabilities, recentCreated: createdNow };
}

/** τ of {@link PeriodSwing} from the model's in-sample expectations of the past periods (0 under three). */
export function periodSwing(model: DealModel, lessons: readonly PeriodLesson[]): number {
  const ratios: number[] = [];
  const noise: number[] = [];
  for (const lesson of lessons) {
    const { examples } = lesson;
    const p = dealProbabilities(model, examples);
    let expected = 0;
    let variance = 0;
    let won = 0;
    for (let r = 0; r < p.length; r++) {
      const amount = examples.amount[r]! * (model.wonAmountRatio[exampleStage(examples, r)] ?? 1);
      expected += amount * p[r]!;
      variance += amount * amount * p[r]! * (1 - p[r]!);
      won += examples.wonAmount[r]!;
    }
    if (expected <= 0) continue;
    ratios.push(won / expected);
    noise.push(variance / (expected * expected));
  }
  if (ratios.length < MIN_SWING_PERIODS) return 0;
  const mean = ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length;
  const spread = ratios.reduce((sum, ratio) => sum + (ratio - mean) ** 2, 0) / (ratios.length - 1);
  const expectedNoise = noise.reduce((sum, value) => sum + value, 0) / noise.length;
  return Math.sqrt(Math.max(0, spread - expectedNoise));
}

/**
 * The deal-level forecast of a period: closed won so far + Σ over open deals closing in the period of
 * amount × p × won-amount ratio (the deal-level model, src/forecast/deal-model.ts) + the new-pipeline term.
 *
 * New pipeline: a period also books deals that were not open in it on the as-of day: created later, or pulled
 * in from another period. In each past period k the model learned from, that was X_k (won from outside the
 * snapshot's examples); it scales with the pipeline the team creates, so the term is
 *
 *   newPipeline = mean_k (X_k / C_k) × C_now,
 *
 * where C is the amount of deals created in the 91 days up to the snapshot day. Its spread over the past
 * periods (each X_k / C_k × C_now, equally likely) is the new-pipeline part of the outcome distribution.
 * @module
 */
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { DayNumber } from '../domain/dates.js';
import {
  dealProbabilities,
  describeDeals,
  expectedValues,
  fitDealModel,
  pastPeriods,
  periodLesson,
  periodOffset,
  recentCreated,
  type DealModel,
  type DealModelSource,
  type Examples,
  type PeriodLesson,
} from './deal-model.js';
import { periodDeals, SCOPE, type PeriodDeals } from './period-deals.js';

export interface NewPipelineTerm {
  /** Expected revenue from deals not open in the period on the as-of day. */
  readonly expected: number;
  /** One equally likely outcome per past period (its rate × the pipeline created recently). */
  readonly outcomes: readonly number[];
  /** Amount created in the 91 days up to the as-of day. */
  readonly recentCreated: number;
}

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
  readonly closed: number;
  /** Σ expected, rounded once. */
  readonly weightedPipeline: number;
  readonly forecast: number;
}

/**
 * The lessons of up to `count` completed periods of the kind of `period` before `asOfDay`, each on the same day
 * of its period. `cache` (by period name and offset) lets a backtest reuse them across its folds.
 */
export function learnFromHistory(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  count: number,
  cache: Map<string, PeriodLesson> = new Map(),
): PeriodLesson[] {
  let firstCreated = Infinity;
  for (const day of source.dataset.opportunities.createdDay) firstCreated = Math.min(firstCreated, day);
  const offset = periodOffset(period, asOfDay);
  return pastPeriods(source.config, period, asOfDay, count, firstCreated).map((past) => {
    const key = `${past.name}@${offset}`;
    let lesson = cache.get(key);
    if (!lesson) {
      lesson = periodLesson(source, past, offset);
      cache.set(key, lesson);
    }
    return lesson;
  });
}

/** The deal-level forecast of `period` as of `asOfDay`, from the lessons of past periods. */
export function dealLevelForecast(
  source: DealModelSource,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  lessons: readonly PeriodLesson[],
  deals: PeriodDeals = periodDeals(source.dataset, source.config, period, asOfDay),
): DealLevelForecast {
  const model = fitDealModel(
    source,
    lessons.map((lesson) => lesson.examples),
  );
  const examples = describeDeals(source, deals.facts, (i) => deals.scope[i] === SCOPE.open);
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
  const newPipeline = newPipelineTerm(
    lessons,
    recentCreated(source.dataset, deals.facts, Math.min(asOfDay, period.endDay)),
  );
  const weightedPipeline = Math.round(weighted);
  return {
    model,
    periodsUsed: lessons.map((lesson) => lesson.period),
    deals,
    examples,
    probability,
    expected,
    newPipeline,
    closed,
    weightedPipeline,
    forecast: closed + weightedPipeline + newPipeline.expected,
  };
}

/** The new-pipeline term of the module header; 0 without lessons or when nothing was created recently. */
export function newPipelineTerm(lessons: readonly PeriodLesson[], createdNow: number): NewPipelineTerm {
  const rates = lessons
    .filter((lesson) => lesson.recentCreated > 0)
    .map((l) => l.newPipelineWon / l.recentCreated);
  const outcomes = rates.map((rate) => Math.round(rate * createdNow));
  const expected =
    outcomes.length > 0
      ? Math.round((rates.reduce((sum, rate) => sum + rate, 0) / rates.length) * createdNow)
      : 0;
  return { expected, outcomes, recentCreated: createdNow };
}

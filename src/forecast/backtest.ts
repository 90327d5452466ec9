/**
 * The backtest: for past fiscal periods, every model's forecast as of a day near the period's start (by default
 * the end of its 7th day, the start of week 2), rebuilt from history, against the amount actually closed won in
 * the period. Per model: MAPE, signed bias, and for the models with an outcome distribution how often the actual
 * fell inside its P10-P90 (calibration).
 *
 * MAPE = mean over periods with a non-zero actual of |forecast - actual| / actual; bias = mean of
 * (forecast - actual) / actual (positive: the model over-forecasts). The actual is the amount won with a close
 * date in the period, as known at the period's end.
 *
 * Each tested period's forecast learns only from periods that had ended by its own as-of day (the deal-level
 * model's lessons and the historical-conversion rates), so no outcome leaks into a forecast made before it.
 * Ranges: the stage-weighted model's is the outcome distribution under stage probabilities (deals independent),
 * the deal-level model's is the Distribution model (src/forecast/deal-outcome.ts); the Distribution's P50 is
 * scored as a model of its own.
 * @module
 */
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { fromDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { categoryRollup } from './category-rollup.js';
import { dealLevelForecast, lessonsAndExamples } from './deal-level.js';
import { dealModelSource, pastPeriods, periodLesson, type PeriodLesson } from './deal-model.js';
import { dealOutcomeDistribution } from './deal-outcome.js';
import { historicalConversionForecast, measureConversion, MIN_CELL_DEALS } from './historical-conversion.js';
import { firstCreatedDay, periodDeals, type ForecastConfig } from './period-deals.js';
import { periodOutcomeDistribution } from './period-outcome.js';
import {
  CONVERSION_PERIODS,
  FORECAST_MODELS,
  type BacktestSummary,
  type ForecastModelId,
  type ModelAccuracySummary,
} from './sales-forecast.js';
import { stageProbabilities, stageWeightedForecast } from './stage-weighted.js';

/** A backtest's forecasts are taken at the start of a week of each period: week w at offset (w - 1) × 7 days. */
export const DAYS_PER_WEEK = 7;
/** The start of week 2: forecasts are taken at the end of a period's 7th day. */
export const DEFAULT_OFFSET_DAYS = DAYS_PER_WEEK;

/** The offset of `week` (1: the day before the period began; 2: the end of its day 7). */
export const weekOffset = (week: number): number => (week - 1) * DAYS_PER_WEEK;

/** When each forecast of a backtest is taken, in words: "week 2 (day 7 of each period)". */
export function backtestDay(offsetDays: number): string {
  const day = offsetDays === 0 ? 'the day before each period began' : `day ${offsetDays} of each period`;
  return offsetDays % DAYS_PER_WEEK === 0 ? `week ${offsetDays / DAYS_PER_WEEK + 1} (${day})` : day;
}
/** Grid bins of the stage-probability distribution: milliseconds per period, its error bound a fraction of its sd. */
const BACKTEST_MAX_BINS = 1 << 14;
/** Past periods each tested period's historical models learn from. */
export const DEFAULT_LEARNING_PERIODS = 8;

export interface BacktestOptions {
  /** Past periods to test, most recent first. */
  readonly periods: number;
  /** The forecast is taken at the end of day (period start - 1 + offset); 0: the day before the period. */
  readonly offsetDays?: number;
  /** Past periods the deal-level model learns from before each tested one (default 8). */
  readonly learningPeriods?: number;
  readonly minCellDeals?: number;
}

export interface OutcomeRange {
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
}

export interface BacktestPeriod {
  readonly period: string;
  readonly asOf: IsoDate;
  readonly actual: number;
  readonly forecasts: Readonly<Record<ForecastModelId, number>>;
  /** The stage-probability distribution's range (the stage-weighted model's). */
  readonly stageRange: OutcomeRange;
  /** The Distribution model's range (the deal-level model's). */
  readonly dealRange: OutcomeRange;
  /** Which deal-level model was fitted for this period, and on how many past periods. */
  readonly dealModel: string;
  readonly learnedFrom: number;
}

export interface Backtest extends BacktestSummary {
  /** Tested periods, most recent first; fewer than asked when history is shorter. */
  readonly periods: readonly BacktestPeriod[];
  /** The Distribution model's P50 as a forecast, with its P10-P90 calibration. */
  readonly distribution: Omit<ModelAccuracySummary, 'model'>;
}

/**
 * Backtests every model on up to `options.periods` fiscal periods before `current` that ended by `asOfDay`.
 * Stops early at a period that ended before the first opportunity was created.
 */
export function backtest(
  dataset: Dataset,
  config: ForecastConfig,
  current: AnalysisPeriod,
  asOfDay: DayNumber,
  options: BacktestOptions,
): Backtest {
  if (current.kind === 'range') {
    throw new InputError({
      message: `a backtest steps back by fiscal periods, not from the date range ${current.name}`,
      fix: 'give a fiscal quarter, month or year, e.g. FY2026-Q3',
    });
  }
  if (!Number.isSafeInteger(options.periods) || options.periods < 1) {
    throw new InputError({
      message: `--periods must be a whole number >= 1 (got ${options.periods})`,
      fix: 'use 8, for example',
    });
  }
  const offsetDays = options.offsetDays ?? DEFAULT_OFFSET_DAYS;
  const source = dealModelSource(dataset, config);
  const lessons = new Map<string, PeriodLesson>();
  const past = pastPeriods(config, current, asOfDay, options.periods, firstCreatedDay(dataset));
  refuseOffsetPastEnd(past, offsetDays);
  const tested = past.map((period) => backtestPeriod(source, period, offsetDays, options, lessons));
  const accuracy = FORECAST_MODELS.map((model) =>
    accuracyOf(
      model,
      tested,
      (row) => row.forecasts[model],
      model === 'stage-weighted'
        ? (row) => row.stageRange
        : model === 'deal-level'
          ? (row) => row.dealRange
          : null,
    ),
  );
  const scored = accuracy.filter((row) => row.mape !== null);
  const best = scored.length > 0 ? scored.reduce((a, b) => (b.mape! < a.mape! ? b : a)) : null;
  const { model: _distribution, ...distribution } = accuracyOf(
    'deal-level',
    tested,
    (row) => row.dealRange.p50,
    (row) => row.dealRange,
  );
  return {
    periodsAsked: options.periods,
    periodsTested: tested.map((row) => row.period),
    offsetDays,
    accuracy,
    bestModel: best?.model ?? null,
    periods: tested,
    distribution,
  };
}

/**
 * A forecast must be made before its period ends: the offset must fall before the last day of the shortest
 * period tested (a later one would score what is already known, and could pick the report's model).
 */
function refuseOffsetPastEnd(periods: readonly AnalysisPeriod[], offsetDays: number): void {
  if (periods.length === 0) return;
  const shortest = periods.reduce((short, period) =>
    period.endDay - period.startDay < short.endDay - short.startDay ? period : short,
  );
  const days = shortest.endDay - shortest.startDay + 1;
  if (offsetDays < days) return;
  const lastWeek = Math.floor((days - 1) / DAYS_PER_WEEK) + 1;
  throw new InputError({
    message: `${backtestDay(offsetDays)} is past the end of ${shortest.name} (${days} days long): each forecast would be made after its period ended`,
    location: { field: '--week' },
    fix: `give a week from 1 to ${lastWeek}, e.g. --week 2 (the default)`,
  });
}

function backtestPeriod(
  source: ReturnType<typeof dealModelSource>,
  period: AnalysisPeriod,
  offsetDays: number,
  options: BacktestOptions,
  cache: Map<string, PeriodLesson>,
): BacktestPeriod {
  const { dataset, config } = source;
  const day = Math.min(period.endDay, period.startDay - 1 + offsetDays);
  const learningPeriods = options.learningPeriods ?? DEFAULT_LEARNING_PERIODS;
  const deals = periodDeals(dataset, config, period, day, source.days.on(day));
  const { lessons, examples } = lessonsAndExamples(source, period, day, learningPeriods, deals, cache);
  const dealLevel = dealLevelForecast(source, period, day, lessons, deals, examples);
  const dealRange = dealOutcomeDistribution(dealLevel, []).distribution;
  const stageRange = periodOutcomeDistribution(deals, stageProbabilities(dataset, deals, config), {
    maxBins: BACKTEST_MAX_BINS,
  });
  const categories = categoryRollup(dataset, config, period, day, [], [], deals);
  const conversion = historicalConversionForecast(
    dataset,
    config,
    period,
    day,
    [],
    CONVERSION_PERIODS,
    options.minCellDeals ?? MIN_CELL_DEALS,
    deals,
    measureConversion(dataset, config, period, day, CONVERSION_PERIODS, source.days.on),
  );
  // The tested period's own lesson holds its actual (and serves later periods' training).
  const key = `${period.name}@${offsetDays}`;
  let own = cache.get(key);
  if (!own) {
    own = periodLesson(source, period, offsetDays);
    cache.set(key, own);
  }
  const range = (distribution: OutcomeRange) => ({
    p10: distribution.p10,
    p50: distribution.p50,
    p90: distribution.p90,
  });
  return {
    period: period.name,
    asOf: fromDayNumber(day),
    actual: own.actual,
    forecasts: {
      'stage-weighted': stageWeightedForecast(dataset, config, period, day, [], deals).total.forecast,
      commit: categories.total.system.commit,
      'best-case': categories.total.system.bestCase,
      'historical-conversion': conversion.total.forecast,
      'deal-level': dealLevel.forecast,
    },
    stageRange: range(stageRange),
    dealRange: range(dealRange),
    dealModel: dealLevel.model.kind,
    learnedFrom: lessons.length,
  };
}

function accuracyOf(
  model: ForecastModelId,
  periods: readonly BacktestPeriod[],
  forecastOf: (row: BacktestPeriod) => number,
  rangeOf: ((row: BacktestPeriod) => OutcomeRange) | null,
): ModelAccuracySummary {
  const errors = periods
    .filter((row) => row.actual > 0)
    .map((row) => (forecastOf(row) - row.actual) / row.actual);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const inside = rangeOf
    ? periods.filter((row) => row.actual >= rangeOf(row).p10 && row.actual <= rangeOf(row).p90).length
    : 0;
  return {
    model,
    mape: errors.length > 0 ? mean(errors.map(Math.abs)) : null,
    bias: errors.length > 0 ? mean(errors) : null,
    p10p90Coverage: rangeOf && periods.length > 0 ? inside / periods.length : null,
  };
}

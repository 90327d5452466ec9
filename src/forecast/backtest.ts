/**
 * The backtest: for past fiscal periods, each model's forecast as of a day near the period's start (rebuilt
 * from history) against the amount actually closed won in the period, with per model the MAPE, the signed bias,
 * and for the stage-probability distribution how often the actual fell inside its P10-P90.
 *
 * MAPE = mean over periods with a non-zero actual of |forecast - actual| / actual; bias = mean of
 * (forecast - actual) / actual (positive: the model over-forecasts). The actual is the amount won with a close
 * date in the period, as known at the period's end.
 * @module
 */
import { dealFacts, OUTCOME } from '../analytics/deal-facts.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { fromDayNumber, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { categoryRollup } from './category-rollup.js';
import { historicalConversionForecast, MIN_CELL_DEALS } from './historical-conversion.js';
import { periodDeals, type ForecastConfig } from './period-deals.js';
import { periodOutcomeDistribution } from './period-outcome.js';
import { stageProbabilities, stageWeightedForecast } from './stage-weighted.js';

export const BACKTEST_MODELS = ['stage-weighted', 'commit', 'best-case', 'historical-conversion'] as const;
export type BacktestModel = (typeof BACKTEST_MODELS)[number];

export interface BacktestOptions {
  /** Past periods to test, most recent first. */
  readonly periods: number;
  /** The forecast is taken at the end of day (period start - 1 + offset); 0: the day before the period. */
  readonly offsetDays?: number;
  /** Past periods the historical-conversion model measures before each tested one (default 4). */
  readonly conversionPeriods?: number;
  readonly minCellDeals?: number;
}

export interface BacktestPeriod {
  readonly period: string;
  readonly asOf: IsoDate;
  readonly actual: number;
  readonly forecasts: Readonly<Record<BacktestModel, number>>;
  /** The stage-probability outcome distribution's P10 and P90 on that day. */
  readonly p10: number;
  readonly p90: number;
}

export interface ModelAccuracy {
  readonly model: BacktestModel;
  /** Null when no tested period had a non-zero actual. */
  readonly mape: number | null;
  readonly bias: number | null;
}

export interface Backtest {
  readonly periodsAsked: number;
  /** Tested periods, most recent first; fewer than asked when history is shorter. */
  readonly periods: readonly BacktestPeriod[];
  readonly accuracy: readonly ModelAccuracy[];
  /** Share of tested periods whose actual lay in [P10, P90]; null when none was tested. */
  readonly p10p90Coverage: number | null;
}

/**
 * Backtests the models on up to `options.periods` fiscal periods before `current` that ended by `asOfDay`.
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
  let firstCreated = Infinity;
  for (const day of dataset.opportunities.createdDay) firstCreated = Math.min(firstCreated, day);
  const tested: BacktestPeriod[] = [];
  let fiscal = config.fiscalCalendar.previous(current.name);
  while (toDayNumber(fiscal.end) > asOfDay) fiscal = config.fiscalCalendar.previous(fiscal);
  while (tested.length < options.periods && toDayNumber(fiscal.end) >= firstCreated) {
    const period: AnalysisPeriod = {
      name: fiscal.name,
      kind: fiscal.kind,
      start: fiscal.start,
      end: fiscal.end,
      startDay: toDayNumber(fiscal.start),
      endDay: toDayNumber(fiscal.end),
    };
    tested.push(backtestPeriod(dataset, config, period, options));
    fiscal = config.fiscalCalendar.previous(fiscal);
  }
  const inside = tested.filter((row) => row.actual >= row.p10 && row.actual <= row.p90).length;
  return {
    periodsAsked: options.periods,
    periods: tested,
    accuracy: BACKTEST_MODELS.map((model) => accuracyOf(model, tested)),
    p10p90Coverage: tested.length > 0 ? inside / tested.length : null,
  };
}

function backtestPeriod(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  options: BacktestOptions,
): BacktestPeriod {
  const day = period.startDay - 1 + (options.offsetDays ?? 0);
  const weighted = stageWeightedForecast(dataset, config, period, day, []);
  const categories = categoryRollup(dataset, config, period, day, []);
  const conversion = historicalConversionForecast(
    dataset,
    config,
    period,
    day,
    [],
    options.conversionPeriods ?? 4,
    options.minCellDeals ?? MIN_CELL_DEALS,
  );
  const deals = periodDeals(dataset, config, period, day);
  const distribution = periodOutcomeDistribution(deals, stageProbabilities(dataset, deals, config));
  return {
    period: period.name,
    asOf: fromDayNumber(day),
    actual: actualWon(dataset, config, period),
    forecasts: {
      'stage-weighted': weighted.total.forecast,
      commit: categories.total.system.commit,
      'best-case': categories.total.system.bestCase,
      'historical-conversion': conversion.total.forecast,
    },
    p10: distribution.p10,
    p90: distribution.p90,
  };
}

/** Won with a close date in the period, as known at its end. */
function actualWon(dataset: Dataset, config: ForecastConfig, period: AnalysisPeriod): number {
  const facts = dealFacts(dataset, config, period.endDay);
  let won = 0;
  for (let i = 0; i < facts.outcome.length; i++) {
    const close = facts.state.closeDay[i]!;
    const amount = facts.corporateAmount[i]!;
    if (
      facts.outcome[i] === OUTCOME.won &&
      close >= period.startDay &&
      close <= period.endDay &&
      !Number.isNaN(amount)
    ) {
      won += amount;
    }
  }
  return won;
}

function accuracyOf(model: BacktestModel, periods: readonly BacktestPeriod[]): ModelAccuracy {
  const errors = periods
    .filter((row) => row.actual > 0)
    .map((row) => (row.forecasts[model] - row.actual) / row.actual);
  if (errors.length === 0) return { model, mape: null, bias: null };
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return { model, mape: mean(errors.map(Math.abs)), bias: mean(errors) };
}

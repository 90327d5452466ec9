/**
 * The historical-conversion forecast: how much of the pipeline open at the start of past periods had closed won
 * by their end, by stage and segment, applied to the pipeline open now, plus what pipeline created inside a
 * period and won inside it used to bring.
 *
 * For each of the last N completed fiscal periods [S, E] of the forecast's kind (ending on or before the as-of
 * day), the state of every deal at the end of S - 1 and at the end of E is rebuilt from history (analytics deal
 * facts). A (stage, segment) cell's rate is pooled over the periods: Σ amount won by E (with a close date in
 * [S, E]) / Σ amount open at S, both in corporate money, so slipped, lost and shrunk deals all lower it. A cell
 * seen on fewer than `minCellDeals` deals (default {@link MIN_CELL_DEALS}) uses its stage's rate over all segments, and a stage seen on
 * fewer uses the stage model's default probability; each rate names the layer it came from.
 *
 * forecast = closed won in the period so far
 *          + Σ over deals open now (any close date) of amount × rate(stage, segment)
 *          + average created-and-won per past period × the share of the period still to come.
 * At a period's start (the backtest's case) the first and last terms are 0 and the whole period. Mid-period,
 * the rates (measured from a period's start) are applied to what is open now: an approximation.
 * @module
 */
import {
  countsAsPipeline,
  dealFacts,
  OUTCOME,
  stageIndexByCode,
  type DealFacts,
} from '../analytics/deal-facts.js';
import type { DimensionId } from '../analytics/dimensions.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { NO_INDEX, type Dataset } from '../dataset/dataset.js';
import { toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { existingEnd } from './deal-model.js';
import {
  periodDeals,
  periodEnded,
  SCOPE,
  sumByGroup,
  valuesAt,
  type ForecastConfig,
  type PeriodDealInputs,
  type PeriodDeals,
} from './period-deals.js';

/** By default, the fewest deals open at period starts for a cell (or a stage) to use its own rate. */
export const MIN_CELL_DEALS = 5;

export type ConversionLayer = 'stage-segment' | 'stage' | 'stage-default';

export interface ConversionRate {
  readonly stage: string;
  /** Segment label ('' when none). */
  readonly segment: string;
  /** Deals and amount open at past period starts in this cell, and the amount of them won by period ends. */
  readonly dealsAtStart: number;
  readonly openAtStart: number;
  readonly wonByEnd: number;
  /** The rate applied to this cell's open pipeline, and where it came from. */
  readonly rate: number;
  readonly layer: ConversionLayer;
}

export interface ConversionFigures {
  readonly closedWon: number;
  /** Open pipeline now, any close date. */
  readonly openPipeline: number;
  /** Σ open amount × rate. */
  readonly fromOpenPipeline: number;
}

export interface HistoricalConversionForecast {
  readonly model: 'historical-conversion';
  readonly period: string;
  readonly asOf: IsoDate;
  readonly by: readonly DimensionId[];
  readonly periodsAsked: number;
  /** The past periods measured (most recent first); fewer than asked when history is shorter. */
  readonly periodsUsed: readonly string[];
  /** Rates of the cells open now or seen in the past periods, by stage then segment. */
  readonly rates: readonly ConversionRate[];
  /** Average amount created and won inside one past period. */
  readonly createdAndWonPerPeriod: number;
  /** Per group: closed won and the open pipeline's expected conversion (new pipeline is only in the total). */
  readonly rows: readonly ({ readonly group: Partial<Record<DimensionId, string>> } & ConversionFigures & {
      readonly forecast: number;
    })[];
  readonly total: ConversionFigures & { readonly fromNewPipeline: number; readonly forecast: number };
  readonly inputs: PeriodDealInputs;
  /** Per opportunity: amount × rate for deals open now (0 elsewhere), unrounded. */
  readonly dealValues: Float64Array;
}

/** Cells are stage index × segment code. */
export interface CellTable {
  readonly segmentCount: number;
  readonly deals: Float64Array;
  readonly open: Float64Array;
  readonly won: Float64Array;
}

/** What the past periods measured: the cells' pipeline at period starts and what of it was won, per period used. */
export interface ConversionHistory {
  readonly cells: CellTable;
  /** The past periods measured (most recent first). */
  readonly periodsUsed: readonly string[];
  /** Σ over them of the amount created and won inside the period. */
  readonly createdAndWon: number;
}

/**
 * Measures up to `pastPeriods` completed fiscal periods of the kind of `period` before `asOfDay` (the same for
 * every split `by` and cell threshold, so a report measures them once for all its dimensions).
 */
export function measureConversion(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  pastPeriods: number,
  /** The deal facts of a past day (period starts and ends), when the caller keeps them. */
  factsOn: (day: DayNumber) => DealFacts = (day) => dealFacts(dataset, config, day),
): ConversionHistory {
  if (period.kind === 'range') {
    throw new InputError({
      message: `the historical-conversion model needs a fiscal period, not the date range ${period.name}`,
      fix: 'forecast a fiscal quarter, month or year, e.g. FY2026-Q3',
    });
  }
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const segmentCount = dataset.labels.segment.length;
  const cells: CellTable = {
    segmentCount,
    deals: new Float64Array(config.stageModel.stages.length * segmentCount),
    open: new Float64Array(config.stageModel.stages.length * segmentCount),
    won: new Float64Array(config.stageModel.stages.length * segmentCount),
  };
  const periodsUsed: string[] = [];
  let createdAndWon = 0;
  let past = config.fiscalCalendar.previous(period.name);
  // Periods not yet over on the as-of day are skipped (the forecast may be for a later period).
  while (toDayNumber(past.end) > asOfDay) past = config.fiscalCalendar.previous(past);
  while (periodsUsed.length < pastPeriods) {
    const measured = measurePeriod(
      dataset,
      factsOn,
      stageIndex,
      cells,
      toDayNumber(past.start),
      toDayNumber(past.end),
    );
    // A period before the data began (nothing open, nothing created) is history the workspace does not hold.
    if (!measured.hadDeals) break;
    createdAndWon += measured.createdAndWon;
    periodsUsed.push(past.name);
    past = config.fiscalCalendar.previous(past);
  }
  return { cells, periodsUsed, createdAndWon };
}

/**
 * The historical-conversion forecast of a fiscal `period` as of `asOfDay`, measured on up to `pastPeriods`
 * completed periods before it, split by `by`.
 */
export function historicalConversionForecast(
  dataset: Dataset,
  config: ForecastConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  by: readonly DimensionId[],
  pastPeriods: number,
  minCellDeals = MIN_CELL_DEALS,
  /** The period's deals on the day, when the caller has them already. */
  deals: PeriodDeals = periodDeals(dataset, config, period, asOfDay),
  /** The past periods measured ({@link measureConversion}), when the caller has them already. */
  history: ConversionHistory = measureConversion(dataset, config, period, asOfDay, pastPeriods),
): HistoricalConversionForecast {
  const { cells, periodsUsed, createdAndWon } = history;
  const stageIndex = stageIndexByCode(dataset.labels.stage, config.stageModel);
  const { segmentCount } = cells;
  const rateOf = cellRates(cells, config, minCellDeals);
  const { outcome, corporateAmount, state } = deals.facts;
  const count = outcome.length;
  // The deals it sums: won in the period so far, and open now with an amount (any close date) unless the period
  // has ended (then nothing open can still close in it).
  const ended = periodEnded(period, asOfDay);
  const summed: number[] = [];
  const fromOpenPipeline = new Float64Array(count);
  const rates = Float64Array.from(cells.deals, (_, cell) => rateOf(cell).rate);
  // Per cell: 1 when a deal open now is in it.
  const cellsNow = new Uint8Array(cells.deals.length);
  for (let i = 0; i < count; i++) {
    // A report on some reps ({@link PeriodDeals.owners}) sums their deals only.
    if (deals.owners !== undefined && !deals.owners.has(state.ownerIndex[i]!)) continue;
    const amount = corporateAmount[i]!;
    if (deals.scope[i] === SCOPE.won) {
      summed.push(i);
      continue;
    }
    if (outcome[i] !== OUTCOME.open || !countsAsPipeline(amount) || ended) continue;
    summed.push(i);
    const cell = cellOf(dataset, stageIndex, segmentCount, state, i);
    cellsNow[cell] = 1;
    fromOpenPipeline[i] = amount * rates[cell]!;
  }
  const summedRows = Int32Array.from(summed);
  const closedWon = new Float64Array(summedRows.length);
  const openPipeline = new Float64Array(summedRows.length);
  summedRows.forEach((i, p) => {
    if (deals.scope[i] === SCOPE.won) closedWon[p] = corporateAmount[i]!;
    else openPipeline[p] = corporateAmount[i]!;
  });
  const { rows, total } = sumByGroup(dataset, deals, config, by, summedRows, {
    closedWon,
    openPipeline,
    fromOpenPipeline: valuesAt(summedRows, fromOpenPipeline),
  });
  const remaining = Math.max(0, period.endDay - Math.max(asOfDay, period.startDay - 1));
  const share = remaining / (period.endDay - period.startDay + 1);
  const perPeriod = periodsUsed.length > 0 ? createdAndWon / periodsUsed.length : 0;
  const fromNewPipeline = Math.round(perPeriod * share);
  const rounded = (sums: typeof total) => ({ ...sums, fromOpenPipeline: Math.round(sums.fromOpenPipeline) });
  return {
    model: 'historical-conversion',
    period: period.name,
    asOf: deals.asOf,
    by,
    periodsAsked: pastPeriods,
    periodsUsed,
    rates: rateTable(dataset, config, cells, cellsNow, rateOf),
    createdAndWonPerPeriod: Math.round(perPeriod),
    rows: rows.map(({ group, sums }) => {
      const figures = rounded(sums);
      return { group, ...figures, forecast: figures.closedWon + figures.fromOpenPipeline };
    }),
    total: {
      ...rounded(total),
      fromNewPipeline,
      forecast: total.closedWon + Math.round(total.fromOpenPipeline) + fromNewPipeline,
    },
    inputs: deals.inputs,
    dealValues: fromOpenPipeline,
  };
}

/** A deal's cell: its stage index × its segment (the account's, else its owner's). */
function cellOf(
  dataset: Pick<Dataset, 'opportunities' | 'accounts' | 'reps'>,
  stageIndex: Int32Array,
  segmentCount: number,
  state: Pick<DealFacts['state'], 'stageCode' | 'ownerIndex'>,
  i: number,
): number {
  const account = dataset.opportunities.accountIndex[i] ?? NO_INDEX;
  const owner = state.ownerIndex[i] ?? NO_INDEX;
  const segment =
    (account >= 0 ? dataset.accounts.segmentCode[account] : 0) ||
    (owner >= 0 ? dataset.reps.segmentCode[owner] : 0) ||
    0;
  return stageIndex[state.stageCode[i]!]! * segmentCount + segment;
}

/** Adds one past period's pipeline at its start and what of it was won by its end. */
function measurePeriod(
  dataset: Dataset,
  factsOn: (day: DayNumber) => DealFacts,
  stageIndex: Int32Array,
  cells: CellTable,
  start: DayNumber,
  end: DayNumber,
): { hadDeals: boolean; createdAndWon: number } {
  const before = factsOn(start - 1);
  const after = factsOn(end);
  const { createdDay } = dataset.opportunities;
  let hadDeals = false;
  let createdAndWon = 0;
  // Every deal counted (open at the start, or created by the end) exists at the end: none past `existingEnd`.
  for (let i = 0, last = existingEnd(after); i < last; i++) {
    const wonInside =
      after.outcome[i] === OUTCOME.won &&
      after.state.closeDay[i]! >= start &&
      after.state.closeDay[i]! <= end;
    // Only amounts that count as pipeline are learned from (`countsAsPipeline`): a deal open at the start with a
    // zero or negative amount is no pipeline that converted, and a credit won is no conversion.
    const wonAmount =
      wonInside && countsAsPipeline(after.corporateAmount[i]!) ? after.corporateAmount[i]! : 0;
    if (before.outcome[i] === OUTCOME.open && !Number.isNaN(before.corporateAmount[i]!)) {
      hadDeals = true;
      if (!countsAsPipeline(before.corporateAmount[i]!)) continue;
      const cell = cellOf(dataset, stageIndex, cells.segmentCount, before.state, i);
      cells.deals[cell]!++;
      cells.open[cell]! += before.corporateAmount[i]!;
      cells.won[cell]! += wonAmount;
    } else if (createdDay[i]! >= start && createdDay[i]! <= end) {
      hadDeals = true;
      createdAndWon += wonAmount;
    }
  }
  return { hadDeals, createdAndWon };
}

/** Each cell's rate with the fallbacks of the module header. */
function cellRates(cells: CellTable, config: Pick<ForecastConfig, 'stageModel'>, minCellDeals: number) {
  const stageCount = config.stageModel.stages.length;
  const stageDeals = new Float64Array(stageCount);
  const stageOpen = new Float64Array(stageCount);
  const stageWon = new Float64Array(stageCount);
  for (let cell = 0; cell < cells.deals.length; cell++) {
    const stage = Math.floor(cell / cells.segmentCount);
    stageDeals[stage]! += cells.deals[cell]!;
    stageOpen[stage]! += cells.open[cell]!;
    stageWon[stage]! += cells.won[cell]!;
  }
  return (cell: number): { rate: number; layer: ConversionLayer } => {
    const stage = Math.floor(cell / cells.segmentCount);
    if (cells.deals[cell]! >= minCellDeals && cells.open[cell]! > 0) {
      return { rate: cells.won[cell]! / cells.open[cell]!, layer: 'stage-segment' };
    }
    if (stageDeals[stage]! >= minCellDeals && stageOpen[stage]! > 0) {
      return { rate: stageWon[stage]! / stageOpen[stage]!, layer: 'stage' };
    }
    return { rate: config.stageModel.probability(stage), layer: 'stage-default' };
  };
}

function rateTable(
  dataset: Pick<Dataset, 'labels'>,
  config: Pick<ForecastConfig, 'stageModel'>,
  cells: CellTable,
  cellsNow: Uint8Array,
  rateOf: (cell: number) => { rate: number; layer: ConversionLayer },
): ConversionRate[] {
  const rates: ConversionRate[] = [];
  for (let cell = 0; cell < cells.deals.length; cell++) {
    if (cells.deals[cell] === 0 && cellsNow[cell] !== 1) continue;
    const stage = Math.floor(cell / cells.segmentCount);
    rates.push({
      stage: config.stageModel.stage(stage).name,
      segment: dataset.labels.segment[cell % cells.segmentCount] ?? '',
      dealsAtStart: cells.deals[cell]!,
      openAtStart: cells.open[cell]!,
      wonByEnd: cells.won[cell]!,
      ...rateOf(cell),
    });
  }
  return rates;
}

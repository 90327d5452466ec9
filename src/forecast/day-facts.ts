/**
 * The deal facts of the days a forecast reads, each built once and shared by every model: the as-of day, and
 * the start and end of each past period the stage-weighted, historical-conversion and deal-level models, the
 * category roll-up and the risks look at. The days known in advance are rebuilt from history in one pass
 * (src/dataset/as-of-days.ts); a day asked for later gets a pass of its own.
 *
 * Each day's facts are what `dealFacts` (src/analytics/deal-facts.ts) gives for it (`factsOfState` of that
 * day's state): the state, the outcome of each deal's stage, and its amount in the corporate currency.
 * @module
 */
import type { ColumnScratch } from '../analytics/column-scratch.js';
import { factsOfState, type DealConfig, type DealFacts } from '../analytics/deal-facts.js';
import {
  newDayColumns,
  opportunitiesAsOfDays,
  type DayColumns,
  type StateOnDay,
} from '../dataset/as-of-days.js';
import type { Dataset } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';

/**
 * Days kept at most (about 26 MB each per million opportunities): a report reads up to about 21; a backtest
 * walks back through more, and drops the latest ones first, which its earlier folds no longer read.
 */
export const KEPT_DAYS = 24;

/** The deal facts of any day, built once per day (while kept). */
export interface DayFacts {
  /** The facts on `day` (built now if it was not prepared). */
  readonly on: (day: DayNumber) => DealFacts;
  /** Builds the facts of the `days` not built yet, in one pass over the history. */
  readonly prepare: (days: readonly DayNumber[]) => void;
}

/**
 * An empty cache of the facts of `dataset`'s days. With `scratch`, the days' columns are lent by it (valid
 * until it reclaims them: a report lends them from the dataset's scratch, so the next report reuses them).
 */
export function dayFacts(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels'>,
  config: DealConfig,
  scratch?: ColumnScratch,
): DayFacts {
  const built = new Map<DayNumber, DealFacts>();
  const columns = scratch ? (count: number) => lentColumns(scratch, count) : newDayColumns;
  const keep = (state: StateOnDay): DealFacts => {
    const facts = factsOfState(dataset, config, state, scratch);
    built.set(state.asOfDay, facts);
    // The day built longest ago goes first.
    if (built.size > KEPT_DAYS) built.delete(built.keys().next().value!);
    return facts;
  };
  return {
    on: (day) => built.get(day) ?? keep(opportunitiesAsOfDays(dataset, [day], columns)[0]!),
    prepare: (days) => {
      const missing = days.filter((day) => !built.has(day));
      if (missing.length > 0)
        for (const state of opportunitiesAsOfDays(dataset, missing, columns)) keep(state);
    },
  };
}

/** A day's columns lent by `scratch` (contents unspecified: the state is written over them). */
function lentColumns(scratch: ColumnScratch, count: number): DayColumns {
  return {
    exists: scratch.take('uint8', count, null),
    stageCode: scratch.take('uint16', count, null),
    amount: scratch.take('float64', count, null),
    closeDay: scratch.take('int32', count, null),
    categoryCode: scratch.take('uint16', count, null),
    ownerIndex: scratch.take('int32', count, null),
    historyRow: scratch.take('int32', count, null),
  };
}

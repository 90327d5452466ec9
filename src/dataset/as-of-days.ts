/**
 * Opportunities as of several days at once: each opportunity's tracked state (stage, amount, close date,
 * forecast category, owner) on every one of a set of days known in advance, from one walk over each
 * opportunity's history instead of one pass per day.
 *
 * A forecast reads the same deals on many days (its as-of day, and the start and end of every past period it
 * learns from). Per day, the rules are those of the single-day passes (`opportunitiesAsOf`, and the analytics
 * `dealsAsOf` it is held to): the last change dated on or before the day is in effect; between the created day
 * and the first recorded change the first recorded state holds; an opportunity with no recorded change is in
 * its current state since creation; one created after the day does not exist yet (absent values: 0 codes and
 * amounts, NO_DAY, NO_INDEX).
 *
 * Each day starts from block copies of the current state (the dataset keeps it equal to the last change, in
 * effect for most deals on any recent day); the walk then rewrites only the deals not created yet or with
 * changes dated after the day, visiting the days latest first so that each opportunity's history is read
 * backwards once, whatever the number of days.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type { AsOfSource, OpportunitiesAsOf, TrackedColumn } from './as-of.js';
import { NO_DAY, NO_INDEX } from './dataset.js';

/**
 * The state of every opportunity on one day, indexed like the opportunities table: the tracked columns of
 * {@link OpportunitiesAsOf} (an amount is NaN where the CRM gave none), and the history row in effect.
 */
export type StateOnDay = Pick<OpportunitiesAsOf, 'asOfDay' | 'exists' | TrackedColumn> & {
  /** The history row in effect, or -1 when the state is the current one (no recorded changes) or none exists. */
  readonly historyRow: Int32Array;
};

/** A day's columns, `count` long, to be filled: their contents on arrival do not matter. */
export type DayColumns = Omit<StateOnDay, 'asOfDay'>;

/** New arrays for a day's columns. */
export function newDayColumns(count: number): DayColumns {
  return {
    exists: new Uint8Array(count),
    stageCode: new Uint16Array(count),
    amount: new Float64Array(count),
    closeDay: new Int32Array(count),
    categoryCode: new Uint16Array(count),
    ownerIndex: new Int32Array(count),
    historyRow: new Int32Array(count),
  };
}

/**
 * The state of every opportunity at the end of each of `days` (any order, repeats allowed), one
 * {@link StateOnDay} per distinct day, in ascending day order, in the columns `columns` gives for each (new
 * arrays by default; a caller that builds states again and again can lend the same arrays each time).
 */
export function opportunitiesAsOfDays(
  source: AsOfSource,
  days: readonly DayNumber[],
  columns: (count: number) => DayColumns = newDayColumns,
): StateOnDay[] {
  const { opportunities: current, history, historyStart } = source;
  const count = current.count;
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const states: StateOnDay[] = sorted.map((asOfDay) => {
    const state = { asOfDay, ...columns(count) };
    state.exists.fill(0);
    state.stageCode.set(current.stageCode.subarray(0, count));
    state.amount.set(current.amount.subarray(0, count));
    state.closeDay.set(current.closeDay.subarray(0, count));
    state.categoryCode.set(current.categoryCode.subarray(0, count));
    state.ownerIndex.set(current.ownerIndex.subarray(0, count));
    return state;
  });
  const dayCount = sorted.length;
  if (dayCount === 0) return states;
  const firstDay = sorted[0]!;
  const { createdDay } = current;
  const {
    day,
    stageCode: stages,
    amount: amounts,
    closeDay: closes,
    categoryCode: categories,
    ownerIndex: owners,
  } = history;
  let start = historyStart[0] ?? 0;
  for (let i = 0; i < count; i++) {
    const end = historyStart[i + 1] ?? start;
    const created = createdDay[i] ?? NO_DAY;
    const last = end - 1;
    const lastDay = last >= start ? (day[last] ?? 0) : NO_DAY;
    if (created <= firstDay && lastDay <= firstDay) {
      // Created, and every change made, before the first day: the current state on all of them.
      for (let k = 0; k < dayCount; k++) {
        const state = states[k]!;
        state.exists[i] = 1;
        state.historyRow[i] = last >= start ? last : -1;
      }
      start = end;
      continue;
    }
    let row = last;
    for (let k = dayCount - 1; k >= 0; k--) {
      const state = states[k]!;
      const asOfDay = state.asOfDay;
      if (created > asOfDay) {
        // Not created yet on this day, nor on any earlier one: the absent values.
        for (let j = k; j >= 0; j--) absent(states[j]!, i);
        break;
      }
      state.exists[i] = 1;
      if (last < start) {
        // No recorded change: the current state since creation.
        state.historyRow[i] = -1;
      } else if (lastDay <= asOfDay) {
        // The last change is in effect: the current state.
        state.historyRow[i] = last;
      } else {
        // Changes dated after the day are not in effect yet; before the first one, the first recorded state holds.
        while (row > start && (day[row] ?? 0) > asOfDay) row--;
        state.historyRow[i] = row;
        state.stageCode[i] = stages[row] ?? 0;
        state.amount[i] = amounts[row] ?? NaN;
        state.closeDay[i] = closes[row] ?? NO_DAY;
        state.categoryCode[i] = categories[row] ?? 0;
        state.ownerIndex[i] = owners[row] ?? NO_INDEX;
      }
    }
    start = end;
  }
  return states;
}

function absent(state: StateOnDay, i: number): void {
  state.stageCode[i] = 0;
  state.amount[i] = 0;
  state.closeDay[i] = NO_DAY;
  state.categoryCode[i] = 0;
  state.ownerIndex[i] = NO_INDEX;
  state.historyRow[i] = -1;
}

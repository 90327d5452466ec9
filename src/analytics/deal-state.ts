/**
 * Each opportunity's tracked state on a day (stage, amount, close date, forecast category, owner), found by
 * looking back from the end of its history rather than walking all of it.
 *
 * Why not `opportunitiesAsOf` (src/dataset/as-of.ts): that pass walks every history row to also derive days in
 * stage, push counts and the furthest stage, about 0.25 s on 1M opportunities with 4.4M changes; metrics need
 * those facts for few deals or none, and the state alone takes a row read or two per deal: where the last
 * change is already in effect (most deals of any past day), the state is the opportunity's current one, which
 * the dataset keeps equal to its last change. The rules are the same as `opportunitiesAsOf`'s (a property test
 * holds the two together): the last change dated on or before the day is in effect;
 * between the created day and the first recorded change the first recorded state holds; a deal without
 * recorded changes is in its current state since creation.
 * @module
 */
import type { AsOfSource } from '../dataset/as-of.js';
import { NO_DAY, NO_INDEX } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';
import type { ColumnScratch, ScratchArrays } from './column-scratch.js';

/** What {@link dealsAsOf} reads: the same columns as `opportunitiesAsOf` (a Dataset is one). */
export type DealStateSource = AsOfSource;

/** The state of every opportunity on one day, indexed like the opportunities table. */
export interface DealsAsOf {
  readonly asOfDay: DayNumber;
  /** 1 when the opportunity was created on or before the day. */
  readonly exists: Uint8Array;
  readonly stageCode: Uint16Array;
  /** Opportunity currency, minor units; NaN when the CRM gave none. */
  readonly amount: Float64Array;
  readonly closeDay: Int32Array;
  readonly categoryCode: Uint16Array;
  readonly ownerIndex: Int32Array;
  /** The history row in effect, or -1 when the state is the current one (no recorded changes). */
  readonly historyRow: Int32Array;
}

/**
 * The state of every opportunity on `asOfDay`. With `scratch`, the columns are lent by it (valid until it
 * reclaims them) instead of allocated.
 */
export function dealsAsOf(source: DealStateSource, asOfDay: DayNumber, scratch?: ColumnScratch): DealsAsOf {
  const { opportunities: current } = source;
  const count = current.count;
  // Start from block copies of the current state (the dataset keeps it equal to the last change, which is in
  // effect for most deals on any recent day) and rewrite only the deals not created yet or with changes dated
  // after the day: a copy is a memcpy, so the loop reads three numbers for most deals and writes two.
  const copy = <K extends 'uint16' | 'int32' | 'float64'>(
    kind: K,
    column: ScratchArrays[K],
  ): ScratchArrays[K] => {
    if (!scratch) return column.slice(0, count) as ScratchArrays[K];
    const target = scratch.take(kind, count, null);
    target.set(column.subarray(0, count));
    return target;
  };
  const stageCode = copy('uint16', current.stageCode);
  const amount = copy('float64', current.amount);
  const closeDay = copy('int32', current.closeDay);
  const categoryCode = copy('uint16', current.categoryCode);
  const ownerIndex = copy('int32', current.ownerIndex);
  const exists = scratch ? scratch.take('uint8', count) : new Uint8Array(count);
  // Every element is written below.
  const historyRow = scratch ? scratch.take('int32', count, null) : new Int32Array(count);
  // The hot path of every as-of metric, so in two passes: the first, tight, finds each deal's row in effect
  // and lists the deals whose state is not the current one (not created yet, or with changes after the day:
  // a minority on any recent day); the second rewrites only those.
  const differing = scratch ? scratch.take('int32', count, null) : new Int32Array(count);
  const differ = markRowsInEffect(source, asOfDay, exists, historyRow, differing);
  const state = { asOfDay, exists, stageCode, amount, closeDay, categoryCode, ownerIndex, historyRow };
  rewriteDiffering(source, state, differing, differ);
  return state;
}

/*
 * The two passes are functions of their own, each a loop and a return: V8 compiles a long loop on the fly
 * (on-stack replacement) and, when that code runs on into statements the loop had not reached yet, throws it
 * away; in one larger function that happened on every call.
 */

/**
 * Sets `exists` (1 for deals created by the day) and `historyRow` (the last recorded change, or -1), and lists
 * in `differing` the deals whose state on the day is not their current one: not created yet, or with a last
 * change dated after the day. Returns how many it listed.
 */
function markRowsInEffect(
  source: DealStateSource,
  asOfDay: DayNumber,
  exists: Uint8Array,
  historyRow: Int32Array,
  differing: Int32Array,
): number {
  const { createdDay, count } = source.opportunities;
  const { historyStart } = source;
  const { day } = source.history;
  let differ = 0;
  let start = historyStart[0]!;
  for (let i = 0; i < count; i++) {
    const end = historyStart[i + 1]!;
    const last = end - 1;
    if (createdDay[i]! > asOfDay) {
      historyRow[i] = -1;
      differing[differ++] = i;
    } else if (last < start) {
      // No recorded change: the current state since creation.
      exists[i] = 1;
      historyRow[i] = -1;
    } else {
      exists[i] = 1;
      historyRow[i] = last;
      if (day[last]! > asOfDay) differing[differ++] = i;
    }
    start = end;
  }
  return differ;
}

/** Writes the state of the `differ` deals listed in `differing` (the others keep their current state). */
function rewriteDiffering(
  source: DealStateSource,
  state: DealsAsOf,
  differing: Int32Array,
  differ: number,
): void {
  const { historyStart } = source;
  const {
    day,
    stageCode: stages,
    amount: amounts,
    closeDay: closes,
    categoryCode: categories,
  } = source.history;
  const owners = source.history.ownerIndex;
  const { asOfDay, exists, historyRow, stageCode, amount, closeDay, categoryCode, ownerIndex } = state;
  for (let k = 0; k < differ; k++) {
    const i = differing[k]!;
    if (exists[i] === 0) {
      // Not created yet: the absent values.
      stageCode[i] = 0;
      amount[i] = 0;
      closeDay[i] = NO_DAY;
      categoryCode[i] = 0;
      ownerIndex[i] = NO_INDEX;
      continue;
    }
    // Changes dated after the day are not in effect yet; before the first one, the first recorded state holds.
    const first = historyStart[i]!;
    let row = historyRow[i]!;
    while (row > first && day[row]! > asOfDay) row--;
    historyRow[i] = row;
    stageCode[i] = stages[row] ?? 0;
    amount[i] = amounts[row] ?? NaN;
    closeDay[i] = closes[row] ?? NO_DAY;
    categoryCode[i] = categories[row] ?? 0;
    ownerIndex[i] = owners[row] ?? NO_INDEX;
  }
}

/** Times opportunity `i`'s close date had been moved later, up to the change in effect on the state's day. */
export function pushCountAsOf(source: DealStateSource, state: DealsAsOf, i: number): number {
  const start = source.historyStart[i] ?? 0;
  const row = state.historyRow[i] ?? -1;
  const closeDay = source.history.closeDay;
  let pushes = 0;
  for (let r = start + 1; r <= row; r++) {
    if ((closeDay[r] ?? 0) > (closeDay[r - 1] ?? 0)) pushes++;
  }
  return pushes;
}

/** Opportunity `i`'s amount when it was created: its first recorded amount, else its current one. */
export function createdAmount(source: DealStateSource, i: number): number {
  const start = source.historyStart[i] ?? 0;
  const end = source.historyStart[i + 1] ?? start;
  return end > start ? (source.history.amount[start] ?? NaN) : (source.opportunities.amount[i] ?? NaN);
}

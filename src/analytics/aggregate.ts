/**
 * Group aggregation over typed columns: the rows a mask selects, summed or collected per group slot, and the
 * small exact helpers metrics build their values from (money means rounded by the one rule, medians, ratios
 * that are null where undefined).
 * @module
 */
import { divideRounded } from '../domain/money.js';
import type { Groups } from './dimensions.js';
import type { MetricValues } from './metric-definition.js';

/** A value per row: a column, or a function of the row index (computed only for the rows a mask selects). */
export type RowValues = ArrayLike<number> | ((row: number) => number);

const valueReader = (values: RowValues): ((row: number) => number) =>
  typeof values === 'function' ? values : (row) => values[row] ?? NaN;

/** Per-slot totals of the selected rows. */
export interface SlotTotals {
  /** Rows selected. */
  readonly rows: Float64Array;
  /** Sum of their values (NaN values skipped). */
  readonly sum: Float64Array;
  /** Rows whose value is a number (not NaN). */
  readonly valued: Float64Array;
}

/**
 * Totals per slot of the rows where `mask` is 1 (and `values` when given). Sums of integer minor units stay
 * exact while below 2^53; {@link exactMoney} checks that.
 */
export function slotTotals(groups: Groups, mask: Uint8Array, values?: RowValues): SlotTotals {
  const slots = groups.keys.length;
  const totals: SlotTotals = {
    rows: new Float64Array(slots),
    sum: new Float64Array(slots),
    valued: new Float64Array(slots),
  };
  const { rowStart, rowSlots, rows } = groups;
  // Only the grouped rows, when the groups list them.
  const column = typeof values === 'function' ? null : (values ?? null);
  const valueOf = typeof values === 'function' ? values : null;
  addTotals(rowStart, rowSlots, rows ?? null, mask, column, valueOf, totals);
  return totals;
}

/*
 * The loops over rows are functions of their own whose arguments are arrays, numbers and functions: V8's
 * optimized code for a loop depends on the shapes of the objects it reads, and the objects of one evaluation
 * (its groups) die with it, so a full garbage collection would discard code that read them and the next
 * evaluation would compile it again.
 */

/** {@link slotTotals}, the values from a column or a function of the row (or none). */
function addTotals(
  rowStart: Int32Array,
  rowSlots: Int32Array,
  rows: Int32Array | null,
  mask: Uint8Array,
  column: ArrayLike<number> | null,
  valueOf: ((row: number) => number) | null,
  totals: SlotTotals,
): void {
  const { rows: count, sum, valued } = totals;
  const listed = rows ? rows.length : mask.length;
  for (let position = 0; position < listed; position++) {
    const row = rows ? rows[position]! : position;
    if (mask[row] !== 1 || rowStart[row] === rowStart[row + 1]) continue;
    const value = valueOf ? valueOf(row) : column ? (column[row] ?? NaN) : NaN;
    const hasValue = !Number.isNaN(value);
    for (let k = rowStart[row]!, end = rowStart[row + 1]!; k < end; k++) {
      const slot = rowSlots[k]!;
      count[slot]! += 1;
      if (hasValue) {
        sum[slot]! += value;
        valued[slot]! += 1;
      }
    }
  }
}

/** The values of the selected rows per slot (NaN values skipped), for medians. */
export function slotValues(groups: Groups, mask: Uint8Array, values: RowValues): number[][] {
  const lists: number[][] = groups.keys.map(() => []);
  const { rowStart, rowSlots, rows } = groups;
  const valueOf = valueReader(values);
  const listed = rows ? rows.length : mask.length;
  for (let position = 0; position < listed; position++) {
    const row = rows ? (rows[position] ?? 0) : position;
    if (mask[row] !== 1 || rowStart[row] === rowStart[row + 1]) continue;
    const value = valueOf(row);
    if (Number.isNaN(value)) continue;
    for (let k = rowStart[row] ?? 0, end = rowStart[row + 1] ?? 0; k < end; k++) {
      lists[rowSlots[k] ?? 0]?.push(value);
    }
  }
  return lists;
}

/** A metric's values: `value(slot)` for every slot where `has(slot)`, keyed by the slot's group key. */
export function valuesBySlot(
  groups: Groups,
  has: (slot: number) => boolean,
  value: (slot: number) => number | null,
): MetricValues {
  const result: MetricValues = new Map();
  groups.keys.forEach((key, slot) => {
    if (has(slot)) result.set(key, value(slot));
  });
  return result;
}

/** A value for each group holding at least one selected row; groups without any are left out. */
export function valuesOfNonEmpty(
  groups: Groups,
  totals: SlotTotals,
  value: (slot: number) => number | null,
): MetricValues {
  return valuesBySlot(groups, (slot) => (totals.rows[slot] ?? 0) > 0, value);
}

/** A sum of minor units, checked to be exact (a safe integer). */
export function exactMoney(sum: number): number {
  if (!Number.isSafeInteger(sum)) {
    throw new RangeError(`a money total (${sum}) left the safe-integer range of minor units`);
  }
  return sum;
}

/** The mean of `count` amounts summing to `sum` minor units, rounded to a minor unit half away from zero. */
export function moneyMean(sum: number, count: number): number | null {
  if (count === 0) return null;
  return Number(divideRounded(BigInt(exactMoney(sum)), BigInt(count)));
}

/**
 * An estimate in minor units (revenue per rep, velocity) rounded to a whole minor unit, half away from zero.
 * Booked money is never rounded this way: it is summed exactly, and means use {@link moneyMean}.
 */
export function roundMinor(estimate: number): number {
  return Math.sign(estimate) * Math.round(Math.abs(estimate));
}

/** `numerator / denominator`, or null when the denominator is 0 (a rate with nothing to measure). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The median (mean of the middle two for an even count), or null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Per-slot sums of a column over every row (NaN values skipped), for rows that are all counted (rep-periods). */
export function slotSums(groups: Groups, values: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(groups.keys.length);
  const { rowStart, rowSlots } = groups;
  for (let row = 0; row < values.length; row++) {
    const value = values[row] ?? NaN;
    if (Number.isNaN(value)) continue;
    for (let k = rowStart[row] ?? 0, end = rowStart[row + 1] ?? 0; k < end; k++)
      sums[rowSlots[k] ?? 0]! += value;
  }
  return sums;
}

/** A mask over `length` rows: 1 where `test(row)`. */
export function maskOf(length: number, test: (row: number) => boolean): Uint8Array {
  const mask = new Uint8Array(length);
  for (let row = 0; row < length; row++) if (test(row)) mask[row] = 1;
  return mask;
}

/** A column of `length` values `value(row)`, filled by a plain loop (TypedArray.from with a map goes through iterators). */
export function columnOf(length: number, value: (row: number) => number): Float64Array {
  const column = new Float64Array(length);
  for (let row = 0; row < length; row++) column[row] = value(row);
  return column;
}

/**
 * Putting imported history in order: an opportunity's changes sorted by time (date, time of day, then file
 * line), numbered within each day (the store's `sequence`), the owner at any point from the owner changes of a
 * field history, and the states a field history implies when walked back from the current state.
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import type { TrackedState } from '../../domain/entities.js';

/** A moment, ordered by date, then seconds into the day, then the line it was read from. */
export interface Moment {
  readonly date: IsoDate;
  readonly seconds: number;
  readonly line: number;
}

export function compareMoments(a: Moment, b: Moment): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.seconds - b.seconds || a.line - b.line;
}

/**
 * Groups rows by key, each group in time order: rows whose groups come together (exports list an opportunity's
 * rows together) are checked in one pass, in order, each against the one before; otherwise a counting sort by key
 * (stable, linear) groups them. Then only those groups whose rows are not already in order by `compare` are
 * sorted. Keys are numbers below `keyCount` (a history's opportunity codes), so that no table of keys is built.
 * `order` lists row indexes group after group, groups in the order their keys are first met; group g is
 * `order[starts[g]]` to `order[starts[g + 1] - 1]`, and `keys[g]` is its key. Rows are numbers so that a
 * million-row history allocates nothing per row.
 */
export function groupInTimeOrder(
  count: number,
  keyOf: (row: number) => number,
  keyCount: number,
  compare: (a: number, b: number) => number,
): { order: Uint32Array; starts: Uint32Array; keys: number[] } {
  const grouped = groupsTogether(count, keyOf, keyCount, compare) ?? groupsSorted(count, keyOf, keyCount);
  const { order, starts, keys, unsorted } = grouped;
  for (const group of unsorted ?? keys.keys()) {
    const [from, to] = [starts[group]!, starts[group + 1]!];
    let sorted = true;
    for (let at = from + 1; at < to && sorted; at++) sorted = compare(order[at - 1]!, order[at]!) <= 0;
    if (!sorted) order.set(Array.from(order.subarray(from, to)).sort(compare), from);
  }
  return { order, starts, keys };
}

/** Groups of rows; `unsorted`: the groups that may be out of time order (null: any group may be). */
interface Grouped {
  readonly order: Uint32Array;
  readonly starts: Uint32Array;
  readonly keys: number[];
  readonly unsorted: number[] | null;
}

/**
 * The groups of rows whose groups come together, with those whose rows are out of time order; null when a key
 * comes back after another (the rows are then grouped by {@link groupsSorted}).
 */
function groupsTogether(
  count: number,
  keyOf: (row: number) => number,
  keyCount: number,
  compare: (a: number, b: number) => number,
): Grouped | null {
  const seen = new Uint8Array(keyCount);
  const keys: number[] = [];
  const firstRows: number[] = [];
  const unsorted: number[] = [];
  let previous = -1;
  let lastUnsorted = -1;
  for (let row = 0; row < count; row++) {
    const key = keyOf(row);
    if (key !== previous) {
      if (seen[key] !== 0) return null;
      seen[key] = 1;
      keys.push(key);
      firstRows.push(row);
      previous = key;
    } else if (lastUnsorted !== keys.length - 1 && compare(row - 1, row) > 0) {
      unsorted.push((lastUnsorted = keys.length - 1));
    }
  }
  const order = new Uint32Array(count);
  for (let row = 0; row < count; row++) order[row] = row;
  const starts = new Uint32Array(keys.length + 1);
  starts.set(firstRows);
  starts[keys.length] = count;
  return { order, starts, keys, unsorted };
}

/** The rows grouped by a counting sort by key, groups in the order their keys are first met. */
function groupsSorted(count: number, keyOf: (row: number) => number, keyCount: number): Grouped {
  // The group of each key, 1-based (0: not met yet).
  const groupOfKey = new Int32Array(keyCount);
  const keys: number[] = [];
  const ordinalOf = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    const key = keyOf(row);
    let group = groupOfKey[key]!;
    if (group === 0) {
      keys.push(key);
      group = groupOfKey[key] = keys.length;
    }
    ordinalOf[row] = group - 1;
  }
  const starts = new Uint32Array(keys.length + 1);
  const order = new Uint32Array(count);
  for (let row = 0; row < count; row++) starts[ordinalOf[row]! + 1]!++;
  for (let group = 0; group < keys.length; group++) starts[group + 1]! += starts[group]!;
  const next = starts.slice(0, keys.length);
  for (let row = 0; row < count; row++) order[next[ordinalOf[row]!]!++] = row;
  return { order, starts, keys, unsorted: null };
}

/**
 * Sequence numbers of changes in time order: 0 for the first change of a day, then 1, 2, ... for later changes
 * on the same day.
 */
export function daySequences(dates: readonly IsoDate[]): number[] {
  const sequences: number[] = [];
  dates.forEach((date, index) => {
    sequences.push(index > 0 && dates[index - 1] === date ? (sequences[index - 1] ?? 0) + 1 : 0);
  });
  return sequences;
}

export interface OwnerChange extends Moment {
  readonly from: string | null;
  readonly to: string;
}

/**
 * The owner at a moment: the previous owner of the first owner change after it, or the current owner when no
 * change came later. `changes` are in time order.
 */
export function ownerAt(changes: readonly OwnerChange[], moment: Moment, currentOwner: string): string {
  for (const change of changes) {
    if (compareMoments(change, moment) > 0) return change.from ?? change.to;
  }
  return currentOwner;
}

/** One change of one tracked field, with its values read. */
export interface FieldStep extends Moment {
  readonly field: keyof TrackedState;
  /** The value before the change; null when the CRM shows none (the field was empty). */
  readonly from: TrackedState[keyof TrackedState] | null;
  readonly to: TrackedState[keyof TrackedState] | null;
}

export interface TimedState extends Moment {
  readonly state: TrackedState;
}

/**
 * The states a field history implies, oldest first: walking back from the current state, each moment's changes
 * are undone to give the state before them. The oldest state is dated the created date (before every change).
 * A field whose old value is empty keeps, before that change, the first value it is given (salesops keeps a
 * value in every tracked field); `emptied` counts such steps.
 */
export function statesFromFieldSteps(
  current: TrackedState,
  createdDate: IsoDate,
  steps: readonly FieldStep[],
): { states: TimedState[]; emptied: number } {
  const ordered = [...steps].sort(compareMoments);
  const states: TimedState[] = [];
  let state: TrackedState = { ...current };
  let emptied = 0;
  for (let at = ordered.length - 1; at >= 0;) {
    const moment = ordered[at]!;
    states.push({ date: moment.date, seconds: moment.seconds, line: moment.line, state });
    state = { ...state };
    // Undo every step of this moment (changes saved together share a time).
    while (at >= 0 && compareMoments({ ...ordered[at]!, line: 0 }, { ...moment, line: 0 }) === 0) {
      const step = ordered[at]!;
      if (step.from === null) emptied++;
      else (state as Record<string, unknown>)[step.field] = step.from;
      at--;
    }
  }
  const first = ordered[0];
  const initialDate = first !== undefined && first.date < createdDate ? first.date : createdDate;
  states.push({ date: initialDate, seconds: -1, line: 0, state });
  return { states: states.reverse(), emptied };
}

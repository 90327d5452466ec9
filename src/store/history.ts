/**
 * Opportunity history in the store's compact form: dated tracked states (stage, amount, close day, category,
 * owner as codes and ids), kept in typed columns so that millions of changes fit in memory cheaply, and the rules
 * that order them. A change is later than another if its day is later, or on the same day its sequence is.
 * @module
 */

/** The tracked state of an opportunity, encoded. */
export interface TrackedCodes {
  readonly stageCode: number;
  readonly amount: number;
  readonly closeDay: number;
  readonly categoryCode: number;
  readonly ownerId: number;
}

/** A tracked state and when it took effect. */
export interface DatedState extends TrackedCodes {
  readonly day: number;
  readonly sequence: number;
}

export function sameState(a: TrackedCodes, b: TrackedCodes): boolean {
  return (
    a.stageCode === b.stageCode &&
    a.amount === b.amount &&
    a.closeDay === b.closeDay &&
    a.categoryCode === b.categoryCode &&
    a.ownerId === b.ownerId
  );
}

/** Orders changes by day, then sequence. */
export function compareChanges(a: Pick<DatedState, 'day' | 'sequence'>, b: typeof a): number {
  return a.day - b.day || a.sequence - b.sequence;
}

/**
 * The sequence a new change on `day` takes, given the opportunity's latest change `tail` and, for a day before
 * the tail's, the highest sequence already on that day (null when none).
 */
export function nextSequence(tail: DatedState | null, day: number, maxSequenceOnDay: number | null): number {
  if (tail !== null && tail.day === day) return tail.sequence + 1;
  if (tail !== null && tail.day > day) return maxSequenceOnDay === null ? 0 : maxSequenceOnDay + 1;
  return 0;
}

/** A growable column store of history rows (opportunity id, day, sequence, tracked state). */
export class HistoryColumns {
  length = 0;
  opportunityIds = new Int32Array(1024);
  days = new Int32Array(1024);
  sequences = new Int32Array(1024);
  stageCodes = new Int32Array(1024);
  amounts = new Float64Array(1024);
  closeDays = new Int32Array(1024);
  categoryCodes = new Int32Array(1024);
  ownerIds = new Int32Array(1024);

  push(opportunityId: number, change: DatedState): void {
    if (this.length === this.days.length) this.grow();
    const at = this.length++;
    this.opportunityIds[at] = opportunityId;
    this.days[at] = change.day;
    this.sequences[at] = change.sequence;
    this.stageCodes[at] = change.stageCode;
    this.amounts[at] = change.amount;
    this.closeDays[at] = change.closeDay;
    this.categoryCodes[at] = change.categoryCode;
    this.ownerIds[at] = change.ownerId;
  }

  change(at: number): DatedState {
    return {
      day: this.days[at]!,
      sequence: this.sequences[at]!,
      stageCode: this.stageCodes[at]!,
      amount: this.amounts[at]!,
      closeDay: this.closeDays[at]!,
      categoryCode: this.categoryCodes[at]!,
      ownerId: this.ownerIds[at]!,
    };
  }

  /** Row `at` in the column order of the `opportunity_history` table. */
  row(at: number): number[] {
    return [
      this.opportunityIds[at]!,
      this.days[at]!,
      this.sequences[at]!,
      this.stageCodes[at]!,
      this.amounts[at]!,
      this.closeDays[at]!,
      this.categoryCodes[at]!,
      this.ownerIds[at]!,
    ];
  }

  /** The rows in the given order (all rows in insertion order by default). */
  *rows(order?: Uint32Array): Generator<number[]> {
    if (order === undefined) for (let at = 0; at < this.length; at++) yield this.row(at);
    else for (const at of order) yield this.row(at);
  }

  private grow(): void {
    const size = this.days.length * 2;
    const grown = <T extends Int32Array | Float64Array>(column: T): T => {
      const next = new (column.constructor as new (length: number) => T)(size);
      next.set(column);
      return next;
    };
    this.opportunityIds = grown(this.opportunityIds);
    this.days = grown(this.days);
    this.sequences = grown(this.sequences);
    this.stageCodes = grown(this.stageCodes);
    this.amounts = grown(this.amounts);
    this.closeDays = grown(this.closeDays);
    this.categoryCodes = grown(this.categoryCodes);
    this.ownerIds = grown(this.ownerIds);
  }
}

/** History rows ordered by opportunity, day and sequence, cut into one group per opportunity. */
export interface HistoryGroups {
  /** Row positions in key order. */
  readonly order: Uint32Array;
  /** Group g is `order[starts[g]] .. order[starts[g + 1] - 1]`; there are `starts.length - 1` groups. */
  readonly starts: Uint32Array;
}

/**
 * Orders rows by (opportunity, day, sequence): a counting sort on the dense opportunity ids, then each
 * opportunity's few changes by day and sequence. Linear in the row count for the usual handful per opportunity.
 */
export function groupByOpportunity(history: HistoryColumns): HistoryGroups {
  const { length, opportunityIds } = history;
  let maxId = 0;
  for (let at = 0; at < length; at++) maxId = Math.max(maxId, opportunityIds[at]!);
  const next = new Uint32Array(maxId + 2);
  for (let at = 0; at < length; at++) next[opportunityIds[at]! + 1]!++;
  for (let id = 1; id < next.length; id++) next[id]! += next[id - 1]!;
  const order = new Uint32Array(length);
  const groupStarts: number[] = [];
  for (let id = 0; id <= maxId; id++) if (next[id + 1]! > next[id]!) groupStarts.push(next[id]!);
  groupStarts.push(length);
  for (let at = 0; at < length; at++) order[next[opportunityIds[at]!]!++] = at;
  const starts = Uint32Array.from(groupStarts);
  for (let group = 0; group + 1 < starts.length; group++)
    sortGroup(history, order, starts[group]!, starts[group + 1]!);
  return { order, starts };
}

/** Groups longer than this are sorted by Array.prototype.sort instead of insertion sort. */
const INSERTION_SORT_LIMIT = 32;

/** Sorts `order[from..to)` by day and sequence: insertion sort for the usual short group. */
function sortGroup(history: HistoryColumns, order: Uint32Array, from: number, to: number): void {
  const { days, sequences } = history;
  if (to - from > INSERTION_SORT_LIMIT) {
    const sorted = Array.from(order.subarray(from, to)).sort(
      (a, b) => days[a]! - days[b]! || sequences[a]! - sequences[b]!,
    );
    order.set(sorted, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const at = order[i]!;
    let j = i - 1;
    while (j >= from && (days[order[j]!]! - days[at]! || sequences[order[j]!]! - sequences[at]!) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = at;
  }
}

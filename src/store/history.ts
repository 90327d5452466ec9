/**
 * Opportunity history in the store's compact form: dated tracked states (stage, amount, close day, category,
 * owner as codes and ids), kept in typed columns so that millions of changes fit in memory cheaply, and the rules
 * that order them. A change is later than another if its day is later, or on the same day its sequence is.
 * Numbers only, no objects per row: a bulk load handles millions of changes.
 * @module
 */

/**
 * Opportunity changes given as columns (a bulk import's history): change `at` is read field by field, so that
 * millions of changes are never objects at once. Dates are day numbers; every other field is as in an
 * `OpportunityChange`.
 */
export interface ChangeColumns {
  readonly length: number;
  opportunityId(at: number): string;
  day(at: number): number;
  sequence(at: number): number;
  stage(at: number): string;
  amount(at: number): number;
  closeDay(at: number): number;
  forecastCategory(at: number): string;
  ownerId(at: number): string;
}

/**
 * The sequence a new change on `day` takes, given the opportunity's latest change (`tailDay`, `tailSequence`)
 * and, for a day before the latest change's, the highest sequence already on that day (null when none).
 */
export function nextSequence(
  tailDay: number,
  tailSequence: number,
  day: number,
  maxOnDay: number | null,
): number {
  if (tailDay === day) return tailSequence + 1;
  if (tailDay > day) return maxOnDay === null ? 0 : maxOnDay + 1;
  return 0;
}

/**
 * A growable column store of history rows: opportunity id, day, sequence and the tracked state (stage code,
 * amount, close day, category code, owner id). Typed arrays keep millions of rows compact and cheap to copy.
 */
export class HistoryColumns {
  length = 0;
  opportunityIds: Int32Array;
  days: Int32Array;
  sequences: Int32Array;
  stageCodes: Int32Array;
  amounts: Float64Array;
  closeDays: Int32Array;
  categoryCodes: Int32Array;
  ownerIds: Int32Array;

  constructor(capacity = 1024) {
    const size = Math.max(capacity, 16);
    this.opportunityIds = new Int32Array(size);
    this.days = new Int32Array(size);
    this.sequences = new Int32Array(size);
    this.stageCodes = new Int32Array(size);
    this.amounts = new Float64Array(size);
    this.closeDays = new Int32Array(size);
    this.categoryCodes = new Int32Array(size);
    this.ownerIds = new Int32Array(size);
  }

  /** Appends a row (arguments in the `opportunity_history` column order) and returns its position. */
  push(
    opportunityId: number,
    day: number,
    sequence: number,
    stageCode: number,
    amount: number,
    closeDay: number,
    categoryCode: number,
    ownerId: number,
  ): number {
    if (this.length === this.days.length) this.grow();
    const at = this.length++;
    this.opportunityIds[at] = opportunityId;
    this.days[at] = day;
    this.sequences[at] = sequence;
    this.stageCodes[at] = stageCode;
    this.amounts[at] = amount;
    this.closeDays[at] = closeDay;
    this.categoryCodes[at] = categoryCode;
    this.ownerIds[at] = ownerId;
    return at;
  }

  /** Appends a copy of row `at` of `source`. */
  pushCopy(source: HistoryColumns, at: number): number {
    return this.push(...source.row(at));
  }

  /** Whether row `at` has the same tracked state as row `otherAt` of `other` (dates and sequences aside). */
  sameState(at: number, other: HistoryColumns, otherAt: number): boolean {
    return (
      this.stageCodes[at] === other.stageCodes[otherAt] &&
      this.amounts[at] === other.amounts[otherAt] &&
      this.closeDays[at] === other.closeDays[otherAt] &&
      this.categoryCodes[at] === other.categoryCodes[otherAt] &&
      this.ownerIds[at] === other.ownerIds[otherAt]
    );
  }

  /** Whether row `at` took effect after row `otherAt` of `other`: a later day, or the same day and sequence. */
  isLater(at: number, other: HistoryColumns, otherAt: number): boolean {
    const byDay = this.days[at]! - other.days[otherAt]!;
    return byDay > 0 || (byDay === 0 && this.sequences[at]! > other.sequences[otherAt]!);
  }

  /** Row `at` in the column order of the `opportunity_history` table. */
  row(at: number): [number, number, number, number, number, number, number, number] {
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

  /**
   * The rows in the given order (all rows by default), as one array overwritten for each row: consumers use
   * each row before asking for the next, so millions of rows need no allocation.
   */
  *rows(order?: Uint32Array): Generator<number[]> {
    const row = new Array<number>(8);
    const count = order === undefined ? this.length : order.length;
    for (let index = 0; index < count; index++) {
      const at = order === undefined ? index : order[index]!;
      row[0] = this.opportunityIds[at]!;
      row[1] = this.days[at]!;
      row[2] = this.sequences[at]!;
      row[3] = this.stageCodes[at]!;
      row[4] = this.amounts[at]!;
      row[5] = this.closeDays[at]!;
      row[6] = this.categoryCodes[at]!;
      row[7] = this.ownerIds[at]!;
      yield row;
    }
  }

  private grow(): void {
    const size = this.days.length * 2;
    const int32 = (column: Int32Array) => {
      const next = new Int32Array(size);
      next.set(column);
      return next;
    };
    const amounts = new Float64Array(size);
    amounts.set(this.amounts);
    this.amounts = amounts;
    this.opportunityIds = int32(this.opportunityIds);
    this.days = int32(this.days);
    this.sequences = int32(this.sequences);
    this.stageCodes = int32(this.stageCodes);
    this.closeDays = int32(this.closeDays);
    this.categoryCodes = int32(this.categoryCodes);
    this.ownerIds = int32(this.ownerIds);
  }
}

/** Each opportunity's latest change: `row[id]` is its position in `rows`, or -1 when it has none. */
export interface LatestChanges {
  readonly rows: HistoryColumns;
  readonly row: Int32Array;
}

/**
 * Compares each written opportunity (row i of `records`: its state, dated its created day, sequence 0) with its
 * latest change. One without history gets its record as the initial change; one whose state differs gets a
 * change dated `asOfDay`, after the latest change of that day (`maxSequences`: the highest sequence on `asOfDay`
 * of those whose latest change is later). Returns those changes and each record's current state, the later of
 * its latest change and its new one.
 */
export function deriveChanges(
  records: HistoryColumns,
  latest: LatestChanges,
  asOfDay: number,
  maxSequences: ReadonlyMap<number, number>,
): { derived: HistoryColumns; current: HistoryColumns } {
  const derived = new HistoryColumns(records.length);
  const current = new HistoryColumns(records.length);
  for (let index = 0; index < records.length; index++) {
    const id = records.opportunityIds[index]!;
    const tail = latest.row[id]!;
    if (tail < 0) {
      derived.pushCopy(records, index);
      current.pushCopy(records, index);
    } else if (records.sameState(index, latest.rows, tail)) {
      current.pushCopy(latest.rows, tail);
    } else {
      const at = derived.pushCopy(records, index);
      derived.days[at] = asOfDay;
      derived.sequences[at] = nextSequence(
        latest.rows.days[tail]!,
        latest.rows.sequences[tail]!,
        asOfDay,
        maxSequences.get(id) ?? null,
      );
      if (derived.isLater(at, latest.rows, tail)) current.pushCopy(derived, at);
      else current.pushCopy(latest.rows, tail);
    }
  }
  return { derived, current };
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
  // Counted from the lowest id: a batch of a large import holds a narrow range of high ids.
  let [minId, maxId] = [length > 0 ? opportunityIds[0]! : 0, 0];
  for (let at = 0; at < length; at++) {
    minId = Math.min(minId, opportunityIds[at]!);
    maxId = Math.max(maxId, opportunityIds[at]!);
  }
  const span = length > 0 ? maxId - minId + 1 : 0;
  const next = new Uint32Array(span + 1);
  for (let at = 0; at < length; at++) next[opportunityIds[at]! - minId + 1]!++;
  for (let slot = 1; slot < next.length; slot++) next[slot]! += next[slot - 1]!;
  const order = new Uint32Array(length);
  const groupStarts: number[] = [];
  for (let slot = 0; slot < span; slot++) if (next[slot + 1]! > next[slot]!) groupStarts.push(next[slot]!);
  groupStarts.push(length);
  for (let at = 0; at < length; at++) order[next[opportunityIds[at]! - minId]!++] = at;
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

/**
 * Credits as typed columns: one row per payee credit on a deal (its deal, kind, deal type, amount, ARR), and an
 * index of the rows by payee and plan period, each range in deal-id order. A run over a million deals then sums
 * volumes over integer ranges instead of arrays of objects, and deal ids are only read for the lines' traces.
 *
 * {@link columnarCrediting} builds the table in two passes over the deals: one that writes the credits (deals
 * with splits go through {@link creditDeal}, the others credit their owner 100% without an object), and a counting
 * sort by payee and period, taking the deals in id order. Deals usually come in id order, which is checked in one
 * pass; otherwise their indexes are sorted once. A deal given twice is found next to its twin in that order,
 * without a set of every id. The engine takes any {@link Crediting}: the tests run it on the object form too
 * (credits as objects, sorted per payee) and require identical statements.
 * @module
 */
import { type IsoDate } from '../domain/dates.js';
import { type Problem } from '../domain/errors.js';
import {
  creditDeal,
  duplicateDealProblem,
  noPlanProblem,
  splitProblems,
  type CompDeal,
} from './crediting.js';
import { type MeasureMetric } from './plan.js';

export const REVENUE = 0;
export const OVERLAY = 1;
const NEW = 0;
const EXPANSION = 1;
const RENEWAL = 2;

/** A deal type as its code in the `type` column; -1 for a name that is no deal type. */
export function typeCode(type: string): number {
  return type === 'new' ? NEW : type === 'expansion' ? EXPANSION : type === 'renewal' ? RENEWAL : -1;
}

export interface CreditTable {
  readonly deals: readonly CompDeal[];
  /** Per credit: the index of its deal in `deals`. */
  readonly deal: Int32Array;
  /** Per credit: {@link REVENUE} or {@link OVERLAY}. */
  readonly kind: Uint8Array;
  /** Per credit: its deal's type code (new 0, expansion 1, renewal 2). */
  readonly type: Uint8Array;
  /** Per credit: credited amount and ARR, minor units. */
  readonly amount: Float64Array;
  readonly arr: Float64Array;
  /** Per credit: the whole deal's amount (SPIF minimums are on the deal). */
  readonly dealAmount: Float64Array;
  /** Per credit: its deal's position in deal-id order. */
  readonly dealRank: Int32Array;
  /** Per deal: its id (read once, so traces do not go back to the deal objects). */
  readonly ids: readonly string[];
  /** Deal indexes in deal-id order. */
  readonly byId: Int32Array;
  /** Plan periods, in time order: the periods run and those of any credit. */
  readonly periods: readonly string[];
  /**
   * Payee id -> slot; the credits of slot s in period p are `order[start[s * periods + p] .. start[... + 1])`. The
   * columnar builder lays the rows out in that order (order is then 0, 1, 2, ...), so a range is read front to back.
   */
  readonly slots: ReadonlyMap<string, number>;
  readonly start: Int32Array;
  readonly order: Int32Array;
  /** Credits of deals clawed back, by payee and period of the cancellation, in deal-id order. */
  readonly clawbacks: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

/** A table without credits, for a run refused before crediting. */
export const NO_CREDITS: CreditTable = {
  deals: [],
  deal: new Int32Array(0),
  kind: new Uint8Array(0),
  type: new Uint8Array(0),
  amount: new Float64Array(0),
  arr: new Float64Array(0),
  dealAmount: new Float64Array(0),
  dealRank: new Int32Array(0),
  ids: [],
  byId: new Int32Array(0),
  periods: [],
  slots: new Map(),
  start: new Int32Array(1),
  order: new Int32Array(0),
  clawbacks: new Map(),
};

/** What crediting needs to know of a run. */
export interface CreditScope {
  readonly deals: readonly CompDeal[];
  /** The payees a credit may go to (this plan's and the other plans'); a credit to anyone else is a problem. */
  readonly payeeOf: (
    id: string,
  ) => { readonly eligibleFrom?: IsoDate; readonly eligibleThrough?: IsoDate } | undefined;
  readonly planName: string;
  /**
   * The date placing a payee's credit on a deal in a plan period: its booking or invoice date, by the payout timing
   * of the plan paying that payee, so that a manager's override counts a report's credit in the period the report
   * is credited in. Credits placed after `lastDay` are left out.
   */
  readonly placedOn: (deal: CompDeal, payee: string) => IsoDate;
  readonly lastDay: IsoDate | null;
  /** The cancellation date of a deal clawed back, or null. */
  readonly clawedBackOn: (deal: CompDeal) => IsoDate | null;
  readonly periodOf: (date: IsoDate) => string;
  /** The periods run, in time order. */
  readonly runPeriods: readonly string[];
  /** First day of a period, to order periods. */
  readonly periodStart: (period: string) => IsoDate;
}

export interface CreditResult {
  /** Deals given twice, splits not totalling 100%: in deal order. When any, `table` is null. */
  readonly dealProblems: readonly Problem[];
  /** Credits to a payee without a plan. */
  readonly creditProblems: readonly Problem[];
  readonly table: CreditTable | null;
}

/** A way of crediting deals: {@link columnarCrediting}, or the object form the tests compare it with. */
export type Crediting = (scope: CreditScope) => CreditResult;

/** A payee's first and last eligible day (hire, plan start; leaving), where known. */
export interface Eligibility {
  readonly eligibleFrom?: IsoDate;
  readonly eligibleThrough?: IsoDate;
}

/** True when a payee was eligible on the booking date (hire through leaving). */
export function eligibleOn(payee: Eligibility, date: IsoDate): boolean {
  return (
    (!payee.eligibleFrom || date >= payee.eligibleFrom) &&
    (!payee.eligibleThrough || date <= payee.eligibleThrough)
  );
}

/** The volume credit `c` adds to a measure: money for amounts, 1 per new logo. */
export function volumeAt(table: CreditTable, c: number, metric: MeasureMetric): number {
  const type = table.type[c];
  switch (metric) {
    case 'bookings':
      return type === RENEWAL ? 0 : (table.amount[c] ?? 0);
    case 'arr':
      return type === RENEWAL ? 0 : (table.arr[c] ?? 0);
    case 'renewals':
      return type === RENEWAL ? (table.amount[c] ?? 0) : 0;
    case 'newLogos':
      return type === NEW ? 1 : 0;
  }
}

/** The summed volume of some credits. */
export function volumeOf(table: CreditTable, credits: Int32Array, metric: MeasureMetric): number {
  let sum = 0;
  for (let i = 0; i < credits.length; i++) sum += volumeAt(table, credits[i] ?? 0, metric);
  return sum;
}

/** The deal of credit `c`. */
export function dealAt(table: CreditTable, c: number): CompDeal {
  return table.deals[table.deal[c] ?? 0] as CompDeal;
}

const NONE = new Int32Array(0);

/** A payee's credits in the given periods, in period then deal-id order. */
export function creditsIn(table: CreditTable, payee: string, periods: readonly string[]): Int32Array {
  const slot = table.slots.get(payee);
  if (slot === undefined) return NONE;
  if (periods.length === 1) {
    const p = table.periods.indexOf(periods[0] ?? '');
    const key = slot * table.periods.length + p;
    return p === -1 ? NONE : table.order.subarray(table.start[key], table.start[key + 1]);
  }
  const ranges = periods.flatMap((period) => {
    const p = table.periods.indexOf(period);
    if (p === -1) return [];
    const key = slot * table.periods.length + p;
    return [[table.start[key] ?? 0, table.start[key + 1] ?? 0] as const];
  });
  if (ranges.length === 1) return table.order.subarray(ranges[0]?.[0], ranges[0]?.[1]);
  const out = new Int32Array(ranges.reduce((sum, [from, to]) => sum + to - from, 0));
  let at = 0;
  for (const [from, to] of ranges) {
    out.set(table.order.subarray(from, to), at);
    at += to - from;
  }
  return out;
}

/**
 * Ids of the deals of some credits whose volume counts in a measure, sorted and unique: credits of one payee and
 * period come in deal-id order already; others (a team's, several periods) are put in order by deal rank.
 */
export function dealIdsOf(table: CreditTable, credits: Int32Array, metric: MeasureMetric): string[] {
  const { ids: dealIds, deal, dealRank } = table;
  const ids: string[] = [];
  let last = -1;
  for (let i = 0; i < credits.length; i++) {
    const c = credits[i] ?? 0;
    if (volumeAt(table, c, metric) <= 0) continue;
    const d = deal[c] ?? 0;
    const r = dealRank[c] ?? 0;
    if (r === last) continue; // the same deal again (two payees of a team share it)
    if (r < last) return idsByRank(table, credits, metric);
    last = r;
    ids.push(dealIds[d] ?? '');
  }
  return ids;
}

function idsByRank(table: CreditTable, credits: Int32Array, metric: MeasureMetric): string[] {
  const ranks = new Int32Array(credits.length);
  let n = 0;
  for (let i = 0; i < credits.length; i++) {
    const c = credits[i] ?? 0;
    if (volumeAt(table, c, metric) > 0) ranks[n++] = table.dealRank[c] ?? 0;
  }
  const sorted = ranks.subarray(0, n).sort();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    ids.push(table.ids[table.byId[sorted[i] ?? 0] ?? 0] ?? '');
  }
  return ids;
}

/** The revenue credits of several payees (a manager's team) in one period, one payee after the other. */
export function revenueCreditsOf(table: CreditTable, payees: readonly string[], period: string): Int32Array {
  const ranges = payees.map((payee) => creditsIn(table, payee, [period]));
  const out = new Int32Array(ranges.reduce((sum, range) => sum + range.length, 0));
  let n = 0;
  for (const range of ranges) {
    for (let i = 0; i < range.length; i++) {
      const c = range[i] ?? 0;
      if (table.kind[c] === REVENUE) out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

/**
 * The deals' ids, and the deal indexes in id order (equal ids by index): one check when the deals come sorted, as
 * they usually do.
 */
export function idOrder(deals: readonly CompDeal[]): { ids: string[]; byId: Int32Array } {
  const ids = new Array<string>(deals.length);
  const byId = new Int32Array(deals.length);
  let sorted = true;
  let last = '';
  for (let i = 0; i < deals.length; i++) {
    const id = (deals[i] as CompDeal).id;
    ids[i] = id;
    byId[i] = i;
    if (i > 0 && last > id) sorted = false;
    last = id;
  }
  if (!sorted) {
    byId.sort((a, b) => {
      const idA = ids[a] ?? '';
      const idB = ids[b] ?? '';
      return idA < idB ? -1 : idA > idB ? 1 : a - b;
    });
  }
  return { ids, byId };
}

/** Deals given twice (found next to each other in id order) and bad splits, in deal order. */
function dealProblemsInOrder(
  deals: readonly CompDeal[],
  ids: readonly string[],
  byId: Int32Array,
): Problem[] {
  const earlier = new Map<number, number>();
  let first = 0;
  for (let r = 1; r < byId.length; r++) {
    const deal = byId[r] ?? 0;
    if (ids[deal] === ids[byId[r - 1] ?? 0]) earlier.set(deal, byId[first] ?? 0);
    else first = r;
  }
  const problems: Problem[] = [];
  for (let index = 0; index < deals.length; index++) {
    const deal = deals[index] as CompDeal;
    const twin = earlier.get(index);
    if (twin !== undefined) problems.push(duplicateDealProblem(deal, index, twin));
    if (deal.splits && deal.splits.length > 0) problems.push(...splitProblems(deal, index));
  }
  return problems;
}

/** Growable credit columns, written in deal order. */
class Columns {
  count = 0;
  deal: Int32Array;
  kind: Uint8Array;
  type: Uint8Array;
  amount: Float64Array;
  arr: Float64Array;
  dealAmount: Float64Array;
  payee: Int32Array;
  period: Int32Array;

  constructor(capacity: number) {
    this.deal = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.type = new Uint8Array(capacity);
    this.amount = new Float64Array(capacity);
    this.arr = new Float64Array(capacity);
    this.dealAmount = new Float64Array(capacity);
    this.payee = new Int32Array(capacity);
    this.period = new Int32Array(capacity);
  }

  /** Adds a credit of `deal` (at `index`) to the payee of a slot; returns its row. */
  push(
    index: number,
    deal: CompDeal,
    kind: number,
    amount: number,
    arr: number,
    payee: number,
    period: number,
  ) {
    if (this.count === this.deal.length) this.grow();
    const c = this.count++;
    this.deal[c] = index;
    this.kind[c] = kind;
    this.type[c] = typeCode(deal.type);
    this.amount[c] = amount;
    this.arr[c] = arr;
    this.dealAmount[c] = deal.amount;
    this.payee[c] = payee;
    this.period[c] = period;
    return c;
  }

  private grow(): void {
    const size = this.deal.length * 2 + 16;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.deal = grown(this.deal, (n) => new Int32Array(n));
    this.kind = grown(this.kind, (n) => new Uint8Array(n));
    this.type = grown(this.type, (n) => new Uint8Array(n));
    this.amount = grown(this.amount, (n) => new Float64Array(n));
    this.arr = grown(this.arr, (n) => new Float64Array(n));
    this.dealAmount = grown(this.dealAmount, (n) => new Float64Array(n));
    this.payee = grown(this.payee, (n) => new Int32Array(n));
    this.period = grown(this.period, (n) => new Int32Array(n));
  }
}

/** Plan periods in time order, and each period's position. */
export function timeOrdered(
  names: Iterable<string>,
  periodStart: (period: string) => IsoDate,
): readonly string[] {
  const starts = new Map([...new Set(names)].map((name) => [name, periodStart(name)]));
  return [...starts.keys()].sort((a, b) => {
    const startA = starts.get(a) ?? '';
    const startB = starts.get(b) ?? '';
    return startA < startB ? -1 : startA > startB ? 1 : 0;
  });
}

/** Crediting over typed columns: the engine's. */
export const columnarCrediting: Crediting = (scope) => {
  const { deals } = scope;
  const { ids, byId } = idOrder(deals);
  const dealProblems = dealProblemsInOrder(deals, ids, byId);
  if (dealProblems.length > 0) return { dealProblems, creditProblems: [], table: null };
  const creditProblems: Problem[] = [];
  const columns = new Columns(deals.length + 16);
  const firstCredit = new Int32Array(deals.length + 1);
  // Payee id -> slot (-1: no plan), looked up once per payee; eligibility per slot, null when always eligible.
  const slots = new Map<string, number>();
  const eligibility: (Eligibility | null)[] = [];
  const periodNames: string[] = [...scope.runPeriods];
  const periodByDate = new Map<string, number>();
  const periodSlot = (date: IsoDate): number => {
    let p = periodByDate.get(date);
    if (p === undefined) {
      const name = scope.periodOf(date);
      p = periodNames.indexOf(name);
      if (p === -1) p = periodNames.push(name) - 1;
      periodByDate.set(date, p);
    }
    return p;
  };
  const slotOf = (payee: string): number => {
    let slot = slots.get(payee);
    if (slot === undefined) {
      const known = scope.payeeOf(payee);
      slot = known ? eligibility.push(known.eligibleFrom || known.eligibleThrough ? known : null) - 1 : -1;
      slots.set(payee, slot);
    }
    return slot;
  };
  const cancelled: { credit: number; payee: string; period: string }[] = [];
  const place = (
    index: number,
    deal: CompDeal,
    payee: string,
    kind: number,
    amount: number,
    arr: number,
    cancelledOn: IsoDate | null,
  ): void => {
    const on = scope.placedOn(deal, payee);
    if (scope.lastDay !== null && on > scope.lastDay) return;
    const slot = slotOf(payee);
    if (slot < 0) {
      creditProblems.push(noPlanProblem(payee, deal, index, scope.planName));
      return;
    }
    const eligible = eligibility[slot];
    if (eligible && !eligibleOn(eligible, deal.bookedOn)) return;
    const c = columns.push(index, deal, kind, amount, arr, slot, periodSlot(on));
    if (cancelledOn !== null) cancelled.push({ credit: c, payee, period: scope.periodOf(cancelledOn) });
  };
  for (let index = 0; index < deals.length; index++) {
    firstCredit[index] = columns.count;
    const deal = deals[index] as CompDeal;
    const cancelledOn = scope.clawedBackOn(deal);
    if (!deal.splits || deal.splits.length === 0) {
      place(index, deal, deal.owner, REVENUE, deal.amount, deal.arr ?? deal.amount, cancelledOn);
      continue;
    }
    for (const credit of creditDeal(deal)) {
      const kind = credit.kind === 'revenue' ? REVENUE : OVERLAY;
      place(index, deal, credit.payee, kind, credit.amount, credit.arr, cancelledOn);
    }
  }
  firstCredit[deals.length] = columns.count;
  // Periods in time order: remap the slots given in order of appearance.
  const periods = timeOrdered(periodNames, scope.periodStart);
  const remap = Int32Array.from(periodNames, (name) => periods.indexOf(name));
  const width = periods.length;
  const start = new Int32Array(slots.size * width + 1);
  const key = new Int32Array(columns.count);
  for (let c = 0; c < columns.count; c++) {
    const k = (columns.payee[c] ?? 0) * width + (remap[columns.period[c] ?? 0] ?? 0);
    key[c] = k;
    start[k + 1] = (start[k + 1] ?? 0) + 1;
  }
  for (let k = 1; k < start.length; k++) start[k] = (start[k] ?? 0) + (start[k - 1] ?? 0);
  // Counting sort by payee and period, taking the deals in id order: each range comes out in deal-id order. The
  // rows are written straight to their place, so that a payee's range is read front to back (`order` is then 0,
  // 1, 2, ...); `row` is where each credit went.
  const size = columns.count;
  const cursor = start.slice(0, -1);
  const row = new Int32Array(size);
  const deal = new Int32Array(size);
  const kind = new Uint8Array(size);
  const type = new Uint8Array(size);
  const amount = new Float64Array(size);
  const arr = new Float64Array(size);
  const dealAmount = new Float64Array(size);
  const dealRank = new Int32Array(size);
  for (let r = 0; r < byId.length; r++) {
    const d = byId[r] ?? 0;
    for (let c = firstCredit[d] ?? 0; c < (firstCredit[d + 1] ?? 0); c++) {
      const k = key[c] ?? 0;
      const at = cursor[k] ?? 0;
      cursor[k] = at + 1;
      row[c] = at;
      deal[at] = d;
      kind[at] = columns.kind[c] ?? 0;
      type[at] = columns.type[c] ?? 0;
      amount[at] = columns.amount[c] ?? 0;
      arr[at] = columns.arr[c] ?? 0;
      dealAmount[at] = columns.dealAmount[c] ?? 0;
      dealRank[at] = r;
    }
  }
  const order = new Int32Array(size);
  for (let at = 0; at < size; at++) order[at] = at;
  const clawbacks = new Map<string, Map<string, number[]>>();
  for (const { credit, payee, period } of cancelled) {
    let byPeriod = clawbacks.get(payee);
    if (!byPeriod) clawbacks.set(payee, (byPeriod = new Map<string, number[]>()));
    const list = byPeriod.get(period);
    if (list) list.push(row[credit] ?? 0);
    else byPeriod.set(period, [row[credit] ?? 0]);
  }
  for (const byPeriod of clawbacks.values()) {
    for (const list of byPeriod.values()) list.sort((a, b) => (dealRank[a] ?? 0) - (dealRank[b] ?? 0));
  }
  return {
    dealProblems,
    creditProblems,
    table: {
      deals,
      deal,
      kind,
      type,
      amount,
      arr,
      dealAmount,
      dealRank,
      ids,
      byId,
      periods,
      slots,
      start,
      order,
      clawbacks,
    },
  };
};

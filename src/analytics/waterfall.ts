/**
 * The pipeline waterfall between two dates (Gong's "pipeline changes", Clari's "waterfall"): how the open
 * pipeline whose close date falls in a period went from its value on `from` to its value on `to`.
 *
 * **What is measured.** A deal is *in the pipeline* on a day when, at the end of that day (its state as of that
 * day, ./deal-state.ts), it exists, its stage is open, its close date lies in the period (both ends inclusive)
 * and its amount is positive (`countsAsPipeline`, ./deal-facts.ts: the open pipeline of the `pipeline_value`
 * metric and of the Sales Forecast; a zero or negative amount is a data error). Its *value* on a day is its amount then, converted to the corporate currency at the rate of its
 * close date then (so a value can change when only the close date moves, by the FX rate of the new date).
 * Only the two end states are compared, as Gong does: a deal that changed and changed back between the dates
 * has no movement, and a deal that entered and left in between (created and won within the week) is in none.
 *
 * **Buckets.** Each deal lands in at most one movement bucket, chosen by the first rule that applies, and at
 * most one amount bucket:
 *
 * | deal | bucket | value |
 * |---|---|---|
 * | in on both days, same group | `increased` or `decreased` | value on `to` − value on `from`, when not 0 |
 * | in on both days, other group | `movedOut` of the old group, `movedIn` to the new | value on `from` / on `to` |
 * | in on `from` only, won on `to` | `won`, plus `increased`/`decreased` | value on `to` (the booking), plus the change |
 * | in on `from` only, lost on `to` | `lost` | value on `from` (CRMs often zero lost amounts) |
 * | in on `from` only, open, close in the period, amount now zero or negative | `decreased` | value on `from` |
 * | in on `from` only, open, close after the period | `pushedOut` | value on `from` |
 * | in on `from` only, open, close before the period | `pulledOut` | value on `from` |
 * | in on `to` only, created after `from` | `created` | value on `to` |
 * | in on `to` only, closed on `from` | `reopened` | value on `to` |
 * | in on `to` only, open in the period on `from` at a zero or negative amount | `increased` | value on `to` |
 * | in on `to` only, close was after the period | `pulledIn` | value on `to` |
 * | in on `to` only, close was before the period | `pushedIn` | value on `to` |
 *
 * So a deal that is both pushed in and increased counts once, in `pushedIn`, at its value on `to`: movements
 * come first and carry the value the deal has on the side where it is in the pipeline; `increased` and
 * `decreased` measure only deals that were in the pipeline on both days (and won deals, so that `won` equals
 * the bookings). With every bucket a whole number of minor units, `start + ins − outs = end` holds exactly,
 * for the total and for every group. In deals, each bucket also counts those that came in or left through it
 * ({@link BucketTotal.crossed}: all but the amount changes of deals that stay in), and `start + ins − outs = end`
 * holds for those counts too.
 *
 * **Groups.** With a grouping (./dimensions.ts: owner, manager roll-up, forecast category, fiscal month of the
 * close date ...), a deal counts in the groups its state gives on each day. One in the pipeline on both days
 * that left a group counts there as `movedOut` (value on `from`), one that joined a group as `movedIn` (value
 * on `to`): an owner moved, a category call, a close date moved to another month. Outflows count in the groups
 * of `from`, inflows in those of `to`. The total row counts each deal once, so moves between groups are not
 * in it; it reports instead, as information that changes no total, the owner changes and forecast-category
 * moves of deals in the pipeline on both days.
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import type { MinorUnits } from '../domain/money.js';
import { NO_DAY } from '../dataset/dataset.js';
import { corporateAmounts, countsAsPipeline, OUTCOME, type DealConfig } from './deal-facts.js';
import { dealsAsOf, type DealStateSource } from './deal-state.js';
import type { DealColumns, Groups } from './dimensions.js';
import { dealValue, type DealValue, type StageCodes } from './flow-basis.js';
/** Buckets that add to the pipeline, in display order. */
export const WATERFALL_INS = ['created', 'pulledIn', 'pushedIn', 'reopened', 'movedIn', 'increased'] as const;
/** Buckets that take from the pipeline, in display order. */
export const WATERFALL_OUTS = ['won', 'lost', 'pushedOut', 'pulledOut', 'movedOut', 'decreased'] as const;
export type WaterfallIn = (typeof WATERFALL_INS)[number];
export type WaterfallOut = (typeof WATERFALL_OUTS)[number];
export type WaterfallBucket = WaterfallIn | WaterfallOut;
export const WATERFALL_BUCKETS: readonly WaterfallBucket[] = [...WATERFALL_INS, ...WATERFALL_OUTS];

/** One line of each bucket's definition, for footnotes and `--help`. */
export const WATERFALL_BUCKET_DEFINITIONS: Readonly<Record<WaterfallBucket | 'start' | 'end', string>> = {
  start: 'open deals closing in the period with a positive amount, as of the start date',
  created:
    'created after the start date, open and closing in the period on the end date (value on the end date)',
  pulledIn: 'close date moved from after the period into it (value on the end date)',
  pushedIn: 'close date moved from before the period into it, e.g. past-due deals (value on the end date)',
  reopened: 'closed on the start date, open again on the end date (value on the end date)',
  movedIn:
    'in the pipeline on both dates, joined this group (new owner, category ...) (value on the end date)',
  increased:
    'amount went up: by the change if in the pipeline on both dates or won; from zero or below, its end value',
  won: 'closed won by the end date (the booked value)',
  lost: 'closed lost by the end date (value on the start date)',
  pushedOut: 'close date moved after the period (value on the start date)',
  pulledOut: 'close date moved before the period (value on the start date)',
  movedOut: 'in the pipeline on both dates, left this group (value on the start date)',
  decreased:
    'amount went down: by the change if in the pipeline on both dates or won; to zero or below, its start value',
  end: 'open deals closing in the period with a positive amount, as of the end date',
};

export interface BucketTotal {
  /** The deals the bucket holds. */
  readonly count: number;
  readonly value: MinorUnits;
  /**
   * Of them, the deals that came into or left the pipeline (or the group) through the bucket: all of a movement
   * bucket's; of `increased` and `decreased`, only those whose amount rose from or fell to zero or below (the
   * others stay in, changing amount). So start + the crossings of the ins − those of the outs = end, in deals,
   * exactly. Start and end: their count.
   */
  readonly crossed: number;
}

/** One waterfall: a group's (or the total's) start, buckets and end. */
export interface WaterfallRow {
  /** The group's key in the grouping's keyspace (./dimensions.ts); null for the total. */
  readonly key: number | null;
  readonly start: BucketTotal;
  readonly buckets: Readonly<Record<WaterfallBucket, BucketTotal>>;
  readonly end: BucketTotal;
}

/** A deal's tracked state on one of the two dates, with its value in the corporate currency. */
export interface DealState {
  readonly stageCode: number;
  readonly closeDay: DayNumber;
  /** Minor units of the opportunity's currency. */
  readonly amount: number;
  /** Corporate currency, minor units. */
  readonly value: MinorUnits;
  readonly categoryCode: number;
  readonly ownerIndex: number;
}

/** One deal's share of one bucket. */
export interface DealMovement {
  readonly opportunity: number;
  readonly bucket: WaterfallBucket;
  /** The group it counts in (the start group for outflows, the end group for inflows); null for the total. */
  readonly key: number | null;
  /** What it adds to (or takes from) the bucket, corporate currency, minor units, >= 0. */
  readonly value: MinorUnits;
  /** Its state on `from`; null when it did not exist yet. */
  readonly start: DealState | null;
  readonly end: DealState;
}

/** Deals in the pipeline on both dates whose forecast category changed, by the move. */
export interface CategoryMove {
  readonly fromCategoryCode: number;
  readonly toCategoryCode: number;
  readonly count: number;
  /** Their value on `to`. */
  readonly value: MinorUnits;
}

export interface WaterfallResult {
  readonly from: DayNumber;
  readonly to: DayNumber;
  readonly periodStart: DayNumber;
  readonly periodEnd: DayNumber;
  readonly total: WaterfallRow;
  /** One row per group met, in the order met; empty without a grouping. */
  readonly groups: readonly WaterfallRow[];
  /** Every deal's movements, at the level of the rows shown: per group with a grouping, else for the total. */
  readonly movements: readonly DealMovement[];
  /** Information, not buckets: forecast-category moves of deals in the pipeline on both dates. */
  readonly categoryMoves: readonly CategoryMove[];
  /** Information, not buckets: deals in the pipeline on both dates whose owner changed (value on `to`). */
  readonly ownerMoves: Pick<BucketTotal, 'count' | 'value'>;
}

export interface WaterfallOptions {
  /** Start date: the pipeline as of the end of this day. */
  readonly from: DayNumber;
  /** End date (>= from). */
  readonly to: DayNumber;
  /** The close-date window, both ends inclusive. */
  readonly periodStart: DayNumber;
  readonly periodEnd: DayNumber;
  readonly stages: StageCodes;
  readonly config: Pick<DealConfig, 'currency' | 'fxTable'>;
  /**
   * Assigns the deals, in their state on one of the two dates, to groups: ./dimensions.ts `groupDeals`, with
   * the close days of that state as the fiscal date. A deal may fall in several groups (manager roll-up).
   * Omit for the total only.
   */
  readonly group?: (deals: DealColumns, closeDay: Int32Array) => Groups;
}

/** What the waterfall reads: the history, and the currencies of the opportunities. */
export type WaterfallSource = DealStateSource & Parameters<typeof corporateAmounts>[0];

type Totals = Record<WaterfallBucket | 'start' | 'end', { count: number; value: number; crossed: number }>;

function emptyTotals(): Totals {
  const totals = {} as Totals;
  for (const key of ['start', ...WATERFALL_BUCKETS, 'end'] as const)
    totals[key] = { count: 0, value: 0, crossed: 0 };
  return totals;
}

function toRow(key: number | null, totals: Totals): WaterfallRow {
  const freeze = (bucket: keyof Totals): BucketTotal => ({
    count: totals[bucket].count,
    value: totals[bucket].value as MinorUnits,
    crossed: totals[bucket].crossed,
  });
  const buckets = {} as Record<WaterfallBucket, BucketTotal>;
  for (const bucket of WATERFALL_BUCKETS) buckets[bucket] = freeze(bucket);
  return { key, start: freeze('start'), buckets, end: freeze('end') };
}

/**
 * The history row in effect for deal `i` at the end of `day`, by the rule of ./deal-state.ts: the last change
 * dated on or before it, else (before the first change) the first; -1 when the deal has no recorded changes and
 * is in its current state. Read per deal, since most deals of a million are in neither end's pipeline.
 */
function rowAt(source: DealStateSource, i: number, day: DayNumber): number {
  const start = source.historyStart[i] ?? 0;
  const end = source.historyStart[i + 1] ?? start;
  if (end === start) return -1;
  let row = end - 1;
  const days = source.history.day;
  while (row > start && (days[row] ?? 0) > day) row--;
  return row;
}

/** Deal `i`'s state from history row `row` (or its current state when -1), valued in the corporate currency. */
function stateAt(source: DealStateSource, i: number, row: number, value: DealValue): DealState {
  const columns = row < 0 ? source.opportunities : source.history;
  const at = row < 0 ? i : row;
  const amount = columns.amount[at] ?? 0;
  const closeDay = columns.closeDay[at] ?? NO_DAY;
  return {
    stageCode: columns.stageCode[at] ?? 0,
    closeDay,
    amount,
    value: value(i, amount, closeDay),
    categoryCode: columns.categoryCode[at] ?? 0,
    ownerIndex: columns.ownerIndex[at] ?? -1,
  };
}

/** A deal's bucket entry: the bucket, the value, and whether the deal came in or left through it. */
interface Entry {
  readonly bucket: WaterfallBucket;
  readonly value: number;
  readonly crossed: boolean;
}

/** A bucket entry of a deal that came into or left the pipeline (or the group) through it. */
const crossing = (bucket: WaterfallBucket, value: number): Entry => ({ bucket, value, crossed: true });

/** The amount bucket of a deal that stays in (or was won): not a crossing. */
const amountChange = (change: number): Entry[] =>
  change > 0
    ? [{ bucket: 'increased', value: change, crossed: false }]
    : change < 0
      ? [{ bucket: 'decreased', value: -change, crossed: false }]
      : [];

/** Where a deal is on the two dates: in the pipeline at all, and in the group being counted. */
interface Presence {
  readonly inStart: boolean;
  readonly inEnd: boolean;
  readonly inStartGroup: boolean;
  readonly inEndGroup: boolean;
}

/**
 * The bucket entries of one deal for one group (or the total, where the group is everything), by the rules of
 * the module header. `start` is null when the deal did not exist on `from`.
 */
function attribute(
  start: DealState | null,
  end: DealState,
  presence: Presence,
  options: WaterfallOptions,
): Entry[] {
  const { outcome } = options.stages;
  if (presence.inStartGroup && start !== null) {
    if (presence.inEndGroup) return amountChange(end.value - start.value);
    if (presence.inEnd) return [crossing('movedOut', start.value)];
    const endOutcome = outcome[end.stageCode];
    if (endOutcome === OUTCOME.won) {
      return [crossing('won', end.value), ...amountChange(end.value - start.value)];
    }
    if (endOutcome === OUTCOME.lost) return [crossing('lost', start.value)];
    if (inPeriod(end, options)) return [crossing('decreased', start.value)];
    return [crossing(end.closeDay > options.periodEnd ? 'pushedOut' : 'pulledOut', start.value)];
  }
  if (!presence.inEndGroup) return [];
  if (presence.inStart) return [crossing('movedIn', end.value)];
  if (start === null) return [crossing('created', end.value)];
  if (outcome[start.stageCode] !== OUTCOME.open) return [crossing('reopened', end.value)];
  if (inPeriod(start, options)) return [crossing('increased', end.value)];
  return [crossing(start.closeDay > options.periodEnd ? 'pulledIn' : 'pushedIn', end.value)];
}

/**
 * Whether an open deal's close date is in the period: out of the pipeline, then, only for its amount (zero or
 * negative), so that it moves by an amount bucket, not a date one.
 */
const inPeriod = (state: DealState, options: Pick<WaterfallOptions, 'periodStart' | 'periodEnd'>): boolean =>
  state.closeDay >= options.periodStart && state.closeDay <= options.periodEnd;

/** The group keys of row `i`. */
function keysOf(groups: Groups, i: number): number[] {
  const keys: number[] = [];
  for (let slot = groups.rowStart[i] ?? 0; slot < (groups.rowStart[i + 1] ?? 0); slot++) {
    keys.push(groups.keys[groups.rowSlots[slot] ?? 0] ?? 0);
  }
  return keys;
}

/**
 * The waterfall of the open pipeline closing in `periodStart..periodEnd` between the ends of days `from` and
 * `to`, by the bucket rules of the module header; per group too when `group` is given.
 */
export function pipelineWaterfall(source: WaterfallSource, options: WaterfallOptions): WaterfallResult {
  const { from, to, periodStart, periodEnd, stages, config, group } = options;
  if (from > to) throw new RangeError(`the waterfall starts (${from}) after it ends (${to})`);
  const value = dealValue(source, config);
  const { createdDay } = source.opportunities;
  // Whole-table states only where groups need them; the buckets read each deal's two rows directly.
  const groupsOn = (day: DayNumber): Groups | undefined => {
    if (!group) return undefined;
    const state = dealsAsOf(source, day);
    return group({ ...state, corporateAmount: corporateAmounts(source, state, config) }, state.closeDay);
  };
  const startGroups = groupsOn(from);
  const endGroups = groupsOn(to);
  /** Whether deal `i`, existing on the day, is in the pipeline there when history row `row` is in effect. */
  const inPipeline = (i: number, row: number): boolean => {
    const columns = row < 0 ? source.opportunities : source.history;
    const at = row < 0 ? i : row;
    const close = columns.closeDay[at] ?? NO_DAY;
    return (
      stages.outcome[columns.stageCode[at] ?? 0] === OUTCOME.open &&
      close >= periodStart &&
      close <= periodEnd &&
      countsAsPipeline(columns.amount[at] ?? NaN)
    );
  };

  const total = emptyTotals();
  const byGroup = new Map<number, Totals>();
  const movements: DealMovement[] = [];
  const categoryMoves = new Map<string, { from: number; to: number; count: number; value: number }>();
  const ownerMoves = { count: 0, value: 0 };
  const add = (totals: Totals, bucket: keyof Totals, value: number, crossed = true): void => {
    totals[bucket].count += 1;
    totals[bucket].value += value;
    if (crossed) totals[bucket].crossed += 1;
  };
  /** Counts one deal in one group's totals (or the total's, key null), listing its movements there. */
  const count = (
    totals: Totals,
    key: number | null,
    i: number,
    start: DealState | null,
    end: DealState,
    presence: Presence,
  ): void => {
    if (presence.inStartGroup && start) add(totals, 'start', start.value);
    if (presence.inEndGroup) add(totals, 'end', end.value);
    for (const entry of attribute(start, end, presence, options)) {
      add(totals, entry.bucket, entry.value, entry.crossed);
      if ((key === null) === (group === undefined)) {
        movements.push({
          opportunity: i,
          bucket: entry.bucket,
          key,
          value: entry.value as MinorUnits,
          start,
          end,
        });
      }
    }
  };

  for (let i = 0; i < source.opportunities.count; i++) {
    const created = createdDay[i] ?? NO_DAY;
    if (created > to) continue;
    const existedAtStart = created <= from;
    const startRow = existedAtStart ? rowAt(source, i, from) : -1;
    const endRow = rowAt(source, i, to);
    const inStart = existedAtStart && inPipeline(i, startRow);
    const inEnd = inPipeline(i, endRow);
    if (!inStart && !inEnd) continue;
    const start = existedAtStart ? stateAt(source, i, startRow, value) : null;
    const end = stateAt(source, i, endRow, value);
    count(total, null, i, start, end, { inStart, inEnd, inStartGroup: inStart, inEndGroup: inEnd });

    if (inStart && inEnd && start) {
      if (start.ownerIndex !== end.ownerIndex) {
        ownerMoves.count += 1;
        ownerMoves.value += end.value;
      }
      if (start.categoryCode !== end.categoryCode) {
        const key = `${start.categoryCode}>${end.categoryCode}`;
        const move = categoryMoves.get(key) ?? {
          from: start.categoryCode,
          to: end.categoryCode,
          count: 0,
          value: 0,
        };
        move.count += 1;
        move.value += end.value;
        categoryMoves.set(key, move);
      }
    }

    if (!startGroups || !endGroups) continue;
    const startKeys = start ? keysOf(startGroups, i) : [];
    const endKeys = keysOf(endGroups, i);
    for (const key of new Set([...startKeys, ...endKeys])) {
      let totals = byGroup.get(key);
      if (!totals) byGroup.set(key, (totals = emptyTotals()));
      const presence = {
        inStart,
        inEnd,
        inStartGroup: inStart && startKeys.includes(key),
        inEndGroup: inEnd && endKeys.includes(key),
      };
      count(totals, key, i, start, end, presence);
    }
  }

  return {
    from,
    to,
    periodStart,
    periodEnd,
    total: toRow(null, total),
    groups: [...byGroup.entries()].map(([key, totals]) => toRow(key, totals)),
    movements,
    categoryMoves: [...categoryMoves.values()]
      .sort((a, b) => a.from - b.from || a.to - b.to)
      .map((move) => ({
        fromCategoryCode: move.from,
        toCategoryCode: move.to,
        count: move.count,
        value: move.value as MinorUnits,
      })),
    ownerMoves: { count: ownerMoves.count, value: ownerMoves.value as MinorUnits },
  };
}

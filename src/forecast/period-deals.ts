/**
 * The deals a period's forecast rests on, as of a day: closed won inside the period so far, and open deals whose
 * close date falls in the period, with their corporate amounts (the analytics deal facts), and the sums of
 * per-deal values by group (owner, manager roll-up, segment, …) through the analytics keyspace.
 * @module
 */
import {
  createKeyspace,
  groupDeals,
  type DimensionId,
  type GroupKeyspace,
  type Groups,
} from '../analytics/dimensions.js';
import {
  countsAsPipeline,
  dealFacts,
  isCredit,
  OUTCOME,
  type DealConfig,
  type DealFacts,
} from '../analytics/deal-facts.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { NO_DAY, type Dataset } from '../dataset/dataset.js';
import { fromDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import type { FiscalCalendar } from '../domain/fiscal-calendar.js';

/** Scope codes of {@link PeriodDeals.scope}. */
export const SCOPE = { none: 0, open: 1, won: 2 } as const;

/** What the forecast models read of the workspace configuration. */
export type ForecastConfig = DealConfig & { readonly fiscalCalendar: FiscalCalendar };

export interface PeriodDeals {
  readonly period: AnalysisPeriod;
  readonly asOf: IsoDate;
  readonly facts: DealFacts;
  /** Per opportunity: a {@link SCOPE} code. */
  readonly scope: Uint8Array;
  /** The opportunities in scope (won or open), ascending: the rows {@link sumByGroup} sums the models over. */
  readonly rows: Int32Array;
  /** What was counted and what was left out, for the report's Methods footnote. */
  readonly inputs: PeriodDealInputs;
  /**
   * Every deal's groups on the day, per list of dimensions, kept by {@link sumByGroup}: they depend on the
   * state only, not on the scope, so the models (and a copy with another scope) share them.
   */
  readonly groupings?: Map<string, { readonly keyspace: GroupKeyspace; readonly groups: Groups }>;
  /** The reps whose deals it holds (a report on part of the team); undefined: every rep's. */
  readonly owners?: ReadonlySet<number>;
  /**
   * The open deals closing in the period whose amount is zero or negative (ascending): a data error (`salesops
   * audit` flags it as amount-not-positive), left out of every model's sums ({@link countsAsPipeline}) and named
   * in the report so that the forecast does not silently shrink or pad by them.
   */
  readonly notPositive: Int32Array;
  /**
   * The deals won in the period so far at a zero or negative amount (ascending): credits ({@link isCredit}) or corrections, netted
   * into closed (what was booked, as the closed_won metric and quota attainment count it) and named in the report.
   */
  readonly wonNotPositive: Int32Array;
}

export interface PeriodDealInputs {
  readonly openDeals: number;
  readonly closedWonDeals: number;
  /** Of {@link closedWonDeals}, those at a zero or negative amount: netted into closed, and named. */
  readonly closedWonNotPositive: number;
  /** Open deals closing in the period with a zero or negative amount ({@link PeriodDeals.notPositive}). */
  readonly openNotPositive: number;
  /** Open deals closing in the period without an amount: left out of every sum. */
  readonly openWithoutAmount: number;
  /** Open deals whose close date passed before the period began: not in this period's forecast. */
  readonly overdueBeforePeriod: number;
  /** Open deals without a close date: in no period's forecast. */
  readonly openWithoutCloseDate: number;
  /**
   * Open deals whose close date is in a period that ended before the as-of day ({@link periodEnded}): they did
   * not close within it, so they are not in its forecast (its outcome is what closed).
   */
  readonly openAfterPeriodEnded: number;
}

/** The day the first opportunity was created: the data begins there (Infinity without opportunities). */
export function firstCreatedDay(dataset: Pick<Dataset, 'opportunities'>): number {
  const { createdDay } = dataset.opportunities;
  let first = Infinity;
  for (let i = 0; i < createdDay.length; i++) if (createdDay[i]! < first) first = createdDay[i]!;
  return first;
}

/** Whether `period` ended before `asOfDay`: nothing more can close in it, and no new pipeline can reach it. */
export function periodEnded(period: AnalysisPeriod, asOfDay: DayNumber): boolean {
  return asOfDay > period.endDay;
}

/**
 * The deals of `period` as of `asOfDay`: won with a close date in the period up to the day (at any amount: a
 * credit is netted, and listed in {@link PeriodDeals.wonNotPositive}), and open (by the
 * stage model) with a close date in the period and a positive amount ({@link countsAsPipeline}), overdue ones
 * included while the period lasts (none once it has ended: {@link periodEnded}).
 */
export function periodDeals(
  dataset: Pick<Dataset, 'opportunities' | 'history' | 'historyStart' | 'labels'>,
  config: DealConfig,
  period: AnalysisPeriod,
  asOfDay: DayNumber,
  /** The deal facts on `asOfDay`, when the caller has them already. */
  facts: DealFacts = dealFacts(dataset, config, asOfDay),
  /** Only the deals these reps (rows of the reps table) own on the day; undefined: every deal. */
  owners?: ReadonlySet<number>,
): PeriodDeals {
  const { outcome, corporateAmount, state } = facts;
  const scope = new Uint8Array(outcome.length);
  let openDeals = 0;
  let closedWonDeals = 0;
  let openWithoutAmount = 0;
  let overdueBeforePeriod = 0;
  let openWithoutCloseDate = 0;
  let openAfterPeriodEnded = 0;
  const notPositive: number[] = [];
  const wonNotPositive: number[] = [];
  const ended = periodEnded(period, asOfDay);
  const lastWonDay = Math.min(period.endDay, asOfDay);
  for (let i = 0; i < scope.length; i++) {
    if (owners !== undefined && !owners.has(state.ownerIndex[i]!)) continue;
    const close = state.closeDay[i]!;
    const hasAmount = !Number.isNaN(corporateAmount[i]!);
    if (outcome[i] === OUTCOME.won && close >= period.startDay && close <= lastWonDay && hasAmount) {
      scope[i] = SCOPE.won;
      closedWonDeals++;
      if (isCredit(outcome[i]!, corporateAmount[i]!)) wonNotPositive.push(i);
    } else if (outcome[i] === OUTCOME.open) {
      if (close === NO_DAY) openWithoutCloseDate++;
      else if (close < period.startDay) overdueBeforePeriod++;
      else if (close <= period.endDay) {
        if (ended) openAfterPeriodEnded++;
        else if (!hasAmount) openWithoutAmount++;
        else if (countsAsPipeline(corporateAmount[i]!)) {
          scope[i] = SCOPE.open;
          openDeals++;
        } else notPositive.push(i);
      }
    }
  }
  return {
    period,
    asOf: fromDayNumber(asOfDay),
    facts,
    scope,
    rows: rowsInScope(scope, openDeals + closedWonDeals),
    inputs: {
      openDeals,
      closedWonDeals,
      closedWonNotPositive: wonNotPositive.length,
      openNotPositive: notPositive.length,
      openWithoutAmount,
      overdueBeforePeriod,
      openWithoutCloseDate,
      openAfterPeriodEnded,
    },
    groupings: new Map(),
    notPositive: Int32Array.from(notPositive),
    wonNotPositive: Int32Array.from(wonNotPositive),
    ...(owners === undefined ? {} : { owners }),
  };
}

/** The opportunities (ascending) whose scope is not {@link SCOPE.none}, `count` of them. */
function rowsInScope(scope: Uint8Array, count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let i = 0, at = 0; at < count; i++) if (scope[i] !== SCOPE.none) rows[at++] = i;
  return rows;
}

/** One group's sums: its key in the keyspace, its labels (`{ owner: 'Ann' }`) and one total per value column. */
export interface GroupSums<K extends string> {
  readonly key: number;
  readonly group: Partial<Record<DimensionId, string>>;
  readonly sums: Readonly<Record<K, number>>;
}

/** The opportunities (ascending) whose per-opportunity `codes` pass `keep`. */
export function rowsWhere(codes: ArrayLike<number>, keep: (code: number) => boolean): Int32Array {
  let count = 0;
  for (let i = 0; i < codes.length; i++) if (keep(codes[i]!)) count++;
  const rows = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < codes.length; i++) if (keep(codes[i]!)) rows[at++] = i;
  return rows;
}

/** A per-opportunity column's values at `rows`, in that order (the compact columns {@link sumByGroup} sums). */
export function valuesAt(rows: Int32Array, column: ArrayLike<number>): Float64Array {
  const values = new Float64Array(rows.length);
  for (let p = 0; p < rows.length; p++) values[p] = column[rows[p]!]!;
  return values;
}

/**
 * Sums value columns over `rows` (opportunities, ascending; each column holds one value per row, in that order),
 * per group of `by` (in the keyspace's order), and in total. A deal counts in every group it belongs to (a rep's
 * deal in each manager above), once in the total. Columns over the rows only, not over every opportunity: a
 * report sums a few percent of a million deals, a dozen times.
 */
export function sumByGroup<K extends string>(
  dataset: Pick<Dataset, 'opportunities' | 'accounts' | 'reps' | 'territories' | 'labels'>,
  deals: PeriodDeals,
  config: ForecastConfig,
  by: readonly DimensionId[],
  rows: Int32Array,
  values: Readonly<Record<K, Float64Array>>,
): {
  readonly keyspace: GroupKeyspace;
  readonly rows: GroupSums<K>[];
  readonly total: Readonly<Record<K, number>>;
} {
  const names = Object.keys(values) as K[];
  const { keyspace, groups } = grouping(dataset, deals, config, by);
  const columns = names.map((name) => values[name]);
  const slotSums = groups.keys.map(() => new Float64Array(names.length));
  const total = new Float64Array(names.length);
  const { rowStart, rowSlots } = groups;
  for (let p = 0; p < rows.length; p++) {
    const i = rows[p]!;
    for (let n = 0; n < columns.length; n++) total[n]! += columns[n]![p]!;
    for (let s = rowStart[i]!; s < rowStart[i + 1]!; s++) {
      const sums = slotSums[rowSlots[s]!]!;
      for (let n = 0; n < columns.length; n++) sums[n]! += columns[n]![p]!;
    }
  }
  const record = (sums: Float64Array) =>
    Object.fromEntries(names.map((name, n) => [name, sums[n]!])) as Record<K, number>;
  const order = groups.keys
    .map((key, slot) => ({ key, slot }))
    .sort((a, b) => keyspace.compare(a.key, b.key));
  return {
    keyspace,
    rows: order.map(({ key, slot }) => ({ key, group: keyspace.labels(key), sums: record(slotSums[slot]!) })),
    total: record(total),
  };
}

/** Every deal's groups by `by` on the deals' day, kept in `deals.groupings` when it has one. */
function grouping(
  dataset: Pick<Dataset, 'opportunities' | 'accounts' | 'reps' | 'territories' | 'labels'>,
  deals: PeriodDeals,
  config: ForecastConfig,
  by: readonly DimensionId[],
): { readonly keyspace: GroupKeyspace; readonly groups: Groups } {
  const key = by.join(',');
  const kept = deals.groupings?.get(key);
  if (kept) return kept;
  const keyspace: GroupKeyspace = createKeyspace(dataset, by, {
    period: deals.period,
    calendar: config.fiscalCalendar,
    stageModel: config.stageModel,
    currency: config.currency,
  });
  const { state, corporateAmount } = deals.facts;
  const groups = groupDeals(keyspace, dataset, { ...state, corporateAmount }, state.closeDay, {
    what: 'the forecast',
  });
  deals.groupings?.set(key, { keyspace, groups });
  return { keyspace, groups };
}

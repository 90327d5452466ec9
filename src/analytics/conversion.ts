/**
 * Stage conversion by cohort, time in stage, and aging of open deals, read from each deal's stage history up
 * to the as-of day.
 *
 * **Entering a stage.** The open stages are ranked in process order and every won stage ranks after the last
 * open one. A deal *enters* a stage the first day it is at that stage or beyond: a deal that jumps from
 * Discovery to Negotiation passes through Proposal that day (a skip counts as passing through, with no days in
 * the skipped stage, and is counted as `skipped`). Stages before the one a deal was created in are never
 * entered: it came into the pipeline past them. A backward move (Negotiation back to Proposal) undoes nothing:
 * each stage is entered at most once, on the first day, and the deal keeps every stage it reached; the move is
 * counted as `movedBack` of the stage it left.
 *
 * **Cohort.** A stage's cohort is the deals that entered it in the cohort window (both days included). For
 * each, as of the as-of day: which later open stages it has reached, and whether it is now won, lost or still
 * open (won + lost + open = entered). A deal won by then has passed through every later stage, so the funnel
 * shares never rise from one stage to the next. A deal won at a zero or negative amount on the as-of day is a credit
 * (`isCredit`, ./deal-facts.ts: a refund or correction), no conversion: it is left out of every cohort, as the win
 * rates and the forecast's models leave it out, and named in {@link ConversionResult.creditsLeftOut}.
 *
 * **Time in stage.** Days the deal was recorded in the stage, summed over its visits (a change on day d
 * ends a visit begun on day e after d − e days), for the cohort's deals that were recorded in the stage and are
 * no longer in it on the as-of day. Skipped deals spent no recorded time and are left out; deals still in the
 * stage are in the aging table instead.
 *
 * **Aging.** Every deal open on the as-of day with a positive amount (`countsAsPipeline`, ./deal-facts.ts: the
 * open pipeline of the pipeline metrics and the forecast, over every close date), by its stage then: days in that
 * stage (since it last entered it), age since creation, and counts in bands of days in stage (0-30, 31-60,
 * 61-90, over 90). Open deals with a zero, negative or missing amount are a data error, left out of the aging
 * and counted in {@link ConversionResult.agingLeftOut}.
 * @module
 */
import { NO_DAY, type Dataset } from '../dataset/dataset.js';
import type { DayNumber } from '../domain/dates.js';
import type { MinorUnits } from '../domain/money.js';
import {
  countsAsPipeline,
  creditsLeftOut,
  dealFacts,
  isCredit,
  OUTCOME,
  type CreditsLeftOut,
  type DealConfig,
} from './deal-facts.js';
import type { DealColumns, Groups } from './dimensions.js';
import { dealValue, type StageCodes } from './flow-basis.js';

/** The upper bounds (inclusive) of the aging bands of days in stage; the last band is open-ended. */
export const AGING_BAND_LIMITS = [30, 60, 90] as const;
export const AGING_BAND_NAMES = ['0-30', '31-60', '61-90', '>90'] as const;

export interface Summary {
  /** Deals measured. */
  readonly deals: number;
  /** Null when there are none. */
  readonly mean: number | null;
  readonly median: number | null;
}

/** A stage's cohort and what became of it. */
export interface StageConversion {
  /** The group's key in the grouping's keyspace (./dimensions.ts); null for all deals. */
  readonly key: number | null;
  readonly stage: string;
  /** Deals that entered the stage in the cohort window. */
  readonly entered: number;
  /** Of them, deals that passed through it without being recorded in it. */
  readonly skipped: number;
  /** Per later open stage (in process order): the deals of the cohort that reached it. */
  readonly reached: readonly {
    readonly stage: string;
    readonly deals: number;
    readonly rate: number | null;
  }[];
  /** Now won, lost, still open (as of the as-of day); rates are shares of `entered`, null when it is 0. */
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  /** Share that reached the next stage (or won, for the last open stage). */
  readonly nextRate: number | null;
  readonly winRate: number | null;
  readonly lossRate: number | null;
  /** Deals of the cohort that moved from this stage back to an earlier one at least once. */
  readonly movedBack: number;
  /** Days in the stage, over the cohort's deals that were recorded in it and have left it. */
  readonly daysInStage: Summary;
}

/** The deals open on the as-of day in one stage. */
export interface StageAging {
  readonly key: number | null;
  readonly stage: string;
  readonly deals: number;
  /** Corporate currency, minor units, at the rate of each deal's close date. */
  readonly value: MinorUnits;
  readonly daysInStage: Summary;
  readonly ageDays: Summary;
  /** Deals per band of days in stage, as in {@link AGING_BAND_NAMES}. */
  readonly bands: readonly number[];
}

export interface ConversionResult {
  readonly asOfDay: DayNumber;
  readonly cohortStart: DayNumber;
  readonly cohortEnd: DayNumber;
  /** One row per open stage, in process order: all deals. */
  readonly total: readonly StageConversion[];
  /** Per group met (in the order met), one row per open stage; empty without a grouping. */
  readonly groups: readonly StageConversion[];
  readonly aging: readonly StageAging[];
  readonly agingByGroup: readonly StageAging[];
  /** The open deals left out of the aging for a zero, negative or missing amount (`countsAsPipeline`). */
  readonly agingLeftOut: AgingLeftOut;
  /** The deals won at a zero or negative amount on the as-of day that entered a cohort, left out of them all. */
  readonly creditsLeftOut: CreditsLeftOut;
}

/** Open deals on the as-of day whose amount does not count as pipeline, over every close date and group. */
export interface AgingLeftOut {
  readonly deals: number;
  /** Their amounts summed, in corporate minor units (a missing amount as 0). */
  readonly amount: MinorUnits;
}

export interface ConversionOptions {
  /** Changes after this day are not read. */
  readonly asOfDay: DayNumber;
  /** The cohort window: deals that entered a stage on these days (both included). */
  readonly cohortStart: DayNumber;
  readonly cohortEnd: DayNumber;
  readonly stages: StageCodes;
  readonly config: DealConfig;
  /**
   * Assigns deals, in their state on the as-of day, to groups: ./dimensions.ts `groupDeals` with `day` as the
   * fiscal date. Omit for all deals only.
   */
  readonly group?: (deals: DealColumns, day: ArrayLike<number>) => Groups;
  /**
   * True when the grouping reads the date (a fiscal dimension): it is then asked once per stage, with the day
   * each deal entered that stage, so that cohorts split by when they entered; aging splits by the day deals
   * entered their current stage.
   */
  readonly groupByDay?: boolean;
}

export type ConversionSource = Parameters<typeof dealFacts>[0] & Pick<Dataset, 'opportunities'>;

const NOT_REACHED = NO_DAY;

/** A growable list of whole days, kept in a typed array so that a million entries cost no garbage. */
export class DayList {
  private values = new Int32Array(16);
  length = 0;

  push(days: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = days;
  }

  /** The mean and median (the mean of the middle two for an even count); sorts the list. */
  summary(): Summary {
    if (this.length === 0) return { deals: 0, mean: null, median: null };
    const values = this.values.subarray(0, this.length).sort();
    let sum = 0;
    for (const value of values) sum += value;
    const middle = values.length >> 1;
    const median =
      values.length % 2 === 1
        ? (values[middle] ?? 0)
        : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
    return { deals: values.length, mean: sum / values.length, median };
  }
}

/** Running counts of one group, per open stage rank. */
class GroupCounts {
  readonly entered: Int32Array;
  readonly skipped: Int32Array;
  /** `reached[rank * ranks + later]`. */
  readonly reached: Int32Array;
  readonly won: Int32Array;
  readonly lost: Int32Array;
  readonly movedBack: Int32Array;
  readonly daysInStage: DayList[];
  readonly agingDeals: Int32Array;
  readonly agingValue: Float64Array;
  readonly agingDays: DayList[];
  readonly agingAges: DayList[];
  readonly bands: Int32Array;

  constructor(readonly ranks: number) {
    this.entered = new Int32Array(ranks);
    this.skipped = new Int32Array(ranks);
    this.reached = new Int32Array(ranks * ranks);
    this.won = new Int32Array(ranks);
    this.lost = new Int32Array(ranks);
    this.movedBack = new Int32Array(ranks);
    this.daysInStage = Array.from({ length: ranks }, () => new DayList());
    this.agingDeals = new Int32Array(ranks);
    this.agingValue = new Float64Array(ranks);
    this.agingDays = Array.from({ length: ranks }, () => new DayList());
    this.agingAges = Array.from({ length: ranks }, () => new DayList());
    this.bands = new Int32Array(ranks * AGING_BAND_NAMES.length);
  }
}

/** Flags of a deal in an open stage ({@link DealPaths.flags}). */
const RECORDED = 1;
const MOVED_BACK = 2;

/**
 * Every deal's path through the stages up to the as-of day, in columns. Per-stage facts are deal-major
 * (`column[deal * stages + rank]`), so that walking one deal's history touches one small block.
 */
class DealPaths {
  /** Per deal and rank (open ranks, then the won rank): the day it entered the rank, or NOT_REACHED. */
  readonly enteredDay: Int32Array;
  /** Per deal and open rank: RECORDED (was in the stage, not only passed through) | MOVED_BACK. */
  readonly flags: Uint8Array;
  /** Per deal and open rank: days of finished visits. */
  readonly visitDays: Int32Array;
  /** Per deal: the stage code on the as-of day, and the day it last entered that stage. */
  readonly stageCode: Uint16Array;
  readonly stageSince: Int32Array;
  /** Per deal: the history row in effect on the as-of day; -1 when it is in its current state. */
  readonly stateRow: Int32Array;
  /** Ranks per deal in `enteredDay` (open ranks and the won rank) and in `flags` and `visitDays`. */
  readonly enteredWidth: number;
  readonly openWidth: number;
  private current = 0;
  private since = 0;
  /** The lowest rank the deal being read has entered; above every rank while none. */
  private firstRank = 0;

  constructor(
    readonly deals: number,
    private readonly stages: StageCodes,
  ) {
    this.openWidth = stages.wonRank;
    this.enteredWidth = stages.wonRank + 1;
    this.enteredDay = new Int32Array(deals * this.enteredWidth).fill(NOT_REACHED);
    this.flags = new Uint8Array(deals * this.openWidth);
    this.visitDays = new Int32Array(deals * this.openWidth);
    this.stageCode = new Uint16Array(deals);
    this.stageSince = new Int32Array(deals).fill(NOT_REACHED);
    this.stateRow = new Int32Array(deals).fill(-1);
  }

  /** Day deal `i` entered `rank`, or NOT_REACHED. */
  entered(i: number, rank: number): number {
    return this.enteredDay[i * this.enteredWidth + rank] ?? NOT_REACHED;
  }

  /** The day each deal entered `rank` (NOT_REACHED where it did not), as a column. */
  enteredColumn(rank: number): Int32Array {
    const column = new Int32Array(this.deals);
    for (let i = 0; i < this.deals; i++) column[i] = this.entered(i, rank);
    return column;
  }

  /** Walks opportunity `i`'s changes up to `asOfDay`. */
  read(source: ConversionSource, i: number, asOfDay: DayNumber): void {
    const { history, historyStart, opportunities } = source;
    const created = opportunities.createdDay[i] ?? 0;
    const start = historyStart[i] ?? 0;
    const end = historyStart[i + 1] ?? start;
    this.firstRank = this.enteredWidth;
    if (start === end) {
      // No recorded changes: in the current stage since creation.
      this.begin(i, opportunities.stageCode[i] ?? 0, created);
    } else {
      this.begin(i, history.stageCode[start] ?? 0, Math.min(created, history.day[start] ?? created));
      let row = start + 1;
      for (; row < end; row++) {
        const day = history.day[row] ?? 0;
        if (day > asOfDay) break;
        const stage = history.stageCode[row] ?? 0;
        if (stage !== this.current) this.move(i, stage, day);
      }
      this.stateRow[i] = row - 1;
    }
    this.stageCode[i] = this.current;
    this.stageSince[i] = this.since;
  }

  private begin(i: number, stage: number, day: DayNumber): void {
    this.current = stage;
    this.since = day;
    const rank = this.stages.progressRank[stage] ?? -1;
    if (rank < 0) return;
    this.firstRank = rank;
    this.enteredDay[i * this.enteredWidth + rank] = day;
    if (rank < this.openWidth) this.flags[i * this.openWidth + rank]! |= RECORDED;
  }

  private move(i: number, stage: number, day: DayNumber): void {
    const { progressRank, outcome } = this.stages;
    const open = i * this.openWidth;
    const fromRank = progressRank[this.current] ?? -1;
    const toRank = progressRank[stage] ?? -1;
    if (outcome[this.current] === OUTCOME.open) {
      this.visitDays[open + fromRank]! += day - this.since;
      if (outcome[stage] === OUTCOME.open && toRank < fromRank) this.flags[open + fromRank]! |= MOVED_BACK;
    }
    if (outcome[stage] === OUTCOME.open) this.flags[open + toRank]! |= RECORDED;
    if (toRank >= 0) {
      // Every rank up to the new one not entered yet, from the first the deal entered, is entered today.
      if (this.firstRank === this.enteredWidth) this.firstRank = toRank;
      const entered = i * this.enteredWidth;
      for (let rank = this.firstRank; rank <= toRank; rank++) {
        if (this.enteredDay[entered + rank] === NOT_REACHED) this.enteredDay[entered + rank] = day;
      }
    }
    this.current = stage;
    this.since = day;
  }
}

/**
 * Stage conversion of the cohorts entering each open stage in `cohortStart..cohortEnd`, time in stage and
 * aging, as of `asOfDay`, by the rules of the module header; per group too when `group` is given.
 */
export function stageConversion(source: ConversionSource, options: ConversionOptions): ConversionResult {
  const { asOfDay, cohortStart, cohortEnd, stages, config, group } = options;
  const ranks = stages.wonRank;
  const count = source.opportunities.count;
  const paths = new DealPaths(count, stages);
  const { createdDay } = source.opportunities;
  for (let i = 0; i < count; i++) {
    if ((createdDay[i] ?? NO_DAY) <= asOfDay) paths.read(source, i, asOfDay);
  }
  // Groups read every deal's state on the as-of day; without them only open deals' values are needed.
  const facts = group ? dealFacts(source, config, asOfDay) : null;
  const columns: DealColumns | null = facts
    ? { ...facts.state, corporateAmount: facts.corporateAmount }
    : null;
  const sharedGroups = group && columns && !options.groupByDay ? group(columns, paths.stageSince) : null;
  const groupsFor = (day: () => ArrayLike<number>): Groups | null =>
    group && columns ? (sharedGroups ?? group(columns, day())) : null;

  // The deal's amount on the as-of day, in the corporate currency.
  const value = dealValue(source, config);
  const worthOnDay = (i: number) => {
    const row = paths.stateRow[i] ?? -1;
    const state = row < 0 ? source.opportunities : source.history;
    const at = row < 0 ? i : row;
    return value(i, state.amount[at] ?? NaN, state.closeDay[at] ?? NO_DAY);
  };
  // The credits among the deals won that entered a cohort (only those are converted: no FX rate is needed for
  // the others' close dates), with their amounts.
  const credits = new Uint8Array(count);
  const creditAmount = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (stages.outcome[paths.stageCode[i] ?? 0] !== OUTCOME.won) continue;
    let inCohort = false;
    for (let rank = 0; rank < ranks && !inCohort; rank++) {
      const day = paths.entered(i, rank);
      inCohort = day !== NOT_REACHED && day >= cohortStart && day <= cohortEnd;
    }
    if (!inCohort) continue;
    creditAmount[i] = worthOnDay(i);
    if (isCredit(OUTCOME.won, creditAmount[i]!)) credits[i] = 1;
  }

  const total = new GroupCounts(ranks);
  const byKey = new Map<number, GroupCounts>();
  const countsOf = (groups: Groups | null): GroupCounts[] | null =>
    groups
      ? groups.keys.map((key) => {
          let counts = byKey.get(key);
          if (!counts) byKey.set(key, (counts = new GroupCounts(ranks)));
          return counts;
        })
      : null;
  for (let rank = 0; rank < ranks; rank++) {
    const groups = groupsFor(() => paths.enteredColumn(rank));
    const slotCounts = countsOf(groups);
    for (let i = 0; i < count; i++) {
      const day = paths.entered(i, rank);
      if (day === NOT_REACHED || day < cohortStart || day > cohortEnd) continue;
      if (credits[i] === 1) continue;
      addToCohort(total, paths, stages, rank, i);
      if (!groups || !slotCounts) continue;
      for (let slot = groups.rowStart[i] ?? 0; slot < (groups.rowStart[i + 1] ?? 0); slot++) {
        addToCohort(slotCounts[groups.rowSlots[slot] ?? 0] as GroupCounts, paths, stages, rank, i);
      }
    }
  }

  const agingGroups = groupsFor(() => paths.stageSince);
  const agingCounts = countsOf(agingGroups);
  let leftOutDeals = 0;
  let leftOutAmount = 0;
  for (let i = 0; i < count; i++) {
    const stage = paths.stageCode[i] ?? 0;
    if (stages.outcome[stage] !== OUTCOME.open) continue;
    const rank = stages.progressRank[stage] ?? -1;
    const daysIn = asOfDay - (paths.stageSince[i] ?? asOfDay);
    const age = asOfDay - (createdDay[i] ?? asOfDay);
    const dealWorth = worthOnDay(i);
    if (!countsAsPipeline(dealWorth)) {
      leftOutDeals += 1;
      if (!Number.isNaN(dealWorth)) leftOutAmount += dealWorth;
      continue;
    }
    addToAging(total, rank, daysIn, age, dealWorth);
    if (!agingGroups || !agingCounts) continue;
    for (let slot = agingGroups.rowStart[i] ?? 0; slot < (agingGroups.rowStart[i + 1] ?? 0); slot++) {
      addToAging(agingCounts[agingGroups.rowSlots[slot] ?? 0] as GroupCounts, rank, daysIn, age, dealWorth);
    }
  }

  const grouped = [...byKey.entries()];
  return {
    asOfDay,
    cohortStart,
    cohortEnd,
    total: conversionRows(null, total, stages),
    groups: grouped.flatMap(([key, counts]) => conversionRows(key, counts, stages)),
    aging: agingRows(null, total, stages),
    agingByGroup: grouped.flatMap(([key, counts]) => agingRows(key, counts, stages)),
    agingLeftOut: { deals: leftOutDeals, amount: leftOutAmount as MinorUnits },
    creditsLeftOut: creditsLeftOut(source, credits, creditAmount),
  };
}

/** Adds deal `i`, which entered stage `rank` in the cohort window, to a group's cohort of that stage. */
function addToCohort(
  counts: GroupCounts,
  paths: DealPaths,
  stages: StageCodes,
  rank: number,
  i: number,
): void {
  const ranks = stages.wonRank;
  const flags = paths.flags[i * paths.openWidth + rank] ?? 0;
  const outcome = stages.outcome[paths.stageCode[i] ?? 0];
  counts.entered[rank]! += 1;
  if ((flags & RECORDED) === 0) counts.skipped[rank]! += 1;
  for (let later = rank + 1; later < ranks; later++) {
    if (paths.entered(i, later) !== NOT_REACHED) counts.reached[rank * ranks + later]! += 1;
  }
  if (outcome === OUTCOME.won) counts.won[rank]! += 1;
  else if (outcome === OUTCOME.lost) counts.lost[rank]! += 1;
  if ((flags & MOVED_BACK) !== 0) counts.movedBack[rank]! += 1;
  const stillHere = outcome === OUTCOME.open && stages.progressRank[paths.stageCode[i] ?? 0] === rank;
  if ((flags & RECORDED) !== 0 && !stillHere)
    counts.daysInStage[rank]!.push(paths.visitDays[i * paths.openWidth + rank] ?? 0);
}

/** Adds a deal open on the as-of day, in stage `rank` for `daysIn` days, to a group's aging. */
function addToAging(counts: GroupCounts, rank: number, daysIn: number, age: number, value: number): void {
  counts.agingDeals[rank]! += 1;
  counts.agingValue[rank]! += value;
  counts.agingDays[rank]!.push(daysIn);
  counts.agingAges[rank]!.push(age);
  counts.bands[rank * AGING_BAND_NAMES.length + bandOf(daysIn)]! += 1;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function conversionRows(key: number | null, counts: GroupCounts, stages: StageCodes): StageConversion[] {
  const ranks = stages.wonRank;
  return stages.openStageNames.map((stage, rank) => {
    const entered = counts.entered[rank] ?? 0;
    const won = counts.won[rank] ?? 0;
    const lost = counts.lost[rank] ?? 0;
    const reached = stages.openStageNames.slice(rank + 1).map((later, offset) => {
      const deals = counts.reached[rank * ranks + rank + 1 + offset] ?? 0;
      return { stage: later, deals, rate: share(deals, entered) };
    });
    return {
      key,
      stage,
      entered,
      skipped: counts.skipped[rank] ?? 0,
      reached,
      won,
      lost,
      open: entered - won - lost,
      nextRate: share(reached[0]?.deals ?? won, entered),
      winRate: share(won, entered),
      lossRate: share(lost, entered),
      movedBack: counts.movedBack[rank] ?? 0,
      daysInStage: (counts.daysInStage[rank] as DayList).summary(),
    };
  });
}

function agingRows(key: number | null, counts: GroupCounts, stages: StageCodes): StageAging[] {
  const bandCount = AGING_BAND_NAMES.length;
  return stages.openStageNames.map((stage, rank) => ({
    key,
    stage,
    deals: counts.agingDeals[rank] ?? 0,
    value: (counts.agingValue[rank] ?? 0) as MinorUnits,
    daysInStage: (counts.agingDays[rank] as DayList).summary(),
    ageDays: (counts.agingAges[rank] as DayList).summary(),
    bands: Array.from(counts.bands.subarray(rank * bandCount, (rank + 1) * bandCount)),
  }));
}

function bandOf(days: number): number {
  const band = AGING_BAND_LIMITS.findIndex((limit) => days <= limit);
  return band < 0 ? AGING_BAND_LIMITS.length : band;
}

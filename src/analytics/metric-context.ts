/**
 * What metrics are computed from in one evaluation: the dataset, the configuration, the as-of day, the period
 * and the grouping, plus the facts several metrics share (deal states, period masks, rep-periods), each derived
 * once on first use. Pure: it only reads what it is given.
 * @module
 */
import { NO_DAY, NO_INDEX, type Dataset } from '../dataset/dataset.js';
import { toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import type { ArgumentSyntax } from '../domain/errors.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { columnOf, maskOf } from './aggregate.js';
import { ColumnScratch } from './column-scratch.js';
import {
  corporateAmounts,
  countsAsPipeline,
  creditsLeftOut,
  dealFacts,
  isCredit,
  OUTCOME,
  type CreditsLeftOut,
  type DealFacts,
} from './deal-facts.js';
import { createdAmount } from './deal-state.js';
import {
  createKeyspace,
  finestFiscalKind,
  groupDeals,
  groupLeads,
  groupReps,
  groupWindows,
  rowsWithin,
  type DimensionId,
  type GroupKeyspace,
  type Groups,
} from './dimensions.js';
import { periodWindows, type AnalysisPeriod, type PeriodWindow } from './periods.js';
import {
  dealTotalsByRepPeriod,
  repPeriodActivities,
  repPeriodQuotas,
  repPeriods,
  repPeriodTime,
  RAMPED_AFTER_DAYS,
  type RepPeriods,
  type RepPeriodTime,
} from './rep-periods.js';

/** What metrics read of the workspace configuration. */
export type MetricsConfig = Pick<
  WorkspaceConfig,
  'currency' | 'stageModel' | 'fiscalCalendar' | 'fxTable' | 'ltv'
>;

/** One evaluation's question: which data, seen from which day, over which period, split how. */
export interface MetricScope {
  readonly dataset: Dataset;
  readonly config: MetricsConfig;
  readonly asOf: IsoDate;
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
  /** How the caller writes the split, for its problems (default: the CLI's --by). */
  readonly syntax?: ArgumentSyntax;
}

/** The date of a deal that places it in a period (and a fiscal window). */
export type DealDate = 'close' | 'created';

export class MetricContext {
  readonly dataset: Dataset;
  readonly config: MetricsConfig;
  readonly asOf: IsoDate;
  readonly asOfDay: DayNumber;
  readonly period: AnalysisPeriod;
  readonly keyspace: GroupKeyspace;
  /** The last day of the period that has happened: the period's end, or the as-of day if earlier. */
  readonly throughDay: DayNumber;
  /** Lends the per-deal arrays of this evaluation (deal states, period rows, masks, group assignments). */
  readonly scratch: ColumnScratch;
  private readonly cache = new Map<string, unknown>();
  /** How many times a metric has read the open pipeline ({@link openInPeriod}): which metrics did, per metric. */
  openPipelineReads = 0;
  /** How many times a metric has left credits out of its deals ({@link withoutCredits}): which metrics did. */
  creditReads = 0;

  /** Without `scratch`, arrays are allocated (and the context may be kept as long as wanted). */
  constructor(scope: MetricScope, scratch: ColumnScratch = new ColumnScratch()) {
    this.scratch = scratch;
    this.dataset = scope.dataset;
    this.config = scope.config;
    this.asOf = scope.asOf;
    this.asOfDay = toDayNumber(scope.asOf);
    this.period = scope.period;
    this.throughDay = Math.min(scope.period.endDay, this.asOfDay);
    this.keyspace = createKeyspace(scope.dataset, scope.dimensions, {
      period: scope.period,
      calendar: scope.config.fiscalCalendar,
      stageModel: scope.config.stageModel,
      currency: scope.config.currency,
      syntax: scope.syntax,
    });
  }

  /** The value of `build`, built on first use and kept for the rest of the evaluation under `key`. */
  shared<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  /** Every opportunity's state, outcome and corporate amount on the as-of day. */
  get deals(): DealFacts {
    return this.shared('deals', () => dealFacts(this.dataset, this.config, this.asOfDay, this.scratch));
  }

  /** True once some metric has read the deal facts. */
  get readDeals(): boolean {
    return this.cache.has('deals');
  }

  /** Each deal's date of a kind: its close date on the as-of day, or its created date. */
  dealDays(date: DealDate): Int32Array {
    return date === 'close' ? this.deals.state.closeDay : this.dataset.opportunities.createdDay;
  }

  /** The deals whose `date` is in the period, ascending: the only deals any deal metric of the period counts. */
  periodRows(date: DealDate): Int32Array {
    return this.shared(`periodRows:${date}`, () =>
      rowsWithin(this.dealDays(date), this.period.startDay, this.period.endDay, this.scratch),
    );
  }

  /**
   * Deals grouped by the evaluation's dimensions, fiscal ones read from `date`. Only deals whose `date` is in
   * the period are grouped: every deal metric counts deals of the period by that date.
   */
  dealGroups(date: DealDate): Groups {
    const deals = this.deals;
    return this.shared(`dealGroups:${date}`, () =>
      groupDeals(
        this.keyspace,
        this.dataset,
        { ...deals.state, corporateAmount: deals.corporateAmount },
        this.dealDays(date),
        { onlyInPeriod: this.periodRows(date), scratch: this.scratch },
      ),
    );
  }

  /** Deals won or lost with a close date in the period, up to the as-of day. */
  closedInPeriod(): Uint8Array {
    return this.shared('closed', () => {
      const mask = this.scratch.take('uint8', this.dataset.opportunities.count);
      const { outcome, state } = this.deals;
      markClosed(this.periodRows('close'), outcome, state.closeDay, this.throughDay, mask);
      return mask;
    });
  }

  /** Deals won with a close date in the period, up to the as-of day. */
  wonInPeriod(): Uint8Array {
    return this.shared('won', () => this.wonAmong(this.closedInPeriod(), this.periodRows('close')));
  }

  /** The won deals of `deals` (a mask), all of them among `rows`. */
  wonAmong(deals: Uint8Array, rows: Int32Array): Uint8Array {
    const mask = this.scratch.take('uint8', deals.length);
    markWon(rows, deals, this.deals.outcome, mask);
    return mask;
  }

  /**
   * The open pipeline of the period: deals open on the as-of day whose expected close date is in the period and
   * whose amount counts as pipeline (`countsAsPipeline`: positive), the deals the Sales Forecast counts too.
   */
  openInPeriod(): Uint8Array {
    this.openPipelineReads++;
    return this.shared('open', () => {
      const mask = this.scratch.take('uint8', this.dataset.opportunities.count);
      markOpen(this.periodRows('close'), this.deals.outcome, this.deals.corporateAmount, mask);
      return mask;
    });
  }

  /**
   * The deals open on the as-of day closing in the period that {@link openInPeriod} leaves out for a zero,
   * negative or missing amount: how many, and their amounts summed (a missing one as 0).
   */
  openLeftOut(): { readonly deals: number; readonly amount: number } {
    return this.shared('openLeftOut', () =>
      leftOutOfPipeline(this.periodRows('close'), this.deals.outcome, this.deals.corporateAmount),
    );
  }

  /**
   * The deals of `deals` (a mask) less the credits ({@link isCredit}): for the metrics that count won deals as
   * sales (win rates, deal size), which leave a credit out of won and closed deals alike. The credits left out
   * are kept for {@link creditsLeftOut}.
   */
  withoutCredits(deals: Uint8Array): Uint8Array {
    this.creditReads++;
    const count = this.dataset.opportunities.count;
    const credits = this.shared('credits', () => this.scratch.take('uint8', count));
    const mask = this.scratch.take('uint8', count);
    markNotCredits(deals, this.deals.outcome, this.deals.corporateAmount, mask, credits);
    return mask;
  }

  /** The credits {@link withoutCredits} left out, over every metric of the evaluation. */
  creditsLeftOut(): CreditsLeftOut {
    const credits = this.shared('credits', () =>
      this.scratch.take('uint8', this.dataset.opportunities.count),
    );
    return creditsLeftOut(this.dataset, credits, this.deals.corporateAmount);
  }

  /** Deals created in the period, up to the as-of day. */
  createdInPeriod(): Uint8Array {
    return this.shared('created', () => {
      const mask = this.scratch.take('uint8', this.dataset.opportunities.count);
      const { createdDay } = this.dataset.opportunities;
      markCreated(this.periodRows('created'), this.deals.state.exists, createdDay, this.throughDay, mask);
      return mask;
    });
  }

  /**
   * Days from created to closed of each deal closing in the period (by its close date on the as-of day); NaN for
   * the other deals.
   */
  cycleDays(): Float64Array {
    return this.shared('cycleDays', () => {
      const days = this.scratch.take('float64', this.dataset.opportunities.count, NaN);
      const { createdDay } = this.dataset.opportunities;
      fillCycleDays(this.periodRows('close'), this.deals.state.closeDay, createdDay, days);
      return days;
    });
  }

  /**
   * Each deal's amount when it was created (its first recorded amount), in corporate minor units at the rate of
   * its close date, like its current amount.
   */
  createdCorporateAmounts(): Float64Array {
    return this.shared('createdAmounts', () => {
      const { state } = this.deals;
      const amount = columnOf(state.amount.length, (deal) => createdAmount(this.dataset, deal));
      return corporateAmounts(this.dataset, { ...state, amount }, this.config);
    });
  }

  /** Activities logged against each deal up to the as-of day. */
  activitiesByDeal(): Float64Array {
    return this.shared('activitiesByDeal', () => {
      const { activities } = this.dataset;
      const counts = new Float64Array(this.dataset.opportunities.count);
      for (let activity = 0; activity < activities.count; activity++) {
        const deal = activities.opportunityIndex[activity] ?? NO_INDEX;
        if (deal >= 0 && (activities.day[activity] ?? NO_DAY) <= this.asOfDay) counts[deal]! += 1;
      }
      return counts;
    });
  }

  /** The windows rep and period metrics are computed per: the finest fiscal split asked for, or the period. */
  windows(): readonly PeriodWindow[] {
    return this.shared('windows', () => {
      const kind = finestFiscalKind(this.keyspace.dimensions);
      return kind
        ? this.keyspace.windows(kind)
        : periodWindows(this.period, this.config.fiscalCalendar, null);
    });
  }

  repPeriods(): RepPeriods {
    return this.shared('repPeriods', () => repPeriods(this.dataset.reps.count, this.windows()));
  }

  repPeriodGroups(): Groups {
    const rows = this.repPeriods();
    return this.shared('repPeriodGroups', () =>
      groupReps(this.keyspace, this.dataset, rows.repIndex, rows.startDay),
    );
  }

  repQuota(): Float64Array {
    return this.shared('repQuota', () =>
      repPeriodQuotas(this.repPeriods(), this.dataset.quotas, this.config.fiscalCalendar),
    );
  }

  /** Closed-won corporate amounts per rep-period (by owner and close date). */
  repWon(): Float64Array {
    return this.shared('repWon', () =>
      dealTotalsByRepPeriod(
        this.repPeriods(),
        this.deals.state.ownerIndex,
        this.wonInPeriod(),
        this.deals.state.closeDay,
        this.deals.corporateAmount,
      ),
    );
  }

  /** Closed-won corporate amounts per rep-period of deals closed while their owner was ramped. */
  repWonRamped(): Float64Array {
    return this.shared('repWonRamped', () => {
      const { ownerIndex, closeDay } = this.deals.state;
      const { hireDay } = this.dataset.reps;
      const won = this.wonInPeriod();
      const ramped = maskOf(won.length, (deal) => {
        const hire = hireDay[ownerIndex[deal] ?? 0] ?? NO_DAY;
        return won[deal] === 1 && (hire === NO_DAY || (closeDay[deal] ?? NO_DAY) >= hire + RAMPED_AFTER_DAYS);
      });
      return dealTotalsByRepPeriod(
        this.repPeriods(),
        ownerIndex,
        ramped,
        closeDay,
        this.deals.corporateAmount,
      );
    });
  }

  /** Open pipeline (corporate amounts) per rep-period, by owner and expected close date. */
  repOpenPipeline(): Float64Array {
    // A read of the open pipeline too, even when the sums are kept from an earlier metric's.
    this.openPipelineReads++;
    return this.shared('repOpen', () =>
      dealTotalsByRepPeriod(
        this.repPeriods(),
        this.deals.state.ownerIndex,
        this.openInPeriod(),
        this.deals.state.closeDay,
        this.deals.corporateAmount,
      ),
    );
  }

  repTime(): RepPeriodTime {
    return this.shared('repTime', () =>
      repPeriodTime(
        this.repPeriods(),
        this.dataset.reps,
        this.dataset.labels.role,
        this.repQuota(),
        this.throughDay,
      ),
    );
  }

  repActivities(): ReturnType<typeof repPeriodActivities> {
    return this.shared('repActivities', () =>
      repPeriodActivities(this.repPeriods(), this.dataset.activities, this.throughDay),
    );
  }

  /** The windows as rows of their own (for costs and new customers), grouped by fiscal dimensions. */
  windowGroups(): Groups {
    return this.shared('windowGroups', () =>
      groupWindows(
        this.keyspace,
        this.windows().map((window) => window.startDay),
      ),
    );
  }

  /** Leads grouped by the evaluation's dimensions, fiscal ones by the lead's created date (its cohort). */
  leadGroups(): Groups {
    return this.shared('leadGroups', () =>
      groupLeads(this.keyspace, this.dataset, this.dataset.leads.createdDay),
    );
  }
}

/*
 * The loops over deals are functions of their own whose arguments are arrays and numbers: V8's optimized code
 * for a loop depends on the shapes of the objects it reads, and the objects of one evaluation die with it, so a
 * full garbage collection would discard code that read them and the next evaluation would compile it again.
 */

/** Marks the deals of `rows` won or lost with a close day up to `through`. */
function markClosed(
  rows: Int32Array,
  outcome: Uint8Array,
  closeDay: Int32Array,
  through: DayNumber,
  mask: Uint8Array,
): void {
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    const result = outcome[deal];
    if ((result === OUTCOME.won || result === OUTCOME.lost) && closeDay[deal]! <= through) mask[deal] = 1;
  }
}

/** Marks the deals of `rows` in `deals` that are won. */
function markWon(rows: Int32Array, deals: Uint8Array, outcome: Uint8Array, mask: Uint8Array): void {
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    if (deals[deal] === 1 && outcome[deal] === OUTCOME.won) mask[deal] = 1;
  }
}

/** Marks the deals of `deals` that are not credits in `mask`, and those that are in `credits`. */
function markNotCredits(
  deals: Uint8Array,
  outcome: Uint8Array,
  amount: Float64Array,
  mask: Uint8Array,
  credits: Uint8Array,
): void {
  for (let deal = 0; deal < deals.length; deal++) {
    if (deals[deal] !== 1) continue;
    if (isCredit(outcome[deal]!, amount[deal]!)) credits[deal] = 1;
    else mask[deal] = 1;
  }
}

/** Marks the deals of `rows` that are open with an amount that counts as pipeline. */
function markOpen(rows: Int32Array, outcome: Uint8Array, amount: Float64Array, mask: Uint8Array): void {
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    if (outcome[deal] === OUTCOME.open && countsAsPipeline(amount[deal]!)) mask[deal] = 1;
  }
}

/** The deals of `rows` open with an amount that does not count as pipeline: how many, and their sum. */
function leftOutOfPipeline(
  rows: Int32Array,
  outcome: Uint8Array,
  amount: Float64Array,
): { deals: number; amount: number } {
  let deals = 0;
  let sum = 0;
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    if (outcome[deal] !== OUTCOME.open || countsAsPipeline(amount[deal]!)) continue;
    deals++;
    if (!Number.isNaN(amount[deal]!)) sum += amount[deal]!;
  }
  return { deals, amount: sum };
}

/** Marks the deals of `rows` that exist and were created by `through`. */
function markCreated(
  rows: Int32Array,
  exists: Uint8Array,
  createdDay: Int32Array,
  through: DayNumber,
  mask: Uint8Array,
): void {
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    if (exists[deal] === 1 && createdDay[deal]! <= through) mask[deal] = 1;
  }
}

/** Days from created to the close day, for the deals of `rows`. */
function fillCycleDays(
  rows: Int32Array,
  closeDay: Int32Array,
  createdDay: Int32Array,
  days: Float64Array,
): void {
  for (let position = 0; position < rows.length; position++) {
    const deal = rows[position]!;
    days[deal] = closeDay[deal]! - createdDay[deal]!;
  }
}

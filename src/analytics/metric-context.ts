/**
 * What metrics are computed from in one evaluation: the dataset, the configuration, the as-of day, the period
 * and the grouping, plus the facts several metrics share (deal states, period masks, rep-periods), each derived
 * once on first use. Pure: it only reads what it is given.
 * @module
 */
import { NO_DAY, NO_INDEX, type Dataset } from '../dataset/dataset.js';
import { toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { columnOf, maskOf } from './aggregate.js';
import { corporateAmounts, dealFacts, OUTCOME, type DealFacts } from './deal-facts.js';
import { createdAmount } from './deal-state.js';
import {
  createKeyspace,
  finestFiscalKind,
  groupDeals,
  groupLeads,
  groupReps,
  groupWindows,
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
  private readonly cache = new Map<string, unknown>();

  constructor(scope: MetricScope) {
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
    });
  }

  /** The value of `build`, built on first use and kept for the rest of the evaluation under `key`. */
  shared<T>(key: string, build: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  /** Every opportunity's state, outcome and corporate amount on the as-of day. */
  get deals(): DealFacts {
    return this.shared('deals', () => dealFacts(this.dataset, this.config, this.asOfDay));
  }

  /** True once some metric has read the deal facts. */
  get readDeals(): boolean {
    return this.cache.has('deals');
  }

  /** Each deal's date of a kind: its close date on the as-of day, or its created date. */
  dealDays(date: DealDate): Int32Array {
    return date === 'close' ? this.deals.state.closeDay : this.dataset.opportunities.createdDay;
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
        { onlyInPeriod: true },
      ),
    );
  }

  /** Deals won or lost with a close date in the period, up to the as-of day. */
  closedInPeriod(): Uint8Array {
    return this.shared('closed', () => {
      const { outcome, state } = this.deals;
      const { closeDay } = state;
      const from = this.period.startDay;
      const to = this.throughDay;
      const mask = new Uint8Array(outcome.length);
      for (let deal = 0; deal < mask.length; deal++) {
        const result = outcome[deal];
        const close = closeDay[deal] ?? NO_DAY;
        if ((result === OUTCOME.won || result === OUTCOME.lost) && close >= from && close <= to)
          mask[deal] = 1;
      }
      return mask;
    });
  }

  /** Deals won with a close date in the period, up to the as-of day. */
  wonInPeriod(): Uint8Array {
    return this.shared('won', () => {
      const closed = this.closedInPeriod();
      const { outcome } = this.deals;
      const mask = new Uint8Array(closed.length);
      for (let deal = 0; deal < mask.length; deal++) {
        if (closed[deal] === 1 && outcome[deal] === OUTCOME.won) mask[deal] = 1;
      }
      return mask;
    });
  }

  /** Deals open on the as-of day whose expected close date is in the period. */
  openInPeriod(): Uint8Array {
    return this.shared('open', () => {
      const { outcome, state } = this.deals;
      const { closeDay } = state;
      const { startDay, endDay } = this.period;
      const mask = new Uint8Array(outcome.length);
      for (let deal = 0; deal < mask.length; deal++) {
        const close = closeDay[deal] ?? NO_DAY;
        if (outcome[deal] === OUTCOME.open && close >= startDay && close <= endDay) mask[deal] = 1;
      }
      return mask;
    });
  }

  /** Deals created in the period, up to the as-of day. */
  createdInPeriod(): Uint8Array {
    return this.shared('created', () => {
      const { createdDay } = this.dataset.opportunities;
      const { exists } = this.deals.state;
      const from = this.period.startDay;
      const to = this.throughDay;
      const mask = new Uint8Array(exists.length);
      for (let deal = 0; deal < mask.length; deal++) {
        const created = createdDay[deal] ?? NO_DAY;
        if (exists[deal] === 1 && created >= from && created <= to) mask[deal] = 1;
      }
      return mask;
    });
  }

  /** Days from created to closed of a closed deal (by its close date on the as-of day). */
  readonly cycleDays = (deal: number): number =>
    (this.deals.state.closeDay[deal] ?? NO_DAY) - (this.dataset.opportunities.createdDay[deal] ?? NO_DAY);

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

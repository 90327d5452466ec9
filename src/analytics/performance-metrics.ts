/**
 * Performance metrics: bookings against quota, win rates (deals closed in the period, and deals created in it),
 * deal size, sales cycle, discounting and the proposal win rate.
 * @module
 */
import { InputError } from '../domain/errors.js';
import type { StageModel } from '../domain/stage-model.js';
import {
  exactMoney,
  maskOf,
  median,
  moneyMean,
  ratio,
  slotSums,
  slotTotals,
  slotValues,
  valuesBySlot,
  valuesOfNonEmpty,
} from './aggregate.js';
import { corporateAmounts, OUTCOME, stageIndexByCode } from './deal-facts.js';
import type { MetricContext } from './metric-context.js';
import { defineMetrics, type MetricValues } from './metric-definition.js';

/** What the win rates and the average deal say of credits (`isCredit`), which they leave out of won deals. */
const CREDITS_LEFT_OUT =
  'a deal won at a zero or negative amount is a credit, neither won nor lost: left out and named in a note';
const CLOSED_SCOPE =
  'deals closed in the period up to the as-of day (won or lost on the as-of day, close date in the period; ' +
  `${CREDITS_LEFT_OUT})`;
const CREATED_SCOPE =
  'deals created in the period up to the as-of day that are closed (won or lost) on the as-of day (' +
  `${CREDITS_LEFT_OUT})`;

/**
 * Won / closed per group, by count or by corporate amount, over the deals `closed` selects less the credits
 * (`isCredit`: won at a zero or negative amount), which are neither won nor lost deals.
 */
function winRate(context: MetricContext, closed: Uint8Array, date: 'close' | 'created', byValue: boolean) {
  const counted = context.withoutCredits(closed);
  const groups = context.dealGroups(date);
  // Every closed deal counted is one of the period's by `date`.
  const won = context.wonAmong(counted, context.periodRows(date));
  const values = byValue ? context.deals.corporateAmount : undefined;
  const all = slotTotals(groups, counted, values);
  const wins = slotTotals(groups, won, values);
  return valuesBySlot(
    groups,
    (slot) => (all.rows[slot] ?? 0) > 0,
    (slot) =>
      byValue
        ? ratio(wins.sum[slot] ?? 0, all.sum[slot] ?? 0)
        : ratio(wins.rows[slot] ?? 0, all.rows[slot] ?? 0),
  );
}

/** Deals created in the period and closed on the as-of day. */
function createdAndClosed(context: MetricContext): Uint8Array {
  const created = context.createdInPeriod();
  const { outcome } = context.deals;
  return maskOf(
    created.length,
    (deal) => created[deal] === 1 && (outcome[deal] === OUTCOME.won || outcome[deal] === OUTCOME.lost),
  );
}

/**
 * Per group of rep-periods: quota, closed won, and the rep-periods with a quota and at a share of it (counting
 * only periods begun by the as-of day: a quarter still to come has no one at quota yet, nor anyone short).
 */
function repTotals(context: MetricContext) {
  const groups = context.repPeriodGroups();
  const quotaByRow = context.repQuota();
  const wonByRow = context.repWon();
  const { windows } = context.repPeriods();
  const begun = (row: number) => (windows[row % windows.length]?.startDay ?? 0) <= context.asOfDay;
  const atShare = (numerator: number, denominator: number) =>
    slotTotals(
      groups,
      // won / quota >= numerator / denominator, in integers so that exactly 80% counts.
      maskOf(quotaByRow.length, (row) => {
        const quota = quotaByRow[row] ?? 0;
        return quota > 0 && begun(row) && (wonByRow[row] ?? 0) * denominator >= quota * numerator;
      }),
    ).rows;
  return {
    groups,
    quota: slotSums(groups, quotaByRow),
    won: slotSums(groups, wonByRow),
    withQuota: atShare(0, 1),
    atQuota: atShare(1, 1),
    atEightyPercent: atShare(4, 5),
  };
}

/** The share of rep-periods with a quota whose bookings reached `reached` of them. */
function shareOfReps(context: MetricContext, pick: 'atQuota' | 'atEightyPercent'): MetricValues {
  const totals = repTotals(context);
  return valuesBySlot(
    totals.groups,
    (slot) => (totals.withQuota[slot] ?? 0) > 0,
    (slot) => ratio(totals[pick][slot] ?? 0, totals.withQuota[slot] ?? 0),
  );
}

/**
 * The stage where proposals go out: the open stage named Proposal, else the first open stage in forecast
 * category best_case.
 */
export function proposalStageIndex(model: StageModel): number {
  const named = model.indexOf('Proposal');
  if (named !== undefined && model.isOpen(named)) return named;
  const bestCase = model.stages.findIndex(
    (stage) => stage.outcome === 'open' && stage.forecastCategory === 'best_case',
  );
  if (bestCase >= 0) return bestCase;
  throw new InputError({
    message:
      'proposal_win_rate needs a proposal stage: the stage model has no open stage named Proposal and none in forecast category best_case',
    location: { file: 'salesops.yaml', field: 'stages' },
    fix: 'name the open stage at which proposals go out "Proposal"',
  });
}

/** Closed deals of the period that reached the proposal stage or beyond (a won deal passed every stage). */
function reachedProposal(context: MetricContext): Uint8Array {
  const model = context.config.stageModel;
  const proposal = proposalStageIndex(model);
  const stageIndex = stageIndexByCode(context.dataset.labels.stage, model);
  const reached = (code: number) => {
    const index = stageIndex[code] ?? -1;
    return index >= 0 && (model.isWon(index) || (model.isOpen(index) && index >= proposal));
  };
  const closed = context.closedInPeriod();
  const { state } = context.deals;
  const { historyStart, history } = context.dataset;
  return maskOf(closed.length, (deal) => {
    if (closed[deal] !== 1) return false;
    const last = state.historyRow[deal] ?? -1;
    if (last < 0) return reached(state.stageCode[deal] ?? 0);
    for (let row = historyStart[deal] ?? 0; row <= last; row++)
      if (reached(history.stageCode[row] ?? 0)) return true;
    return false;
  });
}

export const PERFORMANCE_METRICS = defineMetrics({
  closed_won: {
    name: 'Closed won',
    category: 'performance',
    definition:
      'Sum of the amounts of the deals won in the period (won on the as-of day, close date in the period up to ' +
      'the as-of day), in the corporate currency.',
    unit: 'money',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, context.wonInPeriod(), context.deals.corporateAmount);
      return valuesOfNonEmpty(groups, totals, (slot) => exactMoney(totals.sum[slot] ?? 0));
    },
  },
  quota: {
    name: 'Quota',
    category: 'performance',
    definition:
      "Sum of the group's rep quotas for the period: each quota period's amount shared out by days over the " +
      'period (a quarter of a yearly quota per quarter), the finest quota granularity where a rep has several; ' +
      'team quotas are not added on top.',
    unit: 'money',
    benchmark: null,
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.repPeriodGroups();
      const quota = slotSums(groups, context.repQuota());
      return valuesBySlot(
        groups,
        (slot) => (quota[slot] ?? 0) > 0,
        (slot) => exactMoney(quota[slot] ?? 0),
      );
    },
  },
  quota_attainment: {
    name: 'Attainment',
    category: 'performance',
    definition:
      "Closed revenue / quota: the amounts won in the period by the group's reps (deal owner on the as-of day, " +
      "close date in the period) divided by the group's quota for the period (see quota); n/a without quota.",
    unit: 'ratio',
    benchmark: '≥ 100% (ideally 80%+ of reps)',
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => {
      const totals = repTotals(context);
      return valuesBySlot(
        totals.groups,
        (slot) => (totals.quota[slot] ?? 0) > 0 || (totals.won[slot] ?? 0) > 0,
        (slot) => ratio(totals.won[slot] ?? 0, totals.quota[slot] ?? 0),
      );
    },
  },
  reps_at_quota: {
    name: 'Reps at 100%',
    category: 'performance',
    definition:
      'Share of reps with a quota in the period whose closed revenue reached 100% of it (split by fiscal period, ' +
      'each rep counts once per period; periods not begun by the as-of day are n/a).',
    unit: 'ratio',
    benchmark: 'ideally 80% or more of reps',
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => shareOfReps(context, 'atQuota'),
  },
  reps_at_80_percent: {
    name: 'Reps at 80%',
    category: 'performance',
    definition: 'Share of reps with a quota in the period whose closed revenue reached 80% of it.',
    unit: 'ratio',
    benchmark: null,
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => shareOfReps(context, 'atEightyPercent'),
  },
  gap_to_quota: {
    name: 'Gap to quota',
    category: 'performance',
    definition:
      "Quota minus closed revenue for the period, over the group's reps (negative when over quota); n/a without quota.",
    unit: 'money',
    benchmark: null,
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => {
      const totals = repTotals(context);
      return valuesBySlot(
        totals.groups,
        (slot) => (totals.quota[slot] ?? 0) > 0 || (totals.won[slot] ?? 0) > 0,
        (slot) =>
          (totals.quota[slot] ?? 0) > 0
            ? exactMoney((totals.quota[slot] ?? 0) - (totals.won[slot] ?? 0))
            : null,
      );
    },
  },
  win_rate: {
    name: 'Win rate',
    category: 'performance',
    definition: `Deals won / (deals won + deals lost), counting ${CLOSED_SCOPE}; n/a when none closed.`,
    unit: 'ratio',
    benchmark: '20-30% (varies by sales motion)',
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => winRate(context, context.closedInPeriod(), 'close', false),
  },
  win_rate_value: {
    name: 'Win rate (value)',
    category: 'performance',
    definition: `Amount won / amount won and lost, over ${CLOSED_SCOPE}; n/a when none closed.`,
    unit: 'ratio',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => winRate(context, context.closedInPeriod(), 'close', true),
  },
  win_rate_created: {
    name: 'Win rate (created cohort)',
    category: 'performance',
    definition: `Deals won / (won + lost), counting ${CREATED_SCOPE}; fiscal splits by created date.`,
    unit: 'ratio',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => winRate(context, createdAndClosed(context), 'created', false),
  },
  win_rate_created_value: {
    name: 'Win rate (created, value)',
    category: 'performance',
    definition: `Amount won / amount won and lost, over ${CREATED_SCOPE}.`,
    unit: 'ratio',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => winRate(context, createdAndClosed(context), 'created', true),
  },
  avg_deal_size: {
    name: 'Average deal',
    category: 'performance',
    definition:
      'Mean amount of the deals won in the period, in the corporate currency, rounded to the minor unit ' +
      `(${CREDITS_LEFT_OUT}); n/a when none was won.`,
    unit: 'money',
    benchmark: 'monitor for growth',
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const won = context.withoutCredits(context.wonInPeriod());
      const totals = slotTotals(groups, won, context.deals.corporateAmount);
      return valuesOfNonEmpty(groups, totals, (slot) =>
        moneyMean(totals.sum[slot] ?? 0, totals.valued[slot] ?? 0),
      );
    },
  },
  sales_cycle_days: {
    name: 'Sales cycle',
    category: 'performance',
    definition: `Mean days from created to closed of the deals won in the period (${CREDITS_LEFT_OUT}).`,
    unit: 'days',
    benchmark: 'shorter is better (but not at the expense of deal size)',
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, context.withoutCredits(context.wonInPeriod()), context.cycleDays());
      return valuesBySlot(
        groups,
        (slot) => (totals.valued[slot] ?? 0) > 0,
        (slot) => ratio(totals.sum[slot] ?? 0, totals.valued[slot] ?? 0),
      );
    },
  },
  sales_cycle_days_median: {
    name: 'Sales cycle (median)',
    category: 'performance',
    definition:
      'Median days from created to closed of the deals won in the period (the mean of the middle two for an even ' +
      `count; ${CREDITS_LEFT_OUT}).`,
    unit: 'days',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const lists = slotValues(groups, context.withoutCredits(context.wonInPeriod()), context.cycleDays());
      return valuesBySlot(
        groups,
        (slot) => (lists[slot]?.length ?? 0) > 0,
        (slot) => median(lists[slot] ?? []),
      );
    },
  },
  discount_rate: {
    name: 'Discount',
    category: 'performance',
    definition:
      '1 - amount / list amount, summed over the deals won in the period that have a list amount (so large deals ' +
      `weigh more), both converted at the rate of the close date (${CREDITS_LEFT_OUT}).`,
    unit: 'ratio',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const { state, corporateAmount } = context.deals;
      const list = corporateAmounts(
        context.dataset,
        { ...state, amount: context.dataset.opportunities.listAmount },
        context.config,
      );
      const won = context.withoutCredits(context.wonInPeriod());
      const priced = maskOf(
        won.length,
        (deal) => won[deal] === 1 && (list[deal] ?? 0) > 0 && !Number.isNaN(corporateAmount[deal] ?? NaN),
      );
      const amounts = slotTotals(groups, priced, corporateAmount);
      const lists = slotTotals(groups, priced, list);
      return valuesBySlot(
        groups,
        (slot) => (amounts.rows[slot] ?? 0) > 0,
        (slot) => 1 - (amounts.sum[slot] ?? 0) / (lists.sum[slot] ?? 1),
      );
    },
  },
  proposal_win_rate: {
    name: 'Proposal win rate',
    category: 'performance',
    definition:
      `Deals won / deals closed, over ${CLOSED_SCOPE} that reached the proposal stage (the open stage named ` +
      'Proposal, else the first in forecast category best_case) or a later open stage; won deals count as having ' +
      'reached it.',
    unit: 'ratio',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => winRate(context, reachedProposal(context), 'close', false),
  },
});

/**
 * Pipeline metrics: what is open on the as-of day and expected to close in the period, weighted, against quota,
 * created, moving (velocity), ageing and slipping.
 * @module
 */
import { multiplyByRate, type MinorUnits } from '../domain/money.js';
import {
  exactMoney,
  maskOf,
  ratio,
  roundMinor,
  slotSums,
  slotTotals,
  type RowValues,
  valuesBySlot,
  valuesOfNonEmpty,
} from './aggregate.js';
import { pushCountAsOf } from './deal-state.js';
import { stageIndexByCode } from './deal-facts.js';
import type { MetricContext } from './metric-context.js';
import { defineMetrics, type MetricValues } from './metric-definition.js';

/** Money summed over the open deals of the period, per group. */
function openPipelineSum(context: MetricContext, values: RowValues): MetricValues {
  const groups = context.dealGroups('close');
  const totals = slotTotals(groups, context.openInPeriod(), values);
  return valuesOfNonEmpty(groups, totals, (slot) => exactMoney(totals.sum[slot] ?? 0));
}

/** An open deal's amount x its stage's default probability, rounded per deal by the one rule. */
function weightedAmounts(context: MetricContext): (deal: number) => number {
  const { state, corporateAmount } = context.deals;
  const model = context.config.stageModel;
  const stageIndex = stageIndexByCode(context.dataset.labels.stage, model);
  return (deal) => {
    const amount = corporateAmount[deal] ?? NaN;
    const index = stageIndex[state.stageCode[deal] ?? 0] ?? -1;
    if (index < 0 || Number.isNaN(amount)) return NaN;
    return multiplyByRate(amount as MinorUnits, model.probability(index));
  };
}

/**
 * Coverage per group of rep-periods: open pipeline closing in the period / the quota it is measured against,
 * null where that quota is not positive.
 */
function coverage(context: MetricContext, remaining: boolean): MetricValues {
  const groups = context.repPeriodGroups();
  const quota = slotSums(groups, context.repQuota());
  const won = slotSums(groups, context.repWon());
  const open = slotSums(groups, context.repOpenPipeline());
  return valuesBySlot(
    groups,
    (slot) => (quota[slot] ?? 0) > 0 || (open[slot] ?? 0) > 0,
    (slot) => {
      const target = (quota[slot] ?? 0) - (remaining ? (won[slot] ?? 0) : 0);
      return (quota[slot] ?? 0) > 0 && target > 0 ? (open[slot] ?? 0) / target : null;
    },
  );
}

/** Open deals of the period that are past the first open stage of the process (qualified). */
function qualifiedOpenInPeriod(context: MetricContext): Uint8Array {
  const model = context.config.stageModel;
  const firstOpen = model.stages.findIndex((stage) => stage.outcome === 'open');
  const stageIndex = stageIndexByCode(context.dataset.labels.stage, model);
  const open = context.openInPeriod();
  const { stageCode } = context.deals.state;
  return maskOf(
    open.length,
    (deal) => open[deal] === 1 && (stageIndex[stageCode[deal] ?? 0] ?? -1) > firstOpen,
  );
}

/** Pushes of an open deal, up to the as-of day. */
function pushCounts(context: MetricContext): (deal: number) => number {
  const { state } = context.deals;
  return (deal) => pushCountAsOf(context.dataset, state, deal);
}

/**
 * The open pipeline every metric over open deals reads (metric-context's `openInPeriod`): the deals the Sales
 * Forecast counts. A zero, negative or missing amount is a data error, not pipeline (`countsAsPipeline`).
 */
const OPEN_SCOPE =
  'open on the as-of day (an open stage of the stage model) with an expected close date in the period and a ' +
  'positive amount (a zero, negative or missing amount is a data error, left out and counted in a note, as the ' +
  'Sales Forecast leaves it out)';

export const PIPELINE_METRICS = defineMetrics({
  pipeline_value: {
    name: 'Pipeline',
    category: 'pipeline',
    definition: `Sum of the amounts of deals ${OPEN_SCOPE}, in the corporate currency.`,
    unit: 'money',
    benchmark: '3-5x quota (varies by cycle length)',
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => openPipelineSum(context, context.deals.corporateAmount),
  },
  open_deals: {
    name: 'Open deals',
    category: 'pipeline',
    definition: `Number of deals ${OPEN_SCOPE}.`,
    unit: 'count',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, context.openInPeriod());
      return valuesOfNonEmpty(groups, totals, (slot) => totals.rows[slot] ?? 0);
    },
  },
  weighted_pipeline: {
    name: 'Weighted pipeline',
    category: 'pipeline',
    definition:
      `Sum of amount x probability (rounded per deal to the minor unit) over deals ${OPEN_SCOPE}; the ` +
      "probability layer is the stage default: each stage's probability in the stage model.",
    unit: 'money',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => openPipelineSum(context, weightedAmounts(context)),
  },
  pipeline_coverage: {
    name: 'Coverage',
    category: 'pipeline',
    definition:
      `Open pipeline / remaining quota: the amounts of deals ${OPEN_SCOPE}, owned by the group's reps, divided ` +
      'by their quota for the period minus what they have closed won in it; n/a when the quota is met or there ' +
      'is none.',
    unit: 'multiple',
    benchmark: '≥ 3x for healthy coverage',
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => coverage(context, true),
  },
  pipeline_coverage_full: {
    name: 'Coverage (full quota)',
    category: 'pipeline',
    definition:
      `Open pipeline / full quota (Salesforce's coverage): the amounts of deals ${OPEN_SCOPE}, owned by the ` +
      "group's reps, divided by their whole quota for the period.",
    unit: 'multiple',
    benchmark: '≥ 3x for healthy coverage',
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => coverage(context, false),
  },
  pipeline_created: {
    name: 'Pipeline created',
    category: 'pipeline',
    definition:
      'Sum of the amounts deals had when created (their first recorded amount), over deals created in the ' +
      'period up to the as-of day; fiscal splits by created date.',
    unit: 'money',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('created');
      const totals = slotTotals(groups, context.createdInPeriod(), context.createdCorporateAmounts());
      return valuesOfNonEmpty(groups, totals, (slot) => exactMoney(totals.sum[slot] ?? 0));
    },
  },
  pipeline_velocity: {
    name: 'Velocity',
    category: 'pipeline',
    definition:
      '(Qualified open deals x win rate x average won deal) / average sales cycle, per day: qualified open deals ' +
      `are those ${OPEN_SCOPE}, past the first open stage; win rate, average won deal and cycle (created to ` +
      'closed, in days) are those of the deals closed in the period, each leaving credits (deals won at a zero or ' +
      'negative amount) out as those metrics do. Predicts the revenue run rate.',
    unit: 'money_per_day',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const qualified = slotTotals(groups, qualifiedOpenInPeriod(context));
      // The win rate and average won deal of those metrics: credits left out.
      const closed = slotTotals(groups, context.withoutCredits(context.closedInPeriod()));
      const won = slotTotals(
        groups,
        context.withoutCredits(context.wonInPeriod()),
        context.deals.corporateAmount,
      );
      const cycle = slotTotals(groups, context.withoutCredits(context.wonInPeriod()), context.cycleDays());
      return valuesBySlot(
        groups,
        (slot) => (qualified.rows[slot] ?? 0) > 0 || (closed.rows[slot] ?? 0) > 0,
        (slot) => {
          const winRate = ratio(won.rows[slot] ?? 0, closed.rows[slot] ?? 0);
          const dealSize = ratio(won.sum[slot] ?? 0, won.valued[slot] ?? 0);
          const cycleDays = ratio(cycle.sum[slot] ?? 0, cycle.valued[slot] ?? 0);
          if (winRate === null || dealSize === null || cycleDays === null || cycleDays <= 0) return null;
          return roundMinor(((qualified.rows[slot] ?? 0) * winRate * dealSize) / cycleDays);
        },
      );
    },
  },
  aging: {
    name: 'Average age',
    category: 'pipeline',
    definition: `Mean days from created to the as-of day of deals ${OPEN_SCOPE}.`,
    unit: 'days',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const { createdDay } = context.dataset.opportunities;
      const age = (deal: number) => context.asOfDay - (createdDay[deal] ?? context.asOfDay);
      const totals = slotTotals(groups, context.openInPeriod(), age);
      return valuesOfNonEmpty(groups, totals, (slot) =>
        ratio(totals.sum[slot] ?? 0, totals.valued[slot] ?? 0),
      );
    },
  },
  deals_pushed: {
    name: 'Deals pushed',
    category: 'pipeline',
    definition: `Number of deals ${OPEN_SCOPE} whose close date has been moved later at least once.`,
    unit: 'count',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const open = context.openInPeriod();
      const pushes = pushCounts(context);
      const totals = slotTotals(
        groups,
        maskOf(open.length, (deal) => open[deal] === 1 && pushes(deal) > 0),
      );
      return valuesOfNonEmpty(groups, totals, (slot) => totals.rows[slot] ?? 0);
    },
  },
  push_count: {
    name: 'Pushes',
    category: 'pipeline',
    definition: `Times the close dates of deals ${OPEN_SCOPE} have been moved later, in all.`,
    unit: 'count',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, context.openInPeriod(), pushCounts(context));
      return valuesOfNonEmpty(groups, totals, (slot) => totals.sum[slot] ?? 0);
    },
  },
});

/**
 * Efficiency metrics: what a new customer costs (CAC) and is worth (LTV), revenue per rep and per ramped rep,
 * and how long new hires take to reach quota.
 * @module
 */
import { NO_DAY, NO_INDEX, textAt } from '../dataset/dataset.js';
import { toDayNumber } from '../domain/dates.js';
import { multiplyByRate, multiplyByRatio, type MinorUnits } from '../domain/money.js';
import {
  maskOf,
  moneyMean,
  ratio,
  roundMinor,
  slotSums,
  slotTotals,
  valuesBySlot,
  valuesOfNonEmpty,
} from './aggregate.js';
import { OUTCOME } from './deal-facts.js';
import { groupReps } from './dimensions.js';
import type { MetricContext } from './metric-context.js';
import { defineMetrics, type MetricValues } from './metric-definition.js';
import { overlapDays } from './periods.js';
import { dealTotalsByRepPeriod, repPeriodQuotas, repPeriods, windowOf } from './rep-periods.js';

/** Average days in a month (365.25 / 12), to state ramp time in months. */
export const DAYS_PER_MONTH = 30.4375;

interface WindowFacts {
  /** Sales and marketing cost per window, apportioned by days. */
  readonly cost: Float64Array;
  /** Accounts whose first won deal closed in the window. */
  readonly newCustomers: Float64Array;
  /** The amounts of the deals that made them customers. */
  readonly firstRevenue: Float64Array;
}

/**
 * The deal that made each account a customer: its earliest won deal on the as-of day (the first in the data
 * when several closed that day), where that close date is in the period up to the as-of day.
 */
function firstWins(context: MetricContext): Uint8Array {
  return context.shared('firstWins', () => {
    const { outcome, state } = context.deals;
    const { accountIndex } = context.dataset.opportunities;
    const firstDeal = new Map<number, number>();
    for (let deal = 0; deal < outcome.length; deal++) {
      const account = accountIndex[deal] ?? NO_INDEX;
      if (outcome[deal] !== OUTCOME.won || account < 0) continue;
      const earlier = firstDeal.get(account);
      if (earlier === undefined || (state.closeDay[deal] ?? NO_DAY) < (state.closeDay[earlier] ?? NO_DAY)) {
        firstDeal.set(account, deal);
      }
    }
    const first = new Uint8Array(outcome.length);
    for (const deal of firstDeal.values()) {
      const close = state.closeDay[deal] ?? NO_DAY;
      if (close >= context.period.startDay && close <= context.throughDay) first[deal] = 1;
    }
    return first;
  });
}

function windowFacts(context: MetricContext): WindowFacts {
  return context.shared('windowFacts', () => {
    const windows = context.windows();
    const { costs } = context.dataset;
    const facts: WindowFacts = {
      cost: new Float64Array(windows.length),
      newCustomers: new Float64Array(windows.length),
      firstRevenue: new Float64Array(windows.length),
    };
    for (let row = 0; row < costs.count; row++) {
      const amount = costs.amount[row] ?? NaN;
      if (Number.isNaN(amount)) continue;
      const period = context.config.fiscalCalendar.parsePeriod(textAt(costs.period, row));
      const [start, end] = [toDayNumber(period.start), toDayNumber(period.end)];
      windows.forEach((window, index) => {
        const days = overlapDays(start, end, window.startDay, window.endDay);
        if (days === 0) return;
        const share = { numerator: BigInt(days), denominator: BigInt(end - start + 1) };
        facts.cost[index]! += multiplyByRatio(amount as MinorUnits, share);
      });
    }
    const first = firstWins(context);
    const { state, corporateAmount } = context.deals;
    for (let deal = 0; deal < first.length; deal++) {
      if (first[deal] !== 1) continue;
      const index = windowOf(windows, state.closeDay[deal] ?? NO_DAY);
      if (index < 0) continue;
      facts.newCustomers[index]! += 1;
      const amount = corporateAmount[deal] ?? NaN;
      if (!Number.isNaN(amount)) facts.firstRevenue[index]! += amount;
    }
    return facts;
  });
}

/** Per group of windows: cost, new customers, their first revenue. */
function windowTotals(context: MetricContext) {
  const groups = context.windowGroups();
  const facts = windowFacts(context);
  return {
    groups,
    cost: slotSums(groups, facts.cost),
    newCustomers: slotSums(groups, facts.newCustomers),
    firstRevenue: slotSums(groups, facts.firstRevenue),
  };
}

/** CAC per group: cost / new customers, rounded to the minor unit; null without new customers. */
function cacOf(totals: ReturnType<typeof windowTotals>, slot: number): number | null {
  return moneyMean(totals.cost[slot] ?? 0, totals.newCustomers[slot] ?? 0);
}

/** LTV per group: revenue per customer (config, else measured) x gross margin x lifetime in years. */
function ltvOf(context: MetricContext, totals: ReturnType<typeof windowTotals>, slot: number): number | null {
  const inputs = context.config.ltv;
  if (!inputs) return null;
  const revenue =
    inputs.revenuePerCustomer ?? moneyMean(totals.firstRevenue[slot] ?? 0, totals.newCustomers[slot] ?? 0);
  if (revenue === null) return null;
  return multiplyByRate(revenue as MinorUnits, inputs.grossMargin * inputs.lifetimeYears);
}

/** Revenue per seller FTE per group of rep-periods. */
function productivity(context: MetricContext, ramped: boolean): MetricValues {
  const groups = context.repPeriodGroups();
  const time = context.repTime();
  const won = slotSums(groups, ramped ? context.repWonRamped() : context.repWon());
  const fte = slotSums(groups, ramped ? time.rampedSellerFte : time.sellerFte);
  return valuesBySlot(
    groups,
    (slot) => (fte[slot] ?? 0) > 0,
    (slot) => {
      const perRep = ratio(won[slot] ?? 0, fte[slot] ?? 0);
      return perRep === null ? null : roundMinor(perRep);
    },
  );
}

/**
 * Months from hire to the end of the first fiscal quarter (over by the as-of day) in which each rep hired in
 * the period closed at least their quota for it; NaN for reps who have not reached it yet.
 */
function rampMonths(context: MetricContext, hired: readonly number[]): Float64Array {
  const { reps, quotas } = context.dataset;
  const calendar = context.config.fiscalCalendar;
  const months = new Float64Array(hired.length).fill(NaN);
  const firstHire = Math.min(...hired.map((rep) => reps.hireDay[rep] ?? NO_DAY));
  const quarters = calendar
    .periodsOverlapping(
      calendar.periodContaining(context.period.start, 'quarter').start,
      context.asOf,
      'quarter',
    )
    .map((quarter) => ({
      name: quarter.name,
      startDay: toDayNumber(quarter.start),
      endDay: toDayNumber(quarter.end),
    }))
    .filter((quarter) => quarter.endDay <= context.asOfDay && quarter.endDay >= firstHire);
  if (quarters.length === 0) return months;
  const rows = repPeriods(reps.count, quarters);
  const quota = repPeriodQuotas(rows, quotas, calendar);
  const { outcome, state, corporateAmount } = context.deals;
  const won = dealTotalsByRepPeriod(
    rows,
    state.ownerIndex,
    maskOf(outcome.length, (deal) => outcome[deal] === OUTCOME.won),
    state.closeDay,
    corporateAmount,
  );
  hired.forEach((rep, index) => {
    const hire = reps.hireDay[rep] ?? NO_DAY;
    const reached = quarters.findIndex((quarter, q) => {
      const row = rep * quarters.length + q;
      return quarter.endDay >= hire && (quota[row] ?? 0) > 0 && (won[row] ?? 0) >= (quota[row] ?? 0);
    });
    if (reached >= 0) months[index] = ((quarters[reached]?.endDay ?? hire) - hire) / DAYS_PER_MONTH;
  });
  return months;
}

export const EFFICIENCY_METRICS = defineMetrics({
  new_customers: {
    name: 'New customers',
    category: 'efficiency',
    definition:
      "Accounts whose first won deal closed in the period, up to the as-of day, split by that deal's owner, " +
      'account and close date.',
    unit: 'count',
    benchmark: null,
    inputs: [],
    subject: 'deal',
    whenEmpty: 0,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, firstWins(context));
      return valuesOfNonEmpty(groups, totals, (slot) => totals.rows[slot] ?? 0);
    },
  },
  cac: {
    name: 'CAC',
    category: 'efficiency',
    definition:
      '(Sales + marketing costs) / new customers: the costs of the period (each cost period shared out by days) ' +
      'divided by the accounts whose first won deal closed in it; n/a without new customers.',
    unit: 'money',
    benchmark: '< 1/3 of LTV',
    inputs: ['costs'],
    subject: 'window',
    whenEmpty: null,
    compute: (context) => {
      const totals = windowTotals(context);
      return valuesBySlot(
        totals.groups,
        () => true,
        (slot) => cacOf(totals, slot),
      );
    },
  },
  ltv: {
    name: 'LTV',
    category: 'efficiency',
    definition:
      'Customer lifetime value: annual revenue per customer x gross margin x lifetime in years (ltv in ' +
      "salesops.yaml: lifetimeYears, or 1 / annualChurn); revenue per customer is ltv.revenuePerCustomer, else the mean amount of the deals that made the period's new customers customers.",
    unit: 'money',
    benchmark: '≥ 3x CAC',
    inputs: ['ltv'],
    subject: 'window',
    whenEmpty: null,
    compute: (context) => {
      const totals = windowTotals(context);
      return valuesBySlot(
        totals.groups,
        () => true,
        (slot) => ltvOf(context, totals, slot),
      );
    },
  },
  ltv_to_cac: {
    name: 'LTV:CAC',
    category: 'efficiency',
    definition: 'LTV / CAC of the period (see ltv and cac).',
    unit: 'multiple',
    benchmark: '≥ 3 (CAC < 1/3 of LTV)',
    inputs: ['costs', 'ltv'],
    subject: 'window',
    whenEmpty: null,
    compute: (context) => {
      const totals = windowTotals(context);
      return valuesBySlot(
        totals.groups,
        () => true,
        (slot) => {
          const ltv = ltvOf(context, totals, slot);
          const cac = cacOf(totals, slot);
          return ltv === null || cac === null ? null : ratio(ltv, cac);
        },
      );
    },
  },
  sales_productivity: {
    name: 'Revenue per rep',
    category: 'efficiency',
    definition:
      'Sales productivity: closed revenue of the period / sellers, sellers counted in full-time equivalents of ' +
      'the period up to the as-of day (a seller is an AE, AM or ISR, or a rep with a quota in the period).',
    unit: 'money',
    benchmark: 'industry comparisons',
    inputs: [],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => productivity(context, false),
  },
  sales_productivity_ramped: {
    name: 'Revenue per ramped rep',
    category: 'efficiency',
    definition:
      'Closed revenue of deals closed while their owner was ramped / ramped sellers in full-time equivalents ' +
      '(ramped: 180 days or more after hire; reps without a hire date count as ramped).',
    unit: 'money',
    benchmark: 'industry comparisons',
    inputs: [],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => productivity(context, true),
  },
  ramp_time: {
    name: 'Ramp time',
    category: 'efficiency',
    definition:
      'Mean months (of 30.44 days) from hire to the end of the first fiscal quarter, ended by the as-of day, in ' +
      'which the rep closed at least their quota, over the reps hired in the period who have (fiscal splits by ' +
      'hire date: the hire cohort).',
    unit: 'months',
    benchmark: 'minimize onboarding time',
    inputs: ['quotas'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => {
      const { reps } = context.dataset;
      const hired: number[] = [];
      for (let rep = 0; rep < reps.count; rep++) {
        const hire = reps.hireDay[rep] ?? NO_DAY;
        if (hire >= context.period.startDay && hire <= context.throughDay) hired.push(rep);
      }
      const groups = groupReps(
        context.keyspace,
        context.dataset,
        hired,
        hired.map((rep) => reps.hireDay[rep] ?? NO_DAY),
      );
      const months = hired.length > 0 ? rampMonths(context, hired) : new Float64Array(0);
      const totals = slotTotals(groups, new Uint8Array(hired.length).fill(1), months);
      return valuesBySlot(
        groups,
        (slot) => (totals.valued[slot] ?? 0) > 0,
        (slot) => ratio(totals.sum[slot] ?? 0, totals.valued[slot] ?? 0),
      );
    },
  },
});

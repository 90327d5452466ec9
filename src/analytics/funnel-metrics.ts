/**
 * Funnel metrics: how the leads created in the period (a cohort) moved on by the as-of day, from MQL to SQL to
 * opportunity to won deal, and how long conversion took.
 * @module
 */
import { NO_DAY, NO_INDEX } from '../dataset/dataset.js';
import { columnOf, maskOf, ratio, slotTotals, valuesBySlot, valuesOfNonEmpty } from './aggregate.js';
import { OUTCOME } from './deal-facts.js';
import type { MetricContext } from './metric-context.js';
import { defineMetrics, type MetricValues } from './metric-definition.js';

/** Per-lead facts of the cohort: created in the period, and each step reached by the as-of day. */
function leadSteps(context: MetricContext) {
  return context.shared('leadSteps', () => buildLeadSteps(context));
}

function buildLeadSteps(context: MetricContext) {
  const { leads } = context.dataset;
  const { outcome } = context.deals;
  const { startDay } = context.period;
  const by = (day: number) => day !== NO_DAY && day <= context.asOfDay;
  const cohort = maskOf(leads.count, (lead) => {
    const created = leads.createdDay[lead] ?? NO_DAY;
    return created >= startDay && created <= context.throughDay;
  });
  const inCohort = (test: (lead: number) => boolean) =>
    maskOf(leads.count, (lead) => cohort[lead] === 1 && test(lead));
  const converted = inCohort((lead) => {
    const deal = leads.convertedOpportunityIndex[lead] ?? NO_INDEX;
    const day = leads.convertedDay[lead] ?? NO_DAY;
    return deal >= 0 && (day === NO_DAY || day <= context.asOfDay);
  });
  const mql = inCohort((lead) => by(leads.mqlDay[lead] ?? NO_DAY));
  const sql = inCohort((lead) => by(leads.sqlDay[lead] ?? NO_DAY));
  return {
    cohort,
    mql,
    sql,
    converted,
    mqlToSql: maskOf(leads.count, (lead) => mql[lead] === 1 && sql[lead] === 1),
    sqlToOpportunity: maskOf(leads.count, (lead) => sql[lead] === 1 && converted[lead] === 1),
    won: maskOf(
      leads.count,
      (lead) =>
        converted[lead] === 1 && outcome[leads.convertedOpportunityIndex[lead] ?? NO_INDEX] === OUTCOME.won,
    ),
  };
}

/** The share of the leads `from` selects that `to` also selects, per group. */
function conversion(
  context: MetricContext,
  pick: (steps: ReturnType<typeof leadSteps>) => [Uint8Array, Uint8Array],
) {
  const groups = context.leadGroups();
  const [from, to] = pick(leadSteps(context));
  const base = slotTotals(groups, from);
  const reached = slotTotals(groups, to);
  return valuesBySlot(
    groups,
    (slot) => (base.rows[slot] ?? 0) > 0,
    (slot) => ratio(reached.rows[slot] ?? 0, base.rows[slot] ?? 0),
  );
}

const COHORT = 'leads created in the period up to the as-of day (fiscal splits by created date: the cohort)';

export const FUNNEL_METRICS = defineMetrics({
  leads_created: {
    name: 'Leads',
    category: 'funnel',
    definition: `Number of ${COHORT}.`,
    unit: 'count',
    benchmark: null,
    inputs: ['leads'],
    subject: 'lead',
    whenEmpty: 0,
    compute: (context): MetricValues => {
      const groups = context.leadGroups();
      const totals = slotTotals(groups, leadSteps(context).cohort);
      return valuesOfNonEmpty(groups, totals, (slot) => totals.rows[slot] ?? 0);
    },
  },
  mql_to_sql: {
    name: 'MQL to SQL',
    category: 'funnel',
    definition: `Of the ${COHORT} that became MQLs by the as-of day, the share that also became SQLs.`,
    unit: 'ratio',
    benchmark: null,
    inputs: ['leads'],
    subject: 'lead',
    whenEmpty: null,
    compute: (context) => conversion(context, (steps) => [steps.mql, steps.mqlToSql]),
  },
  sql_to_opportunity: {
    name: 'SQL to opportunity',
    category: 'funnel',
    definition: `Of the ${COHORT} that became SQLs by the as-of day, the share converted to an opportunity.`,
    unit: 'ratio',
    benchmark: null,
    inputs: ['leads'],
    subject: 'lead',
    whenEmpty: null,
    compute: (context) => conversion(context, (steps) => [steps.sql, steps.sqlToOpportunity]),
  },
  lead_to_win: {
    name: 'Lead to win',
    category: 'funnel',
    definition: `Of the ${COHORT}, the share whose converted opportunity is won on the as-of day.`,
    unit: 'ratio',
    benchmark: null,
    inputs: ['leads'],
    subject: 'lead',
    whenEmpty: null,
    compute: (context) => conversion(context, (steps) => [steps.cohort, steps.won]),
  },
  lead_days_to_convert: {
    name: 'Days to convert',
    category: 'funnel',
    definition: `Mean days from created to converted of the ${COHORT} converted to an opportunity by the as-of day.`,
    unit: 'days',
    benchmark: null,
    inputs: ['leads'],
    subject: 'lead',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.leadGroups();
      const { leads } = context.dataset;
      const days = columnOf(leads.count, (lead) => {
        const converted = leads.convertedDay[lead] ?? NO_DAY;
        return converted === NO_DAY ? NaN : converted - (leads.createdDay[lead] ?? converted);
      });
      const totals = slotTotals(groups, leadSteps(context).converted, days);
      return valuesBySlot(
        groups,
        (slot) => (totals.valued[slot] ?? 0) > 0,
        (slot) => ratio(totals.sum[slot] ?? 0, totals.valued[slot] ?? 0),
      );
    },
  },
});

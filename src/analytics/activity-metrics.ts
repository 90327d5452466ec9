/**
 * Activity metrics: calls per day, meetings booked, emails sent, touchpoints per opportunity and activities per
 * rep, from the activities logged in the period up to the as-of day.
 * @module
 */
import { ratio, slotSums, slotTotals, valuesBySlot, valuesOfNonEmpty } from './aggregate.js';
import type { MetricContext } from './metric-context.js';
import { defineMetrics, type MetricValues } from './metric-definition.js';

/** Activities of the given types per rep-period. */
function activitiesOf(context: MetricContext, types: readonly string[]): Float64Array {
  const { byType } = context.repActivities();
  const labels = context.dataset.labels.activity_type;
  const counts = new Float64Array(context.repPeriods().count);
  for (const [code, perRow] of byType) {
    if (!types.includes(labels[code] ?? '')) continue;
    perRow.forEach((count, row) => (counts[row]! += count));
  }
  return counts;
}

/** Sum of activities of the given types per group of rep-periods. */
function activityCount(context: MetricContext, types: readonly string[]): MetricValues {
  const groups = context.repPeriodGroups();
  const counts = slotSums(groups, activitiesOf(context, types));
  return valuesBySlot(
    groups,
    (slot) => (counts[slot] ?? 0) > 0,
    (slot) => counts[slot] ?? 0,
  );
}

/** Rep-periods in which the rep logged at least one activity (the reps who log activities). */
function activeRows(context: MetricContext): Float64Array {
  return context.repActivities().all.map((count) => (count > 0 ? 1 : 0));
}

const LOGGED = 'logged in the period up to the as-of day (by the rep who logged them)';

export const ACTIVITY_METRICS = defineMetrics({
  calls_per_day: {
    name: 'Calls per day',
    category: 'activity',
    definition:
      `Calls ${LOGGED} / weekdays the group's reps were employed in the period up to the as-of day, counting the ` +
      'reps who logged any activity in it.',
    unit: 'count',
    benchmark: null,
    inputs: ['activities'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.repPeriodGroups();
      const active = activeRows(context);
      const calls = slotSums(groups, activitiesOf(context, ['call']));
      const weekdays = slotSums(
        groups,
        context.repTime().weekdays.map((days, row) => (active[row] === 1 ? days : 0)),
      );
      return valuesBySlot(
        groups,
        (slot) => (weekdays[slot] ?? 0) > 0,
        (slot) => ratio(calls[slot] ?? 0, weekdays[slot] ?? 0),
      );
    },
  },
  meetings_booked: {
    name: 'Meetings',
    category: 'activity',
    definition: `Meetings and demos ${LOGGED}.`,
    unit: 'count',
    benchmark: null,
    inputs: ['activities'],
    subject: 'rep',
    whenEmpty: 0,
    compute: (context) => activityCount(context, ['meeting', 'demo']),
  },
  emails_sent: {
    name: 'Emails',
    category: 'activity',
    definition: `Emails ${LOGGED}.`,
    unit: 'count',
    benchmark: null,
    inputs: ['activities'],
    subject: 'rep',
    whenEmpty: 0,
    compute: (context) => activityCount(context, ['email']),
  },
  activities_per_opportunity: {
    name: 'Activities per deal',
    category: 'activity',
    definition:
      'Touchpoints per opportunity: activities logged against the deals closed in the period (over their whole ' +
      'life, up to the as-of day) / those deals.',
    unit: 'count',
    benchmark: null,
    inputs: ['activities'],
    subject: 'deal',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.dealGroups('close');
      const totals = slotTotals(groups, context.closedInPeriod(), context.activitiesByDeal());
      return valuesOfNonEmpty(groups, totals, (slot) => ratio(totals.sum[slot] ?? 0, totals.rows[slot] ?? 0));
    },
  },
  activities_per_rep: {
    name: 'Activities per rep',
    category: 'activity',
    definition: `Activities ${LOGGED} / the reps who logged any.`,
    unit: 'count',
    benchmark: null,
    inputs: ['activities'],
    subject: 'rep',
    whenEmpty: null,
    compute: (context) => {
      const groups = context.repPeriodGroups();
      const activities = slotSums(groups, context.repActivities().all);
      const reps = slotSums(groups, activeRows(context));
      return valuesBySlot(
        groups,
        (slot) => (reps[slot] ?? 0) > 0,
        (slot) => ratio(activities[slot] ?? 0, reps[slot] ?? 0),
      );
    },
  },
});

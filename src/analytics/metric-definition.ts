/**
 * The shape of a metric: its id (one of {@link METRIC_IDS}), name, definition text, unit, benchmark, the
 * imported inputs it needs, the rows it is measured on, and a pure function computing its value per group.
 * @module
 */
import type { Subject } from './dimensions.js';
import type { MetricContext } from './metric-context.js';

/** Every metric id, one line each; the {@link MetricId} type is derived from this list. */
export const METRIC_IDS = [
  'pipeline_value',
  'open_deals',
  'weighted_pipeline',
  'pipeline_coverage',
  'pipeline_coverage_full',
  'pipeline_created',
  'pipeline_velocity',
  'aging',
  'deals_pushed',
  'push_count',
  'closed_won',
  'quota',
  'quota_attainment',
  'reps_at_quota',
  'reps_at_80_percent',
  'gap_to_quota',
  'win_rate',
  'win_rate_value',
  'win_rate_created',
  'win_rate_created_value',
  'avg_deal_size',
  'sales_cycle_days',
  'sales_cycle_days_median',
  'discount_rate',
  'proposal_win_rate',
  'calls_per_day',
  'meetings_booked',
  'emails_sent',
  'activities_per_opportunity',
  'activities_per_rep',
  'leads_created',
  'mql_to_sql',
  'sql_to_opportunity',
  'lead_to_win',
  'lead_days_to_convert',
  'new_customers',
  'cac',
  'ltv',
  'ltv_to_cac',
  'sales_productivity',
  'sales_productivity_ramped',
  'ramp_time',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

/**
 * How a value reads: `money` in corporate minor units; `ratio` a share in [0, 1] (shown as a percentage);
 * `multiple` a ratio that may pass 1 (coverage 3.2x); `count`, `days` and `months` plain numbers;
 * `money_per_day` corporate minor units per day.
 */
export type MetricUnit = 'money' | 'ratio' | 'multiple' | 'count' | 'days' | 'months' | 'money_per_day';

/** Data beyond opportunities that a metric needs, and where it comes from. */
export type MetricInput = 'quotas' | 'costs' | 'activities' | 'leads' | 'ltv';

export const METRIC_CATEGORIES = ['pipeline', 'performance', 'activity', 'funnel', 'efficiency'] as const;
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];

/** A metric's value per group: composite group key to value; null where the value is undefined (no closed deals). */
export type MetricValues = Map<number, number | null>;

export interface MetricDefinition {
  readonly id: MetricId;
  /** Short name for column headers. */
  readonly name: string;
  readonly category: MetricCategory;
  /** The formula in words: what is counted, over which deals, on which date. */
  readonly definition: string;
  readonly unit: MetricUnit;
  /** The benchmark or target of the sales-operations role, where it gives one. */
  readonly benchmark: string | null;
  readonly inputs: readonly MetricInput[];
  /** The rows it is measured on, which fixes the dimensions it can be split by. */
  readonly subject: Subject;
  /** The value of a group the metric has no rows for: 0 for totals and counts, null for rates and means. */
  readonly whenEmpty: 0 | null;
  /** Pure: reads the context, never the clock or a file. */
  readonly compute: (context: MetricContext) => MetricValues;
}

/** Defines metrics keyed by id, so that each definition's id is its key. */
export function defineMetrics<Id extends MetricId>(specs: {
  readonly [K in Id]: Omit<MetricDefinition, 'id'>;
}): { readonly [K in Id]: MetricDefinition } {
  const defined = {} as { [K in Id]: MetricDefinition };
  for (const id of Object.keys(specs) as Id[]) defined[id] = { id, ...specs[id] };
  return defined;
}

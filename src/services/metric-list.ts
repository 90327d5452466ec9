/**
 * The metric registry as a reference, as `salesops metrics list --format json|csv` and the MCP server list it.
 * @module
 */
import { SUBJECT_DIMENSIONS } from '../analytics/dimensions.js';
import type { MetricDefinition } from '../analytics/metric-definition.js';
import { METRIC_LIST } from '../analytics/metric-registry.js';

/** A metric's entry: id, name, category, unit, benchmark, inputs, the dimensions it splits by, definition. */
export function metricListEntry(metric: MetricDefinition) {
  return {
    id: metric.id,
    name: metric.name,
    category: metric.category,
    unit: metric.unit,
    benchmark: metric.benchmark,
    inputs: metric.inputs,
    dimensions: SUBJECT_DIMENSIONS[metric.subject],
    definition: metric.definition,
  };
}

export type MetricListEntry = ReturnType<typeof metricListEntry>;

/** Every metric of the registry, by category as the registry orders them. */
export const metricList = (): MetricListEntry[] => METRIC_LIST.map(metricListEntry);

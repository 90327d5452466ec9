/**
 * Metrics for a period as `salesops metrics --format json` and the HTTP API give them: the table evaluated on a
 * dataset, the manager hierarchy of a table split by manager, and the plain document (money in major units).
 * @module
 */
import { createKeyspace, type DimensionId } from '../analytics/dimensions.js';
import { evaluateMetrics, type MetricRow, type MetricTable } from '../analytics/evaluate-metrics.js';
import type { MetricId, MetricUnit } from '../analytics/metric-definition.js';
import { managerPlaces, type ManagerPlace } from '../analytics/manager-levels.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import type { IsoDate } from '../domain/dates.js';
import { minorToDecimalString, type CurrencyCode, type MinorUnits } from '../domain/money.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';

/**
 * The places in the rep hierarchy of the managers of a table split `--by manager` (their rows include their
 * reports' rows), keyed by row label; undefined for a table not split by manager.
 */
export type ManagerHierarchy = ReadonlyMap<string, ManagerPlace> | undefined;

export interface MetricsRequest {
  readonly dataset: Dataset;
  readonly config: WorkspaceConfig;
  readonly asOf: IsoDate;
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
  readonly metrics: readonly MetricId[];
  /**
   * A scoped view's reps (rows of the reps table): split by manager, only their managers' rows are kept, the
   * roll-up starting at the scope's top rather than at managers above it. Undefined: every manager's.
   */
  readonly scopeReps?: ReadonlySet<number>;
}

/** The metrics table of a request, and the manager hierarchy when it is split by manager. */
export function metricsWithHierarchy(request: MetricsRequest): {
  readonly table: MetricTable;
  readonly hierarchy: ManagerHierarchy;
} {
  const { dataset, config, period, scopeReps } = request;
  const evaluated = evaluateMetrics({
    ...request,
    dimensions: [...request.dimensions],
    metrics: [...request.metrics],
  });
  if (!request.dimensions.includes('manager')) return { table: evaluated, hierarchy: undefined };
  const options = {
    period,
    calendar: config.fiscalCalendar,
    stageModel: config.stageModel,
    currency: config.currency,
  };
  const hierarchy = managerPlaces(dataset, options);
  if (scopeReps === undefined) return { table: evaluated, hierarchy };
  const keyspace = createKeyspace(dataset, ['manager'], options);
  const mine = new Set([...scopeReps].map((rep) => keyspace.labels(keyspace.encode([rep + 1])).manager));
  const table = { ...evaluated, rows: evaluated.rows.filter((row) => mine.has(row.group.manager)) };
  return { table, hierarchy };
}

/** A value as JSON and CSV give it: money in major units of the currency (exact decimals), others as computed. */
export function plainMetricValue(
  value: number | null,
  unit: MetricUnit,
  currency: CurrencyCode,
): number | null {
  if (value === null) return null;
  if (unit === 'money' || unit === 'money_per_day')
    return Number(minorToDecimalString(value as MinorUnits, currency));
  return value;
}

export type PlainMetricRow = Record<string, string | number | null>;

/**
 * Table rows as JSON and CSV give them: `{ <dimension>: label, <metric id>: number | null }`, and under
 * `--by manager` the manager's `level` (0 at the top; null for `(no manager)`).
 */
export function plainMetricRows(table: MetricTable, hierarchy: ManagerHierarchy): PlainMetricRow[] {
  return table.rows.map((row: MetricRow) => {
    const plain: PlainMetricRow = { ...row.group };
    if (hierarchy) plain.level = hierarchy.get(row.group.manager ?? '')?.level ?? null;
    for (const metric of table.metrics) {
      plain[metric.id] = plainMetricValue(row.values[metric.id] ?? null, metric.unit, table.currency);
    }
    return plain;
  });
}

/** The metrics table as one JSON document: the period, the metrics with their definitions, and the rows. */
export function metricsDocument(table: MetricTable, hierarchy: ManagerHierarchy) {
  return {
    asOf: table.asOf,
    period: table.period.name,
    periodStart: table.period.start,
    periodEnd: table.period.end,
    currency: table.currency,
    dimensions: table.dimensions,
    metrics: table.metrics.map((metric) => ({
      id: metric.id,
      name: metric.name,
      definition: metric.definition,
      unit: metric.unit,
      benchmark: metric.benchmark,
    })),
    rows: plainMetricRows(table, hierarchy),
  };
}

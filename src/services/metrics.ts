/**
 * Metrics for a period as `salesops metrics --format json` and the HTTP API give them: the table evaluated on a
 * dataset, the manager hierarchy of a table split by manager, and the plain document (money in major units).
 * @module
 */
import type { DimensionId, KeyspaceOptions } from '../analytics/dimensions.js';
import { evaluateMetrics, type MetricRow, type MetricTable } from '../analytics/evaluate-metrics.js';
import type { MetricId, MetricUnit } from '../analytics/metric-definition.js';
import { managerPlaces, type ManagerPlace } from '../analytics/manager-levels.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import type { IsoDate } from '../domain/dates.js';
import { type ArgumentSyntax, asTyped, type CommandLine } from '../domain/errors.js';
import { formatMoney, minorToDecimalString, type CurrencyCode, type MinorUnits } from '../domain/money.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { creditsLeftOutJson, creditsLeftOutNote } from './credits.js';
import { managerParents, managerView } from './manager-view.js';

/** A manager row's place in the rep hierarchy, and the label of the manager above (null at the top). */
export interface ManagerRowPlace extends ManagerPlace {
  readonly parent: string | null;
}

/**
 * The places in the rep hierarchy of the managers of a table split `--by manager` (their rows include their
 * reports' rows), keyed by row label; undefined for a table not split by manager.
 */
export type ManagerHierarchy = ReadonlyMap<string, ManagerRowPlace> | undefined;

export interface MetricsRequest {
  readonly dataset: Dataset;
  readonly config: WorkspaceConfig;
  readonly asOf: IsoDate;
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
  readonly metrics: readonly MetricId[];
  /** How the caller writes the split, for its problems (default: the CLI's --by). */
  readonly syntax?: ArgumentSyntax;
  /** How the caller writes the salesops commands of its fixes (default: as typed, `salesops ...`). */
  readonly commandLine?: CommandLine;
  /**
   * A scoped view's reps (rows of the reps table): split by manager, the roll-up starts at the scope's top, and a
   * scope that manages nobody gets its own row (src/services/manager-view.ts). Undefined: every manager's.
   */
  readonly scopeReps?: ReadonlySet<number>;
}

/**
 * Each manager's place keyed by row label, with the manager above; and a row standing for a scope that manages
 * nobody (`own`) placed one level under its manager.
 */
function hierarchyOf(dataset: Dataset, options: KeyspaceOptions, own: readonly string[]): ManagerHierarchy {
  const parentOf = managerParents(dataset, options);
  const places = new Map<string, ManagerRowPlace>();
  for (const [name, place] of managerPlaces(dataset, options))
    places.set(name, { ...place, parent: parentOf(name) });
  for (const name of own) {
    const parent = parentOf(name);
    const above = parent === null ? undefined : places.get(parent);
    places.set(name, { level: above === undefined ? 0 : above.level + 1, order: places.size, parent });
  }
  return places;
}

/** What a split's keyspace reads from the workspace: its calendar, stages and currency, over a period. */
export const keyspaceOptions = (config: WorkspaceConfig, period: AnalysisPeriod): KeyspaceOptions => ({
  period,
  calendar: config.fiscalCalendar,
  stageModel: config.stageModel,
  currency: config.currency,
});

/** The metrics table of a request, and the manager hierarchy when it is split by manager. */
export function metricsWithHierarchy(request: MetricsRequest): {
  readonly table: MetricTable;
  readonly hierarchy: ManagerHierarchy;
} {
  const { dataset, config, period, scopeReps } = request;
  const options = keyspaceOptions(config, period);
  const view = managerView(dataset, request.dimensions, scopeReps, options);
  const evaluated = evaluateMetrics({
    ...request,
    dimensions: [...view.dimensions],
    metrics: [...request.metrics],
  });
  if (!request.dimensions.includes('manager')) return { table: evaluated, hierarchy: undefined };
  const rows = evaluated.rows.flatMap((row) => {
    const group = view.labels(row.group) as MetricRow['group'] | null;
    return group === null ? [] : [{ ...row, group }];
  });
  const own = view.ownRow ? rows.map((row) => row.group.manager ?? '') : [];
  const table = { ...evaluated, dimensions: [...request.dimensions], rows };
  return { table, hierarchy: hierarchyOf(dataset, options, own) };
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

/** What rows carry besides labels and values: the HTTP API adds each manager row's `parent`. */
export interface PlainRowOptions {
  readonly parent?: boolean;
}

/**
 * Table rows as JSON and CSV give them: `{ <dimension>: label, <metric id>: number | null }`, and under
 * `--by manager` the manager's `level` (0 at the top; null for `(no manager)`) and, when asked, the `parent`
 * row's label (the manager's manager; null at the top), so that a client can draw the tree.
 */
export function plainMetricRows(
  table: MetricTable,
  hierarchy: ManagerHierarchy,
  options: PlainRowOptions = {},
): PlainMetricRow[] {
  return table.rows.map((row: MetricRow) => {
    const plain: PlainMetricRow = { ...row.group };
    const place = hierarchy?.get(row.group.manager ?? '');
    if (hierarchy) plain.level = place?.level ?? null;
    if (hierarchy && options.parent) plain.parent = place?.parent ?? null;
    for (const metric of table.metrics) {
      plain[metric.id] = plainMetricValue(row.values[metric.id] ?? null, metric.unit, table.currency);
    }
    return plain;
  });
}

/**
 * What the open-pipeline metrics of a table left out ({@link MetricTable.leftOut}) in words, with the command that
 * lists the deals; null when nothing was. The table, the quickstart and the forecast say the same, so that a
 * reader can reconcile the Pipeline metric with the forecast's Pipeline Snapshot.
 */
export function pipelineLeftOutNote(table: MetricTable, commandLine: CommandLine = asTyped): string | null {
  const { leftOut } = table;
  if (leftOut === null) return null;
  const amount = formatMoney(leftOut.amount as MinorUnits, table.currency, { whole: true });
  const deals = leftOut.deals === 1 ? '1 open deal' : `${leftOut.deals.toLocaleString('en-US')} open deals`;
  return (
    `Left out of ${leftOut.metrics.join(', ')}: ${deals} closing in ${table.period.name} with a zero, negative or ` +
    `missing amount (${amount} in all), a data error, not pipeline (the Sales Forecast leaves ${leftOut.deals === 1 ? 'it' : 'them'} out too); ` +
    `\`${commandLine('salesops audit')}\` lists them under amount-not-positive.`
  );
}

/**
 * What the metrics of a table that count won deals as sales (win rates, average deal) left out as credits
 * ({@link MetricTable.creditsLeftOut}) in words; null when nothing was.
 */
export function creditsLeftOutNoteOf(table: MetricTable, commandLine: CommandLine = asTyped): string | null {
  const { creditsLeftOut } = table;
  if (creditsLeftOut === null) return null;
  return creditsLeftOutNote(
    creditsLeftOut,
    creditsLeftOut.metrics.join(', '),
    `won in ${table.period.name}`,
    table.currency,
    commandLine,
  );
}

/** The metrics table as one JSON document: the period, the metrics with their definitions, and the rows. */
export function metricsDocument(
  table: MetricTable,
  hierarchy: ManagerHierarchy,
  options: PlainRowOptions = {},
) {
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
    rows: plainMetricRows(table, hierarchy, options),
    // The open deals the open-pipeline metrics left out for a zero, negative or missing amount; money in major units.
    leftOut:
      table.leftOut === null
        ? null
        : {
            deals: table.leftOut.deals,
            amount: plainMetricValue(table.leftOut.amount, 'money', table.currency),
            reason: 'amount-not-positive',
            metrics: table.leftOut.metrics,
          },
    // The credits (won at a zero or negative amount) the win rates and the average deal left out of won deals.
    creditsLeftOut:
      table.creditsLeftOut === null
        ? null
        : {
            ...creditsLeftOutJson(table.creditsLeftOut, table.currency)!,
            metrics: table.creditsLeftOut.metrics,
          },
  };
}

/**
 * Computes metrics for a period, split by dimensions, into one table: a row per group, a value per metric. The
 * library entry point of the analytics engine (the CLI's `salesops metrics` is a thin shell around it).
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import { type CommandLine, InputError } from '../domain/errors.js';
import type { CreditsLeftOut } from './deal-facts.js';
import type { DimensionId } from './dimensions.js';
import { withScratch } from './column-scratch.js';
import { unknownStagesError } from './flow-basis.js';
import { MetricContext, type MetricScope } from './metric-context.js';
import type { MetricDefinition, MetricId } from './metric-definition.js';
import { METRICS, missingInputProblems, unsupportedDimensionProblems } from './metric-registry.js';
import type { AnalysisPeriod } from './periods.js';

export interface MetricRequest extends MetricScope {
  readonly metrics: readonly MetricId[];
  /** How the caller writes the salesops commands of its fixes (default: as typed, `salesops ...`). */
  readonly commandLine?: CommandLine;
}

/** One group's row: its label per dimension and its value per metric (null: undefined, shown as n/a). */
export interface MetricRow {
  readonly group: Readonly<Partial<Record<DimensionId, string>>>;
  readonly values: Readonly<Partial<Record<MetricId, number | null>>>;
}

export interface MetricTable {
  readonly asOf: IsoDate;
  readonly period: AnalysisPeriod;
  /** The corporate currency every money value is in (minor units). */
  readonly currency: string;
  readonly dimensions: readonly DimensionId[];
  readonly metrics: readonly MetricDefinition[];
  /** Groups in order: stages in process order, periods in time order, other labels by name, "(none)" last. */
  readonly rows: readonly MetricRow[];
  /**
   * The open deals of the period the open-pipeline metrics left out for a zero, negative or missing amount (as
   * the Sales Forecast does); null when none of the metrics reads the open pipeline, or none was left out.
   */
  readonly leftOut: PipelineLeftOut | null;
  /**
   * The credits (deals won at a zero or negative amount, `isCredit`) the metrics counting won deals as sales left
   * out; null when none of the metrics does, or none was left out.
   */
  readonly creditsLeftOut: MetricCreditsLeftOut | null;
}

/** The credits the metrics of a table left out of their won deals, and which metrics did. */
export interface MetricCreditsLeftOut extends CreditsLeftOut {
  /** The metrics of the table that leave credits out, in the table's order. */
  readonly metrics: readonly MetricId[];
}

/** What the open-pipeline metrics of a table left out, so that a reader can reconcile them with the forecast. */
export interface PipelineLeftOut {
  /** Open deals closing in the period whose amount is zero, negative or missing, over the whole table. */
  readonly deals: number;
  /** Their amounts summed, in corporate minor units (a missing amount as 0). */
  readonly amount: number;
  /** The metrics of the table that read the open pipeline, in the table's order. */
  readonly metrics: readonly MetricId[];
}

/**
 * Evaluates the metrics. Throws one InputError listing every metric that cannot be split by an asked-for
 * dimension or lacks an input (quotas, costs, activities, leads, LTV settings), before computing anything; and
 * the InputError of {@link unknownStagesError} when metrics that read deals meet stages the stage model does
 * not know (as `salesops pipeline` and `salesops winloss` do), rather than figures that leave those deals out.
 */
export function evaluateMetrics(request: MetricRequest): MetricTable {
  const metrics = request.metrics.map((id) => METRICS[id]);
  const problems = [
    ...unsupportedDimensionProblems(metrics, request.dimensions),
    ...missingInputProblems(metrics, request.dataset, request.config, request.commandLine),
  ];
  if (problems.length > 0) throw new InputError(problems);

  // The evaluation's per-deal arrays are lent by the dataset's scratch and taken back when it ends: the values
  // computed from them are plain numbers.
  const { context, values, leftOut, creditsLeftOut } = withScratch(request.dataset, (scratch) => {
    const context = new MetricContext(request, scratch);
    const readOpen: MetricId[] = [];
    const leaveCredits: MetricId[] = [];
    const values = metrics.map((metric) => {
      const reads = context.openPipelineReads;
      const creditReads = context.creditReads;
      const computed = metric.compute(context);
      if (context.openPipelineReads > reads) readOpen.push(metric.id);
      if (context.creditReads > creditReads) leaveCredits.push(metric.id);
      return computed;
    });
    const leftOut = readOpen.length > 0 ? { ...context.openLeftOut(), metrics: readOpen } : null;
    const credits = leaveCredits.length > 0 ? { ...context.creditsLeftOut(), metrics: leaveCredits } : null;
    return {
      context,
      values,
      leftOut: leftOut !== null && leftOut.deals > 0 ? leftOut : null,
      creditsLeftOut: credits !== null && credits.ids.length > 0 ? credits : null,
    };
  });
  if (context.readDeals) {
    const { dataset, config } = request;
    const unknown = unknownStagesError(
      dataset.labels.stage,
      config.stageModel,
      dataset.opportunities.stageCode,
    );
    if (unknown) throw unknown;
  }
  const keys = new Set<number>();
  for (const byKey of values) for (const key of byKey.keys()) keys.add(key);
  // Without a split there is always the one total row, even with nothing to count.
  if (request.dimensions.length === 0) keys.add(0);
  const ordered = [...keys].sort((a, b) => context.keyspace.compare(a, b));
  return {
    asOf: request.asOf,
    period: request.period,
    currency: request.config.currency,
    dimensions: [...request.dimensions],
    metrics,
    rows: ordered.map((key) => ({
      group: context.keyspace.labels(key),
      values: Object.fromEntries(
        metrics.map((metric, index) => {
          const value = values[index]?.get(key);
          return [metric.id, value === undefined ? metric.whenEmpty : value];
        }),
      ),
    })),
    leftOut,
    creditsLeftOut,
  };
}

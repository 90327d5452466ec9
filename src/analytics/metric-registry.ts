/**
 * The metric registry: every metric of salesops defined once, by id, with its definition text, unit, benchmark
 * and inputs. Reports print definitions from here, and the README's metric list is generated from it.
 * @module
 */
import { textEntries, type Dataset } from '../dataset/dataset.js';
import { asTyped, type CommandLine, groupByFix, InputError, type Problem } from '../domain/errors.js';
import { ACTIVITY_METRICS } from './activity-metrics.js';
import { closestNames } from './closest-names.js';
import { SUBJECT_DIMENSIONS, unsupportedDimension, type DimensionId } from './dimensions.js';
import { EFFICIENCY_METRICS } from './efficiency-metrics.js';
import { FUNNEL_METRICS } from './funnel-metrics.js';
import type { MetricsConfig } from './metric-context.js';
import { METRIC_IDS, type MetricDefinition, type MetricId, type MetricInput } from './metric-definition.js';
import { PERFORMANCE_METRICS } from './performance-metrics.js';
import { PIPELINE_METRICS } from './pipeline-metrics.js';

/** Every metric, by id. */
export const METRICS = {
  ...PIPELINE_METRICS,
  ...PERFORMANCE_METRICS,
  ...ACTIVITY_METRICS,
  ...FUNNEL_METRICS,
  ...EFFICIENCY_METRICS,
} as const satisfies Readonly<Record<MetricId, MetricDefinition>>;

/** Every metric, in the order of {@link METRIC_IDS}. */
export const METRIC_LIST: readonly MetricDefinition[] = METRIC_IDS.map((id) => METRICS[id]);

export const isMetricId = (name: string): name is MetricId =>
  (METRIC_IDS as readonly string[]).includes(name);

/**
 * Resolves metric ids as typed (commas or spaces between them, case ignored); the same id twice counts once.
 * Unknown ids are one InputError naming the closest valid ones, and `lister`, what lists them for the caller.
 */
export function parseMetricIds(names: readonly string[], lister = '`salesops metrics list`'): MetricId[] {
  const ids: MetricId[] = [];
  const problems: Problem[] = [];
  for (const name of names.flatMap((text) => text.split(/[\s,]+/)).filter((text) => text !== '')) {
    const id = name.toLowerCase().replaceAll('-', '_');
    if (isMetricId(id)) {
      if (!ids.includes(id)) ids.push(id);
      continue;
    }
    const close = closestNames(id, METRIC_IDS);
    problems.push({
      message: `${JSON.stringify(name)} is not a metric${close.length ? `; did you mean ${close.join(', ')}?` : ''}`,
      fix: `${lister} lists every metric`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return ids;
}

/**
 * How to provide each input, for the message of a metric that lacks it; `commandLine` writes its commands as the
 * user runs salesops.
 */
const INPUT_SOURCES: Readonly<
  Record<MetricInput, { readonly what: string; readonly fix: (commandLine: CommandLine) => string }>
> = {
  quotas: {
    what: 'rep quotas',
    fix: (commandLine) =>
      `import them with \`${commandLine('salesops import quotas.csv')}\`, a CSV or XLSX with columns ` +
      'Rep (or Rep ID, or Team for a team quota), Period such as FY2026-Q3, and Quota ' +
      `in the corporate currency; other headers: \`${commandLine('salesops mapping suggest quotas.csv')}\``,
  },
  costs: {
    what: 'sales and marketing costs',
    fix: (commandLine) =>
      `import them with \`${commandLine('salesops import costs.csv')}\`, a CSV or XLSX with columns ` +
      'Period such as FY2026-Q3, Category (sales or marketing) and Amount in the corporate currency; ' +
      `other headers: \`${commandLine('salesops mapping suggest costs.csv')}\``,
  },
  activities: {
    what: 'activities',
    fix: (commandLine) =>
      `import them with \`${commandLine('salesops import Task.csv Event.csv --source salesforce')}\`, ` +
      `or \`${commandLine('salesops import activities.csv')}\` with columns Id, Type (call, email, ` +
      'meeting, demo or task), Date, Rep, and Opportunity ID, Account ID or Lead ID where known',
  },
  leads: {
    what: 'leads',
    fix: (commandLine) =>
      `import them with \`${commandLine('salesops import Lead.csv --source salesforce')}\`, ` +
      `\`${commandLine('salesops import contacts.csv --source hubspot')}\`, ` +
      `or \`${commandLine('salesops import leads.csv')}\` with columns Id, Created Date, Status, ` +
      'MQL Date, SQL Date, Converted Date, Source, Owner',
  },
  ltv: {
    what: 'LTV inputs',
    fix: () =>
      'add an ltv section to salesops.yaml: grossMargin, and annualChurn or lifetimeYears ' +
      "(see the comments in a new workspace's salesops.yaml)",
  },
};

/** Whether the workspace holds an input: rows of it in the dataset, or the config section. */
function hasInput(input: MetricInput, dataset: Dataset, config: Pick<MetricsConfig, 'ltv'>): boolean {
  switch (input) {
    case 'quotas':
      return textEntries(dataset.quotas.ownerKind).includes('rep');
    case 'costs':
      return dataset.costs.count > 0;
    case 'activities':
      return dataset.activities.count > 0;
    case 'leads':
      return dataset.leads.count > 0;
    case 'ltv':
      return config.ltv !== null;
  }
}

/**
 * One problem per metric and input the workspace lacks ("quota_attainment needs rep quotas ..."), those lacking
 * the same input together, so that its fix is said once; `commandLine` writes the fix's commands as the user
 * runs salesops (the CLI's `npx salesops ...`).
 */
export function missingInputProblems(
  metrics: readonly MetricDefinition[],
  dataset: Dataset,
  config: Pick<MetricsConfig, 'ltv'>,
  commandLine: CommandLine = asTyped,
): Problem[] {
  const problems = metrics.flatMap((metric) =>
    metric.inputs
      .filter((input) => !hasInput(input, dataset, config))
      .map((input): Problem => {
        const source = INPUT_SOURCES[input];
        const teamOnly = input === 'quotas' && dataset.quotas.count > 0 ? ' (it has team quotas only)' : '';
        return {
          message: `${metric.id} needs ${source.what}, and this workspace has none${teamOnly}`,
          fix: source.fix(commandLine),
        };
      }),
  );
  return groupByFix(problems);
}

/** One problem per metric and dimension it cannot be split by. */
export function unsupportedDimensionProblems(
  metrics: readonly MetricDefinition[],
  dimensions: readonly DimensionId[],
): Problem[] {
  return metrics.flatMap((metric) => {
    const supported: readonly DimensionId[] = SUBJECT_DIMENSIONS[metric.subject];
    return dimensions
      .filter((dimension) => !supported.includes(dimension))
      .flatMap((dimension) => unsupportedDimension(dimension, metric.subject, metric.id).problems);
  });
}

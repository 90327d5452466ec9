/**
 * `salesops metrics`: list the metric registry, or compute metrics for a period split by dimensions, as a
 * table (definitions as footnotes), JSON or CSV.
 * @module
 */
import { Command } from 'commander';
import { type MetricRow, type MetricTable } from '../../analytics/evaluate-metrics.js';
import { DIMENSION_IDS, DIMENSIONS, parseDimensions, type DimensionId } from '../../analytics/dimensions.js';
import { METRIC_CATEGORIES, type MetricUnit } from '../../analytics/metric-definition.js';
import { METRIC_LIST, parseMetricIds } from '../../analytics/metric-registry.js';
import { type ManagerPlace } from '../../analytics/manager-levels.js';
import { defaultAnalysisPeriod, givenAnalysisPeriod, PERIOD_FORMS } from '../../analytics/periods.js';
import { formatMoney, type CurrencyCode, type MinorUnits } from '../../domain/money.js';
import { asTyped, type CommandLine, InputError } from '../../domain/errors.js';
import {
  type Column,
  indentedLabel,
  NOTE_WIDTH,
  renderCsv,
  renderTextTable,
  wrapLines,
} from '../../reports/table.js';
import {
  type ManagerHierarchy,
  creditsLeftOutNoteOf,
  metricsDocument,
  metricsWithHierarchy,
  pipelineLeftOutNote,
  plainMetricRows,
  type PlainMetricRow,
} from '../../services/metrics.js';
import { metricList, type MetricListEntry } from '../../services/metric-list.js';
import type { CommandContext } from '../context.js';

const UNIT_SUFFIX: Readonly<Record<MetricUnit, string>> = {
  money: '',
  ratio: '',
  multiple: '',
  count: '',
  days: ' (days)',
  months: ' (months)',
  money_per_day: ' (per day)',
};

/** Money for a table cell: whole units of the currency, rounded half away from zero from the exact decimal. */
function formatWholeMoney(minor: number, currency: CurrencyCode): string {
  return formatMoney(minor as MinorUnits, currency, { whole: true });
}

const decimals = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A value as a table shows it: money in the currency, rates as percentages, n/a for undefined. */
export function formatMetricValue(value: number | null, unit: MetricUnit, currency: CurrencyCode): string {
  if (value === null) return 'n/a';
  switch (unit) {
    case 'money':
    case 'money_per_day':
      return formatWholeMoney(value, currency);
    case 'ratio':
      return `${decimals(value * 100, 1)}%`;
    case 'multiple':
      return `${decimals(value, 2)}x`;
    case 'count':
      return Number.isInteger(value) ? decimals(value, 0) : decimals(value, 2);
    case 'days':
    case 'months':
      return decimals(value, 1);
  }
}

export function renderMetricsJson(table: MetricTable, hierarchy: ManagerHierarchy): string {
  return `${JSON.stringify(metricsDocument(table, hierarchy), null, 2)}\n`;
}

export function renderMetricsCsv(table: MetricTable, hierarchy: ManagerHierarchy): string {
  const keys = [
    ...table.dimensions,
    ...(hierarchy ? ['level'] : []),
    ...table.metrics.map((metric) => metric.id),
  ];
  const columns: Column<PlainMetricRow>[] = keys.map((key) => ({
    header: key,
    value: (row) => row[key] ?? null,
  }));
  return renderCsv(columns, plainMetricRows(table, hierarchy));
}

/**
 * Rows in hierarchy order, each manager above their reporting managers: the order of the table's groups before
 * the manager dimension is kept, and the groups after it stay in order within each manager.
 */
function inHierarchyOrder(table: MetricTable, hierarchy: ReadonlyMap<string, ManagerPlace>): MetricRow[] {
  const before = table.dimensions.slice(0, table.dimensions.indexOf('manager'));
  const prefixOf = (row: MetricRow) => JSON.stringify(before.map((dimension) => row.group[dimension]));
  const prefixRank = new Map<string, number>();
  for (const row of table.rows)
    if (!prefixRank.has(prefixOf(row))) prefixRank.set(prefixOf(row), prefixRank.size);
  const rank = (row: MetricRow) => hierarchy.get(row.group.manager ?? '')?.order ?? Number.MAX_SAFE_INTEGER;
  return [...table.rows].sort(
    (a, b) => (prefixRank.get(prefixOf(a)) ?? 0) - (prefixRank.get(prefixOf(b)) ?? 0) || rank(a) - rank(b),
  );
}

export function renderMetricsTable(
  table: MetricTable,
  hierarchy: ManagerHierarchy,
  commandLine: CommandLine = asTyped,
): string {
  // Under --by manager, each manager's label is indented by their level, beneath the manager they report to.
  const indent = (dimension: DimensionId, label: string) =>
    dimension === 'manager' && hierarchy ? indentedLabel(label, hierarchy.get(label)?.level ?? 0) : label;
  const columns: Column<MetricRow>[] = [
    ...table.dimensions.map((dimension): Column<MetricRow> => ({
      header: DIMENSIONS[dimension].title,
      value: (row) => indent(dimension, row.group[dimension] ?? ''),
      align: 'left',
    })),
    ...table.metrics.map((metric): Column<MetricRow> => ({
      header: metric.name + UNIT_SUFFIX[metric.unit],
      value: (row) => row.values[metric.id] ?? null,
      display: (row) => formatMetricValue(row.values[metric.id] ?? null, metric.unit, table.currency),
      align: 'right',
    })),
  ];
  const { period } = table;
  const span = period.kind === 'range' ? '' : ` (${period.start}..${period.end})`;
  const leftOut = [pipelineLeftOutNote(table, commandLine), creditsLeftOutNoteOf(table, commandLine)];
  const notes = [
    ...leftOut.flatMap((note) => (note === null ? [] : [...wrap(note), ''])),
    ...(hierarchy ? wrap(MANAGER_ROLL_UP_NOTE) : []),
    ...table.metrics.flatMap((metric) =>
      wrap(`${metric.id}: ${metric.definition}${metric.benchmark ? ` Benchmark: ${metric.benchmark}.` : ''}`),
    ),
  ];
  const rows = hierarchy ? inHierarchyOrder(table, hierarchy) : table.rows;
  return [
    `Period ${period.name}${span}, as of ${table.asOf}, amounts in ${table.currency}`,
    '',
    rows.length > 0 ? renderTextTable(columns, rows).trimEnd() : '(nothing to show for this period)',
    '',
    ...notes,
    '',
  ].join('\n');
}

const MANAGER_ROLL_UP_NOTE =
  "Manager rows roll up: each manager's row includes the rows of everyone reporting to them (indented " +
  'beneath), so the top manager holds the whole team and manager rows do not add up to a total.';

/** Footnote text wrapped at word boundaries: first line indented two spaces, the rest four. */
const wrap = (text: string): string[] => wrapLines(text, NOTE_WIDTH, '  ', '    ');

/** The registry as a reference: by category, each metric's id, name, unit, benchmark, inputs and definition. */
export function renderMetricList(): string {
  const lines: string[] = [];
  for (const category of METRIC_CATEGORIES) {
    lines.push(`${category[0]?.toUpperCase()}${category.slice(1)}`);
    for (const metric of METRIC_LIST.filter((entry) => entry.category === category)) {
      lines.push(`  ${metric.id}  ${metric.name} (${metric.unit})`);
      lines.push(...wrapLines(metric.definition, NOTE_WIDTH, '    '));
      if (metric.benchmark) lines.push(...wrapLines(`Benchmark: ${metric.benchmark}`, NOTE_WIDTH, '    '));
      if (metric.inputs.length > 0)
        lines.push(...wrapLines(`Needs: ${metric.inputs.join(', ')}`, NOTE_WIDTH, '    '));
    }
    lines.push('');
  }
  lines.push(...wrapLines(`Split any metric with --by: ${DIMENSION_IDS.join(', ')}.`, NOTE_WIDTH));
  return `${lines.join('\n')}\n`;
}

const LIST_COLUMNS: readonly Column<MetricListEntry>[] = [
  { header: 'id', value: (entry) => entry.id },
  { header: 'name', value: (entry) => entry.name },
  { header: 'category', value: (entry) => entry.category },
  { header: 'unit', value: (entry) => entry.unit },
  { header: 'benchmark', value: (entry) => entry.benchmark },
  { header: 'inputs', value: (entry) => entry.inputs.join(' ') },
  { header: 'dimensions', value: (entry) => entry.dimensions.join(' ') },
  { header: 'definition', value: (entry) => entry.definition },
];

/**
 * Commander's collector of every `--by` given. In every analytics command one `--by` crosses its
 * comma-separated dimensions (one row per combination, like SQL's GROUP BY a, b); `salesops winloss` takes
 * several `--by` as separate breakdowns, the commands that make one table refuse a second one ({@link oneBy}).
 */
export const collectBy = (value: string, previous: readonly string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** The dimensions of the one `--by` of a command that makes one table. */
export function oneBy(values: readonly string[] | undefined): DimensionId[] {
  if (values !== undefined && values.length > 1) {
    throw new InputError({
      message: `--by is given ${values.length} times (${values.map((value) => JSON.stringify(value)).join(', ')}), and this command makes one table`,
      fix: `cross the dimensions in one --by with commas (--by ${values.join(',')}), or run the command once per --by`,
    });
  }
  return parseDimensions(values?.[0]);
}

interface MetricsOptions {
  readonly by?: string[];
  readonly period?: string;
}

/** --by and --period given with no metric to compute (only the metrics computed read them): refused. */
function refuseWithoutMetrics(options: MetricsOptions, commandLine: CommandLine): void {
  const given = [
    ...(options.by === undefined ? [] : [{ flag: '--by', example: '--by owner' }]),
    ...(options.period === undefined ? [] : [{ flag: '--period', example: '--period FY2026-Q3' }]),
  ];
  if (given.length === 0) return;
  const flags = given.map(({ flag }) => flag).join(' and ');
  const example = commandLine(
    ['salesops metrics win_rate', ...given.map((option) => option.example)].join(' '),
  );
  throw new InputError({
    message: `${flags} ${given.length > 1 ? 'are' : 'is'} for computing metrics, and no metric is named`,
    fix: `leave out ${flags} to list the metrics, or name the metrics to compute with ${given.length > 1 ? 'them' : 'it'}: \`${example}\``,
  });
}

export function metricsCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('metrics'))
    .description(
      'sales KPIs for a period, split by owner, manager, segment, ...; `metrics list` for all metrics',
    )
    .argument('[metrics...]', 'metric ids (see `salesops metrics list`), or `list`')
    .option(
      '--by <dimensions>',
      `split by dimensions: ${DIMENSION_IDS.join(', ')}; commas cross them (one row per combination)`,
      collectBy,
    )
    .option(
      '--period <period>',
      `the period: ${PERIOD_FORMS.join(', ')} (default: the fiscal quarter of --as-of)`,
    )
    .addHelpText(
      'after',
      `
Money is in the corporate currency (JSON and CSV: major units, e.g. 1234.5), rates are fractions in JSON and
CSV and percentages in tables; n/a (null) marks a value that is undefined, such as a win rate with no closed
deals. --by and --period are for the metrics named: the list takes neither.
--by owner,fiscal_quarter gives one row per owner and quarter (as pipeline and winloss read --by).
--by manager rolls up: a manager's row includes their reports' rows, so the rows do not add up; tables indent
each manager beneath the one they report to, JSON and CSV give each row's level (0 at the top). Data holding
stages the stage model does not know is refused (exit code 2, naming them), as by pipeline and winloss.

Examples:
  $ salesops metrics list
  $ salesops metrics win_rate avg_deal_size sales_cycle_days --by owner --period FY2026-Q3
  $ salesops metrics pipeline_value pipeline_coverage --by manager --period FY2026-Q4 --as-of 2026-10-15
  $ salesops metrics quota_attainment --by segment --period FY2026 --format json
  $ salesops metrics win_rate --by segment,fiscal_quarter --period FY2026`,
    )
    .action(async (names: string[], options: MetricsOptions, command: Command) => {
      const { format } = context.globals(command);
      if (names.length === 0 || (names.length === 1 && names[0] === 'list')) {
        // The list is the same on any day, but a day that does not exist is refused, as by every command; so are
        // --by and --period, which the list would ignore, with the problems of a bad --by's names.
        context.checkArgumentsAndAsOf(command, {
          forMetrics: () => refuseWithoutMetrics(options, context.commandLine(command)),
          dimensions: () => oneBy(options.by),
        });
        const entries = metricList();
        if (format === 'json') context.out(`${JSON.stringify(entries, null, 2)}\n`);
        else if (format === 'csv') context.out(renderCsv(LIST_COLUMNS, entries));
        else context.out(renderMetricList());
        return;
      }
      const commandLine = context.commandLine(command);
      // Every argument checked, --as-of too, and all their problems reported at once, with a workspace that
      // cannot be opened; the period needs its fiscal calendar, and its default the checked day.
      const { table, hierarchy } = await context.withCheckedWorkspace(
        command,
        { metrics: () => parseMetricIds(names), dimensions: () => oneBy(options.by) },
        ({ config }) => ({ period: () => givenAnalysisPeriod(options.period, config.fiscalCalendar) }),
        async (workspace, { metrics, dimensions, asOf, period: given }) => {
          const { config } = workspace;
          const period = given ?? defaultAnalysisPeriod(asOf, config.fiscalCalendar);
          const dataset = await context.loadDataset(workspace);
          return metricsWithHierarchy({ dataset, config, asOf, period, dimensions, metrics, commandLine });
        },
      );
      if (format === 'json') context.out(renderMetricsJson(table, hierarchy));
      else if (format === 'csv') {
        context.out(renderMetricsCsv(table, hierarchy));
        // CSV holds the rows only: what the metrics left out is said on stderr (JSON has it as leftOut and
        // creditsLeftOut).
        for (const note of [
          pipelineLeftOutNote(table, commandLine),
          creditsLeftOutNoteOf(table, commandLine),
        ])
          if (note !== null) context.note(note);
      } else context.out(renderMetricsTable(table, hierarchy, commandLine));
    });
}

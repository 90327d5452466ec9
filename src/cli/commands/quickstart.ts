/**
 * `salesops quickstart` (what `npm start` runs): create the demo workspace if it is missing, summarise it, and end
 * with the Sales Forecast of its current quarter.
 * @module
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { evaluateMetrics } from '../../analytics/evaluate-metrics.js';
import { METRICS } from '../../analytics/metric-registry.js';
import type { MetricId } from '../../analytics/metric-definition.js';
import { resolveAnalysisPeriod } from '../../analytics/periods.js';
import type { Dataset } from '../../dataset/dataset.js';
import type { IsoDate } from '../../domain/dates.js';
import { type CommandLine, shellWord } from '../../domain/errors.js';
import { NOTE_WIDTH, wrapLines } from '../../reports/table.js';
import { pipelineLeftOutNote } from '../../services/metrics.js';
import type { PlanVersion } from '../../planning/plan-version.js';
import type { Workspace } from '../../workspace/workspace.js';
import { formatMetricValue } from './metrics.js';
import { initWorkspace, openWorkspace, WORKSPACE_FILES } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf } from '../io.js';
import { startProgress } from '../progress.js';
import { DEFAULT_DEMO_SIZE, fillDemo } from './demo.js';
import { quickstartForecast } from './forecast.js';
import { yearAfter } from './plan.js';
import { renderStatus, workspaceStatus } from './status.js';

export function quickstartCommand(context: CommandContext): Command {
  return new Command('quickstart')
    .description(
      'create ./demo (a workspace with a realistic demo CRM) if it is missing, summarise it and forecast its quarter',
    )
    .argument('[folder]', 'where the demo workspace lives', 'demo')
    .addHelpText(
      'after',
      `
Examples:
  $ npm start                    # runs: salesops quickstart
  $ salesops quickstart demo2 --as-of 2026-10-01`,
    )
    .action(async (folder: string, _options: unknown, command: Command) => {
      const target = resolve(context.io.cwd, folder);
      const shown = relative(context.io.cwd, target) || '.';
      const databaseUrl = context.io.env.DATABASE_URL || undefined;
      const asOf = resolveAsOf(context.globals(command), context.io);
      const fresh = !existsSync(join(target, WORKSPACE_FILES.config));
      if (fresh) {
        context.note(`Creating the demo workspace ${shown} (as of ${asOf})...`);
        await initWorkspace(target, { company: 'Demo Co', databaseUrl });
      } else {
        context.note(`Using the existing demo workspace ${shown} (delete the folder to regenerate it).`);
      }
      const workspace = await openWorkspace(target, { databaseUrl });
      try {
        if (fresh) {
          const progress = startProgress(context.io.stderr, 'Generating', DEFAULT_DEMO_SIZE.opportunities);
          try {
            await fillDemo(workspace, DEFAULT_DEMO_SIZE, asOf, context.asRun, (done) =>
              progress.update(done),
            );
          } finally {
            progress.stop();
          }
          await context.loadDataset(workspace, { afterWrite: true });
        }
        // What the status and the headline suggest runs as the quickstart's own suggestions do, on the demo.
        const commandLine = context.commandLine(command, shown);
        const { program } = context;
        const folder = shellWord(shown);
        context.out(renderStatus(await workspaceStatus(workspace), commandLine));
        const dataset = await context.loadDataset(workspace);
        context.out(`\n${headlineMetrics(workspace, dataset, asOf, commandLine)}`);
        const tries = [
          'metrics list',
          `metrics win_rate avg_deal_size --by segment --workspace ${folder}`,
          `pipeline changes --workspace ${folder}`,
          `winloss --by competitor --workspace ${folder}`,
          `audit --workspace ${folder}`,
          `forecast --workspace ${folder} --format html > forecast.html`,
          `forecast backtest --workspace ${folder}`,
          ...(await planTries(workspace, yearAfter(workspace, asOf).name, folder)),
        ];
        context.out(`\nTry:\n${tries.map((words) => `  ${program} ${words}\n`).join('')}`);
        context.out(`\n${await quickstartForecast(context, workspace, asOf, program)}`);
      } finally {
        await workspace.close();
      }
    });
}

/**
 * The planning commands to try: start next year's plan and segment it; on a later run, where that plan exists
 * already (`plan new` would refuse it), list the plans, and segment it while it is still in planning.
 */
async function planTries(workspace: Workspace, year: string, shown: string): Promise<string[]> {
  const existing = await workspace.store.document<PlanVersion>('plan_version', year);
  const segment = `plan segment ${year} --workspace ${shown}`;
  if (!existing) return [`plan new --from empty --workspace ${shown}`, segment];
  return [`plan list --workspace ${shown}`, ...(existing.body.state === 'planning' ? [segment] : [])];
}

const HEADLINE_METRICS: readonly MetricId[] = [
  'pipeline_value',
  'weighted_pipeline',
  'pipeline_coverage',
  'quota_attainment',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
];

/**
 * Headline labels that say more than the metric's name: the weighted pipeline names its probability layer, since
 * the forecast printed below weighs deals by its own model and shows a different Weighted Value.
 */
const HEADLINE_LABELS: Partial<Record<MetricId, string>> = {
  weighted_pipeline: 'Weighted pipeline (stage probabilities)',
};

/** The current quarter at a glance: what a sales leader asks first. */
function headlineMetrics(
  workspace: Workspace,
  dataset: Dataset,
  asOf: IsoDate,
  commandLine: CommandLine,
): string {
  const { config } = workspace;
  const period = resolveAnalysisPeriod(undefined, asOf, config.fiscalCalendar);
  const table = evaluateMetrics({ dataset, config, asOf, period, dimensions: [], metrics: HEADLINE_METRICS });
  const values = table.rows[0]?.values ?? {};
  const label = (id: MetricId) => HEADLINE_LABELS[id] ?? METRICS[id].name;
  const width = Math.max(...HEADLINE_METRICS.map((id) => label(id).length));
  const lines = HEADLINE_METRICS.map((id) => {
    const metric = METRICS[id];
    const value = formatMetricValue(values[id] ?? null, metric.unit, config.currency);
    const unit = metric.unit === 'days' && value !== 'n/a' ? ' days' : '';
    return `  ${label(id).padEnd(width)} ${value}${unit}`;
  });
  // What the pipeline figures leave out, so that they reconcile with the forecast's Pipeline Snapshot below.
  const leftOut = pipelineLeftOutNote(table, commandLine);
  const note = leftOut === null ? [] : wrapLines(`note: ${leftOut}`, NOTE_WIDTH, '  ', '        ');
  return [
    `This quarter, ${period.name} (${period.start}..${period.end}), as of ${asOf}:`,
    ...lines,
    ...note,
    '',
  ].join('\n');
}

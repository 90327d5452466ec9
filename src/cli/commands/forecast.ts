/**
 * `salesops forecast`: the Sales Forecast report of a period (terminal, Markdown, self-contained HTML, JSON),
 * its backtest, immutable snapshots and their accuracy once a period has closed, and owner/manager adjustments
 * kept as their own layer (documents of kind forecast_adjustment, plus the audit log).
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { type z } from 'zod';
import { managerPlaces } from '../../analytics/manager-levels.js';
import { parseDimensions, type DimensionId } from '../../analytics/dimensions.js';
import { evaluateMetrics } from '../../analytics/evaluate-metrics.js';
import { cliRepArgument, knownRepRow } from '../../analytics/known-rep.js';
import { type AnalysisPeriod, parseAnalysisPeriod, resolveAnalysisPeriod } from '../../analytics/periods.js';
import { type Dataset } from '../../dataset/dataset.js';
import { toDayNumber, type IsoDate } from '../../domain/dates.js';
import { type CommandLine, InputError, shellWord } from '../../domain/errors.js';
import { parseDecimalToMinor } from '../../domain/money.js';
import { backtest, backtestDay, weekOffset, type Backtest } from '../../forecast/backtest.js';
import { ADJUSTABLE_CATEGORIES, type AdjustableCategory } from '../../forecast/category-rollup.js';
import {
  autoModel,
  type BacktestSummary,
  FORECAST_MODELS,
  type ForecastBy,
  type ForecastModelId,
  MODEL_NAMES,
  MODEL_SHORT_NAMES,
  type ModelChoice,
  type SalesForecast,
} from '../../forecast/sales-forecast.js';
import { compactMoney, percent, signedPercent, wholeMoney } from '../../reports/sales-forecast/format.js';
import { renderForecastHtml } from '../../reports/sales-forecast/html-report.js';
import {
  type ForecastDocument,
  forecastDocument,
  renderForecastJson,
  type StoredForecastDocument,
} from '../../reports/sales-forecast/json.js';
import { renderForecastMarkdown } from '../../reports/sales-forecast/markdown.js';
import { renderForecastText, type TextRenderOptions } from '../../reports/sales-forecast/text.js';
import {
  type Column,
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
  wrapLines,
  wrapNote,
} from '../../reports/table.js';
import type { Workspace } from '../../workspace/workspace.js';
import {
  BACKTEST_CACHE_FILE,
  buildForecast,
  type cachedBacktestSchema,
  fiscalPeriod,
  type ForecastRequest,
  givenFiscalPeriod,
  MODEL_CHOICES,
  requireData,
  saveForecastAdjustment,
  type StoredAdjustment,
} from '../../services/forecast.js';
import type { CommandContext } from '../context.js';
import { type Format, type GlobalOptions, parseCount, resolveAsOf, unknownChoice } from '../io.js';

const BY_CHOICES: readonly ForecastBy[] = ['owner', 'manager', 'segment'];

const snapshotKey = (period: string, asOf: IsoDate): string => `${period}@${asOf}`;

interface ReportFlags {
  readonly period?: string;
  readonly by: string;
  readonly model: string;
}

function modelChoice(text: string): ModelChoice {
  const choice = MODEL_CHOICES[text];
  if (choice !== undefined) return choice;
  throw unknownChoice('--model', text, Object.keys(MODEL_CHOICES));
}

/**
 * `--by` of the report: one of {@link BY_CHOICES}, under its own name or an alias `salesops metrics --by` and
 * `winloss --by` take for it (`rep` for owner), resolved by the analytics dimensions' one rule.
 */
function forecastBy(text: string): ForecastBy {
  let dimensions: DimensionId[] = [];
  try {
    dimensions = parseDimensions(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  const [dimension] = dimensions;
  if (dimensions.length === 1 && (BY_CHOICES as readonly string[]).includes(dimension!))
    return dimension as ForecastBy;
  throw unknownChoice('--by', text, BY_CHOICES);
}

function renderForecast(forecast: SalesForecast, format: Format, options: TextRenderOptions): string {
  switch (format) {
    case 'json':
      return renderForecastJson(forecast);
    case 'md':
      return renderForecastMarkdown(forecast, options);
    case 'html':
      return renderForecastHtml(forecast, options);
    case 'table':
      return renderForecastText(forecast, options);
    case 'csv':
      throw new InputError({
        message: 'the Sales Forecast is a document and has no csv output',
        location: { field: '--format' },
        fix: 'use --format table, md, html or json',
      });
  }
}

/**
 * The managers' places in the rep hierarchy for a report split by manager (its tables indent each manager beneath
 * the one they report to, as `salesops metrics --by manager` does); none for other splits.
 */
function managerLevelsOf(
  workspace: Workspace,
  dataset: Dataset,
  request: ForecastRequest,
): Pick<TextRenderOptions, 'managerLevels'> {
  if (request.by !== 'manager') return {};
  const { config } = workspace;
  return {
    managerLevels: managerPlaces(dataset, {
      period: request.period,
      calendar: config.fiscalCalendar,
      stageModel: config.stageModel,
      currency: config.currency,
    }),
  };
}

/**
 * The Sales Forecast of the workspace's current quarter, compact, for the quickstart: the commands it suggests run
 * salesops as `program` does (the quickstart's `npx salesops`) on the demo workspace.
 */
export async function quickstartForecast(
  context: CommandContext,
  workspace: Workspace,
  asOf: IsoDate,
  program: string,
): Promise<string> {
  const dataset = await context.loadDataset(workspace);
  const period = resolveAnalysisPeriod(undefined, asOf, workspace.config.fiscalCalendar);
  const shown = shellWord(relative(context.io.cwd, workspace.folder) || '.');
  const request: ForecastRequest = {
    period,
    asOf,
    by: 'manager',
    model: 'auto',
    // Its notes' commands name the demo workspace and the program as the quickstart's own suggestions do.
    commandLine: { workspace: shown, program },
  };
  const forecast = await buildForecast(workspace, dataset, request);
  return renderForecastText(forecast, {
    compact: true,
    groupLimit: 8,
    fullReport: `${program} forecast --by manager --workspace ${shown}`,
    ...managerLevelsOf(workspace, dataset, request),
  });
}

/** The report's request from `forecast`'s options and --as-of, every problem of theirs reported at once. */
function reportRequest(
  context: CommandContext,
  command: Command,
  workspace: Workspace,
  globals: GlobalOptions,
): ForecastRequest {
  const flags = parentFlags(command);
  const { asOf, period, by, model } = context.checkArgumentsAndAsOf(command, {
    period: () => givenFiscalPeriod(flags.period, workspace),
    by: () => forecastBy(flags.by),
    model: () => modelChoice(flags.model),
  });
  return {
    period: period ?? fiscalPeriod(undefined, asOf, workspace),
    asOf,
    by,
    model,
    // The report's notes suggest commands (a backtest, imports): they run salesops as the user did, with
    // --workspace and --as-of as given here.
    commandLine: {
      program: context.program,
      ...(globals.workspace === undefined ? {} : { workspace: shellWord(globals.workspace) }),
      ...(globals.asOf === undefined ? {} : { asOf: globals.asOf }),
    },
  };
}

const PERIOD_HELP = 'a fiscal period, e.g. FY2026-Q4 (default: the fiscal quarter of --as-of)';

export function forecastCommand(context: CommandContext): Command {
  const forecast = context
    .withAsOfInArguments(new Command('forecast'))
    .description(
      'the Sales Forecast of a period: summary, pipeline, by rep and segment, risks, upside, confidence (P10/P50/P90)',
    )
    .option('--period <period>', PERIOD_HELP)
    .option('--by <by>', `split Forecast by Rep by ${BY_CHOICES.join(', ')} (rep: owner)`, 'owner')
    .option(
      '--model <model>',
      `${Object.keys(MODEL_CHOICES).join(', ')} (auto: the best backtest; all: every model side by side)`,
      'auto',
    )
    .addHelpText(
      'after',
      `
Formats: table (the terminal), md, html (self-contained, with charts) and json (money in minor units).

Examples:
  $ salesops forecast --period FY2026-Q4
  $ salesops forecast --period FY2026-Q4 --format html > forecast.html
  $ salesops forecast --by manager --model all
  $ salesops forecast backtest --periods 8 --week 2
  $ salesops forecast snapshot --period FY2026-Q4
  $ salesops forecast adjust --rep REP-0020 --category commit --amount 120000 --note "verbal on ACME"`,
    )
    .action(async (flags: ReportFlags, command: Command) => {
      const globals = context.globals(command);
      const { report, levels, commandLine } = await context.withWorkspace(command, async (workspace) => {
        const request = reportRequest(context, command, workspace, globals);
        const dataset = await context.loadDataset(workspace);
        return {
          report: await buildForecast(workspace, dataset, request),
          levels: managerLevelsOf(workspace, dataset, request),
          commandLine: request.commandLine,
        };
      });
      // Methods names salesops's commands as the report's notes do.
      context.out(
        renderForecast(report, globals.format, { allModels: flags.model === 'all', ...levels, commandLine }),
      );
    });
  context.withHtml(forecast);
  for (const sub of [
    backtestCommand(context),
    snapshotCommand(context),
    snapshotsCommand(context),
    adjustCommand(context),
  ]) {
    forecast.addCommand(sub);
  }
  return forecast;
}

/** The options of `forecast` itself (--period, --by, --model), which its subcommands share. */
const parentFlags = (command: Command): ReportFlags => command.optsWithGlobals<ReportFlags>();

interface BacktestFlags {
  readonly periods: string;
  readonly week: string;
}

/**
 * A model's column header in the per-period table: the first word of its short name, capitalised (`Historical`
 * for historical conversion), for five model columns to fit 110 columns; the accuracy table above names it in full.
 */
function modelHeader(model: ForecastModelId): string {
  const [word = ''] = MODEL_SHORT_NAMES[model].split(' ');
  return `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
}

/** The backtest as `format`; `commandLine` writes the forecast command it names as the user runs salesops. */
function renderBacktest(
  result: Backtest,
  currency: string,
  format: Format,
  commandLine: CommandLine,
): string {
  const money = (minor: number) => wholeMoney(minor, currency);
  if (format === 'json') return `${JSON.stringify({ currency, moneyUnit: 'minor', ...result }, null, 2)}\n`;
  type Row = Backtest['periods'][number];
  const range = (row: Row) =>
    `${compactMoney(row.dealRange.p10, currency)}-${compactMoney(row.dealRange.p90, currency)}`;
  // The terminal leaves out each period's as-of day, which the heading gives (day 7 of each period), for the table
  // to fit 110 columns.
  const periodColumns: Column<Row>[] = [
    { header: 'Period', value: (row) => row.period },
    ...(format === 'table' ? [] : [{ header: 'As of', value: (row: Row) => row.asOf }]),
    { header: 'Actual', value: (row) => row.actual, display: (row) => money(row.actual) },
    ...FORECAST_MODELS.map((model): Column<Row> => ({
      header: modelHeader(model),
      value: (row) => row.forecasts[model],
      display: (row) => money(row.forecasts[model]),
    })),
    { header: 'Deal-level P10-P90', value: range, align: 'right' },
  ];
  if (format === 'csv') {
    const csvColumns: Column<Row>[] = [
      ...periodColumns.slice(0, -1).map(({ display: _display, ...column }) => column),
      { header: 'deal_level_p10', value: (row) => row.dealRange.p10 },
      { header: 'deal_level_p90', value: (row) => row.dealRange.p90 },
    ];
    return renderCsv(csvColumns, result.periods);
  }
  type Accuracy = Omit<Backtest['accuracy'][number], 'model'> & { readonly name: string };
  const auto = autoModel(result);
  // The terminal names the models short, their full names in a note under the tables: the full names would widen
  // the table past 110 columns.
  const modelName = (model: ForecastModelId) =>
    format === 'table' ? MODEL_SHORT_NAMES[model] : MODEL_NAMES[model];
  const accuracyRows: Accuracy[] = [
    ...result.accuracy.map(({ model, ...accuracy }) => ({
      ...accuracy,
      name: `${modelName(model)}${model === result.bestModel ? ' (lowest MAPE)' : ''}${model === auto.id ? ' (auto)' : ''}`,
    })),
    { ...result.distribution, name: 'Distribution P50 (deal-level)' },
  ];
  const accuracyColumns: Column<Accuracy>[] = [
    { header: 'Model', value: (row) => row.name },
    { header: 'MAPE', value: (row) => row.mape, display: (row) => percent(row.mape, 1), align: 'right' },
    {
      header: 'Bias',
      value: (row) => row.bias,
      display: (row) => signedPercent(row.bias, 1),
      align: 'right',
    },
    {
      header: 'Actual in P10-P90',
      value: (row) => row.p10p90Coverage,
      display: (row) => (row.p10p90Coverage === null ? '—' : percent(row.p10p90Coverage)),
      align: 'right',
    },
  ];
  const render = format === 'md' ? renderMarkdownTable : renderTextTable;
  /** A sentence of prose: wrapped under a hanging indent on the terminal, one line in Markdown. */
  const prose = (text: string) => (format === 'table' ? wrapNote(text) : [text]);
  const tested = result.periods.length;
  const lines = [
    `Backtest of ${tested} past ${tested === 1 ? 'period' : 'periods'}, each forecast as of ` +
      backtestDay(result.offsetDays) +
      (tested < result.periodsAsked ? `; ${result.periodsAsked} asked, the history holds ${tested}` : ''),
    '',
    render(accuracyColumns, accuracyRows),
    render(periodColumns, result.periods),
    'MAPE: mean |forecast - actual| / actual; bias: mean (forecast - actual) / actual (positive over-forecasts);',
    "Actual in P10-P90: share of periods whose actual fell in the model's range (models with a distribution).",
    ...(format === 'table'
      ? prose(`The models: ${FORECAST_MODELS.map((model) => MODEL_NAMES[model]).join('; ')}.`)
      : []),
    ...prose(
      `--model auto (the default) of \`${commandLine('salesops forecast')}\` now uses ${MODEL_NAMES[auto.id]}: ${auto.reason}.`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function saveBacktest(
  context: CommandContext,
  workspace: Workspace,
  dataset: Dataset,
  period: AnalysisPeriod,
  result: Backtest,
): Promise<void> {
  const summary: BacktestSummary = {
    periodsAsked: result.periodsAsked,
    periodsTested: result.periodsTested,
    offsetDays: result.offsetDays,
    accuracy: result.accuracy,
    bestModel: result.bestModel,
  };
  const cached: z.infer<typeof cachedBacktestSchema> = {
    storeIdentity: workspace.storeIdentity,
    dataVersion: dataset.dataVersion,
    period: period.name,
    summary: { ...summary, periodsTested: [...summary.periodsTested], accuracy: [...summary.accuracy] },
  };
  try {
    await mkdir(workspace.cacheDir, { recursive: true });
    await writeFile(join(workspace.cacheDir, BACKTEST_CACHE_FILE), `${JSON.stringify(cached, null, 2)}\n`);
  } catch (error) {
    context.note(
      `Could not keep the backtest for the report (${String(error)}); --model auto will not use it.`,
    );
  }
}

/**
 * A subcommand's help after its own options: the `forecast` options it reads (given before or after the
 * subcommand's name, they are parsed by `forecast`, so its own option list cannot show them) and examples. The
 * forecast command is named as the user runs salesops ({@link CommandContext.asRun}), as the examples are.
 */
function subcommandHelp(
  context: CommandContext,
  parentOptions: readonly string[],
  examples: readonly string[],
): string {
  // Each option's description wrapped at the terminal's width under itself, as Commander lays out its own.
  const listed = parentOptions.flatMap((line) =>
    wrapLines(line, NOTE_WIDTH, '  ', ' '.repeat(2 + line.indexOf('  ') + 2)),
  );
  const options =
    parentOptions.length > 0
      ? `\nOptions of ${context.asRun('salesops forecast')} it uses:\n${listed.join('\n')}\n`
      : '';
  return `${options}\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}`;
}

function backtestCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('backtest'))
    .description(
      'each model forecast as of a week of each past period, against what was won: MAPE, bias, P10-P90',
    )
    .option('--periods <count>', 'past fiscal periods to test', '8')
    .option('--week <week>', 'the week of each period the forecast is taken at (1: its first day)', '2')
    .addHelpText(
      'after',
      subcommandHelp(
        context,
        [`--period <period>  the period whose kind is tested: ${PERIOD_HELP}`],
        [
          'salesops forecast backtest --periods 8',
          'salesops forecast backtest --period FY2026-Q4 --periods 4 --week 1 --format json',
        ],
      ),
    )
    .action(async (flags: BacktestFlags, command: Command) => {
      const globals = context.globals(command);
      const { result, currency, periods } = await context.withWorkspace(command, async (workspace) => {
        // Every argument checked, --as-of too, and all their problems reported at once.
        const { asOf, periods, week, ...given } = context.checkArgumentsAndAsOf(command, {
          periods: () => parseCount('--periods', flags.periods, 1, 8),
          week: () => parseCount('--week', flags.week, 1),
          period: () => givenFiscalPeriod(parentFlags(command).period, workspace),
        });
        const period = given.period ?? fiscalPeriod(undefined, asOf, workspace);
        const dataset = await context.loadDataset(workspace);
        requireData(dataset, workspace);
        const result = backtest(dataset, workspace.config, period, toDayNumber(asOf), {
          periods,
          offsetDays: weekOffset(week),
        });
        await saveBacktest(context, workspace, dataset, period, result);
        return { result, currency: workspace.config.currency, periods };
      });
      if (result.periods.length < periods) {
        context.note(
          `note: the history holds ${result.periods.length} of the ${periods} periods asked; the backtest ran on those.`,
        );
      }
      context.out(renderBacktest(result, currency, globals.format, context.commandLine(command)));
    });
}

/** A snapshot as saved now: the forecast's document and the request that made it. */
type SnapshotBody = ForecastDocument & SnapshotRequest;

/** A snapshot as read back: saved by this salesops or an earlier one, its document of any stored format. */
type StoredSnapshotBody = StoredForecastDocument & SnapshotRequest;

interface SnapshotRequest {
  readonly request: { readonly by: ForecastBy; readonly model: string };
}

function snapshotCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('snapshot'))
    .description('save the forecast as an immutable snapshot, to measure its accuracy once the period closes')
    .addHelpText(
      'after',
      subcommandHelp(
        context,
        [
          `--period <period>  ${PERIOD_HELP}`,
          `--model <model>    the model of the snapshot, as for ${context.asRun('salesops forecast')} (default: auto)`,
        ],
        ['salesops forecast snapshot', 'salesops forecast snapshot --period FY2026-Q4 --model deal'],
      ),
    )
    .action(async (_flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const saved = await context.withWorkspace(command, async (workspace) => {
        const request = reportRequest(context, command, workspace, globals);
        const { asOf } = request;
        const key = snapshotKey(request.period.name, asOf);
        const existing = await workspace.store.document('forecast_snapshot', key);
        if (existing !== null) {
          throw new InputError({
            message: `a snapshot of ${request.period.name} as of ${asOf} already exists (saved by ${existing.savedBy ?? 'unknown'})`,
            location: { field: 'forecast_snapshot' },
            fix: `snapshots are immutable: take the next one on another day (--as-of), or list them with \`${context.commandLine(command)('salesops forecast snapshots')}\``,
          });
        }
        const report = await buildForecast(workspace, await context.loadDataset(workspace), request);
        const body: SnapshotBody = {
          ...forecastDocument(report),
          request: { by: request.by, model: parentFlags(command).model },
        };
        const actor = context.actor();
        await workspace.store.saveDocument({
          kind: 'forecast_snapshot',
          key,
          body,
          savedAt: asOf,
          savedBy: actor,
          expectRevision: 0,
        });
        await workspace.store.appendAudit({
          at: asOf,
          actor,
          action: 'forecast.snapshot',
          subject: `forecast_snapshot:${key}`,
          detail: { model: report.model.id, forecast: report.totalForecast.total },
        });
        return { key, report };
      });
      const { report } = saved;
      context.out(
        `Saved snapshot ${saved.key}: ${report.model.name} forecast ${wholeMoney(report.totalForecast.total, report.currency)} ` +
          `(P10 ${wholeMoney(report.distribution.p10, report.currency)}, P90 ${wholeMoney(report.distribution.p90, report.currency)}).\n` +
          `Its accuracy shows in \`${context.commandLine(command)('salesops forecast snapshots')}\` once ${report.period.name} has closed (${report.period.end}).\n`,
      );
    });
}

interface SnapshotRow {
  readonly key: string;
  readonly period: string;
  readonly asOf: string;
  readonly model: string;
  readonly forecast: number;
  readonly p10: number;
  readonly p90: number;
  readonly currency: string;
  /** Won in the period, once it has closed; null while it is open. */
  readonly actual: number | null;
  readonly periodEnd: string;
}

/** What was won in a closed period, as known on the as-of day (the `closed_won` metric). */
function wonIn(workspace: Workspace, dataset: Dataset, periodName: string, asOf: IsoDate): number {
  const period = parseAnalysisPeriod(periodName, workspace.config.fiscalCalendar);
  const table = evaluateMetrics({
    dataset,
    config: workspace.config,
    asOf,
    period,
    dimensions: [],
    metrics: ['closed_won'],
  });
  return table.rows[0]?.values.closed_won ?? 0;
}

function snapshotsCommand(context: CommandContext): Command {
  return new Command('snapshots')
    .alias('accuracy')
    .description('past snapshots against what was won, once their period has closed: error and P10-P90 hits')
    .addHelpText(
      'after',
      subcommandHelp(
        context,
        [],
        ['salesops forecast snapshots', 'salesops forecast accuracy --format json'],
      ),
    )
    .action(async (_flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const asOf = resolveAsOf(globals, context.io);
      const rows = await context.withWorkspace(command, async (workspace) => {
        const metas = await workspace.store.listDocuments('forecast_snapshot');
        if (metas.length === 0) return [];
        const dataset = await context.loadDataset(workspace);
        const found: SnapshotRow[] = [];
        for (const meta of metas) {
          const snapshot = await workspace.store.document<StoredSnapshotBody>('forecast_snapshot', meta.key);
          if (snapshot === null) continue;
          const body = snapshot.body;
          const closed = body.period.end < asOf;
          found.push({
            key: meta.key,
            period: body.period.name,
            asOf: body.asOf,
            model: body.model.name,
            forecast: body.totalForecast.total,
            p10: body.distribution.p10,
            p90: body.distribution.p90,
            currency: body.currency,
            actual: closed ? wonIn(workspace, dataset, body.period.name, asOf) : null,
            periodEnd: body.period.end,
          });
        }
        return found;
      });
      context.out(renderSnapshots(rows, globals.format, context.commandLine(command)));
    });
}

const snapshotError = (row: SnapshotRow): number | null =>
  row.actual === null || row.actual === 0 ? null : (row.forecast - row.actual) / row.actual;

/** The snapshots as `format`; `commandLine` writes the command it suggests when there are none. */
function renderSnapshots(rows: readonly SnapshotRow[], format: Format, commandLine: CommandLine): string {
  if (format === 'json') {
    return `${JSON.stringify(
      rows.map((row) => ({ ...row, error: snapshotError(row), moneyUnit: 'minor' })),
      null,
      2,
    )}\n`;
  }
  if (rows.length === 0) {
    return `No forecast snapshots yet: save one with \`${commandLine('salesops forecast snapshot --period <period>')}\`.\n`;
  }
  const money = (row: SnapshotRow, minor: number) => wholeMoney(minor, row.currency);
  const columns: Column<SnapshotRow>[] = [
    { header: 'Snapshot', value: (row) => row.key },
    { header: 'Model', value: (row) => row.model },
    { header: 'Forecast', value: (row) => row.forecast, display: (row) => money(row, row.forecast) },
    { header: 'P10', value: (row) => row.p10, display: (row) => money(row, row.p10) },
    { header: 'P90', value: (row) => row.p90, display: (row) => money(row, row.p90) },
    {
      header: 'Actual',
      value: (row) => row.actual,
      display: (row) => (row.actual === null ? `open until ${row.periodEnd}` : money(row, row.actual)),
      align: 'right',
    },
    {
      header: 'Error',
      value: (row) => snapshotError(row),
      display: (row) => (row.actual === null ? '' : signedPercent(snapshotError(row), 1)),
      align: 'right',
    },
    {
      header: 'In P10-P90',
      value: (row) => (row.actual === null ? null : String(row.actual >= row.p10 && row.actual <= row.p90)),
      display: (row) =>
        row.actual === null ? '' : row.actual >= row.p10 && row.actual <= row.p90 ? 'yes' : 'no',
    },
  ];
  if (format === 'csv')
    return renderCsv(
      columns.map(({ display: _display, ...column }) => column),
      rows,
    );
  const render = format === 'md' ? renderMarkdownTable : renderTextTable;
  const scored = rows.map(snapshotError).filter((error): error is number => error !== null);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const summary =
    scored.length === 0
      ? 'No snapshot period has closed yet: accuracy shows once one has.'
      : `Over ${scored.length} closed ${scored.length === 1 ? 'period' : 'periods'}: MAPE ${percent(mean(scored.map(Math.abs)), 1)}, bias ${signedPercent(mean(scored), 1)}.`;
  return `${render(columns, rows)}${summary}\n`;
}

interface AdjustFlags {
  readonly rep: string;
  readonly category: string;
  readonly amount: string;
  readonly note: string;
  readonly manager?: string;
}

/**
 * The rep's CRM id, or an error at `flag` naming the closest rep ids and names ({@link knownRepRow}); `commandLine`
 * writes the commands its fix suggests (the import, `salesops reps`) as the user runs salesops.
 */
function knownRep(dataset: Dataset, text: string, flag: string, commandLine: CommandLine): string {
  knownRepRow(dataset, text, cliRepArgument(flag, commandLine));
  return text;
}

function adjustCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('adjust'))
    .description(
      "adjust a rep's Commit, Best Case or Pipeline forecast: a layer with a note on top of the system numbers, which stay",
    )
    .requiredOption(
      '--rep <rep id>',
      "the rep whose forecast is adjusted, by the CRM's user id (salesops reps lists them)",
    )
    .addOption(
      new Option(
        '--category <category>',
        `the cumulative category adjusted: ${ADJUSTABLE_CATEGORIES.join(', ')}`,
      ).makeOptionMandatory(),
    )
    .requiredOption('--amount <amount>', 'the adjusted forecast in the corporate currency, e.g. 120000')
    .requiredOption('--note <text>', 'why (shown with the adjustment in the report)')
    .option(
      '--manager <rep id>',
      "a manager's adjustment (the manager layer), made by this manager of the rep, by rep id (salesops reps lists them)",
    )
    .addHelpText(
      'after',
      subcommandHelp(
        context,
        [`--period <period>  the period adjusted: ${PERIOD_HELP}`],
        [
          'salesops forecast adjust --rep REP-0020 --category commit --amount 120000 --note "verbal on ACME"',
          // Continued on a second line: one would run past the terminal's width.
          'salesops forecast adjust --period FY2027-Q4 --rep REP-0020 --manager REP-0042 \\\n' +
            '      --category best_case --amount 450000 --note "pilot extended"',
          'salesops reps',
        ],
      ),
    )
    .action(async (flags: AdjustFlags, command: Command) => {
      const globals = context.globals(command);
      const result = await context.withWorkspace(command, async (workspace) => {
        const { currency } = workspace.config;
        // The reps are checked in the dataset: it is read before the arguments are.
        const dataset = await context.loadDataset(workspace);
        const commandLine = context.commandLine(command);
        // Every argument checked, --as-of too, and all their problems reported at once.
        const { asOf, ...checked } = context.checkArgumentsAndAsOf(command, {
          rep: () => knownRep(dataset, flags.rep, '--rep', commandLine),
          category: () => adjustableCategory(flags.category),
          amount: () => amountFlag(flags.amount, currency),
          note: () => noteFlag(flags.note),
          manager: () =>
            flags.manager === undefined
              ? undefined
              : knownRep(dataset, flags.manager, '--manager', commandLine),
          period: () => givenFiscalPeriod(parentFlags(command).period, workspace),
        });
        const period = checked.period ?? fiscalPeriod(undefined, asOf, workspace);
        const actor = context.actor();
        const adjustment: StoredAdjustment = {
          layer: checked.manager === undefined ? 'owner' : 'manager',
          rep: checked.rep,
          ...(checked.manager === undefined ? {} : { by: checked.manager }),
          period: period.name,
          category: checked.category,
          amount: checked.amount,
          note: checked.note,
          madeOn: asOf,
          madeBy: actor,
        };
        const { revision } = await saveForecastAdjustment(workspace, dataset, period, adjustment);
        return { adjustment, revision, currency };
      });
      const { adjustment } = result;
      // The report as of the same day (a forecast as of an earlier day leaves this adjustment out), on the same
      // workspace, run as the user runs salesops.
      const report = (model: string) =>
        context.commandLine(command)(
          `salesops forecast --period ${adjustment.period}${model}${globals.asOf === undefined ? '' : ` --as-of ${globals.asOf}`}`,
        );
      context.out(
        `Adjusted ${adjustment.rep}'s ${adjustment.category} forecast for ${adjustment.period} to ` +
          `${wholeMoney(adjustment.amount, result.currency)} (${adjustment.layer} layer, revision ${result.revision} ` +
          `of the period's adjustments): "${adjustment.note}".\n` +
          `The system numbers are kept; \`${report('')}\` shows every layer` +
          (adjustment.category === 'pipeline'
            ? '.\n'
            : `, and \`${report(` --model ${adjustment.category}`)}\` forecasts with it (the other models leave adjustments out).\n`),
      );
    });
}

function adjustableCategory(text: string): AdjustableCategory {
  const category = ADJUSTABLE_CATEGORIES.find((each) => each === text);
  if (category !== undefined) return category;
  throw unknownChoice('--category', text, ADJUSTABLE_CATEGORIES);
}

function noteFlag(text: string): string {
  if (text.trim() !== '') return text.trim();
  throw new InputError({
    message: 'the note is empty',
    location: { field: '--note' },
    fix: 'say why the forecast is adjusted',
  });
}

/** `--amount` in minor units, not negative; a value that is not a number is reported against the flag. */
function amountFlag(text: string, currency: string): number {
  const amount = decimalAmount(text, currency);
  if (amount >= 0) return amount;
  throw new InputError({
    message: `${text} is negative`,
    location: { field: '--amount' },
    fix: `give the adjusted forecast in ${currency}, e.g. 120000`,
  });
}

function decimalAmount(text: string, currency: string): number {
  try {
    return parseDecimalToMinor(text.trim(), currency);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.problems.map((problem) => ({
        ...problem,
        location: { field: '--amount' },
        fix: `give the adjusted forecast in ${currency} as a plain number, e.g. 120000 or 120000.50`,
      })),
    );
  }
}

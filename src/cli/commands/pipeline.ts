/**
 * `salesops pipeline changes` (the waterfall between two dates) and `salesops pipeline conversion` (stage
 * conversion by cohort, time in stage, aging), plus what they share with `salesops winloss`: loading the
 * dataset, reading `--by` and `--period`, and showing money and rates the way every analytics command does
 * (money in the corporate currency, rates as percentages in tables and as fractions in JSON and CSV, undefined
 * values as `n/a` and null).
 * @module
 */
import { Command } from 'commander';
import {
  AGING_BAND_NAMES,
  type AgingLeftOut,
  type StageAging,
  type StageConversion,
} from '../../analytics/conversion.js';
import { DIMENSIONS, type DimensionId, type GroupKeyspace } from '../../analytics/dimensions.js';
import { type AnalysisPeriod, givenAnalysisPeriod } from '../../analytics/periods.js';
import {
  WATERFALL_BUCKET_DEFINITIONS,
  WATERFALL_BUCKETS,
  type DealMovement,
  type DealState,
  type WaterfallBucket,
  type WaterfallRow,
} from '../../analytics/waterfall.js';
import { textAt } from '../../dataset/dataset.js';
import { fromDayNumber, parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { type AwaitedValues, type CommandLine, InputError } from '../../domain/errors.js';
import type { CurrencyCode } from '../../domain/money.js';
import type { WorkspaceConfig } from '../../domain/workspace-config.js';
import {
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
  wrapLines,
  type Column,
} from '../../reports/table.js';
import {
  type AnalysisData,
  AMOUNT_BUCKETS,
  BUCKET_OUTPUT,
  categoryName,
  changesWindow,
  type ChangesQuery,
  CONVERSION_NOTES,
  CONVERSION_NOTES_WITHOUT_REACH,
  crossedField,
  moneyNumber,
  periodOrDefault,
  pipelineChanges,
  pipelineChangesDocument,
  pipelineConversion,
  pipelineConversionDocument,
  signed,
} from '../../services/pipeline.js';
import { creditsLeftOutNote } from '../../services/credits.js';
import type { CommandContext } from '../context.js';
import type { Format } from '../io.js';
import { paragraph } from '../problem-text.js';
import { collectBy, formatMetricValue, oneBy } from './metrics.js';

/** What an analytics command works on: the workspace's configuration, its dataset, and the day to look from. */
export interface AnalysisInput extends AnalysisData {
  readonly format: Format;
}

/**
 * Opens the workspace, checks the command's arguments with its --as-of and its --period (in the workspace's
 * fiscal calendar), every problem in one report, those of `checks` (which need no workspace) with a workspace
 * that cannot be opened ({@link CommandContext.withCheckedWorkspace}); makes the query of the checked values with
 * `queryOf` (so that bad input is reported before the dataset is loaded), which gives the checked day with it;
 * loads (or builds and caches) the dataset, and closes the workspace again. The period is undefined without one:
 * its default is drawn from a day (periodOrDefault), from the checked --as-of.
 */
export async function loadAnalysisInput<Checks extends Record<string, () => unknown>, Query>(
  context: CommandContext,
  command: Command,
  period: string | undefined,
  checks: Checks,
  queryOf: (
    checked: AwaitedValues<{ asOf: () => IsoDate; period: () => AnalysisPeriod | undefined } & Checks>,
    config: WorkspaceConfig,
  ) => { readonly asOf: IsoDate; readonly query: Query },
): Promise<AnalysisInput & { readonly query: Query }> {
  const { format } = context.globals(command);
  return context.withCheckedWorkspace(
    command,
    checks,
    ({ config }) => ({ period: () => givenAnalysisPeriod(period, config.fiscalCalendar) }),
    async (workspace, checked) => {
      const { asOf, query } = queryOf(checked, workspace.config);
      const dataset = await context.loadDataset(workspace);
      return { config: workspace.config, dataset, asOf, format, query };
    },
  );
}

/** A calendar date given to a flag, or an InputError naming the flag. */
function parseDateFlag(flag: string, text: string): IsoDate {
  const date = parseIsoDate(text.trim());
  if (date === null) {
    throw new InputError({
      message: `${flag} must be a calendar date YYYY-MM-DD (got ${JSON.stringify(text)})`,
      fix: `pass e.g. ${flag} 2026-10-01`,
    });
  }
  return date;
}

/** Money in a table, as `salesops metrics` shows it: whole units of the corporate currency. */
export function moneyText(minor: number, currency: CurrencyCode): string {
  return formatMetricValue(minor, 'money', currency);
}

/** A rate in a table: a percentage with one decimal, `n/a` when undefined. */
export function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/** A mean or median of days in a table, one decimal, `n/a` when undefined. */
function days(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

/** Label columns, one per dimension of a keyspace, reading a row's group key: titled in tables, ids in CSV. */
function dimensionColumns<Row>(
  keyspace: GroupKeyspace,
  keyOf: (row: Row) => number | null,
  format: 'table' | 'csv',
): Column<Row>[] {
  return keyspace.dimensions.map((dimension) => ({
    header: format === 'csv' ? dimension : DIMENSIONS[dimension].title,
    value: (row: Row) => {
      const key = keyOf(row);
      return key === null ? 'Total' : (keyspace.labels(key)[dimension] ?? '');
    },
    align: 'left' as const,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// pipeline changes

interface ChangesOptions {
  readonly from?: string;
  readonly to?: string;
  readonly period?: string;
  readonly by?: readonly string[];
  readonly deals?: boolean;
}

/** The waterfall's options that need no workspace, checked with --as-of and --period, every bad one at once. */
function changesChecks(options: ChangesOptions) {
  return {
    from: () => (options.from === undefined ? undefined : parseDateFlag('--from', options.from)),
    to: () => (options.to === undefined ? undefined : parseDateFlag('--to', options.to)),
    dimensions: () => oneBy(options.by),
  };
}

/**
 * The waterfall's query of its checked options: the window they make (from after to is a problem of the two
 * together, to after the as-of day too; a period given needs no window) and the default period, the fiscal
 * quarter of --to.
 */
function changesQuery(
  checked: AwaitedValues<ReturnType<typeof changesChecks>> & {
    readonly asOf: IsoDate;
    readonly period: AnalysisPeriod | undefined;
  },
  config: WorkspaceConfig,
): { readonly asOf: IsoDate; readonly query: ChangesQuery } {
  const { asOf } = checked;
  const { from, to } = changesWindow({ from: checked.from, to: checked.to }, asOf);
  const period = checked.period ?? periodOrDefault(undefined, config, to, 'quarter');
  return { asOf, query: { from, to, period, dimensions: checked.dimensions } };
}

type ChangesRow = WaterfallRow;

/**
 * The waterfall's columns. A table leaves out the buckets no row has a deal in, to stay readable; CSV keeps
 * every bucket, with its deal count.
 */
function changesColumns(
  keyspace: GroupKeyspace,
  currency: CurrencyCode,
  format: 'table' | 'csv',
  rows: readonly ChangesRow[],
): Column<ChangesRow>[] {
  const money = (
    pick: (row: ChangesRow) => number,
  ): Pick<Column<ChangesRow>, 'value' | 'display' | 'align'> => ({
    value: (row) => moneyNumber(pick(row), currency),
    display: (row) => moneyText(pick(row), currency),
    align: 'right',
  });
  const columns: Column<ChangesRow>[] = [
    ...dimensionColumns<ChangesRow>(keyspace, (row) => row.key, format),
    { header: format === 'csv' ? 'start' : 'Start', ...money((row) => row.start.value) },
  ];
  if (format === 'csv') columns.push({ header: 'start_deals', value: (row) => row.start.count });
  for (const bucket of WATERFALL_BUCKETS) {
    const { id, title } = BUCKET_OUTPUT[bucket];
    if (format === 'table' && rows.every((row) => row.buckets[bucket].count === 0)) continue;
    columns.push({
      header: format === 'csv' ? id : title,
      ...money((row) => signed(bucket, row.buckets[bucket].value)),
    });
    if (format === 'csv') {
      columns.push({ header: `${id}_deals`, value: (row) => row.buckets[bucket].count });
      if (AMOUNT_BUCKETS.has(bucket)) {
        const crossed = crossedField(bucket);
        columns.push({ header: crossed, value: (row) => row.buckets[bucket].crossed });
      }
    }
  }
  columns.push({ header: format === 'csv' ? 'end' : 'End', ...money((row) => row.end.value) });
  if (format === 'csv') columns.push({ header: 'end_deals', value: (row) => row.end.count });
  return columns;
}

/** The vertical waterfall of one row, for the table output without groups. */
function verticalWaterfall(row: ChangesRow, currency: CurrencyCode): string {
  interface Line {
    readonly label: string;
    readonly count: number;
    /** Deals in or out of the pipeline, signed as the amount (start and end: their count). */
    readonly crossed: number;
    readonly value: number;
    readonly definition: string;
  }
  const lines: Line[] = [
    {
      label: 'Start',
      count: row.start.count,
      crossed: row.start.count,
      value: row.start.value,
      definition: WATERFALL_BUCKET_DEFINITIONS.start,
    },
    ...WATERFALL_BUCKETS.filter((bucket) => bucket !== 'movedIn' && bucket !== 'movedOut').map((bucket) => ({
      label: BUCKET_OUTPUT[bucket].title,
      count: row.buckets[bucket].count,
      crossed: signed(bucket, row.buckets[bucket].crossed),
      value: signed(bucket, row.buckets[bucket].value),
      definition: WATERFALL_BUCKET_DEFINITIONS[bucket],
    })),
    {
      label: 'End',
      count: row.end.count,
      crossed: row.end.count,
      value: row.end.value,
      definition: WATERFALL_BUCKET_DEFINITIONS.end,
    },
  ];
  return renderTextTable<Line>(
    [
      { header: 'Bucket', value: (line) => line.label },
      { header: 'Deals', value: (line) => line.count },
      { header: 'In/out', value: (line) => line.crossed },
      {
        header: 'Amount',
        value: (line) => line.value,
        display: (line) => moneyText(line.value, currency),
      },
      { header: 'What it holds', value: (line) => line.definition },
    ],
    lines,
  );
}

function changesCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('changes'))
    .description(
      'the pipeline waterfall between two dates: start, created, pulled/pushed in, amount changes, won, lost, pushed/pulled out, end',
    )
    .option('--from <date>', 'start date, YYYY-MM-DD (default: 7 days before --to)')
    .option('--to <date>', 'end date, YYYY-MM-DD (default: --as-of, i.e. today)')
    .option(
      '--period <period>',
      'the close dates that count: FY2026, FY2026-Q4, FY2026-M10 or a date range (default: the fiscal quarter of --to)',
    )
    .option(
      '--by <dimensions>',
      'split by owner, manager, team, segment, forecast_category, fiscal_month ...; commas cross them (one row per combination)',
      collectBy,
    )
    .option('--deals', 'list the deals of every bucket (JSON always lists them)')
    .addHelpText(
      'after',
      `
Buckets (each deal lands in one movement bucket, plus one amount bucket for amount changes):
${['start', ...WATERFALL_BUCKETS, 'end']
  .flatMap((bucket) =>
    // Each definition wrapped at the terminal's width under itself.
    wrapLines(
      `${(bucket === 'start' || bucket === 'end' ? bucket : BUCKET_OUTPUT[bucket as WaterfallBucket].id).padEnd(11)} ${WATERFALL_BUCKET_DEFINITIONS[bucket as WaterfallBucket]}`,
      NOTE_WIDTH,
      '  ',
      ' '.repeat(14),
    ),
  )
  .join('\n')}
Amounts are signed in every format: ins positive, outs (won, lost, pushed_out, pulled_out, moved_out,
decreased) negative, so start + the buckets = end holds exactly, for every row.

Examples:
  $ salesops pipeline changes --from 2026-10-01 --to 2026-10-08
  $ salesops pipeline changes --from 2026-10-01 --to 2026-10-08 --period FY2026-Q4 --by owner
  $ salesops pipeline changes --by manager --format json`,
    )
    .action(async (options: ChangesOptions, command: Command) => {
      const input = await loadAnalysisInput(
        context,
        command,
        options.period,
        changesChecks(options),
        changesQuery,
      );
      context.out(renderChanges(input, input.query, options.deals === true));
    });
}

function renderChanges(input: AnalysisInput, query: ChangesQuery, listDeals: boolean): string {
  const { dataset, config, format } = input;
  const changes = pipelineChanges(input, query);
  if (format === 'json') return `${JSON.stringify(pipelineChangesDocument(input, changes), null, 2)}\n`;
  const { keyspace, stages, result, rows, movements } = changes;
  const currency = config.currency;
  const categoryOf = (code: number) => categoryName(dataset, code);

  if (format === 'csv') {
    if (listDeals) return renderCsv(dealColumns(input, keyspace, stages.name, 'csv'), movements);
    return renderCsv(
      changesColumns(keyspace, currency, 'csv', []),
      query.dimensions.length > 0 ? rows : [result.total],
    );
  }

  const title =
    `Pipeline changes ${query.from} → ${query.to}, open deals closing in ${query.period.name}` +
    (query.period.kind === 'range' ? '' : ` (${query.period.start}..${query.period.end})`) +
    `, ${currency}\n\n`;
  const body =
    query.dimensions.length > 0
      ? renderTextTable(changesColumns(keyspace, currency, 'table', [...rows, result.total]), [
          ...rows,
          result.total,
        ])
      : verticalWaterfall(result.total, currency);
  const notes = [
    '',
    ...(query.dimensions.length > 0
      ? ['Outs are negative: start + the buckets = end, exactly.']
      : wrapLines(
          'Outs are negative: start + the buckets = end, exactly, in Amount and in In/out (the deals that came ' +
            'into or left the pipeline through a bucket: in Increased and Decreased only those whose amount rose ' +
            'from or fell to zero or below; Deals counts every deal a bucket holds).',
          NOTE_WIDTH,
        )),
    `Owner changed on ${result.ownerMoves.count} deal${result.ownerMoves.count === 1 ? '' : 's'} in the pipeline on both dates (${moneyText(result.ownerMoves.value, currency)}); ` +
      'in the total they change nothing' +
      (query.dimensions.length > 0 ? ', in the rows they move out of one group and into another.' : '.'),
    ...(result.categoryMoves.length > 0
      ? [
          'Forecast category moves of deals in the pipeline on both dates (information, not buckets):',
          ...result.categoryMoves.map(
            (move) =>
              `  ${categoryOf(move.fromCategoryCode)} → ${categoryOf(move.toCategoryCode)}: ${move.count} deal${move.count === 1 ? '' : 's'}, ${moneyText(move.value, currency)}`,
          ),
        ]
      : []),
  ];
  const dealList = listDeals
    ? `\n${renderTextTable(dealColumns(input, keyspace, stages.name, 'table'), movements)}`
    : '';
  return `${title}${body}${notes.join('\n')}\n${dealList}`;
}

function dealColumns(
  input: AnalysisInput,
  keyspace: GroupKeyspace,
  stageNames: readonly string[],
  format: 'table' | 'csv',
): Column<DealMovement>[] {
  const csv = format === 'csv';
  const { dataset, config } = input;
  const currency = config.currency;
  const text = (header: string, pick: (move: DealMovement) => string): Column<DealMovement> => ({
    header,
    value: pick,
    align: 'left',
  });
  const stateText = (state: DealState | null) =>
    state ? `${stageNames[state.stageCode] ?? ''}, closes ${fromDayNumber(state.closeDay)}` : 'not created';
  return [
    text(csv ? 'bucket' : 'Bucket', (move) => BUCKET_OUTPUT[move.bucket].id),
    ...dimensionColumns<DealMovement>(keyspace, (move) => move.key, format),
    text(csv ? 'id' : 'Id', (move) => textAt(dataset.opportunities.crmId, move.opportunity)),
    text(csv ? 'name' : 'Name', (move) => textAt(dataset.opportunities.name, move.opportunity)),
    {
      header: csv ? 'value' : 'Value',
      value: (move) => moneyNumber(signed(move.bucket, move.value), currency),
      display: (move) => moneyText(signed(move.bucket, move.value), currency),
      align: 'right',
    },
    text(csv ? 'state_on_from' : 'On --from', (move) => stateText(move.start)),
    text(csv ? 'state_on_to' : 'On --to', (move) => stateText(move.end)),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// pipeline conversion

interface ConversionCommandOptions {
  readonly period?: string;
  readonly by?: readonly string[];
  readonly aging?: boolean;
}

/**
 * How a conversion or aging table is laid out: `table` for the terminal, within 110 columns (short headers, and the
 * conversion's reach of later stages left out, which {@link REACH_LEFT_OUT} says); `md` every column under the long
 * headers; `csv` every column under ids.
 */
type ConversionLayout = 'table' | 'md' | 'csv';

/** Under the terminal's conversion table: where the columns it leaves out are, and its short headers. */
const REACH_LEFT_OUT =
  `The share of each cohort that reached each later stage (→Stage) is left out to fit ${NOTE_WIDTH} columns: ` +
  '--format csv, json or md gives it. Days and median: the mean and median days in the stage.';

function conversionColumns(
  keyspace: GroupKeyspace,
  stageNames: readonly string[],
  layout: ConversionLayout,
): Column<StageConversion>[] {
  const csv = layout === 'csv';
  const terminal = layout === 'table';
  const rate = (header: string, pick: (row: StageConversion) => number | null): Column<StageConversion> => ({
    header,
    value: pick,
    display: (row) => percent(pick(row)),
    align: 'right',
  });
  const reach = (terminal ? [] : stageNames.slice(1)).map((stage) =>
    rate(csv ? `reached_${stage}` : `→${stage}`, (row) => {
      const found = row.reached.find((later) => later.stage === stage);
      return found ? found.rate : null;
    }),
  );
  const columns: Column<StageConversion>[] = [
    ...dimensionColumns<StageConversion>(keyspace, (row) => row.key, csv ? 'csv' : 'table'),
    { header: csv ? 'stage' : 'Stage', value: (row) => row.stage, align: 'left' },
    { header: csv ? 'entered' : 'Entered', value: (row) => row.entered },
    { header: csv ? 'skipped' : 'Skipped', value: (row) => row.skipped },
  ];
  // In Markdown a stage's own and earlier reach columns are blank, not "n/a".
  for (const [offset, column] of reach.entries()) {
    columns.push(
      csv
        ? column
        : {
            ...column,
            display: (row) => (stageNames.indexOf(row.stage) > offset ? '' : (column.display?.(row) ?? '')),
          },
    );
  }
  columns.push(
    rate(csv ? 'next_rate' : 'Next', (row) => row.nextRate),
    rate(csv ? 'win_rate' : 'Won', (row) => row.winRate),
    rate(csv ? 'loss_rate' : 'Lost', (row) => row.lossRate),
    { header: csv ? 'open' : 'Open', value: (row) => row.open },
    { header: csv ? 'moved_back' : 'Back', value: (row) => row.movedBack },
    {
      header: csv ? 'days_in_stage_mean' : terminal ? 'Days' : 'Days mean',
      value: (row) => row.daysInStage.mean,
      display: (row) => days(row.daysInStage.mean),
      align: 'right',
    },
    {
      header: csv ? 'days_in_stage_median' : terminal ? 'median' : 'Days median',
      value: (row) => row.daysInStage.median,
      display: (row) => days(row.daysInStage.median),
      align: 'right',
    },
  );
  return columns;
}

/** The aging of open deals; the terminal's headers are short, its title says what they count. */
function agingColumns(
  keyspace: GroupKeyspace,
  currency: CurrencyCode,
  layout: ConversionLayout,
): Column<StageAging>[] {
  const csv = layout === 'csv';
  const terminal = layout === 'table';
  return [
    ...dimensionColumns<StageAging>(keyspace, (row) => row.key, csv ? 'csv' : 'table'),
    { header: csv ? 'stage' : 'Stage', value: (row) => row.stage, align: 'left' },
    { header: csv ? 'open_deals' : terminal ? 'Deals' : 'Open deals', value: (row) => row.deals },
    {
      header: csv ? 'value' : 'Value',
      value: (row) => moneyNumber(row.value, currency),
      display: (row) => moneyText(row.value, currency),
      align: 'right',
    },
    {
      header: csv ? 'days_in_stage_mean' : terminal ? 'Days' : 'Days in stage',
      value: (row) => row.daysInStage.mean,
      display: (row) => days(row.daysInStage.mean),
      align: 'right',
    },
    {
      header: csv ? 'days_in_stage_median' : 'median',
      value: (row) => row.daysInStage.median,
      display: (row) => days(row.daysInStage.median),
      align: 'right',
    },
    {
      header: csv ? 'age_days_mean' : terminal ? 'Age' : 'Age (days)',
      value: (row) => row.ageDays.mean,
      display: (row) => days(row.ageDays.mean),
      align: 'right',
    },
    ...AGING_BAND_NAMES.map((band, index): Column<StageAging> => ({
      header: csv ? `days_${band.replace('>', 'over_').replace('-', '_')}` : band,
      value: (row) => row.bands[index] ?? 0,
    })),
  ];
}

function conversionCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('conversion'))
    .description(
      'stage-to-stage conversion of the cohorts of deals entering each stage, time in stage, aging of open deals',
    )
    .option(
      '--period <period>',
      'the cohort window: deals that entered a stage in it (default: the fiscal year of --as-of)',
    )
    .option(
      '--by <dimensions>',
      'split by segment, owner, manager, source, type, fiscal_quarter (of entering the stage) ...; commas cross them',
      collectBy,
    )
    .option('--aging', 'show only the aging of deals open on the as-of date')
    .addHelpText(
      'after',
      `
${wrapLines(CONVERSION_NOTES, NOTE_WIDTH).join('\n')}

Examples:
  $ salesops pipeline conversion --by segment
  $ salesops pipeline conversion --period FY2026-Q2 --by fiscal_month --format csv
  $ salesops pipeline conversion --aging --by owner`,
    )
    .action(async (options: ConversionCommandOptions, command: Command) => {
      const input = await loadAnalysisInput(
        context,
        command,
        options.period,
        { dimensions: () => oneBy(options.by) },
        ({ asOf, period, dimensions }, config) => ({
          asOf,
          query: { period: period ?? periodOrDefault(undefined, config, asOf, 'year'), dimensions },
        }),
      );
      const { text, note } = renderConversion(
        input,
        input.query,
        options.aging === true,
        context.commandLine(command),
      );
      context.out(text);
      if (note !== null) context.note(note);
    });
}

function renderConversion(
  input: AnalysisInput,
  query: { period: AnalysisPeriod; dimensions: readonly DimensionId[] },
  agingOnly: boolean,
  commandLine: CommandLine,
): { text: string; note: string | null } {
  const { config, format } = input;
  const conversion = pipelineConversion(input, query);
  if (format === 'json')
    return {
      text: `${JSON.stringify(pipelineConversionDocument(input, conversion), null, 2)}\n`,
      note: null,
    };
  const { period } = query;
  const { keyspace, stages, conversionRows, agingRows, result } = conversion;
  const currency = config.currency;
  const leftOut = agingLeftOutNote(result.agingLeftOut, currency, commandLine);
  const credits = creditsLeftOutNote(
    result.creditsLeftOut,
    'the cohorts',
    `entering a stage in ${period.name}, won`,
    currency,
    commandLine,
  );
  if (format === 'csv') {
    // CSV holds the rows only: what the aging or the cohorts left out is said on stderr (JSON has it as
    // agingLeftOut and creditsLeftOut).
    const text = agingOnly
      ? renderCsv(agingColumns(keyspace, currency, 'csv'), agingRows)
      : renderCsv(conversionColumns(keyspace, stages.openStageNames, 'csv'), conversionRows);
    return { text, note: agingOnly ? leftOut : credits };
  }
  // Markdown has every column; the terminal's table leaves out the reach of later stages, says so, and its notes
  // do not explain them.
  // (html is refused before the command runs.)
  const layout = format === 'md' ? 'md' : 'table';
  const render = layout === 'md' ? renderMarkdownTable : renderTextTable;
  const aging =
    `Open deals on ${input.asOf} by stage, any close date, positive amount: days in the stage, age since ` +
    `created, ${currency}\n\n` +
    render(agingColumns(keyspace, currency, layout), agingRows) +
    (leftOut === null ? '' : `\n${paragraph(leftOut)}\n`);
  if (agingOnly) return { text: aging, note: null };
  return {
    text:
      `Stage conversion of deals entering each stage in ${period.name}` +
      (period.kind === 'range' ? '' : ` (${period.start}..${period.end})`) +
      `, as of ${input.asOf}\n\n` +
      render(conversionColumns(keyspace, stages.openStageNames, layout), conversionRows) +
      (layout === 'md' ? '' : `\n${paragraph(REACH_LEFT_OUT)}\n`) +
      (credits === null ? '' : `\n${paragraph(credits)}\n`) +
      `\n${paragraph(layout === 'md' ? CONVERSION_NOTES : CONVERSION_NOTES_WITHOUT_REACH)}\n\n${aging}`,
    note: null,
  };
}

/**
 * What the aging left out ({@link AgingLeftOut}) in words, as `salesops metrics` says what the pipeline metrics
 * left out, with the command that lists the deals; null when nothing was.
 */
function agingLeftOutNote(
  leftOut: AgingLeftOut,
  currency: CurrencyCode,
  commandLine: CommandLine,
): string | null {
  if (leftOut.deals === 0) return null;
  const deals = leftOut.deals === 1 ? '1 open deal' : `${leftOut.deals.toLocaleString('en-US')} open deals`;
  return (
    `Left out of the aging: ${deals} (any close date) with a zero, negative or missing amount ` +
    `(${moneyText(leftOut.amount, currency)} in all), a data error, not pipeline (the pipeline metrics and the ` +
    `Sales Forecast leave ${leftOut.deals === 1 ? 'it' : 'them'} out too); ` +
    `\`${commandLine('salesops audit')}\` lists them under amount-not-positive.`
  );
}

export function pipelineCommand(context: CommandContext): Command {
  const pipeline = new Command('pipeline').description(
    'how the pipeline moves: the waterfall between two dates, stage conversion',
  );
  pipeline.addCommand(changesCommand(context));
  pipeline.addCommand(conversionCommand(context));
  return pipeline;
}

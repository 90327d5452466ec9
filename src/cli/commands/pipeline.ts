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
  stageConversion,
  AGING_BAND_NAMES,
  type StageAging,
  type StageConversion,
} from '../../analytics/conversion.js';
import {
  createKeyspace,
  DIMENSIONS,
  finestFiscalKind,
  groupDeals,
  type DimensionId,
  type GroupKeyspace,
} from '../../analytics/dimensions.js';
import { stageCodes } from '../../analytics/flow-basis.js';
import { parseAnalysisPeriod, type AnalysisPeriod } from '../../analytics/periods.js';
import {
  pipelineWaterfall,
  WATERFALL_BUCKET_DEFINITIONS,
  WATERFALL_BUCKETS,
  WATERFALL_INS,
  type DealMovement,
  type DealState,
  type WaterfallBucket,
  type WaterfallRow,
} from '../../analytics/waterfall.js';
import { textAt, type Dataset } from '../../dataset/dataset.js';
import { addDays, fromDayNumber, parseIsoDate, toDayNumber, type IsoDate } from '../../domain/dates.js';
import { InputError } from '../../domain/errors.js';
import type { CurrencyCode } from '../../domain/money.js';
import type { WorkspaceConfig } from '../../domain/workspace-config.js';
import { renderCsv, renderTextTable, type Column } from '../../reports/table.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf, type Format } from '../io.js';
import { plainMetricValue } from '../../services/metrics.js';
import { collectBy, formatMetricValue, oneBy } from './metrics.js';

/** What an analytics command works on: the workspace's configuration, its dataset, and the day to look from. */
export interface AnalysisInput {
  readonly config: WorkspaceConfig;
  readonly dataset: Dataset;
  readonly asOf: IsoDate;
  readonly format: Format;
}

/**
 * Opens the workspace, reads the command's options against its configuration with `prepare` (so that bad
 * input is reported before the dataset is loaded), loads (or builds and caches) the dataset, and closes the
 * workspace again.
 */
export async function loadAnalysisInput<Query>(
  context: CommandContext,
  command: Command,
  prepare: (config: WorkspaceConfig, asOf: IsoDate) => Query,
): Promise<AnalysisInput & { readonly query: Query }> {
  const globals = context.globals(command);
  const asOf = resolveAsOf(globals, context.io);
  return context.withWorkspace(command, async (workspace) => {
    const query = prepare(workspace.config, asOf);
    const dataset = await context.loadDataset(workspace);
    return { config: workspace.config, dataset, asOf, format: globals.format, query };
  });
}

/** Configures a subcommand the way src/cli/main.ts configures top-level ones: errors thrown, output to the I/O. */
function asSubcommand(command: Command, context: CommandContext): Command {
  return command.exitOverride().configureOutput({
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(text),
  });
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

/** `--period` when given, else the fiscal period of `kind` that contains `day`. */
export function periodOrDefault(
  text: string | undefined,
  config: WorkspaceConfig,
  day: IsoDate,
  kind: 'quarter' | 'year',
): AnalysisPeriod {
  const calendar = config.fiscalCalendar;
  return parseAnalysisPeriod(text ?? calendar.periodContaining(day, kind).name, calendar);
}

/** The keyspace of `dimensions` over a period, with the workspace's calendar, stages and currency. */
export function keyspaceFor(
  input: AnalysisInput,
  dimensions: readonly DimensionId[],
  period: AnalysisPeriod,
): GroupKeyspace {
  return createKeyspace(input.dataset, dimensions, {
    period,
    calendar: input.config.fiscalCalendar,
    stageModel: input.config.stageModel,
    currency: input.config.currency,
  });
}

/** Money for JSON and CSV, as `salesops metrics` gives it: a plain number of major units (1234.5 for $1,234.50). */
export function moneyNumber(minor: number, currency: CurrencyCode): number {
  return plainMetricValue(minor, 'money', currency) ?? 0;
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

/** The period as the JSON of `salesops metrics` gives it. */
export const periodFields = (period: AnalysisPeriod) => ({
  period: period.name,
  periodStart: period.start,
  periodEnd: period.end,
});

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

/** Output names of the buckets (snake_case, like metric ids) and their table titles. */
const BUCKET_OUTPUT: Readonly<Record<WaterfallBucket, { readonly id: string; readonly title: string }>> = {
  created: { id: 'created', title: 'Created' },
  pulledIn: { id: 'pulled_in', title: 'Pulled in' },
  pushedIn: { id: 'pushed_in', title: 'Pushed in' },
  reopened: { id: 'reopened', title: 'Reopened' },
  movedIn: { id: 'moved_in', title: 'Moved in' },
  increased: { id: 'increased', title: 'Increased' },
  won: { id: 'won', title: 'Won' },
  lost: { id: 'lost', title: 'Lost' },
  pushedOut: { id: 'pushed_out', title: 'Pushed out' },
  pulledOut: { id: 'pulled_out', title: 'Pulled out' },
  movedOut: { id: 'moved_out', title: 'Moved out' },
  decreased: { id: 'decreased', title: 'Decreased' },
};
const isIn = (bucket: WaterfallBucket): boolean => (WATERFALL_INS as readonly string[]).includes(bucket);
/**
 * A bucket's amount as every output shows it: ins positive, outs negative, so that start plus the buckets is
 * the end (the waterfall computes both as magnitudes).
 */
const signed = (bucket: WaterfallBucket, value: number): number => (isIn(bucket) ? value : -value);

interface ChangesOptions {
  readonly from?: string;
  readonly to?: string;
  readonly period?: string;
  readonly by?: readonly string[];
  readonly deals?: boolean;
}

/** The dates, period and grouping of a waterfall, checked. */
interface ChangesQuery {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
}

function changesQuery(options: ChangesOptions, config: WorkspaceConfig, asOf: IsoDate): ChangesQuery {
  const to = options.to === undefined ? asOf : parseDateFlag('--to', options.to);
  const from = options.from === undefined ? addDays(to, -7) : parseDateFlag('--from', options.from);
  if (from > to) {
    throw new InputError({
      message: `--from ${from} is after --to ${to}`,
      fix: 'give the earlier date as --from, e.g. --from 2026-10-01 --to 2026-10-08',
    });
  }
  if (to > asOf) {
    throw new InputError({
      message: `--to ${to} is after the as-of date ${asOf}: the data does not know that day yet`,
      fix: `pass --to ${asOf} or earlier, or a later --as-of`,
    });
  }
  const dimensions = oneBy(options.by);
  return { from, to, period: periodOrDefault(options.period, config, to, 'quarter'), dimensions };
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
    if (format === 'csv') columns.push({ header: `${id}_deals`, value: (row) => row.buckets[bucket].count });
  }
  columns.push({ header: format === 'csv' ? 'end' : 'End', ...money((row) => row.end.value) });
  if (format === 'csv') columns.push({ header: 'end_deals', value: (row) => row.end.count });
  return columns;
}

/** A waterfall row as JSON: each bucket's value (major units) and deal count. */
function changesRowJson(
  row: ChangesRow,
  keyspace: GroupKeyspace,
  currency: CurrencyCode,
): Record<string, unknown> {
  const json: Record<string, unknown> = row.key === null ? {} : { ...keyspace.labels(row.key) };
  json.start = moneyNumber(row.start.value, currency);
  json.start_deals = row.start.count;
  for (const bucket of WATERFALL_BUCKETS) {
    const { id } = BUCKET_OUTPUT[bucket];
    json[id] = moneyNumber(signed(bucket, row.buckets[bucket].value), currency);
    json[`${id}_deals`] = row.buckets[bucket].count;
  }
  json.end = moneyNumber(row.end.value, currency);
  json.end_deals = row.end.count;
  return json;
}

/** The vertical waterfall of one row, for the table output without groups. */
function verticalWaterfall(row: ChangesRow, currency: CurrencyCode): string {
  interface Line {
    readonly label: string;
    readonly count: number;
    readonly value: number;
    readonly definition: string;
  }
  const lines: Line[] = [
    {
      label: 'Start',
      count: row.start.count,
      value: row.start.value,
      definition: WATERFALL_BUCKET_DEFINITIONS.start,
    },
    ...WATERFALL_BUCKETS.filter((bucket) => bucket !== 'movedIn' && bucket !== 'movedOut').map((bucket) => ({
      label: BUCKET_OUTPUT[bucket].title,
      count: row.buckets[bucket].count,
      value: signed(bucket, row.buckets[bucket].value),
      definition: WATERFALL_BUCKET_DEFINITIONS[bucket],
    })),
    {
      label: 'End',
      count: row.end.count,
      value: row.end.value,
      definition: WATERFALL_BUCKET_DEFINITIONS.end,
    },
  ];
  return renderTextTable<Line>(
    [
      { header: 'Bucket', value: (line) => line.label },
      { header: 'Deals', value: (line) => line.count },
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

interface DealJson {
  readonly id: string;
  readonly name: string;
  readonly value: number;
  readonly start: Record<string, unknown> | null;
  readonly end: Record<string, unknown>;
}

function dealStateJson(
  state: DealState,
  dataset: Dataset,
  stageNames: readonly string[],
  currency: CurrencyCode,
) {
  return {
    stage: stageNames[state.stageCode] ?? '',
    amount: state.amount,
    value: moneyNumber(state.value, currency),
    closeDate: fromDayNumber(state.closeDay),
    forecastCategory: dataset.labels.forecast_category[state.categoryCode] ?? '',
    owner: textAt(dataset.reps.name, state.ownerIndex),
  };
}

function movementJson(
  move: DealMovement,
  input: AnalysisInput,
  keyspace: GroupKeyspace,
  stageNames: readonly string[],
): DealJson & Record<string, unknown> {
  const { dataset, config } = input;
  return {
    ...(move.key === null ? {} : keyspace.labels(move.key)),
    id: textAt(dataset.opportunities.crmId, move.opportunity),
    name: textAt(dataset.opportunities.name, move.opportunity),
    currency:
      dataset.labels.currency[dataset.opportunities.currencyCode[move.opportunity] ?? 0] || config.currency,
    value: moneyNumber(signed(move.bucket, move.value), config.currency),
    start: move.start ? dealStateJson(move.start, dataset, stageNames, config.currency) : null,
    end: dealStateJson(move.end, dataset, stageNames, config.currency),
  };
}

function changesCommand(context: CommandContext): Command {
  return asSubcommand(
    new Command('changes')
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
  .map(
    (bucket) =>
      `  ${(bucket === 'start' || bucket === 'end' ? bucket : BUCKET_OUTPUT[bucket as WaterfallBucket].id).padEnd(11)} ${WATERFALL_BUCKET_DEFINITIONS[bucket as WaterfallBucket]}`,
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
        const input = await loadAnalysisInput(context, command, (config, asOf) =>
          changesQuery(options, config, asOf),
        );
        context.out(renderChanges(input, input.query, options.deals === true));
      }),
    context,
  );
}

function renderChanges(input: AnalysisInput, query: ChangesQuery, listDeals: boolean): string {
  const { dataset, config, format } = input;
  const stages = stageCodes(dataset.labels.stage, config.stageModel, dataset.opportunities.stageCode);
  const keyspace = keyspaceFor(input, query.dimensions, query.period);
  const result = pipelineWaterfall(dataset, {
    from: toDayNumber(query.from),
    to: toDayNumber(query.to),
    periodStart: query.period.startDay,
    periodEnd: query.period.endDay,
    stages,
    config,
    ...(query.dimensions.length > 0
      ? {
          group: (deals, closeDay) =>
            groupDeals(keyspace, dataset, deals, closeDay, { what: 'the waterfall' }),
        }
      : {}),
  });
  const rows = [...result.groups].sort((a, b) => keyspace.compare(a.key ?? 0, b.key ?? 0));
  const movements = [...result.movements].sort(
    (a, b) => WATERFALL_BUCKETS.indexOf(a.bucket) - WATERFALL_BUCKETS.indexOf(b.bucket) || b.value - a.value,
  );
  const currency = config.currency;
  const categoryName = (code: number) => dataset.labels.forecast_category[code] || '(none)';

  if (format === 'json') {
    const deals: Record<string, unknown[]> = {};
    for (const bucket of WATERFALL_BUCKETS) deals[BUCKET_OUTPUT[bucket].id] = [];
    for (const move of movements)
      deals[BUCKET_OUTPUT[move.bucket].id]!.push(movementJson(move, input, keyspace, stages.name));
    const document = {
      asOf: input.asOf,
      ...periodFields(query.period),
      from: query.from,
      to: query.to,
      currency,
      dimensions: query.dimensions,
      buckets: [
        { id: 'start', definition: WATERFALL_BUCKET_DEFINITIONS.start },
        ...WATERFALL_BUCKETS.map((bucket) => ({
          id: BUCKET_OUTPUT[bucket].id,
          direction: isIn(bucket) ? 'in' : 'out',
          definition: WATERFALL_BUCKET_DEFINITIONS[bucket],
        })),
        { id: 'end', definition: WATERFALL_BUCKET_DEFINITIONS.end },
      ],
      total: changesRowJson(result.total, keyspace, currency),
      rows: (query.dimensions.length > 0 ? rows : [result.total]).map((row) =>
        changesRowJson(row, keyspace, currency),
      ),
      ownerMoves: { deals: result.ownerMoves.count, value: moneyNumber(result.ownerMoves.value, currency) },
      categoryMoves: result.categoryMoves.map((move) => ({
        from: categoryName(move.fromCategoryCode),
        to: categoryName(move.toCategoryCode),
        deals: move.count,
        value: moneyNumber(move.value, currency),
      })),
      deals,
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }

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
    'Outs are negative: start + the buckets = end, exactly.',
    `Owner changed on ${result.ownerMoves.count} deal${result.ownerMoves.count === 1 ? '' : 's'} in the pipeline on both dates (${moneyText(result.ownerMoves.value, currency)}); ` +
      'in the total they change nothing' +
      (query.dimensions.length > 0 ? ', in the rows they move out of one group and into another.' : '.'),
    ...(result.categoryMoves.length > 0
      ? [
          'Forecast category moves of deals in the pipeline on both dates (information, not buckets):',
          ...result.categoryMoves.map(
            (move) =>
              `  ${categoryName(move.fromCategoryCode)} → ${categoryName(move.toCategoryCode)}: ${move.count} deal${move.count === 1 ? '' : 's'}, ${moneyText(move.value, currency)}`,
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

function conversionColumns(
  keyspace: GroupKeyspace,
  stageNames: readonly string[],
  format: 'table' | 'csv',
): Column<StageConversion>[] {
  const csv = format === 'csv';
  const rate = (header: string, pick: (row: StageConversion) => number | null): Column<StageConversion> => ({
    header,
    value: pick,
    display: (row) => percent(pick(row)),
    align: 'right',
  });
  const reach = stageNames.slice(1).map((stage) =>
    rate(csv ? `reached_${stage}` : `→${stage}`, (row) => {
      const found = row.reached.find((later) => later.stage === stage);
      return found ? found.rate : null;
    }),
  );
  const columns: Column<StageConversion>[] = [
    ...dimensionColumns<StageConversion>(keyspace, (row) => row.key, format),
    { header: csv ? 'stage' : 'Stage', value: (row) => row.stage, align: 'left' },
    { header: csv ? 'entered' : 'Entered', value: (row) => row.entered },
    { header: csv ? 'skipped' : 'Skipped', value: (row) => row.skipped },
  ];
  // In the table a stage's own and earlier reach columns are blank, not "n/a".
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
      header: csv ? 'days_in_stage_mean' : 'Days mean',
      value: (row) => row.daysInStage.mean,
      display: (row) => days(row.daysInStage.mean),
      align: 'right',
    },
    {
      header: csv ? 'days_in_stage_median' : 'Days median',
      value: (row) => row.daysInStage.median,
      display: (row) => days(row.daysInStage.median),
      align: 'right',
    },
  );
  return columns;
}

function agingColumns(
  keyspace: GroupKeyspace,
  currency: CurrencyCode,
  format: 'table' | 'csv',
): Column<StageAging>[] {
  const csv = format === 'csv';
  return [
    ...dimensionColumns<StageAging>(keyspace, (row) => row.key, format),
    { header: csv ? 'stage' : 'Stage', value: (row) => row.stage, align: 'left' },
    { header: csv ? 'open_deals' : 'Open deals', value: (row) => row.deals },
    {
      header: csv ? 'value' : 'Value',
      value: (row) => moneyNumber(row.value, currency),
      display: (row) => moneyText(row.value, currency),
      align: 'right',
    },
    {
      header: csv ? 'days_in_stage_mean' : 'Days in stage',
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
      header: csv ? 'age_days_mean' : 'Age (days)',
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

function conversionRowJson(row: StageConversion, keyspace: GroupKeyspace): Record<string, unknown> {
  return {
    ...(row.key === null ? {} : keyspace.labels(row.key)),
    stage: row.stage,
    entered: row.entered,
    skipped: row.skipped,
    reached: Object.fromEntries(
      row.reached.map((later) => [later.stage, { deals: later.deals, rate: later.rate }]),
    ),
    next_rate: row.nextRate,
    won: row.won,
    win_rate: row.winRate,
    lost: row.lost,
    loss_rate: row.lossRate,
    open: row.open,
    moved_back: row.movedBack,
    days_in_stage: row.daysInStage,
  };
}

function agingRowJson(
  row: StageAging,
  keyspace: GroupKeyspace,
  currency: CurrencyCode,
): Record<string, unknown> {
  return {
    ...(row.key === null ? {} : keyspace.labels(row.key)),
    stage: row.stage,
    open_deals: row.deals,
    value: moneyNumber(row.value, currency),
    days_in_stage: row.daysInStage,
    age_days: row.ageDays,
    bands: Object.fromEntries(AGING_BAND_NAMES.map((band, index) => [band, row.bands[index] ?? 0])),
  };
}

const CONVERSION_NOTES = [
  'A stage is entered the first day a deal is at it or beyond: a skip (Discovery straight to Negotiation) passes',
  'through the stages between (counted in Skipped, with no days in them); stages before the one a deal was created',
  'in are not entered; a backward move (Back) undoes nothing. →Stage: share of the cohort that reached that later',
  'stage by the as-of date; Won/Lost/Open: where the cohort is now. Days: recorded days in the stage of deals that',
  'have left it.',
];

function conversionCommand(context: CommandContext): Command {
  return asSubcommand(
    new Command('conversion')
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
${CONVERSION_NOTES.join('\n')}

Examples:
  $ salesops pipeline conversion --by segment
  $ salesops pipeline conversion --period FY2026-Q2 --by fiscal_month --format csv
  $ salesops pipeline conversion --aging --by owner`,
      )
      .action(async (options: ConversionCommandOptions, command: Command) => {
        const input = await loadAnalysisInput(context, command, (config, asOf) => ({
          period: periodOrDefault(options.period, config, asOf, 'year'),
          dimensions: oneBy(options.by),
        }));
        context.out(renderConversion(input, input.query, options.aging === true));
      }),
    context,
  );
}

function renderConversion(
  input: AnalysisInput,
  { period, dimensions }: { period: AnalysisPeriod; dimensions: readonly DimensionId[] },
  agingOnly: boolean,
): string {
  const { dataset, config, format } = input;
  const keyspace = keyspaceFor(input, dimensions, period);
  const stages = stageCodes(dataset.labels.stage, config.stageModel, dataset.opportunities.stageCode);
  const grouped = dimensions.length > 0;
  const result = stageConversion(dataset, {
    asOfDay: toDayNumber(input.asOf),
    cohortStart: period.startDay,
    cohortEnd: period.endDay,
    stages,
    config,
    ...(grouped
      ? {
          group: (deals, day) => groupDeals(keyspace, dataset, deals, day, { what: 'stage conversion' }),
          groupByDay: finestFiscalKind(dimensions) !== null,
        }
      : {}),
  });
  const byGroupThenStage = <Row extends { key: number | null; stage: string }>(rows: readonly Row[]): Row[] =>
    [...rows].sort(
      (a, b) =>
        keyspace.compare(a.key ?? 0, b.key ?? 0) ||
        stages.openStageNames.indexOf(a.stage) - stages.openStageNames.indexOf(b.stage),
    );
  const conversionRows = grouped ? byGroupThenStage(result.groups) : result.total;
  const agingRows = grouped ? byGroupThenStage(result.agingByGroup) : result.aging;
  const currency = config.currency;

  if (format === 'json') {
    const document = {
      asOf: input.asOf,
      ...periodFields(period),
      currency,
      dimensions,
      stages: stages.openStageNames,
      rows: conversionRows.map((row) => conversionRowJson(row, keyspace)),
      total: result.total.map((row) => conversionRowJson(row, keyspace)),
      aging: agingRows.map((row) => agingRowJson(row, keyspace, currency)),
      notes: CONVERSION_NOTES.join(' '),
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
  if (format === 'csv') {
    return agingOnly
      ? renderCsv(agingColumns(keyspace, currency, 'csv'), agingRows)
      : renderCsv(conversionColumns(keyspace, stages.openStageNames, 'csv'), conversionRows);
  }
  const aging =
    `Open deals on ${input.asOf} by stage: days in the stage, age since created, ${currency}\n\n` +
    renderTextTable(agingColumns(keyspace, currency, 'table'), agingRows);
  if (agingOnly) return aging;
  return (
    `Stage conversion of deals entering each stage in ${period.name}` +
    (period.kind === 'range' ? '' : ` (${period.start}..${period.end})`) +
    `, as of ${input.asOf}\n\n` +
    renderTextTable(conversionColumns(keyspace, stages.openStageNames, 'table'), conversionRows) +
    `\n${CONVERSION_NOTES.join('\n')}\n\n${aging}`
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

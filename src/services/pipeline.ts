/**
 * How the pipeline moves, as `salesops pipeline changes|conversion --format json` and the HTTP API give it: the
 * waterfall between two dates and stage conversion with aging, computed on a dataset and laid out as plain JSON
 * documents (money in major units of the corporate currency, rates as fractions), plus what the analytics
 * commands share: the default period, the keyspace of a split, money as a number, the period's fields.
 * @module
 */
import {
  AGING_BAND_NAMES,
  stageConversion,
  type ConversionResult,
  type StageAging,
  type StageConversion,
} from '../analytics/conversion.js';
import {
  createKeyspace,
  finestFiscalKind,
  groupDeals,
  type DimensionId,
  type GroupKeyspace,
} from '../analytics/dimensions.js';
import { stageCodes, type StageCodes } from '../analytics/flow-basis.js';
import { parseAnalysisPeriod, type AnalysisPeriod } from '../analytics/periods.js';
import {
  pipelineWaterfall,
  WATERFALL_BUCKET_DEFINITIONS,
  WATERFALL_BUCKETS,
  WATERFALL_INS,
  type DealMovement,
  type DealState,
  type WaterfallBucket,
  type WaterfallResult,
  type WaterfallRow,
} from '../analytics/waterfall.js';
import { textAt, type Dataset } from '../dataset/dataset.js';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../domain/dates.js';
import { type ArgumentSyntax, FLAG_SYNTAX, InputError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { creditsLeftOutJson } from './credits.js';
import { plainMetricValue } from './metrics.js';

/** What an analysis works on: the workspace's configuration, its dataset, and the day to look from. */
export interface AnalysisData {
  readonly config: WorkspaceConfig;
  readonly dataset: Dataset;
  readonly asOf: IsoDate;
  /** How the caller writes a split, for its problems (default: the CLI's --by). */
  readonly syntax?: ArgumentSyntax;
}

/** The period given, else the fiscal period of `kind` that contains `day`. */
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
  input: AnalysisData,
  dimensions: readonly DimensionId[],
  period: AnalysisPeriod,
): GroupKeyspace {
  return createKeyspace(input.dataset, dimensions, {
    period,
    calendar: input.config.fiscalCalendar,
    stageModel: input.config.stageModel,
    currency: input.config.currency,
    syntax: input.syntax,
  });
}

/** Money for JSON and CSV, as `salesops metrics` gives it: a plain number of major units (1234.5 for $1,234.50). */
export function moneyNumber(minor: number, currency: CurrencyCode): number {
  return plainMetricValue(minor, 'money', currency) ?? 0;
}

/** The period as the JSON of `salesops metrics` gives it. */
export const periodFields = (period: AnalysisPeriod) => ({
  period: period.name,
  periodStart: period.start,
  periodEnd: period.end,
});

/** The stage codes of the workspace's stage model in a dataset. */
export const stagesOf = (input: AnalysisData): StageCodes =>
  stageCodes(input.dataset.labels.stage, input.config.stageModel, input.dataset.opportunities.stageCode);

// ---------------------------------------------------------------------------------------------------------
// pipeline changes

/** Output names of the buckets (snake_case, like metric ids) and their table titles. */
export const BUCKET_OUTPUT: Readonly<
  Record<WaterfallBucket, { readonly id: string; readonly title: string }>
> = {
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
/** The amount buckets, whose deals mostly stay in the pipeline: only some of them come in or leave through it. */
export const AMOUNT_BUCKETS: ReadonlySet<WaterfallBucket> = new Set(['increased', 'decreased']);

/**
 * The JSON and CSV field of an amount bucket's deals that came in or left through it (`BucketTotal.crossed`, src/analytics/waterfall.ts):
 * `increased_in_deals`, `decreased_out_deals`; every other bucket's deals all do, in `<bucket>_deals`.
 */
export const crossedField = (bucket: WaterfallBucket): string =>
  `${BUCKET_OUTPUT[bucket].id}_${isIn(bucket) ? 'in' : 'out'}_deals`;

const isIn = (bucket: WaterfallBucket): boolean => (WATERFALL_INS as readonly string[]).includes(bucket);
/**
 * A bucket's amount as every output shows it: ins positive, outs negative, so that start plus the buckets is
 * the end (the waterfall computes both as magnitudes).
 */
export const signed = (bucket: WaterfallBucket, value: number): number => (isIn(bucket) ? value : 0 - value);

/** The dates, period and grouping of a waterfall, checked. */
export interface ChangesQuery {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
}

/**
 * The waterfall's two dates, checked: `to` defaults to the as-of day and may not pass it (the data does not know
 * later days), `from` to a week before `to` and may not follow it. Problems are in the caller's `syntax`.
 */
export function changesWindow(
  dates: { readonly from: IsoDate | undefined; readonly to: IsoDate | undefined },
  asOf: IsoDate,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): { readonly from: IsoDate; readonly to: IsoDate } {
  const to = dates.to ?? asOf;
  const from = dates.from ?? addDays(to, -7);
  if (from > to) {
    throw new InputError(
      syntax.problem(
        'from',
        `${from} is after ${syntax.name('to')} ${to}`,
        `give the earlier date as ${syntax.name('from')}, e.g. ${syntax.give('from', '2026-10-01')} ${syntax.give('to', '2026-10-08')}`,
      ),
    );
  }
  if (to > asOf) {
    throw new InputError(
      syntax.problem(
        'to',
        `${to} is after the as-of date ${asOf}: the data does not know that day yet`,
        `pass ${syntax.give('to', asOf)} or earlier, or a later ${syntax.name('asOf')}`,
      ),
    );
  }
  return { from, to };
}

/** A forecast category's name in output (`(none)` for a deal without one). */
export const categoryName = (dataset: Dataset, code: number): string =>
  dataset.labels.forecast_category[code] || '(none)';

/** A waterfall computed: its rows and deal movements in display order, with the keyspace that labels them. */
export interface PipelineChanges {
  readonly query: ChangesQuery;
  readonly keyspace: GroupKeyspace;
  readonly stages: StageCodes;
  readonly result: WaterfallResult;
  /** The groups' rows by the keyspace's order (empty without a split). */
  readonly rows: readonly WaterfallRow[];
  /** The deals' movements by bucket, the largest first. */
  readonly movements: readonly DealMovement[];
}

/** The waterfall of a query on a dataset (`salesops pipeline changes`). */
export function pipelineChanges(input: AnalysisData, query: ChangesQuery): PipelineChanges {
  const { dataset, config } = input;
  const stages = stagesOf(input);
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
  return { query, keyspace, stages, result, rows, movements };
}

/** A waterfall row as JSON: each bucket's value (major units) and deal count, after its group's labels. */
function changesRowJson(
  row: WaterfallRow,
  labels: Readonly<Record<string, string>>,
  currency: CurrencyCode,
): Record<string, unknown> {
  const json: Record<string, unknown> = { ...labels };
  json.start = moneyNumber(row.start.value, currency);
  json.start_deals = row.start.count;
  for (const bucket of WATERFALL_BUCKETS) {
    const { id } = BUCKET_OUTPUT[bucket];
    json[id] = moneyNumber(signed(bucket, row.buckets[bucket].value), currency);
    json[`${id}_deals`] = row.buckets[bucket].count;
    if (AMOUNT_BUCKETS.has(bucket)) json[crossedField(bucket)] = row.buckets[bucket].crossed;
  }
  json.end = moneyNumber(row.end.value, currency);
  json.end_deals = row.end.count;
  return json;
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
  labels: Readonly<Record<string, string>>,
  input: AnalysisData,
  stageNames: readonly string[],
): Record<string, unknown> {
  const { dataset, config } = input;
  return {
    ...labels,
    id: textAt(dataset.opportunities.crmId, move.opportunity),
    name: textAt(dataset.opportunities.name, move.opportunity),
    currency:
      dataset.labels.currency[dataset.opportunities.currencyCode[move.opportunity] ?? 0] || config.currency,
    value: moneyNumber(signed(move.bucket, move.value), config.currency),
    start: move.start ? dealStateJson(move.start, dataset, stageNames, config.currency) : null,
    end: dealStateJson(move.end, dataset, stageNames, config.currency),
  };
}

/**
 * The waterfall as one JSON document (`salesops pipeline changes --format json`): the buckets with their
 * definitions, the total, a row per group (the total alone without a split), owner and category moves, and the
 * deals of every bucket. Signed amounts: start + the buckets = end, exactly, in every row.
 */
export function pipelineChangesDocument(input: AnalysisData, changes: PipelineChanges) {
  const { dataset, config } = input;
  const { query, keyspace, result, rows, movements } = changes;
  const stageNames = changes.stages.name;
  const currency = config.currency;
  const deals: Record<string, unknown[]> = {};
  for (const bucket of WATERFALL_BUCKETS) deals[BUCKET_OUTPUT[bucket].id] = [];
  const labels = (key: number | null) => (key === null ? {} : keyspace.labels(key));
  for (const move of movements)
    deals[BUCKET_OUTPUT[move.bucket].id]!.push(movementJson(move, labels(move.key), input, stageNames));
  return {
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
        direction: isIn(bucket) ? ('in' as const) : ('out' as const),
        definition: WATERFALL_BUCKET_DEFINITIONS[bucket],
      })),
      { id: 'end', definition: WATERFALL_BUCKET_DEFINITIONS.end },
    ],
    total: changesRowJson(result.total, {}, currency),
    rows: (query.dimensions.length > 0 ? rows : [result.total]).map((row) =>
      changesRowJson(row, labels(row.key), currency),
    ),
    ownerMoves: { deals: result.ownerMoves.count, value: moneyNumber(result.ownerMoves.value, currency) },
    categoryMoves: result.categoryMoves.map((move) => ({
      from: categoryName(dataset, move.fromCategoryCode),
      to: categoryName(dataset, move.toCategoryCode),
      deals: move.count,
      value: moneyNumber(move.value, currency),
    })),
    deals,
  };
}

// ---------------------------------------------------------------------------------------------------------
// pipeline conversion

/** How a deal enters a stage, as every layout of stage conversion counts it. */
const STAGE_ENTRY_NOTE =
  'A stage is entered the first day a deal is at it or beyond: a skip (Discovery straight to Negotiation) passes ' +
  'through the stages between (counted in Skipped, with no days in them); stages before the one a deal was ' +
  'created in are not entered; a backward move (Back) undoes nothing.';

/** The reach of later stages (→Stage), which the terminal's table leaves out. */
const REACH_NOTE = '→Stage: share of the cohort that reached that later stage by the as-of date;';

const OUTCOME_AND_DAYS_NOTE =
  'Won/Lost/Open: where the cohort is now. Days: recorded days in the stage of deals that have left it.';

/**
 * How to read stage conversion, in one line, every column explained: the API and MCP return it as it is; the CLI
 * wraps it for `--help` and Markdown.
 */
export const CONVERSION_NOTES = `${STAGE_ENTRY_NOTE} ${REACH_NOTE} ${OUTCOME_AND_DAYS_NOTE}`;

/** {@link CONVERSION_NOTES} of the terminal's table, which has no →Stage columns to explain. */
export const CONVERSION_NOTES_WITHOUT_REACH = `${STAGE_ENTRY_NOTE} ${OUTCOME_AND_DAYS_NOTE}`;

/** The cohort window and split of stage conversion. */
export interface ConversionQuery {
  readonly period: AnalysisPeriod;
  readonly dimensions: readonly DimensionId[];
}

/** Stage conversion computed: its rows and the aging of open deals, by group then stage when split. */
export interface PipelineConversion {
  readonly query: ConversionQuery;
  readonly keyspace: GroupKeyspace;
  readonly stages: StageCodes;
  readonly result: ConversionResult;
  readonly conversionRows: readonly StageConversion[];
  readonly agingRows: readonly StageAging[];
}

/** Stage conversion of the cohorts entering each stage in the period, and the aging of open deals. */
export function pipelineConversion(input: AnalysisData, query: ConversionQuery): PipelineConversion {
  const { dataset, config } = input;
  const { period, dimensions } = query;
  const keyspace = keyspaceFor(input, dimensions, period);
  const stages = stagesOf(input);
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
  return {
    query,
    keyspace,
    stages,
    result,
    conversionRows: grouped ? byGroupThenStage(result.groups) : result.total,
    agingRows: grouped ? byGroupThenStage(result.agingByGroup) : result.aging,
  };
}

function conversionRowJson(row: StageConversion, labels: Readonly<Record<string, string>>) {
  return {
    ...labels,
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

function agingRowJson(row: StageAging, labels: Readonly<Record<string, string>>, currency: CurrencyCode) {
  return {
    ...labels,
    stage: row.stage,
    open_deals: row.deals,
    value: moneyNumber(row.value, currency),
    days_in_stage: row.daysInStage,
    age_days: row.ageDays,
    bands: Object.fromEntries(AGING_BAND_NAMES.map((band, index) => [band, row.bands[index] ?? 0])),
  };
}

/**
 * Stage conversion as one JSON document (`salesops pipeline conversion --format json`): the open stages, a row
 * per group and stage, the total, and the aging of open deals.
 */
export function pipelineConversionDocument(input: AnalysisData, computed: PipelineConversion) {
  const { keyspace } = computed;
  const currency = input.config.currency;
  const labels = (key: number | null) => (key === null ? {} : keyspace.labels(key));
  return {
    asOf: input.asOf,
    ...periodFields(computed.query.period),
    currency,
    dimensions: computed.query.dimensions,
    stages: computed.stages.openStageNames,
    rows: computed.conversionRows.map((row) => conversionRowJson(row, labels(row.key))),
    total: computed.result.total.map((row) => conversionRowJson(row, {})),
    aging: computed.agingRows.map((row) => agingRowJson(row, labels(row.key), currency)),
    // Open deals (any close date) left out of the aging for a zero, negative or missing amount; major units.
    agingLeftOut: {
      deals: computed.result.agingLeftOut.deals,
      amount: moneyNumber(computed.result.agingLeftOut.amount, currency),
      reason: 'amount-not-positive',
    },
    // Deals of the cohorts won at a zero or negative amount (credits), left out of every cohort; null when none.
    creditsLeftOut: creditsLeftOutJson(computed.result.creditsLeftOut, currency),
    notes: CONVERSION_NOTES,
  };
}

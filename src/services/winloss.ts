/**
 * Win/loss of the deals closed in a period, as `salesops winloss --format json|csv` and the MCP tool give it: the
 * breakdowns asked (`--by`, each crossing its dimensions), computed on a dataset with 95% Wilson intervals and
 * Holm-corrected two-proportion z-tests, and laid out as plain rows (money in major units, rates as fractions).
 * @module
 */
import { closestNames } from '../analytics/closest-names.js';
import {
  DIMENSION_IDS,
  groupDeals,
  listDimensions,
  parseDimensions,
  type DimensionId,
  type GroupKeyspace,
} from '../analytics/dimensions.js';
import { stageCodes } from '../analytics/flow-basis.js';
import type { AnalysisPeriod } from '../analytics/periods.js';
import { MIN_EXPECTED, SIGNIFICANCE } from '../analytics/winloss-statistics.js';
import { winLoss, type WinLossMeasure, type WinLossResult, type WinLossRow } from '../analytics/winloss.js';
import { toDayNumber } from '../domain/dates.js';
import {
  type ArgumentSyntax,
  checkEach,
  type CommandLine,
  FLAG_SYNTAX,
  InputError,
} from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { creditsLeftOutJson, creditsLeftOutNote } from './credits.js';
import { type AnalysisData, keyspaceFor, moneyNumber, periodFields } from './pipeline.js';

/** The stage a lost deal was lost at: the `stage` dimension, as win/loss hands it the stage lost at. */
const STAGE_LOST_AT = 'stage_lost_at';
const STAGE_LOST_AT_NAMES = [STAGE_LOST_AT, 'lost_at', 'stage'];

/** The breakdowns of `salesops winloss` without `--by`: one section each. */
export const DEFAULT_WINLOSS_BREAKDOWNS = [
  'competitor',
  'loss_reason',
  'stage_lost_at',
  'segment',
  'size_band',
  'source',
  'owner',
  'fiscal_quarter',
] as const;

/** One breakdown as asked (one `--by`): its dimensions, crossed, and what it measures. */
export interface Breakdown {
  /** The dimensions as output names them, joined with commas as `--by` takes them. */
  readonly name: string;
  readonly dimensions: readonly DimensionId[];
  readonly measure: WinLossMeasure;
}

/** The name a dimension has in win/loss output. */
export const outputName = (dimension: DimensionId): string =>
  dimension === 'stage' ? STAGE_LOST_AT : dimension;

function parseDimension(part: string, syntax: ArgumentSyntax): DimensionId {
  const name = part.trim().toLowerCase().replaceAll('-', '_');
  if (STAGE_LOST_AT_NAMES.includes(name)) return 'stage';
  try {
    const [dimension] = parseDimensions(name);
    if (dimension !== undefined) return dimension;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  const known = [...DIMENSION_IDS.filter((id) => id !== 'stage'), STAGE_LOST_AT];
  const close = closestNames(name, known);
  throw new InputError(
    syntax.problem(
      'by',
      `${JSON.stringify(part)} is not a dimension${close.length ? `; did you mean ${close.join(', ')}?` : ''}`,
      `split by any of these dimensions, commas crossing them (${syntax.give('by', ['competitor,segment'])}): ` +
        `${listDimensions(outputName)}; another ${syntax.entry('by')} adds a breakdown`,
    ),
  );
}

/** `a --by`, `an entry of "by"`. */
const withArticle = (words: string) => `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;

/**
 * Reads the `--by` options: each one breakdown, its comma-separated dimensions crossed (one row per
 * combination, as `salesops metrics --by` crosses them); none gives {@link DEFAULT_WINLOSS_BREAKDOWNS}. Problems
 * are in the caller's `syntax`, every bad breakdown and dimension reported at once.
 */
export function parseBreakdowns(
  values: readonly string[] | undefined,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): Breakdown[] {
  const given = (values ?? []).filter((value) => value.trim() !== '');
  return checkEach(given.length > 0 ? given : DEFAULT_WINLOSS_BREAKDOWNS, (value) => {
    const parts = value.split(/[\s,+]+/).filter((part) => part !== '');
    const dimensions = checkEach(parts, (part) => parseDimension(part, syntax));
    const repeated = dimensions.find((dimension, index) => dimensions.indexOf(dimension) !== index);
    if (repeated) {
      throw new InputError(
        syntax.problem(
          'by',
          `${JSON.stringify(value)} names ${outputName(repeated)} twice`,
          `name each dimension once in ${withArticle(syntax.entry('by'))}`,
        ),
      );
    }
    const aboutLosses = dimensions.includes('loss_reason') || dimensions.includes('stage');
    return {
      name: dimensions.map(outputName).join(','),
      dimensions,
      measure: aboutLosses ? 'loss_share' : 'win_rate',
    };
  });
}

/** A breakdown's rows with the keyspace that labels them. */
export interface BreakdownResult {
  readonly breakdown: Breakdown;
  readonly keyspace: GroupKeyspace;
  readonly rows: readonly WinLossRow[];
  readonly comparisons: number;
}

/** The win/loss of a period and its breakdowns. */
export interface WinLossQuery {
  readonly period: AnalysisPeriod;
  readonly breakdowns: readonly Breakdown[];
}

/** Win/loss computed: the overall figures and each breakdown's rows in the keyspace's order. */
export interface WinLossResults {
  readonly overall: WinLossResult['overall'];
  /** The credits (won at a zero or negative amount) left out of every figure. */
  readonly creditsLeftOut: WinLossResult['creditsLeftOut'];
  readonly results: readonly BreakdownResult[];
}

export function winLossResults(input: AnalysisData, { period, breakdowns }: WinLossQuery): WinLossResults {
  const { dataset, config } = input;
  const keyspaces = breakdowns.map((breakdown) => keyspaceFor(input, breakdown.dimensions, period));
  const result = winLoss(dataset, {
    asOfDay: toDayNumber(input.asOf),
    periodStart: period.startDay,
    periodEnd: period.endDay,
    stages: stageCodes(dataset.labels.stage, config.stageModel, dataset.opportunities.stageCode),
    config,
    splits: breakdowns.map((breakdown, index) => ({
      measure: breakdown.measure,
      group: (deals, closeDay) =>
        groupDeals(keyspaces[index]!, dataset, deals, closeDay, { what: 'win/loss' }),
    })),
  });
  const results = result.breakdowns.map((computed, index) => {
    const keyspace = keyspaces[index]!;
    return {
      breakdown: breakdowns[index]!,
      keyspace,
      rows: [...computed.rows].sort((a, b) => keyspace.compare(a.key, b.key)),
      comparisons: computed.comparisons,
    };
  });
  return { overall: result.overall, creditsLeftOut: result.creditsLeftOut, results };
}

/** A row as JSON and CSV see it: labels, counts, fractions, money in major units; not-applicable fields null. */
export function rowRecord(
  result: BreakdownResult,
  row: WinLossRow,
  currency: CurrencyCode,
): Record<string, unknown> {
  const labels: Record<string, string> = {};
  for (const dimension of result.breakdown.dimensions) {
    const label = result.keyspace.labels(row.key)[dimension] ?? '';
    labels[outputName(dimension)] = dimension === 'stage' && label === '(none)' ? '(unknown)' : label;
  }
  const winRate = result.breakdown.measure === 'win_rate';
  return {
    breakdown: result.breakdown.name,
    measure: result.breakdown.measure,
    ...labels,
    won: winRate ? row.won : null,
    lost: row.lost,
    rate: row.rate,
    rate_low: row.interval?.low ?? null,
    rate_high: row.interval?.high ?? null,
    won_value: winRate ? moneyNumber(row.wonValue, currency) : null,
    lost_value: moneyNumber(row.lostValue, currency),
    value_rate: row.valueRate,
    z: row.z,
    p_value: row.p,
    p_holm: row.pAdjusted,
    verdict: row.verdict,
  };
}

export const WINLOSS_METHOD = [
  `Intervals: 95% Wilson score intervals. Test: pooled two-proportion z-test (two-sided) of each group's win rate`,
  `against all other deals closed in the period, run where each side expects at least ${MIN_EXPECTED} wins and ${MIN_EXPECTED} losses.`,
  `Testing many groups at once makes some look different by chance (1 in 20 at p < ${SIGNIFICANCE} when nothing differs),`,
  `so p (Holm) corrects each breakdown's p-values for the number of groups compared, and the verdict uses it.`,
  `Shares of losses (by loss reason, stage lost at) count lost deals only and are not tested.`,
];

/** Win/loss as one JSON document: the overall win rate, each breakdown, every row, the method. */
export function winLossDocument(input: AnalysisData, query: WinLossQuery, computed: WinLossResults) {
  const currency = input.config.currency;
  const { overall, results } = computed;
  return {
    asOf: input.asOf,
    ...periodFields(query.period),
    currency,
    by: query.breakdowns.map((breakdown) => breakdown.name),
    overall: {
      won: overall.won,
      lost: overall.lost,
      win_rate: overall.winRate,
      win_rate_low: overall.interval?.low ?? null,
      win_rate_high: overall.interval?.high ?? null,
      won_value: moneyNumber(overall.wonValue, currency),
      lost_value: moneyNumber(overall.lostValue, currency),
      value_win_rate: overall.valueWinRate,
    },
    breakdowns: results.map((each) => ({
      by: each.breakdown.name,
      measure: each.breakdown.measure,
      comparisons: each.comparisons,
    })),
    rows: winLossRows(computed, currency),
    // The credits (won at a zero or negative amount) left out of won deals, as the metrics' win rate leaves them.
    creditsLeftOut: creditsLeftOutJson(computed.creditsLeftOut, currency),
    method: WINLOSS_METHOD.join(' '),
  };
}

/** The credits win/loss left out, in words (as `salesops metrics` says them); null when none was. */
export function winLossCreditsNote(
  computed: WinLossResults,
  period: AnalysisPeriod,
  currency: CurrencyCode,
  commandLine?: CommandLine,
): string | null {
  return creditsLeftOutNote(
    computed.creditsLeftOut,
    'the win rates',
    `won in ${period.name}`,
    currency,
    commandLine,
  );
}

/** Every breakdown's rows as JSON and CSV give them, one after the other. */
export function winLossRows(computed: WinLossResults, currency: CurrencyCode): Record<string, unknown>[] {
  return computed.results.flatMap((each) => each.rows.map((row) => rowRecord(each, row, currency)));
}

/**
 * `salesops winloss`: win rates of the deals closed in a period by competitor, segment, size band, source, rep,
 * fiscal quarter ..., and the losses by reason and by the stage they were lost at, with 95% Wilson intervals,
 * a two-proportion z-test of each group against the rest and a verdict in words.
 * @module
 */
import { Command } from 'commander';
import { closestNames } from '../../analytics/closest-names.js';
import {
  DIMENSION_IDS,
  DIMENSIONS,
  groupDeals,
  parseDimensions,
  type DimensionId,
  type GroupKeyspace,
} from '../../analytics/dimensions.js';
import { stageCodes } from '../../analytics/flow-basis.js';
import type { AnalysisPeriod } from '../../analytics/periods.js';
import { MIN_EXPECTED, SIGNIFICANCE } from '../../analytics/winloss-statistics.js';
import { winLoss, type WinLossMeasure, type WinLossRow } from '../../analytics/winloss.js';
import { toDayNumber } from '../../domain/dates.js';
import { InputError } from '../../domain/errors.js';
import type { CurrencyCode } from '../../domain/money.js';
import { renderCsv, renderTextTable, type Column } from '../../reports/table.js';
import type { CommandContext } from '../context.js';
import {
  keyspaceFor,
  loadAnalysisInput,
  moneyNumber,
  moneyText,
  percent,
  periodFields,
  periodOrDefault,
  type AnalysisInput,
} from './pipeline.js';
import { collectBy } from './metrics.js';

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
interface Breakdown {
  /** The dimensions as output names them, joined with commas as `--by` takes them. */
  readonly name: string;
  readonly dimensions: readonly DimensionId[];
  readonly measure: WinLossMeasure;
}

/** The name a dimension has in win/loss output. */
const outputName = (dimension: DimensionId): string => (dimension === 'stage' ? STAGE_LOST_AT : dimension);

function parseDimension(part: string): DimensionId {
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
  throw new InputError({
    message: `--by ${JSON.stringify(part)} is not a dimension${close.length ? `; did you mean ${close.join(', ')}?` : ''}`,
    fix: `split by any of: ${known.join(', ')}; commas cross dimensions (--by competitor,segment), another --by adds a breakdown`,
  });
}

/**
 * Reads the `--by` options: each one breakdown, its comma-separated dimensions crossed (one row per
 * combination, as `salesops metrics --by` crosses them); none gives {@link DEFAULT_WINLOSS_BREAKDOWNS}.
 */
export function parseBreakdowns(values: readonly string[] | undefined): Breakdown[] {
  const given = (values ?? []).filter((value) => value.trim() !== '');
  return (given.length > 0 ? given : DEFAULT_WINLOSS_BREAKDOWNS).map((value) => {
    const dimensions = value
      .split(/[\s,+]+/)
      .filter((part) => part !== '')
      .map(parseDimension);
    const repeated = dimensions.find((dimension, index) => dimensions.indexOf(dimension) !== index);
    if (repeated) {
      throw new InputError({
        message: `--by ${JSON.stringify(value)} names ${outputName(repeated)} twice`,
        fix: 'name each dimension once in a --by',
      });
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
interface BreakdownResult {
  readonly breakdown: Breakdown;
  readonly keyspace: GroupKeyspace;
  readonly rows: readonly WinLossRow[];
  readonly comparisons: number;
}

const pValue = (p: number | null): string => (p === null ? 'n/a' : p < 0.001 ? '<0.001' : p.toFixed(3));

function interval(row: { interval: WinLossRow['interval'] }): string {
  return row.interval
    ? `${(row.interval.low * 100).toFixed(1)}–${(row.interval.high * 100).toFixed(1)}%`
    : 'n/a';
}

function labelColumns(result: BreakdownResult): Column<WinLossRow>[] {
  return result.breakdown.dimensions.map((dimension) => ({
    header: dimension === 'stage' ? 'Stage lost at' : DIMENSIONS[dimension].title,
    value: (row: WinLossRow) => {
      const label = result.keyspace.labels(row.key)[dimension] ?? '';
      return dimension === 'stage' && label === '(none)' ? '(unknown)' : label;
    },
    align: 'left' as const,
  }));
}

function tableColumns(result: BreakdownResult, currency: CurrencyCode): Column<WinLossRow>[] {
  const money = (header: string, pick: (row: WinLossRow) => number): Column<WinLossRow> => ({
    header,
    value: pick,
    display: (row) => moneyText(pick(row), currency),
    align: 'right',
  });
  const rate = (header: string, pick: (row: WinLossRow) => number | null): Column<WinLossRow> => ({
    header,
    value: pick,
    display: (row) => percent(pick(row)),
    align: 'right',
  });
  const ci: Column<WinLossRow> = { header: '95% CI', value: interval, align: 'right' };
  if (result.breakdown.measure === 'loss_share') {
    return [
      ...labelColumns(result),
      { header: 'Lost', value: (row) => row.lost },
      rate('Share of losses', (row) => row.rate),
      ci,
      money('Lost value', (row) => row.lostValue),
      rate('Share of value', (row) => row.valueRate),
    ];
  }
  return [
    ...labelColumns(result),
    { header: 'Won', value: (row) => row.won },
    { header: 'Lost', value: (row) => row.lost },
    rate('Win rate', (row) => row.rate),
    ci,
    rate('By value', (row) => row.valueRate),
    money('Won value', (row) => row.wonValue),
    { header: 'p', value: (row) => row.p, display: (row) => pValue(row.p), align: 'right' },
    {
      header: 'p (Holm)',
      value: (row) => row.pAdjusted,
      display: (row) => pValue(row.pAdjusted),
      align: 'right',
    },
    { header: 'Verdict', value: (row) => row.verdict ?? '', align: 'left' },
  ];
}

/** A row as JSON and CSV see it: labels, counts, fractions, money in major units; not-applicable fields null. */
function rowRecord(
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

const METHOD = [
  `Intervals: 95% Wilson score intervals. Test: pooled two-proportion z-test (two-sided) of each group's win rate`,
  `against all other deals closed in the period, run where each side expects at least ${MIN_EXPECTED} wins and ${MIN_EXPECTED} losses.`,
  `Testing many groups at once makes some look different by chance (1 in 20 at p < ${SIGNIFICANCE} when nothing differs),`,
  `so p (Holm) corrects each breakdown's p-values for the number of groups compared, and the verdict uses it.`,
  `Shares of losses (by loss reason, stage lost at) count lost deals only and are not tested.`,
];

function renderWinLoss(
  input: AnalysisInput,
  { period, breakdowns }: { period: AnalysisPeriod; breakdowns: readonly Breakdown[] },
): string {
  const { dataset, config, format } = input;
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
  const results: BreakdownResult[] = result.breakdowns.map((computed, index) => {
    const keyspace = keyspaces[index]!;
    return {
      breakdown: breakdowns[index]!,
      keyspace,
      rows: [...computed.rows].sort((a, b) => keyspace.compare(a.key, b.key)),
      comparisons: computed.comparisons,
    };
  });
  const currency = config.currency;
  const { overall } = result;

  if (format === 'json' || format === 'csv') {
    const rows = results.flatMap((each) => each.rows.map((row) => rowRecord(each, row, currency)));
    if (format === 'csv') {
      const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
      return renderCsv(
        keys.map((key) => ({ header: key, value: (row: Record<string, unknown>) => csvValue(row[key]) })),
        rows,
      );
    }
    const document = {
      asOf: input.asOf,
      ...periodFields(period),
      currency,
      by: breakdowns.map((breakdown) => breakdown.name),
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
      rows,
      method: METHOD.join(' '),
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }

  const sections = results.map((each) => {
    const title =
      each.breakdown.measure === 'win_rate'
        ? `Win rate by ${breakdownTitle(each.breakdown)} (${each.comparisons} group${each.comparisons === 1 ? '' : 's'} tested)`
        : `Losses by ${breakdownTitle(each.breakdown)}`;
    return `${title}\n${renderTextTable(tableColumns(each, currency), each.rows)}`;
  });
  const head =
    `Win/loss of deals closed in ${period.name}` +
    (period.kind === 'range' ? '' : ` (${period.start}..${period.end})`) +
    `, as of ${input.asOf}, ${currency}\n` +
    `Overall: ${overall.won.toLocaleString('en-US')} won, ${overall.lost.toLocaleString('en-US')} lost, win rate ${percent(overall.winRate)} (95% CI ${interval(overall)}), ` +
    `by value ${percent(overall.valueWinRate)}\n`;
  return `${head}\n${sections.join('\n')}\n${METHOD.join('\n')}\n`;
}

/** A breakdown in a section title: `competitor and segment`. */
function breakdownTitle(breakdown: Breakdown): string {
  return breakdown.dimensions.map(outputName).join(' and ');
}

function csvValue(value: unknown): string | number | null {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

export function winlossCommand(context: CommandContext): Command {
  return new Command('winloss')
    .description(
      'win rates by competitor, segment, size band, source, rep, quarter ...; losses by reason and stage; with intervals and tests',
    )
    .option(
      '--period <period>',
      'close dates in FY2026, FY2026-Q3, FY2026-M07 or a date range (default: the fiscal year of --as-of)',
    )
    .option(
      '--by <dimensions>',
      `a breakdown; commas cross dimensions (one row per combination, as in \`salesops metrics\`); repeat --by for several breakdowns (default: one each by ${DEFAULT_WINLOSS_BREAKDOWNS.join(', ')})`,
      collectBy,
    )
    .addHelpText(
      'after',
      `
${METHOD.join('\n')}

Examples:
  $ salesops winloss --period FY2026
  $ salesops winloss --by competitor --by loss_reason --period FY2026     # two breakdowns
  $ salesops winloss --by loss_reason,competitor --period FY2026          # loss reasons per competitor
  $ salesops winloss --by competitor,segment --by fiscal_quarter --format csv`,
    )
    .action(async (options: { period?: string; by?: string[] }, command: Command) => {
      const input = await loadAnalysisInput(context, command, (config, asOf) => ({
        period: periodOrDefault(options.period, config, asOf, 'year'),
        breakdowns: parseBreakdowns(options.by),
      }));
      context.out(renderWinLoss(input, input.query));
    });
}

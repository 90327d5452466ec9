/**
 * `salesops winloss`: win rates of the deals closed in a period by competitor, segment, size band, source, rep,
 * fiscal quarter ..., and the losses by reason and by the stage they were lost at, with 95% Wilson intervals,
 * a two-proportion z-test of each group against the rest and a verdict in words.
 * @module
 */
import { Command } from 'commander';
import { DIMENSIONS } from '../../analytics/dimensions.js';
import type { WinLossRow } from '../../analytics/winloss.js';
import type { CommandLine } from '../../domain/errors.js';
import type { CurrencyCode } from '../../domain/money.js';
import { renderCsv, renderTextTable, wrapNote, type Column } from '../../reports/table.js';
import { periodOrDefault } from '../../services/pipeline.js';
import {
  type Breakdown,
  type BreakdownResult,
  DEFAULT_WINLOSS_BREAKDOWNS,
  outputName,
  parseBreakdowns,
  WINLOSS_METHOD,
  winLossCreditsNote,
  winLossDocument,
  winLossResults,
  winLossRows,
  type WinLossQuery,
} from '../../services/winloss.js';
import type { CommandContext } from '../context.js';
import { collectBy } from './metrics.js';
import { loadAnalysisInput, moneyText, percent, type AnalysisInput } from './pipeline.js';

export { DEFAULT_WINLOSS_BREAKDOWNS, parseBreakdowns };

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

/** The output of `winloss`; `note` says on stderr what CSV, which holds the rows only, cannot. */
function renderWinLoss(
  input: AnalysisInput,
  query: WinLossQuery,
  commandLine: CommandLine,
  note: (text: string) => void,
): string {
  const { config, format } = input;
  const { period } = query;
  const computed = winLossResults(input, query);
  const currency = config.currency;
  const credits = winLossCreditsNote(computed, period, currency, commandLine);
  if (format === 'json') return `${JSON.stringify(winLossDocument(input, query, computed), null, 2)}\n`;
  if (format === 'csv') {
    // As metrics does: the credits left out on stderr (JSON has them as creditsLeftOut).
    if (credits !== null) note(credits);
    const rows = winLossRows(computed, currency);
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return renderCsv(
      keys.map((key) => ({ header: key, value: (row: Record<string, unknown>) => csvValue(row[key]) })),
      rows,
    );
  }
  const { overall, results } = computed;

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
  const creditsNote = credits === null ? '' : `${wrapNote(credits).join('\n')}\n`;
  return `${head}${creditsNote}\n${sections.join('\n')}\n${WINLOSS_METHOD.join('\n')}\n`;
}

/** A breakdown in a section title: `competitor and segment`. */
function breakdownTitle(breakdown: Breakdown): string {
  return breakdown.dimensions.map(outputName).join(' and ');
}

function csvValue(value: unknown): string | number | null {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

export function winlossCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('winloss'))
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
${WINLOSS_METHOD.join('\n')}

Examples:
  $ salesops winloss --period FY2026
  $ salesops winloss --by competitor --by loss_reason --period FY2026     # two breakdowns
  $ salesops winloss --by loss_reason,competitor --period FY2026          # loss reasons per competitor
  $ salesops winloss --by competitor,segment --by fiscal_quarter --format csv`,
    )
    .action(async (options: { period?: string; by?: string[] }, command: Command) => {
      // Every argument checked, --as-of too, and all their problems reported at once.
      const input = await loadAnalysisInput(
        context,
        command,
        options.period,
        { breakdowns: () => parseBreakdowns(options.by) },
        ({ asOf, period, breakdowns }, config) => ({
          asOf,
          query: { period: period ?? periodOrDefault(undefined, config, asOf, 'year'), breakdowns },
        }),
      );
      context.out(
        renderWinLoss(input, input.query, context.commandLine(command), (text) => context.note(text)),
      );
    });
}

/**
 * The README's "Metrics" section, generated from the registry so that the documentation cannot drift from the
 * code: `npm run docs:metrics` rewrites the text between the markers, and a test fails when it is stale.
 * @module
 */
import { DIMENSION_IDS, DIMENSIONS, SIZE_BANDS } from './dimensions.js';
import { METRIC_CATEGORIES } from './metric-definition.js';
import { METRIC_LIST } from './metric-registry.js';
import { PERIOD_FORMS } from './periods.js';

export const METRICS_DOC_START =
  '<!-- metrics:start (generated from src/analytics by `npm run docs:metrics`) -->';
export const METRICS_DOC_END = '<!-- metrics:end -->';

const CATEGORY_TITLES: Readonly<Record<(typeof METRIC_CATEGORIES)[number], string>> = {
  pipeline: 'Pipeline',
  performance: 'Performance',
  activity: 'Activity',
  funnel: 'Funnel',
  efficiency: 'Efficiency',
};

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The Markdown of the section, without the markers. */
export function metricsMarkdown(): string {
  const lines = [
    '## Metrics',
    '`salesops metrics <ids...> [--by <dimensions>] [--period <period>]` computes any of these for a period, split',
    'by dimensions, as a table (definitions as footnotes), `--format json` or `--format csv`; `salesops metrics',
    'list` prints this list. Money is in the corporate currency (converted at the FX rate of each close date;',
    'major units in JSON and CSV), rates are fractions in JSON and CSV and percentages in tables, and a value that',
    'is undefined (a win rate with no closed deals) is `null` / n/a, never 0. A metric whose data the workspace',
    'lacks (quotas, costs, activities, leads, the `ltv` section of salesops.yaml) says which import is missing.',
    'Data holding a stage the stage model does not know is refused (exit code 2, naming each such stage, the deals',
    'in it and the fix) by `metrics`, `pipeline` and `winloss` alike: such a deal is neither open, won nor lost, so',
    'every figure would silently leave it out.',
    '',
    '**The open pipeline** that every metric over open deals reads (`pipeline_value`, `open_deals`,',
    '`weighted_pipeline`, both coverages, the qualified deals of `pipeline_velocity`, `aging`, `deals_pushed`,',
    '`push_count`; and the start and end of `salesops pipeline changes`) is the deals the Sales Forecast counts:',
    'open on the as-of day, closing in the period, with a positive amount. A zero, negative or missing amount is a',
    'data error (`salesops audit`: amount-not-positive), not pipeline and not a credit to net off it, so those deals',
    'are left out of all of them alike (one predicate, `countsAsPipeline` in src/analytics/deal-facts.ts), and the',
    'metrics say how many and their value (a note under the table, `leftOut` in JSON, stderr with CSV); so do the',
    "aging of `salesops pipeline conversion` (every close date; `agingLeftOut` in JSON) and `salesops audit`'s open",
    'pipeline (any close date). A deal whose amount is corrected moves in or out of the pipeline changes as increased',
    'or decreased, counted in their In/out column (`increased_in_deals`, `decreased_out_deals` in JSON and CSV), so',
    'that the deals add up as the amounts do. Deals won at a zero or negative amount are credits or corrections:',
    "`closed_won` and quota attainment net them, as booked, and so does the forecast's Closed, which names them in a",
    'note; but they are no sales, so the win rates, `avg_deal_size`, the sales cycle, `discount_rate` (and the',
    '`pipeline_velocity` they make), `salesops winloss` and the cohorts of `salesops pipeline conversion` leave them out of',
    "won and closed deals, as the forecast's models leave them out of what they learn (one predicate, `isCredit` in",
    'src/analytics/deal-facts.ts), and name them (a note, `creditsLeftOut` in JSON).',
    '',
    '```',
    'salesops metrics win_rate avg_deal_size sales_cycle_days --by owner --period FY2026-Q3',
    'salesops metrics pipeline_value pipeline_coverage --by manager --period FY2026-Q4 --as-of 2026-10-15',
    'salesops metrics quota_attainment --by segment --period FY2026 --format json',
    '```',
    '',
    `**Periods**: ${PERIOD_FORMS.map((form) => `\`${form}\``).join(', ')} (a fiscal year, quarter, month of the`,
    'fiscal year, or a date range with both days included); the default is the fiscal quarter containing `--as-of`.',
    '',
  ];
  for (const category of METRIC_CATEGORIES) {
    lines.push(
      `### ${CATEGORY_TITLES[category]}`,
      '| id | name | unit | definition | benchmark | needs |',
      '|---|---|---|---|---|---|',
    );
    for (const metric of METRIC_LIST.filter((entry) => entry.category === category)) {
      lines.push(
        `| \`${metric.id}\` | ${metric.name} | ${metric.unit} | ${cell(metric.definition)} | ${cell(metric.benchmark ?? '')} | ${metric.inputs.join(', ')} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    '### Dimensions',
    "`--by a,b` crosses dimensions: one row per combination (owner and fiscal quarter), as SQL's `GROUP BY a, b`;",
    '`pipeline` and `winloss` read `--by` the same way. `winloss` alone takes several `--by` for separate',
    'breakdowns (`--by competitor --by loss_reason`); the commands that make one table refuse a second `--by`.',
    'Deal metrics can be split by any dimension; rep metrics (quota, attainment, coverage, activity,',
    'productivity, ramp) by owner, manager, team, segment, region and fiscal periods; funnel metrics by those',
    'and source; CAC and LTV by fiscal periods only.',
    '',
    '| dimension | splits by |',
    '|---|---|',
    ...DIMENSION_IDS.map((id) => `| \`${id}\` | ${cell(DIMENSIONS[id].description)} |`),
    '',
    `Size bands: ${SIZE_BANDS.map((band) => band.label).join(', ')} (major units of the corporate currency).`,
    "Product is the opportunity's product or product family as the CRM exports it (a `Product` column, or any",
    'column a mapping file maps to `product`); deals without one are grouped as `(none)`.',
  );
  return lines.join('\n');
}

/** `readme` with the text between the markers replaced by {@link metricsMarkdown}. */
export function replaceMetricsSection(readme: string): string {
  const start = readme.indexOf(METRICS_DOC_START);
  const end = readme.indexOf(METRICS_DOC_END);
  if (start < 0 || end < start) {
    throw new Error(
      `README.md has no metrics section: add the lines ${METRICS_DOC_START} and ${METRICS_DOC_END}`,
    );
  }
  return `${readme.slice(0, start + METRICS_DOC_START.length)}\n${metricsMarkdown()}\n${readme.slice(end)}`;
}

/**
 * The read-only analytics tools: what the workspace holds, the metric registry and any metric by any dimension,
 * the data-quality audit, the pipeline waterfall and stage conversion, win/loss, and the opportunities. Each calls
 * the workflow `salesops <command> --format json` calls, so a tool's figures are the command's.
 * @module
 */
import { auditDay } from '../services/audit-day.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DIMENSION_IDS, parseDimensions } from '../analytics/dimensions.js';
import { importRepsCommand, knownRepRow } from '../analytics/known-rep.js';
import { parseMetricIds } from '../analytics/metric-registry.js';
import { defaultAnalysisPeriod, givenAnalysisPeriod, PERIOD_FORMS } from '../analytics/periods.js';
import { readField } from '../domain/errors.js';
import { formatMoney, type MinorUnits } from '../domain/money.js';
import { runAudit } from '../quality/audit.js';
import { DEFAULT_AUDIT_OPTIONS } from '../quality/rule.js';
import { metricList } from '../services/metric-list.js';
import { metricsDocument, metricsWithHierarchy } from '../services/metrics.js';
import {
  OPPORTUNITY_SORT_FIELDS,
  OPPORTUNITY_STATES,
  opportunityPage,
  parseOpportunitySort,
} from '../services/opportunities.js';
import {
  changesWindow,
  periodOrDefault,
  pipelineChanges,
  pipelineChangesDocument,
  pipelineConversion,
  pipelineConversionDocument,
} from '../services/pipeline.js';
import { workspaceStatus } from '../services/status.js';
import { parseBreakdowns, winLossDocument, winLossResults } from '../services/winloss.js';
import {
  AUDIT_OUTPUT,
  LIST_METRICS_OUTPUT,
  METRICS_OUTPUT,
  OPPORTUNITIES_OUTPUT,
  PIPELINE_CHANGES_OUTPUT,
  PIPELINE_CONVERSION_OUTPUT,
  STATUS_OUTPUT,
  WINLOSS_OUTPUT,
} from './output-schemas.js';
import {
  asOfArgument,
  asOfText,
  dateArgument,
  registerTool,
  resolveAsOf,
  TOOL_SYNTAX,
  type ToolContext,
} from './tool.js';

/** Read-only tools change nothing and give the same answer for the same data and arguments. */
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

const MAJOR_UNITS =
  'Money is in the corporate currency (`currency`) as plain numbers of major units (1234.5 is $1,234.50); rates are fractions in [0, 1]; null marks a value that is undefined (a win rate with no closed deals).';

/** The analytics tools' names, in the order they are registered: each written here only. */
export const ANALYTICS_TOOL_NAMES = {
  status: 'salesops_status',
  listMetrics: 'salesops_list_metrics',
  metrics: 'salesops_metrics',
  audit: 'salesops_audit',
  pipelineChanges: 'salesops_pipeline_changes',
  pipelineConversion: 'salesops_pipeline_conversion',
  winloss: 'salesops_winloss',
  opportunities: 'salesops_opportunities',
} as const;

/** A period argument: `what` it selects, in the forms every period takes, and its default. */
const periodArgument = (what: string, defaultText: string) =>
  z
    .string()
    .optional()
    .describe(
      `${what}: a fiscal year, quarter or month, or a date range (${PERIOD_FORMS.join(', ')}); default: ${defaultText}`,
    );

const dimensionsArgument = z
  .array(z.string())
  .optional()
  .describe(
    `dimensions to split by, crossed (one row per combination, as SQL GROUP BY): ${DIMENSION_IDS.join(', ')}; none: one total row`,
  );

/** A tool's `by` dimensions, refused at `by` with the known ones when one is unknown. */
const dimensionsOf = (by: readonly string[] | undefined) => parseDimensions(by ?? [], TOOL_SYNTAX);

/**
 * The opportunities' `owner` as {@link knownRepRow} refuses an unknown one: at the argument, with the command that
 * imports the reps (named in the served workspace). It names no tool that lists the reps: metrics by owner give
 * names, not the CRM ids `owner` takes (and a comp run's payees are pay data); the fix's reps come with both.
 */
const OWNER_ARGUMENT = { field: 'owner', importReps: importRepsCommand() };

/** An optional date argument: undefined when not given. */
const optionalDate = (name: string, text: string | undefined) =>
  text === undefined ? undefined : dateArgument(name, text);

const count = (n: number) => n.toLocaleString('en-US');

export function registerAnalyticsTools(server: McpServer, context: ToolContext): void {
  const { workspace } = context;
  const { config } = workspace;
  const money = (minor: number) => formatMoney(minor as MinorUnits, config.currency, { whole: true });
  /** A period argument when given, refused at `period`; its default depends on asOf (or to), checked with it. */
  const givenPeriod = (text: string | undefined) =>
    givenAnalysisPeriod(text, config.fiscalCalendar, TOOL_SYNTAX);

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.status,
    {
      title: 'Workspace status',
      description:
        'What the salesops workspace holds: entity counts (opportunities, accounts, reps, history rows, activities, leads, quotas, costs), the data version and last import, the range of created and close dates (placeholder close dates far in the future counted apart in closeDateOutliers) and the depth of opportunity history. Call it first to learn which dates the data covers before choosing asOf and periods. As `salesops status --format json`.',
      outputSchema: STATUS_OUTPUT,
      annotations: { title: 'Workspace status', ...READ_ONLY },
    },
    async () => {
      const status = await workspaceStatus(workspace, context.dataset);
      const range = status.dateRange ? `${status.dateRange.from}..${status.dateRange.to}` : 'none';
      return {
        data: { ...status },
        summary:
          `${status.company}: ${count(status.counts.opportunities)} opportunities, ${count(status.counts.accounts)} accounts, ` +
          `${count(status.counts.reps)} reps; dates ${range}; data version ${status.dataVersion}` +
          (status.lastWrite
            ? ` (last import as of ${status.lastWrite.asOf})`
            : ' (empty: import data first)'),
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.listMetrics,
    {
      title: 'List metrics',
      description: `The metric registry: every KPI salesops computes (pipeline, performance, activity, funnel, efficiency) with its id, name, unit (money, ratio, multiple, count, days, months, money_per_day), benchmark, the inputs it needs, the dimensions it can be split by, and its definition. Use the ids with ${ANALYTICS_TOOL_NAMES.metrics}. As \`salesops metrics list --format json\`.`,
      outputSchema: LIST_METRICS_OUTPUT,
      annotations: { title: 'List metrics', ...READ_ONLY },
    },
    () => {
      const metrics = metricList();
      return Promise.resolve({
        data: { metrics, dimensions: [...DIMENSION_IDS] },
        summary: `${metrics.length} metrics: ${metrics.map((metric) => metric.id).join(', ')}`,
      });
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.metrics,
    {
      title: 'Metrics',
      description: `Sales KPIs (win rate, pipeline value and coverage, quota attainment, average deal size, sales cycle, ...) for a period, optionally split by owner, manager, segment, fiscal month and other dimensions. Returns the period, each metric's definition and unit, and one row per group: { <dimension>: label, <metric id>: value }. ${MAJOR_UNITS} Split by manager, rows roll up (a manager's row includes their reports'; \`level\` 0 is the top) and do not add up. As \`salesops metrics <ids> --by ... --period ... --format json\`.`,
      inputSchema: {
        metrics: z
          .array(z.string())
          .min(1)
          .describe(
            `metric ids, e.g. ["win_rate", "pipeline_value"] (${ANALYTICS_TOOL_NAMES.listMetrics} lists them)`,
          ),
        by: dimensionsArgument,
        period: periodArgument('the period', 'the fiscal quarter of asOf'),
        asOf: asOfArgument,
      },
      check: (args) => ({
        metrics: () =>
          readField('metrics', () => parseMetricIds(args.metrics, ANALYTICS_TOOL_NAMES.listMetrics)),
        by: () => dimensionsOf(args.by),
        asOf: () => resolveAsOf(args.asOf, context),
        period: () => givenPeriod(args.period),
      }),
      outputSchema: METRICS_OUTPUT,
      annotations: { title: 'Metrics', ...READ_ONLY },
    },
    async (_args, checked) => {
      const { metrics, by: dimensions } = checked;
      const { asOf, asOfDefaulted } = checked.asOf;
      const period = checked.period ?? defaultAnalysisPeriod(asOf, config.fiscalCalendar);
      const dataset = await context.dataset();
      const { table, hierarchy } = metricsWithHierarchy({
        dataset,
        config,
        asOf,
        period,
        dimensions,
        metrics,
        syntax: TOOL_SYNTAX,
      });
      const document = metricsDocument(table, hierarchy);
      return {
        data: { ...document, asOfDefaulted },
        summary:
          `${metrics.join(', ')} for ${period.name} (${period.start}..${period.end}), ${asOfText(asOf, asOfDefaulted)}, ` +
          `${document.rows.length} row${document.rows.length === 1 ? '' : 's'}` +
          (dimensions.length > 0 ? ` by ${dimensions.join(', ')}` : '') +
          `; money in ${document.currency} major units`,
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.audit,
    {
      title: 'Data-quality audit',
      description:
        'The data-quality audit of the CRM data: a 0-100 score, every rule (missing close dates, stale deals, pushed close dates, duplicates, amount outliers, ...) with its count, severity, the open pipeline value it puts in doubt, example records and the fix. Money (openPipeline.value, affectedValue, rules[].affectedValue, examples[].openValue) is in integer MINOR units of the corporate currency (cents: 123456 is $1,234.56). As `salesops audit --format json`.',
      inputSchema: {
        staleDays: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe(
            `an open deal with no activity or change for this many days is stale (default ${DEFAULT_AUDIT_OPTIONS.staleDays})`,
          ),
        pushThreshold: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe(
            `flag open deals whose close date was pushed this many times (default ${DEFAULT_AUDIT_OPTIONS.pushThreshold})`,
          ),
        examples: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(`example records per rule (default ${DEFAULT_AUDIT_OPTIONS.examples})`),
        asOf: asOfArgument,
      },
      check: (args) => ({ asOf: () => resolveAsOf(args.asOf, context) }),
      outputSchema: AUDIT_OUTPUT,
      annotations: { title: 'Data-quality audit', ...READ_ONLY },
    },
    async (args, checked) => {
      const asked = checked.asOf;
      // As `salesops audit`: without asOf, as of the latest import's as-of (the day its export was taken).
      const { asOf, from } = await auditDay(
        context.workspace.store,
        asked.asOfDefaulted ? undefined : asked.asOf,
        asked.asOf,
      );
      const asOfDefaulted = asked.asOfDefaulted && from === null;
      const report = runAudit(await context.dataset(), config, asOf, {
        ...(args.staleDays === undefined ? {} : { staleDays: args.staleDays }),
        ...(args.pushThreshold === undefined ? {} : { pushThreshold: args.pushThreshold }),
        ...(args.examples === undefined ? {} : { examples: args.examples }),
      });
      const flagged = report.rules.filter((rule) => rule.count > 0);
      return {
        data: { ...report, moneyUnit: 'minor', asOfDefaulted },
        summary:
          `Data quality ${report.score} / 100 ${from === null ? asOfText(asOf, asOfDefaulted) : `as of ${asOf} (the latest import's as-of; pass asOf for another day)`}; open pipeline ${money(report.openPipeline.value)} ` +
          `in ${count(report.openPipeline.deals)} deals, ${money(report.openPipeline.affectedValue)} of it flagged. ` +
          `Rules with findings: ${flagged.map((rule) => `${rule.id} (${count(rule.count)})`).join(', ') || 'none'}.`,
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.pipelineChanges,
    {
      title: 'Pipeline changes (waterfall)',
      description: `How the open pipeline closing in a period moved between two dates: start, created, pulled in, pushed in, reopened, moved in, increased, won, lost, pushed out, pulled out, moved out, decreased, end; each bucket's value and deal count, and every deal with its state on both dates. Outs are negative, so start + buckets = end exactly. ${MAJOR_UNITS} As \`salesops pipeline changes --format json\`.`,
      inputSchema: {
        from: z.string().optional().describe('start date YYYY-MM-DD (default: 7 days before to)'),
        to: z.string().optional().describe('end date YYYY-MM-DD, not after asOf (default: asOf)'),
        period: periodArgument('the close dates that count', 'the fiscal quarter of to'),
        by: dimensionsArgument,
        asOf: asOfArgument,
      },
      check: (args) => ({
        asOf: () => resolveAsOf(args.asOf, context),
        from: () => optionalDate('from', args.from),
        to: () => optionalDate('to', args.to),
        period: () => givenPeriod(args.period),
        by: () => dimensionsOf(args.by),
      }),
      outputSchema: PIPELINE_CHANGES_OUTPUT,
      annotations: { title: 'Pipeline changes', ...READ_ONLY },
    },
    async (_args, checked) => {
      const { asOf, asOfDefaulted } = checked.asOf;
      const window = changesWindow({ from: checked.from, to: checked.to }, asOf, TOOL_SYNTAX);
      const query = {
        ...window,
        period: checked.period ?? periodOrDefault(undefined, config, window.to, 'quarter'),
        dimensions: checked.by,
      };
      const input = { config, dataset: await context.dataset(), asOf, syntax: TOOL_SYNTAX };
      const changes = pipelineChanges(input, query);
      const { total } = changes.result;
      return {
        data: { ...pipelineChangesDocument(input, changes), asOfDefaulted },
        summary:
          `Pipeline closing in ${query.period.name}, ${query.from} → ${query.to} (${asOfText(asOf, asOfDefaulted)}): ` +
          `${money(total.start.value)} in ${count(total.start.count)} deals → ${money(total.end.value)} in ${count(total.end.count)}; ` +
          `created ${money(total.buckets.created.value)}, won ${money(total.buckets.won.value)}, lost ${money(total.buckets.lost.value)}, ` +
          `pushed out ${money(total.buckets.pushedOut.value)}`,
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.pipelineConversion,
    {
      title: 'Stage conversion',
      description: `Stage-to-stage conversion of the cohorts of deals entering each stage in a period (entered, skipped, share reaching each later stage, next-stage, win and loss rates, days in stage) and the aging of deals open on asOf by stage. ${MAJOR_UNITS} As \`salesops pipeline conversion --format json\`.`,
      inputSchema: {
        period: periodArgument(
          'the cohort window (deals that entered a stage in it)',
          'the fiscal year of asOf',
        ),
        by: dimensionsArgument,
        asOf: asOfArgument,
      },
      check: (args) => ({
        asOf: () => resolveAsOf(args.asOf, context),
        period: () => givenPeriod(args.period),
        by: () => dimensionsOf(args.by),
      }),
      outputSchema: PIPELINE_CONVERSION_OUTPUT,
      annotations: { title: 'Stage conversion', ...READ_ONLY },
    },
    async (_args, checked) => {
      const { asOf, asOfDefaulted } = checked.asOf;
      const query = {
        period: checked.period ?? periodOrDefault(undefined, config, asOf, 'year'),
        dimensions: checked.by,
      };
      const input = { config, dataset: await context.dataset(), asOf, syntax: TOOL_SYNTAX };
      const conversion = pipelineConversion(input, query);
      const rates = conversion.result.total
        .map((row) => `${row.stage} ${row.winRate === null ? 'n/a' : `${(row.winRate * 100).toFixed(1)}%`}`)
        .join(', ');
      return {
        data: { ...pipelineConversionDocument(input, conversion), asOfDefaulted },
        summary: `Stage conversion of deals entering stages in ${query.period.name}, ${asOfText(asOf, asOfDefaulted)}; win rate by stage entered: ${rates}`,
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.winloss,
    {
      title: 'Win/loss',
      description: `Win/loss of the deals closed in a period: the overall win rate with its 95% Wilson interval, and breakdowns (by competitor, loss_reason, stage_lost_at, segment, size_band, source, owner, fiscal_quarter, ...) each with win rates, intervals, a two-proportion z-test against the rest (Holm-corrected p) and a verdict; loss reasons and stages lost at as shares of losses. ${MAJOR_UNITS} As \`salesops winloss --format json\`.`,
      inputSchema: {
        period: periodArgument('the close dates', 'the fiscal year of asOf'),
        by: z
          .array(z.string())
          .optional()
          .describe(
            'breakdowns, one section each; commas inside one cross dimensions, e.g. ["competitor", "loss_reason,segment"] (default: competitor, loss_reason, stage_lost_at, segment, size_band, source, owner, fiscal_quarter)',
          ),
        asOf: asOfArgument,
      },
      check: (args) => ({
        asOf: () => resolveAsOf(args.asOf, context),
        period: () => givenPeriod(args.period),
        by: () => parseBreakdowns(args.by, TOOL_SYNTAX),
      }),
      outputSchema: WINLOSS_OUTPUT,
      annotations: { title: 'Win/loss', ...READ_ONLY },
    },
    async (_args, checked) => {
      const { asOf, asOfDefaulted } = checked.asOf;
      const query = {
        period: checked.period ?? periodOrDefault(undefined, config, asOf, 'year'),
        breakdowns: checked.by,
      };
      const input = { config, dataset: await context.dataset(), asOf, syntax: TOOL_SYNTAX };
      const computed = winLossResults(input, query);
      const { overall } = computed;
      const rate = overall.winRate === null ? 'n/a' : `${(overall.winRate * 100).toFixed(1)}%`;
      return {
        data: { ...winLossDocument(input, query, computed), asOfDefaulted },
        summary:
          `Deals closed in ${query.period.name}, ${asOfText(asOf, asOfDefaulted)}: ${count(overall.won)} won, ${count(overall.lost)} lost, ` +
          `win rate ${rate}; breakdowns: ${query.breakdowns.map((breakdown) => breakdown.name).join('; ')}`,
      };
    },
  );

  registerTool(
    server,
    context,
    ANALYTICS_TOOL_NAMES.opportunities,
    {
      title: 'Opportunities',
      description:
        "The workspace's opportunities in their current state (as of the latest import), or as they stood on asOf, optionally only one owner's, one stage's or one state's (open, won, lost, closed), sorted (e.g. open deals by close date, or the largest first), a page at a time: id, name, account, owner (CRM id and name), stage, forecast category, amount, currency, created and close dates. amountMinor is in integer MINOR units of the deal's own `currency` (cents: 123456 is 1,234.56). `total` is how many match. As `GET /api/opportunities` of `salesops serve`.",
      inputSchema: {
        owner: z.string().optional().describe("only this owner's deals: the rep's CRM id, e.g. REP-0007"),
        stage: z.string().optional().describe("only deals now in this stage of the workspace's stage model"),
        state: z
          .enum(OPPORTUNITY_STATES)
          .optional()
          .describe(
            "only deals now open, won, lost, or closed (won or lost); a deal in a stage outside the workspace's stage model is in none",
          ),
        sort: z
          .array(z.string())
          .optional()
          .describe(
            `sort keys, the first deciding, each ${OPPORTUNITY_SORT_FIELDS.join(', ')} with - before it for descending, e.g. ["closeDate"] (the next to close first) or ["-amount", "closeDate"] (the largest first). amount compares in the corporate currency at the close date's rate; deals without the value come last either way; ties and no sort keep the workspace's order`,
          ),
        page: z.number().int().min(1).default(1).describe('the page, from 1'),
        pageSize: z.number().int().min(1).max(500).default(50).describe('opportunities a page, 1 to 500'),
        asOf: z
          .string()
          .optional()
          .describe(
            'the day to read the deals as of, YYYY-MM-DD: those created by then, each with the stage, amount, close date, forecast category and owner it had at the end of that day (from its history), and the filters applied to that state; default: every deal in its current state, as of the latest import (the result says asOf null)',
          ),
      },
      check: async (args) => {
        const dataset = await context.dataset();
        return {
          asOf: () => (args.asOf === undefined ? undefined : dateArgument('asOf', args.asOf)),
          owner: () => {
            if (args.owner !== undefined) knownRepRow(dataset, args.owner, OWNER_ARGUMENT);
          },
          stage: () =>
            args.stage === undefined
              ? undefined
              : readField(
                  'stage',
                  () => config.stageModel.stage(config.stageModel.requireIndex(args.stage!)).name,
                ),
          sort: () =>
            args.sort === undefined || args.sort.length === 0
              ? undefined
              : parseOpportunitySort(args.sort.join(','), TOOL_SYNTAX),
        };
      },
      outputSchema: OPPORTUNITIES_OUTPUT,
      annotations: { title: 'Opportunities', ...READ_ONLY },
    },
    async (args, { asOf, stage, sort }) => {
      const dataset = await context.dataset();
      const page = opportunityPage(dataset, { ...args, stage, sort, asOf }, config);
      const shown = page.items.length;
      const first = (page.page - 1) * page.pageSize + 1;
      return {
        data: { ...page, asOf: asOf ?? null, moneyUnit: 'minor' },
        summary:
          `${count(page.total)} opportunities match${asOf === undefined ? '' : ` as of ${asOf}`}` +
          (shown > 0 ? `; ${first}-${first + shown - 1} shown` : '; none on this page') +
          (page.total > first - 1 + shown ? `; pass page ${page.page + 1} for more` : ''),
      };
    },
  );
}

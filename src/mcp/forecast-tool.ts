/**
 * The Sales Forecast as a tool: the same report `salesops forecast --format json` gives, built by the shared
 * forecast workflow (the period's adjustments, the cached backtest for `auto`).
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatMoney, type MinorUnits } from '../domain/money.js';
import type { ForecastBy } from '../forecast/sales-forecast.js';
import { attainmentPercent, probabilityPercent } from '../reports/sales-forecast/format.js';
import { forecastDocument } from '../reports/sales-forecast/json.js';
import { confidenceClaim } from '../reports/sales-forecast/sections.js';
import { buildForecast, fiscalPeriod, givenFiscalPeriod, MODEL_CHOICES } from '../services/forecast.js';
import { FORECAST_OUTPUT } from './output-schemas.js';
import { asOfArgument, asOfText, registerTool, resolveAsOf, TOOL_SYNTAX, type ToolContext } from './tool.js';
import { shellWord } from '../domain/errors.js';

const BY_CHOICES = ['owner', 'manager', 'segment'] as const satisfies readonly ForecastBy[];

/** The model names a caller picks from; `all` is the CLI's way to print every model, which the JSON always has. */
const MODELS = Object.keys(MODEL_CHOICES).filter((model) => model !== 'all') as [string, ...string[]];

/** The forecast tool's name, written here only. */
export const FORECAST_TOOL_NAME = 'salesops_forecast';

export function registerForecastTool(server: McpServer, context: ToolContext): void {
  const { workspace } = context;
  registerTool(
    server,
    context,
    FORECAST_TOOL_NAME,
    {
      title: 'Sales Forecast',
      description:
        "The Sales Forecast of a fiscal period: executive summary (quota, forecast, % of quota, confidence), pipeline by stage, closed so far, the total forecast and the model used with why, forecast by rep/manager/segment with attainment and risk, risks and upside with their money impact, recommendations, the outcome distribution (P10/P50/P90), every model's total side by side, forecast categories with owner/manager adjustment layers, the largest deals with their top factors, and notes. Money is in integer MINOR units of the corporate currency (moneyUnit 'minor', currencyExponent 2: 123456 is $1,234.56); probabilities are fractions. As `salesops forecast --format json`.",
      inputSchema: {
        period: z
          .string()
          .optional()
          .describe(
            'a fiscal quarter, month or year, e.g. FY2027-Q4 (default: the fiscal quarter of asOf); not a date range',
          ),
        by: z
          .enum(BY_CHOICES)
          .default('owner')
          .describe('how the "forecast by" section splits: owner (each rep), manager (roll-up), segment'),
        model: z
          .enum(MODELS)
          .default('auto')
          .describe(
            'the model of the total: auto (lowest error in the last `salesops forecast backtest`, else the deal-level model), stage_weighted, category/commit, best_case, historical, deal; every model is in `models` either way',
          ),
        asOf: asOfArgument,
      },
      check: (args) => ({
        asOf: () => resolveAsOf(args.asOf, context),
        // A given period is read without asOf (which only places the default), so it is checked beside it, by the
        // parser the CLI's --period has: the same problems and fixes, in the tool's words.
        period: () => givenFiscalPeriod(args.period, workspace, TOOL_SYNTAX),
      }),
      outputSchema: FORECAST_OUTPUT,
      annotations: {
        title: 'Sales Forecast',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (args, checked) => {
      const { asOf, asOfDefaulted } = checked.asOf;
      const period = checked.period ?? fiscalPeriod(undefined, asOf, workspace, TOOL_SYNTAX);
      const model = MODEL_CHOICES[args.model] ?? 'auto';
      const forecast = await buildForecast(workspace, await context.dataset(), {
        period,
        asOf,
        by: args.by,
        model,
        // The commands the report's notes suggest (a backtest, imports) name this workspace, and the day when
        // one was asked for, so that they can be run as written, as a tool error's fix does (inWorkspace, tool.ts).
        commandLine: {
          workspace: shellWord(workspace.folder),
          ...(asOfDefaulted ? {} : { asOf }),
        },
      });
      const money = (minor: MinorUnits) => formatMoney(minor, forecast.currency, { whole: true });
      const { executiveSummary: summary } = forecast;
      const quota =
        summary.quota === null
          ? 'no quota imported'
          : `${money(summary.quota)} quota, ${attainmentPercent(summary.percentOfQuota)} of it`;
      const { probabilityOfQuota } = forecast.distribution;
      return {
        data: { ...forecastDocument(forecast), asOfDefaulted },
        summary:
          `${forecast.title} (${forecast.period.start}..${forecast.period.end}), ${asOfText(asOf, asOfDefaulted)}: ` +
          `forecast ${money(summary.forecast)} (${quota}); closed so far ${money(forecast.closedThisPeriod)}; ` +
          `model: ${forecast.model.name} (${forecast.model.reason}); ` +
          // The exact figure and its level's band, as the reports give it; where none is claimed, why.
          `forecast confidence: ${confidenceClaim(forecast) ?? summary.confidenceMeaning}` +
          // Apart from the confidence, as the Executive Summary keeps them: it rates the forecast, not the quota.
          (probabilityOfQuota === null ? '' : `; chance of quota: ${probabilityPercent(probabilityOfQuota)}`),
      };
    },
  );
}

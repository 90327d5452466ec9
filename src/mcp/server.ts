/**
 * The salesops MCP server: the workspace's read-only tools (status, metrics, forecast, audit, pipeline flows,
 * win/loss, opportunities) for AI assistants, and the compensation tools only when allowed. Transport-free: the
 * `salesops mcp` command connects it to stdio.
 * @module
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { IsoDate } from '../domain/dates.js';
import { WorkspaceData } from '../services/workspace-data.js';
import type { Workspace } from '../workspace/workspace.js';
import { ANALYTICS_TOOL_NAMES, registerAnalyticsTools } from './analytics-tools.js';
import { COMP_TOOL_NAMES, registerCompTools } from './comp-tools.js';
import { FORECAST_TOOL_NAME, registerForecastTool } from './forecast-tool.js';
import type { ToolContext } from './tool.js';

export interface SalesopsMcpOptions {
  readonly workspace: Workspace;
  /** Today in UTC, the default `asOf` of every tool. */
  readonly today: () => IsoDate;
  /** Serve the confidential compensation tools (comp runs and statements). */
  readonly allowComp: boolean;
  /** Where log lines go: stderr (stdout is the protocol's). */
  readonly log: (line: string) => void;
  readonly version: string;
}

/**
 * The names of the tools the server registers, in the order it registers them, for what lists them without
 * starting a server (`salesops mcp --help`); each tool's module defines its name, and test/mcp/tool-names.test.ts
 * checks these lists against the tools a server lists.
 */
export const MCP_READ_TOOL_NAMES: readonly string[] = [
  ...Object.values(ANALYTICS_TOOL_NAMES),
  FORECAST_TOOL_NAME,
];

/** The names of the compensation tools, registered only when allowed ({@link SalesopsMcpOptions.allowComp}). */
export const MCP_COMP_TOOL_NAMES: readonly string[] = Object.values(COMP_TOOL_NAMES);

/** What an assistant is told about every tool at once, when it connects. */
const INSTRUCTIONS = [
  'salesops answers sales-operations questions from one CRM workspace: pipeline, KPIs, forecast, data quality, win/loss.',
  `Start with ${ANALYTICS_TOOL_NAMES.status} to see the dates the data covers. Every analytics tool takes asOf (YYYY-MM-DD; default today, the result says which day; ${ANALYTICS_TOOL_NAMES.opportunities} without it lists the deals in their current state) and periods as FY2027-Q4, FY2027-M11, FY2027 or 2026-10-01..2026-12-31 (fiscal names follow the workspace fiscal calendar).`,
  `Money: ${ANALYTICS_TOOL_NAMES.metrics}, ${ANALYTICS_TOOL_NAMES.pipelineChanges}, ${ANALYTICS_TOOL_NAMES.pipelineConversion} and ${ANALYTICS_TOOL_NAMES.winloss} give major units (1234.5); ${FORECAST_TOOL_NAME}, ${ANALYTICS_TOOL_NAMES.audit}, ${ANALYTICS_TOOL_NAMES.opportunities} and the comp tools give integer minor units (123450), marked moneyUnit "minor".`,
  'Bad arguments come back as an error naming each bad argument and its fix.',
].join(' ');

export function createSalesopsMcpServer(options: SalesopsMcpOptions): McpServer {
  const { workspace } = options;
  const data = new WorkspaceData(workspace);
  const context: ToolContext = {
    workspace,
    dataset: () => data.dataset(),
    today: options.today,
    log: options.log,
  };
  const server = new McpServer(
    { name: 'salesops', title: `salesops: ${workspace.config.company}`, version: options.version },
    { instructions: INSTRUCTIONS },
  );
  registerAnalyticsTools(server, context);
  registerForecastTool(server, context);
  if (options.allowComp) registerCompTools(server, context);
  return server;
}

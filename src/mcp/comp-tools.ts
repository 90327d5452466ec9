/**
 * Compensation tools, registered only when `salesops mcp --allow-comp` says so: pay is confidential, and an
 * assistant connected to the workspace should not read it unless the person running the server chose that.
 * They read stored comp runs only (`salesops comp run` makes them); nothing here computes or changes pay.
 * @module
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatMoney, sumMoney } from '../domain/money.js';
import { requireCompRun, type StatementFields, storedStatement } from '../services/comp-statements.js';
import { COMP_RUN_OUTPUT, COMP_STATEMENT_OUTPUT } from './output-schemas.js';
import { registerTool, TOOL_SYNTAX, type ToolContext } from './tool.js';

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** The compensation tools' names, in the order they are registered: each written here only. */
export const COMP_TOOL_NAMES = { run: 'salesops_comp_run', statement: 'salesops_comp_statement' } as const;

/** The tools' names for the payee and the period, and the tool listing a run's payees, for the shared lookup. */
const STATEMENT_TOOL_ARGUMENTS: StatementFields = {
  payee: 'payee',
  period: 'period',
  payeesOf: (period) => `${COMP_TOOL_NAMES.run} with ${TOOL_SYNTAX.give('period', period)}`,
};

const periodArgument = z
  .string()
  .min(1)
  .describe('the plan period of a stored comp run, e.g. FY2027-M03 (a fiscal month or quarter)');

export function registerCompTools(server: McpServer, context: ToolContext): void {
  const { workspace } = context;

  registerTool(
    server,
    context,
    COMP_TOOL_NAMES.run,
    {
      title: 'Comp run (confidential)',
      description:
        "CONFIDENTIAL pay data. The stored commission run of a period (made by `salesops comp run`): whether it is closed, and each payee's id, name, role, plan and payout total. Money is in integer MINOR units of each statement's currency (cents: 123456 is $1,234.56).",
      inputSchema: { period: periodArgument },
      outputSchema: COMP_RUN_OUTPUT,
      annotations: { title: 'Comp run', ...READ_ONLY },
    },
    async (args) => {
      const run = await requireCompRun(workspace, args.period, 'period');
      const payees = new Map(run.body.payees.map((payee) => [payee.id, payee]));
      const rows = run.body.statements.map((statement) => ({
        payee: statement.payee,
        name: payees.get(statement.payee)?.name ?? null,
        role: statement.role,
        plan: payees.get(statement.payee)?.plan ?? null,
        currency: statement.currency,
        total: statement.total,
        drawBalance: statement.drawBalance,
      }));
      const total = sumMoney(rows.map((row) => row.total));
      const currency = rows[0]?.currency ?? workspace.config.currency;
      return {
        data: {
          period: run.body.period,
          asOf: run.body.asOf,
          closed: run.body.closed,
          moneyUnit: 'minor',
          payees: rows,
        },
        summary:
          `Comp run of ${run.body.period} (as of ${run.body.asOf}, ${run.body.closed ? `closed ${run.body.closed.at}` : 'open'}): ` +
          `${rows.length} payees, ${formatMoney(total, currency)} in all`,
      };
    },
  );

  registerTool(
    server,
    context,
    COMP_TOOL_NAMES.statement,
    {
      title: 'Comp statement (confidential)',
      description:
        "CONFIDENTIAL pay data. A payee's commission statement from the stored run of a period: attainment per measure, every line (commission, accelerators, overrides, SPIFs, draws, clawbacks, adjustments) with its deals, rule, rate and formula, the total and the draw balance. Money is in integer MINOR units of the statement's currency (cents: 123456 is $1,234.56).",
      inputSchema: {
        payee: z.string().min(1).describe("the payee's rep id (CRM id), e.g. REP-0015"),
        period: periodArgument,
      },
      outputSchema: COMP_STATEMENT_OUTPUT,
      annotations: { title: 'Comp statement', ...READ_ONLY },
    },
    async (args) => {
      const found = await storedStatement(workspace, args.payee, args.period, STATEMENT_TOOL_ARGUMENTS);
      const { statement } = found;
      return {
        data: { ...found, moneyUnit: 'minor' },
        summary:
          `${found.payee.name} (${found.payee.id}, ${found.payee.role}, plan ${found.payee.plan}), ${found.period}: ` +
          `${formatMoney(statement.total, statement.currency)} in ${statement.lines.length} lines` +
          (found.closed ? ` (closed ${found.closed.at})` : ' (period open: may still change)'),
      };
    },
  );
}

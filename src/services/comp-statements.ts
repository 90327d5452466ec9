/**
 * A payee's statement from a stored comp run (`comp_run` documents, one per period), as `salesops comp statement`
 * and the MCP server read it: the run's facts, the payee, the plan's payout timing and the statement itself with
 * every line's trace (money in integer minor units of the statement's currency).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closestPeople } from '../analytics/closest-names.js';
import type { Statement } from '../comp/statement.js';
import { asTyped, type CommandLine, InputError, readField, shellWord } from '../domain/errors.js';
import type { CompRunBody } from '../reports/comp-statement/run.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Where the caller takes the payee and the period (the CLI's argument and flag, or a tool's arguments), and how
 * it lists the payees of a period's run, a command written by `commandLine` (the CLI's: as the user ran salesops).
 */
export interface StatementFields {
  readonly payee: string;
  readonly period: string;
  readonly payeesOf: (period: string, commandLine: CommandLine) => string;
}

/**
 * The CLI's: the payees listed by `comp payroll`, which reads the stored run (`comp run` would compute and store it
 * again, and refuses a closed period), in backquotes and with the period quoted for the shell, to paste as printed.
 */
export const STATEMENT_ARGUMENTS: StatementFields = {
  payee: '<payee>',
  period: '--period',
  payeesOf: (period, commandLine) =>
    `\`${commandLine(`salesops comp payroll --period ${shellWord(period)}`)}\``,
};

export interface StoredStatement {
  readonly period: string;
  readonly asOf: string;
  readonly closed: CompRunBody['closed'];
  readonly payee: CompRunBody['payees'][number];
  /** The payout timing of the payee's plan ('' when the run names no such plan). */
  readonly timing: string;
  readonly statement: Statement;
}

/**
 * The payees of a run with a statement whose rep id or name is closest to `text`, closest first, as
 * `REP-0015 (Yara Gupta)`.
 */
function closestPayees(text: string, run: CompRunBody): string[] {
  const paid = new Set(run.statements.map((statement) => statement.payee));
  const payees = run.payees.filter((payee) => paid.has(payee.id));
  return closestPeople(
    text,
    payees.map((payee) => payee.id),
    payees.map((payee) => payee.name),
  );
}

/** The plans folder of a workspace, which `salesops comp run` reads when --plans is not given. */
export const DEFAULT_PLANS = 'comp-plans';

/**
 * The plans a fix's `comp run` should take with --plans, or null when none are known; asked only when a fix needs
 * them. `value` is the --plans value (a folder, or files separated by commas), `which` says whose plans they are
 * (`the plans of the FY2027-M03 run`).
 */
export type KnownPlans = () => Promise<{ readonly value: string; readonly which: string } | null>;

const NO_KNOWN_PLANS: KnownPlans = () => Promise.resolve(null);

/** The stored run of a period, undefined when none is stored. */
export async function compRun(workspace: Workspace, period: string) {
  return workspace.store.document<CompRunBody>('comp_run', period);
}

/**
 * How to run a period's comp, as `commandLine` writes the command, to paste as printed: without --plans when the
 * workspace has its default plans folder, else with `--plans` and the plans the caller knows of
 * ({@link KnownPlans}); with none known, the plans' folder to add is said in words, outside the command (a
 * placeholder in it would be read by the shell as a redirection).
 */
async function runFirst(
  workspace: Workspace,
  period: string,
  commandLine: CommandLine,
  knownPlans: KnownPlans,
): Promise<string> {
  const run = `salesops comp run --period ${shellWord(period)}`;
  const command = (words: string) => `\`${commandLine(words)}\``;
  if (existsSync(join(workspace.folder, DEFAULT_PLANS))) return `run it first: ${command(run)}`;
  const plans = await knownPlans();
  if (plans !== null)
    return `run it first, with ${plans.which}: ${command(`${run} --plans ${shellWord(plans.value)}`)}`;
  return (
    `run it first: ${command(run)}, adding --plans and the folder of your plan files ` +
    `(the workspace has no ${DEFAULT_PLANS} folder)`
  );
}

/**
 * The stored run of a period, or an InputError at `field`: a period the workspace's fiscal calendar does not read
 * with the calendar's own message and fix, a period without a run with how to run it, the command written by
 * `commandLine` (the CLI's, with the program and --workspace the user ran; the MCP server adds its own) with
 * `--plans` and the plans `knownPlans` finds where the workspace has no comp-plans folder ({@link runFirst}).
 */
export async function requireCompRun(
  workspace: Workspace,
  period: string,
  field = '--period',
  commandLine = asTyped,
  knownPlans: KnownPlans = NO_KNOWN_PLANS,
) {
  readField(field, () => workspace.config.fiscalCalendar.parsePeriod(period));
  const run = await compRun(workspace, period);
  if (!run) {
    throw new InputError({
      message: `there is no comp run for ${period}`,
      location: { field },
      fix: await runFirst(workspace, period, commandLine, knownPlans),
    });
  }
  return run;
}

/** A payee's statement in a run, undefined when the run has no statement for them. */
export function statementInRun(run: CompRunBody, payee: string): StoredStatement | undefined {
  const statement = run.statements.find((each) => each.payee === payee);
  const info = run.payees.find((each) => each.id === payee);
  if (!statement || !info) return undefined;
  const plan = run.plans.find((each) => each.name === info.plan);
  return {
    period: run.period,
    asOf: run.asOf,
    closed: run.closed,
    payee: info,
    timing: plan?.timing ?? '',
    statement,
  };
}

/**
 * A payee's statement in the stored run of `period`; an unknown payee is refused with the closest payees, a
 * malformed period or one without a run as {@link requireCompRun} refuses them (its command written by
 * `commandLine`, with the plans `knownPlans` finds).
 */
export async function storedStatement(
  workspace: Workspace,
  payee: string,
  period: string,
  fields: StatementFields = STATEMENT_ARGUMENTS,
  commandLine: CommandLine = asTyped,
  knownPlans: KnownPlans = NO_KNOWN_PLANS,
): Promise<StoredStatement> {
  const run = await requireCompRun(workspace, period, fields.period, commandLine, knownPlans);
  const found = statementInRun(run.body, payee);
  if (found) return found;
  const close = closestPayees(payee, run.body);
  throw new InputError({
    message: `${payee} has no statement in the run of ${period}`,
    location: { field: fields.payee },
    fix:
      close.length > 0
        ? `give a payee's rep id; did you mean ${close.join(', ')}?`
        : `give a payee's rep id; ${fields.payeesOf(period, commandLine)} lists them`,
  });
}

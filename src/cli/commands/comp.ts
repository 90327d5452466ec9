/**
 * `salesops comp`: check plan files, run a period's compensation on the workspace's won deals and store it,
 * close a period, print statements and the payroll file, model a plan's cost and compare what-if changes.
 * Reading plan files is here; everything computed is in src/comp, everything rendered in
 * src/reports/comp-statement.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { runCompensation, type CompInput } from '../../comp/engine.js';
import { modelPlans, type PlanModel, type Scenario } from '../../comp/modelling.js';
import { describeTiming } from '../../comp/payout-timing.js';
import { type CompPlan } from '../../comp/plan.js';
import { parseCompPlanYaml } from '../../comp/plan-yaml.js';
import { ROUNDING_CODE, ROUNDING_RULE, type Statement } from '../../comp/statement.js';
import { compareWhatIf, parsePlanEdits, type PlanEdit, unreachedTierNotes } from '../../comp/what-if.js';
import { workspaceCompInput, type PlanSource } from '../../comp/workspace-input.js';
import { type Dataset } from '../../dataset/dataset.js';
import { type IsoDate } from '../../domain/dates.js';
import { type CommandLine, InputError, readField, shellWord } from '../../domain/errors.js';
import { type FiscalCalendar } from '../../domain/fiscal-calendar.js';
import { type MinorUnits } from '../../domain/money.js';
import { money } from '../../comp/exact.js';
import { renderPlanModel, renderWhatIf } from '../../reports/comp-statement/model.js';
import { renderPayrollCsv, renderRunSummary, type CompRunBody } from '../../reports/comp-statement/run.js';
import { renderStatement } from '../../reports/comp-statement/statement.js';
import { NOTE_WIDTH, wrapLines } from '../../reports/table.js';
import { type Workspace } from '../../workspace/workspace.js';
import {
  compRun,
  DEFAULT_PLANS,
  type KnownPlans,
  requireCompRun,
  STATEMENT_ARGUMENTS,
  storedStatement,
} from '../../services/comp-statements.js';
import type { CommandContext } from '../context.js';
import {
  modelScenarios,
  SCENARIO_SOURCES,
  type ScenarioSource,
  scenarioList,
  scenarioSource,
} from './comp-scenarios.js';

/** The command that closes `period`, in backquotes, as `commandLine` writes it (the user's program, --workspace). */
const closePeriodCommand = (commandLine: CommandLine, period: string): string =>
  `\`${commandLine(`salesops comp close --period ${shellWord(period)}`)}\``;

function readPlanFile(context: CommandContext, file: string, edits: readonly PlanEdit[] = []): PlanSource {
  const path = resolve(context.io.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputError({
      message: `the plan file ${file} does not exist`,
      location: { file },
      fix: 'name a plan YAML file, e.g. examples/comp/ae.yaml (docs/compensation.md describes the format)',
    });
  }
  const inside = relative(context.io.cwd, path);
  const shown = inside && !inside.startsWith('..') ? inside : path;
  return { plan: parseCompPlanYaml(readFileSync(path, 'utf8'), shown, edits), file: shown };
}

/** The *.yaml and *.yml files of a folder, in name order. */
function yamlFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
}

/** The example plans shipped with salesops, as `comp run --plans` takes them from a checkout. */
const EXAMPLE_PLANS = 'examples/comp';

/**
 * The plans a fix's `comp run` takes where the workspace has no comp-plans folder: those of the workspace's last
 * stored run (their folder when they are all of its plan files, else the files separated by commas), else the
 * example plans when the current folder has them (a checkout of salesops); null when neither is there to be
 * found from the current folder, and the fix says in words what to add.
 */
function knownPlans(context: CommandContext, workspace: Workspace): KnownPlans {
  return async () => {
    const runs = await workspace.store.listDocuments('comp_run');
    const last = runs.reduce<(typeof runs)[number] | undefined>(
      (latest, run) => (latest === undefined || run.savedAt >= latest.savedAt ? run : latest),
      undefined,
    );
    const files = last
      ? ((await compRun(workspace, last.key))?.body.plans.map((plan) => plan.file) ?? [])
      : [];
    const paths = files.map((file) => resolve(context.io.cwd, file));
    if (last && paths.length > 0 && paths.every((path) => existsSync(path))) {
      const folders = [...new Set(paths.map((path) => dirname(path)))];
      const [folder] = folders;
      const whole =
        folder !== undefined &&
        folders.length === 1 &&
        yamlFilesIn(folder).join() === [...paths].sort().join();
      const value = whole ? relative(context.io.cwd, folder) || '.' : files.join(',');
      return { value, which: `the plans of the ${last.key} run` };
    }
    const examples = resolve(context.io.cwd, EXAMPLE_PLANS);
    if (existsSync(examples) && statSync(examples).isDirectory() && yamlFilesIn(examples).length > 0)
      return { value: EXAMPLE_PLANS, which: 'the example plans (or your own)' };
    return null;
  };
}

/** The plan files of `--plans` (a folder of *.yaml, or files separated by commas), in name order. */
function planFiles(context: CommandContext, command: Command, option: string | undefined): string[] {
  const given = option ?? join(context.workspaceFolder(command), DEFAULT_PLANS);
  const named = given.split(',').map((entry) => entry.trim());
  // A file or folder given that is not there is a mistake to name, not one to pass over: with the others' plans
  // alone, its roles' deals would be refused as paid by no plan.
  const absent =
    option === undefined ? [] : named.filter((entry) => !existsSync(resolve(context.io.cwd, entry)));
  if (absent.length > 0) {
    throw new InputError(
      absent.map((entry) => ({
        message: `${entry} does not exist`,
        location: { field: '--plans' },
        fix: 'name plan YAML files or folders of them, separated by commas, e.g. --plans examples/comp',
      })),
    );
  }
  const entries = named.map((entry) => resolve(context.io.cwd, entry));
  const files = entries.flatMap((entry) => {
    if (existsSync(entry) && statSync(entry).isDirectory()) return yamlFilesIn(entry);
    return existsSync(entry) ? [entry] : [];
  });
  if (files.length === 0) {
    throw new InputError({
      message: `no plan files in ${option ?? `the workspace's ${DEFAULT_PLANS} folder`}`,
      location: { field: '--plans' },
      fix: `pass --plans examples/comp (a folder of plan YAML files, or files separated by commas), or put the plans in ${DEFAULT_PLANS}/ in the workspace`,
    });
  }
  return files;
}

function loadPlans(context: CommandContext, command: Command, option: string | undefined): PlanSource[] {
  return planFiles(context, command, option).map((file) => readPlanFile(context, file));
}

/**
 * The plans a model or what-if runs: the studied plan, with the plans of `--plans` (default: the plan's folder)
 * whose roles it does not pay, since overrides and overlays need the other roles' results.
 */
function plansAround(
  context: CommandContext,
  command: Command,
  studied: PlanSource,
  option: string | undefined,
): PlanSource[] {
  const folder = option ?? dirname(resolve(context.io.cwd, studied.file));
  const roles = new Set(studied.plan.roles.map((role) => role.name));
  const studiedPath = resolve(context.io.cwd, studied.file);
  const others = planFiles(context, command, folder)
    .filter((file) => file !== studiedPath)
    .map((file) => readPlanFile(context, file))
    .filter(({ plan }) => !plan.roles.some((role) => roles.has(role.name)));
  return [studied, ...others];
}

interface PeriodOptions {
  readonly period: string;
  readonly plans?: string;
}

/** The periods of the fiscal year before `period`, of the same kind. */
function earlierPeriods(calendar: FiscalCalendar, period: string): string[] {
  const last = calendar.parsePeriod(period);
  const all =
    last.kind === 'quarter' ? calendar.quartersOf(last.fiscalYear) : calendar.monthsOf(last.fiscalYear);
  return all.filter((each) => each.index < last.index).map((each) => each.name);
}

/** The stored statements of the closed periods before `period`: kept as paid, adjusted in the next open one. */
async function closedStatements(workspace: Workspace, period: string): Promise<Statement[]> {
  const earlier = earlierPeriods(workspace.config.fiscalCalendar, period);
  const runs = await Promise.all(earlier.map((name) => compRun(workspace, name)));
  return runs.flatMap((run) => (run?.body.closed ? run.body.statements : []));
}

/**
 * The recoverable draw balances the previous fiscal year's last closed run left, by payee, and that run's
 * period; null when no period of that year is closed (then the plans' opening balances apply).
 */
async function carriedDrawBalances(
  workspace: Workspace,
  period: string,
): Promise<{ from: string; balances: Record<string, MinorUnits> } | null> {
  const calendar = workspace.config.fiscalCalendar;
  const last = calendar.parsePeriod(period);
  const previous =
    last.kind === 'quarter'
      ? calendar.quartersOf(last.fiscalYear - 1)
      : calendar.monthsOf(last.fiscalYear - 1);
  for (const each of [...previous].reverse()) {
    const run = await compRun(workspace, each.name);
    if (run?.body.closed) {
      const balances = Object.fromEntries(
        run.body.statements.map((statement) => [statement.payee, statement.drawBalance]),
      );
      return { from: each.name, balances };
    }
  }
  return null;
}

/** Statements of every plan's payees for the year through `period`. */
function runPlans(
  inputs: readonly CompInput[],
  period: string,
  closed: readonly Statement[],
  openingDrawBalances: Readonly<Record<string, MinorUnits>> = {},
): Statement[] {
  return inputs.flatMap((input) => runCompensation({ ...input, closed, openingDrawBalances }, period));
}

/** `--period`, checked in the workspace's fiscal calendar: a problem is placed at the flag. */
function checkPeriod(workspace: Workspace, period: string): string {
  readField('--period', () => workspace.config.fiscalCalendar.parsePeriod(period));
  return period;
}

/** The check of the period `run`, `model` and `whatif` run ({@link checkPeriod}), once the workspace is open. */
function periodCheck(workspace: Workspace, options: PeriodOptions) {
  return { period: () => checkPeriod(workspace, options.period) };
}

function runCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('run'))
    .description('compute credits, attainment and earnings of every payee for a period, and store the run')
    .requiredOption('--period <period>', 'the plan period, e.g. FY2027-M03')
    .option(
      '--plans <folder|files>',
      `plan files: a folder of *.yaml or files separated by commas (default: the workspace's ${DEFAULT_PLANS}/)`,
    )
    .action(async (options: PeriodOptions, command: Command) => {
      const globals = context.globals(command);
      // Every argument checked, --as-of too, and all their problems reported at once.
      const body = await context.withCheckedWorkspace(
        command,
        {},
        (workspace) => ({
          ...periodCheck(workspace, options),
          // Checked once the workspace is open: the default plans are its comp-plans folder.
          plans: () => loadPlans(context, command, options.plans),
        }),
        async (workspace, { asOf, plans }) => {
          const existing = await compRun(workspace, options.period);
          if (existing?.body.closed) {
            const next = workspace.config.fiscalCalendar.next(options.period).name;
            throw new InputError({
              message: `${options.period} is closed (${existing.body.closed.at} by ${existing.body.closed.by}) and is never recomputed`,
              location: { field: '--period' },
              fix: `run the next open period (\`${context.commandLine(command)(`salesops comp run --period ${next}${options.plans === undefined ? '' : ` --plans ${shellWord(options.plans)}`}`)}\`): any change to ${options.period} becomes adjustment lines there`,
            });
          }
          const dataset = await context.loadDataset(workspace);
          const wired = workspaceCompInput(dataset, workspace.config, plans, options.period, asOf);
          const closed = await closedStatements(workspace, options.period);
          const carried = await carriedDrawBalances(workspace, options.period);
          if (carried) {
            const owed = Object.values(carried.balances).filter((balance) => balance > 0).length;
            context.note(
              `Opening draw balances from the closed run of ${carried.from}: ${owed} payee${owed === 1 ? '' : 's'} with a balance to recover.`,
            );
          }
          const statements = runPlans(wired.inputs, options.period, closed, carried?.balances).filter(
            (statement) => statement.period === options.period,
          );
          const run: CompRunBody = {
            period: options.period,
            asOf,
            plans: plans.map(({ plan, file }) => ({
              name: plan.name,
              file,
              timing: describeTiming(plan.payout),
            })),
            payees: wired.payees,
            statements,
            closed: null,
          };
          const saved = await workspace.store.saveDocument({
            kind: 'comp_run',
            key: options.period,
            body: run,
            savedAt: context.io.today(),
            savedBy: context.actor(),
            ...(existing ? { expectRevision: existing.revision } : { expectRevision: 0 }),
          });
          context.note(
            `Stored comp run ${options.period} (revision ${saved.revision}); close it with ` +
              `${closePeriodCommand(context.commandLine(command), options.period)}.`,
          );
          return run;
        },
      );
      // globals() has refused html: this command has no html rendering.
      context.out(renderRunSummary(body, globals.format === 'html' ? 'table' : globals.format));
    });
}

function closeCommand(context: CommandContext): Command {
  return new Command('close')
    .description(
      'close a period: its stored run is final; later changes become adjustments in the next period',
    )
    .requiredOption('--period <period>', 'the plan period, e.g. FY2027-M03')
    .action(async (options: { period: string }, command: Command) => {
      context.globals(command);
      await context.withWorkspace(command, async (workspace) => {
        const run = await requireCompRun(
          workspace,
          options.period,
          '--period',
          context.commandLine(command),
          knownPlans(context, workspace),
        );
        if (run.body.closed) {
          throw new InputError({
            message: `${options.period} was already closed (${run.body.closed.at} by ${run.body.closed.by})`,
            location: { field: '--period' },
            fix: 'nothing to do; corrections go to the next open period',
          });
        }
        const at = context.io.today();
        const actor = context.actor();
        const total = run.body.statements.reduce((sum, statement) => sum + statement.total, 0);
        const saved = await workspace.store.saveDocument({
          kind: 'comp_run',
          key: options.period,
          body: { ...run.body, closed: { at, by: actor } },
          savedAt: at,
          savedBy: actor,
          note: 'closed',
          expectRevision: run.revision,
        });
        await workspace.store.appendAudit({
          at,
          actor,
          action: 'comp.close',
          subject: `comp_run:${options.period}`,
          detail: { revision: saved.revision, payees: run.body.statements.length, total },
        });
        const currency = run.body.statements[0]?.currency ?? workspace.config.currency;
        context.out(
          `Closed ${options.period}: ${run.body.statements.length} statements, ${money(total, currency)} paid (run revision ${saved.revision}).\n`,
        );
      });
    });
}

function statementCommand(context: CommandContext): Command {
  return context.withHtml(
    new Command('statement')
      .description(
        "a payee's statement for a stored period: every line with its deals, rule, rate and formula",
      )
      .argument('<payee>', 'the rep id (CRM id), e.g. REP-0015')
      .requiredOption('--period <period>', 'the plan period, e.g. FY2027-M03')
      .action(async (payee: string, options: { period: string }, command: Command) => {
        const { format } = context.globals(command);
        const text = await context.withWorkspace(command, async (workspace) => {
          const {
            statement,
            payee: info,
            asOf,
            timing,
            closed,
          } = await storedStatement(
            workspace,
            payee,
            options.period,
            STATEMENT_ARGUMENTS,
            context.commandLine(command),
            knownPlans(context, workspace),
          );
          // As with payroll: CSV rows carry the rule's short code; the whole rule is said once.
          if (format === 'csv') context.note(`rounding (${ROUNDING_CODE}): ${statement.rounding}`);
          return renderStatement(
            {
              statement,
              payeeName: info.name,
              plan: info.plan,
              asOf,
              timing,
              closed,
            },
            format,
          );
        });
        context.out(text);
      }),
  );
}

function payrollCommand(context: CommandContext): Command {
  return new Command('payroll')
    .description('the payroll file of a stored period as CSV: payee, amount as a decimal of the currency')
    .requiredOption('--period <period>', 'the plan period, e.g. FY2027-M03')
    .action(async (options: { period: string }, command: Command) => {
      context.globals(command);
      const run = await context.withWorkspace(command, (workspace) =>
        requireCompRun(
          workspace,
          options.period,
          '--period',
          context.commandLine(command),
          knownPlans(context, workspace),
        ),
      );
      if (!run.body.closed) {
        context.note(
          `note: ${options.period} is not closed yet; close it with ` +
            closePeriodCommand(context.commandLine(command), options.period),
        );
      }
      context.note(`rounding (${ROUNDING_CODE}): ${ROUNDING_RULE}`);
      context.out(renderPayrollCsv(run.body));
    });
}

function checkCommand(context: CommandContext): Command {
  return new Command('check')
    .description('validate a plan file: every problem with its line, column and fix; exit code 2 if any')
    .argument('<plan>', 'the plan YAML file')
    .action((file: string, _options: unknown, command: Command) => {
      const { format } = context.globals(command);
      const { plan, file: shown } = readPlanFile(context, file);
      const summary = planSummary(plan);
      if (format === 'json') {
        context.out(`${JSON.stringify({ file: shown, valid: true, ...summary }, null, 2)}\n`);
        return;
      }
      // Each item wrapped within 110 columns under a deeper indent: an AM plan's payout timing ran to 129.
      const items = [
        `roles: ${summary.roles.join('; ')}`,
        `measures: ${summary.measures.join('; ')}`,
        ...(plan.spifs.length > 0 ? [`SPIFs: ${plan.spifs.map((spif) => spif.name).join(', ')}`] : []),
        ...(plan.draws.length > 0
          ? [
              `draws: ${plan.draws.map((draw) => `${draw.role} ${money(draw.amount, plan.currency)}${draw.recoverable ? ' recoverable' : ''}`).join(', ')}`,
            ]
          : []),
        ...(plan.clawback
          ? [
              `clawback: within ${plan.clawback.withinDays} days, attainment ${plan.clawback.reducesAttainment ? 'reduced' : 'kept'}`,
            ]
          : []),
        ...(plan.trueUp ? ['year-to-date true-up'] : []),
        `payout timing: ${summary.timing}`,
      ];
      context.out(
        [
          `${shown} is valid: ${plan.name}, ${plan.currency}, paid per ${plan.period}`,
          ...items.flatMap((item) => wrapLines(item, NOTE_WIDTH, '  ', '    ')),
          '',
        ].join('\n'),
      );
    });
}

function planSummary(plan: CompPlan) {
  return {
    name: plan.name,
    roles: plan.roles.map(
      (role) =>
        `${role.name} (${role.measures.join(', ')}${role.ote === null ? '' : `, OTE ${money(role.ote, plan.currency)}`}${role.override ? ', override' : ''})`,
    ),
    measures: plan.measures.map(
      (measure) =>
        `${measure.name}: ${measure.metric}, ${measure.method}${measure.tiers.length > 0 ? ` with ${measure.tiers.length} tiers` : ''}`,
    ),
    timing: describeTiming(plan.payout),
  };
}

interface ModelOptions extends PeriodOptions {
  readonly scenarios: string;
  readonly from: string;
}

/**
 * The history the scenarios draw attainment from: the statements of the periods before `period` this fiscal
 * year and of the whole year before, where the plans can be run on it (a year without quotas is left out).
 */
function history(
  context: CommandContext,
  dataset: Dataset,
  workspace: Workspace,
  plans: readonly PlanSource[],
  current: readonly Statement[],
  period: string,
  asOf: IsoDate,
): Statement[] {
  const calendar = workspace.config.fiscalCalendar;
  const before = current.filter((statement) => statement.period !== period);
  const last = calendar.parsePeriod(period);
  const previous =
    last.kind === 'quarter'
      ? calendar.quartersOf(last.fiscalYear - 1)
      : calendar.monthsOf(last.fiscalYear - 1);
  const end = previous.at(-1)?.name ?? '';
  try {
    const wired = workspaceCompInput(dataset, workspace.config, plans, end, asOf);
    return [...runPlans(wired.inputs, end, []), ...before];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    context.note(
      `note: FY${last.fiscalYear - 1} is left out of the history (${error.problems[0]?.message ?? ''})`,
    );
    return before;
  }
}

/**
 * What a model runs on: the arguments `model` and `whatif` share, checked ({@link scenarioChecks},
 * {@link periodCheck}), and the day.
 */
interface ModelRequest {
  readonly asOf: IsoDate;
  readonly period: string;
  readonly scenarios: readonly Scenario[];
  readonly source: ScenarioSource;
}

/**
 * The checks of the arguments `model` and `whatif` share that need no workspace, to run with the command's own
 * and --as-of ({@link CommandContext.withCheckedWorkspace}): the scenarios and their source.
 */
function scenarioChecks(options: ModelOptions) {
  return {
    scenarios: () => scenarioList(options.scenarios),
    source: () => scenarioSource(options.from),
  };
}

async function modelOf(
  context: CommandContext,
  workspace: Workspace,
  plans: readonly PlanSource[],
  request: ModelRequest,
  studied: string,
): Promise<{ model: PlanModel; actual: Statement[] }> {
  const { asOf, period } = request;
  const dataset = await context.loadDataset(workspace);
  const wired = workspaceCompInput(dataset, workspace.config, plans, period, asOf);
  const current = runPlans(wired.inputs, period, []);
  const past = history(context, dataset, workspace, plans, current, period, asOf);
  const scenarios = modelScenarios(request.scenarios, request.source, { workspace, dataset, period, asOf });
  const model = modelPlans({ inputs: wired.inputs, period, history: past }, scenarios, studied);
  const payees = new Set(
    wired.inputs.find((input) => input.plan.name === studied)?.payees.map((payee) => payee.id),
  );
  const actual = current.filter((statement) => statement.period === period && payees.has(statement.payee));
  return { model, actual };
}

/** The options `model` and `whatif` share: the scenarios, their source, and the other roles' plans. */
function withScenarioOptions(command: Command): Command {
  return command
    .option(
      '--scenarios <list>',
      'percentiles: p10,p50,p90 of the forecast, or any pNN of history',
      'p10,p50,p90',
    )
    .option(
      '--from <source>',
      `where scenarios come from: ${SCENARIO_SOURCES.join(', ')} (auto: the Sales Forecast's P10/P50/P90 where it has them, else history)`,
      'auto',
    )
    .option('--plans <folder|files>', "the other roles' plans (default: the plan's folder)");
}

function modelCommand(context: CommandContext): Command {
  return context.withHtml(
    withScenarioOptions(context.withAsOfInArguments(new Command('model')))
      .description(
        "a plan's cost under the forecast's P10/P50/P90 (or history's percentiles), its payout curve per role, cost % of revenue",
      )
      .argument('<plan>', 'the plan YAML file')
      .requiredOption('--period <period>', 'the plan period modelled, e.g. FY2027-M03')
      .action(async (file: string, options: ModelOptions, command: Command) => {
        const { format } = context.globals(command);
        // Every argument checked, --as-of too, and all their problems reported at once.
        const { model } = await context.withCheckedWorkspace(
          command,
          { studied: () => readPlanFile(context, file), ...scenarioChecks(options) },
          (workspace) => periodCheck(workspace, options),
          async (workspace, { studied, ...request }) => {
            const plans = plansAround(context, command, studied, options.plans);
            return modelOf(context, workspace, plans, request, studied.plan.name);
          },
        );
        context.out(renderPlanModel(model, format));
      }),
  );
}

interface WhatIfOptions extends ModelOptions {
  readonly set: string[];
}

function whatIfCommand(context: CommandContext): Command {
  return context.withHtml(
    withScenarioOptions(context.withAsOfInArguments(new Command('whatif')))
      .description(
        'a plan with changed parameters beside the plan as it is: the period actual and the modelled cost',
      )
      .argument('<plan>', 'the plan YAML file')
      .requiredOption(
        '--set <path=value>',
        'a changed parameter, e.g. accelerator.multiplier=2 or measures.bookings.rate=0.09 (repeatable)',
        (value: string, list: string[] = []) => [...list, value],
      )
      .requiredOption('--period <period>', 'the plan period, e.g. FY2027-M03')
      .addHelpText(
        'after',
        `
Examples (each changes the shipped example plan, whose accelerator is 1.5 and rate the target rate):
  $ salesops comp whatif examples/comp/ae.yaml --period FY2027-M03 --set accelerator.multiplier=2
  $ salesops comp whatif examples/comp/ae.yaml --period FY2027-M03 --set measures.bookings.rate=0.09`,
      )
      .action(async (file: string, options: WhatIfOptions, command: Command) => {
        const { format } = context.globals(command);
        // Every argument checked, --as-of too, and all their problems reported at once.
        const { edits, base, changed, before, after } = await context.withCheckedWorkspace(
          command,
          {
            edits: () => parsePlanEdits(options.set),
            base: () => readPlanFile(context, file),
            ...scenarioChecks(options),
          },
          (workspace) => periodCheck(workspace, options),
          async (workspace, { edits, base, ...request }) => {
            // The changes' paths and values are checked against the plan they change, once it has been read.
            const changed = readPlanFile(context, file, edits);
            const basePlans = plansAround(context, command, base, options.plans);
            const changedPlans = [changed, ...basePlans.slice(1)];
            return {
              edits,
              base,
              changed,
              before: await modelOf(context, workspace, basePlans, request, base.plan.name),
              after: await modelOf(context, workspace, changedPlans, request, changed.plan.name),
            };
          },
        );
        const rows = compareWhatIf(before, after, options.period);
        const title = `What-if on ${base.plan.name}, ${options.period}`;
        const notes = unreachedTierNotes(base.plan, changed.plan, before, after, options.period);
        // CSV rows are the figures alone: the notes go to stderr, as the statement's rounding rule does.
        if (format === 'csv') for (const note of notes) context.note(note);
        context.out(
          renderWhatIf(
            rows,
            {
              title,
              edits: edits.map((edit) => edit.text),
              currency: base.plan.currency,
              sources: before.model.scenarios.map((scenario) => `${scenario.scenario}: ${scenario.source}`),
              notes,
            },
            format,
          ),
        );
      }),
  );
}

export function compCommand(context: CommandContext): Command {
  const comp = new Command('comp')
    .description('compensation: plans, period runs, statements with a trace, payroll, cost models, what-ifs')
    .addHelpText(
      'after',
      `
Plans are YAML files (docs/compensation.md; examples in examples/comp). Money is exact: each statement line is
rounded once, half away from zero, and totals are sums of lines.

Examples:
  $ salesops comp check examples/comp/ae.yaml
  $ salesops comp run --period FY2027-M03 --plans examples/comp
  $ salesops comp statement REP-0015 --period FY2027-M03 --format md
  $ salesops comp close --period FY2027-M03
  $ salesops comp payroll --period FY2027-M03 > payroll.csv
  $ salesops comp model examples/comp/ae.yaml --period FY2027-M03 --format html > model.html
  $ salesops comp whatif examples/comp/ae.yaml --period FY2027-M03 --set accelerator.multiplier=2`,
    );
  for (const command of [
    checkCommand(context),
    runCommand(context),
    closeCommand(context),
    statementCommand(context),
    payrollCommand(context),
    modelCommand(context),
    whatIfCommand(context),
  ]) {
    comp.addCommand(command);
  }
  return comp;
}

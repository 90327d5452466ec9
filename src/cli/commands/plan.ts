/**
 * `salesops plan`: territory, quota and capacity planning as one versioned plan. `plan new` starts a version;
 * `segment`, `capacity`, `territories` and `quotas` compute each step into it (each a new revision of the plan's
 * document); `diff` compares two versions; `report` renders the Territory Plan; `activate` makes a version the
 * plan in force (archiving the one before, with an audit entry); `list` shows them all.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Dataset } from '../../dataset/dataset.js';
import { NO_DAY, textAt } from '../../dataset/dataset.js';
import { fromDayNumber, toDayNumber, type IsoDate } from '../../domain/dates.js';
import type { FiscalPeriod } from '../../domain/fiscal-calendar.js';
import {
  type ArgumentCheck,
  type AwaitedValues,
  type CommandLine,
  InputError,
  type Problem,
  readField,
} from '../../domain/errors.js';
import { andMore } from '../../domain/listing.js';
import { parseDecimalToMinor, type MinorUnits } from '../../domain/money.js';
import { parseYamlDocument } from '../../domain/yaml-document.js';
import { capacityPlan, type CapacityPlan } from '../../planning/capacity.js';
import { coverageModel, type CoverageResult } from '../../planning/coverage.js';
import { diffPlans, type PlanDiff } from '../../planning/plan-diff.js';
import { allocateQuotas, type QuotaPlan } from '../../planning/quotas.js';
import { balanceTerritories, type RepLoad, type TerritoryAssignment } from '../../planning/territories.js';
import { loadHighs, solveTerritoriesExact, type ExactResult } from '../../planning/territories-exact.js';
import { QUOTA_METHODS, type QuotaMethod } from '../../domain/planning-config.js';
import { evaluateMetrics } from '../../analytics/evaluate-metrics.js';
import { parseAnalysisPeriod } from '../../analytics/periods.js';
import { observedRampedQuota, type ObservedRampedQuota } from '../../analytics/rep-periods.js';
import { buildTerritoryPlan, type TrailingResults } from '../../reports/territory-plan/model.js';
import {
  renderTerritoryPlanHtml,
  renderTerritoryPlanJson,
  renderTerritoryPlanMarkdown,
} from '../../reports/territory-plan/render.js';
import { whitespaceNote } from '../../reports/territory-plan/sections.js';
import {
  renderTerritoryPlanText,
  type RepNaming,
  textTableWrappingLast,
  textTablesNamingReps,
} from '../../reports/territory-plan/text.js';
import {
  assertEditable,
  planAssignments,
  territoryProblem,
  type BookAccount,
  type PlanQuota,
  type TerritoryPlanning,
  checkPlanName,
  fiscalYearOf,
  startPlanVersion,
  type PlanVersion,
  type RosterRep,
} from '../../planning/plan-version.js';
import {
  coverageRulesExample,
  parseAssignmentRules,
  rulesRosterProblems,
  type AssignmentRule,
} from '../../planning/rules.js';
import {
  planningAccountsFromDataset,
  wonBookingsByRep,
  segmentAccounts,
  type SegmentationResult,
} from '../../planning/segmentation.js';
import { wholeMoney } from '../../reports/sales-forecast/format.js';
import {
  fitsTerminal,
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
  wrapLines,
  type Column,
} from '../../reports/table.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';
import { assertReadable } from '../../ingest/readers/index.js';
import { namedFile, readRoster, type NamedFile } from './plan-inputs.js';
import { moneyNumber } from '../../services/pipeline.js';
import { type Format, unknownChoice } from '../io.js';
import {
  activateStoredPlan,
  activePlan,
  freeVersionName,
  listPlans,
  loadPlan,
  PLAN_NAME_STAND_IN,
  savePlan,
  type LoadedPlan,
} from './plan-store.js';

/** Segmentation as a plan keeps it: the totals, not every account (the territory step re-derives those). */
export type PlanSegmentation = Omit<SegmentationResult, 'accounts' | 'withoutPotential'> & {
  readonly withoutPotential: number;
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const percent = (fraction: number | null) => (fraction === null ? 'n/a' : `${(fraction * 100).toFixed(1)}%`);

function table<Row>(format: Format, columns: readonly Column<Row>[], rows: readonly Row[]): string {
  if (format === 'csv') return renderCsv(columns, rows);
  return format === 'md' ? renderMarkdownTable(columns, rows) : renderTextTable(columns, rows);
}

/**
 * A sentence as a format prints it: in the terminal wrapped at {@link NOTE_WIDTH} under a hanging indent (as the
 * forecast's notes are), in Markdown one line.
 */
function prose(format: Format, text: string, first = '', rest = `${first}  `): string {
  return format === 'table' ? wrapLines(text, NOTE_WIDTH, first, rest).join('\n') : `${first}${text}`;
}

/**
 * A money column: whole units of the currency in tables, a plain number of major units in CSV (as `salesops
 * metrics` gives money).
 */
function moneyColumn<Row>(header: string, currency: string, amount: (row: Row) => number): Column<Row> {
  return {
    header,
    value: (row) => moneyNumber(amount(row), currency),
    display: (row) => wholeMoney(amount(row), currency),
  };
}

/** The options a plan step reads from the command line. */
interface StepContext {
  readonly workspace: Workspace;
  /** Commands in fixes and notes, with the run's `--workspace`. */
  readonly commandLine: CommandLine;
  readonly loaded: LoadedPlan;
  readonly asOf: IsoDate;
  readonly format: Format;
}

/** The reps on the CRM on `asOf` in a quota-carrying role: the roster when the plan has none. */
export function crmRoster(dataset: Dataset, asOf: IsoDate, quotaRoles: readonly string[]): RosterRep[] {
  const { reps, labels } = dataset;
  const day = toDayNumber(asOf);
  const roles = new Set(quotaRoles.map((role) => role.toLowerCase()));
  const roster: RosterRep[] = [];
  for (let i = 0; i < reps.count; i++) {
    const role = labels.role[reps.roleCode[i] ?? 0] ?? '';
    const hired = reps.hireDay[i] ?? NO_DAY;
    const ended = reps.endDay[i] ?? NO_DAY;
    if (
      !roles.has(role.toLowerCase()) ||
      (ended !== NO_DAY && ended < day) ||
      (hired !== NO_DAY && hired > day)
    )
      continue;
    const label = (kind: 'team' | 'segment' | 'region', code: number | undefined) =>
      labels[kind][code ?? 0] || null;
    roster.push({
      id: textAt(reps.crmId, i),
      name: textAt(reps.name, i),
      role,
      team: label('team', reps.teamCode[i]),
      segment: label('segment', reps.segmentCode[i]),
      region: label('region', reps.regionCode[i]),
      tiers: [],
      weight: 100,
      capPerDay: null,
      hireDate: hired === NO_DAY ? null : fromDayNumber(hired),
      maxAccounts: null,
      ote: null,
      source: 'crm',
    });
  }
  return roster;
}

/** The plan's roster, else the CRM's sellers on the as-of day. */
function rosterOf(
  plan: PlanVersion,
  dataset: Dataset,
  asOf: IsoDate,
  workspace: Workspace,
): readonly RosterRep[] {
  return plan.inputs.roster.length > 0
    ? plan.inputs.roster
    : crmRoster(dataset, asOf, workspace.config.planning.capacity.quotaRoles);
}

/** Reads a rules file (YAML) with every problem located at file:line:column. */
export async function readRulesFile(
  file: NamedFile,
  currency: string,
): Promise<{ document: unknown; rules: AssignmentRule[]; yaml: ReturnType<typeof parseYamlDocument> }> {
  await assertReadable(file.path, file.name);
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    throw new InputError({
      message: `cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      location: { file: file.name },
      fix: 'check the path',
    });
  }
  const yaml = parseYamlDocument(text, file.name);
  const parsed = parseAssignmentRules(yaml.value, currency);
  if (!parsed.ok) throw new InputError(yaml.locate(parsed.problems));
  return { document: yaml.value, rules: parsed.rules, yaml };
}

/** A plan's stored rules, parsed (they were checked when saved). */
export function planRules(plan: PlanVersion, currency: string): AssignmentRule[] {
  if (!plan.inputs.rules) return [];
  const parsed = parseAssignmentRules(plan.inputs.rules.document, currency);
  if (!parsed.ok) {
    throw new InputError({
      message: `plan ${plan.name}'s rules (from ${plan.inputs.rules.file}) no longer parse`,
      fix: 'give the rules again with --rules',
    });
  }
  return parsed.rules;
}

function computeSegmentation(
  workspace: Workspace,
  dataset: Dataset,
  asOf: IsoDate,
): { result: SegmentationResult; accounts: ReturnType<typeof planningAccountsFromDataset> } {
  const { config } = workspace;
  const accounts = planningAccountsFromDataset(dataset, config, toDayNumber(asOf));
  const result = segmentAccounts(accounts, {
    potential: config.planning.potential,
    segments: config.segments,
    tiers: config.tiers,
  });
  return { result, accounts };
}

export function summarizeSegmentation(result: SegmentationResult): PlanSegmentation {
  const { accounts: _accounts, withoutPotential, ...totals } = result;
  return { ...totals, withoutPotential: withoutPotential.length };
}

function coverageFor(workspace: Workspace, segmentation: PlanSegmentation, roster: readonly RosterRep[]) {
  return coverageModel(
    new Map(segmentation.tiers.map((tier) => [tier.tier, tier.count])),
    workspace.config.planning.coverage,
    roster.map((rep) => rep.role),
  );
}

function renderSegmentation(
  plan: PlanVersion,
  segmentation: PlanSegmentation,
  coverage: CoverageResult,
  currency: string,
  format: Format,
): string {
  if (format === 'json')
    return json({ plan: plan.name, currency, moneyUnit: 'minor', segmentation, coverage });
  const money = (minor: number) => wholeMoney(minor, currency);
  type Tier = PlanSegmentation['tiers'][number];
  const tierColumns: Column<Tier>[] = [
    { header: 'Tier', value: (row) => (row.label ? `${row.tier} (${row.label})` : row.tier) },
    { header: 'Count', value: (row) => row.count },
    moneyColumn('Potential ARR', currency, (row) => row.potential),
    moneyColumn('Current ARR', currency, (row) => row.currentArr),
    moneyColumn('Whitespace', currency, (row) => row.whitespace),
    { header: 'Penetration', value: (row) => row.penetration, display: (row) => percent(row.penetration) },
    { header: 'Strategy', value: (row) => row.strategy },
  ];
  type Line = CoverageResult['lines'][number];
  const coverageColumns: Column<Line>[] = [
    { header: 'Tier', value: (row) => row.tier },
    { header: 'Role', value: (row) => row.role.toUpperCase() },
    { header: 'Accounts', value: (row) => row.accounts },
    {
      header: 'Accounts per rep',
      value: (row) => row.accountsPerRep,
      display: (row) => (row.accountsPerRep === null ? 'digital' : String(row.accountsPerRep)),
    },
    { header: 'Overflow', value: (row) => row.overflowReps },
    { header: 'Reps needed', value: (row) => row.needed },
    { header: 'Current', value: (row) => row.current },
    { header: 'Gap', value: (row) => row.gap },
  ];
  if (format === 'csv') return renderCsv(tierColumns, segmentation.tiers);
  const lines = [
    prose(
      format,
      `Plan ${plan.name}: ${segmentation.total.count.toLocaleString('en-US')} accounts, potential ${money(segmentation.total.potential)}, current ARR ${money(segmentation.total.currentArr)} (${percent(segmentation.total.penetration)} penetration)`,
    ),
    '',
    (format === 'table'
      ? textTableWrappingLast(tierColumns, segmentation.tiers)
      : table(format, tierColumns, segmentation.tiers)
    ).trimEnd(),
    '',
    prose(format, whitespaceNote(segmentation.total, currency)),
    '',
    coverage.lines.length > 0
      ? table(format, coverageColumns, coverage.lines).trimEnd()
      : prose(
          format,
          'No coverage model: add planning.coverage to salesops.yaml (e.g. Tier 1: one AM per 25 accounts).',
        ),
  ];
  if (coverage.uncoveredTiers.length > 0)
    lines.push('', prose(format, `Tiers without a coverage line: ${coverage.uncoveredTiers.join(', ')}.`));
  if (segmentation.withoutPotential > 0) {
    lines.push(
      '',
      prose(
        format,
        `${segmentation.withoutPotential} accounts have no potential (counted at 0): import it, or give planning.potential's formula.`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderDiff(
  diff: PlanDiff,
  currency: string,
  format: Format,
  commandLine: (words: string) => string,
): string {
  if (format === 'json') return json({ currency, moneyUnit: 'minor', ...diff });
  const money = (minor: number | null) => (minor === null ? '-' : wholeMoney(minor, currency));
  type Move = PlanDiff['moves'][number];
  type Quota = PlanDiff['quotaChanges'][number];
  type Head = PlanDiff['headcount'][number];
  const moveColumns: Column<Move>[] = [
    { header: 'Account', value: (row) => `${row.accountName} (${row.accountId})` },
    { header: 'From', value: (row) => row.fromRepId ?? '-' },
    { header: 'To', value: (row) => row.toRepId ?? '-' },
    { header: 'Customer', value: (row) => (row.customer ? 'yes' : 'no') },
    { header: 'Potential', value: (row) => row.potential, display: (row) => money(row.potential) },
    { header: 'Why', value: (row) => row.reason },
  ];
  const quotaColumns: Column<Quota>[] = [
    { header: 'Rep', value: (row) => `${row.repName} (${row.repId})` },
    { header: 'From', value: (row) => row.from, display: (row) => money(row.from) },
    { header: 'To', value: (row) => row.to, display: (row) => money(row.to) },
    // Signed both ways, as the what-if's changes are: a raise reads +$49,499 beside a cut's -$33,218.
    {
      header: 'Change',
      value: (row) => row.change,
      display: (row) => `${row.change > 0 ? '+' : ''}${money(row.change)}`,
    },
    { header: 'Why', value: (row) => row.reason },
  ];
  const headColumns: Column<Head>[] = [
    { header: 'Role', value: (row) => row.role.toUpperCase() },
    { header: 'From', value: (row) => row.from },
    { header: 'To', value: (row) => row.to },
    ...(format === 'table'
      ? [
          {
            header: 'Reps added and removed',
            value: (row: Head) =>
              [
                row.added.length > 0 ? `added ${row.added.join(', ')}` : '',
                row.removed.length > 0 ? `removed ${row.removed.join(', ')}` : '',
              ]
                .filter((text) => text !== '')
                .join('; '),
          },
        ]
      : [
          { header: 'Added', value: (row: Head) => row.added.join(', ') },
          { header: 'Removed', value: (row: Head) => row.removed.join(', ') },
        ]),
  ];
  // In the terminal the prose column (Why, the reps) wraps under its header, and the account moves, often
  // thousands for a few reasons, are grouped by reason, to keep within 110 columns.
  const render = <Row>(columns: Column<Row>[], rows: readonly Row[]) =>
    format === 'table'
      ? textTableWrappingLast(columns, rows).trimEnd()
      : table(format, columns, rows).trimEnd();
  const section = <Row>(title: string, columns: Column<Row>[], rows: readonly Row[], none: string) => [
    title,
    rows.length > 0 ? render(columns, rows) : prose(format, none),
    '',
  ];
  const count = (n: number) => n.toLocaleString('en-US');
  const movesByReason = () => {
    const groups = new Map<string, Move[]>();
    for (const move of diff.moves) groups.set(move.reason, [...(groups.get(move.reason) ?? []), move]);
    // The most common reason first; a tie in the order the reasons first come.
    return [...groups].sort(([, a], [, b]) => b.length - a.length);
  };
  const movesSection =
    format === 'table' && diff.moves.length > 0
      ? [
          'Account moves, by reason',
          ...movesByReason().flatMap(([reason, moves]) => [
            prose(format, `${reason} (${count(moves.length)}):`),
            renderTextTable(moveColumns.slice(0, -1), moves).trimEnd(),
            '',
          ]),
        ]
      : null;
  /** Why a part is not compared: the plans without it, and the step that sets it. */
  const notCompared = (plans: readonly string[], what: string, step: string) =>
    `Not compared: ${plans.map((plan) => `plan ${plan}`).join(' and ')} ${plans.length === 1 ? 'has' : 'have'} no ${what} yet (${plans.map((plan) => `\`${commandLine(`salesops plan ${step} ${plan}`)}\``).join('; ')}).`;
  const accounts =
    diff.withoutTerritories.length > 0
      ? 'accounts not compared'
      : `${count(diff.moves.length)} account moves (${count(diff.moves.filter((move) => move.customer).length)} customers), ${count(diff.unchangedAccounts)} accounts unchanged`;
  const quotas =
    diff.withoutQuotas.length > 0
      ? 'quotas not compared'
      : `${count(diff.quotaChanges.length)} quota changes`;
  return `${[
    prose(format, `Plan ${diff.to} against ${diff.from}: ${accounts}, ${quotas}`),
    '',
    ...(movesSection ??
      section(
        'Account moves',
        moveColumns,
        diff.moves,
        diff.withoutTerritories.length > 0
          ? notCompared(diff.withoutTerritories, 'territories', 'territories')
          : 'No account moves.',
      )),
    ...section(
      'Quota changes',
      quotaColumns,
      diff.quotaChanges,
      diff.withoutQuotas.length > 0
        ? notCompared(diff.withoutQuotas, 'quotas', 'quotas')
        : 'No quota changes.',
    ),
    ...section(
      'Headcount',
      headColumns,
      diff.headcount,
      diff.withoutTerritories.length > 0
        ? notCompared(diff.withoutTerritories, 'team (set with its territories)', 'territories')
        : 'No headcount changes.',
    ),
  ]
    .join('\n')
    .trimEnd()}\n`;
}

/** What a plan step made: the plan to save, its revision note, what to print and the step a planner takes next. */
interface StepResult {
  readonly plan: PlanVersion;
  readonly note: string;
  readonly output: string;
  /** The next step's command (printed after a table, with the run's `--workspace`). */
  readonly next: { readonly why: string; readonly words: string; readonly redirect?: string };
}

/** The values of a plan command's argument checks, awaited, each under its check's name, and the --as-of day. */
type CheckedArguments<Checks extends Record<string, ArgumentCheck>> = {
  readonly asOf: IsoDate;
} & AwaitedValues<Checks>;

/**
 * Runs a step on a plan in planning: checks its arguments (the plan, --as-of and the step's own `checks`, all
 * problems reported at once), loads the plan, computes, saves the new revision, prints; a table ends with the next
 * step, so that a planner new to the order of the steps is led through them.
 */
async function planStep<Checks extends Record<string, ArgumentCheck>>(
  context: CommandContext,
  command: Command,
  name: string,
  checks: (workspace: Workspace) => Checks,
  step: (step: StepContext, checked: CheckedArguments<Checks>) => Promise<StepResult>,
): Promise<void> {
  const globals = context.globals(command);
  const commandLine = context.commandLine(command);
  const output = await context.withWorkspace(command, async (workspace) => {
    // The plan is looked up with the step's own arguments, so that a misspelt plan is reported with them.
    const checked = (await context.checkArgumentsAndAsOfAsync(command, {
      loaded: () => loadPlan(workspace.store, name, commandLine),
      ...checks(workspace),
    })) as CheckedArguments<Checks> & { readonly loaded: LoadedPlan };
    const { asOf, loaded } = checked;
    assertEditable(
      loaded.plan,
      await freeVersionName(workspace.store, yearAfter(workspace, asOf).name),
      commandLine,
    );
    const result = await step({ workspace, loaded, asOf, format: globals.format, commandLine }, checked);
    await savePlan(workspace.store, loaded, result.plan, {
      savedAt: context.io.today(),
      savedBy: context.actor(),
      note: result.note,
    });
    if (globals.format !== 'table') return result.output;
    const { why, words, redirect } = result.next;
    // The command on a line of its own, so that it copies as printed.
    return `${result.output}\n${prose('table', `Next, ${why}:`)}\n  ${commandLine(words)}${redirect ?? ''}\n`;
  });
  context.out(output);
}

/** `--format csv` refused, for a command whose output is no one table (a document, a diff). */
function refuseCsv(format: Format, message: string, fix: string): void {
  if (format === 'csv') throw new InputError({ message, location: { field: '--format' }, fix });
}

/** A step without arguments of its own to check (beyond the plan and --as-of). */
const noChecks = () => ({});

/** `--year`: a fiscal year of the workspace's calendar (a quarter is refused, naming the year it is in). */
function checkedFiscalYear(workspace: Workspace, text: string): FiscalPeriod {
  const period = readField('--year', () => workspace.config.fiscalCalendar.parsePeriod(text));
  if (period.kind !== 'year') {
    const year = workspace.config.fiscalCalendar.periodContaining(period.start, 'year').name;
    throw new InputError({
      message: `${text} is not a fiscal year`,
      location: { field: '--year' },
      fix: `name a fiscal year such as ${year}`,
    });
  }
  return period;
}

/** The fiscal year after the one `asOf` is in: the year a new plan plans unless told otherwise. */
export function yearAfter(workspace: Workspace, asOf: IsoDate): FiscalPeriod {
  const calendar = workspace.config.fiscalCalendar;
  return calendar.next(calendar.periodContaining(asOf, 'year'));
}

function newCommand(context: CommandContext): Command {
  return new Command('new')
    .description('start a plan version (state planning) from the active plan, another version, or empty')
    .argument('[name]', 'the plan name, e.g. FY2028 (default: --year, else the fiscal year after --as-of)')
    .option('--from <plan>', 'active, a plan name, or empty', 'active')
    .option(
      '--year <FY>',
      'the fiscal year planned (default: from the name, e.g. FY2028-v2, else the plan it starts from, else the year after --as-of)',
    )
    .addHelpText(
      'after',
      `
A plan of a fiscal year that has begun by --as-of is made, with a warning on stderr naming the next year.

Examples:
  $ salesops plan new --from empty          # the fiscal year after today's, named after it (e.g. FY2028)
  $ salesops plan new FY2028-v2 --from FY2028`,
    )
    .action(async (given: string | undefined, flags: { from: string; year?: string }, command: Command) => {
      const globals = context.globals(command);
      const commandLine = context.commandLine(command);
      const { plan: output, started } = await context.withWorkspace(command, async (workspace) => {
        const calendar = workspace.config.fiscalCalendar;
        const checked = await context.checkArgumentsAndAsOfAsync(command, {
          given: () => (given === undefined ? undefined : checkPlanName(given)),
          year: () => (flags.year === undefined ? undefined : checkedFiscalYear(workspace, flags.year)),
          from: async ({ asOf }) => {
            const reference = flags.from.toLowerCase();
            if (reference === 'empty') return null;
            if (reference !== 'active')
              return (await loadPlan(workspace.store, flags.from, commandLine)).plan;
            const active = (await activePlan(workspace.store))?.plan;
            if (active) return active;
            // The plan as named, else as --year names it; a day given, the year after it, as the plan defaults to.
            const named = given ?? flags.year ?? (asOf ? yearAfter(workspace, asOf as IsoDate).name : '');
            throw new InputError({
              message: 'there is no active plan to start from (--from is active unless given)',
              location: { field: '--from' },
              fix: `start from scratch: \`${commandLine(`salesops plan new ${named ? `${named} ` : ''}--from empty`)}\``,
            });
          },
        });
        const { asOf, from } = checked;
        const nextYear = yearAfter(workspace, asOf);
        const name = checkPlanName(given ?? flags.year ?? nextYear.name);
        const existing = await workspace.store.document<PlanVersion>('plan_version', name);
        if (existing) {
          // Only a plan in planning changes; an active or archived one is the base of a new version.
          const editable = existing.body.state === 'planning';
          throw new InputError({
            message: `plan ${name} exists already${editable ? '' : ` (${existing.body.state})`}`,
            fix: `${editable ? 'change it with the plan steps, or copy it' : 'start another version'}: \`${commandLine(`salesops plan new ${await freeVersionName(workspace.store, name)} --from ${name}`)}\``,
          });
        }
        const fiscalYear = flags.year ?? fiscalYearOf(name, from?.inputs.fiscalYear ?? nextYear.name);
        const year = checked.year ?? calendar.parsePeriod(fiscalYear);
        const plan = startPlanVersion(name, fiscalYear, from);
        await savePlan(workspace.store, null, plan, {
          savedAt: context.io.today(),
          savedBy: context.actor(),
          note: `new from ${plan.from}`,
        });
        // The command that plans the next year instead, unless a plan has its name already.
        const next = (await workspace.store.document('plan_version', nextYear.name))
          ? ` (there is a plan ${nextYear.name} already)`
          : `: \`${commandLine(`salesops plan new ${nextYear.name} --from ${flags.from}`)}\``;
        return { plan, started: year.start <= asOf ? { year, nextYear: nextYear.name, next, asOf } : null };
      });
      if (started) {
        const { year, nextYear, next, asOf } = started;
        const state = year.end < asOf ? 'over' : 'under way';
        context.note(
          `warning: plan ${output.name} plans ${year.name}, a year already ${state} ` +
            `(${year.start}..${year.end}, as of ${asOf}); the next fiscal year is ${nextYear}${next}`,
        );
      }
      if (globals.format === 'json') context.out(json(output));
      else
        context.out(
          `Plan ${output.name}${output.name === output.inputs.fiscalYear ? '' : ` (fiscal year ${output.inputs.fiscalYear})`} ` +
            `is in planning, started from ${output.from}.\n` +
            `Next: ${commandLine(`salesops plan segment ${output.name}`)}\n`,
        );
    });
}

function listCommand(context: CommandContext): Command {
  return new Command('list')
    .description('every plan version with its state, revision and last change')
    .action(async (_flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const { plans, nextYear } = await context.withWorkspace(command, async (workspace) => {
        const { asOf } = await context.checkArgumentsAndAsOfAsync(command, {});
        return { plans: await listPlans(workspace.store), nextYear: yearAfter(workspace, asOf).name };
      });
      const rows = plans.map((entry) => ({
        name: entry.plan.name,
        state: entry.plan.state,
        fiscalYear: entry.plan.inputs.fiscalYear,
        from: entry.plan.from,
        revision: entry.revision,
        savedAt: entry.savedAt,
        savedBy: entry.savedBy,
        reps: entry.plan.inputs.roster.length,
        accounts: entry.plan.assignments?.length ?? null,
        target: entry.plan.inputs.target,
        activated: entry.plan.activated,
      }));
      if (globals.format === 'json') {
        context.out(json(rows));
        return;
      }
      if (rows.length === 0) {
        const start = context.commandLine(command)(`salesops plan new ${nextYear} --from empty`);
        context.out(`No plans yet: start one with \`${start}\`.\n`);
        return;
      }
      type Row = (typeof rows)[number];
      const columns: Column<Row>[] = [
        { header: 'Plan', value: (row) => row.name },
        { header: 'State', value: (row) => row.state },
        { header: 'Year', value: (row) => row.fiscalYear },
        { header: 'From', value: (row) => row.from },
        { header: 'Revision', value: (row) => row.revision },
        { header: 'Saved', value: (row) => `${row.savedAt}${row.savedBy ? ` by ${row.savedBy}` : ''}` },
        {
          header: 'Accounts',
          value: (row) => row.accounts,
          display: (row) => (row.accounts === null ? '-' : row.accounts.toLocaleString('en-US')),
        },
      ];
      context.out(table(globals.format, columns, rows));
    });
}

function segmentCommand(context: CommandContext): Command {
  return new Command('segment')
    .description('tiers, potential, current ARR and whitespace of the book, and the coverage model')
    .argument('<name>', 'the plan')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await planStep(context, command, name, noChecks, async ({ workspace, loaded, asOf, format }) => {
        const dataset = await context.loadDataset(workspace);
        const segmentation = summarizeSegmentation(computeSegmentation(workspace, dataset, asOf).result);
        if (segmentation.total.count === 0) {
          const commandLine = context.commandLine(command, context.globals(command).workspace ?? '.');
          throw new InputError({
            message: 'the workspace holds no accounts to segment',
            fix: `import your CRM's accounts (\`${context.asRun('salesops import --help')}\`), or try a demo: \`${commandLine('salesops demo')}\``,
          });
        }
        const roster = rosterOf(loaded.plan, dataset, asOf, workspace);
        const coverage = coverageFor(workspace, segmentation, roster);
        const plan: PlanVersion = {
          ...loaded.plan,
          inputs: { ...loaded.plan.inputs, dataVersion: dataset.dataVersion, asOf },
          segmentation,
          coverage,
        };
        const capacity = firstCapacityRun(name, workspace, loaded.plan, dataset, asOf);
        return {
          plan,
          note: `segment as of ${asOf}`,
          output: renderSegmentation(plan, segmentation, coverage, workspace.config.currency, format),
          next: { why: `the reps a revenue target needs (${capacity.example})`, words: capacity.words },
        };
      });
    });
}

/** The example target where nothing was won in the last 12 months (whole units of the currency). */
const FALLBACK_EXAMPLE_TARGET = 24_000_000;

/**
 * The example target of the first capacity run, in whole units of the currency: the last 12 months' won revenue
 * (a flat year) rounded to two significant digits, e.g. 50,016,966.40 -> 50,000,000 and 1,249,000 -> 1,200,000;
 * null where nothing was won.
 */
export function exampleTarget(wonRevenue: number): number | null {
  if (!(wonRevenue >= 1)) return null;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(wonRevenue)) - 1);
  return Math.round(wonRevenue / step) * step;
}

/**
 * The capacity step as a planner would first run it: on the plan's own target where it has one (started from
 * another plan), else with an example target (a flat year on the last 12 months' won revenue, which the line names
 * so that the planner sets their own against it); and with an example ramped quota while neither the plan,
 * salesops.yaml (planning.capacity.rampedQuota) nor the CRM's quotas know one.
 */
function firstCapacityRun(
  name: string,
  workspace: Workspace,
  plan: PlanVersion,
  dataset: Dataset,
  asOf: IsoDate,
): { readonly words: string; readonly example: string } {
  const known =
    (plan.capacity as CapacityPlan | null)?.rampedQuota ??
    workspace.config.planning.capacity.rampedQuota ??
    workspaceRampedQuota(workspace, dataset, asOf)?.quota ??
    null;
  const { currency } = workspace.config;
  const quota = known === null ? ' --quota 900000' : '';
  const { target } = plan.inputs;
  if (target !== null) {
    // A plan started from another keeps its target: run the step on it, and say how to set another.
    return {
      example: `the plan's target, ${wholeMoney(target, currency)}; --target sets another`,
      words: `salesops plan capacity ${name}${quota}`,
    };
  }
  const { wonRevenue, from, to } = trailingResults(workspace, dataset, asOf);
  const flat = exampleTarget(moneyNumber(wonRevenue, currency));
  return {
    example: `your target, in whole units of the currency; ${flat === null ? `nothing was won ${from}..${to}` : `the example is a flat year: ${wholeMoney(wonRevenue, currency)} won ${from}..${to}`}`,
    words: `salesops plan capacity ${name} --target ${flat ?? FALLBACK_EXAMPLE_TARGET}${quota}`,
  };
}

/**
 * A ramped rep's yearly quota as the workspace's own quotas of the fiscal year holding `asOf` set it (the median
 * over ramped reps in a quota-carrying role), for a capacity plan that is given none; null without such quotas.
 */
function workspaceRampedQuota(
  workspace: Workspace,
  dataset: Dataset,
  asOf: IsoDate,
): (ObservedRampedQuota & { readonly year: string }) | null {
  const calendar = workspace.config.fiscalCalendar;
  const year = calendar.periodContaining(asOf, 'year');
  const observed = observedRampedQuota(
    dataset,
    calendar,
    { name: year.name, startDay: toDayNumber(year.start), endDay: toDayNumber(year.end) },
    workspace.config.planning.capacity.quotaRoles,
  );
  return observed && { ...observed, year: year.name };
}

/** An amount in major units of the corporate currency from a flag, as exact minor units. */
export function parseAmountFlag(flag: string, text: string, currency: string): MinorUnits {
  const plain = text.trim().replace(/[,_]/g, '');
  let amount: MinorUnits | null = null;
  try {
    amount = parseDecimalToMinor(plain, currency);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  if (amount === null || amount <= 0) {
    throw new InputError({
      message: `${flag} must be an amount greater than 0 in ${currency} (got ${JSON.stringify(text)})`,
      fix: `pass e.g. ${flag} 24000000 (major units of ${currency}, no currency sign)`,
    });
  }
  return amount;
}

function renderCapacity(plan: PlanVersion, capacity: CapacityPlan, currency: string, format: Format): string {
  if (format === 'json') return json({ plan: plan.name, currency, moneyUnit: 'minor', capacity });
  const money = (minor: number) => wholeMoney(minor, currency);
  const decimal = (value: number) => value.toFixed(1);
  // The terminal's headers are short, to keep within 110 columns; a legend under the table explains them, and CSV
  // and Markdown keep the long ones.
  const header = (long: string, short: string) => (format === 'table' ? short : long);
  type Scenario = CapacityPlan['scenarios'][number];
  const columns: Column<Scenario>[] = [
    { header: 'Scenario', value: (row) => row.scenario },
    {
      header: 'Attainment',
      value: (row) => row.assumptions.expectedAttainment,
      display: (row) => percent(row.assumptions.expectedAttainment),
    },
    {
      header: 'Attrition',
      value: (row) => row.assumptions.annualAttrition,
      display: (row) => percent(row.assumptions.annualAttrition),
    },
    {
      header: header('Ramped reps needed', 'Reps needed'),
      value: (row) => row.rampedRepsNeeded,
      display: (row) => decimal(row.rampedRepsNeeded),
    },
    {
      header: header('Team rep-years', 'Rep-years'),
      value: (row) => row.currentRepYears,
      display: (row) => decimal(row.currentRepYears),
    },
    moneyColumn(header('Team capacity', 'Capacity'), currency, (row) => row.currentCapacity),
    moneyColumn('Gap', currency, (row) => row.gap),
    {
      header: header('Hires needed', 'Hires'),
      value: (row) => row.hiresNeeded,
      display: (row) => (row.hiresNeeded === null ? 'n/a' : String(row.hiresNeeded)),
    },
    moneyColumn(header('Planned capacity', 'Planned'), currency, (row) => row.plannedCapacity),
  ];
  const base = capacity.scenarios.find((scenario) => scenario.scenario === 'base') ?? capacity.scenarios[0];
  type Month = CapacityPlan['scenarios'][number]['months'][number];
  const monthColumns: Column<Month>[] = [
    {
      header: 'Month',
      value: (row) => row.month + 1,
      // The fiscal month as --period writes it: month 1 is the fiscal year's first month, not January.
      display: (row) => `${plan.inputs.fiscalYear}-M${String(row.month + 1).padStart(2, '0')}`,
    },
    { header: 'Headcount', value: (row) => row.headcount, display: (row) => decimal(row.headcount) },
    {
      header: 'Ramped equivalents',
      value: (row) => row.rampedEquivalents,
      display: (row) => decimal(row.rampedEquivalents),
    },
    { header: 'Leavers', value: (row) => row.leavers, display: (row) => decimal(row.leavers) },
    {
      header: 'Backfills start',
      value: (row) => row.backfillStarts,
      display: (row) => decimal(row.backfillStarts),
    },
    {
      header: 'New hires start',
      value: (row) => row.newHireStarts,
      display: (row) => decimal(row.newHireStarts),
    },
    { header: 'Requisitions', value: (row) => row.requisitions, display: (row) => decimal(row.requisitions) },
  ];
  if (format === 'csv') return renderCsv(columns, capacity.scenarios);
  const legend =
    'Reps needed: ramped reps (in rep-years) the target takes at the attainment. Rep-years: what the team gives ' +
    'over the year, with attrition and backfills; Capacity: what they sell at the attainment; Gap: target - ' +
    'Capacity. Hires: new hires to close it (n/a: they would start too late); Planned: Capacity with the hires.';
  return `${[
    prose(
      format,
      `Plan ${plan.name}: target ${money(capacity.target)}, ramped quota ${money(capacity.rampedQuota)}, ${capacity.currentReps} current reps`,
    ),
    '',
    table(format, columns, capacity.scenarios).trimEnd(),
    ...(format === 'table' ? ['', prose(format, legend)] : []),
    '',
    `Hiring plan by month (base scenario):`,
    table(format, monthColumns, base?.months ?? []).trimEnd(),
  ].join('\n')}\n`;
}

function capacityCommand(context: CommandContext): Command {
  return new Command('capacity')
    .description('reps needed for a revenue target (top-down) against the team (bottom-up), hires by month')
    .argument('<name>', 'the plan')
    .option('--target <amount>', "the plan's revenue target in major units of the corporate currency")
    .option(
      '--quota <amount>',
      "a ramped rep's annual quota (default: the plan's, else planning.capacity.rampedQuota)",
    )
    .action(async (name: string, flags: { target?: string; quota?: string }, command: Command) => {
      const amount = (flag: '--target' | '--quota', text: string | undefined, workspace: Workspace) =>
        text === undefined ? undefined : parseAmountFlag(flag, text, workspace.config.currency);
      const checks = (workspace: Workspace) => ({
        target: () => amount('--target', flags.target, workspace),
        quota: () => amount('--quota', flags.quota, workspace),
      });
      await planStep(context, command, name, checks, async (step, checked) => {
        const { workspace, loaded, asOf, format, commandLine } = step;
        const { config } = workspace;
        const target = checked.target ?? loaded.plan.inputs.target;
        const dataset = await context.loadDataset(workspace);
        if (target === null) {
          const run = firstCapacityRun(name, workspace, loaded.plan, dataset, asOf);
          throw new InputError({
            message: `plan ${name} has no revenue target yet`,
            location: { field: '--target' },
            // The example target's reasons are in the line `plan segment` ends with: a fix keeps to one line.
            fix: `pass it, e.g. \`${commandLine(run.words)}\``,
          });
        }
        const roster = rosterOf(loaded.plan, dataset, asOf, workspace);
        const previous = loaded.plan.capacity as CapacityPlan | null;
        const observed =
          checked.quota === undefined && !previous && config.planning.capacity.rampedQuota === null
            ? workspaceRampedQuota(workspace, dataset, asOf)
            : null;
        if (observed) {
          context.note(
            `Ramped quota ${wholeMoney(observed.quota, config.currency)}: the median ${observed.year} quota of ` +
              `${observed.reps} ramped rep${observed.reps === 1 ? '' : 's'} on the CRM ` +
              '(--quota, or planning.capacity.rampedQuota in salesops.yaml, sets another).',
          );
        }
        const capacity = capacityPlan({
          target,
          planStart: config.fiscalCalendar.periodStart(loaded.plan.inputs.fiscalYear),
          reps: roster.map((rep) => ({ id: rep.id, role: rep.role, hireDate: rep.hireDate, endDate: null })),
          model: config.planning.capacity,
          // Like the target, the ramped quota a plan was given stays until --quota changes it.
          ...(checked.quota !== undefined
            ? { rampedQuota: checked.quota }
            : previous
              ? { rampedQuota: previous.rampedQuota }
              : observed
                ? { rampedQuota: observed.quota }
                : {}),
        });
        const plan: PlanVersion = { ...loaded.plan, inputs: { ...loaded.plan.inputs, target }, capacity };
        return {
          plan,
          note: `capacity for target ${target}`,
          output: renderCapacity(plan, capacity, config.currency, format),
          next: {
            why: "balance the accounts across the reps (the CRM's quota-carrying reps, or --reps reps.csv)",
            words: `salesops plan territories ${name}`,
          },
        };
      });
    });
}

/** Territory balance as a plan keeps it: loads and balance, not the per-account index array. */
export type PlanTerritories = Omit<TerritoryAssignment, 'assignment' | 'moves'> & {
  readonly moves: number;
  /** HiGHS beside the heuristic (--exact): its status and the balance of what it found. */
  readonly exact:
    | (Omit<ExactResult, 'assignment'> & {
        readonly potential: TerritoryAssignment['potential'] | null;
        readonly workload: TerritoryAssignment['workload'] | null;
        readonly moves: number | null;
      })
    | null;
};

/** Accounts handed to the exact solver at most: HiGHS proves little beyond a small book in reasonable time. */
const EXACT_MAX_ACCOUNTS = 2_000;

interface TerritoryFlags {
  readonly reps?: string;
  readonly rules?: string;
  readonly allowMoves?: boolean;
  readonly exact?: boolean;
  readonly timeLimit: string;
}

/**
 * A rep as the plan's tables name them: `Name (id)` from its roster; a rep it does not hold (an account's owner
 * before the plan, its move's reason saying so), by id alone.
 */
function rosterLabel(plan: PlanVersion): (id: string | null) => string {
  const names = new Map(plan.inputs.roster.map((rep) => [rep.id, rep.name]));
  return (id) => {
    if (id === null) return 'no rep';
    const name = names.get(id);
    return name === undefined ? id : `${name} (${id})`;
  };
}

/**
 * The Role column of the plan's rep tables: the rep's role in the roster as a rep file writes it (`ae`, `sdr`) in
 * CSV, in capitals on screen as the Territory Plan writes it (AE, SDR).
 */
function roleColumn<Row extends { readonly id: string }>(plan: PlanVersion): Column<Row> {
  const roles = new Map(plan.inputs.roster.map((rep) => [rep.id, rep.role]));
  const role = (row: Row) => roles.get(row.id) ?? '';
  return { header: 'Role', value: role, display: (row) => role(row).toUpperCase() };
}

/** The balance a book was held to, and how: what to change when a rep is outside it. */
interface BalanceTerms {
  readonly potentialTolerance: number;
  readonly workloadTolerance: number;
  readonly allowCustomerMoves: boolean;
  readonly commandLine: CommandLine;
}

/** How many reps are outside the tolerances, and the two levers that narrow the gaps. */
function toleranceAdvice(plan: PlanVersion, result: TerritoryAssignment, terms: BalanceTerms): string[] {
  if (result.withinTolerance) return [];
  const outside = (deviation: (load: RepLoad) => number, tolerance: number) =>
    result.reps.filter((load) => Math.abs(deviation(load)) > tolerance).length;
  const potential = outside((load) => load.potentialDeviation, terms.potentialTolerance);
  const workload = outside((load) => load.workloadDeviation, terms.workloadTolerance);
  const counts = [
    potential > 0 ? `${potential} on potential (±${percent(terms.potentialTolerance)})` : '',
    workload > 0 ? `${workload} on workload (±${percent(terms.workloadTolerance)})` : '',
  ].filter((text) => text !== '');
  const widen = [potential > 0 ? 'potentialTolerance' : '', workload > 0 ? 'workloadTolerance' : ''].filter(
    (text) => text !== '',
  );
  const levers = [
    terms.allowCustomerMoves
      ? ''
      : `let customers change rep (\`${terms.commandLine(`salesops plan territories ${plan.name} --allow-moves`)}\`)`,
    `widen planning.territories.${widen.join(' and ')} in salesops.yaml`,
  ].filter((text) => text !== '');
  return [
    `Outside tolerance, of ${result.reps.length} reps: ${counts.join(', ')}. To narrow the gaps: ${levers.join(', or ')}.`,
  ];
}

/** Moved accounts `plan territories` lists with their reasons; its `--format json` gives them all. */
const MOVES_LISTED = 20;

function renderTerritories(
  plan: PlanVersion,
  result: TerritoryAssignment,
  exact: ExactResult | null,
  currency: string,
  format: Format,
  terms: BalanceTerms,
): string {
  const summary: PlanTerritories = territorySummary(result, exact);
  if (format === 'json')
    return json({
      plan: plan.name,
      currency,
      moneyUnit: 'minor',
      territories: summary,
      assignments: plan.assignments,
    });
  const repLabel = rosterLabel(plan);
  // The terminal heads both deviations `vs share`, each beside its measure, under a legend, to keep within 110
  // columns; CSV and Markdown keep the long headers.
  const vsShare = (measure: string) => (format === 'table' ? 'vs share' : `${measure} vs share`);
  type Load = TerritoryAssignment['reps'][number];
  const columns: Column<Load>[] = [
    { header: 'Rep', value: (row) => repLabel(row.id) },
    roleColumn(plan),
    { header: 'Accounts', value: (row) => row.accounts },
    moneyColumn('Potential', currency, (row) => row.potential),
    {
      header: vsShare('Potential'),
      value: (row) => row.potentialDeviation,
      display: (row) => signedPercent(row.potentialDeviation),
    },
    {
      header: 'Workload',
      value: (row) => row.workload,
      display: (row) => row.workload.toLocaleString('en-US'),
    },
    {
      header: vsShare('Workload'),
      value: (row) => row.workloadDeviation,
      display: (row) => signedPercent(row.workloadDeviation),
    },
  ];
  if (format === 'csv') return renderCsv(columns, result.reps);
  const balance = (label: string, assignment: TerritoryAssignment) =>
    `${label}: potential max deviation ${percent(assignment.potential.maxDeviation)}, CV ${percent(assignment.potential.coefficientOfVariation)}; workload max deviation ${percent(assignment.workload.maxDeviation)}, CV ${percent(assignment.workload.coefficientOfVariation)}; ${assignment.moves.length.toLocaleString('en-US')} accounts moved (${assignment.customersMoved.toLocaleString('en-US')} customers)`;
  const lines = [
    prose(
      format,
      `Plan ${plan.name}: ${(plan.assignments?.length ?? 0).toLocaleString('en-US')} accounts to ${plan.inputs.roster.length} reps, ${result.withinTolerance ? 'every rep within tolerance' : 'some reps outside tolerance (see the deviations)'}`,
    ),
    '',
    format === 'table'
      ? textTablesNamingReps(
          (rep) => renderTextTable([rep, ...columns.slice(1)], result.reps),
          result.reps,
          repNaming(plan),
        )
      : table(format, columns, result.reps).trimEnd(),
    ...(format === 'table'
      ? [
          '',
          prose(
            format,
            "vs share: how far the rep's potential, then workload, is above (+) or below (-) the rep's share of the book's.",
          ),
        ]
      : []),
    '',
    prose(format, balance('Heuristic', result)),
    ...toleranceAdvice(plan, result, terms).map((advice) => prose(format, advice)),
  ];
  if (exact) lines.push(prose(format, exactLine(exact, balance)));
  const moved = (plan.assignments ?? []).filter((assignment) => assignment.basis === 'moved');
  if (moved.length > 0) {
    // plan diff compares two plans' books; these moves are from the accounts' owners in the CRM.
    lines.push(
      '',
      `Moved accounts (${moved.length.toLocaleString('en-US')} from their owner in the CRM; each in --format json, with its previous rep):`,
    );
    for (const assignment of moved.slice(0, MOVES_LISTED)) {
      lines.push(
        prose(
          format,
          `${assignment.accountName} (${assignment.accountId}): ${repLabel(assignment.previousRepId)} -> ${repLabel(assignment.repId)}: ${assignment.reason}`,
          '  ',
        ),
      );
    }
    const more = andMore(moved.length, MOVES_LISTED);
    if (more !== '') lines.push(`  ...${more}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The plan's reps as its terminal tables name them ({@link textTablesNamingReps}). */
function repNaming(plan: PlanVersion): RepNaming<{ readonly id: string }> {
  const label = rosterLabel(plan);
  const names = new Map(plan.inputs.roster.map((rep) => [rep.id, rep.name]));
  return {
    label: (row) => label(row.id),
    short: (row) => row.id,
    id: (row) => row.id,
    name: (row) => names.get(row.id) ?? row.id,
  };
}

/** What HiGHS found beside the heuristic; the plan keeps the heuristic's assignment either way. */
function exactLine(
  exact: ExactResult,
  balance: (label: string, assignment: TerritoryAssignment) => string,
): string {
  const stands = "the plan keeps the heuristic's assignment";
  if (exact.assignment && exact.provenOptimal) return balance('HiGHS (proven optimal)', exact.assignment);
  if (exact.assignment) {
    return `${balance('HiGHS (feasible, not proven optimal)', exact.assignment)}. The solver stopped at its time limit (--time-limit); ${stands}.`;
  }
  return `HiGHS: no feasible solution found in the time limit (solver status: ${exact.solverStatus}); ${stands}. Raise --time-limit to give HiGHS longer.`;
}

/** A deviation as a signed percentage; one that rounds to zero is `0.00%`, never `-0.00%`. */
export function signedPercent(fraction: number): string {
  const text = (fraction * 100).toFixed(2);
  if (Number(text) === 0) return '0.00%';
  return `${fraction > 0 ? '+' : ''}${text}%`;
}

function exactSummary(exact: ExactResult): NonNullable<PlanTerritories['exact']> {
  const { assignment, ...status } = exact;
  return {
    ...status,
    potential: assignment?.potential ?? null,
    workload: assignment?.workload ?? null,
    moves: assignment?.moves.length ?? null,
  };
}

function territorySummary(result: TerritoryAssignment, exact: ExactResult | null): PlanTerritories {
  const { assignment: _assignment, moves, ...rest } = result;
  return {
    ...rest,
    moves: moves.length,
    exact: exact ? exactSummary(exact) : null,
  };
}

/** The exact solver's --time-limit in seconds, above 0. */
function timeLimit(text: string): number {
  const seconds = Number(text);
  if (!(seconds > 0)) {
    throw new InputError({
      message: `--time-limit must be a number of seconds above 0 (got ${JSON.stringify(text)})`,
      fix: 'pass e.g. --time-limit 10',
    });
  }
  return seconds;
}

function territoriesCommand(context: CommandContext): Command {
  return new Command('territories')
    .description('assign every account to one rep: balanced potential and workload, pins and customers kept')
    .argument('<name>', 'the plan')
    .option(
      '--reps <file>',
      'the rep file (CSV/XLSX: id, name, role, team, segment, region, tiers, hire date, max accounts, weight, cap per day, ote, named accounts)',
    )
    .option('--rules <file>', 'assignment rules (YAML): which reps may own which accounts')
    .option('--allow-moves', 'let existing customers change rep (each move counted and explained)')
    .option(
      '--exact',
      `also solve with HiGHS (books up to ${EXACT_MAX_ACCOUNTS.toLocaleString('en-US')} accounts) and print it beside the heuristic`,
    )
    .option('--time-limit <seconds>', 'time limit of the exact solver', '10')
    .action(async (name: string, flags: TerritoryFlags, command: Command) => {
      const checks = (workspace: Workspace) => ({
        seconds: () => timeLimit(flags.timeLimit),
        fromFile: () =>
          flags.reps ? readRoster(namedFile(context.io.cwd, flags.reps), workspace.config.currency) : null,
        rulesFile: () =>
          flags.rules
            ? readRulesFile(namedFile(context.io.cwd, flags.rules), workspace.config.currency)
            : null,
      });
      await planStep(context, command, name, checks, async (step, { seconds, fromFile, rulesFile }) => {
        const { workspace, loaded, asOf, format, commandLine } = step;
        const { config } = workspace;
        const dataset = await context.loadDataset(workspace);
        const roster = fromFile?.reps ?? rosterOf(loaded.plan, dataset, asOf, workspace);
        if (roster.length === 0) {
          throw new InputError({
            message: `plan ${name} has no reps: no rep file, and no rep of a quota-carrying role on the CRM on ${asOf}`,
            fix: `give a rep file (id, name, role): \`${commandLine(`salesops plan territories ${name} --reps reps.csv`)}\``,
          });
        }
        const pins = fromFile?.pins ?? loaded.plan.inputs.pins;
        const rulesInput = rulesFile
          ? { file: flags.rules as string, document: rulesFile.document }
          : loaded.plan.inputs.rules;
        const rules = rulesFile?.rules ?? planRules(loaded.plan, config.currency);
        const rosterProblems = rulesRosterProblems(rules, roster);
        if (rosterProblems.length > 0) {
          throw new InputError(
            rulesFile
              ? rulesFile.yaml.locate(rosterProblems)
              : rosterProblems.map((entry) => ({
                  ...entry.problem,
                  location: {
                    field: `plan ${name}'s rules (from ${rulesInput?.file ?? 'a rules file'}) ${entry.path.join('.')}`,
                  },
                })),
          );
        }
        const unruled = noRulesWarning(name, rules, roster, config.planning.coverage, commandLine);
        if (unruled !== null) context.note(unruled);
        const { result: segmentation, accounts } = computeSegmentation(workspace, dataset, asOf);
        const { territories: model } = config.planning;
        const label = (kind: 'country' | 'industry', code: number | undefined) =>
          dataset.labels[kind][code ?? 0] || null;
        const planning: TerritoryPlanning = {
          accounts: segmentation.accounts.map((account, index): BookAccount => {
            const source = accounts[index];
            return {
              id: account.id,
              name: source?.name ?? account.id,
              potential: account.potential,
              workload: model.workloadByTier[account.tier] ?? 1,
              owner: source?.ownerId ?? null,
              customer: account.currentArr > 0,
              tier: account.tier,
              segment: account.segment,
              region: source?.region ?? null,
              ruleAccount: {
                segment: account.segment,
                tier: account.tier,
                region: source?.region ?? null,
                employees: source?.employees ?? null,
                annualRevenue: source?.annualRevenue ?? null,
                country: label('country', dataset.accounts.countryCode[index]),
                industry: label('industry', dataset.accounts.industryCode[index]),
              },
            };
          }),
          roster,
          pins,
          rules,
          capacityByRole: model.capacityByRole,
          maxAccountsPerRep: model.maxAccountsPerRep,
          allowCustomerMoves: flags.allowMoves ?? model.allowCustomerMoves,
          potentialTolerance: model.potentialTolerance,
          workloadTolerance: model.workloadTolerance,
        };
        const problem = territoryProblem(planning);
        const result = balanceTerritories(problem);
        let exact: ExactResult | null = null;
        if (flags.exact) {
          if (planning.accounts.length > EXACT_MAX_ACCOUNTS) {
            context.note(
              `--exact: the book has ${planning.accounts.length.toLocaleString('en-US')} accounts, more than the ${EXACT_MAX_ACCOUNTS.toLocaleString('en-US')} HiGHS is given; the heuristic alone decides.`,
            );
          } else {
            exact = solveTerritoriesExact(problem, await loadHighs(), { timeLimitSeconds: seconds });
          }
        }
        const assignments = planAssignments(planning, problem, result);
        const summary = summarizeSegmentation(segmentation);
        const plan: PlanVersion = {
          ...loaded.plan,
          inputs: {
            ...loaded.plan.inputs,
            roster,
            pins,
            rules: rulesInput,
            dataVersion: dataset.dataVersion,
            asOf,
          },
          segmentation: summary,
          coverage: coverageFor(workspace, summary, roster),
          territories: territorySummary(result, exact),
          assignments,
          // Quotas follow territories: set them again for the new books.
          quotas: null,
          quotaLines: null,
        };
        return {
          plan,
          next: { why: "set each rep's quota for the new books", words: `salesops plan quotas ${name}` },
          note: `territories: ${assignments.length} accounts to ${roster.length} reps`,
          output: renderTerritories(plan, result, exact, config.currency, format, {
            potentialTolerance: planning.potentialTolerance,
            workloadTolerance: planning.workloadTolerance,
            allowCustomerMoves: planning.allowCustomerMoves,
            commandLine,
          }),
        };
      });
    });
}

/**
 * A plan without assignment rules gives every rep an equal share of every tier, whatever the rep's role: with reps
 * of several roles, a warning that the coverage model is not applied, and a rules file to start from (a note:
 * its long first line is wrapped where it is noted).
 */
function noRulesWarning(
  name: string,
  rules: readonly AssignmentRule[],
  roster: readonly { readonly role: string }[],
  coverage: readonly { readonly tier: string; readonly role: string }[],
  commandLine: CommandLine,
): string | null {
  const counts = new Map<string, number>();
  for (const rep of roster) counts.set(rep.role, (counts.get(rep.role) ?? 0) + 1);
  if (rules.length > 0 || counts.size < 2) return null;
  const roles = [...counts].map(([role, count]) => `${count} ${role}`).join(', ');
  const model =
    coverage.length === 0
      ? ''
      : `, and the coverage model (${coverage.map((line) => `${line.tier}: ${line.role}`).join('; ')}) is not applied`;
  const example = coverageRulesExample(coverage, [...counts.keys()]);
  return [
    `warning: plan ${name} has no assignment rules, so any of its ${roster.length} reps (${roles}) may each own any account, balanced alike whatever their role${model}.`,
    ...(coverage.length === 0
      ? [`  fix: write which roles may own which accounts in a rules file (docs/planning.md), then run`]
      : [
          '  fix: write which roles may own which accounts in a rules file, e.g. rules.yaml from the coverage model',
          '  (each tier to its roles, and roles it names for no tier everywhere; an account no rule matches goes',
          '  to any rep):',
          ...example
            .trimEnd()
            .split('\n')
            .map((line) => `    ${line}`),
          '  then run',
        ]),
    `    ${commandLine(`salesops plan territories ${name} --rules rules.yaml`)}`,
  ].join('\n');
}

/** The CLI's methods: the engine's, plus `top-down` (the configured top-down basis). */
const METHOD_CHOICES = ['top-down', ...QUOTA_METHODS] as const;
type MethodChoice = (typeof METHOD_CHOICES)[number];

/**
 * `--method`, checked here rather than by Commander's choices, so that a misspelt method is reported with the
 * command's other bad arguments, at the flag, with the methods that are close to it.
 */
function checkedMethod(text: string | undefined): MethodChoice | undefined {
  if (text === undefined || (METHOD_CHOICES as readonly string[]).includes(text))
    return text as MethodChoice | undefined;
  throw unknownChoice(
    '--method',
    text,
    METHOD_CHOICES,
    'give one of those, or leave --method out for planning.quotas.method',
  );
}

function quotasCommand(context: CommandContext): Command {
  return new Command('quotas')
    .description('quota per rep and quarter: top-down, bottom-up or a blend, ramped for new hires')
    .argument('<name>', 'the plan')
    .option(
      '--method <method>',
      `how quotas are set: ${METHOD_CHOICES.join(', ')} (default: planning.quotas.method)`,
    )
    .action(async (name: string, flags: { method?: string }, command: Command) => {
      await planStep(
        context,
        command,
        name,
        () => ({ method: () => checkedMethod(flags.method) }),
        async ({ workspace, loaded, asOf, format, commandLine }, checked) => {
          const { config } = workspace;
          const { plan: current } = loaded;
          const target = current.inputs.target;
          const dataset = await context.loadDataset(workspace);
          // Each missing step with the command that runs it, one problem each, so that every line keeps within 110.
          const missing: Problem[] = [];
          if (target === null) {
            const capacity = firstCapacityRun(name, workspace, current, dataset, asOf).words;
            missing.push({
              message: `plan ${name} has no revenue target yet`,
              fix: `set one first: \`${commandLine(capacity)}\``,
            });
          }
          if (current.assignments === null) {
            missing.push({
              message: `plan ${name} has no territories yet`,
              // The CRM's reps, as the step's own Next says: a rep file named here would not exist to paste.
              fix: `assign them first: \`${commandLine(`salesops plan territories ${name}`)}\``,
            });
          }
          if (missing.length > 0) throw new InputError(missing);
          const planStart = config.fiscalCalendar.periodStart(current.inputs.fiscalYear);
          const priorYear = config.fiscalCalendar.previous(current.inputs.fiscalYear);
          const lastDay = fromDayNumber(toDayNumber(planStart) - 1);
          // History only reaches the as-of day: bookings after it are not known yet.
          const until = lastDay < asOf ? lastDay : asOf;
          const prior = wonBookingsByRep(dataset, config, toDayNumber(priorYear.start), toDayNumber(until));
          const trailing = wonBookingsByRep(dataset, config, toDayNumber(until) - 364, toDayNumber(until));
          const potential = new Map<string, number>();
          for (const assignment of current.assignments ?? []) {
            potential.set(assignment.repId, (potential.get(assignment.repId) ?? 0) + assignment.potential);
          }
          const method: QuotaMethod =
            checked.method === 'top-down'
              ? config.planning.quotas.topDownBasis
              : (checked.method ?? config.planning.quotas.method);
          const quotas = allocateQuotas({
            target: target as MinorUnits,
            currency: config.currency,
            planStart,
            reps: current.inputs.roster.map((rep) => ({
              id: rep.id,
              team: rep.team,
              hireDate: rep.hireDate,
              territoryPotential: (potential.get(rep.id) ?? 0) as MinorUnits,
              priorYearBookings: prior.get(rep.id) ?? null,
              trailing12Bookings: trailing.get(rep.id) ?? null,
              ote: rep.ote,
            })),
            model: config.planning.quotas,
            rampProfile: config.planning.capacity.rampProfile,
            method,
          });
          const quotaLines = quotas.reps.map((rep): PlanQuota => ({
            repId: rep.id,
            annual: rep.quota,
            quarters: rep.quarters,
            basis: rep.basis,
          }));
          const plan: PlanVersion = { ...current, quotas, quotaLines };
          return {
            plan,
            note: `quotas by ${method}`,
            output: renderQuotas(
              plan,
              quotas,
              config.currency,
              format,
              commandLine,
              config.planning.quotas.fairnessTolerance,
            ),
            next: {
              why: `the Territory Plan document (then \`${commandLine(`salesops plan activate ${name}`)}\` puts the plan in force)`,
              words: `salesops plan report ${name} --format md`,
              redirect: ' > territory-plan.md',
            },
          };
        },
      );
    });
}

function renderQuotas(
  plan: PlanVersion,
  quotas: QuotaPlan,
  currency: string,
  format: Format,
  commandLine: CommandLine,
  fairnessTolerance: number,
): string {
  if (format === 'json') return json({ plan: plan.name, currency, moneyUnit: 'minor', quotas });
  const money = (minor: number) => wholeMoney(minor, currency);
  const ratio = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));
  const repLabel = rosterLabel(plan);
  type Rep = QuotaPlan['reps'][number];
  const quarterColumns = [0, 1, 2, 3].map((quarter) =>
    moneyColumn(`Q${quarter + 1}`, currency, (row: Rep) => row.quarters[quarter]!),
  );
  const columns: Column<Rep>[] = [
    { header: 'Rep', value: (row) => repLabel(row.id) },
    roleColumn(plan),
    moneyColumn('Quota', currency, (row) => row.quota),
    ...quarterColumns,
    {
      header: 'Quota/potential',
      value: (row) => row.quotaToPotential,
      display: (row) => ratio(row.quotaToPotential),
    },
    {
      header: 'Quota:OTE',
      value: (row) => row.quotaToOte,
      display: (row) => (row.quotaToOte === null ? 'n/a' : `${row.quotaToOte.toFixed(1)}x`),
    },
    { header: 'Fair', value: (row) => (row.unfair ? 'flagged' : 'ok') },
    { header: 'Basis', value: (row) => row.basis },
  ];
  if (format === 'csv') return renderCsv(columns, quotas.reps);
  type Team = QuotaPlan['teams'][number];
  const teamColumns: Column<Team>[] = [
    { header: 'Team', value: (row) => row.team },
    { header: 'Reps', value: (row) => row.reps },
    moneyColumn('Quota', currency, (row) => row.quota),
  ];
  const { fairness } = quotas;
  return `${[
    prose(
      format,
      `Plan ${plan.name}: target ${money(quotas.target)} + ${percent(quotas.overAssignment)} over-assignment = ${money(quotas.assigned)} assigned by ${quotas.method}; bottom-up total ${money(quotas.bottomUpTotal)} (gap ${money(quotas.bottomUpGap)})`,
    ),
    '',
    format === 'table'
      ? quotaTextTable(columns.slice(1, 7), quotas, plan, fairnessTolerance)
      : table(format, columns, quotas.reps).trimEnd(),
    '',
    quotas.teams.length > 0 ? table(format, teamColumns, quotas.teams).trimEnd() : '',
    prose(
      format,
      `Fairness (quota / potential): median ${fairness.median?.toFixed(3) ?? 'n/a'}, spread (CV) ${percent(fairness.coefficientOfVariation)}${fairness.flagged.length > 0 ? `; flagged: ${fairness.flagged.join(', ')}` : ''}`,
    ),
    ...oteHint(plan.name, quotas, commandLine).map((hint) => prose(format, hint)),
  ].join('\n')}\n`;
}

/**
 * The quota table in the terminal, within 110 columns: each rep's role, quota and quarters (`byQuarter`, the
 * columns CSV and Markdown start with after the rep), then short columns a legend explains; where long rep names
 * leave no room for them, they follow in a second table, and where even that is too wide the reps are named by id
 * ({@link textTablesNamingReps}). The basis in words is left to CSV, Markdown and JSON.
 */
function quotaTextTable(
  byQuarter: readonly Column<QuotaPlan['reps'][number]>[],
  quotas: QuotaPlan,
  plan: PlanVersion,
  fairnessTolerance: number,
): string {
  type Rep = QuotaPlan['reps'][number];
  const withOte = quotas.reps.some((rep) => rep.quotaToOte !== null);
  const ratios: Column<Rep>[] = [
    {
      header: 'Ramp',
      value: (row) => row.rampFactor,
      display: (row) => `${Math.round(row.rampFactor * 100)}%`,
    },
    {
      header: 'Q/Pot',
      value: (row) => row.quotaToPotential,
      display: (row) =>
        `${row.quotaToPotential === null ? 'n/a' : row.quotaToPotential.toFixed(3)}${row.unfair ? '*' : ' '}`,
    },
    ...(withOte
      ? [
          {
            header: 'Q:OTE',
            value: (row: Rep) => row.quotaToOte,
            display: (row: Rep) => (row.quotaToOte === null ? 'n/a' : `${row.quotaToOte.toFixed(1)}x`),
          },
        ]
      : []),
  ];
  const legend =
    "Ramp: a rep's mean productivity over the plan's year (100%: ramped). Q/Pot: quota / (the territory's potential x " +
    `Ramp); * more than ${percent(fairnessTolerance)} from the median (planning.quotas.fairnessTolerance).` +
    `${withOte ? ' Q:OTE: quota / on-target earnings.' : ''} Each quota's basis in words (its share of the ` +
    'assigned total, the method, the ramp): --format csv, md or json.';
  const tables = textTablesNamingReps(
    (rep) => {
      const one = renderTextTable([rep, ...byQuarter, ...ratios], quotas.reps).trimEnd();
      if (fitsTerminal(one)) return one;
      const [amounts, shares] = [
        [rep, ...byQuarter],
        [rep, ...ratios],
      ].map((columns) => renderTextTable(columns, quotas.reps).trimEnd());
      return `${amounts}\n\n${shares}`;
    },
    quotas.reps,
    repNaming(plan),
  );
  return `${tables}\n\n${prose('table', legend)}`;
}

/** Where Quota:OTE is n/a, the rep file's `ote` column is what supplies it. */
function oteHint(name: string, quotas: QuotaPlan, commandLine: CommandLine): string[] {
  const without = quotas.reps.filter((rep) => rep.quotaToOte === null).length;
  if (without === 0) return [];
  const who =
    without === quotas.reps.length ? 'no rep has' : `${without} of ${quotas.reps.length} reps have no`;
  return [
    `Quota:OTE is n/a where ${who} an OTE: the rep file's \`ote\` column supplies it (\`${commandLine(`salesops plan territories ${name} --reps reps.csv`)}\`, then plan quotas again).`,
  ];
}

/** Won revenue (all and expansion), new customers and win rate over the 12 months to `asOf`. */
function trailingResults(workspace: Workspace, dataset: Dataset, asOf: IsoDate): TrailingResults {
  const from = fromDayNumber(toDayNumber(asOf) - 364);
  const period = parseAnalysisPeriod(`${from}..${asOf}`, workspace.config.fiscalCalendar);
  const scope = { dataset, config: workspace.config, asOf, period };
  const overall = evaluateMetrics({
    ...scope,
    dimensions: [],
    metrics: ['closed_won', 'new_customers', 'win_rate'],
  });
  const byType = evaluateMetrics({ ...scope, dimensions: ['type'], metrics: ['closed_won'] });
  const values = overall.rows[0]?.values ?? {};
  const expansion = byType.rows.find((row) => row.group.type === 'expansion')?.values.closed_won ?? 0;
  return {
    from,
    to: asOf,
    wonRevenue: (values.closed_won ?? 0) as MinorUnits,
    expansionRevenue: (expansion ?? 0) as MinorUnits,
    newCustomers: values.new_customers ?? 0,
    winRate: values.win_rate ?? null,
  };
}

function reportCommand(context: CommandContext): Command {
  const report = new Command('report')
    .description(
      'the Territory Plan document: overview, segmentation, coverage, quotas, rules, success metrics',
    )
    .argument('<name>', 'the plan (or active)')
    .addHelpText(
      'after',
      '\nFormats: table (the terminal), md, html (one self-contained file) and json (money in minor units).',
    )
    .action(async (name: string, _flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const document = await context.withWorkspace(command, async (workspace) => {
        const { asOf, loaded } = await context.checkArgumentsAndAsOfAsync(command, {
          loaded: () => loadPlan(workspace.store, name, context.commandLine(command)),
          format: () =>
            refuseCsv(globals.format, 'the Territory Plan has no csv form', 'use --format md, html or json'),
        });
        const { plan } = loaded;
        const { config } = workspace;
        const dataset = await context.loadDataset(workspace);
        const quotas = plan.quotas as QuotaPlan | null;
        return buildTerritoryPlan(
          {
            plan,
            company: config.company,
            currency: config.currency,
            asOf,
            segmentation: plan.segmentation as PlanSegmentation | null,
            coverage: plan.coverage as CoverageResult | null,
            rules: planRules(plan, config.currency),
            trailing: trailingResults(workspace, dataset, asOf),
            quotaTotal: quotas?.assigned ?? null,
            quotaMethod: quotas?.method ?? null,
          },
          (minor) => wholeMoney(minor, config.currency),
        );
      });
      if (globals.format === 'json') context.out(renderTerritoryPlanJson(document));
      else if (globals.format === 'html') context.out(renderTerritoryPlanHtml(document));
      else if (globals.format === 'md') context.out(renderTerritoryPlanMarkdown(document));
      else context.out(renderTerritoryPlanText(document, context.commandLine(command)));
    });
  context.withHtml(report);
  return report;
}

function diffCommand(context: CommandContext): Command {
  return new Command('diff')
    .description('what changes from one plan to another: account moves, quota changes, headcount, and why')
    .argument('<plan>', 'the plan to look at')
    .argument('[against]', 'the plan to compare with', 'active')
    .action(async (name: string, against: string, _flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const commandLine = context.commandLine(command);
      const { diff, currency } = await context.withWorkspace(command, async (workspace) => {
        const { plan, base } = await context.checkArgumentsAndAsOfAsync(command, {
          // Each plan at the argument that named it, so that two unknown plans are told apart.
          plan: () =>
            readField('<plan>', () => loadPlan(workspace.store, name, commandLine), PLAN_NAME_STAND_IN),
          base: () =>
            readField('[against]', () => loadPlan(workspace.store, against, commandLine), PLAN_NAME_STAND_IN),
          format: () =>
            refuseCsv(
              globals.format,
              'plan diff has no csv form: it is three tables (account moves, quota changes, headcount)',
              'use --format json (money in minor units), md or table',
            ),
        });
        if (base.plan.name === plan.plan.name) {
          const others = (await listPlans(workspace.store)).filter((entry) => entry.plan.name !== name);
          throw new InputError({
            message: `plan ${name} is the plan to compare with (${against}): a plan has no changes against itself`,
            location: { field: '[against]' },
            fix:
              others.length > 0
                ? `name another plan: \`${commandLine(`salesops plan diff ${name} ${others[0]?.plan.name ?? ''}`)}\``
                : `start another version to compare: \`${commandLine(`salesops plan new ${await freeVersionName(workspace.store, name)} --from ${name}`)}\``,
          });
        }
        return { diff: diffPlans(base.plan, plan.plan), currency: workspace.config.currency };
      });
      context.out(renderDiff(diff, currency, globals.format, commandLine));
    });
}

function activateCommand(context: CommandContext): Command {
  return new Command('activate')
    .description(
      'make a plan the plan in force: the active one is archived; the audit log records who and when',
    )
    .argument('<name>', 'the plan')
    .action(async (name: string, _flags: unknown, command: Command) => {
      const globals = context.globals(command);
      const by = context.actor();
      const commandLine = context.commandLine(command);
      const archived = await context.withWorkspace(command, async (workspace) => {
        const { asOf, loaded } = await context.checkArgumentsAndAsOfAsync(command, {
          loaded: () => loadPlan(workspace.store, name, commandLine),
        });
        const nextYear = yearAfter(workspace, asOf).name;
        return activateStoredPlan(
          workspace.store,
          loaded,
          { savedAt: context.io.today(), savedBy: by },
          nextYear,
          commandLine,
        );
      });
      if (globals.format === 'json') context.out(json({ activated: name, archived, by }));
      else context.out(`Plan ${name} is active${archived ? `; ${archived} is archived` : ''} (by ${by}).\n`);
    });
}

/** Examples each plan step's --help ends with, in the order a planner runs them. */
const SUBCOMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  new: [
    'salesops plan new FY2028 --from active',
    'salesops plan new FY2028-v2 --from FY2028',
    'salesops plan new stretch --from empty --year FY2028',
  ],
  list: ['salesops plan list', 'salesops plan list --format json'],
  segment: ['salesops plan segment FY2028', 'salesops plan segment FY2028 --format md > segments.md'],
  capacity: [
    'salesops plan capacity FY2028 --target 24000000',
    'salesops plan capacity FY2028 --target 24000000 --quota 900000',
  ],
  territories: [
    'salesops plan territories FY2028 --reps reps.csv --rules rules.yaml',
    'salesops plan territories FY2028 --allow-moves',
    'salesops plan territories FY2028 --exact --time-limit 30',
  ],
  quotas: ['salesops plan quotas FY2028', 'salesops plan quotas FY2028 --method blend'],
  diff: ['salesops plan diff FY2028', 'salesops plan diff FY2029 FY2028 --format md'],
  report: [
    'salesops plan report FY2028 --format md > territory-plan.md',
    'salesops plan report active --format html > territory-plan.html',
  ],
  activate: ['salesops plan activate FY2028'],
};

export function planCommand(context: CommandContext): Command {
  const plan = new Command('plan')
    .description('territory, quota and capacity planning in versions: segment, capacity, territories, quotas')
    .addHelpText(
      'after',
      `
Examples:
  $ salesops plan new FY2028 --from active
  $ salesops plan segment FY2028
  $ salesops plan capacity FY2028 --target 24000000
  $ salesops plan territories FY2028 --reps reps.csv --rules rules.yaml
  $ salesops plan quotas FY2028 --method blend
  $ salesops plan diff FY2028 active
  $ salesops plan report FY2028 --format md > territory-plan.md
  $ salesops plan activate FY2028`,
    );
  for (const sub of [
    newCommand(context),
    listCommand(context),
    segmentCommand(context),
    capacityCommand(context),
    territoriesCommand(context),
    quotasCommand(context),
    diffCommand(context),
    reportCommand(context),
    activateCommand(context),
  ]) {
    // Every plan subcommand reports a bad --as-of with its other arguments' problems (checkArgumentsAndAsOfAsync).
    context.withAsOfInArguments(sub);
    const examples = SUBCOMMAND_EXAMPLES[sub.name()] ?? [];
    sub.addHelpText('after', `\nExamples:\n${examples.map((example) => `  $ ${example}`).join('\n')}`);
    plan.addCommand(sub);
  }
  return plan;
}

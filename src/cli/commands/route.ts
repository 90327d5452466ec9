/**
 * `salesops route leads.csv --plan active`: assigns inbound leads and new opportunities by a plan's assignment
 * rules (src/planning/routing.ts), printing each decision with its reason, and keeps the round-robin fair across
 * runs with the plan's routing ledger (document kind `routing_ledger`, key = plan name).
 * @module
 */
import { Command } from 'commander';
import { type CommandLine, InputError, type Problem, readField } from '../../domain/errors.js';
import { andMore, listFirst } from '../../domain/listing.js';
import type { BookEntry, InboundLead, RoutingDecision, RoutingLedger } from '../../planning/routing.js';
import type { PlanVersion } from '../../planning/plan-version.js';
import { alreadyRouted, EMPTY_LEDGER, routeLeads } from '../../planning/routing.js';
import { compileRules } from '../../planning/rules.js';
import { segmentOf } from '../../planning/segmentation.js';
import { renderCsv, renderMarkdownTable, type Column } from '../../reports/table.js';
import { textTableWrappingLast } from '../../reports/territory-plan/text.js';
import type { CommandContext } from '../context.js';
import type { IsoDate } from '../../domain/dates.js';
import { namedFile, readLeads, type LeadRecord } from './plan-inputs.js';
import { loadPlan, PLAN_NAME_STAND_IN } from './plan-store.js';
import { planRules } from './plan.js';

interface RouteFlags {
  readonly plan: string;
  readonly away?: string;
  readonly dryRun?: boolean;
  readonly reroute?: boolean;
  readonly skipRouted?: boolean;
}

/** Held leads named one by one; the rest are counted. */
const MAX_NAMED = 20;

/**
 * Refuses leads the plan's routing ledger holds already, each located at its line: routing one again is a
 * decision the user takes with --reroute.
 */
function alreadyRoutedError(
  file: string,
  plan: string,
  held: readonly { leadId: string; repId: string }[],
  lines: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
): InputError {
  const problems: Problem[] = held.slice(0, MAX_NAMED).map(({ leadId, repId }) => ({
    message: `lead ${leadId} was routed already, to ${names.has(repId) ? `${names.get(repId)} (${repId})` : repId} (plan ${plan}'s routing ledger)`,
    location: { file, line: lines.get(leadId) },
  }));
  if (held.length > MAX_NAMED) {
    problems.push({
      message: `${andMore(held.length, MAX_NAMED, 'leads').trimStart()} routed already`,
      location: { file },
    });
  }
  const last = problems.pop()!;
  problems.push({
    ...last,
    fix: `route only the leads not routed yet with --skip-routed, or these again with --reroute (the ledger then keeps their new rep)`,
  });
  return new InputError(problems);
}

/** --reroute and --skip-routed, refused together: they ask opposite things of the leads routed already. */
function checkLedgerChoice(flags: RouteFlags): void {
  if (flags.reroute && flags.skipRouted) {
    throw new InputError({
      message: '--reroute and --skip-routed ask for opposite things',
      fix: 'pass one: --skip-routed leaves out leads routed already, --reroute routes them again',
    });
  }
}

/** What to do about a plan without a roster: give it one. */
function rosterFix(plan: PlanVersion, commandLine: CommandLine): string {
  return `give it one: \`${commandLine(`salesops plan territories ${plan.name} --reps reps.csv`)}\``;
}

/** A plan refused when it has no roster to route to. */
function checkRoster(plan: PlanVersion, commandLine: CommandLine): void {
  if (plan.inputs.roster.length === 0) {
    throw new InputError({
      message: `plan ${plan.name} has no roster to route to`,
      location: { field: '--plan' },
      fix: rosterFix(plan, commandLine),
    });
  }
}

/** --away given with no rep id in it (`--away ,`, `--away ""`): a mistake, not "no reps away". */
function checkAwayNamesReps(given: string | undefined, away: ReadonlySet<string>): void {
  if (given === undefined || away.size > 0) return;
  throw new InputError({
    message: `no rep ids in ${JSON.stringify(given)}`,
    location: { field: '--away' },
    fix: 'give rep ids, e.g. --away REP-0003,REP-0007, or leave --away out',
  });
}

/**
 * --away's reps, refused when not on the plan's roster; a plan without one has the fix {@link checkRoster}
 * gives it, said once for both.
 */
function checkAway(away: ReadonlySet<string>, plan: PlanVersion, commandLine: CommandLine): void {
  const reps = plan.inputs.roster;
  const unknownAway = [...away].filter((id) => !reps.some((rep) => rep.id === id));
  if (unknownAway.length === 0) return;
  throw new InputError({
    message: `reps not on plan ${plan.name}'s roster: ${unknownAway.join(', ')}`,
    location: { field: '--away' },
    fix:
      reps.length === 0
        ? rosterFix(plan, commandLine)
        : `use rep ids of the roster, e.g. ${reps
            .slice(0, 3)
            .map((rep) => rep.id)
            .join(',')}`,
  });
}

type Row = RoutingDecision & { readonly company: string | null; readonly repName: string | null };

const COLUMNS: readonly Column<Row>[] = [
  { header: 'Lead', value: (row) => row.leadId },
  { header: 'Company', value: (row) => row.company },
  { header: 'Rep', value: (row) => row.repId },
  { header: 'Rep name', value: (row) => row.repName },
  { header: 'Basis', value: (row) => row.basis },
  { header: 'Pool', value: (row) => row.pool },
  { header: 'Why', value: (row) => row.reason },
];

export function routeCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('route'))
    .description("assign inbound leads and new opportunities by a plan's rules, each with the reason")
    .argument(
      '<leads>',
      'a CSV/XLSX of leads: id, company, account id, employees, annual revenue, country, region, industry, segment, tier, date',
    )
    .option('--plan <plan>', 'the plan whose rules and roster route (a name, or active)', 'active')
    .option('--away <ids>', 'rep ids taking no new round-robin leads in this run, comma-separated')
    .option('--dry-run', 'show the decisions without saving the routing ledger')
    .option('--skip-routed', 'leave out leads the routing ledger holds already (routed by an earlier run)')
    .option('--reroute', 'route leads the routing ledger holds again; each keeps one entry, its new rep')
    .addHelpText(
      'after',
      `
Existing customers and accounts in the plan's book go to their plan rep; named accounts to the rep they are
pinned to; new companies round-robin (weighted, capped per day, fair across runs) among the reps the plan's
rules allow for their size, location and tier. A lead without a segment gets one from salesops.yaml's segment
rules by employees, revenue and region.

The routing ledger keeps every lead routed to a rep: a lead it holds already is refused (naming it and its
line) unless --skip-routed leaves such leads out or --reroute routes them again. A lead id twice in one file
is an error naming both lines.

Examples:
  $ salesops route leads.csv --plan active
  $ salesops route leads.csv --plan FY2027 --away REP-0007,REP-0012 --format csv > routed.csv
  $ salesops route all-open-leads.csv --skip-routed`,
    )
    .action(async (file: string, flags: RouteFlags, command: Command) => {
      const globals = context.globals(command);
      const commandLine = context.commandLine(command);
      const away = new Set(
        (flags.away ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      );
      // Every argument checked together: --as-of, the ledger flags and --away's ids even when the workspace cannot
      // be opened; the plan, its roster, --away against it and the leads file once it is, each reported whatever
      // the others' problems (--away is checked against a plan found, roster or none).
      const rows = await context.withCheckedWorkspace(
        command,
        {
          ledgerChoice: () => checkLedgerChoice(flags),
          awayIds: () => checkAwayNamesReps(flags.away, away),
        },
        ({ config, store }) => ({
          plan: async () =>
            (await readField('--plan', () => loadPlan(store, flags.plan, commandLine), PLAN_NAME_STAND_IN))
              .plan,
          roster: ({ plan }) => plan && checkRoster(plan as PlanVersion, commandLine),
          away: ({ plan }) => plan && checkAway(away, plan as PlanVersion, commandLine),
          // Read as of the checked day; not under a bad --as-of, against which the leads could have problems of
          // their own.
          records: ({ asOf }) =>
            asOf === undefined
              ? []
              : readLeads(namedFile(context.io.cwd, file), config.currency, asOf as IsoDate),
        }),
        async (workspace, { plan, records }) => {
          const { config, store } = workspace;
          const reps = plan.inputs.roster;
          const book = new Map<string, BookEntry>(
            (plan.assignments ?? []).map((assignment) => [
              assignment.accountId,
              {
                repId: assignment.repId,
                pinned: assignment.basis === 'pinned',
                customer: assignment.customer,
              },
            ]),
          );
          for (const pin of plan.inputs.pins)
            book.set(pin.accountId, { repId: pin.repId, pinned: true, customer: false });
          const stored = await store.document<RoutingLedger>('routing_ledger', plan.name);
          // A new plan carries on the ledger of the plan it was started from, so changing plans resets no count.
          const inherited =
            stored || plan.from === 'empty'
              ? null
              : await store.document<RoutingLedger>('routing_ledger', plan.from);
          const ledger = stored?.body ?? inherited?.body ?? EMPTY_LEDGER;
          const names = new Map(reps.map((rep) => [rep.id, rep.name]));
          const held = alreadyRouted(
            records.map((lead) => lead.id),
            ledger,
          );
          if (held.length > 0 && !flags.reroute && !flags.skipRouted) {
            const lines = new Map(records.map((lead) => [lead.id, lead.line]));
            throw alreadyRoutedError(file, plan.name, held, lines, names);
          }
          const skipped = new Set(flags.skipRouted ? held.map((entry) => entry.leadId) : []);
          if (skipped.size > 0) {
            const ids = [...skipped];
            context.note(
              `Skipped ${ids.length} lead${ids.length === 1 ? '' : 's'} routed already (plan ${plan.name}'s routing ledger): ` +
                `${listFirst(ids, MAX_NAMED)}; --reroute routes them again.`,
            );
          }
          const leads = records
            .filter((lead) => !skipped.has(lead.id))
            .map((lead) => withSegment(lead, config.segments));
          const result = routeLeads({
            leads,
            reps,
            book,
            policy: compileRules(planRules(plan, config.currency)),
            away,
            ledger,
          });
          const save = !flags.dryRun && leads.length > 0;
          if (save) {
            await store.saveDocument({
              kind: 'routing_ledger',
              key: plan.name,
              body: result.ledger,
              savedAt: context.io.today(),
              savedBy: context.actor(),
              note:
                `route ${file}: ${leads.length} leads` +
                (skipped.size > 0 ? `, ${skipped.size} routed already skipped` : '') +
                (flags.reroute && held.length > 0 ? `, ${held.length} re-routed` : '') +
                (inherited ? ` (ledger carried on from plan ${plan.from})` : ''),
              expectRevision: stored?.revision ?? 0,
            });
          }
          // Say whether the round-robin moved on and the leads are kept as routed.
          context.note(
            save
              ? `Saved the routing ledger of plan ${plan.name}: the next run carries on the round-robin from here.`
              : leads.length === 0
                ? `No leads left to route: the routing ledger of plan ${plan.name} is unchanged.`
                : `Dry run: the routing ledger of plan ${plan.name} is unchanged (run without --dry-run to keep these turns).`,
          );
          const companies = new Map(leads.map((lead) => [lead.id, lead.company]));
          return result.decisions.map((decision): Row => ({
            ...decision,
            company: companies.get(decision.leadId) ?? null,
            repName: decision.repId === null ? null : (names.get(decision.repId) ?? null),
          }));
        },
      );
      const unassigned = rows.filter((row) => row.repId === null).length;
      if (unassigned > 0)
        context.note(`warning: ${unassigned} of ${rows.length} leads could not be assigned (see Why).`);
      if (globals.format === 'json') context.out(`${JSON.stringify(rows, null, 2)}\n`);
      else if (globals.format === 'csv') context.out(renderCsv(COLUMNS, rows));
      else if (globals.format === 'md') context.out(renderMarkdownTable(COLUMNS, rows));
      // The reason is prose, wrapped under its row: beside the other columns it made each row 200 wide.
      else context.out(textTableWrappingLast(COLUMNS, rows));
    });
}

/** A lead with its segment: the file's, else from the workspace's segment rules by size and location. */
function withSegment(lead: LeadRecord, segments: Parameters<typeof segmentOf>[1] | null): InboundLead {
  return { ...lead, segment: lead.segment ?? (segments ? segmentOf(lead, segments) : null) };
}

/**
 * `salesops route leads.csv --plan active`: assigns inbound leads and new opportunities by a plan's assignment
 * rules (src/planning/routing.ts), printing each decision with its reason, and keeps the round-robin fair across
 * runs with the plan's routing ledger (document kind `routing_ledger`, key = plan name).
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../domain/errors.js';
import type { BookEntry, RoutingDecision, RoutingLedger } from '../../planning/routing.js';
import { EMPTY_LEDGER, routeLeads } from '../../planning/routing.js';
import { compileRules } from '../../planning/rules.js';
import { segmentOf } from '../../planning/segmentation.js';
import { renderCsv, renderMarkdownTable, renderTextTable, type Column } from '../../reports/table.js';
import type { CommandContext } from '../context.js';
import { resolveAsOf } from '../io.js';
import { namedFile, readLeads } from './plan-inputs.js';
import { loadPlan } from './plan-store.js';
import { planRules } from './plan.js';

interface RouteFlags {
  readonly plan: string;
  readonly away?: string;
  readonly dryRun?: boolean;
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
  return new Command('route')
    .description("assign inbound leads and new opportunities by a plan's rules, each with the reason")
    .argument(
      '<leads>',
      'a CSV/XLSX of leads: id, company, account id, employees, annual revenue, country, region, industry, segment, tier, date',
    )
    .option('--plan <plan>', 'the plan whose rules and roster route (a name, or active)', 'active')
    .option('--away <ids>', 'rep ids taking no new round-robin leads in this run, comma-separated')
    .option('--dry-run', 'show the decisions without saving the routing ledger')
    .addHelpText(
      'after',
      `
Existing customers and accounts in the plan's book go to their plan rep; named accounts to the rep they are
pinned to; new companies round-robin (weighted, capped per day, fair across runs) among the reps the plan's
rules allow for their size, location and tier. A lead without a segment gets one from salesops.yaml's segment
rules by employees, revenue and region.

Examples:
  $ salesops route leads.csv --plan active
  $ salesops route leads.csv --plan FY2027 --away REP-0007,REP-0012 --format csv > routed.csv`,
    )
    .action(async (file: string, flags: RouteFlags, command: Command) => {
      const globals = context.globals(command);
      const asOf = resolveAsOf(globals, context.io);
      const away = new Set(
        (flags.away ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      );
      const rows = await context.withWorkspace(command, async (workspace) => {
        const { config, store } = workspace;
        const { plan } = await loadPlan(store, flags.plan);
        const reps = plan.inputs.roster;
        if (reps.length === 0) {
          throw new InputError({
            message: `plan ${plan.name} has no roster to route to`,
            fix: `give it one: salesops plan territories ${plan.name} --reps reps.csv`,
          });
        }
        const unknownAway = [...away].filter((id) => !reps.some((rep) => rep.id === id));
        if (unknownAway.length > 0) {
          throw new InputError({
            message: `reps not on plan ${plan.name}'s roster: ${unknownAway.join(', ')}`,
            location: { field: '--away' },
            fix: `use rep ids of the roster, e.g. ${reps
              .slice(0, 3)
              .map((rep) => rep.id)
              .join(',')}`,
          });
        }
        const records = await readLeads(namedFile(context.io.cwd, file), config.currency, asOf);
        const leads = records.map((lead) => ({
          ...lead,
          segment: lead.segment ?? (config.segments ? segmentOf(lead, config.segments) : null),
        }));
        const book = new Map<string, BookEntry>(
          (plan.assignments ?? []).map((assignment) => [
            assignment.accountId,
            { repId: assignment.repId, pinned: assignment.basis === 'pinned', customer: assignment.customer },
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
        const result = routeLeads({
          leads,
          reps,
          book,
          policy: compileRules(planRules(plan, config.currency)),
          away,
          ledger: stored?.body ?? inherited?.body ?? EMPTY_LEDGER,
        });
        if (!flags.dryRun) {
          await store.saveDocument({
            kind: 'routing_ledger',
            key: plan.name,
            body: result.ledger,
            savedAt: context.io.today(),
            savedBy: context.actor(),
            note: `route ${file}: ${leads.length} leads${inherited ? ` (ledger carried on from plan ${plan.from})` : ''}`,
            expectRevision: stored?.revision ?? 0,
          });
        }
        // Say whether the round-robin moved on: a second run of the same file routes its leads again.
        context.note(
          flags.dryRun
            ? `Dry run: the routing ledger of plan ${plan.name} is unchanged (run without --dry-run to keep these turns).`
            : `Saved the routing ledger of plan ${plan.name}: the next run carries on the round-robin from here.`,
        );
        const names = new Map(reps.map((rep) => [rep.id, rep.name]));
        const companies = new Map(leads.map((lead) => [lead.id, lead.company]));
        return result.decisions.map((decision): Row => ({
          ...decision,
          company: companies.get(decision.leadId) ?? null,
          repName: decision.repId === null ? null : (names.get(decision.repId) ?? null),
        }));
      });
      const unassigned = rows.filter((row) => row.repId === null).length;
      if (unassigned > 0)
        context.note(`warning: ${unassigned} of ${rows.length} leads could not be assigned (see Why).`);
      if (globals.format === 'json') context.out(`${JSON.stringify(rows, null, 2)}\n`);
      else if (globals.format === 'csv') context.out(renderCsv(COLUMNS, rows));
      else if (globals.format === 'md') context.out(renderMarkdownTable(COLUMNS, rows));
      else context.out(renderTextTable(COLUMNS, rows));
    });
}

/**
 * `salesops reps`: the roster by CRM id (the ids `forecast adjust --rep` and `users add --rep` take), with name,
 * role, manager, team, segment, employment and quota for a period.
 * @module
 */
import { Command } from 'commander';
import { IMPORT_REPS } from '../../analytics/known-rep.js';
import { defaultAnalysisPeriod, givenAnalysisPeriod, PERIOD_FORMS } from '../../analytics/periods.js';
import { repRoster, type RosterRep } from '../../analytics/rep-roster.js';
import type { CurrencyCode } from '../../domain/money.js';
import { plural } from '../../domain/plural.js';
import {
  type Column,
  fitsTerminal,
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
} from '../../reports/table.js';
import { moneyNumber, periodFields } from '../../services/pipeline.js';
import type { CommandContext } from '../context.js';
import { paragraph } from '../problem-text.js';
import { moneyText } from './pipeline.js';

/** The roster's free text, which the CRM lets run long: what the terminal's table cuts to fit. */
const TEXT_FIELDS = ['name', 'role', 'team', 'segment'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** The most characters a table shows of each free-text field: all of them but where it is cut to fit. */
type TextWidths = Readonly<Record<TextField, number>>;

const FULL_TEXT: TextWidths = { name: Infinity, role: Infinity, team: Infinity, segment: Infinity };

/** `text` in at most `width` characters: cut, when longer, to end in "…". */
const shortened = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1).trimEnd()}…`;

/**
 * The roster's columns, the quota's raw value in major units (as metrics give money) under `quotaHeader`; the
 * free text shown in at most `widths` characters (CSV and JSON take the raw values, always in full).
 */
function rosterColumns(
  quotaHeader: string,
  currency: CurrencyCode,
  widths: TextWidths = FULL_TEXT,
): Column<RosterRep>[] {
  const text = (field: TextField): Column<RosterRep> => ({
    header: field,
    value: (rep) => rep[field],
    display: (rep) => shortened(rep[field] ?? '', widths[field]),
  });
  return [
    { header: 'id', value: (rep) => rep.id },
    text('name'),
    text('role'),
    { header: 'manager', value: (rep) => rep.managerId },
    text('team'),
    text('segment'),
    { header: 'hired', value: (rep) => rep.hired },
    { header: 'left', value: (rep) => rep.left },
    {
      header: quotaHeader,
      value: (rep) => (rep.quota === null ? null : moneyNumber(rep.quota, currency)),
      display: (rep) => (rep.quota === null ? '' : moneyText(rep.quota, currency)),
      align: 'right',
    },
  ];
}

/**
 * The widths that take `excess` columns off the free text, the widest text first: one cap for every field, the
 * widest that saves enough, though never narrower than a field's header (which the table shows in full).
 */
function fittedWidths(roster: readonly RosterRep[], excess: number): TextWidths {
  // Each field's widest text, found once: the loop below tries cap after cap.
  const widestOf = (field: TextField) =>
    roster.reduce((most, rep) => Math.max(most, (rep[field] ?? '').length), field.length);
  const widest: TextWidths = {
    name: widestOf('name'),
    role: widestOf('role'),
    team: widestOf('team'),
    segment: widestOf('segment'),
  };
  const widthsUnder = (cap: number): TextWidths => {
    const under = (field: TextField) => Math.min(widest[field], Math.max(cap, field.length));
    return { name: under('name'), role: under('role'), team: under('team'), segment: under('segment') };
  };
  const saved = (cap: number) => {
    const widths = widthsUnder(cap);
    return TEXT_FIELDS.reduce((sum, field) => sum + widest[field] - widths[field], 0);
  };
  let cap = Math.max(...TEXT_FIELDS.map((field) => widest[field]));
  while (saved(cap) < excess && cap > 1) cap--;
  return widthsUnder(cap);
}

/**
 * The roster as the terminal shows it, within {@link NOTE_WIDTH} columns: 18-character Salesforce ids take 20 more
 * than the demo's, so long names, roles, teams or segments are cut with "…" to fit, and a note says where the
 * full text is. (Only ids and quotas too wide for even the headers' widths would leave it wider.)
 */
function rosterTextTable(roster: readonly RosterRep[], currency: CurrencyCode): string {
  const table = renderTextTable(rosterColumns('quota', currency), roster);
  if (fitsTerminal(table)) return table;
  const widest = table.split('\n').reduce((most, line) => Math.max(most, line.length), 0);
  const widths = fittedWidths(roster, widest - NOTE_WIDTH);
  return (
    renderTextTable(rosterColumns('quota', currency, widths), roster) +
    `\n${paragraph(`Text cut with … to fit ${NOTE_WIDTH} columns: --format csv, json or md gives it in full.`)}\n`
  );
}

interface RepsOptions {
  readonly period?: string;
}

export function repsCommand(context: CommandContext): Command {
  return context
    .withAsOfInArguments(new Command('reps'))
    .description('the reps by CRM id: name, role, manager, team, segment, hired, left and quota for a period')
    .option(
      '--period <period>',
      `the quota's period: ${PERIOD_FORMS.join(', ')} (default: the fiscal quarter of --as-of)`,
    )
    .addHelpText(
      'after',
      `
Every rep the workspace holds, those who left too (with the day they left), sorted by CRM id: the ids that
forecast adjust --rep and --manager, and users add --rep, take. The quota is the rep's quotas' share of the
period's days, as the metrics count it (blank without one); money is in the corporate currency (JSON and CSV:
major units, e.g. 1234.5).

Examples:
  $ salesops reps --workspace acme
  $ salesops reps --workspace acme --period FY2027 --format csv
  $ salesops reps --workspace acme --format json`,
    )
    .action(async (options: RepsOptions, command: Command) => {
      const { format } = context.globals(command);
      const { roster, period, asOf, currency } = await context.withCheckedWorkspace(
        command,
        {},
        ({ config }) => ({ period: () => givenAnalysisPeriod(options.period, config.fiscalCalendar) }),
        async (workspace, { asOf, period: given }) => {
          const { fiscalCalendar, currency } = workspace.config;
          const period = given ?? defaultAnalysisPeriod(asOf, fiscalCalendar);
          const dataset = await context.loadDataset(workspace);
          return { roster: repRoster(dataset, period, fiscalCalendar, asOf), period, asOf, currency };
        },
      );
      if (format === 'json') {
        const reps = roster.map((rep) => ({
          ...rep,
          quota: rep.quota === null ? null : moneyNumber(rep.quota, currency),
        }));
        context.out(`${JSON.stringify({ ...periodFields(period), asOf, currency, reps }, null, 2)}\n`);
      } else if (format === 'csv')
        context.out(renderCsv(rosterColumns(`quota ${period.name}`, currency), roster));
      else if (roster.length === 0) {
        const importReps = context.commandLine(command)(IMPORT_REPS);
        context.out(`${paragraph(`No reps yet: import your CRM's users, e.g. \`${importReps}\`.`)}\n`);
      } else {
        const employed = roster.filter((rep) => rep.active).length;
        // A named period's dates in brackets; a date range's name is its dates.
        const dates = period.kind === 'range' ? '' : ` (${period.start}..${period.end})`;
        context.out(
          `${plural(roster.length, 'rep')}, ${employed} employed on ${asOf}; quota for ${period.name}${dates} in ${currency}\n\n` +
            (format === 'md'
              ? renderMarkdownTable(rosterColumns('quota', currency), roster)
              : rosterTextTable(roster, currency)),
        );
      }
    });
}

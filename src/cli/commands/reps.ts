/**
 * `salesops reps`: the roster by CRM id (the ids `forecast adjust --rep` and `users add --rep` take), with name,
 * role, manager, team, segment, employment and quota for a period.
 * @module
 */
import { Command } from 'commander';
import { defaultAnalysisPeriod, givenAnalysisPeriod, PERIOD_FORMS } from '../../analytics/periods.js';
import { repRoster, type RosterRep } from '../../analytics/rep-roster.js';
import type { CurrencyCode } from '../../domain/money.js';
import {
  type Column,
  NOTE_WIDTH,
  renderCsv,
  renderMarkdownTable,
  renderTextTable,
  wrapLines,
} from '../../reports/table.js';
import { moneyNumber, periodFields } from '../../services/pipeline.js';
import type { CommandContext } from '../context.js';
import { moneyText } from './pipeline.js';

/** The roster's columns, the quota's raw value in major units (as metrics give money) under `quotaHeader`. */
function rosterColumns(quotaHeader: string, currency: CurrencyCode): Column<RosterRep>[] {
  return [
    { header: 'id', value: (rep) => rep.id },
    { header: 'name', value: (rep) => rep.name },
    { header: 'role', value: (rep) => rep.role },
    { header: 'manager', value: (rep) => rep.managerId },
    { header: 'team', value: (rep) => rep.team },
    { header: 'segment', value: (rep) => rep.segment },
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
        const importReps = context.commandLine(command)('salesops import User.csv --source salesforce');
        context.out(
          `${wrapLines(`No reps yet: import your CRM's users, e.g. \`${importReps}\`.`, NOTE_WIDTH, '', '  ').join('\n')}\n`,
        );
      } else {
        const columns = rosterColumns('quota', currency);
        const employed = roster.filter((rep) => rep.active).length;
        context.out(
          `${roster.length} reps, ${employed} employed on ${asOf}; quota for ${period.name} ` +
            `(${period.start}..${period.end}) in ${currency}\n\n` +
            (format === 'md' ? renderMarkdownTable(columns, roster) : renderTextTable(columns, roster)),
        );
      }
    });
}

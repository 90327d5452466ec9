/**
 * `salesops status`: what a workspace holds.
 * @module
 */
import { Command } from 'commander';
import { type Column, NOTE_WIDTH, renderCsv, renderTextTable, wrapLines } from '../../reports/table.js';
import { type WorkspaceStatus, workspaceStatus } from '../../services/status.js';
import { asTyped, type CommandLine } from '../../domain/errors.js';
import type { CommandContext } from '../context.js';

interface CountRow {
  readonly entity: string;
  readonly count: number;
}
const COUNT_COLUMNS: readonly Column<CountRow>[] = [
  { header: 'Entity', value: (row) => row.entity },
  { header: 'Count', value: (row) => row.count },
];

// Where demo, quickstart and the tests import them from.
export { type WorkspaceStatus, workspaceStatus };

function dateRangeText(status: WorkspaceStatus, commandLine: CommandLine): string {
  const range = status.dateRange;
  if (!range) return 'no opportunities yet';
  const outliers = status.closeDateOutliers;
  if (!outliers || outliers.count === 0) return `${range.from} .. ${range.to}`;
  const dates = outliers.count === 1 ? 'close date' : 'close dates';
  const upTo = outliers.count === 1 ? outliers.latest : `up to ${outliers.latest}`;
  return (
    `${range.from} .. ${range.to}, plus ${outliers.count.toLocaleString('en-US')} ${dates} after ` +
    `${outliers.after} (${upTo}; see \`${commandLine('salesops audit')}\`)`
  );
}

/**
 * The status as a table. `commandLine` writes the commands it suggests as the user runs salesops (their
 * `--workspace`; the quickstart's `npx salesops`), so that each runs as printed.
 */
export function renderStatus(status: WorkspaceStatus, commandLine: CommandLine = asTyped): string {
  const rows = Object.entries(status.counts).map(([entity, count]) => ({
    entity: humanEntity(entity),
    count,
  }));
  const lines = [
    `Workspace     ${status.workspace} (${status.company})`,
    `Data          ${status.store} (${status.dialect}, schema ${status.schemaVersion})`,
    `Data version  ${status.dataVersion}${status.lastWrite ? ` (last write: ${status.lastWrite.source}, as of ${status.lastWrite.asOf})` : ' (empty)'}`,
    // Wrapped: with close-date outliers and a workspace path, the line runs past the terminal.
    ...wrapLines(dateRangeText(status, commandLine), NOTE_WIDTH, 'Date range    ', ' '.repeat(14)),
    `History       ${
      status.history.from
        ? `${status.history.from} .. ${status.history.to}, ${status.history.changesPerOpportunity.toFixed(1)} changes per opportunity`
        : 'none yet'
    }`,
    '',
    renderTextTable(COUNT_COLUMNS, rows),
  ];
  if (status.dataVersion === 0) {
    const importCommand = commandLine('salesops import <files...>');
    const demoCommand = commandLine('salesops demo').padEnd(importCommand.length);
    lines.push(
      'Next: fill it with CRM data, or with a demo CRM to try salesops on',
      `  ${importCommand}   CRM exports (see \`salesops import --help\`)`,
      `  ${demoCommand}   a realistic demo CRM`,
      '',
    );
  }
  return lines.join('\n');
}

function humanEntity(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

export function statusCommand(context: CommandContext): Command {
  return new Command('status')
    .description('what a workspace holds: entity counts, date range, data version, history depth')
    .addHelpText(
      'after',
      `
Examples:
  $ salesops status --workspace acme
  $ salesops status --workspace acme --format json
  $ DATABASE_URL=postgres://localhost/sales salesops status --workspace acme`,
    )
    .action(async (_options: unknown, command: Command) => {
      const status = await context.withWorkspace(command, (workspace) =>
        workspaceStatus(workspace, () => context.loadDataset(workspace)),
      );
      const format = context.globals(command).format;
      if (format === 'json') context.out(`${JSON.stringify(status, null, 2)}\n`);
      else if (format === 'csv') {
        context.out(
          renderCsv(
            COUNT_COLUMNS,
            Object.entries(status.counts).map(([entity, count]) => ({ entity, count })),
          ),
        );
      } else context.out(renderStatus(status, context.commandLine(command)));
    });
}

/**
 * `salesops status`: what a workspace holds.
 * @module
 */
import { Command } from 'commander';
import type { StoreStatus } from '../../store/store.js';
import { type Column, renderCsv, renderTextTable } from '../../reports/table.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { CommandContext } from '../context.js';

interface CountRow {
  readonly entity: string;
  readonly count: number;
}
const COUNT_COLUMNS: readonly Column<CountRow>[] = [
  { header: 'Entity', value: (row) => row.entity },
  { header: 'Count', value: (row) => row.count },
];

export interface WorkspaceStatus extends StoreStatus {
  readonly workspace: string;
  readonly company: string;
  readonly store: string;
}

export async function workspaceStatus(workspace: Workspace): Promise<WorkspaceStatus> {
  const status = await workspace.store.status();
  return {
    workspace: workspace.folder,
    company: workspace.config.company,
    store: workspace.storeLocation,
    ...status,
  };
}

export function renderStatus(status: WorkspaceStatus): string {
  const rows = Object.entries(status.counts).map(([entity, count]) => ({
    entity: humanEntity(entity),
    count,
  }));
  const lines = [
    `Workspace     ${status.workspace} (${status.company})`,
    `Data          ${status.store} (${status.dialect}, schema ${status.schemaVersion})`,
    `Data version  ${status.dataVersion}${status.lastWrite ? ` (last write: ${status.lastWrite.source}, as of ${status.lastWrite.asOf})` : ' (empty)'}`,
    `Date range    ${status.dateRange ? `${status.dateRange.from} .. ${status.dateRange.to}` : 'no opportunities yet'}`,
    `History       ${
      status.history.from
        ? `${status.history.from} .. ${status.history.to}, ${status.history.changesPerOpportunity.toFixed(1)} changes per opportunity`
        : 'none yet'
    }`,
    '',
    renderTextTable(COUNT_COLUMNS, rows),
  ];
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
      const status = await context.withWorkspace(command, workspaceStatus);
      const format = context.globals(command).format;
      if (format === 'json') context.out(`${JSON.stringify(status, null, 2)}\n`);
      else if (format === 'csv') {
        context.out(
          renderCsv(
            COUNT_COLUMNS,
            Object.entries(status.counts).map(([entity, count]) => ({ entity, count })),
          ),
        );
      } else context.out(renderStatus(status));
    });
}

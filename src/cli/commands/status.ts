/**
 * `salesops status`: what a workspace holds.
 * @module
 */
import { Command } from 'commander';
import { loadOrBuildDataset } from '../../dataset/dataset-cache.js';
import { NO_DAY, type Dataset } from '../../dataset/dataset.js';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../domain/dates.js';
import { DEFAULT_AUDIT_OPTIONS } from '../../quality/rule.js';
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

interface DateRange {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** Close dates further ahead than any plausible forecast: placeholders such as 2099-12-31, or mistyped years. */
export interface CloseDateOutliers {
  /** Close dates after this day are outliers: the audit's close-date horizon after the data's as-of date. */
  readonly after: IsoDate;
  /** How many there are (0: none). */
  readonly count: number;
  /** The latest of them; null when there are none. */
  readonly latest: IsoDate | null;
}

export interface WorkspaceStatus extends Omit<StoreStatus, 'dateRange'> {
  readonly workspace: string;
  readonly company: string;
  readonly store: string;
  /** The range of created and close dates, without the close-date outliers: the range the table shows. */
  readonly dateRange: DateRange | null;
  /** The close dates left out of `dateRange`; null before the first write (no as-of date to measure from). */
  readonly closeDateOutliers: CloseDateOutliers | null;
}

/**
 * What the workspace holds. The date range leaves out close dates more than the audit's horizon after the as-of
 * date of the last write (counted in `closeDateOutliers`), so that one placeholder does not stretch it to 2099;
 * the dataset is read (`loadDataset`) only when the store's range reaches past that horizon. The table and the
 * JSON report the same range and count.
 */
export async function workspaceStatus(
  workspace: Workspace,
  loadDataset: () => Promise<Dataset> = () =>
    loadOrBuildDataset(workspace.store, workspace.cacheDir, workspace.storeIdentity),
): Promise<WorkspaceStatus> {
  const status = await workspace.store.status();
  const { dateRange, lastWrite } = status;
  const after = lastWrite ? addDays(lastWrite.asOf, DEFAULT_AUDIT_OPTIONS.closeHorizonDays) : null;
  const dates =
    dateRange && after && dateRange.to > after
      ? splitOutliers(await loadDataset(), after)
      : { dateRange, closeDateOutliers: after ? { after, count: 0, latest: null } : null };
  return {
    workspace: workspace.folder,
    company: workspace.config.company,
    store: workspace.storeLocation,
    ...status,
    ...dates,
  };
}

/** The range of the created dates and of the close dates up to `after`, and the close dates beyond it. */
function splitOutliers(
  dataset: Dataset,
  after: IsoDate,
): Pick<WorkspaceStatus, 'dateRange' | 'closeDateOutliers'> {
  const { createdDay, closeDay } = dataset.opportunities;
  const limit = toDayNumber(after);
  let from = Infinity;
  let to = -Infinity;
  let count = 0;
  let latest = -Infinity;
  const within = (day: number) => {
    from = Math.min(from, day);
    to = Math.max(to, day);
  };
  for (let row = 0; row < closeDay.length; row++) {
    if (createdDay[row] !== NO_DAY) within(createdDay[row]!);
    const close = closeDay[row]!;
    if (close === NO_DAY) continue;
    if (close <= limit) within(close);
    else {
      count++;
      latest = Math.max(latest, close);
    }
  }
  return {
    dateRange: from <= to ? { from: fromDayNumber(from), to: fromDayNumber(to) } : null,
    closeDateOutliers: { after, count, latest: count > 0 ? fromDayNumber(latest) : null },
  };
}

function dateRangeText(status: WorkspaceStatus): string {
  const range = status.dateRange;
  if (!range) return 'no opportunities yet';
  const outliers = status.closeDateOutliers;
  if (!outliers || outliers.count === 0) return `${range.from} .. ${range.to}`;
  const dates = outliers.count === 1 ? 'close date' : 'close dates';
  const upTo = outliers.count === 1 ? outliers.latest : `up to ${outliers.latest}`;
  return (
    `${range.from} .. ${range.to}, plus ${outliers.count.toLocaleString('en-US')} ${dates} after ` +
    `${outliers.after} (${upTo}; see \`salesops audit\`)`
  );
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
    `Date range    ${dateRangeText(status)}`,
    `History       ${
      status.history.from
        ? `${status.history.from} .. ${status.history.to}, ${status.history.changesPerOpportunity.toFixed(1)} changes per opportunity`
        : 'none yet'
    }`,
    '',
    renderTextTable(COUNT_COLUMNS, rows),
  ];
  if (status.dataVersion === 0) {
    const importCommand = `salesops import <files...> --workspace ${status.workspace}`;
    const demoCommand = `salesops demo --workspace ${status.workspace}`.padEnd(importCommand.length);
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
      } else context.out(renderStatus(status));
    });
}

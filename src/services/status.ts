/**
 * What a workspace holds, as `salesops status` and the HTTP API's /api/status give it: the store's counts and
 * ranges, with the close dates far past the data's as-of date (placeholders such as 2099-12-31) counted apart
 * rather than stretching the date range.
 * @module
 */
import { loadOrBuildDataset } from '../dataset/dataset-cache.js';
import { NO_DAY, type Dataset } from '../dataset/dataset.js';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../domain/dates.js';
import { DEFAULT_AUDIT_OPTIONS } from '../quality/rule.js';
import type { StoreStatus } from '../store/store.js';
import type { Workspace } from '../workspace/workspace.js';

export interface DateRange {
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

/**
 * The day a data-quality audit reads the data as of, for the CLI and the MCP tool alike.
 * @module
 */
import type { IsoDate } from '../domain/dates.js';
import type { LastWrite, Store } from '../store/store.js';

/**
 * The day asked for; else the `--as-of` of the latest write, the day its export was taken (a deal due the day after
 * the export is not past due because the audit runs a week later); else today. `from` is that write, when the day
 * is its.
 */
export async function auditDay(
  store: Store,
  asked: IsoDate | undefined,
  today: IsoDate,
): Promise<{ readonly asOf: IsoDate; readonly from: LastWrite | null }> {
  if (asked !== undefined) return { asOf: asked, from: null };
  const latest = await store.lastWrite();
  return latest === null ? { asOf: today, from: null } : { asOf: latest.asOf, from: latest };
}

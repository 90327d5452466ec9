/**
 * The workspace's opportunities in their current state (the latest import), filtered by owner and stage and
 * paged, with amounts in integer minor units of each deal's own currency.
 * @module
 */
import { type Dataset, NO_DAY, textAt } from '../dataset/dataset.js';
import { fromDayNumber, type IsoDate } from '../domain/dates.js';

export interface OpportunityQuery {
  /** The page, from 1. */
  readonly page: number;
  /** Opportunities a page. */
  readonly pageSize: number;
  /** Only the deals of this owner (CRM id). */
  readonly owner?: string | undefined;
  /** Only the deals now in this stage, whatever its case. */
  readonly stage?: string | undefined;
}

const label = (labels: readonly string[], code: number): string | null => labels[code] || null;
const day = (value: number): IsoDate | null => (value === NO_DAY ? null : fromDayNumber(value));

/** One page of the opportunities the query selects, in the dataset's order, and how many it selects in all. */
export function opportunityPage(dataset: Dataset, query: OpportunityQuery) {
  const { opportunities: deals, reps, accounts, labels } = dataset;
  const stage = query.stage?.trim().toLowerCase();
  const rows: number[] = [];
  for (let row = 0; row < deals.count; row++) {
    const owner = deals.ownerIndex[row]!;
    if (query.owner !== undefined && (owner < 0 || textAt(reps.crmId, owner) !== query.owner)) continue;
    if (stage !== undefined && labels.stage[deals.stageCode[row]!]?.toLowerCase() !== stage) continue;
    rows.push(row);
  }
  const first = (query.page - 1) * query.pageSize;
  const items = rows.slice(first, first + query.pageSize).map((row) => {
    const owner = deals.ownerIndex[row]!;
    const account = deals.accountIndex[row]!;
    const amount = deals.amount[row]!;
    return {
      id: textAt(deals.crmId, row),
      name: textAt(deals.name, row),
      account: account < 0 ? null : textAt(accounts.name, account),
      owner: owner < 0 ? null : textAt(reps.crmId, owner),
      ownerName: owner < 0 ? null : textAt(reps.name, owner),
      stage: label(labels.stage, deals.stageCode[row]!),
      forecastCategory: label(labels.forecast_category, deals.categoryCode[row]!),
      /** Integer minor units of `currency`. */
      amountMinor: Number.isNaN(amount) ? null : amount,
      currency: label(labels.currency, deals.currencyCode[row]!),
      createdDate: day(deals.createdDay[row]!),
      closeDate: day(deals.closeDay[row]!),
    };
  });
  return { total: rows.length, page: query.page, pageSize: query.pageSize, items };
}

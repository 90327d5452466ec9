/**
 * The workspace's opportunities in their current state (the latest import) or as they stood on a day (their
 * history read back), filtered by owner, stage and state (open, won, lost), sorted and paged, with amounts in
 * integer minor units of each deal's own currency.
 * @module
 */
import { closestNames } from '../analytics/closest-names.js';
import { corporateAmounts, type DealConfig, OUTCOME, stageOutcomeByCode } from '../analytics/deal-facts.js';
import { type DealsAsOf, dealsAsOf } from '../analytics/deal-state.js';
import { type Dataset, NO_DAY, textAt } from '../dataset/dataset.js';
import { fromDayNumber, type IsoDate, toDayNumber } from '../domain/dates.js';
import { type ArgumentSyntax, InputError, API_SYNTAX } from '../domain/errors.js';

/** Where a deal stands now: open, won, lost, or closed (won or lost). */
export const OPPORTUNITY_STATES = ['open', 'won', 'lost', 'closed'] as const;
export type OpportunityState = (typeof OPPORTUNITY_STATES)[number];

/**
 * What a page can be sorted by. `amount` compares amounts in the corporate currency (at the rate of the close
 * date), so that a EUR deal sorts among USD deals by what it is worth.
 */
export const OPPORTUNITY_SORT_FIELDS = ['closeDate', 'createdDate', 'amount'] as const;
export type OpportunitySortField = (typeof OPPORTUNITY_SORT_FIELDS)[number];

export interface OpportunitySort {
  readonly field: OpportunitySortField;
  readonly descending: boolean;
}

export interface OpportunityQuery {
  /** The page, from 1. */
  readonly page: number;
  /** Opportunities a page. */
  readonly pageSize: number;
  /** Only the deals of this owner (CRM id). */
  readonly owner?: string | undefined;
  /**
   * Only the deals owned now by these reps (rows of the reps table; a scoped view's reps, whatever `asOf`):
   * a filter on the whole dataset, cheaper than cutting a dataset to them. Undefined: every owner's.
   */
  readonly owners?: ReadonlySet<number> | undefined;
  /** Only the deals now in this stage, whatever its case. */
  readonly stage?: string | undefined;
  /** Only the deals in this state; a deal whose stage is outside the stage model is in none. */
  readonly state?: OpportunityState | undefined;
  /** Keys in order, the first deciding; ties keep the dataset's order. Without keys, the dataset's order. */
  readonly sort?: readonly OpportunitySort[] | undefined;
  /**
   * The day the deals are read as of: those created by then, each in its state on that day (stage, amount,
   * close date, category, owner from its history). Undefined: every deal in its current state.
   */
  readonly asOf?: IsoDate | undefined;
}

/** What a page reads of each deal: whether it exists, and its tracked state. */
type DealState = Pick<
  DealsAsOf,
  'exists' | 'stageCode' | 'amount' | 'closeDay' | 'categoryCode' | 'ownerIndex'
>;

/** The deals' state on `asOf`, or (undefined) their current state, every deal existing. */
function dealState(dataset: Dataset, asOf: IsoDate | undefined): DealState {
  if (asOf !== undefined) return dealsAsOf(dataset, toDayNumber(asOf));
  const deals = dataset.opportunities;
  return { ...deals, exists: new Uint8Array(deals.count).fill(1) };
}

/**
 * The sort keys of `text`, comma-separated, each a field with `-` before it for descending:
 * `closeDate`, `-amount,closeDate`. An unknown field is an InputError at `sort` naming the closest, in the
 * caller's `syntax` (the API's query by default).
 */
export function parseOpportunitySort(text: string, syntax: ArgumentSyntax = API_SYNTAX): OpportunitySort[] {
  const keys = text.split(',').map((each) => each.trim());
  return keys.map((key) => {
    const descending = key.startsWith('-');
    const name = descending ? key.slice(1) : key;
    const known = OPPORTUNITY_SORT_FIELDS.find((each) => each.toLowerCase() === name.toLowerCase());
    if (known !== undefined) return { field: known, descending };
    const close = closestNames(name, OPPORTUNITY_SORT_FIELDS);
    throw new InputError(
      syntax.problem(
        'sort',
        `key ${JSON.stringify(key)} is not a field opportunities sort by`,
        `${close.length > 0 ? `did you mean ${close.join(' or ')}? ` : ''}sort by ${OPPORTUNITY_SORT_FIELDS.join(', ')}, ${syntax.separated}, each with - before it for descending (e.g. ${syntax.values(['-amount', 'closeDate'])})`,
      ),
    );
  });
}

const label = (labels: readonly string[], code: number): string | null => labels[code] || null;
const day = (value: number): IsoDate | null => (value === NO_DAY ? null : fromDayNumber(value));

/** Whether a stage outcome ({@link OUTCOME}) is in a state. */
const IN_STATE: Record<OpportunityState, (outcome: number) => boolean> = {
  open: (outcome) => outcome === OUTCOME.open,
  won: (outcome) => outcome === OUTCOME.won,
  lost: (outcome) => outcome === OUTCOME.lost,
  closed: (outcome) => outcome === OUTCOME.won || outcome === OUTCOME.lost,
};

/** Each deal's value of a sort field, as a number (for `rows`, the deals selected); NaN where it has none. */
function sortValues(
  dataset: Dataset,
  state: DealState,
  config: DealConfig,
  field: OpportunitySortField,
  rows: readonly number[],
): ArrayLike<number> {
  const deals = dataset.opportunities;
  const days = (column: Int32Array) => {
    const values = new Float64Array(deals.count);
    for (const row of rows) values[row] = column[row] === NO_DAY ? NaN : column[row]!;
    return values;
  };
  switch (field) {
    case 'closeDate':
      return days(state.closeDay);
    case 'createdDate':
      return days(deals.createdDay);
    case 'amount': {
      // Converted for the selected deals only: a filtered page converts a fraction of the workspace.
      const selected = new Uint8Array(deals.count);
      for (const row of rows) selected[row] = 1;
      return corporateAmounts(
        dataset,
        { exists: selected, amount: state.amount, closeDay: state.closeDay },
        config,
      );
    }
  }
}

/**
 * `rows` sorted by the keys. A deal without a value (no close date, no amount) comes after those with one,
 * whichever the direction: "open deals by close date" lists the undated last.
 */
function sortRows(rows: number[], keys: readonly (OpportunitySort & { values: ArrayLike<number> })[]) {
  return rows.sort((a, b) => {
    for (const { values, descending } of keys) {
      const x = values[a]!;
      const y = values[b]!;
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
        continue;
      }
      if (x !== y) return descending ? y - x : x - y;
    }
    return a - b;
  });
}

/**
 * One page of the opportunities the query selects, sorted by its keys (else in the dataset's order), and how
 * many it selects in all. `config` gives the stage model (states) and currency and FX rates (amount order).
 */
export function opportunityPage(dataset: Dataset, query: OpportunityQuery, config: DealConfig) {
  const { opportunities: deals, reps, accounts, labels } = dataset;
  const state = dealState(dataset, query.asOf);
  const stage = query.stage?.trim().toLowerCase();
  const inState = query.state === undefined ? undefined : IN_STATE[query.state];
  const outcomes = inState === undefined ? undefined : stageOutcomeByCode(labels.stage, config.stageModel);
  const rows: number[] = [];
  for (let row = 0; row < deals.count; row++) {
    if (state.exists[row] !== 1) continue;
    if (query.owners !== undefined && !query.owners.has(deals.ownerIndex[row]!)) continue;
    const owner = state.ownerIndex[row]!;
    if (query.owner !== undefined && (owner < 0 || textAt(reps.crmId, owner) !== query.owner)) continue;
    if (stage !== undefined && labels.stage[state.stageCode[row]!]?.toLowerCase() !== stage) continue;
    if (inState !== undefined && !inState(outcomes![state.stageCode[row]!]!)) continue;
    rows.push(row);
  }
  const sort = query.sort ?? [];
  if (sort.length > 0) {
    sortRows(
      rows,
      sort.map((key) => ({ ...key, values: sortValues(dataset, state, config, key.field, rows) })),
    );
  }
  const first = (query.page - 1) * query.pageSize;
  const items = rows.slice(first, first + query.pageSize).map((row) => {
    const owner = state.ownerIndex[row]!;
    const account = deals.accountIndex[row]!;
    const amount = state.amount[row]!;
    return {
      id: textAt(deals.crmId, row),
      name: textAt(deals.name, row),
      account: account < 0 ? null : textAt(accounts.name, account),
      owner: owner < 0 ? null : textAt(reps.crmId, owner),
      ownerName: owner < 0 ? null : textAt(reps.name, owner),
      stage: label(labels.stage, state.stageCode[row]!),
      forecastCategory: label(labels.forecast_category, state.categoryCode[row]!),
      /** Integer minor units of `currency`. */
      amountMinor: Number.isNaN(amount) ? null : amount,
      currency: label(labels.currency, deals.currencyCode[row]!),
      createdDate: day(deals.createdDay[row]!),
      closeDate: day(state.closeDay[row]!),
    };
  });
  return { total: rows.length, page: query.page, pageSize: query.pageSize, items };
}

/**
 * Prepares what every rule reads: the opportunities as of the audit date, and per-record columns derived once
 * (stage outcomes, open flags, amounts in the corporate currency, the latest activity per deal).
 * @module
 */
import { opportunitiesAsOf, stageOrderByCode } from '../dataset/as-of.js';
import { NO_DAY, NO_INDEX, type Dataset } from '../dataset/dataset.js';
import { toDayNumber, type IsoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../domain/entities.js';
import type { MinorUnits } from '../domain/money.js';
import type { StageOutcome } from '../domain/stage-model.js';
import type { AuditConfig, AuditInput, AuditOptions } from './rule.js';

/**
 * The audit input as of `asOf`. With `scope` (per opportunity, 1 for the deals whose findings matter, e.g. a
 * forecast's open deals of its period), only those count as open, so the rules of open deals look at them alone;
 * the rules that compare a deal with every other (duplicates, amount outliers) still compare with every deal.
 */
export function prepareAuditInput(
  dataset: Dataset,
  config: AuditConfig,
  asOf: IsoDate,
  options: AuditOptions,
  scope?: Uint8Array,
): AuditInput {
  const asOfDay = toDayNumber(asOf);
  const { stageModel } = config;
  const stageIndexByCode = stageOrderByCode(dataset.labels.stage, (name) => stageModel.indexOf(name));
  const outcomeByCode = Array.from(stageIndexByCode, (index): StageOutcome | null =>
    index >= 0 ? stageModel.stage(index).outcome : null,
  );
  const categories: ReadonlySet<string> = new Set(FORECAST_CATEGORIES);
  const categoryByCode = dataset.labels.forecast_category.map((label) =>
    categories.has(label) ? (label as ForecastCategory) : null,
  );
  const convertibleByCode = dataset.labels.currency.map(
    (currency) => currency === config.currency || hasRate(config, currency, asOf),
  );
  // The history facts (pushes, last change) are read of open deals only: in a scoped audit, of the scope's.
  const state = opportunitiesAsOf(dataset, asOfDay, stageIndexByCode, scope);
  const open = new Uint8Array(dataset.opportunities.count);
  const openCode = Uint8Array.from(outcomeByCode, (outcome) => (outcome === 'open' ? 1 : 0));
  const { exists, stageCode } = state;
  for (let row = 0; row < open.length; row++) {
    const inScope = scope === undefined || scope[row] === 1;
    if (inScope && exists[row] === 1 && openCode[stageCode[row]!] === 1) open[row] = 1;
  }
  const { createdDay } = dataset.accounts;
  // A loop, not Uint8Array.from with a callback (a call per account: 20 ms at 200,000 accounts).
  const accountExists = new Uint8Array(createdDay.length);
  for (let row = 0; row < createdDay.length; row++) {
    const day = createdDay[row]!;
    if (day === NO_DAY || day <= asOfDay) accountExists[row] = 1;
  }
  return {
    dataset,
    state,
    config,
    asOf,
    asOfDay,
    options,
    stageIndexByCode,
    outcomeByCode,
    categoryByCode,
    convertibleByCode,
    open,
    corporateAmount: corporateAmounts(dataset, state.amount, convertibleByCode, config, asOf),
    // The rules read it for open deals only (stale deals): in a scoped audit, for those alone.
    lastActivityDay: lastActivityDays(dataset, asOfDay, scope && open),
    accountExists,
  };
}

/**
 * Each opportunity's amount in the corporate currency at the as-of date's rates (the one rounding rule of
 * src/domain/money.ts), NaN where the currency has no rate on that date.
 */
function corporateAmounts(
  dataset: Dataset,
  amounts: Float64Array,
  convertible: readonly boolean[],
  config: AuditConfig,
  asOf: IsoDate,
): Float64Array {
  const currencies = dataset.labels.currency;
  const { currencyCode } = dataset.opportunities;
  // Per currency code: 0 no rate, 1 the corporate currency, 2 converted.
  const how = Uint8Array.from(currencies, (currency, code) =>
    !convertible[code] ? 0 : currency === config.currency ? 1 : 2,
  );
  const result = new Float64Array(amounts.length);
  for (let row = 0; row < amounts.length; row++) {
    const code = currencyCode[row]!;
    const amount = amounts[row]!;
    const kind = how[code];
    if (kind === 0 || Number.isNaN(amount)) result[row] = NaN;
    else if (kind === 1) result[row] = amount;
    else result[row] = config.fxTable.toCorporate(amount as MinorUnits, currencies[code]!, asOf);
  }
  return result;
}

function hasRate(config: AuditConfig, currency: string, asOf: IsoDate): boolean {
  if (currency === '') return false;
  try {
    config.fxTable.rateOn(currency, asOf);
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

/**
 * The latest activity day on or before `asOfDay` per opportunity (NO_DAY when none), of the opportunities of
 * `only` (per opportunity, 1) when given.
 */
function lastActivityDays(dataset: Dataset, asOfDay: number, only?: Uint8Array): Int32Array {
  const result = new Int32Array(dataset.opportunities.count).fill(NO_DAY);
  const { opportunityIndex, day } = dataset.activities;
  for (let row = 0; row < dataset.activities.count; row++) {
    const deal = opportunityIndex[row]!;
    const when = day[row]!;
    if (deal === NO_INDEX || (only !== undefined && only[deal] !== 1)) continue;
    if (when <= asOfDay && when > result[deal]!) result[deal] = when;
  }
  return result;
}

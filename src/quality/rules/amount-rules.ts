/**
 * Amount rules: deals worth nothing or less, amounts far outside what deals in the segment are worth, and
 * amounts in a currency the workspace cannot convert.
 * @module
 */
import { NO_INDEX } from '../../dataset/dataset.js';
import { placeQuantileRanks, TUKEY_QUANTILES, tukeyFences, type Fences } from '../quantiles.js';
import { opportunityFinding, type AuditInput, type QualityRule } from '../rule.js';
import { dealAmountText, moneyText } from './describe.js';

/** Segments with fewer deals than this are too small to say what an unusual amount is. */
export const OUTLIER_MINIMUM_DEALS = 20;

export const amountNotPositive: QualityRule = {
  id: 'amount-not-positive',
  title: 'Zero, negative or missing amount',
  severity: 'error',
  description: () =>
    'An open or won deal whose amount is zero, negative or missing. The store requires an amount on every ' +
    'deal, so a missing one arrives as 0 (or is rejected at import).',
  fix: "Enter the deal's expected contract value; remove records that are not sales opportunities.",
  check(input) {
    const rows: number[] = [];
    const { exists, stageCode, amount } = input.state;
    for (let row = 0; row < input.open.length; row++) {
      const outcome = input.outcomeByCode[stageCode[row]!];
      if (exists[row] === 1 && (outcome === 'open' || outcome === 'won') && !(amount[row]! > 0))
        rows.push(row);
    }
    return opportunityFinding(input, rows, (row) => `amount ${dealAmountText(input, row)}`);
  },
};

/** The segment label code of a deal's account (0: no account or no segment). */
function segmentOf(input: AuditInput, row: number): number {
  const account = input.dataset.opportunities.accountIndex[row]!;
  return account === NO_INDEX ? 0 : input.dataset.accounts.segmentCode[account]!;
}

/** Whether a deal takes part in its segment's quartiles: it exists and has a positive corporate amount. */
function hasPositiveAmount(input: AuditInput, row: number): boolean {
  return input.state.exists[row] === 1 && input.corporateAmount[row]! > 0;
}

/**
 * Tukey fences of the log corporate amounts of each segment's existing deals with a positive amount (null for a
 * segment that cannot be judged). The quartiles are selected among the amounts themselves and only the few
 * values they read are logged: the logarithm keeps the order, so the k-th log amount is the log of the k-th
 * amount, and the fences are those the sorted log amounts give.
 */
function segmentFences(input: AuditInput): (Fences | null)[] {
  const deals = input.open.length;
  const groups = input.dataset.labels.segment.length;
  const { accountIndex } = input.dataset.opportunities;
  const { segmentCode } = input.dataset.accounts;
  const { exists } = input.state;
  const { corporateAmount } = input;
  // Per deal: its segment code + 1, or 0 when it takes no part.
  const groupOf = new Int32Array(deals);
  const sizes = new Int32Array(groups);
  for (let row = 0; row < deals; row++) {
    if (exists[row] !== 1 || !(corporateAmount[row]! > 0)) continue;
    const account = accountIndex[row]!;
    const group = account === NO_INDEX ? 0 : segmentCode[account]!;
    groupOf[row] = group + 1;
    sizes[group] = sizes[group]! + 1;
  }
  // Counting sort into one array by segment, then each segment's quartiles found on its own.
  const starts = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) starts[group + 1] = starts[group]! + sizes[group]!;
  const byGroup = new Float64Array(starts[groups]!);
  const next = starts.slice(0, groups);
  for (let row = 0; row < deals; row++) {
    const group = groupOf[row]!;
    if (group !== 0) byGroup[next[group - 1]!++] = corporateAmount[row]!;
  }
  return Array.from({ length: groups }, (_, group) => {
    const values = byGroup.subarray(starts[group], starts[group + 1]);
    // The quartiles' ranks in place (linear time), as a sort would put them.
    placeQuantileRanks(values, TUKEY_QUANTILES);
    return tukeyFences(values, input.options.outlierIqrs, OUTLIER_MINIMUM_DEALS, Math.log);
  });
}

/** The deals of `among` (per opportunity, 1) whose log amount lies outside their segment's fences, ascending. */
function outliers(input: AuditInput, fences: readonly (Fences | null)[], among: Uint8Array): Int32Array {
  const rows: number[] = [];
  const { corporateAmount } = input;
  for (let row = 0; row < among.length; row++) {
    if (among[row] !== 1 || !hasPositiveAmount(input, row)) continue;
    const fence = fences[segmentOf(input, row)];
    const value = Math.log(corporateAmount[row]!);
    if (fence && (value > fence.high || value < fence.low)) rows.push(row);
  }
  return Int32Array.from(rows);
}

export const amountOutlier: QualityRule = {
  id: 'amount-outlier',
  title: 'Amount far outside the segment’s range',
  severity: 'warning',
  description: (options) =>
    "A deal whose amount (in the corporate currency at the as-of date's rates) lies more than " +
    `${options.outlierIqrs} interquartile ranges above the upper quartile, or below the lower quartile, of ` +
    "the log amounts of the existing deals in its account's segment (Tukey's fences on log amounts, " +
    'quartiles by linear interpolation). Deals without an account or segment form one group; a group with ' +
    `fewer than ${OUTLIER_MINIMUM_DEALS} deals with a positive amount, or whose quartiles are equal, is not judged.`,
  fix: 'Check the amount against the quote: an extra zero, or cents typed as whole units, is the usual cause.',
  check(input) {
    const fences = segmentFences(input);
    const rows = outliers(input, fences, input.state.exists);
    const { currency } = input.config;
    return opportunityFinding(input, rows, (row) => {
      const segment = segmentOf(input, row);
      const median = Math.round(Math.exp(fences[segment]!.median));
      const name = input.dataset.labels.segment[segment] || 'no segment';
      return `amount ${dealAmountText(input, row)}; median of ${name} deals ${moneyText(median, currency)}`;
    });
  },
  // The fences still need every deal; the deals judged against them, the open ones alone.
  valueDeals: (input) => outliers(input, segmentFences(input), input.open),
};

export const currencyWithoutRate: QualityRule = {
  id: 'currency-without-rate',
  title: 'Currency without an FX rate',
  severity: 'error',
  description: () =>
    'A deal in a currency other than the corporate one with no FX rate in salesops.yaml covering the as-of ' +
    'date: its amount cannot be converted, so reports leave it out and its value is not counted here. The ' +
    'store requires a currency on every deal, so in a multi-currency workspace a missing currency shows up ' +
    'as a currency the workspace has no rate for.',
  fix: 'Add a dated rate for the currency to fx in salesops.yaml, or correct the currency code on the deal.',
  check(input) {
    const rows: number[] = [];
    for (let row = 0; row < input.open.length; row++) {
      const code = input.dataset.opportunities.currencyCode[row]!;
      if (input.state.exists[row] === 1 && !input.convertibleByCode[code]) rows.push(row);
    }
    return opportunityFinding(input, rows, (row) => {
      const code = input.dataset.opportunities.currencyCode[row]!;
      const currency = input.dataset.labels.currency[code] || '(none)';
      return `amount ${dealAmountText(input, row)}: no ${currency} rate on ${input.asOf}`;
    });
  },
};

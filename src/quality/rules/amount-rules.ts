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

/**
 * Tukey fences of the log corporate amounts of each segment's existing deals with a positive amount, each
 * deal's log amount (NaN for deals that take no part) and its segment code.
 */
function segmentFences(input: AuditInput): {
  fences: (Fences | null)[];
  logAmount: Float64Array;
  segment: Uint16Array;
} {
  const deals = input.open.length;
  const groups = input.dataset.labels.segment.length;
  const logAmount = new Float64Array(deals).fill(NaN);
  const segment = new Uint16Array(deals);
  const sizes = new Int32Array(groups);
  const { corporateAmount } = input;
  const { exists } = input.state;
  for (let row = 0; row < deals; row++) {
    const amount = corporateAmount[row]!;
    if (exists[row] !== 1 || !(amount > 0)) continue;
    logAmount[row] = Math.log(amount);
    const group = segmentOf(input, row);
    segment[row] = group;
    sizes[group] = sizes[group]! + 1;
  }
  // Counting sort into one array by segment, then each segment's quartiles found on its own.
  const starts = new Int32Array(groups + 1);
  for (let group = 0; group < groups; group++) starts[group + 1] = starts[group]! + sizes[group]!;
  const byGroup = new Float64Array(starts[groups]!);
  const next = starts.slice(0, groups);
  for (let row = 0; row < deals; row++) {
    if (!Number.isNaN(logAmount[row]!)) byGroup[next[segment[row]!]!++] = logAmount[row]!;
  }
  const fences = Array.from({ length: groups }, (_, group) => {
    const values = byGroup.subarray(starts[group], starts[group + 1]);
    // The quartiles' ranks in place (linear time), as a sort would put them.
    placeQuantileRanks(values, TUKEY_QUANTILES);
    return tukeyFences(values, input.options.outlierIqrs, OUTLIER_MINIMUM_DEALS);
  });
  return { fences, logAmount, segment };
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
    const { fences, logAmount, segment } = segmentFences(input);
    const rows: number[] = [];
    for (let row = 0; row < logAmount.length; row++) {
      const value = logAmount[row]!;
      const fence = fences[segment[row]!];
      if (fence && (value > fence.high || value < fence.low)) rows.push(row);
    }
    const { currency } = input.config;
    return opportunityFinding(input, rows, (row) => {
      const segment = segmentOf(input, row);
      const median = Math.round(Math.exp(fences[segment]!.median));
      const name = input.dataset.labels.segment[segment] || 'no segment';
      return `amount ${dealAmountText(input, row)}; median of ${name} deals ${moneyText(median, currency)}`;
    });
  },
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

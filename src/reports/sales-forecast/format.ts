/**
 * How the Sales Forecast shows numbers: money in whole units of the corporate currency (rounded half away from
 * zero from the exact decimal), compact money for charts, percentages from fractions, probabilities without
 * a certainty they do not have.
 * @module
 */
import { formatMoney, type CurrencyCode, type MinorUnits } from '../../domain/money.js';
import { belowThreshold, chancePercent, readsAsThreshold } from '../../forecast/probability-text.js';

/** `$1,234,568` for 123456789 USD minor units. */
export function wholeMoney(minor: number, currency: CurrencyCode): string {
  return formatMoney(minor as MinorUnits, currency, { whole: true });
}

/** `$1.2M`, for chart labels. */
export function compactMoney(minor: number, currency: CurrencyCode): string {
  return formatMoney(minor as MinorUnits, currency, { compact: true });
}

/** A signed amount: `+$100,000` or `-$200,000`. */
export function signedMoney(minor: number, currency: CurrencyCode): string {
  return `${minor > 0 ? '+' : ''}${wholeMoney(minor, currency)}`;
}

/** A fraction as a percentage with `digits` decimals: 0.953 → `95%` (digits 0), `95.3%` (digits 1). */
export function percent(fraction: number | null, digits = 0): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const value = (fraction * 100).toFixed(digits);
  return `${value === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : value}%`;
}

/** The attainment levels where a rep's risk changes (below 80%: high; from 100%: low). */
const ATTAINMENT_THRESHOLDS = [0.8, 1];

/**
 * A fraction as a percentage that never reads as one of `thresholds` it is below: 79.6% would round to "80%" next
 * to "below 80% of quota", so a value just under a threshold shows one decimal, rounded down ("79.6%").
 */
export function thresholdPercent(fraction: number | null, thresholds: readonly number[]): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  return readsAsThreshold(fraction, thresholds) ? belowThreshold(fraction) : percent(fraction);
}

/**
 * A probability as a percentage that claims no certainty the forecast does not have (never 0% or 100% unless
 * exact: {@link chancePercent}), n/a when there is none, and never reading as one of `thresholds` it is below
 * ({@link thresholdPercent}).
 */
export function probabilityPercent(probability: number | null, thresholds: readonly number[] = []): string {
  if (probability === null || !Number.isFinite(probability)) return 'n/a';
  return chancePercent(probability, thresholds);
}

/** An attainment as a percentage that never reads as a risk threshold it is below ({@link thresholdPercent}). */
export function attainmentPercent(fraction: number | null): string {
  return thresholdPercent(fraction, ATTAINMENT_THRESHOLDS);
}

/** A signed percentage: `+5%`, `-10%`. */
export function signedPercent(fraction: number | null, digits = 0): string {
  if (fraction === null || !Number.isFinite(fraction)) return 'n/a';
  const text = percent(fraction, digits);
  return fraction > 0 && !/^0\.?0*%$/.test(text) ? `+${text}` : text;
}

export const count = (value: number): string => value.toLocaleString('en-US');

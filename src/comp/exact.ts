/**
 * Exact rational arithmetic for compensation rates (a rate times a multiplier times a target over a quota), and
 * the text forms statements show. Money is only ever rounded once, by the caller, through `multiplyByRatio`.
 * @module
 */
import {
  currencyExponent,
  divideRounded,
  formatMoney,
  parseRatio,
  type CurrencyCode,
  type MinorUnits,
  type Ratio,
} from '../domain/money.js';

export const ONE: Ratio = { numerator: 1n, denominator: 1n };
export const ZERO: Ratio = { numerator: 0n, denominator: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The ratio in lowest terms with a positive denominator. */
export function normalize(ratio: Ratio): Ratio {
  const sign = ratio.denominator < 0n ? -1n : 1n;
  const divisor = gcd(ratio.numerator, ratio.denominator) || 1n;
  return { numerator: (sign * ratio.numerator) / divisor, denominator: (sign * ratio.denominator) / divisor };
}

export function ratio(numerator: bigint | number, denominator: bigint | number = 1n): Ratio {
  return normalize({ numerator: BigInt(numerator), denominator: BigInt(denominator) });
}

export function decimal(text: string): Ratio {
  return normalize(parseRatio(text));
}

export function times(...factors: Ratio[]): Ratio {
  return normalize(
    factors.reduce(
      (product, factor) => ({
        numerator: product.numerator * factor.numerator,
        denominator: product.denominator * factor.denominator,
      }),
      ONE,
    ),
  );
}

export function plus(a: Ratio, b: Ratio): Ratio {
  return normalize({
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  });
}

export function minus(a: Ratio, b: Ratio): Ratio {
  return plus(a, { numerator: -b.numerator, denominator: b.denominator });
}

export function dividedBy(a: Ratio, b: Ratio): Ratio {
  if (b.numerator === 0n) throw new RangeError('division by zero');
  return normalize({ numerator: a.numerator * b.denominator, denominator: a.denominator * b.numerator });
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compare(a: Ratio, b: Ratio): number {
  const difference = a.numerator * b.denominator - b.numerator * a.denominator;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** `volume x ratio` rounded down: used only for volume boundaries, never for money lines. */
export function floorTimes(volume: number, factor: Ratio): number {
  return Number((BigInt(volume) * factor.numerator) / factor.denominator);
}

/**
 * The ratio as a decimal if it has at most `digits` decimals (`0.08` -> "0.08"), otherwise as a fraction
 * ("1/30"): statements never show a rounded rate as if it were the rate used.
 */
export function formatRatio(value: Ratio, digits = 8): string {
  const { numerator, denominator } = normalize(value);
  let scale = 0;
  let scaled = numerator;
  while (scale <= digits) {
    if (scaled % denominator === 0n) {
      const whole = scaled / denominator;
      const negative = whole < 0n;
      const text = (negative ? -whole : whole).toString().padStart(scale + 1, '0');
      const body = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
      return negative ? `-${body}` : body;
    }
    scaled *= 10n;
    scale += 1;
  }
  return `${numerator}/${denominator}`;
}

/** Digits after the point a rate is shown with when it has no shorter exact form. */
export const RATE_DISPLAY_DECIMALS = 4;

/** `value` rounded by the one rule to `decimals` places, as a decimal text with exactly that many places. */
function roundedDecimal(value: Ratio, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const rounded = divideRounded(value.numerator * scale, value.denominator);
  const fixed = formatRatio(ratio(rounded, scale), decimals);
  if (decimals === 0) return fixed;
  const [whole, fraction = ''] = fixed.split('.');
  return `${whole}.${fraction.padEnd(decimals, '0')}`;
}

/**
 * A rate as a percentage a payee can read: 0.08 -> "8%", 1.5 -> "150%"; one with more than four decimals of a
 * percent is rounded (half away from zero) and marked: 1/3 -> "≈33.3333%". Pay is computed from the exact rate.
 */
export function formatPercent(value: Ratio): string {
  // A run shows the same few rates on thousands of lines: each is worked out once (bounded cache).
  const key = `${value.numerator}/${value.denominator}`;
  let shown = percentCache.get(key);
  if (shown === undefined) {
    const percent = times(value, ratio(100));
    const exact = formatRatio(percent, RATE_DISPLAY_DECIMALS);
    shown = exact.includes('/') ? `≈${roundedDecimal(percent, RATE_DISPLAY_DECIMALS)}%` : `${exact}%`;
    if (percentCache.size >= PERCENT_CACHE_LIMIT) percentCache.clear();
    percentCache.set(key, shown);
  }
  return shown;
}

const percentCache = new Map<string, string>();
const PERCENT_CACHE_LIMIT = 4096;

/** Attainment as a percentage to one decimal, rounded half away from zero: 1992920000/67333330 -> "296.0%". */
export function formatAttainment(value: Ratio): string {
  return `${roundedDecimal(times(value, ratio(100)), 1)}%`;
}

/** How formatMoney writes a currency, learnt once from Intl: the text around the digits, per sign. */
interface MoneyPattern {
  readonly exponent: number;
  readonly positive: readonly [string, string];
  readonly negative: readonly [string, string];
  readonly group: string;
  readonly decimal: string;
}

const moneyPatterns = new Map<CurrencyCode, MoneyPattern | null>();

/**
 * The pattern of a currency, checked against formatMoney on probes; null (formatMoney is used) when the digits
 * are not grouped by three with one separator, or a probe differs.
 */
function moneyPattern(currency: CurrencyCode): MoneyPattern | null {
  if (moneyPatterns.has(currency)) return moneyPatterns.get(currency) ?? null;
  const exponent = currencyExponent(currency);
  const shape = (minor: number): [string, string] | null => {
    const text = formatMoney(minor as MinorUnits, currency);
    const first = text.search(/[0-9]/);
    const last = text.length - [...text].reverse().join('').search(/[0-9]/);
    return first === -1 ? null : [text.slice(0, first), text.slice(last)];
  };
  const positive = shape(123456789);
  const negative = shape(-123456789);
  const sample = formatMoney(123456789 as MinorUnits, currency);
  const digits = sample.slice(positive?.[0].length ?? 0, sample.length - (positive?.[1].length ?? 0));
  const separators = digits.replace(/[0-9]/g, '');
  let pattern: MoneyPattern | null = null;
  if (positive && negative) {
    const group = separators[0] ?? ',';
    const decimal = exponent > 0 ? (separators.at(-1) ?? '.') : '';
    pattern = { exponent, positive, negative, group, decimal };
    const probes = [0, 5, -5, 99, 100, -100, 123456, -123456, 100000000, -98765432101, 1234567890123];
    if (
      probes.some(
        (probe) => fastMoney(probe, pattern as MoneyPattern) !== formatMoney(probe as MinorUnits, currency),
      )
    ) {
      pattern = null;
    }
  }
  moneyPatterns.set(currency, pattern);
  return pattern;
}

function fastMoney(minor: number, pattern: MoneyPattern): string {
  const digits = Math.abs(minor)
    .toString()
    .padStart(pattern.exponent + 1, '0');
  const whole = digits.slice(0, digits.length - pattern.exponent);
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let at = grouped.length; at < whole.length; at += 3)
    grouped += pattern.group + whole.slice(at, at + 3);
  const [before, after] = minor < 0 ? pattern.negative : pattern.positive;
  const fraction =
    pattern.exponent > 0 ? pattern.decimal + digits.slice(digits.length - pattern.exponent) : '';
  return before + grouped + fraction + after;
}

/**
 * Money as formatMoney writes it (`$1,234.56`, `-$17,000.00`). Statements show thousands of amounts, so the
 * currency's pattern is learnt from formatMoney once (and checked against it) instead of formatting through Intl
 * each time.
 */
export function money(amount: MinorUnits | number, currency: CurrencyCode): string {
  const pattern = moneyPattern(currency);
  return pattern ? fastMoney(amount, pattern) : formatMoney(amount as MinorUnits, currency);
}

/**
 * Money: integer minor units of a currency (cents for USD, yen for JPY), never binary floats.
 *
 * **The one rounding rule.** Wherever money is divided or multiplied by a rate (FX conversion, probability
 * weighting, commission rates, parsing a decimal with more digits than the currency has), the exact result is
 * rounded to a whole minor unit **half away from zero**: 2.5 → 3, -2.5 → -3, 2.49 → 2. That is what Excel's
 * ROUND does, and finance teams reconcile against Excel. The arithmetic is done on integers (bigint when the
 * numbers outgrow 2^53), so no binary-float error can tip a half the wrong way; `Math.round(x * 100)` is never
 * used for money. Rates given as JS numbers are read at their shortest decimal form (what `String(rate)`
 * prints), so `0.1` means exactly 1/10.
 *
 * Splitting an amount into parts ({@link allocate}) cannot round each part on its own, or the parts would not add
 * up to the total; it uses the largest-remainder method instead, which keeps every part within one minor unit of
 * its exact share and makes the parts sum exactly to the total.
 *
 * Minor-unit digits come from ISO 4217 ({@link currencyExponent}).
 * @module
 */
import { InputError } from './errors.js';

/** An amount in integer minor units (e.g. cents). Always a safe integer. */
export type MinorUnits = number & { readonly __unit: 'minor' };

/** ISO 4217 currency code, upper case, e.g. `USD`. */
export type CurrencyCode = string;

/** A decimal number written as text, e.g. `"1.0825"`: exact, unlike a binary float. */
export type DecimalString = string;

/** An exact rational number `numerator / denominator`, with `denominator > 0`. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Brands a safe integer as minor units; throws on fractions or unsafe magnitudes. */
export function minorUnits(value: number): MinorUnits {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`money must be a safe integer of minor units (got ${value})`);
  }
  return value as MinorUnits;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Brands a bigint as minor units; throws a RangeError when it leaves the safe-integer range. */
export function minorUnitsFromBigInt(value: bigint): MinorUnits {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new RangeError(`money amount ${value} is beyond the safe-integer range of minor units`);
  }
  return Number(value) as MinorUnits;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * ISO 4217 minor units where ICU's data (CLDR display digits, which `Intl` reports) departs from the standard:
 * CLDR shows these currencies without their subunits because nobody uses them in cash, but CRMs and ledgers
 * keep ISO's digits, so a Hungarian invoice of 1234.50 HUF is valid input.
 */
const ISO_EXPONENT_WHERE_CLDR_DIFFERS: Readonly<Record<string, number>> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

const exponentCache = new Map<CurrencyCode, number>();

/** True when `code` looks like an ISO 4217 code: three capital letters. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return CURRENCY_CODE.test(code);
}

/** Throws an InputError unless `code` looks like an ISO 4217 code. */
export function assertCurrencyCode(code: string): asserts code is CurrencyCode {
  if (!isCurrencyCode(code)) {
    throw new InputError({
      message: `${JSON.stringify(code)} is not an ISO 4217 currency code`,
      fix: 'write three capital letters, such as USD, EUR or JPY',
    });
  }
}

/**
 * Digits of the currency's minor unit per ISO 4217: USD 2, JPY 0, KWD 3. Read from `Intl.NumberFormat` (with
 * the ISO corrections above) and memoised. A well-formed code unknown to ICU gets 2, as ECMA-402 specifies.
 */
export function currencyExponent(code: CurrencyCode): number {
  const cached = exponentCache.get(code);
  if (cached !== undefined) return cached;
  assertCurrencyCode(code);
  const exponent =
    ISO_EXPONENT_WHERE_CLDR_DIFFERS[code] ??
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ??
    2;
  exponentCache.set(code, exponent);
  return exponent;
}

/**
 * The one rounding rule: `numerator / denominator` rounded to an integer, half away from zero.
 * Exact for any bigint operands.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideRounded(-numerator, -denominator);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // carries the sign of the numerator
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder;
  if (twiceRemainder < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** The same rule on safe integers, for the fast path; callers guarantee both operands are safe integers. */
function divideRoundedSafe(numerator: number, denominator: number): number {
  const remainder = numerator % denominator; // exact for integers
  const quotient = (numerator - remainder) / denominator; // exact: the division has no remainder
  if (2 * Math.abs(remainder) < denominator) return quotient;
  return numerator < 0 ? quotient - 1 : quotient + 1;
}

// An optional sign, digits with an optional fraction (at least one digit in all), an optional exponent.
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

interface DecimalParts {
  readonly negative: boolean;
  /** All digits, integer part then fraction part, without the point. */
  readonly digits: string;
  /** Digits after the point, after applying the exponent; may be negative (e.g. `5e3` has -3). */
  readonly scale: number;
}

function decimalParts(text: string): DecimalParts | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (whole === '' && fraction === '') return null;
  return {
    negative: match[1] === '-',
    digits: whole + fraction,
    scale: fraction.length - Number(match[4] ?? '0'),
  };
}

function notADecimal(text: string): InputError {
  return new InputError({
    message: `${JSON.stringify(text)} is not a decimal number`,
    fix: 'write it like 1234.56: a dot before the decimals, no thousands separators or currency symbols',
  });
}

function ratioOfParts(parts: DecimalParts): Ratio {
  const magnitude = BigInt(parts.digits);
  const numerator = parts.negative ? -magnitude : magnitude;
  return parts.scale >= 0
    ? { numerator, denominator: 10n ** BigInt(parts.scale) }
    : { numerator: numerator * 10n ** BigInt(-parts.scale), denominator: 1n };
}

/**
 * Reads a decimal (text such as `"0.0825"` or `"1e-3"`, or a finite number at its shortest decimal form) as an
 * exact ratio. Throws an InputError on anything else.
 */
export function parseRatio(value: DecimalString | number): Ratio {
  const text = typeof value === 'number' ? String(value) : value;
  const parts = decimalParts(text);
  if (!parts) throw notADecimal(text);
  return ratioOfParts(parts);
}

/**
 * Parses a decimal amount in major units (`"1234.5"`) into exact minor units of `currency` (123450 cents).
 * More decimal places than the currency has are rejected, unless `round` is set: then the one rounding rule
 * applies (`"0.125"` USD → 13 cents). Exponents, thousands separators and symbols are not accepted.
 */
export function parseDecimalToMinor(
  text: DecimalString,
  currency: CurrencyCode,
  options: { round?: boolean } = {},
): MinorUnits {
  const exponent = currencyExponent(currency);
  const parts = text.includes('e') || text.includes('E') ? null : decimalParts(text);
  if (!parts) throw notADecimal(text);
  if (parts.scale > exponent && !options.round) {
    throw new InputError({
      message: `${JSON.stringify(text)} has more decimal places than ${currency} has (${exponent})`,
      fix: `round it to ${exponent} decimal place${exponent === 1 ? '' : 's'}`,
    });
  }
  if (parts.scale <= exponent && parts.digits.length <= 15) {
    // Fast path for the common case: at most 15 digits are exact in a double, and so is the scaled product
    // whenever it is a safe integer.
    const magnitude = Number(parts.digits) * 10 ** (exponent - parts.scale);
    if (Number.isSafeInteger(magnitude)) return (parts.negative ? 0 - magnitude : magnitude) as MinorUnits; // never -0
  }
  const { numerator, denominator } = ratioOfParts(parts);
  const minor = divideRounded(numerator * 10n ** BigInt(exponent), denominator);
  if (minor > MAX_SAFE || minor < -MAX_SAFE) {
    throw new InputError({
      message: `${JSON.stringify(text)} ${currency} is too large an amount`,
      fix: `amounts must stay below ${Number.MAX_SAFE_INTEGER} minor units; check the column holds money`,
    });
  }
  return Number(minor) as MinorUnits;
}

/** The exact decimal text of an amount in major units: 123450 USD → `"1234.50"`, 1234 JPY → `"1234"`. */
export function minorToDecimalString(minor: MinorUnits, currency: CurrencyCode): DecimalString {
  const exponent = currencyExponent(currency);
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** `exact`: every minor digit; `whole`: whole units (report tables); `compact`: `$1.2M` (charts). */
type MoneyStyle = 'exact' | 'whole' | 'compact';

function formatter(currency: CurrencyCode, style: MoneyStyle, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}|${style}`;
  let format = formatters.get(key);
  if (!format) {
    const digits = style === 'exact' ? currencyExponent(currency) : 0;
    // halfExpand is half away from zero: the same rule as everywhere else, also when compacting.
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      roundingMode: 'halfExpand',
      ...(style === 'compact'
        ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }
        : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * Formats an amount for display: `$1,234.50`; with `whole` `$1,235` (rounded half away from zero), with
 * `compact` `$1.2M`. The exact decimal is handed to Intl as text, so no float rounding creeps in. `locale`
 * defaults to `en-US`.
 */
export function formatMoney(
  minor: MinorUnits,
  currency: CurrencyCode,
  options: { compact?: boolean; whole?: boolean; locale?: string } = {},
): string {
  const exact = minorToDecimalString(minor, currency) as Intl.StringNumericLiteral;
  const style: MoneyStyle = options.compact ? 'compact' : options.whole ? 'whole' : 'exact';
  return formatter(currency, style, options.locale ?? 'en-US').format(exact);
}

/** Sums amounts exactly; throws a RangeError as soon as a partial sum leaves the safe-integer range. */
export function sumMoney(amounts: Iterable<MinorUnits>): MinorUnits {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    // Two safe integers add exactly unless the true sum passes 2^53, and then the float sum is unsafe too.
    if (!Number.isSafeInteger(total)) {
      throw new RangeError('sum of money leaves the safe-integer range of minor units');
    }
  }
  return total as MinorUnits;
}

/** Multiplies an amount by an exact ratio, rounding by the one rule. */
export function multiplyByRatio(minor: MinorUnits, ratio: Ratio): MinorUnits {
  const numerator = Number(ratio.numerator);
  const denominator = Number(ratio.denominator);
  const product = minor * numerator;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
    return divideRoundedSafe(product, denominator) as MinorUnits;
  }
  return minorUnitsFromBigInt(divideRounded(BigInt(minor) * ratio.numerator, ratio.denominator));
}

// Rates repeat (a handful of stage probabilities, commission rates), so parsed ratios are kept; bounded.
const rateCache = new Map<DecimalString | number, Ratio>();
const RATE_CACHE_LIMIT = 4096;

function cachedRatio(rate: DecimalString | number): Ratio {
  let ratio = rateCache.get(rate);
  if (!ratio) {
    ratio = parseRatio(rate);
    if (rateCache.size >= RATE_CACHE_LIMIT) rateCache.clear();
    rateCache.set(rate, ratio);
  }
  return ratio;
}

/**
 * Multiplies an amount by a rate (a probability, a commission rate, an FX rate), rounding by the one rule:
 * `multiplyByRate(1005, '0.5')` is 503. Exact; fast on safe integers.
 */
export function multiplyByRate(minor: MinorUnits, rate: DecimalString | number): MinorUnits {
  return multiplyByRatio(minor, cachedRatio(rate));
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Splits an amount in proportion to `weights` (non-negative, not all zero) by the largest-remainder method:
 * every part is its exact share rounded down, and the units left over go one each to the parts with the largest
 * remainders (the earlier part on a tie). The parts always sum exactly to `minor`; a negative amount is split
 * as its magnitude and negated. `allocate(100, [1, 1, 1])` is `[34, 33, 33]`.
 */
export function allocate(minor: MinorUnits, weights: readonly (DecimalString | number)[]): MinorUnits[] {
  const ratios = weights.map(parseRatio);
  if (ratios.some((ratio) => ratio.numerator < 0n)) throw new RangeError('allocation weights must be >= 0');
  // Bring every weight onto a common denominator so they become integers.
  let common = 1n;
  for (const { denominator } of ratios) {
    common = (common / greatestCommonDivisor(common, denominator)) * denominator;
  }
  const scaled = ratios.map(({ numerator, denominator }) => numerator * (common / denominator));
  const weightSum = scaled.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) throw new RangeError('allocation weights must not all be zero');

  const total = BigInt(Math.abs(minor));
  const floors = scaled.map((weight) => (total * weight) / weightSum);
  const remainders = scaled.map((weight) => (total * weight) % weightSum);
  let leftover = total - floors.reduce((sum, part) => sum + part, 0n);
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    floors[index] = (floors[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return floors.map((part) => minorUnitsFromBigInt(minor < 0 ? -part : part));
}

/**
 * Dated FX rates, as in Salesforce's advanced currency management (DatedConversionRate): each currency has a
 * list of rates, each valid from its start date until the next one starts (the last stays valid). A rate is
 * the number of units of that currency per 1 unit of the corporate currency, written as a decimal string, so
 * the corporate currency's own rate is always 1.
 *
 * Conversion is exact rational arithmetic on bigint, rounded once to the target currency's minor unit by the
 * one rounding rule of ./money.ts (half away from zero), and handles currencies with different minor-unit
 * digits (USD 2, JPY 0, KWD 3).
 * @module
 */
import { isoDate, parseIsoDate, type IsoDate } from './dates.js';
import { InputError, type Problem } from './errors.js';
import {
  assertCurrencyCode,
  currencyExponent,
  divideRounded,
  isCurrencyCode,
  minorUnitsFromBigInt,
  parseRatio,
  type CurrencyCode,
  type DecimalString,
  type MinorUnits,
  type Ratio,
} from './money.js';

/** One dated rate: from `from` on, 1 unit of the corporate currency buys `rate` units of `currency`. */
export interface FxRateInput {
  readonly currency: CurrencyCode;
  /** First day the rate applies, `YYYY-MM-DD`. */
  readonly from: string;
  /** Units of `currency` per 1 unit of the corporate currency, e.g. `"0.92"` EUR per USD. */
  readonly rate: DecimalString | number;
}

/** A problem with one rate (`index`, and the field `key` when it is about one field). */
export interface FxRateProblem {
  readonly index: number;
  readonly key?: keyof FxRateInput;
  readonly message: string;
  readonly fix?: string;
}

export interface FxTable {
  readonly corporate: CurrencyCode;
  /** Currencies with at least one rate, the corporate currency first. */
  readonly currencies: readonly CurrencyCode[];
  /** Units of `currency` per 1 unit of the corporate currency on the date; InputError when no rate covers it. */
  rateOn(currency: CurrencyCode, onDate: IsoDate): Ratio;
  /** Converts an amount between currencies at the rates of `onDate`, rounding once by the one rule. */
  convert(minor: MinorUnits, from: CurrencyCode, to: CurrencyCode, onDate: IsoDate): MinorUnits;
  /** Shorthand for converting into the corporate currency. */
  toCorporate(minor: MinorUnits, from: CurrencyCode, onDate: IsoDate): MinorUnits;
}

const ONE: Ratio = { numerator: 1n, denominator: 1n };

function rateProblem(entry: FxRateInput, corporate: CurrencyCode): Omit<FxRateProblem, 'index'> | null {
  let ratio: Ratio;
  try {
    ratio = parseRatio(entry.rate);
  } catch {
    return {
      key: 'rate',
      message: `must be a decimal number (got ${JSON.stringify(entry.rate)})`,
      fix: `write how many ${entry.currency} one ${corporate} buys, e.g. "0.92"`,
    };
  }
  if (ratio.numerator <= 0n) {
    return {
      key: 'rate',
      message: `must be greater than 0 (got ${JSON.stringify(entry.rate)})`,
      fix: `write how many ${entry.currency} one ${corporate} buys, e.g. "0.92"`,
    };
  }
  if (entry.currency === corporate && ratio.numerator !== ratio.denominator) {
    return {
      key: 'rate',
      message: `the corporate currency ${corporate} always has rate 1 (got ${JSON.stringify(entry.rate)})`,
      fix: `remove this entry; rates of other currencies are given per 1 ${corporate}`,
    };
  }
  return null;
}

/**
 * Every problem with a list of dated rates: malformed currency codes, dates or rates, rates that are not
 * positive, a corporate-currency rate other than 1, and two rates for one currency starting on the same day.
 */
export function fxRateProblems(corporate: CurrencyCode, rates: readonly FxRateInput[]): FxRateProblem[] {
  const problems: FxRateProblem[] = [];
  const firstIndexByStart = new Map<string, number>();
  rates.forEach((entry, index) => {
    if (!isCurrencyCode(entry.currency)) {
      problems.push({
        index,
        key: 'currency',
        message: `must be an ISO 4217 code such as EUR (got ${JSON.stringify(entry.currency)})`,
        fix: 'write three capital letters',
      });
    }
    if (parseIsoDate(entry.from) === null) {
      problems.push({
        index,
        key: 'from',
        message: `must be a date YYYY-MM-DD (got ${JSON.stringify(entry.from)})`,
        fix: 'write the first day the rate applies, e.g. 2026-01-01',
      });
    }
    const rate = rateProblem(entry, corporate);
    if (rate) problems.push({ index, ...rate });
    const startKey = `${entry.currency}|${entry.from}`;
    const earlier = firstIndexByStart.get(startKey);
    if (earlier === undefined) firstIndexByStart.set(startKey, index);
    else {
      problems.push({
        index,
        key: 'from',
        message: `fx[${earlier}] already gives a ${entry.currency} rate from ${entry.from}`,
        fix: 'keep one rate per currency and start date',
      });
    }
  });
  return problems;
}

interface DatedRate {
  readonly from: IsoDate;
  readonly rate: Ratio;
}

/** Index of the last rate starting on or before the date, or -1. Rates are sorted by start date. */
function lastStartingBy(rates: readonly DatedRate[], onDate: IsoDate): number {
  let low = 0;
  let high = rates.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((rates[middle] as DatedRate).from <= onDate) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * Builds the rate table of a corporate currency; throws one InputError (fields `fx[i].rate` etc.) listing every
 * problem of {@link fxRateProblems}.
 */
export function createFxTable(corporate: CurrencyCode, rates: readonly FxRateInput[]): FxTable {
  assertCurrencyCode(corporate);
  const problems = fxRateProblems(corporate, rates);
  if (problems.length > 0) {
    throw new InputError(
      problems.map((problem): Problem => ({
        message: problem.message,
        location: { field: `fx[${problem.index}]${problem.key ? `.${problem.key}` : ''}` },
        ...(problem.fix ? { fix: problem.fix } : {}),
      })),
    );
  }
  const byCurrency = new Map<CurrencyCode, DatedRate[]>();
  for (const entry of rates) {
    if (entry.currency === corporate) continue;
    const list = byCurrency.get(entry.currency) ?? [];
    list.push({ from: isoDate(entry.from), rate: parseRatio(entry.rate) });
    byCurrency.set(entry.currency, list);
  }
  for (const list of byCurrency.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));

  function rateOn(currency: CurrencyCode, onDate: IsoDate): Ratio {
    if (currency === corporate) return ONE;
    const list = byCurrency.get(currency);
    const found = list?.[lastStartingBy(list, onDate)];
    if (found) return found.rate;
    const known = [...byCurrency.keys()];
    throw new InputError({
      message: list
        ? `no ${currency} rate covers ${onDate}: the first ${currency} rate starts ${list[0]?.from}`
        : `no ${currency} rate covers ${onDate}: there are no ${currency} rates` +
          (known.length > 0 ? ` (rates are given for ${known.join(', ')})` : ''),
      fix: `add to fx in salesops.yaml: { currency: ${currency}, from: <${onDate} or earlier>, rate: <${currency} per 1 ${corporate}> }`,
    });
  }

  function convert(minor: MinorUnits, from: CurrencyCode, to: CurrencyCode, onDate: IsoDate): MinorUnits {
    if (from === to) return minor;
    const fromRate = rateOn(from, onDate);
    const toRate = rateOn(to, onDate);
    // to = minor / 10^ef / rateFrom * rateTo * 10^et, with rate = numerator / denominator.
    const digits = currencyExponent(to) - currencyExponent(from);
    const numerator =
      BigInt(minor) * toRate.numerator * fromRate.denominator * (digits > 0 ? 10n ** BigInt(digits) : 1n);
    const denominator = toRate.denominator * fromRate.numerator * (digits < 0 ? 10n ** BigInt(-digits) : 1n);
    return minorUnitsFromBigInt(divideRounded(numerator, denominator));
  }

  return {
    corporate,
    currencies: [corporate, ...byCurrency.keys()],
    rateOn,
    convert,
    toCorporate: (minor, from, onDate) => convert(minor, from, corporate, onDate),
  };
}

/**
 * Money as CRMs and spreadsheets write it, read exactly into integer minor units of its currency: `$22,050`,
 * `22050.00`, `1.234,56 €`, `€1.234,56`, `USD 1,200`, `$(1,901)` and `-1,901` (negative), `$-` (Excel's
 * accounting zero), `1E02`. A currency sign names the currency only where it is unambiguous (`€`, `£`, `USD`);
 * `$`, `¥` and `kr` need the column's currency, and so does an amount written without any sign.
 * @module
 */
import { currencyExponent, isCurrencyCode, type CurrencyCode, type MinorUnits } from '../../domain/money.js';
import { isNullToken } from './null-tokens.js';
import { partsToSafeScaledInteger, readNumber, type DecimalSeparator, type NumberParts } from './numbers.js';
import { parsed, problem, show, type Parsed } from './parsed.js';

export interface Money {
  readonly amount: MinorUnits;
  readonly currency: CurrencyCode;
}

export interface MoneyContext {
  /** The column's currency: for amounts written without a sign, and to resolve `$`, `¥` and `kr`. */
  readonly currency?: CurrencyCode;
  /** The column's decimal separator, when known (from the column's votes: `voteDecimalSeparator`). */
  readonly decimalSeparator?: DecimalSeparator | null;
}

/**
 * Currency signs and the ISO codes they may stand for; a sign with one code is unambiguous. Longer signs come
 * first so that `US$` is not read as `$`.
 */
const CURRENCY_SIGNS: readonly (readonly [sign: string, codes: readonly CurrencyCode[]])[] = [
  ['US$', ['USD']],
  ['CA$', ['CAD']],
  ['AU$', ['AUD']],
  ['NZ$', ['NZD']],
  ['HK$', ['HKD']],
  ['MX$', ['MXN']],
  ['CN¥', ['CNY']],
  ['JP¥', ['JPY']],
  ['C$', ['CAD']],
  ['A$', ['AUD']],
  ['S$', ['SGD']],
  ['R$', ['BRL']],
  ['zł', ['PLN']],
  ['Kč', ['CZK']],
  ['kr.', ['DKK', 'NOK', 'SEK', 'ISK']],
  ['kr', ['DKK', 'NOK', 'SEK', 'ISK']],
  ['$', ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'ARS', 'CLP', 'COP', 'TWD']],
  ['¥', ['JPY', 'CNY']],
  ['€', ['EUR']],
  ['£', ['GBP']],
  ['₹', ['INR']],
  ['₩', ['KRW']],
  ['₽', ['RUB']],
  ['₺', ['TRY']],
  ['₪', ['ILS']],
  ['₫', ['VND']],
  ['₱', ['PHP']],
  ['฿', ['THB']],
  ['₦', ['NGN']],
  ['₴', ['UAH']],
];

const ISO_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const CODE_PREFIX = /^[A-Z]{3}(?![A-Za-z])/;
const CODE_SUFFIX = /(?<![A-Za-z])[A-Z]{3}$/;

/** A currency sign or code found around the digits. */
interface Marker {
  readonly text: string;
  readonly codes: readonly CurrencyCode[];
}

/** A currency code or sign at the start of `text` (or at its end, when `end`), or null. */
function markerAt(text: string, end: boolean): Marker | null {
  const code = (end ? CODE_SUFFIX : CODE_PREFIX).exec(text);
  if (code && ISO_CODES.has(code[0])) return { text: code[0], codes: [code[0]] };
  for (const [sign, codes] of CURRENCY_SIGNS) {
    if (end ? text.endsWith(sign) : text.startsWith(sign)) return { text: sign, codes };
  }
  return null;
}

/** The text around the digits: at most one sign, one marker, and balanced parentheses, in any order. */
interface Frame {
  readonly negative: boolean;
  readonly parenthesised: boolean;
  readonly marker: Marker | null;
}

/** What has been read of a frame so far. */
interface FrameState {
  negative: boolean;
  openParen: boolean;
  closeParen: boolean;
  marker: Marker | null;
}

/**
 * Reads one side of the digits from the outside in (the prefix from its start, the suffix from its end) into
 * `state`; returns the text it cannot read, or null when it read it all.
 */
function readSide(side: string, end: boolean, state: FrameState): string | null {
  let rest = side.trim();
  while (rest !== '') {
    const char = end ? rest.charAt(rest.length - 1) : rest.charAt(0);
    if (char === (end ? ')' : '(') && !(end ? state.closeParen : state.openParen)) {
      if (end) state.closeParen = true;
      else state.openParen = true;
      rest = end ? rest.slice(0, -1) : rest.slice(1);
    } else if ((char === '-' || char === '\u2212') && !state.negative) {
      state.negative = true;
      rest = end ? rest.slice(0, -1) : rest.slice(1);
    } else if (char === '+' && !end) {
      rest = rest.slice(1);
    } else {
      const found = state.marker ? null : markerAt(rest, end);
      if (!found) return rest;
      state.marker = found;
      rest = end ? rest.slice(0, -found.text.length) : rest.slice(found.text.length);
    }
    rest = rest.trim();
  }
  return null;
}

function readFrame(prefix: string, suffix: string): Frame | string {
  const state: FrameState = { negative: false, openParen: false, closeParen: false, marker: null };
  const strayBefore = prefix === '' ? null : readSide(prefix, false, state);
  if (strayBefore !== null) return `${show(strayBefore)} before the digits`;
  const strayAfter = suffix === '' ? null : readSide(suffix, true, state);
  if (strayAfter !== null) return `${show(strayAfter)} after the digits`;
  if (state.openParen !== state.closeParen) return 'its parentheses do not pair up';
  if (state.openParen && state.negative) return 'it is both in parentheses and signed';
  return {
    negative: state.negative || state.openParen,
    parenthesised: state.openParen,
    marker: state.marker,
  };
}

/** Excel's General format shows numbers of 12+ digits as `1.23457E+11`: six digits, the rest lost. */
function looksRoundedByExcel(parts: NumberParts): boolean {
  return parts.exponent > 0 && (parts.whole + parts.fraction).replace(/^0+/, '').length >= 6;
}

function resolveCurrency(text: string, marker: Marker | null, context: MoneyContext): Parsed<CurrencyCode> {
  if (marker === null) {
    return context.currency !== undefined
      ? parsed(context.currency)
      : problem(
          `${show(text)} names no currency`,
          "set the column's currency, or write it with the amount (USD 1,200)",
        );
  }
  if (marker.codes.length === 1) return parsed(marker.codes[0] as CurrencyCode);
  if (context.currency !== undefined && marker.codes.includes(context.currency))
    return parsed(context.currency);
  const candidates = marker.codes.join(', ');
  return context.currency !== undefined
    ? problem(
        `${show(text)} is in "${marker.text}", which is not a sign of the column's currency ${context.currency}`,
        `check the column's currency; "${marker.text}" stands for one of ${candidates}`,
      )
    : problem(
        `${show(text)} is in "${marker.text}", which may be any of ${candidates}`,
        `set the column's currency, or write the code with the amount (${marker.codes[0] ?? 'USD'} 1,200)`,
      );
}

const ZERO_DASH = /^[-\u2013\u2014]$/;

/** The digits' span in the text: from the first digit (or a separator right before it) to the last digit. */
function digitSpan(text: string): { start: number; end: number } | null {
  const first = text.search(/\d/);
  if (first < 0) return null;
  let start = first;
  if (start > 0 && (text[start - 1] === '.' || text[start - 1] === ',')) start--;
  let end = text.length;
  while (end > 0 && !/\d/.test(text.charAt(end - 1))) end--;
  return { start, end };
}

/** What a money cell shows without resolving its currency; null when it is not shaped like an amount. */
export interface MoneyShape {
  /** The currency sign or code written with the amount, e.g. `$`, `€`, `USD`. */
  readonly marker: string | null;
  /** The digits with their separators, without sign, marker or parentheses (empty for a dash zero). */
  readonly body: string;
  /** Written in accounting parentheses: `$(1,901)`. */
  readonly parenthesised: boolean;
}

export function moneyShape(text: string): MoneyShape | null {
  const trimmed = text.trim();
  const span = digitSpan(trimmed);
  if (span === null) {
    const marker = markerAt(trimmed, false) ?? markerAt(trimmed, true);
    const rest = marker ? trimmed.replace(marker.text, '').trim() : trimmed;
    return ZERO_DASH.test(rest) ? { marker: marker?.text ?? null, body: '', parenthesised: false } : null;
  }
  const frame = readFrame(trimmed.slice(0, span.start), trimmed.slice(span.end));
  if (typeof frame === 'string') return null;
  const body = trimmed.slice(span.start, span.end);
  if (readNumber(body, null).kind === 'invalid') return null;
  return { marker: frame.marker?.text ?? null, body, parenthesised: frame.parenthesised };
}

const [MINUS_CODE, DOT_CODE, ZERO_CODE, NINE_CODE] = [45, 46, 48, 57];

/** A plain decimal's parts, as {@link readPlainDecimal} read them: `-0012.50` is negative, 4 whole digits 12, 50 in 2 fraction digits. */
export interface PlainDecimal {
  negative: boolean;
  whole: number;
  wholeDigits: number;
  fraction: number;
  fractionDigits: number;
}

/**
 * Reads a plain decimal from `text` between `start` and `end` by character codes into `out`: an optional `-`, 1
 * to 15 digits, then optionally a dot and 1 to 3 digits. False (and `out` unspecified) for anything else. Its
 * parts rebuild the text exactly ({@link plainDecimalText}), so a reader may keep the parts and decide later,
 * once the currency is known, what they amount to.
 */
export function readPlainDecimal(text: string, start: number, end: number, out: PlainDecimal): boolean {
  const negative = text.charCodeAt(start) === MINUS_CODE;
  let at = negative ? start + 1 : start;
  let whole = 0;
  const wholeStart = at;
  for (let code = text.charCodeAt(at); at < end && code >= ZERO_CODE && code <= NINE_CODE;) {
    whole = whole * 10 + code - ZERO_CODE;
    code = text.charCodeAt(++at);
  }
  const wholeDigits = at - wholeStart;
  if (wholeDigits === 0 || wholeDigits > 15) return false;
  let fraction = 0;
  let fractionDigits = 0;
  if (at < end) {
    if (text.charCodeAt(at) !== DOT_CODE) return false;
    const fractionStart = ++at;
    for (let code = text.charCodeAt(at); at < end && code >= ZERO_CODE && code <= NINE_CODE;) {
      fraction = fraction * 10 + code - ZERO_CODE;
      code = text.charCodeAt(++at);
    }
    fractionDigits = at - fractionStart;
    if (at < end || fractionDigits === 0 || fractionDigits > 3) return false;
  }
  out.negative = negative;
  out.whole = whole;
  out.wholeDigits = wholeDigits;
  out.fraction = fraction;
  out.fractionDigits = fractionDigits;
  return true;
}

/** Parts to read plain decimals into ({@link readPlainDecimal}), one cell after another. */
export function plainDecimal(): PlainDecimal {
  return { negative: false, whole: 0, wholeDigits: 0, fraction: 0, fractionDigits: 0 };
}

/** The text a plain decimal was read from. */
export function plainDecimalText(parts: PlainDecimal): string {
  const whole = String(parts.whole).padStart(parts.wholeDigits, '0');
  const fraction = parts.fractionDigits
    ? `.${String(parts.fraction).padStart(parts.fractionDigits, '0')}`
    : '';
  return `${parts.negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Minor units of a plain decimal in a currency with `exponent` decimals; null when the decimal does not read
 * unambiguously as such (more decimals than the currency has; three after the dot, which may group thousands
 * (22.050 €), unless the column says the dot is decimal; beyond safe integers), which the general path then reads.
 */
export function plainDecimalMinorUnits(
  parts: PlainDecimal,
  exponent: number,
  dotIsDecimal: boolean,
): number | null {
  const { fractionDigits } = parts;
  if (fractionDigits > exponent || (fractionDigits === 3 && !dotIsDecimal)) return null;
  const minor =
    parts.whole * 10 ** exponent + (fractionDigits ? parts.fraction * 10 ** (exponent - fractionDigits) : 0);
  if (!Number.isSafeInteger(minor)) return null;
  return parts.negative && minor !== 0 ? -minor : minor;
}

/** One plain decimal's parts at a time: the fast path allocates nothing per cell. */
const PLAIN = plainDecimal();

/**
 * The fast path for the commonest form, a plain decimal such as `22050.00` (API and Data Loader exports), read
 * from `text` between `start` and `end` ({@link readPlainDecimal}, {@link plainDecimalMinorUnits}). Exact on safe
 * integers. Null for anything it cannot read unambiguously, which the general path then reads.
 */
export function plainMinorUnits(
  text: string,
  exponent: number,
  dotIsDecimal: boolean,
  start = 0,
  end = text.length,
): number | null {
  return readPlainDecimal(text, start, end, PLAIN)
    ? plainDecimalMinorUnits(PLAIN, exponent, dotIsDecimal)
    : null;
}

/**
 * Parses a money cell into minor units of its currency. More decimals than the currency has (`12.345` USD) are a
 * problem, not a rounding; so are scientific forms Excel may have rounded (`1.23457E+11`). A lone `,`/`.` before
 * three digits (`22,050`) groups thousands unless the currency has three decimals, where the column must say.
 */
export function parseMoney(text: string, context: MoneyContext = {}): Parsed<Money | null> {
  if (isNullToken(text, 'money')) return parsed(null);
  if (context.currency !== undefined && !isCurrencyCode(context.currency)) {
    return problem(
      `the column's currency ${show(context.currency)} is not an ISO 4217 code`,
      'write three capital letters, such as USD',
    );
  }
  if (context.currency !== undefined && context.decimalSeparator !== ',') {
    const plain = plainMinorUnits(text, currencyExponent(context.currency), context.decimalSeparator === '.');
    if (plain !== null) return parsed({ amount: plain as MinorUnits, currency: context.currency });
  }
  const trimmed = text.trim();
  const span = digitSpan(trimmed);
  if (span === null) return parseDashZero(trimmed, context);

  const frame = readFrame(trimmed.slice(0, span.start), trimmed.slice(span.end));
  if (typeof frame === 'string') {
    return problem(
      `${show(text)} is not an amount: ${frame}`,
      'write it like 1,234.56, $1,234.56 or 1.234,56 €',
    );
  }
  const currency = resolveCurrency(text, frame.marker, context);
  if (!currency.ok) return currency;
  const code = currency.value;
  const exponent = currencyExponent(code);

  const body = trimmed.slice(span.start, span.end);
  let reading = readNumber(body, context.decimalSeparator ?? null);
  if (reading.kind === 'ambiguous' && exponent < 3) {
    // 22,050 USD cannot be 22.050: USD has 2 decimals, so the separator groups thousands.
    reading = readNumber(body, reading.separator === '.' ? ',' : '.');
  }
  if (reading.kind === 'ambiguous') {
    return problem(
      `${show(text)} could be a whole amount or one with 3 decimals (${code} has 3)`,
      `name the column's decimal separator ("." or ",")`,
    );
  }
  if (reading.kind === 'invalid') {
    return problem(
      `${show(text)} is not an amount: ${reading.reason}`,
      'write it like 1,234.56, $1,234.56 or 1.234,56 €',
    );
  }
  if (looksRoundedByExcel(reading.parts)) {
    return problem(
      `${show(text)} looks like Excel's rounded display of a longer number: the exact amount is lost`,
      'format the column as a number (not General) in Excel and export again',
    );
  }
  // The digits' span holds no sign: the frame around it says whether the amount is negative.
  const minor = partsToSafeScaledInteger({ ...reading.parts, negative: frame.negative }, exponent);
  if (minor === null) {
    return problem(
      `${show(text)} has more decimal places than ${code} has (${exponent})`,
      `round the amounts to ${exponent} decimal place${exponent === 1 ? '' : 's'} before exporting`,
    );
  }
  if (minor === undefined) {
    return problem(`${show(text)} is too large an amount`, 'check that the column holds money');
  }
  return parsed({ amount: minor as MinorUnits, currency: code });
}

/** `$-`, `€ -` or `-`: Excel's accounting format writes zero as a dash. */
function parseDashZero(text: string, context: MoneyContext): Parsed<Money | null> {
  const prefix = markerAt(text, false);
  const suffix = prefix ? null : markerAt(text, true);
  const marker = prefix ?? suffix;
  const rest = (
    prefix ? text.slice(prefix.text.length) : suffix ? text.slice(0, -suffix.text.length) : text
  ).trim();
  if (!ZERO_DASH.test(rest)) {
    return problem(
      `${show(text)} is not an amount: it has no digits`,
      'write it like 1,234.56, $1,234.56 or 1.234,56 €',
    );
  }
  const currency = resolveCurrency(text, marker, context);
  if (!currency.ok) return currency;
  return parsed(
    { amount: 0 as MinorUnits, currency: currency.value },
    `${show(text)} read as zero (Excel's accounting format)`,
  );
}

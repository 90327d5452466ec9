/**
 * Numbers as CRMs and spreadsheets write them: `22,050.00`, `1.234,56`, `1 234,56`, `1'234.56`, `12,34,567`
 * (Indian grouping), `-1,901`, `(1,901)`, `1,901-`, `1E02`. The decimal separator comes from the column (see
 * {@link voteDecimalSeparator}); a value that cannot say on its own (`1,234`: 1234 or 1.234?) is reported as
 * ambiguous, and each parser reads it the only way its kind allows, or asks.
 * @module
 */
import { isNullToken } from './null-tokens.js';
import { parsed, problem, show, type Parsed } from './parsed.js';

export type DecimalSeparator = '.' | ',';

/** The digits of a number, exact: value = ±(whole.fraction) × 10^exponent. */
export interface NumberParts {
  readonly negative: boolean;
  /** Integer digits without grouping; may be empty (`.5`). */
  readonly whole: string;
  /** Digits after the decimal separator. */
  readonly fraction: string;
  /** Power of ten from scientific notation (`1E02` → 2), else 0. */
  readonly exponent: number;
}

export type NumberReading =
  | { readonly kind: 'number'; readonly parts: NumberParts }
  /** One `.` or `,` followed by exactly three digits, and no column separator to decide. */
  | { readonly kind: 'ambiguous'; readonly separator: DecimalSeparator }
  | { readonly kind: 'invalid'; readonly reason: string };

const SCIENTIFIC = /^(\d+)(?:\.(\d+))?[eE]([+-]?\d{1,3})$/;
const NUMBER_CHARS = /^[\d.,'’ \u00A0\u202F]+$/;
const GROUP_CHARS = /[.,'’ \u00A0\u202F]/g;
const MINUS = /^[-\u2212]$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Up to 15 digits: always a safe integer, read without further ado. */
const PLAIN_INTEGER = /^-?\d{1,15}$/;

function other(separator: DecimalSeparator): DecimalSeparator {
  return separator === '.' ? ',' : '.';
}

function count(text: string, char: string): number {
  let found = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) found++;
  return found;
}

/** The decimal separator one number shows by itself, or null when it cannot tell (`1,234`, `1200`). */
export function voteDecimalSeparator(body: string): DecimalSeparator | null {
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const separator = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (separator === null || SCIENTIFIC.test(body)) return separator === '.' ? '.' : null;
  if (count(body, separator) > 1) return other(separator); // repeated: it groups thousands
  const digitsAfter = body.length - body.lastIndexOf(separator) - 1;
  return digitsAfter === 3 ? null : separator;
}

const THOUSANDS = /^\d{1,3}([.,'’ \u00A0\u202F])\d{3}(?:\1\d{3})*$/;
const LAKHS = /^\d{1,2}([.,'’ \u00A0\u202F])\d{2}(?:\1\d{2})*\1\d{3}$/;
const DIGITS = /^\d*$/;

/** `1,234,567` (thousands) or `12,34,567` (Indian lakh grouping), with one grouping character throughout. */
function validGrouping(whole: string): boolean {
  return DIGITS.test(whole) || THOUSANDS.test(whole) || LAKHS.test(whole);
}

/**
 * Reads the digits of a number body that carries no currency or percent sign. `separator` is the column's
 * decimal separator when known.
 */
export function readNumber(text: string, separator: DecimalSeparator | null): NumberReading {
  let body = text.trim();
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  const lead = body.charAt(0);
  const trail = body.charAt(body.length - 1);
  if (MINUS.test(lead) || lead === '+') {
    if (negative && MINUS.test(lead)) return { kind: 'invalid', reason: 'it has two minus signs' };
    negative = negative || MINUS.test(lead);
    body = body.slice(1).trim();
  } else if (MINUS.test(trail)) {
    if (negative) return { kind: 'invalid', reason: 'it has two minus signs' };
    negative = true; // SAP-style trailing minus: 1.234,56-
    body = body.slice(0, -1).trim();
  }
  if (body === '') return { kind: 'invalid', reason: 'it has no digits' };

  const scientific = SCIENTIFIC.exec(body);
  if (scientific) {
    if (separator === ',' && scientific[2] !== undefined) {
      return {
        kind: 'invalid',
        reason: 'it is in scientific notation with a "." but the column writes decimals with ","',
      };
    }
    return {
      kind: 'number',
      parts: {
        negative,
        whole: scientific[1] ?? '',
        fraction: scientific[2] ?? '',
        exponent: Number(scientific[3]),
      },
    };
  }
  if (!NUMBER_CHARS.test(body) || !/\d/.test(body)) return { kind: 'invalid', reason: 'it is not a number' };

  const decimal = separator ?? voteDecimalSeparator(body);
  if (decimal === null && (body.includes('.') || body.includes(','))) {
    const lone = body.includes('.') ? '.' : ',';
    if (count(body, lone) === 1 && !body.includes(other(lone))) return { kind: 'ambiguous', separator: lone };
  }
  const point = decimal === null ? -1 : body.lastIndexOf(decimal);
  if (decimal !== null && count(body, decimal) > 1) {
    return { kind: 'invalid', reason: `it has more than one decimal separator "${decimal}"` };
  }
  const whole = point < 0 ? body : body.slice(0, point);
  const fraction = point < 0 ? '' : body.slice(point + 1);
  if (!/^\d*$/.test(fraction)) return { kind: 'invalid', reason: 'its decimals hold other characters' };
  if (/^\D|\D$/.test(whole) && whole !== '')
    return { kind: 'invalid', reason: 'it starts or ends with a separator' };
  if (!validGrouping(whole)) return { kind: 'invalid', reason: 'its digit grouping is irregular' };
  if (whole === '' && fraction === '') return { kind: 'invalid', reason: 'it has no digits' };
  return {
    kind: 'number',
    parts: { negative, whole: whole.replace(GROUP_CHARS, ''), fraction, exponent: 0 },
  };
}

/**
 * The column's decimal separator from the votes of its values: the one every deciding value shows, or null when
 * none decides. Values that disagree (`1.234,56` and `1,234.56` in one column) are a problem.
 */
export function decideDecimalSeparator(votes: {
  readonly dot: number;
  readonly comma: number;
  readonly dotExample?: string;
  readonly commaExample?: string;
}): Parsed<DecimalSeparator | null> {
  if (votes.dot > 0 && votes.comma > 0) {
    return problem(
      `the column mixes decimal separators: ${show(votes.dotExample ?? '')} has ".", ${show(votes.commaExample ?? '')} has ","`,
      'export the column with one number format, or split the file by format',
    );
  }
  return parsed(votes.dot > 0 ? '.' : votes.comma > 0 ? ',' : null);
}

/**
 * The number as an exact integer of `10^-decimals` units (`12.5` at 2 decimals → 1250n), or null when it has
 * more non-zero decimals than that: the caller decides whether that is a problem, never a silent rounding.
 */
export function partsToScaledInteger(parts: NumberParts, decimals: number): bigint | null {
  let digits = parts.whole + parts.fraction;
  let scale = parts.fraction.length - parts.exponent;
  while (scale > decimals && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale > decimals) return null;
  const magnitude = BigInt(digits || '0') * 10n ** BigInt(decimals - scale);
  return parts.negative ? -magnitude : magnitude;
}

/**
 * {@link partsToScaledInteger} as a safe integer, on plain numbers when the digits allow (bigint costs a
 * microsecond a cell); null when it has too many decimals, `undefined` when it is beyond the safe range.
 */
export function partsToSafeScaledInteger(parts: NumberParts, decimals: number): number | null | undefined {
  const digits = parts.whole + parts.fraction;
  const shift = decimals - parts.fraction.length + parts.exponent;
  if (digits.length <= 15 && shift >= 0 && shift <= 3) {
    const magnitude = Number(digits) * 10 ** shift;
    if (Number.isSafeInteger(magnitude)) return parts.negative && magnitude !== 0 ? -magnitude : magnitude;
  }
  const exact = partsToScaledInteger(parts, decimals);
  if (exact === null) return null;
  return exact > MAX_SAFE || exact < -MAX_SAFE ? undefined : Number(exact);
}

/** Exact decimal text of number parts with the exponent applied, e.g. `-1234.5`; for Number() conversion. */
export function partsToDecimalText(parts: NumberParts, shift = 0): string {
  const digits = (parts.whole + parts.fraction).replace(/^0+(?=\d)/, '') || '0';
  const exponent = parts.exponent + shift - parts.fraction.length;
  return `${parts.negative ? '-' : ''}${digits}e${exponent}`;
}

function ambiguousProblem<T>(text: string, separator: DecimalSeparator): Parsed<T> {
  const [whole, fraction] = text.trim().split(separator);
  return problem(
    `${show(text)} could be ${whole ?? ''}${fraction ?? ''} or ${whole ?? ''}.${fraction ?? ''}: "${separator}" may group thousands or mark decimals`,
    `name the column's decimal separator ("." or ",")`,
  );
}

function invalidNumber<T>(text: string, reason: string, expected: string, example: string): Parsed<T> {
  return problem(`${show(text)} is not ${expected}: ${reason}`, `write ${expected} such as ${example}`);
}

const WHOLE = ['a whole number', '1200 or 1,200'] as const;
const NUMBER = ['a number', '1234.56 or 1.234,56'] as const;
const PERCENT = ['a percentage', '25% or 12.5%'] as const;

/** A whole number (`1,200`, `-7`, `12.0`, `1E3`). A lone `,`/`.` before three digits can only group here. */
export function parseInteger(
  text: string,
  options: { decimalSeparator?: DecimalSeparator | null } = {},
): Parsed<number | null> {
  if (PLAIN_INTEGER.test(text)) return parsed(Number(text) || 0);
  if (isNullToken(text, 'integer')) return parsed(null);
  let reading = readNumber(text, options.decimalSeparator ?? null);
  if (reading.kind === 'ambiguous') reading = readNumber(text, other(reading.separator));
  if (reading.kind === 'invalid') return invalidNumber(text, reading.reason, ...WHOLE);
  if (reading.kind === 'ambiguous') return ambiguousProblem(text, reading.separator);
  const value = partsToScaledInteger(reading.parts, 0);
  if (value === null) return invalidNumber(text, 'it has decimals', ...WHOLE);
  if (value > MAX_SAFE || value < -MAX_SAFE)
    return invalidNumber(text, 'it is too large to hold exactly', ...WHOLE);
  return parsed(Number(value));
}

/** A decimal number (`3.14`, `1.234,56`). An ambiguous `1,234` needs the column's decimal separator. */
export function parseDecimal(
  text: string,
  options: { decimalSeparator?: DecimalSeparator | null } = {},
): Parsed<number | null> {
  if (isNullToken(text, 'decimal')) return parsed(null);
  const reading = readNumber(text, options.decimalSeparator ?? null);
  if (reading.kind === 'ambiguous') return ambiguousProblem(text, reading.separator);
  if (reading.kind === 'invalid') return invalidNumber(text, reading.reason, ...NUMBER);
  const value = Number(partsToDecimalText(reading.parts));
  return Number.isFinite(value)
    ? parsed(value === 0 ? 0 : value)
    : invalidNumber(text, 'it is too large', ...NUMBER);
}

/** How to read a percentage column's numbers written without `%`. */
export type BarePercent = 'points' | 'fraction';

/**
 * A percentage as a rate in [0, 1] terms: `25%` → 0.25, `12,5 %` → 0.125. A number without `%` is read by
 * `bareNumbers`: `points` (Salesforce's Probability (%) field exports `25`) or `fraction` (`0.25`); when the
 * column has not said which, it is a problem rather than a guess.
 */
export function parsePercent(
  text: string,
  options: { decimalSeparator?: DecimalSeparator | null; bareNumbers?: BarePercent } = {},
): Parsed<number | null> {
  if (isNullToken(text, 'percent')) return parsed(null);
  const trimmed = text.trim();
  const marked = trimmed.endsWith('%');
  const body = marked ? trimmed.slice(0, -1) : trimmed;
  if (!marked && options.bareNumbers === undefined) {
    return problem(
      `${show(text)} has no "%": it could mean ${trimmed}% or ${trimmed} × 100%`,
      'say whether the column writes percentage points (25 = 25%) or fractions (0.25 = 25%)',
    );
  }
  const reading = readNumber(body, options.decimalSeparator ?? null);
  if (reading.kind === 'ambiguous') return ambiguousProblem(text, reading.separator);
  if (reading.kind === 'invalid') return invalidNumber(text, reading.reason, ...PERCENT);
  const shift = marked || options.bareNumbers === 'points' ? -2 : 0;
  const value = Number(partsToDecimalText(reading.parts, shift));
  return parsed(value === 0 ? 0 : value);
}

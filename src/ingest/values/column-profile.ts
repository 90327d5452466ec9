/**
 * Infers what a column holds from its values (money, date with its day/month order, boolean, integer, decimal,
 * percentage, id or text), for `mapping suggest` and for deciding column-wide formats before parsing. It reads
 * one value at a time and keeps counts, not values, so it can profile a million-row column.
 *
 * A kind is chosen when at least `minFit` of the non-null values fit it (default 95%, so a few stray cells do
 * not turn a date column into text); the values that do not fit are reported as exceptions with their lines.
 * @module
 */
import type { Problem } from '../../domain/errors.js';
import { isBooleanWord } from './booleans.js';
import { decideDateOrder, parseDate, voteDateOrder, type DateOrder } from './dates.js';
import { looksLikeSalesforceId } from './ids.js';
import { moneyShape } from './money.js';
import { isNullToken } from './null-tokens.js';
import {
  decideDecimalSeparator,
  readNumber,
  voteDecimalSeparator,
  type DecimalSeparator,
} from './numbers.js';

export type ColumnKind =
  'empty' | 'boolean' | 'id' | 'date' | 'percent' | 'integer' | 'money' | 'decimal' | 'text';

export interface ColumnException {
  readonly line: number;
  readonly value: string;
}

export interface ColumnProfile {
  readonly kind: ColumnKind;
  /** Cells with a value. */
  readonly values: number;
  /** Empty cells and null tokens (`NULL`, `N/A`, `#N/A`, `-`). */
  readonly nulls: number;
  /** Share of the values that fit `kind` (1 for an empty column). */
  readonly fit: number;
  /** Up to five values that do not fit `kind`, with their lines. */
  readonly exceptions: readonly ColumnException[];
  /** Up to three distinct values, as written. */
  readonly examples: readonly string[];
  /** Day/month order of a date column; null when its values do not need one or cannot tell. */
  readonly dateOrder: DateOrder | null;
  /** Decimal separator of a numeric column; null when no value shows it. */
  readonly decimalSeparator: DecimalSeparator | null;
  /** Currency signs and codes written with the amounts of a money column, e.g. `["$"]`. */
  readonly currencySigns: readonly string[];
  /** Most decimals any number in the column has. */
  readonly maxDecimals: number;
  /** Column-wide problems: day/month order that nothing decides, mixed decimal separators. */
  readonly problems: readonly Problem[];
}

export interface ColumnProfiler {
  add(text: string, line: number): void;
  finish(): ColumnProfile;
}

const MAX_EXCEPTIONS = 5;
const MAX_EXAMPLES = 3;
const ID_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_\-.:]*$/;
const LEADING_ZERO = /^0\d+$/;

/** Shapes one value can have, as bits: a value may fit several kinds (`1` is a boolean and an integer). */
const BOOLEAN = 1;
const ID = 2;
const DATE = 4;
const PERCENT = 8;
const INTEGER = 16;
const MONEY = 32;
const DECIMAL = 64;
const KIND_BITS: readonly (readonly [ColumnKind, number])[] = [
  ['boolean', BOOLEAN],
  ['id', ID],
  ['date', DATE],
  ['percent', PERCENT],
  ['integer', INTEGER],
  ['money', MONEY],
  ['decimal', DECIMAL],
];

interface Counters {
  values: number;
  nulls: number;
  byBit: Map<number, number>;
  idEvidence: number;
  moneyEvidence: number;
  maxDecimals: number;
  dates: {
    dmy: number;
    mdy: number;
    ambiguous: number;
    ambiguousDotted: number;
    dmyExample?: string;
    mdyExample?: string;
    ambiguousExample?: string;
  };
  separators: { dot: number; comma: number; dotExample?: string; commaExample?: string };
  currencySigns: Set<string>;
  examples: string[];
}

function voteSeparator(counters: Counters, body: string): void {
  const vote = voteDecimalSeparator(body);
  if (vote === '.') {
    counters.separators.dot++;
    counters.separators.dotExample ??= body;
  } else if (vote === ',') {
    counters.separators.comma++;
    counters.separators.commaExample ??= body;
  }
}

function decimalsOf(body: string): number {
  const reading = readNumber(body, null);
  return reading.kind === 'number' ? Math.max(0, reading.parts.fraction.length - reading.parts.exponent) : 0;
}

/** The shapes of one value, updating the column's votes and evidence. */
function shapesOf(text: string, counters: Counters): number {
  let bits = 0;
  if (isBooleanWord(text)) bits |= BOOLEAN;

  const dateVote = voteDateOrder(text);
  const dates = counters.dates;
  if (dateVote === 'dmy') {
    dates.dmy++;
    dates.dmyExample ??= text;
  } else if (dateVote === 'mdy') {
    dates.mdy++;
    dates.mdyExample ??= text;
  } else if (dateVote === 'ambiguous') {
    dates.ambiguous++;
    dates.ambiguousExample ??= text;
  } else if (dateVote === 'ambiguous-dotted') dates.ambiguousDotted++;
  if (parseDate(text, { order: dateVote === 'mdy' ? 'mdy' : 'dmy' }).ok) bits |= DATE;

  if (text.endsWith('%') && readNumber(text.slice(0, -1), null).kind !== 'invalid') {
    bits |= PERCENT;
    voteSeparator(counters, text.slice(0, -1).trim());
  }

  const money = moneyShape(text);
  if (money) {
    bits |= MONEY;
    if (money.marker !== null || money.parenthesised || money.body === '') counters.moneyEvidence++;
    if (money.marker !== null) counters.currencySigns.add(money.marker);
    if (money.marker === null && !money.parenthesised && money.body !== '') {
      bits |= DECIMAL;
      const reading = readNumber(text, null);
      // A lone separator before three digits (1,234) can only group thousands in a whole number.
      if (reading.kind === 'ambiguous' || (reading.kind === 'number' && decimalsOf(text) === 0))
        bits |= INTEGER;
    }
    if (money.body !== '') {
      voteSeparator(counters, money.body);
      counters.maxDecimals = Math.max(counters.maxDecimals, decimalsOf(money.body));
    }
  }

  const salesforceId = looksLikeSalesforceId(text);
  if (salesforceId || LEADING_ZERO.test(text)) counters.idEvidence++;
  if (salesforceId || (ID_TOKEN.test(text) && /\d/.test(text))) bits |= ID;
  return bits;
}

/** Starts profiling a column; feed it every cell with its line, then call `finish`. */
export function createColumnProfiler(options: { minFit?: number } = {}): ColumnProfiler {
  const minFit = options.minFit ?? 0.95;
  const counters: Counters = {
    values: 0,
    nulls: 0,
    byBit: new Map(KIND_BITS.map(([, bit]) => [bit, 0])),
    idEvidence: 0,
    moneyEvidence: 0,
    maxDecimals: 0,
    dates: { dmy: 0, mdy: 0, ambiguous: 0, ambiguousDotted: 0 },
    separators: { dot: 0, comma: 0 },
    currencySigns: new Set(),
    examples: [],
  };
  // Each kind's first misfits, kept for every kind since the kind is known only at the end.
  const misfits = new Map<ColumnKind, ColumnException[]>(KIND_BITS.map(([kind]) => [kind, []]));

  return {
    add(text, line) {
      if (isNullToken(text, 'date')) {
        counters.nulls++;
        return;
      }
      const value = text.trim();
      counters.values++;
      if (counters.examples.length < MAX_EXAMPLES && !counters.examples.includes(text))
        counters.examples.push(text);
      const bits = shapesOf(value, counters);
      for (const [kind, bit] of KIND_BITS) {
        if (bits & bit) counters.byBit.set(bit, (counters.byBit.get(bit) ?? 0) + 1);
        else {
          const list = misfits.get(kind);
          if (list && list.length < MAX_EXCEPTIONS) list.push({ line, value: text });
        }
      }
    },
    finish() {
      return conclude(counters, misfits, minFit);
    },
  };
}

function chooseKind(counters: Counters, minFit: number): { kind: ColumnKind; fit: number } {
  if (counters.values === 0) return { kind: 'empty', fit: 1 };
  const share = (bit: number) => (counters.byBit.get(bit) ?? 0) / counters.values;
  const evidence: Partial<Record<ColumnKind, boolean>> = {
    id: counters.idEvidence > 0,
    money: counters.moneyEvidence > 0,
  };
  for (const [kind, bit] of KIND_BITS) {
    if (evidence[kind] === false) continue;
    if (share(bit) >= minFit) return { kind, fit: share(bit) };
  }
  return { kind: 'text', fit: 1 };
}

function conclude(
  counters: Counters,
  misfits: Map<ColumnKind, ColumnException[]>,
  minFit: number,
): ColumnProfile {
  const { kind, fit } = chooseKind(counters, minFit);
  const problems: Problem[] = [];
  let dateOrder: DateOrder | null = null;
  if (kind === 'date') {
    const order = decideDateOrder(counters.dates);
    if (order.ok) dateOrder = order.value;
    else problems.push(order.problem);
  }
  let decimalSeparator: DecimalSeparator | null = null;
  if (kind === 'money' || kind === 'decimal' || kind === 'percent' || kind === 'integer') {
    const separator = decideDecimalSeparator(counters.separators);
    if (separator.ok) decimalSeparator = separator.value;
    else problems.push(separator.problem);
  }
  return {
    kind,
    values: counters.values,
    nulls: counters.nulls,
    fit,
    exceptions: kind === 'empty' || kind === 'text' ? [] : (misfits.get(kind) ?? []),
    examples: counters.examples,
    dateOrder,
    decimalSeparator,
    currencySigns: kind === 'money' ? [...counters.currencySigns] : [],
    maxDecimals: counters.maxDecimals,
    problems,
  };
}

/** Profiles a whole column at once; `lines[i]` is the line of `values[i]` (default: i + 1). */
export function profileColumn(
  values: readonly string[],
  lines?: readonly number[],
  options: { minFit?: number } = {},
): ColumnProfile {
  const profiler = createColumnProfiler(options);
  values.forEach((value, index) => profiler.add(value, lines?.[index] ?? index + 1));
  return profiler.finish();
}

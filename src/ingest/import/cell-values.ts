/**
 * Reads one cell as the kind of field it is mapped to, through the value parsers of ../values with the column's
 * decided formats (day/month order, decimal separator) and the row's currency. Returns a value, null for an
 * empty cell, or a problem; never throws.
 * @module
 */
import { parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { currencyExponent, isCurrencyCode, type CurrencyCode } from '../../domain/money.js';
import type { FieldKind } from '../model/import-fields.js';
import {
  isNullToken,
  parseBoolean,
  parseDate,
  parseDecimal,
  parseInteger,
  parseMoney,
  parsePercent,
  plainMinorUnits,
  salesforceId18,
  type BarePercent,
  type DateOrder,
  type DecimalSeparator,
  type Money,
} from '../values/index.js';
import { parsed, problem, show, type Parsed } from '../values/parsed.js';
import { doubledTable, placeEntry } from './key-index.js';
import {
  parseActivityType,
  parseCostCategory,
  parseDealStatus,
  parseFiscalPeriod,
  parseForecastCategory,
  parseLeadStatus,
  parseOpportunityType,
  parseRepRole,
} from './vocabulary.js';

/** A point in time as far as ordering changes needs: the date as written and the seconds into that day. */
export interface Timestamp {
  readonly date: IsoDate;
  readonly seconds: number;
}

const LATIN1_COPY = Buffer.alloc(1024);

/**
 * A copy of a cell's text that does not keep alive the decoded chunk of the file it was cut from (V8 keeps a
 * substring of 13 characters or more as a view of its parent): a record kept for the whole import must not pin
 * 64 KiB of text per id. Measured: 2,000 kept 18-character slices of 64 KiB chunks held 134 MB, copies 3 MB.
 * The copy is made through JSON, which gives one flat string (40 bytes for 18 characters, measured); a copy cut
 * from a concatenation is a view of its own parent (72 bytes), which for a million ids and names is 64 MB more.
 */
export function detach(text: string): string {
  if (text.length < 13) return text;
  if (text.length <= LATIN1_COPY.length) {
    let codes = 0;
    for (let at = 0; at < text.length; at++) codes |= text.charCodeAt(at);
    // Through bytes: twice as fast as JSON (measured), and as flat.
    if (codes < 256) return LATIN1_COPY.toString('latin1', 0, LATIN1_COPY.write(text, 'latin1'));
  }
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * A map keyed by text that is looked up where the text lies (a cell of a file's decoded chunk), without cutting
 * it out: open addressing on a hash of the characters. Keys are kept detached. Most lookups of a column's cells
 * find a key already there, so the lookup costs a pass over the cell's characters and no string.
 */
export class SpanMap<V> {
  private keys: string[] = [];
  private values: V[] = [];
  /**
   * Two numbers a slot, side by side so that a probe touches one cache line: 1 + the entry's index (0 for an
   * empty slot), and the hash of its key.
   */
  private table = new Int32Array(2 << 6);
  private lastHash = 0;
  private lastSlot = 0;

  /**
   * `fewKeys`: keys are hashed by their length and three of their characters ({@link sampledHash}), not all of
   * them, for maps of a few names looked up row after row (stages, categories, flags, currencies: a third less
   * per lookup, measured). Keys that collide under it (a probe longer than {@link LONGEST_SAMPLED_PROBE}) are
   * hashed by every character from then on.
   */
  constructor(private fewKeys = false) {}

  get size(): number {
    return this.keys.length;
  }

  /** The value of the text from `start` to `end`; undefined when it has none. */
  get(text: string, start: number, end: number): V | undefined {
    const entry = this.entryOf(text, start, end);
    return entry < 0 ? undefined : this.values[entry];
  }

  /**
   * The key equal to the text from `start` to `end` (the kept copy of that text); undefined when there is none.
   * Where the key is what is wanted, its value is not read: one memory access fewer in a large map.
   */
  keyOf(text: string, start: number, end: number): string | undefined {
    const entry = this.entryOf(text, start, end);
    return entry < 0 ? undefined : this.keys[entry];
  }

  /** The index of the key equal to the text from `start` to `end`; -1 when there is none. */
  private entryOf(text: string, start: number, end: number): number {
    const hash = this.fewKeys ? sampledHash(text, start, end) : fullHash(text, start, end);
    const { table } = this;
    const mask = (table.length >>> 1) - 1;
    let slot = hash & mask;
    let probes = 0;
    for (let entry = table[2 * slot]!; entry !== 0; entry = table[2 * slot]!) {
      if (table[2 * slot + 1] === hash && sameChars(this.keys[entry - 1]!, text, start, end))
        return entry - 1;
      slot = (slot + 1) & mask;
      if (++probes > LONGEST_SAMPLED_PROBE && this.fewKeys) {
        this.hashEveryCharacter();
        return this.entryOf(text, start, end);
      }
    }
    // Where a `setMissed` of the same text right after goes.
    this.lastHash = hash;
    this.lastSlot = slot;
    return -1;
  }

  /**
   * Gives the text {@link get} was just asked for and did not find a value; `key` is that text, detached (see
   * {@link detach}).
   */
  setMissed(key: string, value: V): void {
    this.table[2 * this.lastSlot] = this.keys.length + 1;
    this.table[2 * this.lastSlot + 1] = this.lastHash;
    this.keys.push(key);
    this.values.push(value);
    if (this.keys.length * 4 > this.table.length) this.grow();
  }

  private grow(): void {
    this.table = doubledTable(this.table);
  }

  private hashEveryCharacter(): void {
    this.fewKeys = false;
    this.table = new Int32Array(this.table.length);
    this.keys.forEach((key, index) => placeEntry(this.table, index + 1, fullHash(key, 0, key.length)));
  }
}

/** Slots a lookup of a {@link SpanMap} of few keys probes at most before it hashes every character. */
const LONGEST_SAMPLED_PROBE = 8;

/** FNV-1a over the characters from `start` to `end`. */
function fullHash(text: string, start: number, end: number): number {
  let hash = -2128831035;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), 16777619);
  return hash;
}

/** A hash of the length and the first, middle and last characters from `start` to `end` (none when empty). */
function sampledHash(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return -2128831035;
  let hash = Math.imul(-2128831035 ^ length, 16777619);
  hash = Math.imul(hash ^ text.charCodeAt(start), 16777619);
  hash = Math.imul(hash ^ text.charCodeAt(start + (length >> 1)), 16777619);
  return Math.imul(hash ^ text.charCodeAt(end - 1), 16777619);
}

/**
 * One copy of each distinct string: ids and labels repeat across rows and files (a history row's opportunity id
 * is the opportunity's own), so each is kept once, detached from the file's text, and looked up in place.
 */
export class Interner {
  /** Each string as a cell's reading too: a cell read as a kept string makes no object. */
  private readonly kept = new SpanMap<{ readonly ok: true; readonly value: string }>();

  of(text: string): string {
    return this.keptAt(text, 0, text.length);
  }

  /** The kept string equal to `text` from `start` to `end`. */
  keptAt(text: string, start: number, end: number): string {
    return this.kept.keyOf(text, start, end) ?? this.keepMissed(text, start, end).value;
  }

  /** {@link keptAt} as a cell's reading. */
  readAt(text: string, start: number, end: number): Parsed<string> & { readonly ok: true } {
    return this.kept.get(text, start, end) ?? this.keepMissed(text, start, end);
  }

  /** Keeps the text a lookup just did not find (see {@link SpanMap.setMissed}). */
  private keepMissed(
    text: string,
    start: number,
    end: number,
  ): { readonly ok: true; readonly value: string } {
    const kept = { ok: true, value: detach(text.slice(start, end)) } as const;
    this.kept.setMissed(kept.value, kept);
    return kept;
  }
}

/** Whether `kept` holds the characters of `text` from `start` to `end`. */
export function sameChars(kept: string, text: string, start: number, end: number): boolean {
  if (kept.length !== end - start) return false;
  for (let at = 0; at < kept.length; at++)
    if (kept.charCodeAt(at) !== text.charCodeAt(start + at)) return false;
  return true;
}

/** Whether the text from `start` to `end` begins and ends with a printable ASCII character (needs no trim). */
export function untrimmed(text: string, start: number, end: number): boolean {
  const [first, last] = [text.charCodeAt(start), text.charCodeAt(end - 1)];
  return first > 32 && first < 127 && last > 32 && last < 127;
}

export interface CellContext {
  /** The column's day/month order, when decided. */
  readonly dateOrder: DateOrder | null;
  /** The column's decimal separator, when decided. */
  readonly decimalSeparator: DecimalSeparator | null;
  /** Currency of an amount that names none. */
  readonly currency: CurrencyCode;
  readonly percent?: BarePercent;
  /** Multiplies numbers and amounts. */
  readonly scale?: number;
  /** Read 15-character Salesforce ids in their 18-character form. */
  readonly salesforceIds?: boolean;
  /** Where ids and labels are kept once each; without it, cells are kept as read. */
  readonly strings?: Interner;
}

/**
 * Dates repeat a lot in a column (a few thousand distinct days in a million rows): parse each once. A date
 * written `YYYY-MM-DD`, alone or starting a UTC timestamp (which reads as its date), is remembered under its
 * day as a number, read from the text in place; other text under itself.
 */
export class DateCache {
  /** Results kept whole (they are read-only): a date read from the cache allocates nothing. */
  private readonly days = new Map<number, Parsed<IsoDate | null>>();
  private readonly texts = new Map<string, Parsed<IsoDate | null>>();
  private readonly order: DateOrder | null;

  constructor(order: DateOrder | null) {
    this.order = order;
  }

  read(text: string): Parsed<IsoDate | null> {
    return this.readAt(text, 0, text.length);
  }

  /** Reads the date `text` holds from `start` to `end`. */
  readAt(text: string, start: number, end: number): Parsed<IsoDate | null> {
    const length = end - start;
    const instant = length > 10 ? utcInstant(text, start, end) : -1;
    const day = length === 10 ? isoDay(text, start) : instant < 0 ? -1 : Math.floor(instant / DAY_SECONDS);
    const cached = day >= 0 ? this.days.get(day) : this.texts.get(text.slice(start, end));
    if (cached !== undefined) return cached;
    const cell = text.slice(start, end);
    const result = parseDate(cell, { order: this.order });
    // Only plain dates are cached: a timestamp's note (its offset) belongs to the value. A text key is detached
    // from the file's text, which a cell of 13 characters or more is a view of.
    if (result.ok && result.value !== null && result.note === undefined) {
      if (day >= 0 && this.days.size < 100_000) this.days.set(day, result);
      else if (day < 0 && this.texts.size < 100_000) this.texts.set(detach(cell), result);
    }
    return result;
  }
}

/** The digits of `YYYY-MM-DD` at `at` as one number (20260331), or -1 when the text there is not so shaped. */
export function isoDay(text: string, at: number): number {
  if (text.charCodeAt(at + 4) !== MINUS || text.charCodeAt(at + 7) !== MINUS) return -1;
  // Three reads, not a destructured list: five million rows' lists were a collection every 70,000 (measured).
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  return year < 0 || month < 0 || day < 0 ? -1 : year * 10_000 + month * 100 + day;
}

const CLOCK = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp])?/;

/** Seconds into the day of the first clock time in a timestamp's text (`9:15 PM` → 76500); 0 when none. */
export function secondsOfDay(text: string): number {
  const date = text.search(/[T ]\d{1,2}:\d{2}/);
  if (date < 0) return 0;
  const clock = CLOCK.exec(text.slice(date + 1));
  if (!clock) return 0;
  let hours = Number(clock[1]);
  const meridiem = clock[4]?.toLowerCase();
  if (meridiem === 'p' && hours < 12) hours += 12;
  if (meridiem === 'a' && hours === 12) hours = 0;
  return hours * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
}

const [ZERO, NINE, COLON, DOT, PLUS, MINUS, LETTER_T, LETTER_Z] = [48, 57, 58, 46, 43, 45, 84, 90];

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let end = at + count; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code < ZERO || code > NINE) return -1;
    value = value * 10 + code - ZERO;
  }
  return value;
}

/** Seconds a day may have (a leap second's included): a {@link utcInstant}'s seconds are below it. */
export const DAY_SECONDS = 86_401;

/**
 * A UTC timestamp as machines write it, `YYYY-MM-DDThh:mm:ss[.fraction]` then `Z` or a zero offset (`+00:00`,
 * `-0000`; the fraction has 1 to 9 digits), whose clock is a time of day (a leap second allowed), read in one pass
 * without a regular expression (a history export holds millions): its date's digits as one number
 * ({@link isoDay}) times {@link DAY_SECONDS}, plus its seconds into the day; -1 for any other text. The date is
 * checked by the caller. `start` and `end` delimit the timestamp within `text`.
 */
export function utcInstant(text: string, start = 0, end = text.length): number {
  if (end - start < 20 || text.charCodeAt(start + 10) !== LETTER_T) return -1;
  const day = isoDay(text, start);
  if (day < 0 || text.charCodeAt(start + 13) !== COLON || text.charCodeAt(start + 16) !== COLON) return -1;
  const hours = digits(text, start + 11, 2);
  const minutes = digits(text, start + 14, 2);
  const seconds = digits(text, start + 17, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) return -1;
  let at = start + 19;
  if (text.charCodeAt(at) === DOT) {
    const first = ++at;
    while (at < end && text.charCodeAt(at) >= ZERO && text.charCodeAt(at) <= NINE) at++;
    if (at === first || at - first > 9) return -1;
  }
  const rest = end - at;
  const sign = text.charCodeAt(at);
  const zeroOffset =
    (rest === 1 && sign === LETTER_Z) ||
    ((sign === PLUS || sign === MINUS) &&
      digits(text, at + 1, 2) === 0 &&
      (rest === 5
        ? digits(text, at + 3, 2) === 0
        : rest === 6 && text.charCodeAt(at + 3) === COLON && digits(text, at + 4, 2) === 0));
  return zeroOffset ? day * DAY_SECONDS + hours * 3600 + minutes * 60 + seconds : -1;
}

/** The seconds into the day of a {@link utcInstant} timestamp; -1 for any other text. */
export function utcClock(text: string, start: number, end: number): number {
  const instant = utcInstant(text, start, end);
  return instant < 0 ? -1 : instant % DAY_SECONDS;
}

/** Reads a timestamp: its calendar date (as {@link DateCache} reads dates) and its time of day. */
export function readTimestamp(text: string, dates: DateCache): Parsed<Timestamp | null> {
  return readTimestampAt(text, 0, text.length, dates);
}

function readTimestampAt(
  text: string,
  start: number,
  end: number,
  dates: DateCache,
): Parsed<Timestamp | null> {
  const utcSeconds = utcClock(text, start, end);
  if (utcSeconds >= 0) {
    const date = dates.readAt(text, start, start + 10);
    if (date.ok && date.value !== null) return parsed({ date: date.value, seconds: utcSeconds });
  }
  const cell = text.slice(start, end);
  const date = dates.read(cell);
  if (!date.ok) return date;
  if (date.value === null) return parsed(null);
  const value = { date: date.value, seconds: secondsOfDay(cell.trim()) };
  return date.note === undefined ? parsed(value) : parsed(value, date.note);
}

/** Reads an id as written, trimmed; a 15-character Salesforce id in its 18-character form when asked. */
export function readId(text: string, salesforceIds = false): string | null {
  const id = text.trim();
  if (id === '') return null;
  if (salesforceIds && id.length === 15) return salesforceId18(id) ?? id;
  return id;
}

export function readText(text: string): string | null {
  const value = text.trim();
  return value === '' ? null : value;
}

export function readCurrency(text: string): Parsed<CurrencyCode | null> {
  const code = text.trim().toUpperCase();
  if (code === '' || isNullToken(code, 'date')) return parsed(null);
  if (isCurrencyCode(code)) return parsed(code);
  return problem(
    `${show(text)} is not an ISO 4217 currency code`,
    'write a three-letter code such as USD or EUR, or map the value in a mapping file (values: currency:)',
  );
}

function scaled(value: number, scale: number | undefined, text: string): Parsed<number> {
  if (scale === undefined || scale === 1) return parsed(value);
  const result = value * scale;
  return Number.isSafeInteger(Math.round(result))
    ? parsed(Number.isInteger(value) ? result : Number(result.toPrecision(15)))
    : problem(`${show(text)} times ${scale} is too large`, 'check the scale of the column in the mapping');
}

/** Reads an amount; `scale` multiplies it exactly (minor units stay whole numbers). */
export function readMoney(text: string, context: CellContext): Parsed<Money | null> {
  const result = parseMoney(text, { currency: context.currency, decimalSeparator: context.decimalSeparator });
  if (!result.ok || result.value === null || context.scale === undefined || context.scale === 1)
    return result;
  const amount = result.value.amount * context.scale;
  if (!Number.isSafeInteger(amount) || !Number.isInteger(context.scale)) {
    return problem(
      `${show(text)} times ${context.scale} is not a whole amount of ${result.value.currency} ${currencyExponent(result.value.currency) > 0 ? 'minor units' : ''}`.trim(),
      'check the scale of the column in the mapping (a whole number such as 1000 or 1000000)',
    );
  }
  return parsed({ amount: amount as Money['amount'], currency: result.value.currency });
}

export type CellValue = string | number | boolean | Money | Timestamp | null;

/**
 * Reads a cell of a field of `kind`. Dates go through `dates` (the column's cache and order). Enumerations
 * (stage excepted: it is resolved with the whole row) are read through the CRM vocabulary.
 */
export function readCell(
  kind: FieldKind,
  text: string,
  context: CellContext,
  dates: DateCache,
): Parsed<CellValue> {
  switch (kind) {
    case 'id': {
      const id = readId(text, context.salesforceIds);
      return parsed(id === null ? null : context.strings ? context.strings.of(id) : detach(id));
    }
    case 'label': {
      const label = readText(text);
      return parsed(label === null || !context.strings ? label : context.strings.of(label));
    }
    case 'text': {
      const value = readText(text);
      return parsed(value === null ? null : detach(value));
    }
    case 'stage':
      return parsed(readText(text));
    case 'money':
      return readMoney(text, context);
    case 'currency':
      return readCurrency(text);
    case 'date':
      return dates.read(text);
    case 'timestamp':
      return readTimestamp(text, dates);
    case 'integer': {
      const value = parseInteger(text, { decimalSeparator: context.decimalSeparator });
      return value.ok && value.value !== null ? scaled(value.value, context.scale, text) : value;
    }
    case 'decimal': {
      const value = parseDecimal(text, { decimalSeparator: context.decimalSeparator });
      return value.ok && value.value !== null ? scaled(value.value, context.scale, text) : value;
    }
    case 'percent':
      return parsePercent(text, {
        decimalSeparator: context.decimalSeparator,
        ...(context.percent ? { bareNumbers: context.percent } : {}),
      });
    case 'boolean':
      return parseBoolean(text);
    case 'forecastCategory':
      return enumCell(text, parseForecastCategory);
    case 'opportunityType':
      return enumCell(text, parseOpportunityType);
    case 'repRole':
      return enumCell(text, parseRepRole);
    case 'dealStatus':
      return enumCell(text, parseDealStatus);
    case 'fiscalPeriod':
      return enumCell(text, parseFiscalPeriod);
    case 'costCategory':
      return enumCell(text, parseCostCategory);
    case 'activityType':
      return enumCell(text, parseActivityType);
    case 'leadStatus':
      return enumCell(text, parseLeadStatus);
  }
}

const TRUE: Parsed<CellValue> = parsed(true);
const FALSE: Parsed<CellValue> = parsed(false);

/**
 * {@link readCell} of the cell `text` holds from `start` to `end` (its quotes undone), for the forms machines
 * write, read in place without cutting the cell out: ISO dates and UTC timestamps, plain decimal amounts,
 * `true`/`false`, ids, labels and stage names kept in the context's strings (looked up in place), and text
 * that needs no trimming. Undefined for any other cell or kind, which the caller reads with {@link readCell}.
 */
export function readCellAt(
  kind: FieldKind,
  text: string,
  start: number,
  end: number,
  context: CellContext,
  dates: DateCache,
): Parsed<CellValue> | undefined {
  if (start === end) return undefined;
  switch (kind) {
    case 'date':
      return dates.readAt(text, start, end);
    case 'timestamp':
      return readTimestampAt(text, start, end, dates);
    case 'money': {
      const { currency, scale } = context;
      if (
        (scale !== undefined && scale !== 1) ||
        context.decimalSeparator === ',' ||
        !isCurrencyCode(currency)
      )
        return undefined;
      const amount = plainMinorUnits(
        text,
        currencyExponent(currency),
        context.decimalSeparator === '.',
        start,
        end,
      );
      return amount === null ? undefined : parsed({ amount: amount as Money['amount'], currency });
    }
    case 'id':
    case 'label':
    case 'stage':
      return context.strings === undefined ||
        !untrimmed(text, start, end) ||
        (kind === 'id' && context.salesforceIds === true && end - start === 15)
        ? undefined
        : context.strings.readAt(text, start, end);
    case 'text':
      return untrimmed(text, start, end) ? parsed(detach(text.slice(start, end))) : undefined;
    case 'boolean': {
      const length = end - start;
      if (length === 4 && text.startsWith('true', start)) return TRUE;
      if (length === 5 && text.startsWith('false', start)) return FALSE;
      return undefined;
    }
    default:
      return undefined;
  }
}

function enumCell<T extends string>(text: string, read: (text: string) => Parsed<T>): Parsed<T | null> {
  return isNullToken(text, 'date') ? parsed(null) : read(text);
}

/** Reads a constant of a mapping (`constants:` or a column `default:`) as a value of its field's kind. */
export function readConstant(kind: FieldKind, text: string, currency: CurrencyCode): Parsed<CellValue> {
  if ((kind === 'date' || kind === 'timestamp') && parseIsoDate(text.trim()) === null) {
    return problem(`${show(text)} is not a date YYYY-MM-DD`, 'write constant dates as YYYY-MM-DD');
  }
  const context: CellContext = { dateOrder: null, decimalSeparator: '.', currency, percent: 'fraction' };
  return readCell(kind, text, context, new DateCache(null));
}

/**
 * Rows of an opportunity history export (Salesforce's OpportunityHistory: the full state from a point in time
 * on), kept in typed columns rather than objects: a history file may hold five million rows, and five million
 * long-lived objects cost more in garbage collection than reading the file does (measured: 190 s with objects
 * for 1M opportunities and 5M history rows). A change becomes an `OpportunityChange` object only when the batch
 * is built. The owner, which Salesforce's history does not carry, and the sequence within a day are set once the
 * whole import is read.
 * @module
 */
import { fromDayNumber, toDayNumber, type IsoDate } from '../../domain/dates.js';
import type { OpportunityChange } from '../../domain/entities.js';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../../domain/vocabularies.js';
import type { CurrencyCode, MinorUnits } from '../../domain/money.js';
import type { Stage, StageModel } from '../../domain/stage-model.js';
import type { Money } from '../values/index.js';
import { show } from '../values/parsed.js';
import { currencyExponent, isCurrencyCode } from '../../domain/money.js';
import type { CellSpans } from '../readers/csv-tokenizer.js';
import { plainMinorUnits } from '../values/index.js';
import {
  DAY_SECONDS,
  detach,
  isoDay,
  readCell,
  readText,
  sameChars,
  SpanMap,
  untrimmed,
  utcInstant,
  type DateCache,
  type Timestamp,
} from './cell-values.js';
import { Collected, need, type StageNotes } from './collectors.js';
import type { CompiledColumn, CompiledMapping } from './compiled-mapping.js';
import type { PlainRowReader, RowReport, RowValues } from './read-rows.js';
import type { OpportunityCodes } from './opportunity-codes.js';
import type { StageResolution, StageResolver } from './stage-resolver.js';

/** Dates as day numbers (by their digits: cheaper than a map of them) and back (each distinct day once). */
export class DayCodec {
  private readonly dates = new Map<number, IsoDate>();

  private lastDate = '';
  private lastDay = 0;

  day(date: IsoDate): number {
    // Rows of one opportunity often repeat a close date.
    if (date !== this.lastDate) {
      this.lastDate = date;
      this.lastDay = toDayNumber(date);
    }
    return this.lastDay;
  }

  date(day: number): IsoDate {
    let date = this.dates.get(day);
    if (date === undefined) {
      date = fromDayNumber(day);
      this.dates.set(day, date);
    }
    return date;
  }
}

/** Rows per chunk of a column. */
const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * A typed column that grows by chunks of 65,536 rows: never copied as it grows, and at most one chunk larger than
 * its rows (a doubled array holds up to twice its rows, and the arrays it outgrew until a full garbage collection).
 */
export class ChunkedColumn<T extends Int32Array | Float64Array | Uint8Array | Uint16Array> {
  private readonly chunks: T[] = [];

  constructor(private readonly make: (length: number) => T) {}

  /** The value at a row; 0 for a row never set (as in a typed array). */
  get(index: number): number {
    // Not `?.[…] ?? 0`: a quarter slower, and this is read tens of millions of times (measured).
    const chunk = this.chunks[index >>> CHUNK_BITS];
    return chunk === undefined ? 0 : chunk[index & CHUNK_MASK]!;
  }

  set(index: number, value: number): void {
    const chunk = this.chunks[index >>> CHUNK_BITS] ?? this.grow(index >>> CHUNK_BITS);
    chunk[index & CHUNK_MASK] = value;
  }

  /**
   * The chunks that hold rows 0 to `length - 1`, to hand to another thread (whole: the last one's rows from
   * `length` on are unset).
   */
  chunksOf(length: number): T[] {
    return this.chunks.slice(0, (length + CHUNK_MASK) >>> CHUNK_BITS);
  }

  /** Takes another column's chunks ({@link chunksOf}) as its own, in place of its own (it holds no rows yet). */
  adopt(chunks: readonly T[]): void {
    this.chunks.splice(0, this.chunks.length, ...chunks);
  }

  /** Adds chunks up to the one numbered `chunk`, and returns it. */
  private grow(chunk: number): T {
    while (chunk >= this.chunks.length) this.chunks.push(this.make(CHUNK_MASK + 1));
    return this.chunks[chunk]!;
  }
}

/** The years whose dates {@link DayMemo} keeps in its table (others, day numbers below 0 among them, in a map). */
const TABLE_YEARS = { first: 1970, count: 200 } as const;

/**
 * The day numbers of `YYYY-MM-DD` dates by their digits as one number (20260331), each read once through the
 * column's date cache (which decides whether it is a date, as the values' reading does); -1 for one it does not
 * read as a plain date. Kept in a table by year, month and day (five million history rows look up two dates
 * each), and in a map for digits outside it (year 1234, month 13).
 */
class DayMemo {
  /** 2 + the day number (1: not a date; 0: not read yet), at {@link slot}. */
  private readonly table = new Int32Array(TABLE_YEARS.count * 13 * 32);
  private readonly others = new Map<number, number>();

  constructor(private readonly dates: DateCache) {}

  /** The day number of the date at `start` of `text`, whose digits read `digits` ({@link isoDay}). */
  day(text: string, start: number, digits: number): number {
    const slot = DayMemo.slot(digits);
    const kept = slot >= 0 ? this.table[slot]! - 2 : (this.others.get(digits) ?? -2);
    if (kept !== -2) return kept;
    const date = this.dates.readAt(text, start, start + 10);
    const day = date.ok && date.value !== null && date.note === undefined ? toDayNumber(date.value) : -1;
    if (slot >= 0) this.table[slot] = day + 2;
    else this.others.set(digits, day);
    return day;
  }

  /** The table's slot of a date's digits; -1 for digits it has none for. */
  private static slot(digits: number): number {
    const year = Math.floor(digits / 10_000) - TABLE_YEARS.first;
    const month = Math.floor(digits / 100) % 100;
    const day = digits % 100;
    return year < 0 || year >= TABLE_YEARS.count || month > 12 || day > 31
      ? -1
      : (year * 13 + month) * 32 + day;
  }
}

/** The columns a history's plain rows are read from (see {@link HistoryRows.plainReader}). */
interface PlainHistoryLayout {
  readonly opportunityId: CompiledColumn;
  readonly changedAt: CompiledColumn;
  readonly stage: CompiledColumn;
  readonly amount: CompiledColumn;
  readonly closeDate: CompiledColumn;
  readonly forecastCategory: CompiledColumn | undefined;
}

const PLAIN_HISTORY_KINDS = {
  opportunityId: 'id',
  changedAt: 'timestamp',
  stage: 'stage',
  amount: 'money',
  closeDate: 'date',
  forecastCategory: 'forecastCategory',
} as const;

/**
 * The columns of a history mapping whose rows can be read plainly: the fields of a Data Loader export and no
 * other (no opportunity names or owners, which need lookups), each read as written (no value map or default),
 * no constants or fallbacks, and amounts in the opportunity's currency at their own scale, with a decimal point.
 */
function plainHistoryLayout(compiled: CompiledMapping): PlainHistoryLayout | null {
  const { byField } = compiled;
  if (compiled.constants.size > 0 || compiled.fallbacks.length > 0) return null;
  for (const [field, column] of byField) {
    const kind = PLAIN_HISTORY_KINDS[field as keyof typeof PLAIN_HISTORY_KINDS] as string | undefined;
    if (kind !== column.kind || column.valueMap !== null || column.rule.default !== undefined) return null;
  }
  const [opportunityId, changedAt, stage, amount, closeDate] = [
    byField.get('opportunityId'),
    byField.get('changedAt'),
    byField.get('stage'),
    byField.get('amount'),
    byField.get('closeDate'),
  ];
  if (!opportunityId || !changedAt || !stage || !amount || !closeDate) return null;
  const { scale, decimalSeparator } = amount.context;
  if ((scale !== undefined && scale !== 1) || decimalSeparator === ',') return null;
  return {
    opportunityId,
    changedAt,
    stage,
    amount,
    closeDate,
    forecastCategory: byField.get('forecastCategory'),
  };
}

/** A stage or category cell the plain reader leaves to the values' reading. */
const NOT_PLAIN = -1;
/** A category cell that reads as empty: the stage's category. */
const STAGE_CATEGORY = -2;

interface HistoryValues {
  opportunityId: string | null;
  opportunityName: string | null;
  changedAt: Timestamp | null;
  stage: string | null;
  amount: Money | null;
  closeDate: IsoDate | null;
  forecastCategory: ForecastCategory | null;
  ownerId: string | null;
  ownerName: string | null;
}

/** The value at a row of a column handed over as its chunks ({@link ChunkedColumn.chunksOf}). */
export function chunkedAt(
  chunks: readonly (Int32Array | Float64Array | Uint8Array | Uint16Array)[],
  row: number,
): number {
  return chunks[row >>> CHUNK_BITS]![row & CHUNK_MASK]!;
}

/** Sets the value at a row of a column handed over as its chunks. */
export function chunkedSet(
  chunks: readonly (Int32Array | Float64Array | Uint8Array | Uint16Array)[],
  row: number,
  value: number,
): void {
  chunks[row >>> CHUNK_BITS]![row & CHUNK_MASK] = value;
}

/**
 * A history's rows as the chunks of its typed columns, for rows read on another thread
 * ({@link HistoryRows.columns}); owners and opportunities as codes of that thread's own.
 */
export interface HistoryColumns {
  readonly count: number;
  readonly lines: Int32Array<ArrayBuffer>[];
  readonly opportunities: Int32Array<ArrayBuffer>[];
  readonly owners: Int32Array<ArrayBuffer>[];
  readonly ownerIds: readonly string[];
  readonly days: Int32Array<ArrayBuffer>[];
  readonly seconds: Int32Array<ArrayBuffer>[];
  readonly stages: Uint8Array<ArrayBuffer>[];
  readonly amounts: Float64Array<ArrayBuffer>[];
  readonly closes: Int32Array<ArrayBuffer>[];
  readonly categories: Uint8Array<ArrayBuffer>[];
}

export class HistoryRows extends Collected<never> {
  readonly keyField = 'opportunityId';
  /** Rows read (the columns' length). */
  count = 0;
  /** The opportunity of each row, by its code (an id string per row is 8 bytes more and an object to trace). */
  private readonly opportunityColumn = new ChunkedColumn((length) => new Int32Array(length));
  readonly ownerNames = new Map<number, string>();
  private readonly lineColumn = new ChunkedColumn((length) => new Int32Array(length));
  /** The owner of each row, as its index in `owners` (0: '', not settled yet): owners repeat. */
  private readonly ownerColumn = new ChunkedColumn((length) => new Int32Array(length));
  private readonly owners: string[] = [''];
  private readonly ownerCodes = new Map<string, number>([['', 0]]);
  private lastOwner = '';
  private lastOwnerCode = 0;
  private readonly dayColumn = new ChunkedColumn((length) => new Int32Array(length));
  private readonly secondColumn = new ChunkedColumn((length) => new Int32Array(length));
  private readonly stageColumn = new ChunkedColumn((length) => new Uint8Array(length));
  private readonly amountColumn = new ChunkedColumn((length) => new Float64Array(length));
  private readonly closeColumn = new ChunkedColumn((length) => new Int32Array(length));
  private readonly categoryColumn = new ChunkedColumn((length) => new Uint8Array(length));
  private readonly sequenceColumn = new ChunkedColumn((length) => new Int32Array(length));
  private readonly stageCodes = new Map<Stage, number>();
  /** Rows of one opportunity usually come together: its currency is found once for them. */
  private lastCurrencyId: string | null = null;
  private lastCurrency: CurrencyCode | null = null;
  /** Their close date usually repeats too, between time stamps of other days. */
  private lastCloseDate: IsoDate | null = null;
  private lastCloseDay = 0;

  constructor(
    private readonly model: StageModel,
    protected readonly resolveStage: StageResolver,
    private readonly notes: StageNotes,
    /** The opportunities rows refer to, numbered (complete: opportunities files are read first). */
    readonly opportunities: OpportunityCodes,
    readonly dates: DayCodec,
    /** The id of the one opportunity of the import or the store with this name; null when several have it. */
    private readonly opportunityNamed: (name: string) => string | null | undefined,
  ) {
    super();
  }

  rowCurrency(values: RowValues): CurrencyCode | null {
    const v = values as unknown as HistoryValues;
    const id =
      v.opportunityId ?? (v.opportunityName === null ? null : this.opportunityNamed(v.opportunityName));
    if (typeof id !== 'string') return null;
    if (id !== this.lastCurrencyId) {
      this.lastCurrency = this.opportunities.currency(this.opportunities.code(id));
      this.lastCurrencyId = id;
    }
    return this.lastCurrency;
  }

  private dayOfClose(date: IsoDate): number {
    if (date !== this.lastCloseDate) {
      this.lastCloseDay = this.dates.day(date);
      this.lastCloseDate = date;
    }
    return this.lastCloseDay;
  }

  /** The opportunity of a row: by its id, else by its name (a report that leaves the id out). */
  private opportunityOf(v: HistoryValues, row: RowReport): string | undefined {
    if (v.opportunityId !== null || v.opportunityName === null)
      return need(v.opportunityId, ['opportunityId', 'opportunityName'], 'the opportunity', row);
    const id = this.opportunityNamed(v.opportunityName);
    if (typeof id === 'string') return id;
    const fix = 'add the Opportunity ID column to the report and export it again';
    row.fail(
      'opportunityName',
      id === null
        ? `${show(v.opportunityName)} is the name of more than one opportunity`
        : `no opportunity of this import or of the store is named ${show(v.opportunityName)}`,
      id === null ? fix : `import the opportunities export with the history, or ${fix}`,
    );
    return undefined;
  }

  add(values: RowValues, row: RowReport): void {
    const v = values as unknown as HistoryValues;
    const opportunityId = this.opportunityOf(v, row);
    const changedAt = need(v.changedAt, 'changedAt', 'the time of the change', row);
    const stage = this.rowStage(v.stage, v.forecastCategory, row);
    const amount = need(v.amount, 'amount', 'the amount', row);
    const closeDate = need(v.closeDate, 'closeDate', 'the close date', row);
    if (
      row.rejected ||
      stage === undefined ||
      opportunityId === undefined ||
      changedAt === undefined ||
      amount === undefined ||
      closeDate === undefined
    ) {
      return;
    }
    const index = this.count++;
    this.lineColumn.set(index, row.line);
    this.opportunityColumn.set(index, this.opportunities.code(opportunityId));
    this.setOwnerId(index, v.ownerId ?? '');
    if (v.ownerId === null && v.ownerName !== null) this.ownerNames.set(index, v.ownerName);
    this.dayColumn.set(index, this.dates.day(changedAt.date));
    this.secondColumn.set(index, changedAt.seconds);
    this.stageColumn.set(index, stage.stage);
    this.amountColumn.set(index, amount.amount);
    this.closeColumn.set(index, this.dayOfClose(closeDate));
    this.categoryColumn.set(index, stage.category);
  }

  /**
   * A row's stage and forecast category as the columns keep them (the category the cell's, else the stage's);
   * undefined, with the row failed, for a stage name the workspace does not know and the opportunities did not
   * place by their won/lost flags.
   */
  protected rowStage(
    name: string | null,
    category: ForecastCategory | null,
    row: RowReport,
  ): { readonly stage: number; readonly category: number } | undefined {
    return this.stageOf(this.resolveStage(name, null), category, row);
  }

  /** {@link rowStage} of a stage name as the stage resolver read it. */
  protected stageOf(
    read: StageResolution,
    category: ForecastCategory | null,
    row: RowReport,
  ): { readonly stage: number; readonly category: number } | undefined {
    const resolution = this.placedAsOpportunities(read);
    if (!resolution.ok) {
      if (resolution.unknownName !== undefined)
        this.notes.noteUnknown(resolution.unknownName, row.file, row.line);
      row.fail('stage', resolution.message, resolution.fix);
      return undefined;
    }
    return this.codesOf(resolution.stage, category);
  }

  /** A stage's code, and the code of `category` or else of the stage's own forecast category. */
  private codesOf(
    stage: Stage,
    category: ForecastCategory | null,
  ): { readonly stage: number; readonly category: number } {
    return {
      stage: this.stageCode(stage),
      category: FORECAST_CATEGORIES.indexOf(category ?? stage.forecastCategory),
    };
  }

  /**
   * Reads a plain row straight into the columns ({@link PlainRowReader}): its opportunity id as written, a UTC
   * timestamp, a known stage name (not one placed by the opportunities' flags), a plain decimal amount, an ISO
   * close date, and a forecast category or none. Each is what reading the row's values gives, and anything else
   * is read through them; stage and category cells are read once per distinct text.
   */
  plainReader(compiled: CompiledMapping): PlainRowReader | null {
    const layout = plainHistoryLayout(compiled);
    if (layout === null) return null;
    const { opportunityId, changedAt, stage, amount, closeDate, forecastCategory } = layout;
    const { salesforceIds } = opportunityId.context;
    const dotIsDecimal = amount.context.decimalSeparator === '.';
    const changedDays = new DayMemo(changedAt.dates);
    const closeDays = new DayMemo(closeDate.dates);
    const stageCodes = new SpanMap<number>(true);
    const categoryCodes = new SpanMap<number>(true);
    const stageCategories = this.model.stages.map((known) =>
      FORECAST_CATEGORIES.indexOf(known.forecastCategory),
    );
    let lastId = '';
    let code = 0;
    let exponent = -1;
    let lastClose = -1;
    let closeDay = -1;

    const stageCodeAt = (text: string, start: number, end: number): number => {
      let found = stageCodes.get(text, start, end);
      if (found === undefined) {
        const name = readText(text.slice(start, end));
        const resolution = name === null ? null : this.resolveStage(name, null);
        found = resolution?.ok && !resolution.byOutcome ? this.stageCode(resolution.stage) : NOT_PLAIN;
        stageCodes.setMissed(detach(text.slice(start, end)), found);
      }
      return found;
    };
    const categoryCodeAt = (text: string, start: number, end: number): number => {
      let found = categoryCodes.get(text, start, end);
      if (found === undefined) {
        const cell = text.slice(start, end);
        const read = readCell('forecastCategory', cell, forecastCategory!.context, forecastCategory!.dates);
        found = !read.ok
          ? NOT_PLAIN
          : read.value === null
            ? STAGE_CATEGORY
            : FORECAST_CATEGORIES.indexOf(read.value as ForecastCategory);
        categoryCodes.setMissed(detach(cell), found);
      }
      return found;
    };

    return (spans: CellSpans, firstCell: number, line: number): boolean => {
      const { text, starts, ends, doubled } = spans;
      // Locals, not destructured lists, in this reader: a list per row was an allocation per row (measured).
      const idCell = firstCell + opportunityId.index;
      const changedCell = firstCell + changedAt.index;
      const stageCell = firstCell + stage.index;
      const amountCell = firstCell + amount.index;
      const closeCell = firstCell + closeDate.index;
      const categoryCell = forecastCategory === undefined ? -1 : firstCell + forecastCategory.index;
      if (
        (doubled[idCell]! |
          doubled[changedCell]! |
          doubled[stageCell]! |
          doubled[amountCell]! |
          doubled[closeCell]!) !==
          0 ||
        (categoryCell >= 0 && doubled[categoryCell] !== 0)
      )
        return false;
      // The opportunity: rows of one come together.
      const idStart = starts[idCell]!;
      const idEnd = ends[idCell]!;
      if (idStart === idEnd) return false;
      if (!sameChars(lastId, text, idStart, idEnd)) {
        if (!untrimmed(text, idStart, idEnd) || (salesforceIds && idEnd - idStart === 15)) return false;
        code = this.opportunities.codeAt(text, idStart, idEnd, detach);
        lastId = this.opportunities.lastFound;
        const currency = this.opportunities.currency(code) ?? compiled.currency;
        exponent = isCurrencyCode(currency) ? currencyExponent(currency) : -1;
      }
      const changedStart = starts[changedCell]!;
      const changedEnd = ends[changedCell]!;
      const instant = utcInstant(text, changedStart, changedEnd);
      if (instant < 0) return false;
      const seconds = instant % DAY_SECONDS;
      const day = changedDays.day(text, changedStart, (instant - seconds) / DAY_SECONDS);
      const stageCode = stageCodeAt(text, starts[stageCell]!, ends[stageCell]!);
      const closeStart = starts[closeCell]!;
      const closeEnd = ends[closeCell]!;
      const closeDigits = closeEnd - closeStart === 10 ? isoDay(text, closeStart) : -1;
      if (closeDigits !== lastClose) {
        closeDay = closeDigits < 0 ? -1 : closeDays.day(text, closeStart, closeDigits);
        lastClose = closeDigits;
      }
      let category =
        categoryCell < 0 ? STAGE_CATEGORY : categoryCodeAt(text, starts[categoryCell]!, ends[categoryCell]!);
      if (stageCode === NOT_PLAIN || category === NOT_PLAIN || day < 0 || closeDay < 0 || exponent < 0)
        return false;
      if (category === STAGE_CATEGORY) category = stageCategories[stageCode]!;
      const minorUnits = this.plainAmount(
        text,
        starts[amountCell]!,
        ends[amountCell]!,
        exponent,
        dotIsDecimal,
      );
      if (Number.isNaN(minorUnits)) return false;
      const index = this.count++;
      this.lineColumn.set(index, line);
      this.opportunityColumn.set(index, code);
      this.ownerColumn.set(index, 0);
      this.dayColumn.set(index, day);
      this.secondColumn.set(index, seconds);
      this.stageColumn.set(index, stageCode);
      this.amountColumn.set(index, minorUnits);
      this.closeColumn.set(index, closeDay);
      this.categoryColumn.set(index, category);
      return true;
    };
  }

  /**
   * The amount of a plain row in minor units of an `exponent` currency; NaN when the cell is not a plain decimal
   * (the row is then read through its values).
   */
  protected plainAmount(
    text: string,
    start: number,
    end: number,
    exponent: number,
    dotIsDecimal: boolean,
  ): number {
    if (start === end) return NaN;
    return plainMinorUnits(text, exponent, dotIsDecimal, start, end) ?? NaN;
  }

  /** The rows read, as their columns' chunks. */
  columns(): HistoryColumns {
    const count = this.count;
    return {
      count,
      lines: this.lineColumn.chunksOf(count),
      opportunities: this.opportunityColumn.chunksOf(count),
      owners: this.ownerColumn.chunksOf(count),
      ownerIds: this.owners,
      days: this.dayColumn.chunksOf(count),
      seconds: this.secondColumn.chunksOf(count),
      stages: this.stageColumn.chunksOf(count),
      amounts: this.amountColumn.chunksOf(count),
      closes: this.closeColumn.chunksOf(count),
      categories: this.categoryColumn.chunksOf(count),
    };
  }

  /**
   * Adds rows read on another thread (whose chunks it may take), in order: each row of `part` whose amount is a
   * number (read in the opportunity's currency once the opportunities are: NaN, not an amount), with its
   * opportunity `codes[part's code]` and its line moved by `lineOffset`.
   */
  append(part: HistoryColumns, codes: Int32Array, lineOffset: number): void {
    const ownerCodes = part.ownerIds.map((id) => this.ownerCode(id));
    if (this.count === 0 && !part.amounts.some((chunk) => chunk.some(Number.isNaN))) {
      this.adopt(part, codes, ownerCodes, lineOffset);
      return;
    }
    for (let row = 0; row < part.count; row++) {
      const amount = chunkedAt(part.amounts, row);
      if (Number.isNaN(amount)) continue;
      const index = this.count++;
      this.lineColumn.set(index, chunkedAt(part.lines, row) + lineOffset);
      this.opportunityColumn.set(index, codes[chunkedAt(part.opportunities, row)]!);
      this.ownerColumn.set(index, ownerCodes[chunkedAt(part.owners, row)]!);
      this.dayColumn.set(index, chunkedAt(part.days, row));
      this.secondColumn.set(index, chunkedAt(part.seconds, row));
      this.stageColumn.set(index, chunkedAt(part.stages, row));
      this.amountColumn.set(index, amount);
      this.closeColumn.set(index, chunkedAt(part.closes, row));
      this.categoryColumn.set(index, chunkedAt(part.categories, row));
    }
  }

  /**
   * {@link append} into empty columns, keeping every row: the part's chunks become the columns (mapped in place),
   * so that its rows are not held twice at the import's peak.
   */
  private adopt(
    part: HistoryColumns,
    codes: Int32Array,
    ownerCodes: readonly number[],
    lineOffset: number,
  ): void {
    for (let chunk = 0; chunk < part.lines.length; chunk++) {
      const [lines, opportunities, owners] = [
        part.lines[chunk]!,
        part.opportunities[chunk]!,
        part.owners[chunk]!,
      ];
      const rows = Math.min(CHUNK_MASK + 1, part.count - (chunk << CHUNK_BITS));
      for (let at = 0; at < rows; at++) {
        lines[at] = lines[at]! + lineOffset;
        opportunities[at] = codes[opportunities[at]!]!;
        owners[at] = ownerCodes[owners[at]!]!;
      }
    }
    this.lineColumn.adopt(part.lines);
    this.opportunityColumn.adopt(part.opportunities);
    this.ownerColumn.adopt(part.owners);
    this.dayColumn.adopt(part.days);
    this.secondColumn.adopt(part.seconds);
    this.stageColumn.adopt(part.stages);
    this.amountColumn.adopt(part.amounts);
    this.closeColumn.adopt(part.closes);
    this.categoryColumn.adopt(part.categories);
    this.count = part.count;
  }

  /**
   * A stage name the workspace does not know, read as the stage the opportunities placed it in by their won/lost
   * flags (a history has no such flags): the opportunities' `Closed - Signed` with IsWon is Closed Won, and so is
   * a history row's. Counted with the opportunities' placements.
   */
  private placedAsOpportunities(resolution: StageResolution): StageResolution {
    if (resolution.ok || resolution.unknownName === undefined) return resolution;
    const stage = this.placedStage(resolution.unknownName);
    if (stage === undefined) return resolution;
    this.notes.notePlaced(resolution.unknownName, stage.name);
    return { ok: true, stage, byOutcome: resolution.unknownName };
  }

  /** The stage the opportunities placed a name the workspace does not know in; undefined for none. */
  private placedStage(name: string): Stage | undefined {
    const placed = this.notes.placedStage(name);
    return placed === undefined ? undefined : this.model.stages.find((known) => known.name === placed);
  }

  /**
   * The stage a name the workspace does not know reads as, the opportunities having placed it by their won/lost
   * flags: its name, its code and its forecast category's code; undefined when they placed it in none.
   */
  placedStageCodes(
    name: string,
  ): { readonly name: string; readonly stage: number; readonly category: number } | undefined {
    const stage = this.placedStage(name);
    return stage && { name: stage.name, ...this.codesOf(stage, null) };
  }

  /** Stages the workspace knows: their codes are below this. */
  get stageCount(): number {
    return this.model.stages.length;
  }

  private stageCode(stage: Stage): number {
    let code = this.stageCodes.get(stage);
    if (code === undefined) {
      code = this.model.stages.indexOf(stage);
      this.stageCodes.set(stage, code);
    }
    return code;
  }

  override line(index: number): number {
    return this.lineColumn.get(index);
  }

  /** The code of a row's opportunity (see {@link OpportunityCodes}). */
  opportunityCode(index: number): number {
    return this.opportunityColumn.get(index);
  }

  opportunityId(index: number): string {
    return this.opportunities.id(this.opportunityColumn.get(index));
  }

  /** The owner from this change on; '' until the import settles it. */
  ownerId(index: number): string {
    return this.owners[this.ownerColumn.get(index)]!;
  }

  /** The code of a row's owner: rows with one owner have one code ({@link ownerId} reads it). */
  ownerCodeOf(index: number): number {
    return this.ownerColumn.get(index);
  }

  setOwnerId(index: number, id: string): void {
    this.ownerColumn.set(index, this.ownerCode(id));
  }

  private ownerCode(id: string): number {
    // Rows of one opportunity come together, and mostly have one owner.
    if (id === this.lastOwner) return this.lastOwnerCode;
    let code = this.ownerCodes.get(id);
    if (code === undefined) {
      code = this.owners.length;
      this.owners.push(id);
      this.ownerCodes.set(id, code);
    }
    this.lastOwner = id;
    this.lastOwnerCode = code;
    return code;
  }

  day(index: number): number {
    return this.dayColumn.get(index);
  }

  seconds(index: number): number {
    return this.secondColumn.get(index);
  }

  setSequence(index: number, sequence: number): void {
    this.sequenceColumn.set(index, sequence);
  }

  /** Whether two rows hold the same moment and state (candidates for an exact copy). */
  sameChange(a: number, b: number): boolean {
    return (
      this.opportunityColumn.get(a) === this.opportunityColumn.get(b) &&
      this.day(a) === this.day(b) &&
      this.seconds(a) === this.seconds(b) &&
      this.stageColumn.get(a) === this.stageColumn.get(b) &&
      this.amountColumn.get(a) === this.amountColumn.get(b) &&
      this.closeColumn.get(a) === this.closeColumn.get(b) &&
      this.categoryColumn.get(a) === this.categoryColumn.get(b) &&
      this.ownerColumn.get(a) === this.ownerColumn.get(b)
    );
  }

  /**
   * What the entity schema would say of the change a row holds, checked on the columns: the columns hold only
   * values read by the value parsers (dates as valid day numbers, stages of the model, categories of the list),
   * so what is left to check is what assembly sets (owner, sequence) and the amount's range. Null when valid.
   */
  invalidField(index: number): string | null {
    if (this.opportunityId(index) === '') return 'opportunityId';
    if (this.ownerId(index) === '') return 'ownerId';
    if (!Number.isSafeInteger(this.amountColumn.get(index))) return 'amount';
    if (!(this.sequenceColumn.get(index) >= 0)) return 'sequence';
    if (FORECAST_CATEGORIES[this.categoryColumn.get(index)] === undefined) return 'forecastCategory';
    return null;
  }

  sequence(index: number): number {
    return this.sequenceColumn.get(index);
  }

  stage(index: number): string {
    return this.model.stages[this.stageColumn.get(index)]!.name;
  }

  amount(index: number): MinorUnits {
    return this.amountColumn.get(index) as MinorUnits;
  }

  closeDay(index: number): number {
    return this.closeColumn.get(index);
  }

  forecastCategory(index: number): ForecastCategory {
    return FORECAST_CATEGORIES[this.categoryColumn.get(index)]!;
  }

  /** The change a row holds, as an entity (the store takes changes as columns: see batch-stream.ts). */
  change(index: number): OpportunityChange {
    return {
      opportunityId: this.opportunityId(index),
      date: this.dates.date(this.day(index)),
      sequence: this.sequence(index),
      stage: this.stage(index),
      amount: this.amount(index),
      closeDate: this.dates.date(this.closeDay(index)),
      forecastCategory: this.forecastCategory(index),
      ownerId: this.ownerId(index),
    };
  }
}

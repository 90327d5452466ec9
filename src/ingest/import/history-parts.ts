/**
 * A large opportunity history file read in parts, each on a worker thread of its own, while the main thread reads
 * the opportunities: the history is most of an export's rows (five per opportunity in the bench), and its rows
 * need the opportunities only for two things, which a part leaves for the merge. Each history row's amount is in
 * its opportunity's currency, so a part keeps the amount cell as read (a plain decimal's parts, or the text) and
 * the merge reads it in that currency, as a serial read would have; a row's opportunity is numbered by the part
 * and renumbered by the merge, in the order of first appearance, so that codes are given as a serial read gives
 * them. Problems, counts and notes are the part's with its lines moved down by the lines before it. The result is
 * the serial read's, which the tests check file by file.
 *
 * A file is cut just after a line feed; a cut inside a quoted value that holds a line break is found when the
 * part before it does not end between records, and the file is then read whole on the main thread.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { createStageModel, type Stage } from '../../domain/stage-model.js';
import type { CurrencyCode } from '../../domain/money.js';
import { currencyExponent, isCurrencyCode } from '../../domain/money.js';
import type { PartEnding, Table, TablePart } from '../readers/table.js';
import {
  isNullToken,
  plainDecimalMinorUnits,
  plainDecimalText,
  readPlainDecimal,
  type DecimalSeparator,
  type DateOrder,
  type Money,
  type PlainDecimal,
} from '../values/index.js';
import type { FileMapping } from '../model/file-mapping.js';
import { EXPECTED_BY_KIND } from '../model/import-fields.js';
import { Interner, readCell, readCellAt, type CellValue } from './cell-values.js';
import { need, StageNotes } from './collectors.js';
import {
  compileMapping,
  setDateOrder,
  setDecimalSeparator,
  type CompiledColumn,
  type CompiledMapping,
} from './compiled-mapping.js';
import { chunkedAt, ChunkedColumn, DayCodec, HistoryRows, type HistoryColumns } from './history-rows.js';
import {
  newFileAccount,
  type FileAccount,
  type IgnoredReason,
  type ImportProblem,
} from './import-problems.js';
import { OpportunityCodes } from './opportunity-codes.js';
import { readRows, RowReport, type RowValues } from './read-rows.js';
import { stageResolverFor } from './stage-resolver.js';
import { startThreadScript } from './thread-script.js';

/** History files smaller than this are read on the main thread: a thread's start costs more than it saves. */
export const PARALLEL_HISTORY_BYTES = 32 << 20;

/** What a part's thread needs to read it as the main thread would. */
export interface HistoryPartInput {
  /** The file to read, and the name messages give it. */
  readonly path: string;
  readonly file: string;
  readonly encoding: string;
  readonly delimiter: string;
  readonly part: TablePart;
  readonly mapping: FileMapping;
  /** The formats decided for the mapping's columns, in their order (see column-formats.ts). */
  readonly formats: readonly { dateOrder: DateOrder | null; decimalSeparator: DecimalSeparator | null }[];
  readonly stages: readonly Stage[];
  readonly workspaceCurrency: CurrencyCode;
}

/**
 * The amount cells of a part's rows (every row that reached its amount, rejected or not), to be read once the
 * row's currency is known: a plain decimal as its parts, anything else as its text.
 */
interface AmountCells {
  readonly count: number;
  readonly lines: Int32Array[];
  /** The row's opportunity as the part's code, -1 for a row without one. */
  readonly opportunities: Int32Array[];
  /** TEXT, NEGATIVE, fraction digits (bits 4-5) and whole digits (bits 0-3). */
  readonly flags: Uint8Array[];
  readonly wholes: Float64Array[];
  readonly fractions: Int32Array[];
  /** The text of each cell that is not a plain decimal, by its index. */
  readonly texts: readonly (readonly [number, string])[];
}

const TEXT = 0x80;
const NEGATIVE = 0x40;

/** A part as read on its thread: the serial read's outcome, with lines counted from the part's start. */
export interface HistoryPartResult {
  readonly columns: HistoryColumns;
  /** The part's opportunity codes' ids. */
  readonly opportunityIds: readonly string[];
  readonly amounts: AmountCells;
  readonly problems: readonly ImportProblem[];
  readonly rowsRead: number;
  readonly duplicates: number;
  readonly ignored: readonly (readonly [IgnoredReason, number])[];
  readonly rejectedLines: readonly number[];
  readonly rejectedKeys: readonly (readonly [string, number])[];
  readonly unknownStages: readonly (readonly [string, { rows: number; file: string; line: number }])[];
  readonly placedByOutcome: readonly (readonly [string, { stage: string; rows: number }])[];
  readonly ending: PartEnding;
}

export type HistoryPartMessage =
  | { readonly kind: 'progress'; readonly bytesRead: number }
  | { readonly kind: 'done'; readonly result: HistoryPartResult }
  | { readonly kind: 'failed'; readonly message: string; readonly stack: string | undefined };

/**
 * History rows of a part: a {@link HistoryRows} whose amounts are the indexes of their cells in {@link cells}
 * (read by the merge), and whose opportunity codes are the part's own.
 */
class PartHistoryRows extends HistoryRows {
  readonly preparedFields = ['amount'];
  private count_ = 0;
  private readonly lines = new ChunkedColumn((length) => new Int32Array(length));
  private readonly codes = new ChunkedColumn((length) => new Int32Array(length));
  private readonly flags = new ChunkedColumn((length) => new Uint8Array(length));
  private readonly wholes = new ChunkedColumn((length) => new Float64Array(length));
  private readonly fractions = new ChunkedColumn((length) => new Int32Array(length));
  private readonly texts: [number, string][] = [];
  private readonly parts: PlainDecimal = {
    negative: false,
    whole: 0,
    wholeDigits: 0,
    fraction: 0,
    fractionDigits: 0,
  };
  /** The amount a row's values hold: its cell's index (one object, reused row after row). */
  private readonly cellAmount: { amount: number; currency: CurrencyCode };
  private readonly readAmount = (source: string, start: number, end: number): boolean => {
    const cell = this.count_;
    if (readPlainDecimal(source, start, end, this.parts)) {
      const { negative, whole, wholeDigits, fraction, fractionDigits } = this.parts;
      this.flags.set(cell, (negative ? NEGATIVE : 0) | (fractionDigits << 4) | wholeDigits);
      this.wholes.set(cell, whole);
      this.fractions.set(cell, fraction);
      return true;
    }
    const text = source.slice(start, end);
    if (isNullToken(text, 'money')) return false;
    this.flags.set(cell, TEXT);
    // A copy: a cut-out cell may keep the whole decoded chunk alive.
    this.texts.push([cell, JSON.parse(JSON.stringify(text)) as string]);
    return true;
  };

  constructor(
    compiled: CompiledMapping,
    stages: readonly Stage[],
    notes: StageNotes,
    private readonly amountCellColumn: CompiledColumn,
  ) {
    const model = createStageModel(stages);
    super(
      model,
      stageResolverFor(compiled, model),
      notes,
      new OpportunityCodes([], null),
      new DayCodec(),
      () => undefined,
    );
    this.cellAmount = { amount: 0, currency: compiled.currency };
  }

  /** Keeps the row's amount cell and gives its index as the amount (null for an empty cell, as a serial read). */
  prepare(values: RowValues, row: RowReport): void {
    const id = values.opportunityId;
    const cell = this.count_;
    this.lines.set(cell, row.line);
    this.codes.set(cell, typeof id === 'string' ? this.opportunities.code(id) : -1);
    if (!row.readCell(this.amountCellColumn.index, this.readAmount)) {
      values.amount = null;
      return;
    }
    this.count_++;
    this.cellAmount.amount = cell;
    values.amount = this.cellAmount as unknown as CellValue;
  }

  amountCells(): AmountCells {
    const count = this.count_;
    return {
      count,
      lines: this.lines.chunksOf(count),
      opportunities: this.codes.chunksOf(count),
      flags: this.flags.chunksOf(count),
      wholes: this.wholes.chunksOf(count),
      fractions: this.fractions.chunksOf(count),
      texts: this.texts,
    };
  }
}

/** Reads one part (on a worker thread: see history-part-thread.ts). */
export async function readHistoryPart(
  input: HistoryPartInput,
  table: Table,
  onProgress: (bytesRead: number) => void,
): Promise<HistoryPartResult> {
  const model = createStageModel(input.stages);
  const compiled = compileMapping(
    input.mapping,
    { file: input.file, headers: table.headers, headerLine: table.headerLine },
    {
      workspaceCurrency: input.workspaceCurrency,
      stageModel: model,
      strings: new Interner(),
      shareOwnIds: false,
    },
  );
  if (Array.isArray(compiled))
    throw new Error('the history mapping compiled on the main thread but not on its part’s');
  for (const [index, column] of compiled.columns.entries()) {
    const format = input.formats[index]!;
    setDateOrder(column, format.dateOrder);
    setDecimalSeparator(column, format.decimalSeparator);
  }
  const amountColumn = compiled.byField.get('amount')!;
  // The part reads every column but the amount, which its collector keeps as read (see PartHistoryRows).
  const partMapping: CompiledMapping = {
    ...compiled,
    columns: compiled.columns.filter((column) => column !== amountColumn),
  };
  const notes = new StageNotes();
  const rows = new PartHistoryRows(compiled, input.stages, notes, amountColumn);
  const account = newFileAccount();
  const problems: ImportProblem[] = [];
  const ending: PartEnding = { aligned: true, lines: 0 };
  const partTable: Table = {
    ...table,
    file: input.file,
    spanBatches: () => table.partSpans!(input.part, ending),
  };
  await readRows(partTable, partMapping, rows, account, problems, { onProgress });
  const opportunityIds = Array.from({ length: rows.opportunities.size }, (_, code) =>
    rows.opportunities.id(code),
  );
  return {
    columns: rows.columns(),
    opportunityIds,
    amounts: rows.amountCells(),
    problems,
    rowsRead: account.rowsRead,
    duplicates: account.duplicates,
    ignored: [...account.ignored],
    rejectedLines: [...account.rejectedLines],
    rejectedKeys: [...rows.rejectedKeys],
    unknownStages: [...notes.unknown],
    placedByOutcome: [...notes.placedByOutcome],
    ending,
  };
}

/** The typed arrays of a result, to move to the main thread rather than copy. */
export function transferables(result: HistoryPartResult): ArrayBuffer[] {
  const { columns, amounts } = result;
  return [
    columns.lines,
    columns.opportunities,
    columns.owners,
    columns.days,
    columns.seconds,
    columns.stages,
    columns.amounts,
    columns.closes,
    columns.categories,
    amounts.lines,
    amounts.opportunities,
    amounts.flags,
    amounts.wholes,
    amounts.fractions,
  ].flatMap((chunks) => chunks.map((chunk) => chunk.buffer as ArrayBuffer));
}

/**
 * Whether a history file is read in parts: a large CSV of the Data Loader's shape, whose rows' amounts take
 * their currency from their opportunity (no currency column or constant), found by id (no name column), and
 * read as written (no value map, default or scale on the amount); no report footer, which would span parts.
 */
function readsInParts(table: Table, compiled: CompiledMapping): boolean {
  const amount = compiled.byField.get('amount');
  return (
    compiled.entity === 'opportunityHistory' &&
    table.bytes >= PARALLEL_HISTORY_BYTES &&
    table.partSpans !== undefined &&
    table.encodingName !== undefined &&
    table.delimiter !== null &&
    compiled.byField.has('opportunityId') &&
    !compiled.byField.has('opportunityName') &&
    !compiled.byField.has('ownerName') &&
    !compiled.byField.has('currency') &&
    !compiled.constants.has('currency') &&
    !compiled.mapping.reportFooter &&
    amount !== undefined &&
    amount.valueMap === null &&
    amount.rule.default === undefined &&
    (amount.context.scale === undefined || amount.context.scale === 1)
  );
}

/** Parts being read on their threads, in file order. */
export interface HistoryParts {
  readonly results: readonly Promise<HistoryPartResult>[];
  /** Reports the bytes read of all parts together, now and as they are read. */
  watch(onProgress: (bytesRead: number) => void): void;
  /** Stops the threads (after a failure elsewhere). */
  stop(): Promise<void>;
}

export interface StartHistoryParts {
  readonly path: string;
  readonly file: string;
  readonly table: Table;
  readonly compiled: CompiledMapping;
  readonly stages: readonly Stage[];
  readonly workspaceCurrency: CurrencyCode;
  /** Files at least this large are read in parts (default {@link PARALLEL_HISTORY_BYTES}). */
  readonly minBytes?: number;
  /** Parts to cut the file into (default: the cores there are, at least 2). */
  readonly parts?: number;
}

/** Starts reading a history file in parts, or returns null when it is read on the main thread. */
export async function startHistoryParts(options: StartHistoryParts): Promise<HistoryParts | null> {
  const { table, compiled } = options;
  const large = {
    ...table,
    bytes: table.bytes >= (options.minBytes ?? PARALLEL_HISTORY_BYTES) ? Infinity : 0,
  };
  if (!readsInParts(large, compiled)) return null;
  const parts = await table.parts!(options.parts ?? Math.max(2, availableParallelism()));
  if (parts.length < 2) return null;
  const formats = compiled.columns.map((column) => ({
    dateOrder: column.context.dateOrder,
    decimalSeparator: column.context.decimalSeparator,
  }));
  const workers: Worker[] = [];
  const progress = parts.map((part) => part.start);
  let watcher: ((bytesRead: number) => void) | undefined;
  const report = () => watcher?.(progress.reduce((sum, bytes, at) => sum + bytes - parts[at]!.start, 0));
  const results = parts.map((part, index) => {
    const input: HistoryPartInput = {
      path: options.path,
      file: options.file,
      encoding: table.encodingName!,
      delimiter: table.delimiter!,
      part,
      mapping: compiled.mapping,
      formats,
      stages: options.stages,
      workspaceCurrency: options.workspaceCurrency,
    };
    const worker = startThreadScript(import.meta.url, 'history-part-thread', input);
    workers.push(worker);
    return new Promise<HistoryPartResult>((resolve, reject) => {
      worker.on('message', (message: HistoryPartMessage) => {
        if (message.kind === 'progress') {
          progress[index] = message.bytesRead;
          report();
        } else if (message.kind === 'done') {
          resolve(message.result);
          // Its heap is freed now, not when every part is done.
          void worker.terminate();
        } else reject(Object.assign(new Error(message.message), { stack: message.stack }));
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`a history part's thread stopped (exit code ${code})`)));
    });
  });
  // A part that fails is reported through its own promise, when the merge awaits it.
  for (const result of results) result.catch(() => undefined);
  return {
    results,
    watch: (onProgress) => {
      watcher = onProgress;
      report();
    },
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** Where the merge puts what the parts read: the main thread's collector and reports of the file. */
export interface MergeTarget {
  /** The file as messages name it. */
  readonly file: string;
  readonly rows: HistoryRows;
  readonly compiled: CompiledMapping;
  readonly account: FileAccount;
  readonly problems: ImportProblem[];
  readonly notes: StageNotes;
}

/**
 * Merges the parts into `target`, in order, as if the file had been read on the main thread; false (nothing
 * merged) when a cut fell inside a record, and the file must be read whole. A part whose reading stopped at a
 * syntax error ends the file there, as a serial read would: later parts are left out.
 */
export async function mergeHistoryParts(
  parts: HistoryParts,
  target: MergeTarget,
  onProgress?: (bytesRead: number) => void,
): Promise<boolean> {
  if (onProgress) parts.watch(onProgress);
  const results: HistoryPartResult[] = [];
  try {
    for (const result of parts.results) results.push(await result);
  } finally {
    await parts.stop();
  }
  const stopsAt = results.findIndex((result) => result.problems.some((problem) => problem.fatal));
  const merged = stopsAt < 0 ? results : results.slice(0, stopsAt + 1);
  if (merged.slice(0, -1).some((result) => !result.ending.aligned)) return false;
  let lineOffset = 0;
  for (const result of merged) {
    mergePart(result, target, lineOffset);
    lineOffset += result.ending.lines;
  }
  return true;
}

function mergePart(result: HistoryPartResult, target: MergeTarget, lineOffset: number): void {
  const { rows, account, problems, notes } = target;
  const codes = Int32Array.from(result.opportunityIds, (id) => rows.opportunities.code(id));
  const { amounts, rejectedKeys } = readAmounts(result, codes, target, lineOffset);
  rows.append(result.columns, codes, amounts, lineOffset);

  for (const problem of result.problems)
    problems.push(problem.line === null ? problem : { ...problem, line: problem.line + lineOffset });
  account.rowsRead += result.rowsRead;
  account.duplicates += result.duplicates;
  for (const [reason, count] of result.ignored)
    account.ignored.set(reason, (account.ignored.get(reason) ?? 0) + count);
  for (const line of result.rejectedLines) account.rejectedLines.add(line + lineOffset);
  for (const [name, seen] of result.unknownStages) {
    const known = notes.unknown.get(name);
    if (known) known.rows += seen.rows;
    else notes.unknown.set(name, { ...seen, line: seen.line + lineOffset });
  }
  for (const [key, placed] of result.placedByOutcome) {
    const known = notes.placedByOutcome.get(key);
    if (known) known.rows += placed.rows;
    else notes.placedByOutcome.set(key, { ...placed });
  }
  // Keys of rejected rows in line order, the first line of each kept, as the serial read notes them.
  for (const [key, line] of result.rejectedKeys) rejectedKeys.push([key, line + lineOffset]);
  for (const [key, line] of rejectedKeys.sort((a, b) => a[1] - b[1]))
    if (!rows.rejectedKeys.has(key)) rows.rejectedKeys.set(key, line);
}

/**
 * Each amount cell of a part read in its row's currency, as the serial read reads it; NaN for a cell that is
 * not an amount, whose row is then rejected with the problem at the cell (and its key noted).
 */
function readAmounts(
  result: HistoryPartResult,
  codes: Int32Array,
  { file, rows, compiled, account, problems }: MergeTarget,
  lineOffset: number,
): { amounts: Float64Array; rejectedKeys: [string, number][] } {
  const { amounts: cells } = result;
  const column = compiled.byField.get('amount')!;
  const dotIsDecimal = column.context.decimalSeparator === '.';
  const texts = new Map(cells.texts);
  const currencies = new Map<number, CurrencyCode>();
  const currencyOf = (code: number): CurrencyCode => {
    let currency = currencies.get(code);
    if (currency === undefined) {
      currency = (code < 0 ? null : rows.opportunities.currency(codes[code]!)) ?? compiled.currency;
      currencies.set(code, currency);
    }
    return currency;
  };
  const parts: PlainDecimal = { negative: false, whole: 0, wholeDigits: 0, fraction: 0, fractionDigits: 0 };
  const report = new RowReport(file, compiled, problems);
  const amounts = new Float64Array(cells.count);
  const rejectedKeys: [string, number][] = [];
  for (let cell = 0; cell < cells.count; cell++) {
    const code = chunkedAt(cells.opportunities, cell);
    const currency = currencyOf(code);
    const flags = chunkedAt(cells.flags, cell);
    let text: string;
    if (flags & TEXT) text = texts.get(cell)!;
    else {
      parts.negative = (flags & NEGATIVE) !== 0;
      parts.fractionDigits = (flags >> 4) & 3;
      parts.wholeDigits = flags & 15;
      parts.whole = chunkedAt(cells.wholes, cell);
      parts.fraction = chunkedAt(cells.fractions, cell);
      const minor = isCurrencyCode(currency)
        ? plainDecimalMinorUnits(parts, currencyExponent(currency), dotIsDecimal)
        : null;
      if (minor !== null) {
        amounts[cell] = minor;
        continue;
      }
      text = plainDecimalText(parts);
    }
    column.context.currency = currency;
    const value =
      readCellAt('money', text, 0, text.length, column.context, column.dates) ??
      readCell('money', text, column.context, column.dates);
    const money = value.ok ? (value.value as Money | null) : null;
    if (money !== null) {
      amounts[cell] = money.amount;
      continue;
    }
    amounts[cell] = NaN;
    const line = chunkedAt(cells.lines, cell) + lineOffset;
    report.start(line, []);
    if (value.ok) need(null, 'amount', 'the amount', report);
    else {
      const { message, fix } = value.problem;
      report.failAt(
        column.index,
        column.header,
        column.field,
        EXPECTED_BY_KIND.money,
        message,
        fix ?? EXPECTED_BY_KIND.money,
        text,
      );
    }
    account.rejectedLines.add(line);
    if (code >= 0) rejectedKeys.push([result.opportunityIds[code]!, line]);
  }
  return { amounts, rejectedKeys };
}

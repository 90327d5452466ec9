/**
 * A large opportunity history file read in parts, each on a worker thread of its own, while the main thread reads
 * the opportunities: the history is most of an export's rows (five per opportunity in the bench), and its rows
 * need the opportunities only for three things, which a part leaves for the merge. Each history row's amount is
 * in its opportunity's currency, so a part keeps the amount cell as read (a plain decimal's parts, or the text)
 * and the merge reads it in that currency, as a serial read would have; a row's opportunity is numbered by the
 * part (each run of an opportunity's rows: OpportunityCodes.forPart) and renumbered by the merge, in the order
 * of first appearance, so that codes are given as a serial read gives them; a stage name the workspace does not
 * know may be one the opportunities place by their won/lost flags, so a part defers it (DeferredStages).
 * Problems, counts and notes are the part's with its lines moved down by the lines before it. The result is the
 * serial read's, which the tests check file by file.
 *
 * A file is cut just after a line feed; a cut inside a quoted value that holds a line break is found when the
 * part before it does not end between records, and the file is then read whole on the main thread.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { createStageModel, type Stage, type StageModel } from '../../domain/stage-model.js';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../../domain/vocabularies.js';
import type { CurrencyCode } from '../../domain/money.js';
import { currencyExponent, isCurrencyCode } from '../../domain/money.js';
import type { PartEnding, Table, TablePart } from '../readers/table.js';
import {
  isNullToken,
  plainDecimal,
  plainDecimalMinorUnits,
  plainDecimalText,
  readPlainDecimal,
  type DecimalSeparator,
  type DateOrder,
  type Money,
} from '../values/index.js';
import type { FileMapping } from '../model/file-mapping.js';
import { EXPECTED_BY_KIND } from '../model/import-fields.js';
import { detach, Interner, readCell, readCellAt, type CellValue } from './cell-values.js';
import { need, StageNotes } from './collectors.js';
import {
  compileMapping,
  setDateOrder,
  setDecimalSeparator,
  type CompiledColumn,
  type CompiledMapping,
} from './compiled-mapping.js';
import {
  chunkedAt,
  chunkedSet,
  ChunkedColumn,
  DayCodec,
  HistoryRows,
  type HistoryColumns,
} from './history-rows.js';
import {
  newFileAccount,
  type FileAccount,
  type IgnoredReason,
  type ImportProblem,
} from './import-problems.js';
import { OpportunityCodes } from './opportunity-codes.js';
import { readRows, RowReport, type PlainRowReader, type RowValues } from './read-rows.js';
import { stageResolverFor } from './stage-resolver.js';
import { startThreadScript } from '../../platform/thread-script.js';

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
 * How a part keeps an amount cell until the row's currency is known: a plain decimal as its parts (the whole
 * number in the rows' amount column, the fraction and FLAGS beside it), anything else as its text (TEXT).
 */
interface AmountParts {
  /** TEXT, NEGATIVE, fraction digits (bits 4-5) and whole digits (bits 0-3) of each row's amount. */
  readonly flags: Uint8Array[];
  readonly fractions: Uint16Array[];
  /** The text of each amount that is not a plain decimal, by its row. */
  readonly texts: readonly (readonly [number, string])[];
}

/** The amount cell of a row the part rejected for another reason: read in the merge for its problem. */
interface RejectedAmount {
  readonly line: number;
  /** The row's opportunity as the part's code, -1 for a row without one. */
  readonly opportunity: number;
  readonly flags: number;
  readonly whole: number;
  readonly fraction: number;
  readonly text: string | null;
  /**
   * Whether the row was rejected by the checks of its values together (HistoryRows.add), which a whole read
   * makes only when its amount is one: the merge drops their problems when it is not.
   */
  readonly afterAdd: boolean;
}

const TEXT = 0x80;
const NEGATIVE = 0x40;

/**
 * Stage names the workspace does not know that a part reads its rows in, at most: whether the opportunities
 * placed such a name by their won/lost flags (and in which stage) is known only once they are read, so the rows
 * are kept under a stage code of their name, counting down from {@link DEFERRED_STAGE}, and the merge settles
 * them. A part that meets more has the file read whole.
 */
const DEFERRED_STAGE_NAMES = 32;
const DEFERRED_STAGE = 255;
/** The category code of a deferred row whose category cell is empty: its stage's, once the stage is known. */
const STAGE_CATEGORY = 255;

/**
 * The rows a part read in stage names it deferred ({@link DEFERRED_STAGE_NAMES}), as lists of numbers (every won
 * deal's last rows may be in such a name): per name, the problem a whole read reports at its first row when the
 * opportunities did not place it; per row, its name's place, line, opportunity (the part's code, -1 for none),
 * index in the columns (-1: the part rejected it) and its amount's place in the part's rejected amounts (-1:
 * none); and the stage cells that differ from their name's first. A whole read reads a row's stage only when its
 * amount is one (see readRows), which the merge learns: the rows' notes and problems are the merge's.
 */
interface DeferredStages {
  readonly names: string[];
  readonly problems: ImportProblem[];
  readonly name: number[];
  readonly line: number[];
  readonly opportunity: number[];
  readonly index: number[];
  readonly rejectedAmount: number[];
  readonly values: [number, string | null][];
  /** Whether the part met more unknown names than it defers (the merge then has the file read whole). */
  overflowed: boolean;
}

/**
 * A part as read on its thread: the serial read's outcome, with lines counted from the part's start, but for
 * what the merge settles (amounts, opportunity codes, deferred stage names).
 */
export interface HistoryPartResult {
  readonly columns: HistoryColumns;
  /** The part's opportunity codes' ids ({@link PartIds}). */
  readonly opportunityIds: PartIds;
  readonly amountParts: AmountParts;
  readonly rejectedAmounts: readonly RejectedAmount[];
  readonly problems: readonly ImportProblem[];
  readonly rowsRead: number;
  readonly duplicates: number;
  readonly ignored: readonly (readonly [IgnoredReason, number])[];
  readonly rejectedLines: readonly number[];
  readonly rejectedKeys: readonly (readonly [string, number])[];
  readonly unknownStages: readonly (readonly [string, { rows: number; file: string; line: number }])[];
  readonly placedByOutcome: readonly (readonly [string, { stage: string; rows: number }])[];
  /** Stage names the part deferred, and the rows read in them (kept in the columns, or rejected otherwise). */
  readonly deferredStages: DeferredStages;
  readonly ending: PartEnding;
}

/**
 * A part's ids, code after code in one string, and where each ends: a million strings in a list cost the main
 * thread their structured clone and a collection of them (several hundred ms, measured), one string a copy.
 */
export interface PartIds {
  readonly text: string;
  readonly ends: Uint32Array;
}

/** Where the id of a part's code starts in {@link PartIds.text}. */
const partIdStart = (ends: Uint32Array, code: number): number => (code === 0 ? 0 : ends[code - 1]!);

/** The id of a part's code, copied (a cut would keep the part's whole text alive). */
function partId({ text, ends }: PartIds, code: number): string {
  return detach(text.slice(partIdStart(ends, code), ends[code]));
}

export type HistoryPartMessage =
  | { readonly kind: 'progress'; readonly bytesRead: number }
  | { readonly kind: 'done'; readonly result: HistoryPartResult }
  | { readonly kind: 'failed'; readonly message: string; readonly stack: string | undefined };

/**
 * History rows of a part: a {@link HistoryRows} whose opportunity codes are the part's own, and whose amounts are
 * kept as read ({@link AmountParts}), for the merge to read in the row's currency.
 */
class PartHistoryRows extends HistoryRows {
  readonly preparedFields = ['amount'];
  private readonly flags = new ChunkedColumn((length) => new Uint8Array(length));
  private readonly fractions = new ChunkedColumn((length) => new Uint16Array(length));
  private readonly texts: [number, string][] = [];
  readonly rejectedAmounts: RejectedAmount[] = [];
  readonly deferred: DeferredStages = {
    names: [],
    problems: [],
    name: [],
    line: [],
    opportunity: [],
    index: [],
    rejectedAmount: [],
    values: [],
    overflowed: false,
  };
  /** The line of the last row whose values were checked together ({@link add}). */
  private addedLine = -1;
  /** The row being read: its opportunity's code, and its amount cell's parts (or text; null: empty). */
  private rowOpportunity = -1;
  private readonly parts = plainDecimal();
  private cellFlags = 0;
  private cellText: string | null = null;
  /** The amount a row's values hold: the whole number of its cell (one object, reused row after row). */
  private readonly cellAmount: { amount: number; currency: CurrencyCode };
  private readonly readAmount = (source: string, start: number, end: number): boolean => {
    this.cellText = null;
    if (!Number.isNaN(this.plainAmount(source, start, end))) return true;
    const text = source.slice(start, end);
    if (isNullToken(text, 'money')) return false;
    this.cellFlags = TEXT;
    this.cellText = detach(text);
    return true;
  };

  constructor(
    compiled: CompiledMapping,
    model: StageModel,
    notes: StageNotes,
    private readonly amountCellColumn: CompiledColumn,
  ) {
    super(
      model,
      stageResolverFor(compiled, model),
      notes,
      OpportunityCodes.forPart(() => this.count),
      new DayCodec(),
      () => undefined,
    );
    this.cellAmount = { amount: 0, currency: compiled.currency };
  }

  /** Keeps the row's amount cell as read (null for an empty one, as a serial read has it). */
  prepare(values: RowValues, row: RowReport): void {
    const id = values.opportunityId;
    this.rowOpportunity = typeof id === 'string' ? this.opportunities.code(id) : -1;
    if (!row.readCell(this.amountCellColumn.index, this.readAmount)) {
      values.amount = null;
      return;
    }
    this.cellAmount.amount = this.cellText === null ? this.parts.whole : 0;
    values.amount = this.cellAmount as unknown as CellValue;
  }

  override add(values: RowValues, row: RowReport): void {
    const index = this.count;
    this.addedLine = row.line;
    super.add(values, row);
    if (this.count === index) return;
    const last = this.deferred.line.length - 1;
    if (this.deferred.line[last] === row.line) this.deferred.index[last] = index;
    this.flags.set(index, this.cellFlags);
    this.fractions.set(index, this.parts.fraction);
    if (this.cellText !== null) this.texts.push([index, this.cellText]);
  }

  /** Plain rows as {@link add} keeps them: the amount cell's parts beside its whole number. */
  override plainReader(compiled: CompiledMapping): PlainRowReader | null {
    const read = super.plainReader(compiled);
    if (read === null) return null;
    return (spans, firstCell, line) => {
      const index = this.count;
      if (!read(spans, firstCell, line)) return false;
      this.flags.set(index, this.cellFlags);
      this.fractions.set(index, this.parts.fraction);
      return true;
    };
  }

  /** The whole number of a plain decimal, whatever the currency (see {@link AmountParts}). */
  protected override plainAmount(source: string, start: number, end: number): number {
    if (start === end || !readPlainDecimal(source, start, end, this.parts)) return NaN;
    const { negative, wholeDigits, fractionDigits } = this.parts;
    this.cellFlags = (negative ? NEGATIVE : 0) | (fractionDigits << 4) | wholeDigits;
    this.cellText = null;
    return this.parts.whole;
  }

  /**
   * A stage name the workspace does not know is deferred ({@link DEFERRED_STAGE_NAMES}): the row is read in a
   * stage code of the name, its category cell's category or {@link STAGE_CATEGORY}, and the problem a whole read
   * would report is kept for the merge.
   */
  protected override rowStage(
    name: string | null,
    category: ForecastCategory | null,
    row: RowReport,
  ): { readonly stage: number; readonly category: number } | undefined {
    const resolution = this.resolveStage(name, null);
    const unknown = resolution.ok ? undefined : resolution.unknownName;
    if (resolution.ok || unknown === undefined) return this.stageOf(resolution, category, row);
    const { deferred } = this;
    let at = deferred.names.indexOf(unknown);
    const problem = row.problemFor('stage', resolution.message, resolution.fix);
    if (at < 0) {
      if (deferred.names.length >= this.deferrable) {
        deferred.overflowed = true;
        return this.stageOf(resolution, category, row);
      }
      at = deferred.names.push(unknown) - 1;
      deferred.problems.push(problem);
    }
    if (problem.value !== deferred.problems[at]!.value)
      deferred.values.push([deferred.line.length, problem.value]);
    deferred.name.push(at);
    deferred.line.push(row.line);
    deferred.opportunity.push(this.rowOpportunity);
    deferred.index.push(-1);
    deferred.rejectedAmount.push(-1);
    return {
      stage: DEFERRED_STAGE - at,
      category: category === null ? STAGE_CATEGORY : FORECAST_CATEGORIES.indexOf(category),
    };
  }

  /** How many names can be deferred: their codes stay above the workspace's stages'. */
  private get deferrable(): number {
    return Math.min(DEFERRED_STAGE_NAMES, DEFERRED_STAGE - this.stageCount);
  }

  override noteRejected(values: RowValues, line: number): void {
    super.noteRejected(values, line);
    if (values.amount === null) return;
    const last = this.deferred.line.length - 1;
    if (this.deferred.line[last] === line) this.deferred.rejectedAmount[last] = this.rejectedAmounts.length;
    this.rejectedAmounts.push({
      line,
      opportunity: this.rowOpportunity,
      flags: this.cellFlags,
      whole: this.parts.whole,
      fraction: this.parts.fraction,
      text: this.cellText,
      afterAdd: this.addedLine === line,
    });
  }

  amountParts(): AmountParts {
    return {
      flags: this.flags.chunksOf(this.count),
      fractions: this.fractions.chunksOf(this.count),
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
  const rows = new PartHistoryRows(compiled, model, notes, amountColumn);
  const account = newFileAccount();
  const problems: ImportProblem[] = [];
  const ending: PartEnding = { aligned: true, lines: 0 };
  const partTable: Table = {
    ...table,
    file: input.file,
    spanBatches: () => table.partSpans!(input.part, ending),
  };
  await readRows(partTable, partMapping, rows, account, problems, { onProgress });
  return {
    columns: rows.columns(),
    opportunityIds: rows.opportunities.joinedIds(),
    amountParts: rows.amountParts(),
    rejectedAmounts: rows.rejectedAmounts,
    problems,
    rowsRead: account.rowsRead,
    duplicates: account.duplicates,
    ignored: [...account.ignored],
    rejectedLines: [...account.rejectedLines],
    rejectedKeys: [...rows.rejectedKeys],
    unknownStages: [...notes.unknown],
    placedByOutcome: [...notes.placedByOutcome],
    deferredStages: rows.deferred,
    ending,
  };
}

/** The typed arrays of a result, to move to the main thread rather than copy. */
export function transferables(result: HistoryPartResult): ArrayBuffer[] {
  const { columns, amountParts } = result;
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
    amountParts.flags,
    amountParts.fractions,
  ]
    .flatMap((chunks) => chunks.map((chunk) => chunk.buffer as ArrayBuffer))
    .concat(result.opportunityIds.ends.buffer as ArrayBuffer);
}

/**
 * Whether a history file is read in parts: a CSV of the Data Loader's shape, whose rows' amounts take
 * their currency from their opportunity (no currency column or constant), found by id (no name column), and
 * read as written (no value map, default or scale on the amount); no report footer, which would span parts.
 */
function readsInParts(table: Table, compiled: CompiledMapping): boolean {
  const amount = compiled.byField.get('amount');
  return (
    compiled.entity === 'opportunityHistory' &&
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

/**
 * Main-thread seconds of a byte of an opportunities export against a byte of history, both read alone on one
 * thread (measured at a million opportunities, serial, in two runs: 9.4-10.3 s for 262 MB of Opportunity.csv,
 * 7.8 s for 751 MB of OpportunityHistory.csv): an opportunity row has three times the cells and makes a record,
 * and most history rows are read plainly (see HistoryRows.plainReader).
 */
const OPPORTUNITY_BYTE_COST = 3.5;

/**
 * Threads at most, the main thread's included: each holds its part's rows and a heap of its own (about 200 MB for
 * 2.5 million rows), and more would compete with the main thread for memory bandwidth for little gain.
 */
const MOST_THREADS = 4;

/**
 * The threads a history is read on, the main thread's included: as many as asked, else the cores there are, at
 * most {@link MOST_THREADS} either way.
 */
function historyThreads(asked?: number): number {
  return Math.max(1, Math.min(MOST_THREADS, Math.floor(asked ?? availableParallelism())));
}

/**
 * A part's thread with a young generation of 8 MB (V8's default grows to 48 MB): its rows live in typed arrays,
 * and what it allocates row by row dies young. Peak RSS of the 1M dry run, in turns: 911-950 MB with it (5
 * runs), 936-1,087 MB without (4 runs, 3 over 1 GB); the same seconds.
 */
const PART_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** A main-thread share of the history smaller than this is left to the worker threads. */
const LEAST_MAIN_SHARE = 0.05;

/**
 * The shares of a history file's bytes for each worker thread, then for the main thread (last; left out when
 * small), so that each thread has about as much to read: the main thread reads the opportunities files
 * (`mainBytes`) first, then its share. `threads` is the cores there are (one is the main thread's).
 */
export function historyShares(historyBytes: number, mainBytes: number, threads: number): number[] {
  const workers = Math.max(1, threads - 1);
  const mainWork = mainBytes * OPPORTUNITY_BYTE_COST;
  const perThread = (mainWork + historyBytes) / (workers + 1);
  const share = Math.min(1, Math.max(0, (perThread - mainWork) / historyBytes));
  const mainShare = share < LEAST_MAIN_SHARE ? 0 : share;
  const workerShares = Array.from({ length: workers }, () => (1 - mainShare) / workers);
  return mainShare > 0 ? [...workerShares, mainShare] : workerShares;
}

/** A history file being read in parts: on worker threads, and the last part (perhaps) on the main thread. */
export interface HistoryParts {
  /** The worker threads' results, in file order; given once (nothing keeps them after: they hold hundreds of MB). */
  take(): Promise<HistoryPartResult>[];
  /** The part the main thread reads once the opportunities are read (after the threads' parts), or null. */
  readonly mainPart: HistoryPartInput | null;
  readonly table: Table;
  /** Reports the bytes read of all parts together, now and as they are read. */
  watch(onProgress: (bytesRead: number) => void): void;
  /** Notes the bytes the main thread's part has read. */
  mainProgress(bytesRead: number): void;
  /** Stops the threads (after a failure elsewhere). */
  stop(): Promise<void>;
}

/**
 * Part threads started as an import begins, before it knows which file is a history ({@link spareHistoryThreads}),
 * each waiting for its part.
 */
export interface SpareThreads {
  /** A thread still waiting for a part, or undefined when none is left. */
  take(): Worker | undefined;
  /** Stops the threads no part was given to. */
  stop(): Promise<void>;
}

/**
 * Starts the worker threads of a history's parts as an import begins, when one of its files (`fileBytes`) is large
 * enough to be read in parts (`minBytes`): a thread then loads its modules while the main thread plans the files,
 * and starts reading as soon as its part is known. A thread that gets no part (the large file was no history)
 * is stopped once the parts are started, having only loaded its modules.
 */
export function spareHistoryThreads(
  fileBytes: readonly number[],
  minBytes = PARALLEL_HISTORY_BYTES,
  threads?: number,
): SpareThreads {
  const waiting: Worker[] = [];
  if (fileBytes.some((bytes) => bytes >= minBytes)) {
    for (let thread = 1; thread < historyThreads(threads); thread++) {
      let worker: Worker;
      try {
        worker = startThreadScript(import.meta.url, 'history-part-thread', null, PART_THREAD_LIMITS);
      } catch {
        // No spare then: the parts start their own threads, and report it there if they cannot either.
        break;
      }
      // A thread known to have failed before it is given a part is dropped (one that fails unnoticed fails its
      // part, which is then read on the main thread, with a notice).
      const drop = () => {
        const at = waiting.indexOf(worker);
        if (at >= 0) waiting.splice(at, 1);
      };
      worker.once('error', drop).once('exit', drop);
      waiting.push(worker);
    }
  }
  return {
    take: () => {
      const worker = waiting.shift();
      worker?.removeAllListeners();
      return worker;
    },
    stop: async () => {
      await Promise.all(waiting.splice(0).map((worker) => worker.terminate()));
    },
  };
}

export interface StartHistoryParts {
  readonly path: string;
  readonly file: string;
  readonly table: Table;
  readonly compiled: CompiledMapping;
  readonly stages: readonly Stage[];
  readonly workspaceCurrency: CurrencyCode;
  /** Bytes of the files the main thread reads before the history (the opportunities files). */
  readonly mainBytes: number;
  /** Files at least this large are read in parts (default {@link PARALLEL_HISTORY_BYTES}). */
  readonly minBytes?: number;
  /** Threads started earlier, given parts before new ones are started. */
  readonly spares?: SpareThreads;
  /** Threads to read it on, the main thread's included (default: the cores there are; at most 4). */
  readonly threads?: number;
}

/** Starts reading a history file in parts, or returns null when it is read on the main thread. */
export async function startHistoryParts(options: StartHistoryParts): Promise<HistoryParts | null> {
  const { table, compiled } = options;
  if (table.bytes < (options.minBytes ?? PARALLEL_HISTORY_BYTES) || !readsInParts(table, compiled))
    return null;
  const threads = historyThreads(options.threads);
  // One thread is the main thread's: the file is read whole there.
  if (threads < 2) return null;
  const shares = historyShares(table.bytes, options.mainBytes, threads);
  const parts = await table.parts!(shares);
  // The main thread's share is the last part when the file could be cut as asked; else the threads read it all.
  const mainReads = parts.length === shares.length && shares.length > Math.max(1, threads - 1);
  const workerParts = mainReads ? parts.slice(0, -1) : parts;
  const formats = compiled.columns.map((column) => ({
    dateOrder: column.context.dateOrder,
    decimalSeparator: column.context.decimalSeparator,
  }));
  const inputOf = (part: TablePart): HistoryPartInput => ({
    path: options.path,
    file: options.file,
    encoding: table.encodingName!,
    delimiter: table.delimiter!,
    part,
    mapping: compiled.mapping,
    formats,
    stages: options.stages,
    workspaceCurrency: options.workspaceCurrency,
  });
  const workers: Worker[] = [];
  const progress = parts.map((part) => part.start);
  let watcher: ((bytesRead: number) => void) | undefined;
  const report = () => watcher?.(progress.reduce((sum, bytes, at) => sum + bytes - parts[at]!.start, 0));
  const partThread = (part: TablePart): Worker => {
    const spare = options.spares?.take();
    const worker =
      spare ?? startThreadScript(import.meta.url, 'history-part-thread', inputOf(part), PART_THREAD_LIMITS);
    // Kept before a spare is given its part, so that it is stopped with the others whatever happens.
    workers.push(worker);
    spare?.postMessage(inputOf(part));
    return worker;
  };
  let results: Promise<HistoryPartResult>[];
  try {
    results = workerParts.map((part, index) => partResult(partThread(part), index));
  } catch (error) {
    // A thread that could not start or be given its part: none of them is left waiting.
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  function partResult(worker: Worker, index: number): Promise<HistoryPartResult> {
    return new Promise<HistoryPartResult>((resolve, reject) => {
      worker.on('message', (message: HistoryPartMessage) => {
        if (message.kind === 'progress') {
          progress[index] = message.bytesRead;
          report();
        } else if (message.kind === 'done') {
          resolve(message.result);
          // Its heap is freed now, not when every part is done; and the result is no longer reachable from it.
          worker.removeAllListeners();
          void worker.terminate();
        } else reject(Object.assign(new Error(message.message), { stack: message.stack }));
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`a history part's thread stopped (exit code ${code})`)));
    });
  }
  // A part that fails is reported through its own promise, when the merge awaits it.
  for (const result of results) result.catch(() => undefined);
  return {
    take: () => {
      const taken = results;
      results = [];
      return taken;
    },
    mainPart: mainReads ? inputOf(parts.at(-1)!) : null,
    table,
    watch: (onProgress) => {
      watcher = onProgress;
      report();
    },
    mainProgress: (bytesRead) => {
      progress[progress.length - 1] = bytesRead;
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
 * Merges the parts into `target`, in order, as if the file had been read on the main thread; not merged (nothing
 * is) when a cut fell inside a record, or a part's thread failed (with a notice that says so), and the file must
 * be read whole. A part whose reading stopped at a
 * syntax error ends the file there, as a serial read would: later parts are left out.
 */
export async function mergeHistoryParts(
  parts: HistoryParts,
  target: MergeTarget,
  onProgress?: (bytesRead: number) => void,
): Promise<{ readonly merged: boolean; readonly notice: string | null }> {
  if (onProgress) parts.watch(onProgress);
  const results: HistoryPartResult[] = [];
  try {
    // The main thread's part first: the threads are reading theirs meanwhile.
    const mainPart =
      parts.mainPart &&
      (await readHistoryPart(parts.mainPart, parts.table, (bytesRead) => parts.mainProgress(bytesRead)));
    for (const result of parts.take()) results.push(await result);
    if (mainPart) results.push(mainPart);
  } catch (error) {
    // A thread that cannot run (a runtime without worker threads, a broken install) costs time, not the import.
    const why = error instanceof Error ? error.message : String(error);
    return {
      merged: false,
      notice: `${target.file} was read on one thread: reading it in parts failed (${why}); please report this`,
    };
  } finally {
    await parts.stop();
  }
  // A stage name the opportunities placed by their won/lost flags is read as that stage (HistoryRows), which a
  // part could not know: the merge settles the names a part deferred; past those, the file is read whole.
  if (results.some((result) => result.deferredStages.overflowed)) return { merged: false, notice: null };
  const stopsAt = results.findIndex((result) => result.problems.some((problem) => problem.fatal));
  const merged = stopsAt < 0 ? results : results.slice(0, stopsAt + 1);
  if (merged.slice(0, -1).some((result) => !result.ending.aligned)) return { merged: false, notice: null };
  let lineOffset = 0;
  target.account.parts = results.length;
  for (const result of merged) {
    mergePart(result, target, lineOffset);
    lineOffset += result.ending.lines;
  }
  return { merged: true, notice: null };
}

function mergePart(result: HistoryPartResult, target: MergeTarget, lineOffset: number): void {
  const { rows, account, problems, notes } = target;
  const { text, ends } = result.opportunityIds;
  const codes = new Int32Array(ends.length);
  for (let code = 0; code < ends.length; code++)
    codes[code] = rows.opportunities.codeAt(text, partIdStart(ends, code), ends[code]!, detach);
  const { rejectedKeys, rejectedAmountsRead } = readAmounts(result, codes, target, lineOffset);
  // Rows the part rejected after checking their values together, whose amount is none: a whole read rejects
  // them for the amount alone.
  const amountOnly = new Set(
    result.rejectedAmounts
      .filter((rejected, at) => rejected.afterAdd && !rejectedAmountsRead[at])
      .map((rejected) => rejected.line),
  );
  settleDeferredStages(result, target, rejectedAmountsRead, lineOffset, rejectedKeys);
  rows.append(result.columns, codes, lineOffset);

  for (const problem of result.problems) {
    if (problem.line === null) problems.push(problem);
    else if (!amountOnly.has(problem.line)) problems.push({ ...problem, line: problem.line + lineOffset });
  }
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
 * The rows a part read in names it deferred, as a whole read reads them: in the stage the opportunities placed
 * the name in (their codes set in the part's columns), else rejected (left out of the columns: amount NaN) with
 * the problem at the stage; noted either way, each only when its amount is one (or empty), as only then does a
 * whole read read its stage.
 */
function settleDeferredStages(
  result: HistoryPartResult,
  target: MergeTarget,
  rejectedAmountsRead: readonly boolean[],
  lineOffset: number,
  rejectedKeys: [string, number][],
): void {
  const deferred = result.deferredStages;
  const { stages, categories, amounts } = result.columns;
  const placed = deferred.names.map((name) => target.rows.placedStageCodes(name));
  const values = new Map(deferred.values);
  for (let at = 0; at < deferred.line.length; at++) {
    const index = deferred.index[at]!;
    const rejectedAmount = deferred.rejectedAmount[at]!;
    const stageRead =
      index >= 0
        ? !Number.isNaN(chunkedAt(amounts, index))
        : rejectedAmount < 0 || rejectedAmountsRead[rejectedAmount]!;
    const stage = placed[deferred.name[at]!];
    if (index >= 0 && stage === undefined) chunkedSet(amounts, index, NaN);
    else if (index >= 0 && stage !== undefined) {
      chunkedSet(stages, index, stage.stage);
      if (chunkedAt(categories, index) === STAGE_CATEGORY) chunkedSet(categories, index, stage.category);
    }
    if (!stageRead) continue;
    const name = deferred.names[deferred.name[at]!]!;
    const line = deferred.line[at]! + lineOffset;
    if (stage !== undefined) {
      target.notes.notePlaced(name, stage.name);
      continue;
    }
    target.notes.noteUnknown(name, target.file, line);
    const problem = deferred.problems[deferred.name[at]!]!;
    target.problems.push({ ...problem, line, value: values.has(at) ? values.get(at)! : problem.value });
    target.account.rejectedLines.add(line);
    const opportunity = deferred.opportunity[at]!;
    if (opportunity >= 0) rejectedKeys.push([partId(result.opportunityIds, opportunity), line]);
  }
}

/** Reads a part's amounts: one at a time, each in its row's currency, as the serial read reads them. */
class AmountReader {
  private readonly column: CompiledColumn;
  private readonly dotIsDecimal: boolean;
  private readonly report: RowReport;
  private lastCode = NaN;
  private currency = '';
  /** The currency's decimals; -1 for a currency that is not ISO 4217. */
  private exponent = -1;
  readonly parts = plainDecimal();

  constructor(
    private readonly codes: Int32Array,
    private readonly target: MergeTarget,
  ) {
    this.column = target.compiled.byField.get('amount')!;
    this.dotIsDecimal = this.column.context.decimalSeparator === '.';
    this.report = new RowReport(target.file, target.compiled, target.problems);
  }

  /** The currency of the part's opportunity `code` (rows of one opportunity come together: kept for the next). */
  private currencyOf(code: number): void {
    if (code === this.lastCode) return;
    const { opportunities } = this.target.rows;
    const currency =
      (code < 0 ? null : opportunities.currency(this.codes[code]!)) ?? this.target.compiled.currency;
    this.lastCode = code;
    // Opportunities mostly share a currency: its decimals are found once for them.
    if (currency === this.currency) return;
    this.currency = currency;
    this.exponent = isCurrencyCode(currency) ? currencyExponent(currency) : -1;
  }

  /**
   * The amount of a cell (its parts in {@link parts} with `flags`, or `text`), in the currency of the part's
   * opportunity `code`; NaN, with the problem reported at `line`, when it is not an amount in that currency.
   */
  read(code: number, flags: number, text: string | null, line: number): number {
    this.currencyOf(code);
    const { parts, column, currency } = this;
    if (text === null) {
      parts.negative = (flags & NEGATIVE) !== 0;
      parts.fractionDigits = (flags >> 4) & 3;
      parts.wholeDigits = flags & 15;
      const minor =
        this.exponent < 0 ? null : plainDecimalMinorUnits(parts, this.exponent, this.dotIsDecimal);
      if (minor !== null) return minor;
    }
    const cell = text ?? plainDecimalText(parts);
    column.context.currency = currency;
    const value =
      readCellAt('money', cell, 0, cell.length, column.context, column.dates) ??
      readCell('money', cell, column.context, column.dates);
    const money = value.ok ? (value.value as Money | null) : null;
    if (money !== null) return money.amount;
    this.report.start(line, []);
    if (value.ok) need(null, 'amount', 'the amount', this.report);
    else {
      const { message, fix } = value.problem;
      const expected = EXPECTED_BY_KIND.money;
      this.report.failAt(column.index, column.header, column.field, expected, message, fix ?? expected, cell);
    }
    return NaN;
  }
}

/**
 * The amount of each row of a part, read in its opportunity's currency, in place of the whole number the part
 * kept in its amounts column; NaN for a row whose cell is not an amount in it, which is then rejected, with the
 * problem at the cell, and its key noted. The amounts of rows the part rejected for another reason are read for
 * their problems (`rejectedAmountsRead`: whether each is one).
 */
function readAmounts(
  result: HistoryPartResult,
  codes: Int32Array,
  target: MergeTarget,
  lineOffset: number,
): { rejectedKeys: [string, number][]; rejectedAmountsRead: boolean[] } {
  const { columns, amountParts } = result;
  const reader = new AmountReader(codes, target);
  const texts = new Map(amountParts.texts);
  const rejectedKeys: [string, number][] = [];
  // Chunk by chunk (five million rows): each row's amount takes the place of its whole number.
  for (let chunk = 0; chunk < columns.amounts.length; chunk++) {
    const amounts = columns.amounts[chunk]!;
    const fractions = amountParts.fractions[chunk]!;
    const flags = amountParts.flags[chunk]!;
    const opportunities = columns.opportunities[chunk]!;
    const lines = columns.lines[chunk]!;
    const first = chunk * amounts.length;
    const rows = Math.min(amounts.length, columns.count - first);
    for (let at = 0; at < rows; at++) {
      const line = lines[at]! + lineOffset;
      reader.parts.whole = amounts[at]!;
      reader.parts.fraction = fractions[at]!;
      const flag = flags[at]!;
      const amount = reader.read(opportunities[at]!, flag, flag & TEXT ? texts.get(first + at)! : null, line);
      amounts[at] = amount;
      if (!Number.isNaN(amount)) continue;
      target.account.rejectedLines.add(line);
      rejectedKeys.push([partId(result.opportunityIds, opportunities[at]!), line]);
    }
  }
  const rejectedAmountsRead = result.rejectedAmounts.map((rejected) => {
    reader.parts.whole = rejected.whole;
    reader.parts.fraction = rejected.fraction;
    return !Number.isNaN(
      reader.read(rejected.opportunity, rejected.flags, rejected.text, rejected.line + lineOffset),
    );
  });
  return { rejectedKeys, rejectedAmountsRead };
}

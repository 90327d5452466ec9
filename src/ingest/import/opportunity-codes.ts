/**
 * The opportunities a history refers to, numbered: a history row keeps its opportunity as a number in a typed
 * column, not as a string, and assembly groups the rows and finds their opportunity by that number, with no
 * table of a million ids between the row and its record. An opportunity of the import's files is numbered by
 * its place there (found once, by the lookup that gives the row its currency); any other id (stored, or in no
 * file) after them.
 * @module
 */
import type { Opportunity } from '../../domain/entities.js';
import type { CurrencyCode } from '../../domain/money.js';
import { detach, sameChars } from './cell-values.js';
import { KeyIndex } from './key-index.js';
import type { Collected } from './collectors.js';
import type { StoredOpportunity } from './stored-records.js';

/** An opportunities file as read: its records by index, and the index of each id. */
type OpportunityFile = Pick<Collected<Opportunity>, 'records' | 'keys' | 'rejected'>;

/**
 * Runs a part's thread numbers before it looks at how long they are: from then on, when they average fewer than
 * {@link RUN_ROWS} rows, its ids are looked up as on the main thread.
 */
const RUNS_BEFORE_CHECK = 1 << 16;
const RUN_ROWS = 2;

/** The characters of ids a block holds at most before it is joined (a chunk of a history holds about 2,000). */
const BLOCK_CHARACTERS = 1 << 14;

/**
 * A part's thread's ids, a run's each, kept as one text with where each ends rather than as a million strings:
 * the part only sends them to the main thread, joined, and a million kept strings were a million objects for its
 * collector to copy and promote, each copied out of the file's text on its own. An id is added as a cut of the
 * decoded text it lies in; the cuts of one text are joined into a block of their own before the next text's,
 * so no cut keeps a whole chunk of the file alive.
 */
class RunIds {
  /** Joined ids, and where each block starts among all ids' characters. */
  private readonly blocks: string[] = [];
  private readonly blockStarts: number[] = [];
  /** Ids cut from `pendingFrom` (or given as strings) since the last block: a concatenation, joined when settled. */
  private pending = '';
  private pendingFrom: string | null = null;
  private ends = new Uint32Array(1 << 12);
  private length = 0;
  count = 0;

  /** Adds the id `text` holds from `start` to `end`. */
  addAt(text: string, start: number, end: number): void {
    if (text !== this.pendingFrom) {
      this.settle();
      this.pendingFrom = text;
    }
    this.pending += text.slice(start, end);
    this.end(end - start);
  }

  /** Adds an id read as a string of its own. */
  add(id: string): void {
    this.pending += id;
    this.end(id.length);
  }

  /** The id of a run (a copy of its characters). */
  id(run: number): string {
    this.settle();
    const [start, end] = [run === 0 ? 0 : this.ends[run - 1]!, this.ends[run]!];
    // The last block starting at or before the id (an id lies in one block).
    let [low, high] = [0, this.blocks.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.blockStarts[middle]! <= start) low = middle;
      else high = middle - 1;
    }
    const blockStart = this.blockStarts[low]!;
    return detach(this.blocks[low]!.slice(start - blockStart, end - blockStart));
  }

  /** Every id in one string, and where each ends in it. */
  joinedIds(): { text: string; ends: Uint32Array } {
    this.settle();
    return { text: this.blocks.join(''), ends: this.ends.slice(0, this.count) };
  }

  private end(length: number): void {
    if (this.count === this.ends.length) {
      const ends = new Uint32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.length += length;
    // A block of ids given as strings (rows read through their values) is not left to grow without end.
    if (this.pending.length >= BLOCK_CHARACTERS) this.settle();
  }

  /** Makes the pending ids a block of their own (a copy: no longer cuts of the text they were read from). */
  private settle(): void {
    if (this.pending !== '') {
      this.blockStarts.push(this.length - this.pending.length);
      this.blocks.push(detach(this.pending));
    }
    this.pending = '';
    this.pendingFrom = null;
  }
}

export class OpportunityCodes {
  /** The first code of each file's records; the codes of other ids start at `filesEnd`. */
  private readonly offsets: number[] = [];
  private filesEnd = 0;
  /** The codes of ids of no file, by id (a part's thread's, once its runs are short: see {@link forPart}). */
  private readonly otherCodes = new KeyIndex();
  private readonly otherIds: string[] = [];
  /**
   * The rows read, for codes that number runs ({@link forPart}); null while ids are looked up (always, on the main
   * thread).
   */
  private runRows: (() => number) | null = null;
  /** The ids of a part's runs while it numbers runs (then `otherIds` holds none); null once ids are looked up. */
  private runs: RunIds | null = null;
  /** History rows of one opportunity usually come together: the last answer is kept. */
  private lastId: string | null = null;
  private lastCode = 0;
  /** The file code last found. */
  private lastKnown = -1;

  /**
   * `files` grows as opportunities files are read; codes are given once all are (files are read in
   * ENTITY_ORDER: opportunities before the histories that refer to them).
   */
  constructor(
    private readonly files: readonly OpportunityFile[],
    private readonly stored: ReadonlyMap<string, StoredOpportunity> | null,
  ) {}

  /**
   * The codes of a part's thread (no files, nothing stored), which number runs: each run of rows of one id gets a
   * code of its own, without a lookup, as a history lists an opportunity's rows together and a new run is then a
   * new id. An id in two runs has two codes here; the merge finds each run's id's one code on the main thread. A
   * million lookups in a table of a million ids, which doubles as it grows, were 0.7 s of the bench's part thread
   * (profile). Where runs are short (a history listed by time), ids are looked up as elsewhere, so that the part
   * keeps an id once. `rows` gives the rows kept so far.
   */
  static forPart(rows: () => number): OpportunityCodes {
    const codes = new OpportunityCodes([], null);
    codes.runRows = rows;
    codes.runs = new RunIds();
    return codes;
  }

  private numberFiles(): void {
    if (this.offsets.length > 0 || this.files.length === 0) return;
    let offset = 0;
    for (const file of this.files) {
      this.offsets.push(offset);
      offset += file.records.length;
    }
    this.filesEnd = offset;
  }

  /** The code of an opportunity id: its record in the last file that has it, else a code of its own. */
  code(id: string): number {
    if (id === this.lastId) return this.lastCode;
    this.numberFiles();
    let code = this.nextInFile(id);
    for (let file = this.offsets.length - 1; file >= 0 && code < 0; file--) {
      const index = this.files[file]!.keys.get(id);
      if (index !== undefined) code = this.lastKnown = this.offsets[file]! + index;
    }
    if (code < 0) code = this.otherCode(id);
    this.lastId = id;
    this.lastCode = code;
    return code;
  }

  /** The code of an id of no file: a new run's, or the id's own ({@link forPart}). */
  private otherCode(id: string): number {
    if (this.numbersRuns()) {
      this.runs!.add(id);
      return this.filesEnd + this.runs!.count - 1;
    }
    const next = this.filesEnd + this.otherIds.length;
    const code = this.otherCodes.setIfNew(id, next) ?? next;
    if (code === next) this.otherIds.push(id);
    return code;
  }

  /**
   * Whether a new id is a new run's ({@link forPart}): until {@link RUNS_BEFORE_CHECK} runs, and while they average
   * {@link RUN_ROWS} rows or more. When they fall short, the runs' ids are indexed, each under its first code, and
   * looked up from then on.
   */
  private numbersRuns(): boolean {
    const { runs, runRows } = this;
    if (runs === null || runRows === null) return false;
    if (runs.count < RUNS_BEFORE_CHECK || runs.count * RUN_ROWS <= runRows()) return true;
    for (let run = 0; run < runs.count; run++) this.otherIds.push(runs.id(run));
    this.otherIds.forEach((known, index) => this.otherCodes.setIfNew(known, index));
    this.runs = null;
    this.runRows = null;
    return false;
  }

  /**
   * {@link code} of the id `text` holds from `start` to `end`: found where it lies when it is the record after the
   * one last found (see {@link nextInFile}), else cut out (`cut` makes the string kept, detached from `text`).
   */
  codeAt(text: string, start: number, end: number, cut: (cell: string) => string): number {
    if (this.files.length === 1) {
      this.numberFiles();
      const next = this.files[0]!.records[this.lastKnown + 1];
      if (next !== undefined && sameChars(next.id, text, start, end)) {
        this.lastId = next.id;
        return (this.lastCode = ++this.lastKnown);
      }
    }
    if (this.lastId !== null && sameChars(this.lastId, text, start, end)) return this.lastCode;
    if (this.numbersRuns()) {
      // The id stays where it lies (see RunIds); the last id a cut of the text, which keeps one chunk alive.
      this.runs!.addAt(text, start, end);
      this.lastId = text.slice(start, end);
      return (this.lastCode = this.filesEnd + this.runs!.count - 1);
    }
    return this.code(cut(text.slice(start, end)));
  }

  /**
   * The code an id was given, or -1 when it has none (an id of no file that no history row referred to): unlike
   * {@link code}, never gives a new one.
   */
  known(id: string): number {
    if (id === this.lastId) return this.lastCode;
    this.numberFiles();
    const next = this.nextInFile(id);
    if (next >= 0) return next;
    for (let file = this.offsets.length - 1; file >= 0; file--) {
      const index = this.files[file]!.keys.get(id);
      if (index !== undefined) return (this.lastKnown = this.offsets[file]! + index);
    }
    return this.otherCodes.get(id) ?? -1;
  }

  /**
   * The code of `id` when the import has one opportunities file and `id` is the record after the one last found
   * there; else -1. Ids asked in the order of that file (a history exported in the opportunities' order, or the
   * batch's opportunities when the history is sliced for the write) are found without a lookup: a million
   * lookups in a map of a million ids were most of the cost of both (measured).
   */
  private nextInFile(id: string): number {
    if (this.files.length !== 1) return -1;
    const next = this.lastKnown + 1;
    return this.files[0]!.records[next]?.id === id ? (this.lastKnown = next) : -1;
  }

  /** The id last found ({@link code}, {@link codeAt}); '' before any. */
  get lastFound(): string {
    return this.lastId ?? '';
  }

  /** Codes given so far are below this. */
  get size(): number {
    return this.filesEnd + (this.runs?.count ?? this.otherIds.length);
  }

  /** The file whose records hold a code (-1 for the codes of other ids). */
  private fileOf(code: number): number {
    if (code >= this.filesEnd) return -1;
    let file = this.offsets.length - 1;
    while (this.offsets[file]! > code) file--;
    return file;
  }

  id(code: number): string {
    const file = this.fileOf(code);
    if (file >= 0) return this.files[file]!.records[code - this.offsets[file]!]!.id;
    return this.runs?.id(code - this.filesEnd) ?? this.otherIds[code - this.filesEnd]!;
  }

  /** The ids of all codes in one string, and where each ends in it (a part's, for the main thread). */
  joinedIds(): { text: string; ends: Uint32Array } {
    if (this.runs !== null && this.filesEnd === 0) return this.runs.joinedIds();
    // A part's codes are all of other ids: their list is joined as it is.
    const ids =
      this.filesEnd === 0 ? this.otherIds : Array.from({ length: this.size }, (_, code) => this.id(code));
    const ends = new Uint32Array(ids.length);
    let end = 0;
    for (let code = 0; code < ids.length; code++) ends[code] = end += ids[code]!.length;
    return { text: ids.join(''), ends };
  }

  /**
   * The record of a code when the import has one opportunities file and the record is not rejected: then it is
   * the record assembly keeps under its id. Undefined otherwise (with several files, an id in two of them is
   * settled by assembly: look it up there).
   */
  onlyFileRecord(code: number): Opportunity | undefined {
    if (this.files.length !== 1 || code >= this.filesEnd) return undefined;
    const { records, rejected } = this.files[0]!;
    return rejected.has(code) ? undefined : records[code];
  }

  /** Whether the import has one opportunities file (see {@link onlyFileRecord}). */
  get oneFile(): boolean {
    return this.files.length === 1;
  }

  /** The currency of the opportunity (its record's, else the stored one's); null when neither has it. */
  currency(code: number): CurrencyCode | null {
    const file = this.fileOf(code);
    if (file >= 0) return this.files[file]!.records[code - this.offsets[file]!]!.currency;
    return this.stored?.get(this.id(code))?.currency ?? null;
  }
}

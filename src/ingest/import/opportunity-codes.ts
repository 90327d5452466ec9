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
import { sameChars } from './cell-values.js';
import { KeyIndex } from './key-index.js';
import type { Collected } from './collectors.js';
import type { StoredOpportunity } from './stored-records.js';

/** An opportunities file as read: its records by index, and the index of each id. */
type OpportunityFile = Pick<Collected<Opportunity>, 'records' | 'keys' | 'rejected'>;

export class OpportunityCodes {
  /** The first code of each file's records; the codes of other ids start at `filesEnd`. */
  private readonly offsets: number[] = [];
  private filesEnd = 0;
  /** A part's thread numbers every id of its rows here (it reads no opportunities file): a million at the bench. */
  private readonly otherCodes = new KeyIndex();
  private readonly otherIds: string[] = [];
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
    if (code < 0) {
      const next = this.filesEnd + this.otherIds.length;
      code = this.otherCodes.setIfNew(id, next) ?? next;
      if (code === next) this.otherIds.push(id);
    }
    this.lastId = id;
    this.lastCode = code;
    return code;
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

  /** Codes given so far are below this. */
  get size(): number {
    return this.filesEnd + this.otherIds.length;
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
    return file < 0
      ? this.otherIds[code - this.filesEnd]!
      : this.files[file]!.records[code - this.offsets[file]!]!.id;
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
    return this.stored?.get(this.otherIds[code - this.filesEnd]!)?.currency ?? null;
  }
}

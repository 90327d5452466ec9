/**
 * Splits decoded CSV text into records of cells (RFC 4180), counting source lines so that every record knows the
 * line it starts on. Incremental and allocation-light: the reader hands it a buffer of text, it appends every
 * complete record to the caller's arrays and says where the incomplete tail begins.
 * @module
 */
import { InputError } from '../../domain/errors.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Where scanning stopped: the first character not yet consumed, and the source line it is on. */
export interface ScanStop {
  readonly consumed: number;
  readonly line: number;
  /** The syntax error the scan stopped at (`consumed` is where its record starts), if any. */
  readonly error?: InputError;
}

/** The output arrays a scan appends to: one entry per record, `lines[i]` being the first line of `records[i]`. */
export interface RecordArrays {
  readonly lines: number[];
  readonly records: string[][];
}

/** Counts line breaks (`\r\n`, `\n` or a lone `\r`) in text, or in its part from `from` to `to`. */
export function countLineBreaks(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === LF || (code === CR && (at + 1 >= to || text.charCodeAt(at + 1) !== LF))) count++;
  }
  return count;
}

function unclosedQuote(file: string, line: number, field: number): InputError {
  return new InputError({
    message: `the quoted value that starts here (field ${field}) has no closing quote, so the rest of the file would be read as one value`,
    location: { file, line, column: field },
    fix: 'close the quote; a quote character inside a quoted value must be doubled ("")',
  });
}

function textAfterQuote(file: string, line: number, field: number, delimiter: string): InputError {
  return new InputError({
    message: `field ${field} has text after its closing quote`,
    location: { file, line, column: field },
    fix: `quote the whole value and double the quotes inside it ("a ""b"" c"), or put the delimiter ${JSON.stringify(delimiter)} right after the closing quote`,
  });
}

/**
 * The records of a scan as offsets into the text they were scanned from: no string is made for a cell until a
 * reader asks for it, so that columns nobody maps cost nothing but their scan. Record `r` starts on source
 * line `lines[r]` and holds cells `firstCell[r]` to `firstCell[r + 1] - 1`; cell `c` is `text` from `starts[c]`
 * to `ends[c]`, with its doubled quotes to undo when `doubled[c]` is 1. The arrays grow and are reused from
 * scan to scan: what a consumer keeps, it copies out before the next scan.
 */
export class CellSpans {
  text = '';
  records = 0;
  cells = 0;
  lines = new Int32Array(256);
  firstCell = new Int32Array(257);
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  doubled = new Uint8Array(4096);

  /** Empties the spans for a scan of `text`. */
  reset(text: string): void {
    this.text = text;
    this.records = 0;
    this.cells = 0;
  }

  addCell(start: number, end: number, doubled: boolean): void {
    if (this.cells === this.starts.length) {
      const length = this.cells * 2;
      this.starts = grown(this.starts, new Int32Array(length));
      this.ends = grown(this.ends, new Int32Array(length));
      this.doubled = grown(this.doubled, new Uint8Array(length));
    }
    this.starts[this.cells] = start;
    this.ends[this.cells] = end;
    this.doubled[this.cells++] = doubled ? 1 : 0;
  }

  /** Ends a record whose cells start at cell `first`. */
  addRecord(line: number, first: number): void {
    if (this.records + 1 === this.lines.length) {
      this.lines = grown(this.lines, new Int32Array(this.lines.length * 2));
      this.firstCell = grown(this.firstCell, new Int32Array(this.firstCell.length * 2));
    }
    this.lines[this.records] = line;
    this.firstCell[this.records++] = first;
    this.firstCell[this.records] = this.cells;
  }

  /** The text of cell `cell` (an index into the spans, not into a record). */
  cell(cell: number): string {
    const raw = this.text.slice(this.starts[cell], this.ends[cell]);
    return this.doubled[cell] === 1 ? raw.replaceAll('""', '"') : raw;
  }

  /** The cells of record `record` as text. */
  record(record: number): string[] {
    const cells: string[] = [];
    for (let cell = this.firstCell[record]!; cell < this.firstCell[record + 1]!; cell++)
      cells.push(this.cell(cell));
    return cells;
  }

  /** The records from `from` on as text, appended to `out`. */
  appendRecords(out: RecordArrays, from = 0): void {
    for (let record = from; record < this.records; record++) {
      out.lines.push(this.lines[record]!);
      out.records.push(this.record(record));
    }
  }
}

function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Appends every complete record in `text` to `out` and returns where the unconsumed tail starts. Records are
 * separated by `\r\n`, `\n` or a lone `\r` (all three may mix); a quoted value may hold delimiters, doubled quotes
 * and line breaks (kept as written); a quote inside an unquoted value is an ordinary character; empty lines are
 * skipped but counted. Unless `final`, a record that might continue in the next chunk stays unconsumed: one
 * without its line break, or whose last character is a `\r` that may be the first half of `\r\n`.
 *
 * Throws an InputError for a quote that never closes (only when `final`: more text could still close it) and for
 * text after a closing quote.
 */
export function scanRecords(
  text: string,
  final: boolean,
  delimiter: string,
  startLine: number,
  file: string,
  out: RecordArrays,
): ScanStop {
  const spans = new CellSpans();
  const stop = scanSpans(text, final, delimiter, startLine, file, spans);
  spans.appendRecords(out);
  if (stop.error) throw stop.error;
  return stop;
}

/**
 * {@link scanRecords} into spans: `out` is reset to `text` and holds the complete records' cells as offsets. A
 * syntax error is returned, not thrown, with the records before it in `out`.
 */
export function scanSpans(
  text: string,
  final: boolean,
  delimiter: string,
  startLine: number,
  file: string,
  out: CellSpans,
): ScanStop {
  out.reset(text);
  const length = text.length;
  const delimiterCode = delimiter.charCodeAt(0);
  let pos = 0;
  let line = startLine;
  // Next positions of a quote, LF, CR and delimiter at or after the cursor (length when none): each indexOf
  // scans a stretch of text once, not once per record.
  let nextQuote = -1;
  let nextLf = -1;
  let nextCr = -1;
  let nextDelimiter = -1;

  while (pos < length) {
    const first = text.charCodeAt(pos);
    if (first === LF || first === CR) {
      if (first === CR && pos + 1 === length && !final) break;
      pos += first === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    if (nextLf < pos) nextLf = indexOrLength(text, '\n', pos);
    if (nextCr < pos) nextCr = indexOrLength(text, '\r', pos);
    if (nextQuote < pos) nextQuote = indexOrLength(text, '"', pos);
    const lineEnd = nextLf < nextCr ? nextLf : nextCr;
    const firstCell = out.cells;

    if (nextQuote >= lineEnd) {
      // Fast path: no quote on this line, so the line is the record and its delimiters split it.
      if (!final && (lineEnd === length || (lineEnd === length - 1 && lineEnd === nextCr))) break;
      let at = pos;
      for (;;) {
        if (nextDelimiter < at) nextDelimiter = indexOrLength(text, delimiter, at);
        if (nextDelimiter >= lineEnd) break;
        out.addCell(at, nextDelimiter, false);
        at = nextDelimiter + 1;
      }
      out.addCell(at, lineEnd, false);
      out.addRecord(line, firstCell);
      pos = lineEnd + (lineEnd === nextCr && text.charCodeAt(lineEnd + 1) === LF ? 2 : 1);
      line++;
      continue;
    }

    // Field by field: the record holds quotes, perhaps around line breaks.
    let at = pos;
    let currentLine = line;
    let recordEnd = -1;
    while (recordEnd < 0) {
      if (at < length && text.charCodeAt(at) === QUOTE) {
        let close = text.indexOf('"', at + 1);
        let doubled = false;
        while (close >= 0 && close + 1 < length && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close = text.indexOf('"', close + 2);
        }
        if (close < 0) {
          if (final)
            return stopAt(
              out,
              firstCell,
              pos,
              line,
              unclosedQuote(file, currentLine, out.cells - firstCell + 1),
            );
          break;
        }
        if (close + 1 === length && !final) break; // the next chunk may start with a quote that doubles it
        if (nextLf <= at) nextLf = indexOrLength(text, '\n', at + 1);
        if (nextCr <= at) nextCr = indexOrLength(text, '\r', at + 1);
        if (nextLf < close || nextCr < close) currentLine += countLineBreaks(text, at + 1, close);
        out.addCell(at + 1, close, doubled);
        at = close + 1;
        const next = text.charCodeAt(at);
        if (at === length || next === LF || next === CR) recordEnd = at;
        else if (next === delimiterCode) at++;
        else
          return stopAt(
            out,
            firstCell,
            pos,
            line,
            textAfterQuote(file, currentLine, out.cells - firstCell, delimiter),
          );
      } else {
        if (nextLf < at) nextLf = indexOrLength(text, '\n', at);
        if (nextCr < at) nextCr = indexOrLength(text, '\r', at);
        if (nextDelimiter < at) nextDelimiter = indexOrLength(text, delimiter, at);
        const fieldLineEnd = nextLf < nextCr ? nextLf : nextCr;
        if (nextDelimiter < fieldLineEnd) {
          out.addCell(at, nextDelimiter, false);
          at = nextDelimiter + 1;
        } else {
          if (fieldLineEnd === length && !final) break;
          out.addCell(at, fieldLineEnd, false);
          recordEnd = fieldLineEnd;
        }
      }
    }
    let after = recordEnd;
    if (recordEnd >= 0 && after < length) {
      if (text.charCodeAt(after) === CR) {
        if (after + 1 === length && !final) recordEnd = -1;
        else after += text.charCodeAt(after + 1) === LF ? 2 : 1;
      } else {
        after += 1;
      }
    }
    if (recordEnd < 0) {
      out.cells = firstCell; // incomplete: wait for more text
      break;
    }
    out.addRecord(line, firstCell);
    line = currentLine + 1;
    pos = after;
  }
  return { consumed: Math.min(pos, length), line };
}

/** Where a scan stops at a syntax error: before the record that holds it (its cells are dropped). */
function stopAt(out: CellSpans, firstCell: number, pos: number, line: number, error: InputError): ScanStop {
  out.cells = firstCell;
  return { consumed: pos, line, error };
}

/**
 * A record longer than this is taken for an unclosed quote swallowing the file. Salesforce's longest text field
 * holds 131,072 characters; a record of many such fields stays far below.
 */
export const MAX_RECORD_CHARS = 16 << 20;

/** Splits a stream of decoded text pieces into records, whatever the pieces' boundaries. */
export interface Splitter<T> {
  /** Adds text; returns the records it completes. */
  push(text: string): T;
  /** Ends the input; returns the last records. Throws an InputError where a quote never closes. */
  end(): T;
  /** Line of the first character not yet consumed. */
  readonly line: number;
  /** Text not yet consumed: the start of an incomplete record. */
  readonly pending: string;
  /**
   * The syntax error the input stopped at: `push` or `end` returned the records before it, and throws it when
   * called again.
   */
  failure(): InputError | null;
}

export type RecordSplitter = Splitter<RecordArrays>;

/** A splitter whose records are spans: one {@link CellSpans}, refilled by each push (copy out what you keep). */
export function createSpanSplitter(delimiter: string, file: string): Splitter<CellSpans> {
  let pending = '';
  let line = 1;
  // When a scan consumed nothing (one record spans the whole buffer), wait until the buffer doubles before
  // scanning again, so that a long record costs linear time, not quadratic.
  let retryAt = 0;
  let failure: InputError | null = null;
  const spans = new CellSpans();

  const scan = (final: boolean): CellSpans => {
    if (failure) throw failure;
    const stop = scanSpans(pending, final, delimiter, line, file, spans);
    retryAt = stop.consumed === 0 ? pending.length * 2 : 0;
    pending = pending.slice(stop.consumed);
    line = stop.line;
    failure = stop.error ?? null;
    return spans;
  };

  return {
    push(text) {
      if (failure) throw failure;
      pending += text;
      if (pending.length < retryAt && pending.length <= MAX_RECORD_CHARS) {
        spans.reset(pending);
        return spans;
      }
      scan(false);
      if (pending.length > MAX_RECORD_CHARS && failure === null) {
        const recordLine = line;
        scan(true); // stops where a quote never closes
        failure ??= new InputError({
          message: `the record that starts here runs for more than ${MAX_RECORD_CHARS} characters`,
          location: { file, line: recordLine },
          fix: 'check for a quote that opens a value and never closes, or split the over-long value',
        });
      }
      return spans;
    },
    end: () => scan(true),
    get line() {
      return line;
    },
    get pending() {
      return pending;
    },
    failure: () => failure,
  };
}

export function createRecordSplitter(delimiter: string, file: string): RecordSplitter {
  const splitter = createSpanSplitter(delimiter, file);
  const records = (spans: CellSpans): RecordArrays => {
    const out: RecordArrays = { lines: [], records: [] };
    spans.appendRecords(out);
    return out;
  };
  return {
    push: (text) => records(splitter.push(text)),
    end: () => records(splitter.end()),
    get line() {
      return splitter.line;
    },
    get pending() {
      return splitter.pending;
    },
    failure: () => splitter.failure(),
  };
}

function indexOrLength(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}

/**
 * Where the end of an incomplete record lies: how many line breaks it spans and which field (1-based) its last
 * character belongs to. Used to locate a problem found in the middle of a record, such as undecodable bytes.
 */
export function locateRecordEnd(partial: string, delimiter: string): { lineBreaks: number; field: number } {
  const delimiterCode = delimiter.charCodeAt(0);
  let lineBreaks = 0;
  let field = 1;
  let inQuotes = false;
  let fieldStart = true;
  let closedAt = -2;
  for (let at = 0; at < partial.length; at++) {
    const code = partial.charCodeAt(at);
    const isBreak = code === LF || (code === CR && partial.charCodeAt(at + 1) !== LF);
    if (isBreak) lineBreaks++;
    if (inQuotes) {
      if (code === QUOTE) {
        inQuotes = false;
        closedAt = at;
      }
    } else if (code === QUOTE && (fieldStart || closedAt === at - 1)) {
      inQuotes = true; // opening quote, or the second half of a doubled quote
      fieldStart = false;
    } else if (code === delimiterCode) {
      field++;
      fieldStart = true;
    } else if (isBreak) {
      field = 1;
      fieldStart = true;
    } else if (code !== CR) {
      fieldStart = false;
    }
  }
  return { lineBreaks, field };
}

/**
 * The CSV reader: streams a delimited text file in 64 KiB chunks through a decoder and the tokenizer, yielding
 * record batches with source lines, so memory stays flat however long the file is.
 * @module
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { open, stat } from 'node:fs/promises';
import { InputError } from '../../domain/errors.js';
import {
  createSpanSplitter,
  locateRecordEnd,
  MAX_RECORD_CHARS,
  type RecordArrays,
  type Splitter,
} from './csv-tokenizer.js';
import type { ExtraCells, PartEnding, SpanBatch, Table, TableBatch, TablePart } from './table.js';
import { rowsOf } from './table.js';
import {
  chooseEncoding,
  createChunkDecoder,
  describeEncoding,
  encodingLabel,
  type EncodingChoice,
} from './text-encoding.js';

/**
 * Bytes read per step. Small enough that a batch of records dies young (64 KiB gave 112 MB peak RSS on the 1M-row
 * benchmark where 1 MiB gave 200 MB, at the same speed), large enough that per-chunk overhead does not show.
 */
export const CHUNK_BYTES = 1 << 16;

/** Chunks read between two turns of the event loop (1 MiB). */
const CHUNKS_PER_TURN = 16;

const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;

/**
 * The delimiter of a header line: whichever of `,` `;` and tab occurs most often outside quotes (`,` on a tie or
 * when none occurs, as in a one-column file).
 */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((delimiter) => [delimiter, 0]));
  let inQuotes = false;
  for (const char of headerLine) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = ',';
  for (const delimiter of CANDIDATE_DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

function checkDelimiter(delimiter: string): string {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InputError({
      message: `${JSON.stringify(delimiter)} cannot be a delimiter`,
      fix: 'name one character other than a quote or a line break, such as "," ";" or "\\t" (tab)',
    });
  }
  return delimiter;
}

/** The first line of the file's text that is not empty, decoded leniently: enough to sniff the delimiter. */
async function firstTextLine(file: string, encoding: EncodingChoice): Promise<string> {
  const decoder = createChunkDecoder(encoding.name);
  let text = '';
  for await (const chunk of createReadStream(file, {
    start: encoding.bomLength,
    highWaterMark: CHUNK_BYTES,
  })) {
    text += decoder.decode(chunk as Buffer, false).text;
    const line = /^[\r\n]*([^\r\n]*)[\r\n]/.exec(text);
    if (line) return line[1] ?? '';
    if (text.length > MAX_RECORD_CHARS) break;
  }
  return text.replace(/^[\r\n]+/, '');
}

/**
 * Every record of the file (header included), or of one part of it, in batches of spans: one per decoded chunk.
 * A part that is not the last must end between records: `ending.aligned` says whether it did (a cut inside a
 * quoted value that holds a line break leaves the record open; the caller then reads the file whole).
 */
async function* readSpans(
  file: string,
  encoding: EncodingChoice,
  delimiter: string,
  part: TablePart = { start: 0, end: Infinity, first: true, last: true },
  ending: PartEnding = { aligned: true, lines: 0 },
): AsyncGenerator<SpanBatch, void, undefined> {
  const decoder = createChunkDecoder(encoding.name);
  const splitter = createSpanSplitter(delimiter, file);
  const start = part.first ? encoding.bomLength : part.start;
  let bytesRead = start;
  const stream = fileChunks(file, start, part.last ? Infinity : part.end);
  // A syntax error is thrown after the records before it: a part read apart then reads them as the whole file does.
  let chunks = 0;
  for (const chunk of stream) {
    // The chunks are read synchronously: the event loop gets a turn now and then (a thread's messages, progress).
    if (++chunks % CHUNKS_PER_TURN === 0) await eventLoopTurn();
    bytesRead += chunk.length;
    const decoded = decoder.decode(chunk, false);
    const spans = splitter.push(decoded.text);
    if (spans.records) yield { spans, from: 0, bytesRead };
    throwFailure(splitter);
    if (decoded.invalid) throw undecodable(file, encoding, splitter, delimiter);
  }
  const rest = decoder.decode(Buffer.alloc(0), true);
  const tail = splitter.push(rest.text);
  if (tail.records) yield { spans: tail, from: 0, bytesRead };
  throwFailure(splitter);
  if (rest.invalid) throw undecodable(file, encoding, splitter, delimiter);
  ending.lines = splitter.line - 1;
  if (!part.last) {
    ending.aligned = splitter.pending === '';
    return;
  }
  const last = splitter.end();
  if (last.records) yield { spans: last, from: 0, bytesRead };
  throwFailure(splitter);
}

/**
 * The bytes of a file from `start` to `end`, a chunk at a time, read synchronously: a read of 64 KiB from the page
 * cache takes microseconds, where a stream's read waits for a thread of libuv's pool and a turn of the event loop,
 * with both cores busy reading (see docs/performance.md, ninth session).
 */
function* fileChunks(file: string, start: number, end: number): Generator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    for (let position = start; position < end;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, end - position));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/** Throws the syntax error the splitter stopped at, if any (after its records before it were read). */
function throwFailure(splitter: Splitter<unknown>): void {
  const failure = splitter.failure();
  if (failure) throw failure;
}

/** Encodings in which a line feed byte is always a line feed: a file in one can be cut at any of them. */
const CUTTABLE_ENCODING = /^(?:utf-8|windows-125\d|iso-8859-\d+|latin1|ascii)$/;

/** Bytes looked through, from a cut's target, for the line feed to cut after. */
const CUT_WINDOW = 1 << 20;

/** The file cut into parts of about `shares` of its bytes (see {@link Table.parts}). */
async function cutParts(
  file: string,
  size: number,
  encoding: EncodingChoice,
  shares: readonly number[],
): Promise<TablePart[]> {
  const cuts: number[] = [];
  if (CUTTABLE_ENCODING.test(encoding.name)) {
    const handle = await open(file, 'r');
    try {
      const window = Buffer.alloc(CUT_WINDOW);
      let share = 0;
      for (const part of shares.slice(0, -1)) {
        share += part;
        const target = Math.floor(size * share);
        const { bytesRead } = await handle.read(window, 0, CUT_WINDOW, target);
        const feed = window.subarray(0, bytesRead).indexOf(0x0a);
        const cut = target + feed + 1;
        if (feed >= 0 && cut < size && cut > (cuts.at(-1) ?? 0)) cuts.push(cut);
      }
    } finally {
      await handle.close();
    }
  }
  const bounds = [0, ...cuts, size];
  return bounds.slice(1).map((end, index) => ({
    start: bounds[index]!,
    end,
    first: index === 0,
    last: index === bounds.length - 2,
  }));
}

/** Undecodable bytes right after the text the splitter has seen: located by the partial record before them. */
function undecodable(
  file: string,
  encoding: EncodingChoice,
  splitter: Splitter<unknown>,
  delimiter: string,
): InputError {
  const { lineBreaks, field } = locateRecordEnd(splitter.pending, delimiter);
  const line = splitter.line;
  const label = encodingLabel(encoding.name);
  const [message, fix] =
    encoding.source === 'detected'
      ? [
          `field ${field} holds bytes that are neither UTF-8 nor Windows-1252`,
          'name the encoding the file was saved in with --encoding (e.g. iso-8859-15, shift_jis)',
        ]
      : encoding.source === 'named'
        ? [
            `field ${field} holds bytes that are not valid ${label}, the encoding named`,
            'name the encoding the file was saved in with --encoding, or leave it out to detect it',
          ]
        : [
            `field ${field} holds bytes that are not valid ${label}, though the file's ${encoding.source === 'sniffed' ? 'zero bytes suggest' : 'byte-order mark says'} it is`,
            'save the file again as UTF-8, or name its encoding with --encoding',
          ];
  return new InputError({ message, location: { file, line: line + lineBreaks, column: field }, fix });
}

function extraCellsError(file: string, line: number, cells: number, headers: number): InputError {
  return new InputError({
    message: `this record has ${cells} cells but the header has ${headers}`,
    location: { file, line, column: headers + 1 },
    fix: 'quote the values that contain the delimiter, or remove the extra cells',
  });
}

/** Drops the header record (when the batches start with it) and checks record widths. */
async function* bodySpans(
  batches: AsyncGenerator<SpanBatch, void, undefined>,
  file: string,
  width: number,
  extraCells: ExtraCells,
  header = true,
): AsyncGenerator<SpanBatch, void, undefined> {
  let from = header ? 1 : 0;
  for await (const batch of batches) {
    const { spans } = batch;
    if (extraCells === 'error') {
      for (let record = from; record < spans.records; record++) {
        const count = spans.firstCell[record + 1]! - spans.firstCell[record]!;
        if (count > width) throw extraCellsError(file, spans.lines[record]!, count, width);
      }
    }
    if (from < spans.records) yield { spans, from, bytesRead: batch.bytesRead };
    from = Math.max(0, from - spans.records);
  }
}

/** Span batches as text. */
async function* recordBatches(
  batches: AsyncGenerator<SpanBatch, void, undefined>,
): AsyncGenerator<TableBatch, void, undefined> {
  for await (const { spans, from, bytesRead } of batches) {
    const out: RecordArrays = { lines: [], records: [] };
    spans.appendRecords(out, from);
    yield { ...out, bytesRead };
  }
}

export interface CsvOptions {
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly extraCells?: ExtraCells;
}

/** Opens a CSV (or TSV) file: chooses encoding and delimiter and reads the header record. */
export async function openCsv(file: string, options: CsvOptions = {}): Promise<Table> {
  const { size } = await stat(file);
  const encoding = await chooseEncoding(file, options.encoding);
  const delimiter =
    options.delimiter !== undefined
      ? checkDelimiter(options.delimiter)
      : sniffDelimiter(await firstTextLine(file, encoding));

  let header: { line: number; cells: string[] } | undefined;
  for await (const { spans } of readSpans(file, encoding, delimiter)) {
    header = { line: spans.lines[0]!, cells: spans.record(0) };
    break;
  }
  if (!header) {
    throw new InputError({
      message: 'the file is empty: there is no header row',
      location: { file },
      fix: 'export the data again with its column headers',
    });
  }
  const headers = header.cells;
  const extraCells = options.extraCells ?? 'error';
  const spanBatches = () => bodySpans(readSpans(file, encoding, delimiter), file, headers.length, extraCells);
  const batches = () => recordBatches(spanBatches());
  const partSpans = (part: TablePart, ending: PartEnding) =>
    bodySpans(
      readSpans(file, encoding, delimiter, part, ending),
      file,
      headers.length,
      extraCells,
      part.first,
    );
  return {
    file,
    format: 'csv',
    headers,
    headerLine: header.line,
    bytes: size,
    encoding: describeEncoding(encoding),
    delimiter,
    sheet: null,
    batches,
    spanBatches,
    rows: () => rowsOf(batches()),
    parts: (shares) => cutParts(file, size, encoding, shares),
    partSpans,
    encodingName: encoding.name,
  };
}

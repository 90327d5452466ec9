/**
 * The XLSX reader: streams one worksheet with exceljs's streaming reader and turns each cell into the text a
 * user sees in Excel (dates as ISO dates, numbers without binary-float noise, percentages with `%`), so CSV and
 * XLSX records reach the value parsers in the same form. Line numbers are sheet row numbers.
 * @module
 */
import { createReadStream, WriteStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { InputError, shellWord } from '../../domain/errors.js';
import {
  EXPORT_WORKBOOK_AGAIN,
  rowsOf,
  type ExtraCells,
  type SheetCommand,
  type Table,
  type TableBatch,
} from './table.js';

const BATCH_ROWS = 4096;
const MS_PER_DAY = 86_400_000;
/** Days from Excel's day 0 (1899-12-30 in the 1900 date system) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25_569;
/** The 1904 date system (old Mac workbooks) counts from 1904-01-01, 1462 days later. */
const DATE_1904_OFFSET = 1_462;

/** The parts of exceljs's streaming objects this reader uses (its typings leave them out). */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  readonly name: string;
}
interface StreamingWorkbook extends AsyncIterable<SheetReader> {
  readonly model?: { sheets?: readonly { name: string }[] };
  readonly properties?: { model?: { date1904?: boolean } };
}

/** The next step of an iterator over a workbook's parts, or the zip's error if the zip fails first. */
type Step = <T>(iterator: AsyncIterator<T>) => Promise<IteratorResult<T>>;

/** tmp's removal of a file it made: closes the descriptor tmp keeps open, deletes the file, then calls `done`. */
type RemoveTemporaryFile = (done?: () => void) => void;
type TemporaryFileMade = (error: Error | null, path: string, fd: number, remove: RemoveTemporaryFile) => void;
/**
 * Marks tmp's `file` as wrapped, holding the files it watches: a second evaluation of this module (a test runner's
 * fresh module graph, with tmp still loaded from Node's require cache) watches those rather than wrapping the
 * wrapper, whose watches would otherwise chain.
 */
const WATCHED = Symbol.for('salesops.xlsx-reader.temporary-files');

/** tmp's `file([options], made)`, wrapped or not. */
type TmpFile = ((...args: unknown[]) => void) & { readonly [WATCHED]?: TemporaryFiles };

/** The part of the tmp package that exceljs makes its temporary files with. */
interface Tmp {
  file: TmpFile;
}

/** The temporary files tmp makes: the removal of each it has not removed yet, by path, and those being made. */
interface TemporaryFiles {
  readonly removals: Map<string, RemoveTemporaryFile>;
  readonly making: Set<Promise<void>>;
}

/**
 * exceljs parks sheets in files it asks tmp for and removes each only once it has read it, so a read that failed
 * left them, and the descriptors tmp keeps open, until the process exited (exceljs issue #2147), or for good
 * where tmp's cleanup at exit does not run (vitest's workers left them). exceljs asks without options (the folder
 * is the process's TMPDIR) and tmp keeps its list to itself, so tmp's `file` is wrapped to keep each file's
 * removal for the reader (see watchParkedSheets) and to say when the files asked for are made. See
 * docs/decisions.md.
 */
// exceljs requires tmp from its own folder: resolved from there, it is the same module.
const temporaryFiles = watchTemporaryFiles(
  createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as Tmp,
);

/**
 * Wraps `tmp.file` to watch the files it makes (once: a wrapped `file` keeps its watch, which is returned). A file
 * is being made from the call until tmp answers, or until `file` throws, when none will be.
 */
export function watchTemporaryFiles(tmp: Tmp): TemporaryFiles {
  const file = tmp.file;
  const watched = file[WATCHED];
  if (watched) return watched;
  const files: TemporaryFiles = { removals: new Map(), making: new Set() };
  const watching = (...args: unknown[]): void => {
    const made = args.at(-1);
    if (typeof made !== 'function') return file(...args);
    let madeNow = (): void => undefined;
    const making = new Promise<void>((resolve) => (madeNow = resolve));
    files.making.add(making);
    const madeFile: TemporaryFileMade = (error, path, fd, remove) => {
      files.making.delete(making);
      const removeOnce: RemoveTemporaryFile = (done) => {
        files.removals.delete(path);
        remove(done);
      };
      if (!error) files.removals.set(path, removeOnce);
      try {
        (made as TemporaryFileMade)(error, path, fd, error ? remove : removeOnce);
      } finally {
        madeNow();
      }
    };
    try {
      file(...args.slice(0, -1), madeFile);
    } catch (error) {
      // tmp threw rather than answer: no file will be made, so none is waited for.
      files.making.delete(making);
      madeNow();
      throw error;
    }
  };
  tmp.file = Object.assign(watching, { [WATCHED]: files });
  return files;
}

/** Column letters of a 1-based column number: 1 → A, 28 → AB. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** Whether an Excel number format shows a date or time (exceljs's rule: y m d h s outside quotes and brackets). */
export function isDateFormat(format: string): boolean {
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhs]/i.test(bare);
}

function isPercentFormat(format: string): boolean {
  return format.replace(/"[^"]*"/g, '').includes('%');
}

/** A number as Excel shows it in General format: at most 15 significant digits, so 0.1+0.2 reads `0.3`. */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return '#ERROR';
  if (Object.is(value, -0)) return '0';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

/**
 * A date cell as ISO text, rounded to the second: `2026-03-31` at midnight, else `2026-01-15T13:45:00`. Excel
 * stores wall-clock time without a zone, so no `Z` is added; exceljs hands it over as the same fields in UTC.
 */
export function dateText(date: Date): string {
  const ms = Math.round(date.getTime() / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return ms % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET + (date1904 ? DATE_1904_OFFSET : 0)) * MS_PER_DAY));
}

/** The text a cell shows. Formulas show their cached result; an error value shows its code, e.g. `#N/A`. */
export function cellText(value: ExcelJS.CellValue, format: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (format && isDateFormat(format) && Number.isFinite(value))
      return dateText(serialToDate(value, date1904));
    if (format && isPercentFormat(format) && Number.isFinite(value)) return `${numberText(value * 100)}%`;
    return numberText(value);
  }
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) return cellText(value.text, format, date1904);
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value as { result?: ExcelJS.CellValue };
    // Without a cached result (a workbook written by a program, never recalculated, or an error result that
    // exceljs drops) the formula itself is shown, so a value parser reports it instead of reading it as empty.
    if (result === undefined || result === null)
      return `=${'formula' in value ? value.formula : value.sharedFormula}`;
    return cellText(result, format, date1904);
  }
  return '';
}

/** Cells of a row, from column A to its last cell (empty text where the sheet has no cell). */
function rowCells(row: ExcelJS.Row, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push('');
    cells[column - 1] = cellText(cell.value, cell.numFmt, date1904);
  });
  return cells;
}

function lastFilled(cells: readonly string[]): number {
  let last = cells.length;
  while (last > 0 && cells[last - 1] === '') last--;
  return last;
}

function quotedList(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(', ');
}

/** The flag that reads sheet `name`, for a caller that gives no command of its own. */
const sheetFlag: SheetCommand = (name) => `--sheet ${shellWord(name)}`;

/** A sheet asked for that the workbook lacks: the fix reads its first sheet, naming the others. */
function sheetNotFound(
  file: string,
  wanted: string,
  names: readonly string[],
  withSheet: SheetCommand,
): InputError {
  const [first] = names;
  return new InputError({
    message: `the workbook has no sheet named ${JSON.stringify(wanted)}`,
    location: { file },
    fix:
      first === undefined
        ? EXPORT_WORKBOOK_AGAIN
        : `read one of its sheets (${quotedList(names)}) with --sheet: \`${withSheet(first)}\``,
  });
}

/**
 * Every non-empty row of the chosen sheet in batches, the header row included, with the sheet's name.
 * `onSheet` is called once with the sheet's name before the first batch.
 */
async function* readSheetRows(
  file: string,
  wanted: string | undefined,
  onSheet: (name: string) => void,
  withSheet: SheetCommand = sheetFlag,
): AsyncGenerator<TableBatch, void, undefined> {
  const input = createReadStream(file);
  const zipFailed = endZipAfterItsEntries(input);
  const removeParkedSheets = watchParkedSheets(input);
  /** Ends the read: the file is closed and the sheets exceljs parked for it are removed. */
  const end = async (): Promise<void> => {
    input.destroy();
    await removeParkedSheets();
  };
  // exceljs waits for a sheet it parks in a temporary file without listening for the zip's errors, so a sheet
  // with damaged contents would leave it waiting for ever: each step also ends when the zip fails.
  const step: Step = (iterator) => Promise.race([iterator.next(), zipFailed]);
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as StreamingWorkbook;
  const seen: string[] = [];
  // exceljs parks sheets that precede the shared strings in temporary files, opens each when it yields the sheet
  // and deletes it when asked for the next: a sheet must be read before moving on (see readToEnd), and the
  // iterators are never closed early: what a reader leaves when it stops early (after the header) is drained.
  // After an error nothing more is asked of exceljs, which deletes none of them then: the read removes them.
  const sheets = workbook[Symbol.asyncIterator]();
  let rows: AsyncIterator<ExcelJS.Row> | null = null;
  let found = false;
  let stoppedEarly = true;
  try {
    for (let next = await step(sheets); !next.done; next = await step(sheets)) {
      const sheet = next.value;
      seen.push(sheet.name);
      // The workbook lists sheets in tab order; the zip may store them in another.
      const target = wanted ?? workbook.model?.sheets?.[0]?.name ?? sheet.name;
      if (found || sheet.name !== target) {
        await readToEnd(sheet[Symbol.asyncIterator](), step);
        continue;
      }
      found = true;
      onSheet(sheet.name);
      const date1904 = workbook.properties?.model?.date1904 ?? false;
      let lines: number[] = [];
      let records: string[][] = [];
      rows = sheet[Symbol.asyncIterator]();
      for (let row = await step(rows); !row.done; row = await step(rows)) {
        const cells = rowCells(row.value, date1904);
        if (lastFilled(cells) === 0) continue;
        lines.push(row.value.number);
        records.push(cells);
        if (records.length === BATCH_ROWS) {
          yield { lines, records, bytesRead };
          lines = [];
          records = [];
        }
      }
      rows = null;
      if (records.length) yield { lines, records, bytesRead };
    }
    stoppedEarly = false;
  } catch (error) {
    stoppedEarly = false;
    throw error instanceof InputError ? error : unreadableWorkbook(file, error);
  } finally {
    // Its error is thrown once the read's files are gone; a reader that stopped early is not kept waiting.
    if (stoppedEarly) drainInBackground(sheets, rows, step, end);
    else await end();
  }
  if (found) return;
  if (wanted !== undefined) throw sheetNotFound(file, wanted, seen, withSheet);
  // Without a sheet asked for, the sheet read is the first the workbook's sheet list names.
  const first = workbook.model?.sheets?.[0]?.name;
  if (first === undefined) {
    throw badWorkbook(
      file,
      'this zip file is not an Excel workbook, or a damaged one: it holds no list of sheets',
    );
  }
  throw new InputError({
    message:
      `the workbook's first sheet ${JSON.stringify(first)} cannot be found: it is not a sheet of cells ` +
      '(a chart sheet, say) or the workbook is damaged',
    location: { file },
    fix:
      (seen.length ? `name the sheet that holds the data with --sheet (${quotedList(seen)}), or ` : '') +
      EXPORT_WORKBOOK_AGAIN,
  });
}

function badWorkbook(file: string, message: string): InputError {
  return new InputError({
    message,
    location: { file },
    fix: EXPORT_WORKBOOK_AGAIN,
  });
}

/**
 * A workbook exceljs or unzipper could not read, in words for the user: unzipper says `FILE_ENDED` when the
 * zip stops short; other errors (a bad zip header, compressed data or XML that does not decode) are kept as
 * the detail of a damaged workbook.
 */
function unreadableWorkbook(file: string, error: unknown): InputError {
  const detail = error instanceof Error ? error.message : String(error);
  return badWorkbook(
    file,
    detail === 'FILE_ENDED'
      ? 'this Excel workbook ends before its end: it was cut short, perhaps by a download or a copy that did ' +
          'not finish'
      : `this Excel workbook is damaged: a part of it cannot be read (${detail})`,
  );
}

/**
 * exceljs pipes the file into unzipper's Parse stream and reads its entries until Parse says 'end'. Parse
 * (0.10) says so when its writable side finishes, while parsed entries may still wait to be read: exceljs
 * pauses it as it parks a sheet in a temporary file. When that was slower (a busy machine, many sheets) the
 * parts after were lost: the sheet list (exceljs's TypeError reading `sheets`), other sheets, the shared
 * strings and styles (headers read as empty, dates as numbers). Only the 'end' of Parse's readable side is
 * passed on, which Node emits once every entry has been read; a truncated zip still fails, as unzipper
 * reports the missing bytes as an error. See docs/decisions.md.
 */
function endZipAfterItsEntries(input: ReadStream): Promise<never> {
  const pipe = input.pipe.bind(input);
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  // Only raced against reading steps, so a zip that fails after it was read must not count as unhandled.
  failed.catch(() => undefined);
  input.pipe = <Zip extends NodeJS.WritableStream>(zip: Zip, options?: { end?: boolean }): Zip => {
    const entries = zip as unknown as Readable;
    const emit = entries.emit.bind(entries);
    entries.emit = (event: string | symbol, ...args: unknown[]): boolean =>
      event === 'end' && !entries.readableEnded ? false : emit(event, ...args);
    entries.once('error', fail);
    return pipe(zip, options);
  };
  return failed;
}

/**
 * Watches the sheets exceljs parks in temporary files as it reads `input` (it pipes a zip entry into a file
 * stream) and returns their removal, for when the read has ended: a copy still being written is closed (its
 * entry will not end now, and exceljs waits for it to finish before it goes on), then tmp removes the file unless
 * exceljs did. A sheet whose file exceljs asked for before (it went on after a copy finished, with an entry the
 * zip parsed before it failed) is parked after that: it is removed at once, uncopied, and awaited too.
 */
function watchParkedSheets(input: ReadStream): () => Promise<void> {
  const parked: WriteStream[] = [];
  const removedLate: Promise<void>[] = [];
  let ended = false;
  const pipe = input.pipe.bind(input);
  input.pipe = <Zip extends NodeJS.WritableStream>(zip: Zip, options?: { end?: boolean }): Zip => {
    (zip as unknown as Readable).on('data', (entry: Readable) => {
      const pipeEntry = entry.pipe.bind(entry);
      entry.pipe = <Copy extends NodeJS.WritableStream>(copy: Copy, options?: { end?: boolean }): Copy => {
        if (!(copy instanceof WriteStream)) return pipeEntry(copy, options);
        if (!ended) {
          parked.push(copy);
          return pipeEntry(copy, options);
        }
        removedLate.push(removeParkedSheet(copy));
        return copy;
      };
    });
    return pipe(zip, options);
  };
  return async () => {
    ended = true;
    const removed = parked.map(removeParkedSheet);
    await Promise.all(temporaryFiles.making);
    await Promise.all([...removed, ...removedLate]);
  };
}

async function removeParkedSheet(copy: WriteStream): Promise<void> {
  if (!copy.closed) await new Promise<void>((closed) => copy.once('close', () => closed()).destroy());
  const remove = temporaryFiles.removals.get(String(copy.path));
  if (remove) await new Promise<void>((removed) => remove(removed));
}

/**
 * Reads an iterator to its end. A sheet exceljs parked in a temporary file must be read before the next one is
 * asked for: exceljs deletes the file then, and a sheet skipped unread would open it after (an uncaught ENOENT).
 */
async function readToEnd<T>(iterator: AsyncIterator<T>, step: Step): Promise<void> {
  while (!(await step(iterator)).done);
}

/**
 * Reads what is left of a workbook to its end, ignoring it and any error, so that exceljs reads and deletes the
 * sheets it parked in order (see readToEnd); then `done` ends the read.
 */
function drainInBackground(
  sheets: AsyncIterator<SheetReader>,
  rows: AsyncIterator<ExcelJS.Row> | null,
  step: Step,
  done: () => Promise<void>,
): void {
  const drain = async (): Promise<void> => {
    if (rows) await readToEnd(rows, step);
    for (let next = await step(sheets); !next.done; next = await step(sheets)) {
      await readToEnd(next.value[Symbol.asyncIterator](), step);
    }
  };
  drain()
    .catch(() => undefined)
    .finally(done);
}

/** Pads records to the header's width and checks that no cell lies beyond it. */
async function* bodyBatches(
  rows: AsyncGenerator<TableBatch, void, undefined>,
  file: string,
  width: number,
  extraCells: ExtraCells,
): AsyncGenerator<TableBatch, void, undefined> {
  let headerSeen = false;
  for await (const batch of rows) {
    let { lines, records } = batch;
    if (!headerSeen) {
      headerSeen = true;
      lines = lines.slice(1);
      records = records.slice(1);
    }
    for (let index = 0; index < records.length; index++) {
      const cells = records[index] as string[];
      const filled = lastFilled(cells);
      if (filled > width && extraCells === 'error') {
        throw new InputError({
          message: `this row has a value in column ${columnLetters(filled)}, beyond the header's last column ${columnLetters(width)}`,
          location: { file, line: lines[index] ?? 0, column: filled },
          fix: `move or delete the value in cell ${columnLetters(filled)}${lines[index] ?? 0}, or give its column a header`,
        });
      }
      if (filled <= width) cells.length = width;
      for (let column = 0; column < width; column++) cells[column] ??= '';
    }
    if (records.length) yield { lines, records, bytesRead: batch.bytesRead };
  }
}

export interface XlsxOptions {
  readonly sheet?: string;
  readonly extraCells?: ExtraCells;
  /** How the caller reads the file from another sheet (see OpenTableOptions); `--sheet <name>` when left out. */
  readonly withSheet?: SheetCommand;
}

/** Opens a sheet of an XLSX workbook (the first, or the one named) and reads its header row. */
export async function openXlsx(file: string, options: XlsxOptions = {}): Promise<Table> {
  const { size } = await stat(file);
  let sheetName = '';
  let header: { line: number; cells: string[] } | undefined;
  const onSheet = (name: string) => (sheetName = name);
  for await (const batch of readSheetRows(file, options.sheet, onSheet, options.withSheet)) {
    header = { line: batch.lines[0] ?? 1, cells: [...(batch.records[0] ?? [])] };
    break;
  }
  if (!header) {
    throw new InputError({
      message: `the sheet ${JSON.stringify(sheetName)} is empty: there is no header row`,
      location: { file },
      fix: 'choose the sheet that holds the data with --sheet, or put column headers in its first row',
    });
  }
  const headers = header.cells.slice(0, lastFilled(header.cells));
  const extraCells = options.extraCells ?? 'error';
  const batches = () =>
    bodyBatches(
      readSheetRows(file, sheetName, () => undefined),
      file,
      headers.length,
      extraCells,
    );
  return {
    file,
    format: 'xlsx',
    headers,
    headerLine: header.line,
    bytes: size,
    encoding: null,
    delimiter: null,
    sheet: sheetName,
    batches,
    rows: () => rowsOf(batches()),
  };
}

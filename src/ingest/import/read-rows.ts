/**
 * Reads a file's rows through its compiled mapping: each cell is read as its field's kind (value maps,
 * defaults, the row's currency), constants and fallbacks fill the rest, and the row goes to the entity's
 * collector. A row with a problem is rejected with every problem located at its line and column; a Salesforce
 * report footer and a blank row (delimiters only) are counted and set aside; a report's total row is rejected
 * with one problem that says what it is; a CSV syntax error stops the file where it is.
 * @module
 */
import type { CurrencyCode } from '../../domain/money.js';
import type { Table } from '../readers/index.js';
import type { CellSpans } from '../readers/csv-tokenizer.js';
import { isNullToken, moneyShape, type ValueKind } from '../values/index.js';
import { EXPECTED_BY_KIND, fieldSpec, normalizeKey, type FieldKind } from '../model/import-fields.js';
import type { Parsed } from '../values/parsed.js';
import { detach, readCell, readCellAt, type CellValue } from './cell-values.js';
import type { CompiledColumn, CompiledMapping } from './compiled-mapping.js';
import { ignoreRow, readerProblems, type FileAccount, type ImportProblem } from './import-problems.js';

/** A row's values by field name (null for empty cells and unmapped fields). */
export type RowValues = Record<string, CellValue>;

/**
 * Reads the row whose cells are `firstCell` on of `spans` straight into a collector's columns, when each is in the
 * form machines write; returns false, having changed nothing, for any other row, which is then read through its
 * values (where its problems are found).
 */
export type PlainRowReader = (spans: CellSpans, firstCell: number, line: number) => boolean;

/** Receives a file's rows; reports problems through the row's {@link RowReport}. */
export interface RowCollector {
  /**
   * A reader of the file's plain rows ({@link PlainRowReader}), given the mapping with its formats decided; null
   * when the mapping is not of a shape it reads. A history's five million rows cost a values object, a value
   * per cell and a lookup per field each otherwise.
   */
  plainReader?(compiled: CompiledMapping): PlainRowReader | null;
  /** The currency of the row's amounts when the row has no currency column (history: its opportunity's). */
  rowCurrency?(values: RowValues): CurrencyCode | null;
  /** Fills fields from lookups (a product's list price) after constants and before fallbacks apply. */
  prepare?(values: RowValues, row: RowReport): void;
  /** The fields {@link prepare} may set. */
  readonly preparedFields?: readonly string[];
  add(values: RowValues, row: RowReport): void;
  /** Notes a rejected row (its key, if it has one), so that rows referring to it are rejected in turn. */
  noteRejected?(values: RowValues, line: number): void;
}

/** The row being read: its place, its cells, and the problems found in it. */
export class RowReport {
  line = 0;
  rejected = false;
  /** The row's cells as text, or null when the row is read from spans. */
  private texts: readonly string[] | null = null;
  private spans: CellSpans | null = null;
  private firstCell = 0;
  private cellCount = 0;

  constructor(
    readonly file: string,
    private readonly compiled: CompiledMapping,
    private readonly problems: ImportProblem[],
  ) {}

  start(line: number, cells: readonly string[]): void {
    this.line = line;
    this.texts = cells;
    this.spans = null;
    this.cellCount = cells.length;
    this.rejected = false;
  }

  /** Starts a row whose cells are spans `firstCell` to `firstCell + count - 1`. */
  startSpans(line: number, spans: CellSpans, firstCell: number, count: number): void {
    this.line = line;
    this.texts = null;
    this.spans = spans;
    this.firstCell = firstCell;
    this.cellCount = count;
    this.rejected = false;
  }

  /** Cells in the row. */
  get width(): number {
    return this.cellCount;
  }

  /** The text of the cell at `index`; undefined beyond the row's cells. */
  cell(index: number): string | undefined {
    if (index >= this.cellCount) return undefined;
    return this.texts !== null ? this.texts[index] : this.spans!.cell(this.firstCell + index);
  }

  /**
   * Calls `read` with the cell at `index` where it lies, its quotes undone: cut out only when it holds doubled
   * quotes (an empty cell beyond the row's cells).
   */
  readCell<T>(index: number, read: (source: string, start: number, end: number) => T): T {
    if (this.spans !== null && index < this.cellCount) {
      const cell = this.firstCell + index;
      if (this.spans.doubled[cell] === 0)
        return read(this.spans.text, this.spans.starts[cell]!, this.spans.ends[cell]!);
    }
    const text = this.cell(index) ?? '';
    return read(text, 0, text.length);
  }

  /** The first character of the cell at `index`, as read (NaN for an empty cell or none). */
  firstCode(index = 0): number {
    if (index >= this.cellCount) return NaN;
    if (this.texts !== null) return this.texts[index]!.charCodeAt(0);
    const spans = this.spans!;
    const cell = this.firstCell + index;
    const start = spans.starts[cell]!;
    return start === spans.ends[cell] ? NaN : spans.text.charCodeAt(start);
  }

  /** The row's cells as text. */
  get cells(): readonly string[] {
    return this.texts ?? Array.from({ length: this.cellCount }, (_, index) => this.cell(index)!);
  }

  /** A problem with the cell of `column`. */
  failCell(column: CompiledColumn, message: string, fix: string): void {
    this.failAt(column.index, column.header, column.field, EXPECTED_BY_KIND[column.kind], message, fix);
  }

  /**
   * A problem with a field of this row: located at the column of the first of `fields` that has one (a field
   * set by a constant has none; then the row's first mapped column).
   */
  fail(fields: string | readonly string[], message: string, fix: string): void {
    this.rejected = true;
    this.problems.push(this.problemFor(fields, message, fix));
  }

  /** The problem {@link fail} reports, without reporting it or rejecting the row. */
  problemFor(fields: string | readonly string[], message: string, fix: string): ImportProblem {
    const names = typeof fields === 'string' ? [fields] : fields;
    const column =
      names.map((name) => this.compiled.byField.get(name)).find((found) => found !== undefined) ??
      this.compiled.columns[0];
    const field = names[0] ?? null;
    const kind = field === null ? undefined : fieldSpec(this.compiled.entity, field)?.kind;
    const index = column?.index ?? 0;
    return this.problemAt(
      index,
      column?.header ?? null,
      field,
      kind ? EXPECTED_BY_KIND[kind] : null,
      message,
      fix,
      this.cell(index) ?? null,
    );
  }

  failAt(
    index: number,
    header: string | null,
    field: string | null,
    expected: string | null,
    message: string,
    fix: string,
    value: string | null = this.cell(index) ?? null,
  ): void {
    this.rejected = true;
    this.problems.push(this.problemAt(index, header, field, expected, message, fix, value));
  }

  private problemAt(
    index: number,
    header: string | null,
    field: string | null,
    expected: string | null,
    message: string,
    fix: string,
    value: string | null,
  ): ImportProblem {
    return {
      file: this.file,
      line: this.line,
      column: index + 1,
      header,
      field,
      value,
      message,
      expected,
      fix,
      fatal: false,
    };
  }
}

const NULL_KIND: Readonly<Record<FieldKind, ValueKind>> = {
  id: 'id',
  text: 'text',
  label: 'text',
  stage: 'text',
  money: 'money',
  currency: 'date',
  date: 'date',
  timestamp: 'date',
  integer: 'integer',
  decimal: 'decimal',
  percent: 'percent',
  boolean: 'boolean',
  forecastCategory: 'date',
  opportunityType: 'date',
  repRole: 'date',
  dealStatus: 'date',
  fiscalPeriod: 'date',
  costCategory: 'date',
  activityType: 'date',
  leadStatus: 'date',
};

/** Distinct cells remembered per column (see CompiledColumn.memo). */
const MEMO_LIMIT = 4096;

const FOOTER_START = /^copyright \(c\) \d{4}(?:-\d{4})? salesforce\.com/i;

/**
 * The label of a report's total row, as its first cell that is not blank: `Total`, `Totals:`, `Subtotal`,
 * `Grand Total`, Salesforce's `Grand Totals (5 records)`.
 */
const TOTAL_LABEL = /^(?:grand\s+)?(?:sub-?)?totals?(?:\s*\(\d[\d,.]*\s+records?\))?\s*:?$/i;

/** A cell that holds a number, an amount or a percentage (what a total row sums). */
function isNumberCell(text: string): boolean {
  return moneyShape(text.endsWith('%') ? text.slice(0, -1) : text) !== null;
}

/**
 * Whether a row is not data: `blank` when every cell is empty (a row of delimiters only), `total` when its
 * first cell that is not blank is a total label and every other one a number (a report's total or footer
 * row); null for any other row. Looks past the first cell only when it is blank or a total label.
 */
function nonDataRow(row: RowReport): { kind: 'blank' } | { kind: 'total'; index: number } | null {
  // Most rows start with a letter or digit that no total label starts with: nothing to cut out or match.
  if (startsData(row.firstCode())) return null;
  const first = row.width > 0 ? row.cell(0)!.trim() : '';
  if (first !== '' && !TOTAL_LABEL.test(first)) return null;
  let label = -1;
  for (let index = 0; index < row.width; index++) {
    const cell = row.cell(index)!.trim();
    if (cell === '') continue;
    if (label === -1) {
      if (!TOTAL_LABEL.test(cell)) return null;
      label = index;
    } else if (!isNumberCell(cell)) return null;
  }
  return label === -1 ? { kind: 'blank' } : { kind: 'total', index: label };
}

/**
 * Whether a first cell starting with this character is neither blank nor a total label: an ASCII letter or
 * digit (never trimmed away) other than the first letters of the labels (g, s, t).
 */
function startsData(code: number): boolean {
  const lower = code | 0x20;
  if (code >= 0x30 && code <= 0x39) return true;
  return lower >= 0x61 && lower <= 0x7a && lower !== 0x67 && lower !== 0x73 && lower !== 0x74;
}

/** The row's one cell that is not blank, trimmed ('' when every cell is blank); undefined when it has more. */
function soleCell(row: RowReport): string | undefined {
  // Most rows have two cells that start with a printable character (never trimmed away): nothing to cut out.
  let printable = 0;
  for (let index = 0; index < row.width && printable < 2; index++) {
    const code = row.firstCode(index);
    if (code > 32 && code < 127) printable++;
  }
  if (printable === 2) return undefined;
  let text = '';
  for (let index = 0; index < row.width; index++) {
    const cell = row.cell(index)!.trim();
    if (cell === '') continue;
    if (text !== '') return undefined;
    text = cell;
  }
  return text;
}

export interface ReadRowsOptions {
  /** Called after each batch with the bytes read so far. */
  readonly onProgress?: (bytesRead: number) => void;
}

/**
 * Reads every row of `table` into `collector`, counting rows in `account` and adding problems to `problems`.
 * A syntax error in the file (an unclosed quote) becomes a fatal problem at its place.
 */
export async function readRows(
  table: Table,
  compiled: CompiledMapping,
  collector: RowCollector,
  account: FileAccount,
  problems: ImportProblem[],
  options: ReadRowsOptions = {},
): Promise<void> {
  const row = new RowReport(table.file, compiled, problems);
  const values: RowValues = Object.fromEntries(compiled.fields.map((field) => [field, null]));
  const width = table.headers.length;
  const moneyColumns = compiled.columns.filter((column) => column.kind === 'money');
  const firstMoney = compiled.columns.findIndex((column) => column.kind === 'money');
  const constantCurrency = compiled.constants.get('currency');
  // Fields no column fills that constants and lookups set are cleared before each row, as they are set afresh
  // (fallbacks fill mapped fields); the other unmapped fields stay null.
  const mappedFields = new Set(compiled.columns.map((column) => column.field));
  const setPerRow = new Set([...compiled.constants.keys(), ...(collector.preparedFields ?? [])]);
  const unmappedFields = compiled.fields.filter((field) => !mappedFields.has(field) && setPerRow.has(field));
  const columns = compiled.columns;
  // As flat lists: iterating a map or list of pairs makes an iterator and a pair per row.
  const constantFields = [...compiled.constants.keys()];
  const constantValues = [...compiled.constants.values()];
  const fallbackFields = compiled.fallbacks.map(([field]) => field);
  const fallbackSources = compiled.fallbacks.map(([, from]) => from);
  let footer = false;
  const plain = (table.spanBatches && collector.plainReader?.(compiled)) || null;

  /** Reads the row `row` was started on; `spans` and `firstCell` locate its cells when it is read from spans. */
  const readRow = (spans: CellSpans | null, firstCell: number): void => {
    const line = row.line;
    account.rowsRead++;
    const sole = compiled.mapping.reportFooter ? soleCell(row) : undefined;
    if (sole !== undefined) {
      footer ||= FOOTER_START.test(sole);
      if (footer) {
        ignoreRow(account, 'report footer');
        return;
      }
    }
    const nonData = nonDataRow(row);
    if (nonData?.kind === 'blank') {
      ignoreRow(account, 'blank (every cell is empty)');
      return;
    }
    if (nonData?.kind === 'total') {
      rejectTotal(row, compiled, nonData.index);
      account.rejectedLines.add(line);
      return;
    }
    if (row.width !== width) {
      rejectWidth(row, compiled, row.width, width);
      account.rejectedLines.add(line);
      return;
    }
    if (plain !== null && spans !== null && plain(spans, firstCell, line)) return;
    for (let at = 0; at < unmappedFields.length; at++) values[unmappedFields[at]!] = null;
    for (let index = 0; index < columns.length; index++) {
      if (index === firstMoney) {
        const currency =
          (values.currency as CurrencyCode | null) ??
          (constantCurrency as CurrencyCode | undefined) ??
          collector.rowCurrency?.(values) ??
          compiled.currency;
        for (const column of moneyColumns) column.context.currency = currency;
      }
      const column = columns[index]!;
      const cell = firstCell + column.index;
      if (spans !== null && spans.doubled[cell] === 0)
        readColumn(column, spans.text, spans.starts[cell]!, spans.ends[cell]!, values, row);
      else {
        const text = row.cell(column.index)!;
        readColumn(column, text, 0, text.length, values, row);
      }
    }
    for (let at = 0; at < constantFields.length; at++) values[constantFields[at]!] ??= constantValues[at]!;
    collector.prepare?.(values, row);
    for (let at = 0; at < fallbackFields.length; at++)
      values[fallbackFields[at]!] ??= values[fallbackSources[at]!] ?? null;
    if (!row.rejected) collector.add(values, row);
    if (row.rejected) {
      account.rejectedLines.add(line);
      collector.noteRejected?.(values, line);
    }
  };

  try {
    if (table.spanBatches) {
      for await (const { spans, from, bytesRead } of table.spanBatches()) {
        for (let record = from; record < spans.records; record++) {
          const firstCell = spans.firstCell[record]!;
          row.startSpans(spans.lines[record]!, spans, firstCell, spans.firstCell[record + 1]! - firstCell);
          readRow(spans, firstCell);
        }
        options.onProgress?.(bytesRead);
      }
    } else {
      for await (const batch of table.batches()) {
        for (let at = 0; at < batch.records.length; at++) {
          row.start(batch.lines[at] ?? 0, batch.records[at] ?? []);
          readRow(null, 0);
        }
        options.onProgress?.(batch.bytesRead);
      }
    }
  } catch (error) {
    problems.push(...readerProblems(error, table.file));
  }
}

/** Whether `a` from `aStart` to `aEnd` holds the same characters as `b` from `bStart` to `bEnd`. */
function sameText(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let offset = aEnd - aStart - 1; offset >= 0; offset--) {
    if (a.charCodeAt(aStart + offset) !== b.charCodeAt(bStart + offset)) return false;
  }
  return true;
}

/** Reads the cell `source` holds from `start` to `end` (its quotes undone) into its column's field. */
function readColumn(
  column: CompiledColumn,
  source: string,
  start: number,
  end: number,
  values: RowValues,
  row: RowReport,
): void {
  const { last, context } = column;
  let value: Parsed<CellValue> | undefined;
  if (
    last !== null &&
    last.currency === context.currency &&
    sameText(last.source, last.start, last.end, source, start, end)
  ) {
    value = last.value;
  } else {
    if (column.valueMap === null && column.rule.default === undefined)
      value = readCellAt(column.kind, source, start, end, context, column.dates);
    value ??= readCellText(column, source, start, end);
    if (last === null) {
      // A timestamp seldom repeats the row before's: comparing would only cost.
      if (column.kind !== 'timestamp')
        column.last = { source, start, end, currency: context.currency, value };
    } else {
      last.source = source;
      last.start = start;
      last.end = end;
      last.currency = context.currency;
      last.value = value;
    }
  }
  if (value.ok) values[column.field] = value.value;
  else {
    values[column.field] = null;
    row.failCell(column, value.problem.message, value.problem.fix ?? EXPECTED_BY_KIND[column.kind]);
  }
}

/** Reads a cell (`source` from `start` to `end`) through its column's memo, value map and default. */
export function readCellText(
  column: CompiledColumn,
  source: string,
  start: number,
  end: number,
): Parsed<CellValue> {
  const { memo } = column;
  let value = memo?.get(source, start, end);
  if (value !== undefined) return value;
  const cell = source.slice(start, end);
  let text = cell;
  if (column.valueMap !== null) {
    const mapped = column.valueMap[normalizeKey(text)];
    if (mapped !== undefined) text = mapped;
  }
  if (column.rule.default !== undefined && isNullToken(text, NULL_KIND[column.kind]))
    text = column.rule.default;
  value = readCell(column.kind, text, column.context, column.dates);
  // Detached: a cell of 13 characters or more is a view of the whole decoded chunk.
  if (memo && memo.size < MEMO_LIMIT) memo.setMissed(detach(cell), value);
  else if (memo && !column.fewValues) column.memo = null;
  return value;
}

/** One problem for a report's total or footer row, at its label, instead of one per field it lacks. */
function rejectTotal(row: RowReport, compiled: CompiledMapping, index: number): void {
  const column = compiled.columns.find((candidate) => candidate.index === index);
  row.failAt(
    index,
    column?.header ?? null,
    column?.field ?? null,
    'a record',
    'looks like a total/footer row, not a record',
    'remove the row from the file (with --skip-invalid it is left out and written to the rejects file)',
    row.cells.join(compiled.mapping.delimiter ?? ','),
  );
}

function rejectWidth(row: RowReport, compiled: CompiledMapping, cells: number, width: number): void {
  const short = cells < width;
  const index = short ? cells : width;
  const column = compiled.columns.find((candidate) => candidate.index === index);
  row.failAt(
    index,
    column?.header ?? null,
    column?.field ?? null,
    `${width} cells, one per header`,
    short
      ? `this row has ${cells} cell${cells === 1 ? '' : 's'} but the header has ${width}`
      : `this row has ${cells} cells but the header has ${width}`,
    short
      ? 'remove the row if it is not data (a title, a page break), or complete its cells'
      : 'quote the values that contain the delimiter, or remove the extra cells',
    // The row as read, so that a junk row shows what it is.
    row.cells.join(compiled.mapping.delimiter ?? ','),
  );
}

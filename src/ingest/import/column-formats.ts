/**
 * Decides the formats of a file's date and number columns from all their values before any row is read, so
 * that `03/04/2026` is read the same way on line 2 as on line 90,000: a date column's day/month order (a day over
 * 12 decides it; when both orders occur, one shown by at least three times as many dates as the other) and a
 * number column's decimal separator. A column whose dates cannot decide, or are written both ways about as
 * often, or that mixes separators, stops the import with the fix (`--date-order`), since the rows cannot be
 * trusted; its rows are still read, so that every other problem is reported with them.
 * Skipped for columns whose formats the mapping states, and for machine-written exports.
 * @module
 */
import type { Table } from '../readers/index.js';
import {
  decideDateOrder,
  decideDecimalSeparator,
  isNullToken,
  voteDateOrder,
  voteDecimalSeparator,
} from '../values/index.js';
import {
  setDateOrder,
  setDecimalSeparator,
  undecidedColumns,
  type CompiledColumn,
  type CompiledMapping,
} from './compiled-mapping.js';
import { fileProblem, readerProblems, type ImportProblem } from './import-problems.js';

interface DateVotes {
  dmy: number;
  mdy: number;
  ambiguous: number;
  ambiguousDotted: number;
  dmyExample?: string;
  mdyExample?: string;
  ambiguousExample?: string;
  /** Lines of the examples. */
  dmyLine?: number;
  mdyLine?: number;
  ambiguousLine?: number;
}

interface SeparatorVotes {
  dot: number;
  comma: number;
  dotExample?: string;
  commaExample?: string;
  dotLine?: number;
  commaLine?: number;
}

const DIGITS_SPAN = /\d(?:.*\d)?/;

function voteDate(votes: DateVotes, text: string, line: number): void {
  const vote = voteDateOrder(text);
  if (vote === 'dmy') {
    votes.dmy++;
    votes.dmyExample ??= text;
    votes.dmyLine ??= line;
  } else if (vote === 'mdy') {
    votes.mdy++;
    votes.mdyExample ??= text;
    votes.mdyLine ??= line;
  } else if (vote === 'ambiguous') {
    votes.ambiguous++;
    votes.ambiguousExample ??= text;
    votes.ambiguousLine ??= line;
  } else if (vote === 'ambiguous-dotted') votes.ambiguousDotted++;
}

function voteSeparator(votes: SeparatorVotes, text: string, line: number): void {
  const body = DIGITS_SPAN.exec(text)?.[0];
  if (body === undefined) return;
  const vote = voteDecimalSeparator(body);
  if (vote === '.') {
    votes.dot++;
    votes.dotExample ??= text;
    votes.dotLine ??= line;
  } else if (vote === ',') {
    votes.comma++;
    votes.commaExample ??= text;
    votes.commaLine ??= line;
  }
}

/** What the first pass over a file decided, and what it could not. */
export interface ColumnFormats {
  /**
   * Columns whose format cannot be decided: problems that stop the import. Their rows can still be read, each
   * cell deciding for itself where it can, so that the file's other problems and its row counts are reported.
   */
  readonly problems: ImportProblem[];
  /** The file cannot be read to its end (a CSV syntax error): its rows are not read. */
  readonly unreadable: boolean;
  /** How a column's format was decided when that needs saying (a majority of its dates), for the summary. */
  readonly notes: string[];
}

/**
 * Reads the undecided columns of a file once and sets their formats on `compiled`. Returns the columns that
 * cannot be decided, as problems that stop the import, and notes on the columns decided by a majority.
 */
export async function decideColumnFormats(table: Table, compiled: CompiledMapping): Promise<ColumnFormats> {
  const formats: ColumnFormats = { problems: [], unreadable: false, notes: [] };
  const { dates, numbers } = undecidedColumns(compiled);
  if (dates.length === 0 && numbers.length === 0) return formats;
  const dateVotes = dates.map((): DateVotes => ({ dmy: 0, mdy: 0, ambiguous: 0, ambiguousDotted: 0 }));
  const numberVotes = numbers.map((): SeparatorVotes => ({ dot: 0, comma: 0 }));
  try {
    for await (const batch of table.batches()) {
      for (let row = 0; row < batch.records.length; row++) {
        const cells = batch.records[row] ?? [];
        const line = batch.lines[row] ?? 0;
        dates.forEach((column, at) => {
          const text = cells[column.index];
          if (text !== undefined && !isNullToken(text, 'date')) voteDate(dateVotes[at]!, text.trim(), line);
        });
        numbers.forEach((column, at) => {
          const text = cells[column.index];
          if (text !== undefined && !isNullToken(text, 'decimal'))
            voteSeparator(numberVotes[at]!, text, line);
        });
      }
    }
  } catch (error) {
    return { ...formats, problems: readerProblems(error, table.file), unreadable: true };
  }
  dates.forEach((column, at) => {
    const votes = dateVotes[at]!;
    const order = decideDateOrder(votes);
    if (order.ok) {
      setDateOrder(column, order.value);
      if (order.note !== undefined)
        formats.notes.push(`${table.file}: column ${JSON.stringify(column.header)} ${order.note}`);
    } else {
      // Mixed orders: point at the later of the two contradicting values; undecided: at the first that needs it.
      const line = votes.dmy > 0 && votes.mdy > 0 ? later(votes.dmyLine, votes.mdyLine) : votes.ambiguousLine;
      formats.problems.push(columnProblem(table, column, line, order.problem.message, order.problem.fix));
    }
  });
  numbers.forEach((column, at) => {
    const votes = numberVotes[at]!;
    const separator = decideDecimalSeparator(votes);
    if (separator.ok) setDecimalSeparator(column, separator.value);
    else
      formats.problems.push(
        columnProblem(
          table,
          column,
          later(votes.dotLine, votes.commaLine),
          separator.problem.message,
          separator.problem.fix,
        ),
      );
  });
  return formats;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function columnProblem(
  table: Table,
  column: CompiledColumn,
  line: number | undefined,
  message: string,
  fix: string | undefined,
): ImportProblem {
  return fileProblem(table.file, `column ${JSON.stringify(column.header)}: ${message}`, fix ?? '', {
    line: line ?? table.headerLine,
    column: column.index + 1,
    header: column.header,
    field: column.field,
  });
}

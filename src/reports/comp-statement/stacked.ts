/**
 * A text table with one column stacked: a row whose cell holds several parts (a payee's measures) takes one line
 * per part, its other cells on its first line only, so that the column is as wide as one part, not all of them.
 * @module
 */
import { type Column } from '../table.js';

/** A line of a stacked table: a row's first line, or one more of its parts beneath it. */
export interface StackedLine<Row> {
  readonly row: Row;
  readonly first: boolean;
  readonly part: string;
}

/** One line per part of each row; a row without parts keeps one line, its stacked cell empty. */
export function stackedLines<Row>(
  rows: readonly Row[],
  parts: (row: Row) => readonly string[],
): StackedLine<Row>[] {
  return rows.flatMap((row) => {
    const own = parts(row);
    return own.length === 0
      ? [{ row, first: true, part: '' }]
      : own.map((part, index) => ({ row, first: index === 0, part }));
  });
}

/** The columns over {@link stackedLines}: the column headed `stacked` shows each line's part, the others the row's. */
export function stackedColumns<Row>(
  columns: readonly Column<Row>[],
  stacked: string,
): Column<StackedLine<Row>>[] {
  return columns.map((column): Column<StackedLine<Row>> => {
    if (column.header === stacked)
      return { header: column.header, value: (line) => line.part, align: 'left' };
    const { display } = column;
    return {
      header: column.header,
      value: (line) => (line.first ? column.value(line.row) : null),
      ...(display ? { display: (line: StackedLine<Row>) => (line.first ? display(line.row) : '') } : {}),
      ...(column.align ? { align: column.align } : {}),
    };
  });
}

/**
 * Writes a record as one line of RFC 4180 CSV, quoting only the cells that need it: the inverse of the reader,
 * used where rows must be written back unchanged (a rejects file) and by the round-trip tests.
 * @module
 */

/**
 * One CSV record without its line break: cells holding the delimiter, a quote or a line break are quoted, and a
 * record of one empty cell is written `""`, since an empty line is no record at all.
 */
export function formatCsvRecord(cells: readonly string[], delimiter = ','): string {
  if (cells.length === 1 && cells[0] === '') return '""';
  return cells
    .map((cell) =>
      cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r')
        ? `"${cell.replaceAll('"', '""')}"`
        : cell,
    )
    .join(delimiter);
}

/**
 * Reads chosen records of a file again, by line: to compare two rows cell for cell (is a repeated id an exact
 * duplicate?) and to write rejected rows out unchanged, without holding every row of a large file in memory.
 * @module
 */
import type { Table } from '../readers/index.js';

/** The cells of the records that start on `lines`, by line. */
export async function recordsAt(
  table: Table,
  lines: ReadonlySet<number>,
): Promise<Map<number, readonly string[]>> {
  const found = new Map<number, readonly string[]>();
  if (lines.size === 0) return found;
  for await (const batch of table.batches()) {
    for (let at = 0; at < batch.records.length; at++) {
      const line = batch.lines[at] ?? 0;
      if (lines.has(line)) found.set(line, batch.records[at] ?? []);
    }
    if (found.size === lines.size) break;
  }
  return found;
}

export function sameCells(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (
    a !== undefined && b !== undefined && a.length === b.length && a.every((cell, index) => cell === b[index])
  );
}

/**
 * The files an import writes for people: the problem report (every problem, one row each, with its place, the
 * value, what was expected and the fix) and the rejects file (every rejected row, its cells unchanged, under
 * its header, so that it can be corrected and imported again).
 * @module
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { formatCsvRecord, type Table } from '../readers/index.js';
import type { ImportProblem } from './import-problems.js';

/** UTF-8 with a byte-order mark and CRLF line ends: what Excel opens without garbling accents. */
const BOM = '\uFEFF';
const EOL = '\r\n';

export const REPORT_HEADERS = [
  'file',
  'line',
  'column',
  'header',
  'field',
  'value',
  'problem',
  'expected',
  'fix',
] as const;

export function problemReportCsv(problems: readonly ImportProblem[]): string {
  const rows = problems.map((problem) =>
    formatCsvRecord([
      problem.file,
      problem.line === null ? '' : String(problem.line),
      problem.column === null ? '' : String(problem.column),
      problem.header ?? '',
      problem.field ?? '',
      problem.value ?? '',
      problem.message,
      problem.expected ?? '',
      problem.fix,
    ]),
  );
  return BOM + [formatCsvRecord([...REPORT_HEADERS]), ...rows].map((row) => row + EOL).join('');
}

export function writeProblemReport(path: string, problems: readonly ImportProblem[]): void {
  writeFileSync(path, problemReportCsv(problems));
}

/** Where the rejected rows of `source` go: `path` itself, or, when several files have rejects, one file each. */
export function rejectsPathFor(path: string, source: string, several: boolean): string {
  if (!several) return path;
  const extension = extname(path) || '.csv';
  const stem = basename(path, extname(path));
  return join(dirname(path), `${stem}.${basename(source, extname(source))}${extension}`);
}

/**
 * Where the rejected rows of `source` go when no path is given: beside it, `deals.csv` → `deals.rejects.csv`
 * (`deals.xlsx.rejects.csv` when another file of the import, `deals.csv`, took that name).
 */
export function rejectsBeside(source: string, taken: readonly string[]): string {
  const path = join(dirname(source), `${basename(source, extname(source))}.rejects.csv`);
  return taken.includes(path) ? join(dirname(source), `${basename(source)}.rejects.csv`) : path;
}

/**
 * Writes the rows of `table` that start on `lines`, unchanged (same cells, same delimiter), under the file's
 * header. Returns the number of rows written.
 */
export async function writeRejectedRows(
  table: Table,
  lines: ReadonlySet<number>,
  path: string,
): Promise<number> {
  const delimiter = table.delimiter ?? ',';
  const file = openSync(path, 'w');
  let written = 0;
  try {
    writeSync(file, BOM + formatCsvRecord(table.headers, delimiter) + EOL);
    for await (const batch of table.batches()) {
      let chunk = '';
      for (let at = 0; at < batch.records.length; at++) {
        if (!lines.has(batch.lines[at] ?? 0)) continue;
        chunk += formatCsvRecord(batch.records[at] ?? [], delimiter) + EOL;
        written++;
      }
      if (chunk !== '') writeSync(file, chunk);
      if (written === lines.size) break;
    }
  } finally {
    closeSync(file);
  }
  return written;
}

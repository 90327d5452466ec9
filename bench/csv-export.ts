/**
 * Exports store tables to CSV for the DuckDB peer: every column of SCAN_TABLES in the store's compact form
 * (ids, label codes, day numbers, minor units), so that DuckDB loads exactly the rows our dataset is built from.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { SCAN_TABLES, type ScanTable, type Store } from '../src/store/store.js';

const TEXT_COLUMNS = new Set(['crm_id', 'name', 'owner_kind', 'period']);
const MONEY_COLUMNS = new Set(['amount', 'list_amount', 'annual_revenue', 'potential']);

/** The DuckDB type of a store column, for `read_csv(columns = ...)` (no type sniffing). */
export function duckdbType(column: string): 'VARCHAR' | 'BIGINT' | 'INTEGER' {
  if (TEXT_COLUMNS.has(column)) return 'VARCHAR';
  return MONEY_COLUMNS.has(column) ? 'BIGINT' : 'INTEGER';
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new Error(`unexpected ${typeof value} in a scanned row`);
  const text = value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes one table as CSV with a header row; returns the row count. */
export async function exportTableCsv(
  store: Pick<Store, 'scan'>,
  table: ScanTable,
  path: string,
): Promise<number> {
  // Synchronous writes in 1 MB chunks: the scan callback cannot wait for a stream to drain.
  const file = openSync(path, 'w');
  try {
    let chunk = `${SCAN_TABLES[table].join(',')}\n`;
    const rows = await store.scan(table, (row) => {
      chunk += `${row.map(csvValue).join(',')}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(file, chunk);
        chunk = '';
      }
    });
    writeSync(file, chunk);
    return rows;
  } finally {
    closeSync(file);
  }
}

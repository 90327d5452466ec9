/**
 * File readers: open a CRM export (CSV/TSV in any common encoding, or XLSX) as a stream of located records.
 * @module
 */
export { assertReadable, openTable } from './open-table.js';
export {
  rowsOf,
  type ExtraCells,
  type OpenTableOptions,
  type SheetCommand,
  type Table,
  type TableBatch,
  type TableRow,
} from './table.js';
export { formatCsvRecord } from './csv-format.js';

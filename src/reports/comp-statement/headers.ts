/**
 * Column headers of the comp tables for reading: capitalised in text, Markdown and HTML as the other commands'
 * tables are ("Payee", "Variable pay"); CSV and JSON keep the lowercase keys, a machine interface.
 * @module
 */
import { type Column } from '../table.js';

export function readableHeaders<Row>(columns: readonly Column<Row>[]): Column<Row>[] {
  return columns.map((column) => ({
    ...column,
    header: `${column.header.charAt(0).toUpperCase()}${column.header.slice(1)}`,
  }));
}

/**
 * The check every scanned money value passes: a safe integer, or the scan fails. Money is written as safe
 * integers, but a database edited by hand or by another tool could hold a bigint beyond 2^53, which JavaScript
 * numbers cannot represent; such a value must stop the scan rather than come out rounded.
 * @module
 */
import { OperationError } from '../domain/errors.js';
import { TABLES } from './schema.js';
import { SCAN_TABLES, type ScanTable } from './store.js';

/** Positions of the bigint (money) columns in a scanned row of the table. */
export function moneyColumnIndexes(table: ScanTable): number[] {
  const types: Readonly<Record<string, string>> = TABLES[table].columns;
  return SCAN_TABLES[table].flatMap((column, index) => (types[column] === 'bigint' ? [index] : []));
}

export function guardScannedMoney(
  table: ScanTable,
  row: readonly unknown[],
  moneyIndexes: readonly number[],
): void {
  for (const index of moneyIndexes) {
    const value = row[index];
    if (value !== null && !Number.isSafeInteger(value))
      throw unsafeMoney(`${table}.${SCAN_TABLES[table][index]}`, value);
  }
}

/** A stored bigint as a number, refusing one beyond the safe-integer range (PostgreSQL returns int8 as text). */
export function safeIntegerFromText(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw unsafeMoney('a bigint column', text);
  return value;
}

function unsafeMoney(where: string, value: unknown): OperationError {
  return new OperationError(
    `the store holds ${String(value)} in ${where}, beyond the ±${Number.MAX_SAFE_INTEGER} salesops can compute with`,
    { fix: 'correct the value in the database (amounts are whole minor units, e.g. cents)' },
  );
}

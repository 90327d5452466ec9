/**
 * Which cells mean "no value". Empty (or blank) cells always do. The tokens CRMs and spreadsheets write for a
 * missing value (`NULL`, `N/A`, `#N/A`, `-`) do only in typed columns, where they cannot be a value: in a text
 * column `N/A` may be what the user typed, and in a money column `-` is Excel's accounting zero.
 * @module
 */

/** The kinds of column a value parser reads; null tokens depend on them. */
export type ValueKind = 'text' | 'id' | 'money' | 'date' | 'boolean' | 'integer' | 'decimal' | 'percent';

const TYPED_NULLS = new Set(['null', 'n/a', '#n/a', '-']);
const MONEY_NULLS = new Set(['null', 'n/a', '#n/a']);

/** Whether `text` means "no value" in a column of `kind` (case-insensitive, surrounding blanks ignored). */
export function isNullToken(text: string, kind: ValueKind): boolean {
  const token = text.trim();
  if (token === '') return true;
  // Every token is at most four characters long: longer text is a value, without building its lower case.
  if (kind === 'text' || kind === 'id' || token.length > 4) return false;
  const lower = token.toLowerCase();
  return kind === 'money' ? MONEY_NULLS.has(lower) : TYPED_NULLS.has(lower);
}

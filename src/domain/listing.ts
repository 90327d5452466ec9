/**
 * How a message names a long list: the first few items, then how many more there are. One wording for every
 * message that shortens a list, so "and 1,234 more" reads the same in the CLI, the API and the reports.
 * @module
 */

/** ` and 1,234 more` (with a leading space) when `total` exceeds `shown`, else the empty string. */
export function andMore(total: number, shown: number, noun = ''): string {
  if (total <= shown) return '';
  return ` and ${(total - shown).toLocaleString('en-US')} more${noun ? ` ${noun}` : ''}`;
}

/** The first `limit` items joined by `separator`, then ` and N more` when some were left out. */
export function listFirst(items: readonly string[], limit: number, separator = ', '): string {
  return `${items.slice(0, limit).join(separator)}${andMore(items.length, Math.min(limit, items.length))}`;
}

/** Items as a sentence names them: `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

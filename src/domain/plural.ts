/**
 * How a message counts things: the count, thousands separated, and its noun in the number it takes. One wording
 * for the CLI's summaries, the forecast's risks and the reports.
 * @module
 */

/** `1 deal`, `1,234 deals`; `many` for a noun whose plural is not `one` + `s` (`opportunity`, `opportunities`). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/**
 * Warnings about what an import reads as written but that is seldom meant: opportunities with a negative amount
 * (an accounting-format `$(1,901)` is read as -1,901, as CRMs write credits so, and lowers the pipeline and the
 * bookings it counts in). Each warning gives the count and the first few places, with the cell as written.
 * @module
 */
import { minorToDecimalString } from '../../domain/money.js';
import type { ReadFile } from './assemble-batch.js';
import type { OpportunityRows } from './opportunity-rows.js';
import { recordsAt } from './records-at.js';

/** Places shown per warning; the count covers them all. */
export const WARNING_EXAMPLES = 3;

export interface ImportWarning {
  readonly message: string;
  /** Rows the warning is about. */
  readonly count: number;
  /** The first few of them: where, the cell as written, and what it was read as. */
  readonly examples: readonly {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly header: string;
    readonly value: string;
    readonly readAs: string;
  }[];
  readonly fix: string;
}

/** The warning for the accepted opportunities whose amount is below zero; none when no amount is. */
export async function negativeAmountWarnings(
  reads: readonly ReadFile<OpportunityRows>[],
): Promise<ImportWarning[]> {
  let count = 0;
  const examples: ImportWarning['examples'][number][] = [];
  for (const read of reads) {
    const column = read.compiled.byField.get('amount');
    const found: { line: number; readAs: string }[] = [];
    for (const [index, opportunity] of read.rows.accepted()) {
      if (opportunity.amount >= 0) continue;
      count++;
      if (examples.length + found.length < WARNING_EXAMPLES) {
        found.push({
          line: read.rows.line(index),
          readAs: `${minorToDecimalString(opportunity.amount, opportunity.currency)} ${opportunity.currency}`,
        });
      }
    }
    if (found.length === 0 || column === undefined) continue;
    const cells = await recordsAt(read.table, new Set(found.map((place) => place.line)));
    for (const place of found) {
      examples.push({
        file: read.file,
        line: place.line,
        column: column.index + 1,
        header: column.header,
        value: cells.get(place.line)?.[column.index] ?? '',
        readAs: place.readAs,
      });
    }
  }
  if (count === 0) return [];
  const deals = count === 1 ? '1 opportunity has' : `${count} opportunities have`;
  return [
    {
      message: `${deals} a negative amount, read as written: a negative amount lowers the pipeline and bookings`,
      count,
      examples,
      fix: 'if an amount is not a credit, correct it in the CRM (or the file) and import again; `salesops audit` lists these deals (rule amount-not-positive)',
    },
  ];
}

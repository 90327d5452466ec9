/**
 * Warnings about what an import reads as written but that is seldom meant: opportunities with a negative amount
 * (an accounting-format `$(1,901)` is read as -1,901, as CRMs write credits so, and lowers the pipeline and the
 * bookings it counts in), and opportunities in a currency salesops.yaml has no rate for (their amounts cannot be
 * converted). Each warning gives the count and the first few places, with the cell as written.
 * @module
 */
import type { FxTable } from '../../domain/fx.js';
import { minorToDecimalString } from '../../domain/money.js';
import { plural } from '../../domain/plural.js';
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

type Opportunity = OpportunityRows['records'][number];

/**
 * The accepted opportunities `flagged` picks, counted, and the first few with the cell as written of the first of
 * `fields` a column of their file gives (a file without such a column counts its rows, shows none).
 */
async function flaggedOpportunities(
  reads: readonly ReadFile<OpportunityRows>[],
  fields: readonly string[],
  flagged: (opportunity: Opportunity) => boolean,
): Promise<{ count: number; examples: ImportWarning['examples'][number][] }> {
  let count = 0;
  const examples: ImportWarning['examples'][number][] = [];
  for (const read of reads) {
    const column = fields
      .map((field) => read.compiled.byField.get(field))
      .find((found) => found !== undefined);
    const found: { line: number; readAs: string }[] = [];
    for (const [index, opportunity] of read.rows.accepted()) {
      if (!flagged(opportunity)) continue;
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
  return { count, examples };
}

/** The warning for the accepted opportunities whose amount is below zero; none when no amount is. */
export async function negativeAmountWarnings(
  reads: readonly ReadFile<OpportunityRows>[],
): Promise<ImportWarning[]> {
  const { count, examples } = await flaggedOpportunities(
    reads,
    ['amount'],
    (opportunity) => opportunity.amount < 0,
  );
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

/** The warning for the accepted opportunities in a currency salesops.yaml has no rate for; none when all have. */
export async function missingRateWarnings(
  reads: readonly ReadFile<OpportunityRows>[],
  fx: FxTable,
): Promise<ImportWarning[]> {
  const known = new Set(fx.currencies);
  // Each missing currency's earliest close date: the rate is needed from then.
  const missing = new Map<string, string>();
  const { count, examples } = await flaggedOpportunities(reads, ['amount'], (opportunity) => {
    const { currency, closeDate } = opportunity;
    if (known.has(currency)) return false;
    const earliest = missing.get(currency);
    if (earliest === undefined || closeDate < earliest) missing.set(currency, closeDate);
    return true;
  });
  if (count === 0) return [];
  const currencies = [...missing.keys()].sort();
  const example = currencies[0] ?? '';
  return [
    {
      message: `${plural(count, 'opportunity is', 'opportunities are')} in ${currencies.join(', ')}, which salesops.yaml has no exchange rate for: ${count === 1 ? 'its amount' : 'their amounts'} cannot be converted to ${fx.corporate}`,
      count,
      examples,
      fix: `add the rates under fx: in salesops.yaml, such as - { currency: ${example}, from: <${missing.get(example) ?? ''} or earlier>, rate: <${example} per 1 ${fx.corporate}> }; \`salesops audit\` lists these deals (rule currency-without-rate)`,
    },
  ];
}

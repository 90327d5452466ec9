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
type Example = ImportWarning['examples'][number];

/**
 * For each of `flags`, the accepted opportunities it picks, counted, and the first few with their amount cell as
 * written: one pass over the opportunities (a million at a time) and one read of the file's flagged lines.
 */
async function flaggedOpportunities(
  reads: readonly ReadFile<OpportunityRows>[],
  flags: readonly ((opportunity: Opportunity) => boolean)[],
): Promise<{ count: number; examples: Example[] }[]> {
  const results = flags.map(() => ({ count: 0, examples: [] as Example[] }));
  for (const read of reads) {
    const column = read.compiled.byField.get('amount');
    const found = flags.map((): { line: number; readAs: string }[] => []);
    for (const [index, opportunity] of read.rows.accepted()) {
      flags.forEach((flagged, flag) => {
        if (!flagged(opportunity)) return;
        const result = results[flag]!;
        result.count++;
        if (result.examples.length + found[flag]!.length < WARNING_EXAMPLES) {
          found[flag]!.push({
            line: read.rows.line(index),
            readAs: `${minorToDecimalString(opportunity.amount, opportunity.currency)} ${opportunity.currency}`,
          });
        }
      });
    }
    const lines = new Set(found.flat().map((place) => place.line));
    if (lines.size === 0 || column === undefined) continue;
    const cells = await recordsAt(read.table, lines);
    found.forEach((places, flag) => {
      for (const place of places) {
        results[flag]!.examples.push({
          file: read.file,
          line: place.line,
          column: column.index + 1,
          header: column.header,
          value: cells.get(place.line)?.[column.index] ?? '',
          readAs: place.readAs,
        });
      }
    });
  }
  return results;
}

/**
 * The warnings of the accepted opportunities: those whose amount is below zero, and those in a currency
 * salesops.yaml has no rate for; none where no opportunity is either.
 */
export async function amountWarnings(
  reads: readonly ReadFile<OpportunityRows>[],
  fx: FxTable,
): Promise<ImportWarning[]> {
  const known = new Set(fx.currencies);
  // Each missing currency's earliest close date: the rate is needed from then.
  const missing = new Map<string, string>();
  const [negative, unconverted] = await flaggedOpportunities(reads, [
    (opportunity) => opportunity.amount < 0,
    ({ currency, closeDate }) => {
      if (known.has(currency)) return false;
      const earliest = missing.get(currency);
      if (earliest === undefined || closeDate < earliest) missing.set(currency, closeDate);
      return true;
    },
  ]);
  const warnings: ImportWarning[] = [];
  if (negative!.count > 0) {
    warnings.push({
      message: `${plural(negative!.count, 'opportunity has', 'opportunities have')} a negative amount, read as written: a negative amount lowers the pipeline and bookings`,
      ...negative!,
      fix: 'if an amount is not a credit, correct it in the CRM (or the file) and import again; `salesops audit` lists these deals (rule amount-not-positive)',
    });
  }
  if (unconverted!.count > 0) {
    const { count } = unconverted!;
    const currencies = [...missing.keys()].sort();
    const example = currencies[0] ?? '';
    warnings.push({
      message: `${plural(count, 'opportunity is', 'opportunities are')} in ${currencies.join(', ')}, which salesops.yaml has no exchange rate for: ${count === 1 ? 'its amount' : 'their amounts'} cannot be converted to ${fx.corporate}`,
      ...unconverted!,
      fix: `add the rates under fx: in salesops.yaml, such as - { currency: ${example}, from: <${missing.get(example) ?? ''} or earlier>, rate: <${example} per 1 ${fx.corporate}> }; \`salesops audit\` lists these deals (rule currency-without-rate)`,
    });
  }
  return warnings;
}

/**
 * Period-closed semantics: a closed period's stored statement is never rewritten. When a recomputation of it
 * (late deals, corrected splits, a plan fix) differs, the difference per kind of line and measure becomes an
 * adjustment line for the next open period, traced to the closed period with both amounts.
 * @module
 */
import { sumMoney, type CurrencyCode, type MinorUnits } from '../domain/money.js';
import { money } from './exact.js';
import { type Statement, type StatementLine } from './statement.js';

/** Draw lines settle a period's payout and are recomputed in the open period itself, so they are not adjusted. */
const SETTLEMENT_KINDS = new Set(['drawTopUp', 'drawRecovery']);

function groups(lines: readonly StatementLine[]): Map<string, StatementLine[]> {
  const byKey = new Map<string, StatementLine[]>();
  for (const line of lines) {
    if (SETTLEMENT_KINDS.has(line.kind)) continue;
    const key = `${line.kind}|${line.measure ?? ''}`;
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }
  return byKey;
}

/**
 * Adjustment lines, dated `openPeriod`, that bring what was paid for a closed period (`stored`) to what a
 * recomputation of it (`recomputed`) says, one per kind of line and measure whose total changed.
 */
export function adjustmentLines(
  stored: Statement,
  recomputed: Statement,
  openPeriod: string,
  currency: CurrencyCode,
): StatementLine[] {
  const before = groups(stored.lines);
  const after = groups(recomputed.lines);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.flatMap((key) => {
    const was = before.get(key) ?? [];
    const now = after.get(key) ?? [];
    const paid = sumMoney(was.map((line) => line.amount));
    const due = sumMoney(now.map((line) => line.amount));
    if (paid === due) return [];
    const sample = now[0] ?? was[0];
    const amount = (due - paid) as MinorUnits;
    const label = `${sample?.kind ?? ''}${sample?.measure ? ` ${sample.measure}` : ''}`;
    return [
      {
        payee: stored.payee,
        period: openPeriod,
        kind: 'adjustment' as const,
        measure: sample?.measure ?? null,
        amount,
        trace: {
          deals: [...new Set([...was, ...now].flatMap((line) => line.trace.deals))].sort(),
          rule: `recalculation of closed period ${stored.period}: ${label}`,
          rate: null,
          formula: `now ${money(due, currency)} - paid ${money(paid, currency)} = ${money(amount, currency)}`,
          linkedTo: { period: stored.period },
        },
      },
    ];
  });
}

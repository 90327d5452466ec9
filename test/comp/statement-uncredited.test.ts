/**
 * What a statement says of a measure it has no line for: an AM without renewals that month gets a note under the
 * lines; a manager without deals of their own gets one attainment line saying so, not $0.00 per measure.
 */
import { describe, expect, it } from 'vitest';
import { type MinorUnits } from '../../src/domain/money.js';
import { ROUNDING_RULE, type Statement, type StatementLine } from '../../src/comp/statement.js';
import {
  ownAttainmentLines,
  renderStatement,
  uncreditedNote,
} from '../../src/reports/comp-statement/statement.js';

const commission = (measure: string, amount: number): StatementLine => ({
  payee: 'rep-a',
  period: 'FY2027-M02',
  kind: 'commission',
  measure,
  amount: amount as MinorUnits,
  trace: { deals: ['D1'], rule: `${measure}: flat`, rate: '1.5%', formula: 'as computed' },
});

/** An AM's statement: expansion and renewals credited as given (cents), a line for each credited measure. */
function am(expansion: number, renewals: number): Statement {
  const lines = [
    ...(expansion > 0 ? [commission('expansion', 50_420)] : []),
    ...(renewals > 0 ? [commission('renewals', 5_412)] : []),
  ];
  return {
    payee: 'rep-a',
    role: 'am',
    period: 'FY2027-M02',
    currency: 'USD',
    lines,
    attainment: [
      { measure: 'expansion', metric: 'bookings', volume: expansion, quota: 22_744_944 },
      { measure: 'renewals', metric: 'renewals', volume: renewals, quota: 0 },
    ],
    total: lines.reduce((sum, line) => sum + line.amount, 0) as MinorUnits,
    drawBalance: 0 as MinorUnits,
    rounding: ROUNDING_RULE,
  };
}

describe('a measure without a commission line', () => {
  it('is said to have had nothing credited, in the statement text', () => {
    expect(uncreditedNote(am(2_293_600, 0))).toBe(
      'No commission line for renewals: nothing credited to it in FY2027-M02.',
    );
    expect(uncreditedNote(am(2_293_600, 360_800))).toBeNull();
    // No lines at all: the statement already says nothing was earned or paid.
    expect(uncreditedNote(am(0, 0))).toBeNull();
    const text = renderStatement(
      {
        statement: am(2_293_600, 0),
        payeeName: 'A',
        plan: 'AM',
        asOf: '2026-11-28',
        timing: 't',
        closed: null,
      },
      'table',
    );
    expect(text).toContain(
      '\n\nNo commission line for renewals: nothing credited to it in FY2027-M02.\n\nTotal:',
    );
  });
});

describe("a manager's own attainment", () => {
  const manager = (volume: number): Statement => ({
    ...am(0, 0),
    role: 'manager',
    lines: [],
    attainment: [
      { measure: 'bookings', metric: 'bookings', volume, quota: 0 },
      { measure: 'renewals', metric: 'renewals', volume: 0, quota: 0 },
    ],
    overrides: [{ measure: 'bookings', metric: 'bookings', team: ['rep-a'], volume: 82_689_400, rate: '1%' }],
  });

  it('says in one line that no deal of their own was credited, and lists their measures when one was', () => {
    expect(ownAttainmentLines(manager(0))).toEqual(['bookings, renewals: no deals of their own credited']);
    expect(ownAttainmentLines(manager(5_000_000))).toEqual([
      'bookings: $50,000.00 credited (no quota)',
      'renewals: $0.00 credited (no quota)',
    ]);
    // An AM (no override) keeps each measure, $0.00 too, so that every AM row shows its renewals.
    expect(ownAttainmentLines(am(0, 0))).toEqual([
      'expansion: $0.00 of $227,449.44 quota = 0.0%',
      'renewals: $0.00 credited (no quota)',
    ]);
  });
});

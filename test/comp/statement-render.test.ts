/**
 * The statement's header and total line in every text format: the total is spelled as a sum only when there are
 * two lines or more, and the role is a labelled value as the plan names it.
 */
import { describe, expect, it } from 'vitest';
import { ROUNDING_RULE, type Statement, type StatementLine } from '../../src/comp/statement.js';
import { type MinorUnits } from '../../src/domain/money.js';
import { renderStatement, type StatementDocument } from '../../src/reports/comp-statement/statement.js';

function line(amount: number): StatementLine {
  return {
    payee: 'REP-0015',
    period: 'FY2027-M09',
    kind: 'commission',
    measure: 'bookings',
    amount: amount as MinorUnits,
    trace: { deals: ['OPP-1'], rule: 'bookings: retroactive', rate: '8%', formula: 'formula' },
  };
}

function document(amounts: readonly number[]): StatementDocument {
  const statement: Statement = {
    payee: 'REP-0015',
    role: 'ae',
    period: 'FY2027-M09',
    currency: 'USD',
    lines: amounts.map(line),
    attainment: [],
    total: amounts.reduce((sum, amount) => sum + amount, 0) as MinorUnits,
    drawBalance: 0 as MinorUnits,
    rounding: ROUNDING_RULE,
  };
  return {
    statement,
    payeeName: 'Yara Gupta',
    plan: 'AE plan FY2027',
    asOf: '2026-11-27',
    timing: 'paid on booking',
    closed: null,
  };
}

describe('comp statement total and header', () => {
  it('says just the total for one line and for none, the sum of the lines for two or more', () => {
    const one = renderStatement(document([687419]), 'table');
    expect(one).toContain('\nTotal: $6,874.19\n');
    expect(renderStatement(document([]), 'table')).toContain('\nTotal: $0.00\n');
    expect(renderStatement(document([687419]), 'md')).toContain('**Total:** $6,874.19  \n');
    expect(renderStatement(document([687419]), 'html')).toContain('<p class="note">Total: $6,874.19</p>');
    expect(renderStatement(document([687419, 100000]), 'table')).toContain(
      '\nTotal: $6,874.19 + $1,000.00 = $7,874.19\n',
    );
  });

  it('labels the role and the plan as the other header fields are labelled', () => {
    for (const format of ['table', 'md', 'html'] as const) {
      expect(renderStatement(document([687419]), format)).toContain(
        'Role: ae; plan: AE plan FY2027; amounts in USD; as of 2026-11-27; open period',
      );
    }
  });
});

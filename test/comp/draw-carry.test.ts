/**
 * A recoverable draw's balance across fiscal years, computed by hand: a run starts from the balance the year
 * before left (given by the caller from the last closed run), else from the plan's opening balance for the
 * payee, else 0. Fiscal years start in January; amounts in cents.
 */
import { describe, expect, it } from 'vitest';
import { type CompDeal } from '../../src/comp/crediting.js';
import { runCompensation, type CompInput } from '../../src/comp/engine.js';
import { parseCompPlanYaml } from '../../src/comp/plan-yaml.js';
import { type Statement } from '../../src/comp/statement.js';
import { isoDate } from '../../src/domain/dates.js';
import { createFiscalCalendar } from '../../src/domain/fiscal-calendar.js';
import { type MinorUnits } from '../../src/domain/money.js';

const PLAN = `version: 1
name: Ramping AE FY2028
currency: USD
roles:
  - name: ae
    measures: [bookings]
measures:
  - name: bookings
    metric: bookings
    quota: "100000.00"
    rate: "0.08"
draws:
  - role: ae
    amount: "3000.00"
    recoverable: true
    from: FY2028-M01
    through: FY2028-M02
    openingBalances:
      rep-a: "2500.00"
`;

const deals: CompDeal[] = [
  { id: 'D1', owner: 'rep-a', amount: 5_000_000 as MinorUnits, bookedOn: isoDate('2028-01-12'), type: 'new' },
  {
    id: 'D2',
    owner: 'rep-a',
    amount: 10_000_000 as MinorUnits,
    bookedOn: isoDate('2028-02-08'),
    type: 'new',
  },
  { id: 'D3', owner: 'rep-b', amount: 2_500_000 as MinorUnits, bookedOn: isoDate('2028-01-20'), type: 'new' },
];

function run(extra: Partial<CompInput> = {}): Statement[] {
  return runCompensation(
    {
      plan: parseCompPlanYaml(PLAN, 'ramp.yaml'),
      calendar: createFiscalCalendar({ startMonth: 1 }),
      payees: [
        { id: 'rep-a', role: 'ae' },
        { id: 'rep-b', role: 'ae' },
      ],
      deals,
      quotas: [],
      ...extra,
    },
    'FY2028-M02',
  );
}

const of = (statements: Statement[], payee: string, period: string) =>
  statements.find((each) => each.payee === payee && each.period === period);
const drawLines = (statement: Statement | undefined) =>
  (statement?.lines ?? [])
    .filter((line) => line.kind === 'drawTopUp' || line.kind === 'drawRecovery')
    .map((line) => [line.kind, line.amount, line.trace.formula]);

describe('draw balances across fiscal years', () => {
  it('starts from the plan opening balance when no earlier run left one', () => {
    const statements = run();
    // M01: 8% x $50,000 = $4,000 earned; recover min($2,500, $4,000 - $3,000) = $1,000; balance $1,500; paid $3,000.
    const january = of(statements, 'rep-a', 'FY2028-M01');
    expect(drawLines(january)).toEqual([
      [
        'drawRecovery',
        -100_000,
        '-min(balance $2,500.00, earned $4,000.00 - guarantee $3,000.00) = -$1,000.00; balance $1,500.00',
      ],
    ]);
    expect([january?.total, january?.drawBalance]).toEqual([300_000, 150_000]);
    // M02: 8% x $100,000 = $8,000; recover min($1,500, $8,000 - $3,000) = $1,500; balance $0; paid $6,500.
    const february = of(statements, 'rep-a', 'FY2028-M02');
    expect([february?.total, february?.drawBalance]).toEqual([650_000, 0]);
    // rep-b has no opening balance: 8% x $25,000 = $2,000, topped up by $1,000 to the $3,000 draw.
    const other = of(statements, 'rep-b', 'FY2028-M01');
    expect(drawLines(other)).toEqual([
      [
        'drawTopUp',
        100_000,
        'draw $3,000.00 - earned $2,000.00 = $1,000.00; balance $0.00 + $1,000.00 = $1,000.00',
      ],
    ]);
  });

  it('starts from what the last closed run of the year before left, over the plan opening balance', () => {
    // The year before left rep-a $4,500 and rep-b $700 to recover.
    const statements = run({
      openingDrawBalances: { 'rep-a': 450_000 as MinorUnits, 'rep-b': 70_000 as MinorUnits },
    });
    // rep-a M01: recover min($4,500, $1,000) = $1,000 -> $3,500; M02: min($3,500, $5,000) = $3,500 -> $0,
    // paid $8,000 - $3,500 = $4,500.
    expect(of(statements, 'rep-a', 'FY2028-M01')?.drawBalance).toBe(350_000);
    const february = of(statements, 'rep-a', 'FY2028-M02');
    expect([february?.total, february?.drawBalance]).toEqual([450_000, 0]);
    // rep-b M01: $2,000 earned, top-up $1,000 onto the carried $700: balance $1,700.
    expect(drawLines(of(statements, 'rep-b', 'FY2028-M01'))).toEqual([
      [
        'drawTopUp',
        100_000,
        'draw $3,000.00 - earned $2,000.00 = $1,000.00; balance $700.00 + $1,000.00 = $1,700.00',
      ],
    ]);
    // rep-b M02: nothing earned: top-up $3,000, balance $4,700.
    expect(of(statements, 'rep-b', 'FY2028-M02')?.drawBalance).toBe(470_000);
  });

  it('refuses an opening balance on a draw that is not recoverable, located', () => {
    const text = PLAN.replace('recoverable: true', 'recoverable: false');
    expect(() => parseCompPlanYaml(text, 'ramp.yaml')).toThrow(
      'ramp.yaml:19:7 draws[0].openingBalances.rep-a: an opening balance is only recovered from a recoverable draw',
    );
  });
});

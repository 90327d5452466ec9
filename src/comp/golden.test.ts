/**
 * Golden plans (test/fixtures/comp) with hand-computed statements; the arithmetic is written beside each
 * expectation. Fiscal years start in January, so FY2027-M01 is January 2027. Amounts are in cents.
 * @module
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../domain/dates.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { type MinorUnits } from '../domain/money.js';
import { type CompDeal, type CompSplit, type DealType } from './crediting.js';
import { runCompensation, type CompInput, type Payee } from './engine.js';
import { type CompPlan } from './plan.js';
import { parseCompPlanYaml } from './plan-yaml.js';
import { type Statement } from './statement.js';

const calendar = createFiscalCalendar({ startMonth: 1 });

function plan(name: string): CompPlan {
  const file = `test/fixtures/comp/${name}.yaml`;
  return parseCompPlanYaml(readFileSync(file, 'utf8'), file);
}

function deal(
  id: string,
  owner: string,
  cents: number,
  bookedOn: string,
  options: { type?: DealType; splits?: CompSplit[]; cancelledOn?: string } = {},
): CompDeal {
  return {
    id,
    owner,
    amount: cents as MinorUnits,
    bookedOn: isoDate(bookedOn),
    type: options.type ?? 'new',
    ...(options.splits ? { splits: options.splits } : {}),
    ...(options.cancelledOn ? { cancelledOn: isoDate(options.cancelledOn) } : {}),
  };
}

const ae: Payee = { id: 'rep-a', role: 'ae' };

function run(
  planName: string,
  deals: CompDeal[],
  through: string,
  extra: Partial<CompInput> = {},
): Statement[] {
  return runCompensation(
    { plan: plan(planName), calendar, payees: [ae], deals, quotas: [], ...extra },
    through,
  );
}

function statementOf(statements: Statement[], payee: string, period: string): Statement {
  const found = statements.find((each) => each.payee === payee && each.period === period);
  if (!found) throw new Error(`no statement for ${payee} ${period}`);
  return found;
}

function amounts(statement: Statement): [string, number][] {
  return statement.lines.map((line) => [line.kind, line.amount]);
}

describe('golden plans', () => {
  it('flat: 8% of all bookings', () => {
    // $30,000 + $10,000 = $40,000 booked; 8% x $40,000.00 = $3,200.00
    const [statement] = run(
      'flat',
      [deal('D1', 'rep-a', 3_000_000, '2027-01-10'), deal('D2', 'rep-a', 1_000_000, '2027-01-20')],
      'FY2027-M01',
    );
    expect(statement?.total).toBe(320_000);
    expect(statement?.lines[0]?.trace).toEqual({
      deals: ['D1', 'D2'],
      rule: 'bookings: flat; attainment $40,000.00 / $100,000.00 = 40.0%',
      rate: '8%',
      formula: '8% x $40,000.00 = $3,200.00',
    });
    expect(statement?.rounding).toMatch(/half away from zero/);
  });

  it('retroactive tiers: the tier reached pays on all volume', () => {
    // $120,000 / $100,000 = 120%: tier 2 (above 100% to 150%) at 1.5 x 8% on all $120,000 = $14,400.00
    const [statement] = run('retroactive', [deal('D1', 'rep-a', 12_000_000, '2027-01-10')], 'FY2027-M01');
    expect(statement?.total).toBe(1_440_000);
    expect(statement?.lines[0]?.trace.formula).toBe(
      'tier 2 (above 100% to 150%): 1.5 x 8% x $120,000.00 = $14,400.00',
    );
  });

  it('retroactive tier boundaries: a tier is reached above its from, so 100% of quota pays the target', () => {
    // The shipped AE plan: variable pay $180,000 x 0.5 = $90,000 a year, $7,500 a month at 100% of the $60,000
    // monthly quota, a base rate of $7,500 / $60,000 = 12.5%; tiers (0, 0.5] x0.5, (0.5, 1] x1, above 1 x1.5,
    // volume above 300% not paid. Expansion deals, so that the new-logo SPIF stays out of the totals.
    const file = 'examples/comp/ae.yaml';
    const shipped = parseCompPlanYaml(readFileSync(file, 'utf8'), file);
    const pay = (cents: number) => {
      const booked = deal('D1', 'rep-a', cents, '2027-01-10', { type: 'expansion' });
      const input = { plan: shipped, calendar, payees: [ae], deals: [booked], quotas: [] };
      const [statement] = runCompensation(input, 'FY2027-M01');
      return [statement?.total, statement?.lines[0]?.trace.formula];
    };
    // Exactly 50%: $30,000 is still the decelerator's: 0.5 x 12.5% x $30,000 = $1,875.00.
    expect(pay(3_000_000)).toEqual([
      187_500,
      'tier 1 (up to 50%, decelerator): 0.5 x 12.5% x $30,000.00 = $1,875.00',
    ]);
    // Just above 50%: 12.5% x $30,000.01 = $3,750.00125 -> $3,750.00.
    expect(pay(3_000_001)?.[0]).toBe(375_000);
    // Exactly 100%: the base tier pays the target variable pay, 12.5% x $60,000 = $7,500.00 (not x1.5).
    expect(pay(6_000_000)).toEqual([
      750_000,
      'tier 2 (above 50% to 100%, base): 1 x 12.5% x $60,000.00 = $7,500.00',
    ]);
    // Just above 100%: the accelerator on all of it, 1.5 x 12.5% x $60,000.01 = $11,250.001875 -> $11,250.00.
    expect(pay(6_000_001)).toEqual([
      1_125_000,
      'tier 3 (above 100%, accelerator): 1.5 x 12.5% x $60,000.01 = $11,250.00',
    ]);
    // At the 300% cap: 1.5 x 12.5% x $180,000 = $33,750.00; $200,000 booked counts the same $180,000.
    expect(pay(18_000_000)?.[0]).toBe(3_375_000);
    expect(pay(20_000_000)?.[0]).toBe(3_375_000);
    // No bookings: nothing to pay, no line.
    expect(pay(0)).toEqual([0, undefined]);
  });

  it('a lone open tier from 0 holds any attainment', () => {
    const text = [
      'version: 1',
      'name: One tier',
      'currency: USD',
      'period: month',
      'roles: [{ name: ae, measures: [bookings] }]',
      'measures:',
      '  - name: bookings',
      '    metric: bookings',
      '    quota: "100000.00"',
      '    rate: "0.08"',
      '    method: retroactive',
      '    tiers: [{ name: standard, from: "0", multiplier: "1.2" }]',
    ].join('\n');
    const lone = parseCompPlanYaml(text, 'one-tier.yaml');
    const booked = deal('D1', 'rep-a', 5_000_000, '2027-01-10');
    const input = { plan: lone, calendar, payees: [ae], deals: [booked], quotas: [] };
    const [statement] = runCompensation(input, 'FY2027-M01');
    // 50% of quota, in the one tier: 1.2 x 8% x $50,000 = $4,800.00
    expect(statement?.lines[0]?.trace.formula).toBe(
      'tier 1 (any attainment, standard): 1.2 x 8% x $50,000.00 = $4,800.00',
    );
  });

  it('marginal tiers: each band at its own rate, never above retroactive', () => {
    // band 1: 1 x 8% x $100,000 = $8,000.00; band 2: 1.5 x 8% x $20,000 = $2,400.00; total $10,400.00
    const [statement] = run('marginal', [deal('D1', 'rep-a', 12_000_000, '2027-01-10')], 'FY2027-M01');
    expect(statement?.lines.map((line) => line.trace.formula)).toEqual([
      'tier 1 (up to 100%): 1 x 8% x $100,000.00 = $8,000.00',
      'tier 2 (above 100% to 150%): 1.5 x 8% x $20,000.00 = $2,400.00',
    ]);
    expect(statement?.total).toBe(1_040_000);
  });

  it('accelerator with cap: volume above 200% not paid, then the amount cap', () => {
    // $250,000 booked, capped at 200% x $100,000 = $200,000 counted; tier 3 (above 150%): 2 x 8% x $200,000 =
    // $32,000.00; the $15,000 cap takes back $32,000 - $15,000 = $17,000.00
    const [statement] = run('accelerator-cap', [deal('D1', 'rep-a', 25_000_000, '2027-01-10')], 'FY2027-M01');
    expect(amounts(statement as Statement)).toEqual([
      ['commission', 3_200_000],
      ['commission', -1_700_000],
    ]);
    expect(statement?.total).toBe(1_500_000);
    expect(statement?.lines[0]?.trace.rule).toContain('$200,000.00 counted');
    expect(statement?.lines[1]?.trace.formula).toBe('cap $15,000.00 - earned $32,000.00 = -$17,000.00');
  });

  it('decelerator below a threshold', () => {
    const payees: Payee[] = [ae, { id: 'rep-b', role: 'ae' }];
    const statements = run(
      'decelerator',
      [deal('D1', 'rep-a', 4_000_000, '2027-01-10'), deal('D2', 'rep-b', 6_000_000, '2027-01-10')],
      'FY2027-M01',
      { payees },
    );
    // rep-a: 40% < 50% threshold: $0.00
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').total).toBe(0);
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').lines[0]?.trace.formula).toBe(
      '40% is below the 50% threshold: no pay = $0.00',
    );
    // rep-b: 60% is in tier 1 (up to 80%): 0.5 x 8% x $60,000 = $2,400.00
    expect(statementOf(statements, 'rep-b', 'FY2027-M01').total).toBe(240_000);
  });

  it('SPIF: a lump sum per qualifying deal', () => {
    const [statement] = run(
      'spif',
      [
        deal('D1', 'rep-a', 6_000_000, '2027-02-03'), // new, $60,000: qualifies
        deal('D2', 'rep-a', 7_000_000, '2027-02-04', { type: 'expansion' }), // not a new logo
        deal('D3', 'rep-a', 4_000_000, '2027-02-05'), // below $50,000
      ],
      'FY2027-M02',
    ).filter((each) => each.period === 'FY2027-M02');
    // commission 5% x ($60,000 + $70,000 + $40,000) = 5% x $170,000 = $8,500.00; SPIF $500.00 for D1
    expect(amounts(statement as Statement)).toEqual([
      ['commission', 850_000],
      ['spif', 50_000],
    ]);
    expect(statement?.lines[1]?.trace.deals).toEqual(['D1']);
    expect(statement?.total).toBe(900_000);
  });

  it('60/40 split plus a 10% overlay', () => {
    const splits: CompSplit[] = [
      { payee: 'rep-a', share: '0.6', kind: 'revenue' },
      { payee: 'rep-b', share: '0.4', kind: 'revenue' },
      { payee: 'se-1', share: '0.1', kind: 'overlay' },
    ];
    const statements = run(
      'split-overlay',
      [deal('D1', 'rep-a', 10_000_001, '2027-01-10', { splits })],
      'FY2027-M01',
      {
        payees: [ae, { id: 'rep-b', role: 'ae' }, { id: 'se-1', role: 'se' }],
      },
    );
    // $100,000.01 split 60/40: exact shares 6,000,000.6 and 4,000,000.4 cents; the one leftover cent goes to
    // the larger remainder (rep-a): 6,000,001 + 4,000,000 = 10,000,001. rep-a 8% x $60,000.01 = 480,000.08 ->
    // $4,800.00; rep-b 8% x $40,000.00 = $3,200.00; se-1 overlay 10% = 1,000,000.1 -> $10,000.00, 5% = $500.00
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').total).toBe(480_000);
    expect(statementOf(statements, 'rep-b', 'FY2027-M01').total).toBe(320_000);
    expect(statementOf(statements, 'se-1', 'FY2027-M01').total).toBe(50_000);
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').lines[0]?.trace.formula).toBe(
      '8% x $60,000.01 = $4,800.00',
    );
  });

  it('manager override on the team', () => {
    const statements = run(
      'manager-override',
      [deal('D1', 'rep-a', 10_000_000, '2027-01-10'), deal('D2', 'rep-b', 5_000_000, '2027-01-12')],
      'FY2027-M01',
      {
        payees: [
          { id: 'mgr', role: 'manager' },
          { id: 'rep-a', role: 'ae', managerId: 'mgr' },
          { id: 'rep-b', role: 'ae', managerId: 'mgr' },
        ],
      },
    );
    // 1% x ($100,000 + $50,000) = $1,500.00
    const manager = statementOf(statements, 'mgr', 'FY2027-M01');
    expect(amounts(manager)).toEqual([['override', 150_000]]);
    expect(manager.lines[0]?.trace).toMatchObject({
      deals: ['D1', 'D2'],
      rule: 'manager override on bookings of rep-a, rep-b',
      formula: '1% x $150,000.00 = $1,500.00',
    });
    // The base the rate applies to, for the run's Attainment column: the team's credited bookings.
    expect(manager.overrides).toEqual([
      { measure: 'bookings', metric: 'bookings', team: ['rep-a', 'rep-b'], volume: 15_000_000, rate: '1%' },
    ]);
  });

  it('recoverable draw over three months, balance carried forward', () => {
    const statements = run(
      'draw',
      [
        deal('D1', 'rep-a', 2_500_000, '2027-02-10'),
        deal('D2', 'rep-a', 10_000_000, '2027-03-10'),
        deal('D3', 'rep-a', 5_000_000, '2027-04-10'),
      ],
      'FY2027-M04',
    );
    // M01: earned $0, draw tops up $3,000; balance $3,000
    expect(amounts(statementOf(statements, 'rep-a', 'FY2027-M01'))).toEqual([['drawTopUp', 300_000]]);
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').drawBalance).toBe(300_000);
    // M02: 8% x $25,000 = $2,000; top-up $1,000; balance $4,000; paid $3,000
    const february = statementOf(statements, 'rep-a', 'FY2027-M02');
    expect(amounts(february)).toEqual([
      ['commission', 200_000],
      ['drawTopUp', 100_000],
    ]);
    expect([february.total, february.drawBalance]).toEqual([300_000, 400_000]);
    // M03: 8% x $100,000 = $8,000; recover min($4,000, $8,000 - $3,000) = $4,000; paid $4,000; balance $0
    const march = statementOf(statements, 'rep-a', 'FY2027-M03');
    expect(amounts(march)).toEqual([
      ['commission', 800_000],
      ['drawRecovery', -400_000],
    ]);
    expect([march.total, march.drawBalance]).toEqual([400_000, 0]);
    // M04: no draw any more: 8% x $50,000 = $4,000
    expect(statementOf(statements, 'rep-a', 'FY2027-M04').total).toBe(400_000);
  });

  it('a non-recoverable draw tops up without a balance to recover', () => {
    const recoverable = plan('draw');
    const draws = recoverable.draws.map((draw) => ({ ...draw, recoverable: false }));
    const statements = runCompensation(
      {
        plan: { ...recoverable, draws },
        calendar,
        payees: [ae],
        deals: [deal('D2', 'rep-a', 10_000_000, '2027-02-10')],
        quotas: [],
      },
      'FY2027-M02',
    );
    // M01: $0 earned, top-up $3,000.00, nothing to recover later; M02: 8% x $100,000 = $8,000.00, kept whole
    expect(amounts(statementOf(statements, 'rep-a', 'FY2027-M01'))).toEqual([['drawTopUp', 300_000]]);
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').drawBalance).toBe(0);
    expect(amounts(statementOf(statements, 'rep-a', 'FY2027-M02'))).toEqual([['commission', 800_000]]);
  });

  it('clawback in a later period, attainment reduced', () => {
    const deals = [
      deal('D1', 'rep-a', 8_000_000, '2027-01-05'),
      deal('D2', 'rep-a', 4_000_000, '2027-01-10', { cancelledOn: '2027-02-15' }), // 36 days: within 90
    ];
    const statements = run('clawback', deals, 'FY2027-M02');
    // M01: $120,000 = 120%: tier 2: 1.5 x 8% x $120,000 = $14,400.00
    expect(statementOf(statements, 'rep-a', 'FY2027-M01').total).toBe(1_440_000);
    // M02: January without D2: $80,000 = 80%, tier 1: 8% x $80,000 = $6,400; $6,400 - $14,400 = -$8,000.00
    const february = statementOf(statements, 'rep-a', 'FY2027-M02');
    expect(amounts(february)).toEqual([['clawback', -800_000]]);
    expect(february.lines[0]?.trace).toMatchObject({
      deals: ['D2'],
      linkedTo: { deal: 'D2', period: 'FY2027-M01' },
      formula: 'bookings of FY2027-M01 without D2 $6,400.00 - with it $14,400.00 = -$8,000.00',
    });
  });

  it('clawback that keeps attainment takes back the deal share of what was paid', () => {
    const kept = plan('clawback');
    const deals = [
      deal('D1', 'rep-a', 8_000_000, '2027-01-05'),
      deal('D2', 'rep-a', 4_000_000, '2027-01-10', { cancelledOn: '2027-02-15' }),
      deal('D3', 'rep-a', 4_000_000, '2027-01-10', { cancelledOn: '2027-06-15' }), // 156 days: too late
    ];
    const statements = runCompensation(
      {
        plan: { ...kept, clawback: { withinDays: 90, reducesAttainment: false } },
        calendar,
        payees: [ae],
        deals,
        quotas: [],
      },
      'FY2027-M06',
    );
    // M01: $160,000 = 160%: 1.5 x 8% x $160,000 = $19,200; M02: -($19,200 x $40,000 / $160,000) = -$4,800.00
    expect(amounts(statementOf(statements, 'rep-a', 'FY2027-M02'))).toEqual([['clawback', -480_000]]);
    expect(statementOf(statements, 'rep-a', 'FY2027-M06').lines).toEqual([]);
  });

  it('year-to-date true-up', () => {
    const statements = run(
      'true-up',
      [deal('D1', 'rep-a', 5_000_000, '2027-01-10'), deal('D2', 'rep-a', 16_000_000, '2027-02-10')],
      'FY2027-M02',
    );
    // M01: 50%, tier 1: 8% x $50,000 = $4,000.00; YTD equals the month: no true-up
    expect(amounts(statementOf(statements, 'rep-a', 'FY2027-M01'))).toEqual([['commission', 400_000]]);
    // M02: 160%, tier 2: 1.5 x 8% x $160,000 = $19,200.00. YTD: $210,000 / $200,000 = 105%: 1.5 x 8% x
    // $210,000 = $25,200; paid $4,000 + $19,200 = $23,200; true-up $2,000.00
    const february = statementOf(statements, 'rep-a', 'FY2027-M02');
    expect(amounts(february)).toEqual([
      ['commission', 1_920_000],
      ['trueUp', 200_000],
    ]);
    expect(february.lines[1]?.trace.formula).toBe(
      'YTD earned $25,200.00 (bookings $25,200.00) - YTD paid $23,200.00 = $2,000.00',
    );
  });

  it('target rates with weights: variable pay x weight / 12 / quota, rounded once per line', () => {
    const [statement] = run('target-weights', [deal('D1', 'rep-a', 4_000_000, '2027-01-10')], 'FY2027-M01');
    // variable $100,000 a year. bookings: $100,000 x 0.6 / 12 = $5,000 target on a $100,000 quota: 5%;
    // 5% x $40,000 = $2,000.00. logos: $100,000 x 0.4 / 12 = $3,333.33... on 2 logos = 16,666,666.67/100
    // cents per logo; 1 logo -> 166,666.67 cents -> $1,666.67
    expect(amounts(statement as Statement)).toEqual([
      ['commission', 200_000],
      ['commission', 166_667],
    ]);
    expect(statement?.lines[1]?.trace.formula).toBe('500000/3 minor units/logo x 1 logo = $1,666.67');
  });

  it('a closed period is kept; its recomputation adjusts the next open period', () => {
    const first = run('flat', [deal('D1', 'rep-a', 5_000_000, '2027-01-10')], 'FY2027-M01');
    // A late deal booked in January appears after January closed.
    const statements = run(
      'flat',
      [deal('D1', 'rep-a', 5_000_000, '2027-01-10'), deal('D9', 'rep-a', 2_500_000, '2027-01-28')],
      'FY2027-M02',
      { closed: first },
    );
    // January stays as paid: 8% x $50,000 = $4,000.00
    expect(statementOf(statements, 'rep-a', 'FY2027-M01')).toEqual(first[0]);
    // February: recomputed January 8% x $75,000 = $6,000; adjustment $6,000 - $4,000 = $2,000.00
    const february = statementOf(statements, 'rep-a', 'FY2027-M02');
    expect(amounts(february)).toEqual([['adjustment', 200_000]]);
    expect(february.lines[0]?.trace).toMatchObject({
      deals: ['D1', 'D9'],
      rule: 'recalculation of closed period FY2027-M01: commission bookings',
      formula: 'now $6,000.00 - paid $4,000.00 = $2,000.00',
      linkedTo: { period: 'FY2027-M01' },
    });
  });

  it('closing an adjusted period does not pay its adjustment again', () => {
    const january = [deal('D1', 'rep-a', 5_000_000, '2027-01-10')];
    const late = [...january, deal('D9', 'rep-a', 2_500_000, '2027-01-28')];
    const closedJanuary = run('flat', january, 'FY2027-M01');
    // February is paid with the $2,000.00 adjustment for D9, then closed too.
    const closedFebruary = run('flat', late, 'FY2027-M02', { closed: closedJanuary }).filter(
      (statement) => statement.period === 'FY2027-M02',
    );
    expect(closedFebruary[0]?.total).toBe(200_000);
    // March: January and February are both closed and nothing changed since: nothing more to adjust.
    const statements = run('flat', late, 'FY2027-M03', { closed: [...closedJanuary, ...closedFebruary] });
    expect(statementOf(statements, 'rep-a', 'FY2027-M03').lines).toEqual([]);
    // A deal found later in February alone adjusts March by 8% x $10,000 = $800.00.
    const later = run('flat', [...late, deal('D10', 'rep-a', 1_000_000, '2027-02-20')], 'FY2027-M03', {
      closed: [...closedJanuary, ...closedFebruary],
    });
    expect(amounts(statementOf(later, 'rep-a', 'FY2027-M03'))).toEqual([['adjustment', 80_000]]);
  });
});

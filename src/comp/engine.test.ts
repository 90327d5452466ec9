import { describe, expect, it } from 'vitest';
import { isoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { type MinorUnits } from '../domain/money.js';
import { type CompDeal } from './crediting.js';
import { runCompensation, type CompInput } from './engine.js';
import { ON_BOOKING } from './payout-timing.js';
import { validateCompPlan, type CompPlan } from './plan.js';

const calendar = createFiscalCalendar({ startMonth: 1 });

function flatPlan(): CompPlan {
  const result = validateCompPlan({
    version: 1,
    name: 'AE',
    currency: 'USD',
    roles: [{ name: 'ae', measures: ['bookings'] }],
    measures: [{ name: 'bookings', metric: 'bookings', rate: '0.1', threshold: '0.5' }],
  });
  if (!result.ok) throw new Error('plan');
  return result.plan;
}

const base: CompInput = {
  plan: flatPlan(),
  calendar,
  payees: [{ id: 'rep-a', role: 'ae' }],
  deals: [],
  quotas: [{ payee: 'rep-a', measure: 'bookings', period: 'FY2027-M01', quota: 1_000_000 }],
};

function deal(id: string, owner: string, extra: Partial<CompDeal> = {}): CompDeal {
  return { id, owner, amount: 100_000 as MinorUnits, bookedOn: isoDate('2027-01-10'), type: 'new', ...extra };
}

function messages(input: CompInput, through = 'FY2027-M01'): string {
  try {
    runCompensation(input, through);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('runCompensation bad input', () => {
  it('refuses a deal credited twice and splits that do not total 100%, computing nothing', () => {
    const text = messages({
      ...base,
      deals: [
        deal('D1', 'rep-a'),
        deal('D1', 'rep-a'),
        deal('D2', 'rep-a', {
          splits: [
            { payee: 'rep-a', share: '0.6', kind: 'revenue' },
            { payee: 'rep-b', share: '0.3', kind: 'revenue' },
          ],
        }),
      ],
    });
    expect(text).toContain('deals[1]: deal D1 is credited twice (also deals[0])');
    expect(text).toContain('deals[2].splits: the revenue splits of deal D2 total 0.6 + 0.3, not 100%');
    expect(text).toContain('mark extra credit (specialists, managers) as kind: overlay');
  });

  it('refuses a rep with no plan and a payee whose role the plan lacks', () => {
    const text = messages({
      ...base,
      payees: [...base.payees, { id: 'rep-c', role: 'sdr' }],
      deals: [deal('D1', 'rep-z')],
    });
    expect(text).toContain('payees[1].role: rep-c has role sdr, which plan AE does not define');
    const noPlan = messages({ ...base, deals: [deal('D1', 'rep-z')] });
    expect(noPlan).toContain('deals[0]: rep-z is credited on deal D1 but has no plan');
  });

  it('names a missing quota and a period of the wrong kind', () => {
    expect(messages({ ...base, quotas: [], deals: [deal('D1', 'rep-a')] })).toContain(
      'rep-a has no quota for bookings in FY2027-M01, which its tiers, threshold or cap need',
    );
    expect(messages(base, 'FY2027-Q1')).toContain('plan AE pays per month');
  });

  it('pays overlay credit on top without needing it to total 100%', () => {
    const statements = runCompensation(
      {
        ...base,
        deals: [
          deal('D1', 'rep-a', {
            splits: [
              { payee: 'rep-a', share: '1', kind: 'revenue' },
              { payee: 'rep-a2', share: '0.5', kind: 'overlay' },
            ],
          }),
        ],
        payees: [...base.payees, { id: 'rep-a2', role: 'ae' }],
        quotas: [],
        plan: {
          ...base.plan,
          measures: base.plan.measures.map((measure) => ({ ...measure, quota: 100_000 })),
        },
      },
      'FY2027-M01',
    );
    // rep-a: revenue 100% of $1,000.00 = 100% of quota: 10% = $100.00; rep-a2: overlay 50% = $500.00, 50% of
    // quota (at the threshold): 10% = $50.00
    expect(statements.map((statement) => [statement.payee, statement.total])).toEqual([
      ['rep-a', 10_000],
      ['rep-a2', 5_000],
    ]);
  });
});

describe('runCompensation eligibility', () => {
  it('credits a payee only with deals booked while eligible', () => {
    const [statement] = runCompensation(
      {
        ...base,
        plan: {
          ...base.plan,
          measures: base.plan.measures.map((measure) => ({ ...measure, threshold: null })),
        },
        payees: [{ id: 'rep-a', role: 'ae', eligibleFrom: isoDate('2027-01-15') }],
        deals: [deal('D1', 'rep-a'), deal('D2', 'rep-a', { bookedOn: isoDate('2027-01-15') })],
      },
      'FY2027-M01',
    );
    // D1 (Jan 10) is before the start: only D2 counts, 10% x $1,000.00 = $100.00
    expect(statement?.total).toBe(10_000);
    expect(statement?.lines[0]?.trace.deals).toEqual(['D2']);
  });
});

describe('runCompensation across plans', () => {
  it("pays a manager's override on reps paid under another plan, without paying the reps here", () => {
    const result = validateCompPlan({
      version: 1,
      name: 'Managers',
      currency: 'USD',
      roles: [
        { name: 'manager', measures: ['bookings'], override: { rate: '0.02', measures: ['bookings'] } },
      ],
      measures: [{ name: 'bookings', metric: 'bookings', rate: '0.05' }],
    });
    if (!result.ok) throw new Error('plan');
    const statements = runCompensation(
      {
        plan: result.plan,
        calendar,
        payees: [{ id: 'boss', role: 'manager' }],
        otherPayees: [
          { id: 'rep-a', role: 'ae', managerId: 'boss' },
          { id: 'sdr-1', role: 'sdr', managerId: 'other' },
        ],
        deals: [
          deal('D1', 'rep-a', {
            splits: [
              { payee: 'rep-a', share: '1', kind: 'revenue' },
              { payee: 'sdr-1', share: '1', kind: 'overlay' },
            ],
          }),
          deal('D2', 'rep-a', { amount: 300_000 as MinorUnits }),
        ],
        quotas: [],
      },
      'FY2027-M01',
    );
    // Only the manager has a statement: 2% x ($1,000.00 + $3,000.00) = $80.00; the SDR's overlay is no revenue.
    expect(statements.map((statement) => [statement.payee, statement.total])).toEqual([['boss', 8_000]]);
    expect(statements[0]?.lines[0]?.trace).toMatchObject({
      deals: ['D1', 'D2'],
      rule: 'manager override on bookings of rep-a',
      formula: '2% x $4,000.00 = $80.00',
    });
  });
});

describe("a manager's override on reports paid on invoice", () => {
  function planOf(spec: Record<string, unknown>): CompPlan {
    const result = validateCompPlan({ version: 1, currency: 'USD', ...spec });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.plan;
  }
  const managerPlan = planOf({
    name: 'Managers',
    roles: [
      {
        name: 'manager',
        measures: ['bookings', 'renewals'],
        override: { rate: '0.01', measures: ['bookings', 'renewals'] },
      },
    ],
    measures: [
      { name: 'bookings', metric: 'bookings', rate: '0.04' },
      { name: 'renewals', metric: 'renewals', rate: '0.01' },
    ],
  });
  const amPlan = planOf({
    name: 'AMs',
    roles: [{ name: 'am', measures: ['renewals'] }],
    measures: [{ name: 'renewals', metric: 'renewals', rate: '0.015' }],
    payout: { on: 'invoice', invoiceLagDays: 30 },
  });
  const ae = { id: 'rep-ae', role: 'ae', managerId: 'boss', payout: ON_BOOKING };
  const am = { id: 'rep-am', role: 'am', managerId: 'boss', payout: amPlan.payout };
  const deals = [
    // Booked in December of the year before, invoiced 2027-01-14: the AM's credit of January.
    deal('R0', 'rep-am', {
      amount: 1_000_000 as MinorUnits,
      bookedOn: isoDate('2026-12-15'),
      type: 'renewal',
    }),
    // Booked 2027-01-20, invoiced 2027-02-19: the AM's credit of February, though booked in January.
    deal('R1', 'rep-am', {
      amount: 4_000_000 as MinorUnits,
      bookedOn: isoDate('2027-01-20'),
      type: 'renewal',
    }),
    // Invoiced 2027-03-12: after the run's last day, in no period run.
    deal('R2', 'rep-am', { amount: 500_000 as MinorUnits, bookedOn: isoDate('2027-02-10'), type: 'renewal' }),
    deal('B1', 'rep-ae', {
      amount: 2_000_000 as MinorUnits,
      bookedOn: isoDate('2027-01-25'),
      type: 'expansion',
    }),
  ];
  const managerRun = runCompensation(
    {
      plan: managerPlan,
      calendar,
      payees: [{ id: 'boss', role: 'manager' }],
      otherPayees: [ae, am],
      deals,
      quotas: [],
    },
    'FY2027-M02',
  );
  const amRun = runCompensation(
    {
      plan: amPlan,
      calendar,
      payees: [am],
      otherPayees: [ae, { id: 'boss', role: 'manager' }],
      deals,
      quotas: [],
    },
    'FY2027-M02',
  );
  const overrideBase = (period: string, measure: string) =>
    managerRun
      .find((statement) => statement.period === period)
      ?.overrides?.find((each) => each.measure === measure)?.volume;

  it('credits a report paid on invoice in the month of the invoice, as the report is credited', () => {
    // January: 1% x $20,000.00 (B1, booked) and 1% x $10,000.00 (R0, invoiced 2027-01-14).
    const january = managerRun.find((statement) => statement.period === 'FY2027-M01');
    expect(january?.lines.map((each) => [each.measure, each.amount, each.trace.deals])).toEqual([
      ['bookings', 20_000, ['B1']],
      ['renewals', 10_000, ['R0']],
    ]);
    // February: 1% x $40,000.00 (R1, booked in January, invoiced 2027-02-19); R2 is invoiced in March.
    const february = managerRun.find((statement) => statement.period === 'FY2027-M02');
    expect(february?.lines.map((each) => [each.measure, each.amount, each.trace.formula])).toEqual([
      ['renewals', 40_000, '1% x $40,000.00 = $400.00'],
    ]);
  });

  it("has the override base of each month equal to the reports' credit in that month", () => {
    for (const period of ['FY2027-M01', 'FY2027-M02']) {
      const amRenewals = amRun
        .find((statement) => statement.payee === 'rep-am' && statement.period === period)
        ?.attainment.find((each) => each.measure === 'renewals')?.volume;
      expect(overrideBase(period, 'renewals')).toBe(amRenewals);
    }
    expect([overrideBase('FY2027-M01', 'renewals'), overrideBase('FY2027-M02', 'renewals')]).toEqual([
      1_000_000, 4_000_000,
    ]);
  });

  it("places a report's credit by this plan's timing where their plan's is not given", () => {
    const { payout: _timing, ...untimed } = am;
    const statements = runCompensation(
      {
        plan: managerPlan,
        calendar,
        payees: [{ id: 'boss', role: 'manager' }],
        otherPayees: [ae, untimed],
        deals,
        quotas: [],
      },
      'FY2027-M02',
    );
    // On booking: R1 in January, R2 in February, R0 in December of the year before (not run).
    expect(
      statements.map((statement) => statement.overrides?.find((each) => each.measure === 'renewals')?.volume),
    ).toEqual([4_000_000, 500_000]);
  });
});

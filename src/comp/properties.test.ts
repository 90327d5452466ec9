import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromDayNumber, toDayNumber, isoDate } from '../domain/dates.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { sumMoney, type MinorUnits } from '../domain/money.js';
import { creditDeal, type CompDeal } from './crediting.js';
import { runCompensation, type CompInput, type Payee } from './engine.js';
import { ON_BOOKING, type PayoutTiming } from './payout-timing.js';
import { validateCompPlan, type CompPlan } from './plan.js';
import { lineTotal, type Statement } from './statement.js';

const calendar = createFiscalCalendar({ startMonth: 1 });
const SEED = 20270101;
const JANUARY_1 = toDayNumber(isoDate('2027-01-01'));

interface PlanShape {
  readonly method: 'retroactive' | 'marginal';
  /** Non-decreasing multipliers in tenths, one per tier. */
  readonly multipliers: readonly number[];
  readonly capAmount: number | null;
}

function planOf(shape: PlanShape): CompPlan {
  const tiers = shape.multipliers.map((tenths, index) => ({
    from: String(index * 0.5),
    ...(index < shape.multipliers.length - 1 ? { to: String((index + 1) * 0.5) } : {}),
    multiplier: String(tenths / 10),
  }));
  const result = validateCompPlan({
    version: 1,
    name: 'random',
    currency: 'USD',
    roles: [{ name: 'ae', measures: ['bookings'] }],
    measures: [
      {
        name: 'bookings',
        metric: 'bookings',
        quota: '10000.00',
        rate: '0.07',
        method: shape.method,
        tiers,
        ...(shape.capAmount === null ? {} : { cap: { amount: String(shape.capAmount) } }),
      },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const planShape = fc.record({
  method: fc.constantFrom('retroactive' as const, 'marginal' as const),
  multipliers: fc
    .array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 })
    .map((values) => [...values].sort((a, b) => a - b)),
  capAmount: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
});

const payees = ['rep-a', 'rep-b', 'rep-c'];

const dealArbitrary = fc.record({
  owner: fc.constantFrom(...payees),
  amount: fc.integer({ min: 1, max: 3_000_000 }),
  day: fc.integer({ min: 0, max: 89 }),
  type: fc.constantFrom('new' as const, 'expansion' as const, 'renewal' as const),
  partner: fc.option(fc.constantFrom(...payees), { nil: null }),
});

const dealsArbitrary = fc.array(dealArbitrary, { maxLength: 25 }).map((rows) =>
  rows.map((row, index): CompDeal => ({
    id: `D${String(index).padStart(3, '0')}`,
    owner: row.owner,
    amount: row.amount as MinorUnits,
    bookedOn: fromDayNumber(JANUARY_1 + row.day),
    type: row.type,
    ...(row.partner && row.partner !== row.owner
      ? {
          splits: [
            { payee: row.owner, share: '0.7', kind: 'revenue' as const },
            { payee: row.partner, share: '0.3', kind: 'revenue' as const },
          ],
        }
      : {}),
  })),
);

function run(plan: CompPlan, deals: readonly CompDeal[]): Statement[] {
  const input: CompInput = {
    plan,
    calendar,
    payees: payees.map((id) => ({ id, role: 'ae' })),
    deals,
    quotas: [],
  };
  return runCompensation(input, 'FY2027-M03');
}

describe('compensation properties', () => {
  it('revenue splits conserve the deal amount exactly', () => {
    // Cut points in thousandths split 1 into shares such as 0.250, 0.333, 0.417 that total exactly 1.
    const shares = fc
      .uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 5 })
      .map((cuts) => [0, ...[...cuts].sort((a, b) => a - b), 1000])
      .map((points) =>
        points.slice(1).map((point, index) => ((point - (points[index] ?? 0)) / 1000).toFixed(3)),
      );
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), shares, (amount, parts) => {
        const splits = parts.map((share, index) => ({ payee: `p${index}`, share, kind: 'revenue' as const }));
        const deal: CompDeal = {
          id: 'D',
          owner: 'p0',
          amount: amount as MinorUnits,
          bookedOn: isoDate('2027-01-01'),
          type: 'new',
          splits,
        };
        expect(sumMoney(creditDeal(deal).map((credit) => credit.amount))).toBe(amount);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('statement totals are sums of lines; pay is never negative without clawbacks; caps hold', () => {
    fc.assert(
      fc.property(planShape, dealsArbitrary, (shape, deals) => {
        const plan = planOf(shape);
        for (const statement of run(plan, deals)) {
          expect(statement.total).toBe(lineTotal(statement.lines));
          expect(statement.total).toBeGreaterThanOrEqual(0);
          for (const line of statement.lines) expect(line.trace.formula).not.toBe('');
          const cap = plan.measures[0]?.capAmount ?? null;
          if (cap !== null) expect(statement.total).toBeLessThanOrEqual(cap);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('marginal pay never exceeds retroactive pay for the same non-decreasing rates', () => {
    fc.assert(
      fc.property(planShape, dealsArbitrary, (shape, deals) => {
        const marginal = run(planOf({ ...shape, method: 'marginal', capAmount: null }), deals);
        const retroactive = run(planOf({ ...shape, method: 'retroactive', capAmount: null }), deals);
        marginal.forEach((statement, index) => {
          expect(statement.total).toBeLessThanOrEqual(retroactive[index]?.total ?? 0);
        });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('the order of the deals never changes a result', () => {
    const dealsAndPermutation = dealsArbitrary.chain((deals) =>
      fc.tuple(fc.constant(deals), fc.shuffledSubarray(deals, { minLength: deals.length })),
    );
    fc.assert(
      fc.property(planShape, dealsAndPermutation, (shape, [deals, permuted]) => {
        const plan = planOf(shape);
        expect(run(plan, permuted)).toEqual(run(plan, deals));
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe("a manager's override follows the reports' credit", () => {
  const metrics = ['bookings', 'renewals'] as const;
  const measures = metrics.map((metric) => ({ name: metric, metric, rate: '0.05' }));
  function planFor(role: string, payout: PayoutTiming, override = false): CompPlan {
    const result = validateCompPlan({
      version: 1,
      name: role,
      currency: 'USD',
      roles: [
        {
          name: role,
          measures: [...metrics],
          ...(override ? { override: { rate: '0.01', measures: [...metrics] } } : {}),
        },
      ],
      measures,
      payout: payout.on === 'booking' ? { on: 'booking' } : payout,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.plan;
  }
  const timing = fc.oneof(
    fc.constant(ON_BOOKING),
    fc.integer({ min: 0, max: 45 }).map((lag): PayoutTiming => ({ on: 'invoice', invoiceLagDays: lag })),
  );
  // Deals of the two reports from November of the year before to March, some split 70/30 between them.
  const NOVEMBER_1 = toDayNumber(isoDate('2026-11-01'));
  const reportDeals = fc
    .array(
      fc.record({
        owner: fc.constantFrom('rep-a', 'rep-b'),
        amount: fc.integer({ min: 1, max: 3_000_000 }),
        day: fc.integer({ min: 0, max: 150 }),
        type: fc.constantFrom('new' as const, 'expansion' as const, 'renewal' as const),
        split: fc.boolean(),
      }),
      { maxLength: 25 },
    )
    .map((rows) =>
      rows.map((row, index): CompDeal => ({
        id: `D${String(index).padStart(3, '0')}`,
        owner: row.owner,
        amount: row.amount as MinorUnits,
        bookedOn: fromDayNumber(NOVEMBER_1 + row.day),
        type: row.type,
        ...(row.split
          ? {
              splits: [
                { payee: row.owner, share: '0.7', kind: 'revenue' as const },
                { payee: row.owner === 'rep-a' ? 'rep-b' : 'rep-a', share: '0.3', kind: 'revenue' as const },
              ],
            }
          : {}),
      })),
    );

  it("equals, in every period, the reports' credited volume under their own plans' timing", () => {
    fc.assert(
      fc.property(timing, timing, timing, reportDeals, (managerTiming, timingA, timingB, deals) => {
        const manager = { id: 'boss', role: 'manager' };
        const a = { id: 'rep-a', role: 'ae', managerId: 'boss', payout: timingA };
        const b = { id: 'rep-b', role: 'am', managerId: 'boss', payout: timingB };
        const runOf = (plan: CompPlan, payee: Payee, others: Payee[]) =>
          runCompensation(
            { plan, calendar, payees: [payee], otherPayees: others, deals, quotas: [] },
            'FY2027-M03',
          );
        const bosses = runOf(planFor('manager', managerTiming, true), manager, [a, b]);
        const reports = [
          ...runOf(planFor('ae', timingA), a, [b, manager]),
          ...runOf(planFor('am', timingB), b, [a, manager]),
        ];
        for (const statement of bosses) {
          for (const metric of metrics) {
            const credited = sumMoney(
              reports
                .filter((report) => report.period === statement.period)
                .map(
                  (report) =>
                    (report.attainment.find((each) => each.metric === metric)?.volume ?? 0) as MinorUnits,
                ),
            );
            expect(statement.overrides?.find((each) => each.metric === metric)?.volume).toBe(credited);
          }
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});

/**
 * The engine's columnar crediting against its oracle, the object form (test/comp/object-crediting.ts): on random
 * plans and deals (splits with overlays, eligibility windows, cancellations, payout on invoice, managers with a
 * report paid under another plan on its own timing, deals in any order, now and then a deal given twice or a payee
 * without a plan) both give identical statements, or the same problems. And the money text statements use is
 * formatMoney's, exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnarCrediting, type Crediting } from '../../src/comp/credit-table.js';
import { type CompDeal, type CompSplit } from '../../src/comp/crediting.js';
import { runCompensation, type CompInput, type OtherPayee, type Payee } from '../../src/comp/engine.js';
import { ON_BOOKING } from '../../src/comp/payout-timing.js';
import { money } from '../../src/comp/exact.js';
import { validateCompPlan, type CompPlan } from '../../src/comp/plan.js';
import { addDays, isoDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { createFiscalCalendar } from '../../src/domain/fiscal-calendar.js';
import { formatMoney, type CurrencyCode, type MinorUnits } from '../../src/domain/money.js';
import { objectCrediting } from './object-crediting.js';

const calendar = createFiscalCalendar({ startMonth: 1 });
const SEED = 20271127;
// rep-e is paid under another plan, on its own timing (a manager's override counts it when it is credited).
const REPS = ['rep-a', 'rep-b', 'rep-c', 'rep-d', 'rep-e'];
const DECEMBER_1 = isoDate('2026-12-01');

function planOf(options: { onInvoice: boolean; reducesAttainment: boolean; trueUp: boolean }): CompPlan {
  const result = validateCompPlan({
    version: 1,
    name: 'random',
    currency: 'USD',
    roles: [
      { name: 'ae', ote: '120000', baseShare: '0.5', measures: ['bookings', 'logos'] },
      { name: 'se', measures: ['bookings'] },
      { name: 'manager', measures: ['bookings'], override: { rate: '0.01', measures: ['bookings'] } },
    ],
    measures: [
      {
        name: 'bookings',
        metric: 'bookings',
        quota: '20000',
        rate: '0.05',
        method: 'retroactive',
        tiers: [
          { from: '0', to: '1', multiplier: '1' },
          { from: '1', multiplier: '1.5' },
        ],
      },
      { name: 'logos', metric: 'newLogos', rate: '100' },
    ],
    spifs: [
      { name: 'big', measure: 'bookings', dealTypes: ['new'], minAmount: '5000', pay: { amount: '50' } },
    ],
    clawback: { withinDays: 60, reducesAttainment: options.reducesAttainment },
    trueUp: options.trueUp,
    payout: options.onInvoice ? { on: 'invoice', invoiceLagDays: 20 } : { on: 'booking' },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const dealRow = fc.record({
  owner: fc.constantFrom(...REPS, 'nobody'),
  amount: fc.integer({ min: 1, max: 2_000_000 }),
  day: fc.integer({ min: 0, max: 150 }),
  type: fc.constantFrom('new' as const, 'expansion' as const, 'renewal' as const),
  partner: fc.option(fc.constantFrom(...REPS), { nil: null }),
  overlay: fc.boolean(),
  cancelAfter: fc.option(fc.integer({ min: 1, max: 90 }), { nil: null }),
  twin: fc.integer({ min: 0, max: 40 }),
});

const scenario = fc.record({
  rows: fc.array(dealRow, { maxLength: 30 }),
  order: fc.array(fc.integer(), { maxLength: 30 }),
  onInvoice: fc.boolean(),
  reducesAttainment: fc.boolean(),
  trueUp: fc.boolean(),
  through: fc.constantFrom('FY2027-M01', 'FY2027-M02', 'FY2027-M03'),
  leftOn: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  otherInvoiceLag: fc.option(fc.integer({ min: 0, max: 45 }), { nil: null }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function inputOf(s: Scenario): CompInput {
  const owners = (row: Scenario['rows'][number]) => (row.owner === 'nobody' ? 'rep-a' : row.owner);
  const deals = s.rows.map((row, index): CompDeal => {
    const owner = owners(row);
    const splits: CompSplit[] = [];
    if (row.partner && row.partner !== owner) {
      splits.push(
        { payee: owner, share: '0.6', kind: 'revenue' },
        { payee: row.partner, share: '0.4', kind: 'revenue' },
      );
    }
    if (row.overlay) {
      if (splits.length === 0) splits.push({ payee: owner, share: '1', kind: 'revenue' });
      splits.push({ payee: row.owner === 'nobody' ? 'nobody' : 'se-1', share: '0.5', kind: 'overlay' });
    }
    const bookedOn = addDays(DECEMBER_1, row.day);
    // One deal in forty repeats the id of the one before it.
    const id = row.twin === 0 && index > 0 ? `D${index - 1}` : `D${index}`;
    return {
      id,
      owner,
      amount: row.amount as MinorUnits,
      bookedOn,
      type: row.type,
      ...(splits.length > 0 ? { splits } : {}),
      ...(row.cancelAfter === null ? {} : { cancelledOn: addDays(bookedOn, row.cancelAfter) }),
    };
  });
  // Deals in a random order: the columnar path sorts their ids, the object path its lists.
  const keyed = deals.map((deal, index) => ({ deal, key: s.order[index] ?? index }));
  keyed.sort((a, b) => a.key - b.key);
  const payees: Payee[] = [
    { id: 'boss', role: 'manager' },
    { id: 'rep-a', role: 'ae', managerId: 'boss' },
    { id: 'rep-b', role: 'ae', managerId: 'boss', eligibleFrom: isoDate('2027-01-15') },
    {
      id: 'rep-c',
      role: 'ae',
      managerId: 'boss',
      ...(s.leftOn === null ? {} : { eligibleThrough: addDays(DECEMBER_1, s.leftOn) }),
    },
    { id: 'rep-d', role: 'ae' },
    { id: 'se-1', role: 'se' },
  ];
  const other: OtherPayee = {
    id: 'rep-e',
    role: 'am',
    managerId: 'boss',
    payout: s.otherInvoiceLag === null ? ON_BOOKING : { on: 'invoice', invoiceLagDays: s.otherInvoiceLag },
  };
  return {
    plan: planOf(s),
    calendar,
    payees,
    otherPayees: [other],
    deals: keyed.map((each) => each.deal),
    quotas: [],
  };
}

function outcome(input: CompInput, through: string, crediting: Crediting) {
  try {
    return { statements: runCompensation(input, through, crediting) };
  } catch (error) {
    if (error instanceof InputError) return { problems: error.problems };
    throw error;
  }
}

describe('columnar crediting', () => {
  it('gives the statements (or the problems) of the object form, on random inputs', () => {
    let refused = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const input = inputOf(s);
        const columnar = outcome(input, s.through, columnarCrediting);
        if ('problems' in columnar) refused++;
        expect(columnar).toEqual(outcome(input, s.through, objectCrediting));
      }),
      { seed: SEED, numRuns: 150 },
    );
    // Both kinds of run were compared: some refused (a twin deal, a credit to nobody), most computed.
    expect(refused).toBeGreaterThan(10);
    expect(refused).toBeLessThan(140);
  });
});

describe('money text', () => {
  it('is formatMoney, for any amount and currency', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(['USD', 'EUR', 'JPY', 'GBP', 'CHF', 'INR', 'KWD', 'SEK'] as CurrencyCode[])),
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (currency, amount) => {
          expect(money(amount, currency)).toBe(formatMoney(amount as MinorUnits, currency));
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

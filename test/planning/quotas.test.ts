import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { minorUnits } from '../../src/domain/money.js';
import type { QuotaMethod, QuotaModel } from '../../src/domain/planning-config.js';
import { allocateQuotas, assignedTotal, type QuotaRep } from '../../src/planning/quotas.js';

const usd = (major: number) => minorUnits(Math.round(major * 100));
const START = isoDate('2027-02-01');
const RAMP = [0.25, 0.5, 0.75];

const model: QuotaModel = {
  overAssignment: 0.1,
  method: 'potential',
  topDownBasis: 'potential',
  blendTopDownWeight: 0.5,
  expectedPenetration: 0.1,
  seasonality: [0.25, 0.25, 0.25, 0.25],
  fairnessTolerance: 0.2,
};

function rep(id: string, potential: number, fields: Partial<QuotaRep> = {}): QuotaRep {
  return {
    id,
    team: 'East',
    hireDate: isoDate('2020-01-01'),
    territoryPotential: usd(potential),
    priorYearBookings: null,
    trailing12Bookings: null,
    ote: null,
    ...fields,
  };
}

const reps = [
  rep('A', 6_000_000, {
    priorYearBookings: usd(500_000),
    trailing12Bookings: usd(400_000),
    ote: usd(200_000),
  }),
  rep('B', 3_000_000, { team: 'West' }),
  rep('C', 1_000_000, { priorYearBookings: usd(300_000) }),
];
const quotasOf = (method: QuotaMethod, overrides: Partial<QuotaModel> = {}, people = reps) =>
  allocateQuotas({
    target: usd(1_000_000),
    currency: 'USD',
    planStart: START,
    reps: people,
    model: { ...model, ...overrides },
    rampProfile: RAMP,
    method,
  });

describe('allocateQuotas', () => {
  it('assigns target + buffer: 1,000,000 x 1.1, rounded once to a whole unit', () => {
    expect(assignedTotal(usd(1_000_000), 0.1, 'USD')).toBe(usd(1_100_000));
    expect(quotasOf('potential').assigned).toBe(usd(1_100_000));
    // $1,000,000.50 x 1.1 = $1,100,000.55 -> $1,100,001; ¥1,005 x 1.1 = ¥1,105.5 -> ¥1,106 (half away from 0).
    expect(assignedTotal(usd(1_000_000.5), 0.1, 'USD')).toBe(usd(1_100_001));
    expect(assignedTotal(minorUnits(1005), 0.1, 'JPY')).toBe(1106);
  });

  it('splits top-down evenly, by potential and by prior year (a rep without history takes the mean)', () => {
    // $1,100,000 / 3 = $366,666.67 each: whole dollars 366,666 x 3 leave $2, which go (equal remainders) to
    // the reps whose ids sort first, A and B.
    expect(quotasOf('even').reps.map((entry) => entry.quota)).toEqual([
      usd(366_667),
      usd(366_667),
      usd(366_666),
    ]);
    expect(quotasOf('potential').reps.map((entry) => entry.quota)).toEqual([
      usd(660_000),
      usd(330_000),
      usd(110_000),
    ]);
    // B takes the mean 400,000: weights 5 : 4 : 3, i.e. 458,333.33 / 366,666.67 / 275,000: B has the largest
    // remainder and takes the dollar left over.
    expect(quotasOf('prior-year').reps.map((entry) => entry.quota)).toEqual([
      usd(458_333),
      usd(366_667),
      usd(275_000),
    ]);
  });

  it('bottom-up: potential x penetration, averaged with trailing 12 months where known', () => {
    const plan = quotasOf('bottom-up');
    // A: (600,000 + 400,000) / 2 = 500,000; B: 300,000; C: 100,000. Total 900,000, 200,000 short of assigned.
    expect(plan.reps.map((entry) => entry.bottomUp)).toEqual([usd(500_000), usd(300_000), usd(100_000)]);
    expect(plan.bottomUpTotal).toBe(usd(900_000));
    expect(plan.bottomUpGap).toBe(usd(200_000));
    // 5/9, 3/9, 1/9 of 1,100,000: 611,111.11 / 366,666.67 / 122,222.22; B's .67 takes the dollar left over.
    expect(plan.reps.map((entry) => entry.quota)).toEqual([usd(611_111), usd(366_667), usd(122_222)]);
  });

  it('blends top-down and bottom-up shares', () => {
    // A: 0.5 x 0.6 + 0.5 x 5/9 = 0.57778 -> 635,555.56; B 0.31667 -> 348,333.33; C 0.10556 -> 116,111.11;
    // A's .56 takes the dollar left over.
    expect(quotasOf('blend').reps.map((entry) => entry.quota)).toEqual([
      usd(635_556),
      usd(348_333),
      usd(116_111),
    ]);
  });

  it('ramps a new hire and splits quarters by seasonality x ramp', () => {
    const plan = quotasOf('even', {}, [reps[0]!, rep('D', 1_000_000, { hireDate: START })]);
    // D's ramp factor: (0.25 + 0.5 + 0.75 + 9) / 12 = 0.875; shares 1 : 0.875.
    expect(plan.reps[1]!.rampFactor).toBe(0.875);
    // 1,100,000 / 1.875 = 586,666.67 and x 0.875: 513,333.33.
    expect(plan.reps.map((entry) => entry.quota)).toEqual([usd(586_667), usd(513_333)]);
    // Quarter weights 0.25 x 0.5 (Q1 mean of the ramp), then 0.25 x 1: 1/7, 2/7, 2/7, 2/7 of 513,333 are
    // 73,333.29 and 146,666.57 (x 3); the $2 left over go to the largest remainders, Q2 and Q3 (the earlier
    // quarters of the tie).
    expect(plan.reps[1]!.quarters).toEqual([usd(73_333), usd(146_667), usd(146_667), usd(146_666)]);
    expect(plan.reps[1]!.basis).toBe('46.7% of assigned, split evenly, ramped 88%');
  });

  it('applies seasonality to ramped reps', () => {
    const plan = quotasOf('potential', { seasonality: [0.2, 0.25, 0.25, 0.3] });
    expect(plan.reps[0]!.quarters).toEqual([usd(132_000), usd(165_000), usd(165_000), usd(198_000)]);
  });

  it('rolls quotas up to teams', () => {
    expect(quotasOf('potential').teams).toEqual([
      {
        team: 'East',
        reps: 2,
        quota: usd(770_000),
        quarters: [usd(192_500), usd(192_500), usd(192_500), usd(192_500)],
      },
      { team: 'West', reps: 1, quota: usd(330_000), quarters: [8_250_000, 8_250_000, 8_250_000, 8_250_000] },
    ]);
  });

  it('checks fairness (quota / potential) and gives quota:OTE', () => {
    const byPotential = quotasOf('potential');
    expect(byPotential.fairness).toMatchObject({ median: 0.11, flagged: [] });
    expect(byPotential.fairness.coefficientOfVariation).toBeCloseTo(0, 12);
    expect(byPotential.reps[0]!.quotaToOte).toBe(3.3);
    expect(byPotential.reps[1]!.quotaToOte).toBeNull();
    // Evenly: A 0.0611, B 0.1222 (the median), C 0.3667: A and C are more than 20% from the median.
    expect(quotasOf('even').fairness.flagged).toEqual(['A', 'C']);
  });

  it('rejects a zero target and a history basis nobody has', () => {
    expect(() =>
      allocateQuotas({ target: usd(0), currency: 'USD', planStart: START, reps, model, rampProfile: RAMP }),
    ).toThrow(InputError);
    const noHistory = [rep('X', 100), rep('Y', 100)];
    expect(() => quotasOf('trailing-12', {}, noHistory)).toThrow(/no rep has trailing-12-month bookings/);
  });

  it('gives ties to the rep whose id sorts first, whatever the input order', () => {
    const reordered = quotasOf('even', {}, [reps[2]!, reps[0]!, reps[1]!]);
    expect(reordered.reps.map((entry) => [entry.id, entry.quota])).toEqual([
      ['C', usd(366_666)],
      ['A', usd(366_667)],
      ['B', usd(366_667)],
    ]);
  });

  it('property: whole units that add up exactly, rep -> team -> org, in every currency and method', () => {
    const repArbitrary = fc.record({
      potential: fc.integer({ min: 0, max: 10_000_000_00 }),
      prior: fc.option(fc.integer({ min: 1, max: 5_000_000_00 })),
      trailing: fc.option(fc.integer({ min: 0, max: 5_000_000_00 })),
      tenure: fc.integer({ min: 0, max: 40 }),
      team: fc.option(fc.constantFrom('East', 'West', 'North')),
    });
    const units = { USD: 100, JPY: 1, KWD: 1000 } as const;
    const sum = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);
    fc.assert(
      fc.property(
        fc.array(repArbitrary, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 1_000_000_000_00 }),
        fc.constantFrom<QuotaMethod>('even', 'prior-year', 'trailing-12', 'potential', 'bottom-up', 'blend'),
        fc.constantFrom(0, 0.05, 0.1, 0.15),
        fc.constantFrom<keyof typeof units>('USD', 'JPY', 'KWD'),
        (people, target, method, overAssignment, currency) => {
          const input = people.map((person, index) =>
            rep(`r${index}`, 0, {
              team: person.team,
              territoryPotential: minorUnits(person.potential + 1),
              priorYearBookings: person.prior === null ? null : minorUnits(person.prior),
              trailing12Bookings: person.trailing === null ? null : minorUnits(person.trailing),
              hireDate: isoDate(
                `${2027 - Math.floor(person.tenure / 12)}-${String(12 - (person.tenure % 12)).padStart(2, '0')}-01`,
              ),
            }),
          );
          const history = { 'prior-year': 'priorYearBookings', 'trailing-12': 'trailing12Bookings' } as const;
          const field = method === 'prior-year' || method === 'trailing-12' ? history[method] : null;
          // Without any bookings of the basis there is nothing to split by (an InputError, tested above).
          fc.pre(field === null || input.some((entry) => (entry[field] ?? 0) > 0));
          const plan = allocateQuotas({
            target: minorUnits(target),
            currency,
            planStart: START,
            reps: input,
            model: { ...model, overAssignment, seasonality: [0.2, 0.25, 0.25, 0.3] },
            rampProfile: RAMP,
            method,
          });
          const unit = units[currency];
          expect(plan.assigned).toBe(assignedTotal(minorUnits(target), overAssignment, currency));
          expect(plan.assigned % unit).toBe(0);
          expect(sum(plan.reps.map((entry) => entry.quota))).toBe(plan.assigned);
          for (const entry of plan.reps) {
            expect(sum(entry.quarters)).toBe(entry.quota);
            expect(
              [entry.quota, ...entry.quarters, entry.bottomUp].every((amount) => amount % unit === 0),
            ).toBe(true);
          }
          expect(sum(plan.teams.map((team) => team.quota))).toBe(plan.assigned);
          for (const team of plan.teams) expect(sum(team.quarters)).toBe(team.quota);
          expect(plan.bottomUpGap).toBe(plan.assigned - sum(plan.reps.map((entry) => entry.bottomUp)));
        },
      ),
      { seed: 6, numRuns: 300 },
    );
  });
});

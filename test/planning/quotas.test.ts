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
    planStart: START,
    reps: people,
    model: { ...model, ...overrides },
    rampProfile: RAMP,
    method,
  });

describe('allocateQuotas', () => {
  it('assigns target + buffer: 1,000,000 x 1.1', () => {
    expect(assignedTotal(usd(1_000_000), 0.1)).toBe(usd(1_100_000));
    expect(quotasOf('potential').assigned).toBe(usd(1_100_000));
  });

  it('splits top-down evenly, by potential and by prior year (a rep without history takes the mean)', () => {
    expect(quotasOf('even').reps.map((entry) => entry.quota)).toEqual([36_666_667, 36_666_667, 36_666_666]);
    expect(quotasOf('potential').reps.map((entry) => entry.quota)).toEqual([
      usd(660_000),
      usd(330_000),
      usd(110_000),
    ]);
    // B takes the mean 400,000: weights 5 : 4 : 3.
    expect(quotasOf('prior-year').reps.map((entry) => entry.quota)).toEqual([
      45_833_333,
      36_666_667,
      usd(275_000),
    ]);
  });

  it('bottom-up: potential x penetration, averaged with trailing 12 months where known', () => {
    const plan = quotasOf('bottom-up');
    // A: (600,000 + 400,000) / 2 = 500,000; B: 300,000; C: 100,000. Total 900,000, 200,000 short of assigned.
    expect(plan.reps.map((entry) => entry.bottomUp)).toEqual([usd(500_000), usd(300_000), usd(100_000)]);
    expect(plan.bottomUpTotal).toBe(usd(900_000));
    expect(plan.bottomUpGap).toBe(usd(200_000));
    expect(plan.reps.map((entry) => entry.quota)).toEqual([61_111_111, 36_666_667, 12_222_222]);
  });

  it('blends top-down and bottom-up shares', () => {
    // A: 0.5 x 0.6 + 0.5 x 5/9 = 0.57778 -> 635,555.56; B 0.31667 -> 348,333.33; C 0.10556 -> 116,111.11.
    expect(quotasOf('blend').reps.map((entry) => entry.quota)).toEqual([63_555_556, 34_833_333, 11_611_111]);
  });

  it('ramps a new hire and splits quarters by seasonality x ramp', () => {
    const plan = quotasOf('even', {}, [reps[0]!, rep('D', 1_000_000, { hireDate: START })]);
    // D's ramp factor: (0.25 + 0.5 + 0.75 + 9) / 12 = 0.875; shares 1 : 0.875.
    expect(plan.reps[1]!.rampFactor).toBe(0.875);
    expect(plan.reps.map((entry) => entry.quota)).toEqual([58_666_667, 51_333_333]);
    // Quarter weights 0.25 x 0.5 (Q1 mean of the ramp), then 0.25 x 1: 1/7, 2/7, 2/7, 2/7.
    expect(plan.reps[1]!.quarters).toEqual([7_333_333, 14_666_667, 14_666_667, 14_666_666]);
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
      allocateQuotas({ target: usd(0), planStart: START, reps, model, rampProfile: RAMP }),
    ).toThrow(InputError);
    const noHistory = [rep('X', 100), rep('Y', 100)];
    expect(() => quotasOf('trailing-12', {}, noHistory)).toThrow(/no rep has trailing-12-month bookings/);
  });

  it('property: quotas and each rep quarters sum exactly to the assigned total', () => {
    const repArbitrary = fc.record({
      potential: fc.integer({ min: 0, max: 10_000_000_00 }),
      prior: fc.option(fc.integer({ min: 1, max: 5_000_000_00 })),
      trailing: fc.option(fc.integer({ min: 0, max: 5_000_000_00 })),
      tenure: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(
        fc.array(repArbitrary, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 1_000_000_000_00 }),
        fc.constantFrom<QuotaMethod>('even', 'prior-year', 'potential', 'bottom-up', 'blend'),
        fc.constantFrom(0, 0.05, 0.1, 0.15),
        (people, target, method, overAssignment) => {
          const input = people.map((person, index) =>
            rep(`r${index}`, 0, {
              territoryPotential: minorUnits(person.potential + 1),
              priorYearBookings: person.prior === null ? null : minorUnits(person.prior),
              trailing12Bookings: person.trailing === null ? null : minorUnits(person.trailing),
              hireDate: isoDate(
                `${2027 - Math.floor(person.tenure / 12)}-${String(12 - (person.tenure % 12)).padStart(2, '0')}-01`,
              ),
            }),
          );
          const plan = allocateQuotas({
            target: minorUnits(target),
            planStart: START,
            reps: input,
            model: { ...model, overAssignment, seasonality: [0.2, 0.25, 0.25, 0.3] },
            rampProfile: RAMP,
            method,
          });
          const sum = plan.reps.reduce((total, entry) => total + entry.quota, 0);
          expect(sum).toBe(assignedTotal(minorUnits(target), overAssignment));
          for (const entry of plan.reps) {
            expect(entry.quarters.reduce((total, amount) => total + amount, 0)).toBe(entry.quota);
          }
        },
      ),
      { seed: 6, numRuns: 200 },
    );
  });
});

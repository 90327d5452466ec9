import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.js';
import { InputError } from '../../src/domain/errors.js';
import { minorUnits } from '../../src/domain/money.js';
import { type CapacityModel, productivity } from '../../src/domain/planning-config.js';
import {
  capacityPlan,
  monthlyAttrition,
  wholeMonths,
  type CapacityRep,
} from '../../src/planning/capacity.js';

const usd = (major: number) => minorUnits(major * 100);
const START = isoDate('2027-02-01');

function model(overrides: Partial<CapacityModel> = {}): CapacityModel {
  const base = { expectedAttainment: 0.8, annualAttrition: 0 };
  return {
    ...base,
    rampedQuota: usd(1_000_000),
    rampProfile: [],
    backfillLagMonths: 0,
    hiringLeadTimeMonths: 3,
    quotaRoles: ['ae', 'am'],
    scenarios: { base, best: { expectedAttainment: 1, annualAttrition: 0 }, worst: base },
    ...overrides,
  };
}

const veteran = (id: string, role = 'ae'): CapacityRep => ({
  id,
  role,
  hireDate: isoDate('2020-01-01'),
  endDate: null,
});
const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => veteran(id));

describe('formulas', () => {
  it('productivity follows the ramp profile, then 1', () => {
    expect([0, 1, 2, 3, 10].map((tenure) => productivity(tenure, [0.25, 0.5, 0.75]))).toEqual([
      0.25, 0.5, 0.75, 1, 1,
    ]);
  });
  it('monthly attrition compounds to the annual rate', () => {
    expect((1 - monthlyAttrition(0.2)) ** 12).toBeCloseTo(0.8, 12);
  });
  it('counts whole months', () => {
    expect(wholeMonths(isoDate('2026-01-15'), isoDate('2026-03-14'))).toBe(1);
    expect(wholeMonths(isoDate('2026-01-15'), isoDate('2026-03-15'))).toBe(2);
    expect(wholeMonths(isoDate('2027-05-01'), START)).toBe(-3);
  });
});

describe('capacityPlan', () => {
  it('reconciles top-down need with the current team and sizes hires by lead time', () => {
    const plan = capacityPlan({
      target: usd(8_000_000),
      planStart: START,
      reps: [...six, veteran('sdr', 'sdr'), { ...veteran('gone'), endDate: isoDate('2027-01-31') }],
      model: model(),
    });
    expect(plan.currentReps).toBe(6);
    const base = plan.scenarios[0]!;
    // Need 8M / (1M x 0.8) = 10 rep-years; six ramped reps carry 6 (4.8M); a hire starting in month 3 adds 9/12.
    expect(base.rampedRepsNeeded).toBe(10);
    expect(base.currentRepYears).toBe(6);
    expect(base.currentCapacity).toBe(usd(4_800_000));
    expect(base.gap).toBe(usd(3_200_000));
    expect(base.repYearsPerHire).toBe(0.75);
    // ceil(4 / 0.75) = 6 hires: 6 + 4.5 = 10.5 rep-years = 8.4M.
    expect(base.hiresNeeded).toBe(6);
    expect(base.plannedCapacity).toBe(usd(8_400_000));
    expect(base.months.map((month) => month.headcount)).toEqual([
      6, 6, 6, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    ]);
    expect(base.months[0]!.requisitions).toBe(6);
    expect(base.months[3]!.newHireStarts).toBe(6);
    // Best case: attainment 1 needs 8 rep-years: ceil(2 / 0.75) = 3 hires.
    expect(plan.scenarios[1]).toMatchObject({ scenario: 'best', rampedRepsNeeded: 8, hiresNeeded: 3 });
    expect(base.tenure.find((band) => band.band === '2 years and more')).toMatchObject({
      reps: 6,
      repYears: 6,
    });
  });

  it('ramps new hires and counts ramping reps of the team at their tenure', () => {
    const plan = capacityPlan({
      target: usd(8_000_000),
      planStart: START,
      reps: [...six, { id: 'new', role: 'am', hireDate: isoDate('2027-01-01'), endDate: null }],
      model: model({ rampProfile: [0.5, 0.5] }),
    });
    const base = plan.scenarios[0]!;
    // The new AM is in tenure month 1 at the start: 0.5 then 1 for 11 months = 11.5 / 12.
    expect(base.currentRepYears).toBeCloseTo(6 + 11.5 / 12, 12);
    // A hire starting in month 3 works 9 months: 0.5 + 0.5 + 7 = 8 / 12.
    expect(base.repYearsPerHire).toBeCloseTo(8 / 12, 12);
    expect(base.hiresNeeded).toBe(Math.ceil((10 - 6 - 11.5 / 12) / (8 / 12)));
    expect(base.tenure.find((band) => band.band === 'ramping')).toMatchObject({ reps: 1 });
  });

  it('with attrition, backfills without lag or ramp keep capacity whole; a lag costs the vacant months', () => {
    const attrition = { expectedAttainment: 0.8, annualAttrition: 0.2 };
    const run = (lag: number) =>
      capacityPlan({
        target: usd(800_000),
        planStart: START,
        reps: [veteran('a')],
        model: model({
          annualAttrition: 0.2,
          backfillLagMonths: lag,
          scenarios: { base: attrition, best: attrition, worst: attrition },
        }),
      }).scenarios[0]!;
    expect(run(0).currentRepYears).toBeCloseTo(1, 12);
    const m = monthlyAttrition(0.2);
    const lagged = run(1);
    // Month 0: 1 rep; month 1: 1 - m (the backfill of month 0 starts in month 2).
    expect(lagged.months[1]!.headcount).toBeCloseTo(1 - m, 12);
    expect(lagged.months[2]!.backfillStarts).toBeCloseTo(m, 12);
    expect(lagged.currentRepYears).toBeLessThan(1);
  });

  it('says when hiring cannot close the gap within the plan', () => {
    const plan = capacityPlan({
      target: usd(8_000_000),
      planStart: START,
      reps: six,
      model: model({ hiringLeadTimeMonths: 12 }),
    });
    expect(plan.scenarios[0]).toMatchObject({ repYearsPerHire: 0, hiresNeeded: null });
  });

  it('rejects a zero target and a missing ramped quota, naming the fix', () => {
    const bad = () =>
      capacityPlan({ target: usd(0), planStart: START, reps: six, model: model({ rampedQuota: null }) });
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/target must be greater than 0[\s\S]*ramped quota is not known[\s\S]*--quota/);
  });
});

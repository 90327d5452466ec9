import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import type { EntityBatch } from '../domain/entities.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { DEFAULT_STAGES } from '../domain/stage-model.js';
import { demoFiscalPeriods, generateDemo } from './generate-demo.js';
import { apportion } from './plan.js';

describe('apportion', () => {
  it('splits by largest remainder, ties to the earlier entry, summing exactly', () => {
    // Exact shares 3.33.., 3.33.., 3.33..: floors 3, 3, 3 and the one left over goes to the first.
    expect([...apportion(10, Float64Array.of(1, 1, 1))]).toEqual([4, 3, 3]);
    // Exact shares 1.5, 4.5, 1: floors 1, 4, 1; remainders 0.5, 0.5, 0 -> the first tie wins.
    expect([...apportion(7, Float64Array.of(3, 9, 2))]).toEqual([2, 4, 1]);
    expect([...apportion(5, Float64Array.of(0, 2, 0))]).toEqual([0, 5, 0]);
  });

  it('gives nothing when there is no weight', () => {
    expect([...apportion(5, Float64Array.of(0, 0))]).toEqual([0, 0]);
  });
});

describe("a new hire's quota follows the ramp profile", () => {
  // The quickstart's demo (60 people, 20,000 deals, seed 1, as of 2026-11-27), whose REP-0084, an Enterprise AE,
  // was hired on 2026-10-01. Only its quotas are read: they are in the first batch.
  const quotasWith = (rampProfile: readonly number[]): Map<string, number> => {
    const asOf = '2026-11-27' as IsoDate;
    const first = generateDemo({
      seed: 1,
      reps: 60,
      opportunities: 20_000,
      asOf,
      stages: DEFAULT_STAGES,
      currency: 'USD',
      rampProfile,
      ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 2 }), asOf),
    }).next().value as EntityBatch;
    expect(first.reps.find((rep) => rep.id === 'REP-0084')).toMatchObject({
      role: 'ae',
      segment: 'Enterprise',
      hireDate: '2026-10-01',
    });
    const quotas = first.quotas.filter((quota) => quota.ownerId === 'REP-0084');
    return new Map(quotas.map((quota) => [quota.period, quota.amount]));
  };
  it("is a ramped rep's times the mean share of its tenure months, and the ramped quota once ramped", () => {
    const ramping = quotasWith([0.25, 0.5, 0.75]);
    // An empty profile: ramped from the first day. The same seed draws the same quota-setting noise.
    const ramped = quotasWith([]);
    // FY2027-Q4 (2026-11-01..2027-01-31, 92 days) is days 31-122 after the hire: tenure month 1 (days 31-60,
    // share 0.5) for 30 days, month 2 (days 61-91, 0.75) for 31, then ramped for 31: a mean share of
    // 69.25 / 92 = 0.753. Fewer expected wins make the typical (median) quarter a little lower than that still.
    const share = ramping.get('FY2027-Q4')! / ramped.get('FY2027-Q4')!;
    expect(share).toBeLessThanOrEqual(69.25 / 92 + 0.005);
    expect(share).toBeGreaterThan(0.65);
    // FY2027-Q3 ends 2026-10-31: 31 days of month 0 (0.25) out of the quarter's 92, before the ramp's share.
    expect(ramping.get('FY2027-Q3')! / ramped.get('FY2027-Q3')!).toBeLessThanOrEqual(0.25 + 0.005);
    expect(ramped.get('FY2027-Q3')!).toBeLessThan(ramped.get('FY2027-Q4')! / 2);
    // FY2028-Q1 starts 123 days after the hire: ramped, the same quota to the cent.
    expect(ramping.get('FY2028-Q1')).toBe(ramped.get('FY2028-Q1'));
    // Tens of thousands of dollars at least, not the $2,000 of the new hire's own first closings.
    expect(ramping.get('FY2027-Q4')!).toBeGreaterThan(100_000 * 100);
  });
});

import { describe, expect, it } from 'vitest';
import { NO_DAY, NO_INDEX, textColumn, type Dataset } from '../dataset/dataset.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { parseAnalysisPeriod, periodWindows } from './periods.js';
import {
  dealTotalsByRepPeriod,
  observedRampedQuota,
  repPeriodQuotas,
  repPeriods,
  repQuotasIn,
  weekdaysBetween,
  windowOf,
} from './rep-periods.js';

const calendar = createFiscalCalendar({ startMonth: 1 });
const day = (date: string) => toDayNumber(isoDate(date));

describe('weekdaysBetween', () => {
  it('counts Monday to Friday, both ends included', () => {
    expect(weekdaysBetween(day('2026-07-01'), day('2026-09-15'))).toBe(55); // Wednesday to Tuesday, 11 weeks
    expect(weekdaysBetween(day('2026-07-04'), day('2026-07-05'))).toBe(0); // a weekend
    expect(weekdaysBetween(day('2026-07-06'), day('2026-07-06'))).toBe(1);
    expect(weekdaysBetween(day('2026-07-06'), day('2026-07-05'))).toBe(0);
    expect(weekdaysBetween(day('1969-12-29'), day('1970-01-04'))).toBe(5); // across day 0
  });
});

describe('rep-periods', () => {
  const year = parseAnalysisPeriod('FY2026', calendar);
  const quarters = periodWindows(year, calendar, 'quarter');

  it('finds the window holding a day', () => {
    expect(windowOf(quarters, day('2026-01-01'))).toBe(0);
    expect(windowOf(quarters, day('2026-09-30'))).toBe(2);
    expect(windowOf(quarters, day('2027-01-01'))).toBe(-1);
    expect(windowOf(quarters, day('2025-12-31'))).toBe(-1);
  });

  it('shares quotas out by days and uses the finest granularity a rep has', () => {
    const rows = repPeriods(2, quarters);
    const quotas: Dataset['quotas'] = {
      count: 4,
      ownerKind: textColumn(['rep', 'rep', 'rep', 'team']),
      repIndex: Int32Array.of(0, 0, 1, NO_INDEX),
      teamCode: Uint16Array.of(0, 0, 0, 1),
      period: textColumn(['FY2026', 'FY2026-Q2', 'FY2026', 'FY2026']),
      amount: Float64Array.of(365_00, 100_00, 365_00, 999_00),
    };
    // Rep 0: Q2 from its quarterly quota; the other quarters from the yearly one, by days (90, 92, 92).
    // Rep 1: the yearly quota by days: 90, 91, 92, 92 of 365.
    expect(Array.from(repPeriodQuotas(rows, quotas, calendar))).toEqual([
      90_00, 100_00, 92_00, 92_00, 90_00, 91_00, 92_00, 92_00,
    ]);
  });

  it('adds deals into the rep-period of their owner and date', () => {
    const rows = repPeriods(2, quarters);
    const totals = dealTotalsByRepPeriod(
      rows,
      Int32Array.of(0, 1, 1, NO_INDEX),
      Uint8Array.of(1, 1, 0, 1),
      Int32Array.of(day('2026-02-01'), day('2026-12-31'), day('2026-12-31'), day('2026-02-01')),
      Float64Array.of(5, 7, 11, 13),
    );
    expect(Array.from(totals)).toEqual([5, 0, 0, 0, 0, 0, 0, 7]);
  });
});

describe('repQuotasIn', () => {
  it("is each rep's quota for one period, by share of days, at the finest granularity the rep has", () => {
    // February and March 2026: 28 + 31 = 59 days, of the year's 365 and of Q1's 90.
    const period = { name: '2026-02-01..2026-03-31', startDay: day('2026-02-01'), endDay: day('2026-03-31') };
    const quotas: Dataset['quotas'] = {
      count: 5,
      ownerKind: textColumn(['rep', 'rep', 'rep', 'team', 'rep']),
      repIndex: Int32Array.of(0, 1, 1, NO_INDEX, 2),
      teamCode: new Uint16Array(5),
      period: textColumn(['FY2026', 'FY2026', 'FY2026-Q1', 'FY2026', 'FY2026-Q2']),
      amount: Float64Array.of(730_00, 999_00, 180_00, 500_00, 300_00),
    };
    const reps = { count: 4 } as Dataset['reps'];
    // Rep 0: 730.00 * 59 / 365 = 118.00. Rep 1: its Q1 quota (finer than the year's), 180.00 * 59 / 90 = 118.00.
    // Rep 2: a Q2 quota, none of whose days fall in the period. Rep 3: no quota. The team's quota is no rep's.
    expect(Array.from(repQuotasIn({ reps, quotas }, period, calendar))).toEqual([118_00, 118_00, 0, 0]);
  });
});

describe('observedRampedQuota', () => {
  const [year] = periodWindows(parseAnalysisPeriod('FY2026', calendar), calendar, null);
  const labels = { role: ['', 'ae', 'sdr'] } as unknown as Dataset['labels'];
  /** Six reps: ramped AEs with 400k, 600k and 900k; an AE hired too late to be ramped; an SDR; a leaver. */
  const reps = {
    count: 6,
    crmId: textColumn(['A', 'B', 'C', 'D', 'E', 'F']),
    name: textColumn(['A', 'B', 'C', 'D', 'E', 'F']),
    roleCode: Uint16Array.of(1, 1, 1, 1, 2, 1),
    managerIndex: new Int32Array(6).fill(NO_INDEX),
    teamCode: new Uint16Array(6),
    segmentCode: new Uint16Array(6),
    regionCode: new Uint16Array(6),
    // C has no hire date (ramped long ago); D was hired 2025-11-01, 61 days before FY2026 began (ramping).
    hireDay: Int32Array.of(day('2024-03-01'), day('2025-07-04'), NO_DAY, day('2025-11-01'), NO_DAY, NO_DAY),
    // F left in FY2026's June: a part year's quota is not a ramped rep's year.
    endDay: Int32Array.of(NO_DAY, NO_DAY, NO_DAY, NO_DAY, NO_DAY, day('2026-06-30')),
  } as Dataset['reps'];
  const quotas = (amounts: readonly number[], periods: readonly string[]): Dataset['quotas'] => ({
    count: amounts.length,
    ownerKind: textColumn(amounts.map(() => 'rep')),
    repIndex: Int32Array.from(amounts.keys()),
    teamCode: new Uint16Array(amounts.length),
    period: textColumn(periods),
    amount: Float64Array.from(amounts),
  });

  it('is the median yearly quota of ramped reps in a quota role who stayed the year', () => {
    // A: 400k, B (hired 181 days before the year: ramped): 600k, C: 900k → median 600k of 3 reps; D, E, F left out.
    const yearly = quotas(
      [400_000_00, 600_000_00, 900_000_00, 50_000_00, 10_000_00, 2_000_000_00],
      ['FY2026', 'FY2026', 'FY2026', 'FY2026', 'FY2026', 'FY2026'],
    );
    expect(observedRampedQuota({ reps, quotas: yearly, labels }, calendar, year!, ['AE'])).toEqual({
      quota: 600_000_00,
      reps: 3,
    });
  });

  it('adds quarterly quotas up to the year, and takes the mean of the middle two for an even count', () => {
    // A: four quarters of 100k = 400k; B: 700k for the year → (400k + 700k) / 2 = 550k.
    const quarterly = quotas(
      [100_000_00, 100_000_00, 100_000_00, 100_000_00, 700_000_00],
      ['FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3', 'FY2026-Q4', 'FY2026'],
    );
    const byRep = { ...quarterly, repIndex: Int32Array.of(0, 0, 0, 0, 1) };
    expect(observedRampedQuota({ reps, quotas: byRep, labels }, calendar, year!, ['ae'])).toEqual({
      quota: 550_000_00,
      reps: 2,
    });
  });

  it('is null when no ramped rep has a quota for the year', () => {
    const lastYear = quotas([400_000_00], ['FY2025']);
    expect(observedRampedQuota({ reps, quotas: lastYear, labels }, calendar, year!, ['ae'])).toBeNull();
  });
});

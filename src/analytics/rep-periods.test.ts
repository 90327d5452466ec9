import { describe, expect, it } from 'vitest';
import { NO_INDEX, textColumn, type Dataset } from '../dataset/dataset.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { parseAnalysisPeriod, periodWindows } from './periods.js';
import {
  dealTotalsByRepPeriod,
  repPeriodQuotas,
  repPeriods,
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

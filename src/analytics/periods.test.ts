import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../test/problems-of.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { API_SYNTAX, InputError } from '../domain/errors.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import {
  dateRangePeriod,
  defaultAnalysisPeriod,
  givenAnalysisPeriod,
  overlapDays,
  parseAnalysisPeriod,
  periodContainsDay,
  periodWindows,
  resolveAnalysisPeriod,
} from './periods.js';

/** FY2027 runs 2026-02-01..2027-01-31 (named by the year it ends in). */
const february = createFiscalCalendar({ startMonth: 2 });
const day = (date: string) => toDayNumber(isoDate(date));

describe('parseAnalysisPeriod', () => {
  it('reads fiscal years, quarters and months of the calendar, ignoring case', () => {
    expect(parseAnalysisPeriod('FY2027', february)).toMatchObject({
      name: 'FY2027',
      kind: 'year',
      start: '2026-02-01',
      end: '2027-01-31',
    });
    expect(parseAnalysisPeriod(' fy2027-q3 ', february)).toMatchObject({
      name: 'FY2027-Q3',
      start: '2026-08-01',
      end: '2026-10-31',
      startDay: day('2026-08-01'),
      endDay: day('2026-10-31'),
    });
    expect(parseAnalysisPeriod('FY2027-M07', february)).toMatchObject({
      start: '2026-08-01',
      end: '2026-08-31',
    });
  });

  it('reads a date range with both days included', () => {
    expect(parseAnalysisPeriod('2026-07-01..2026-09-30', february)).toEqual(
      dateRangePeriod(isoDate('2026-07-01'), isoDate('2026-09-30')),
    );
    expect(parseAnalysisPeriod('2026-07-01 .. 2026-07-01', february)).toMatchObject({
      kind: 'range',
      name: '2026-07-01..2026-07-01',
    });
  });

  it('shows the accepted forms for anything else', () => {
    for (const text of [
      'Q3',
      'FY2026-Q5',
      '2026-07-01..2026-02-30',
      '2026-09-30..2026-07-01',
      'last quarter',
    ]) {
      let error: unknown;
      try {
        parseAnalysisPeriod(text, february);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(InputError);
      expect((error as InputError).message, text).toContain(
        '(FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30',
      );
    }
  });
});

describe('default period', () => {
  it('is the fiscal quarter containing the as-of day', () => {
    expect(defaultAnalysisPeriod(isoDate('2026-10-15'), february).name).toBe('FY2027-Q3');
    expect(resolveAnalysisPeriod(undefined, isoDate('2026-01-31'), february).name).toBe('FY2026-Q4');
    expect(resolveAnalysisPeriod('FY2027', isoDate('2026-01-31'), february).name).toBe('FY2027');
  });
});

describe('givenAnalysisPeriod', () => {
  it('is the period given, else undefined (its default is drawn from a day checked with it)', () => {
    expect(givenAnalysisPeriod(undefined, february)).toBeUndefined();
    expect(givenAnalysisPeriod('fy2027-q3', february)?.name).toBe('FY2027-Q3');
  });

  it("refuses a bad one in the caller's syntax: the flag by default, else the caller's field", () => {
    expect(problemsOf(() => givenAnalysisPeriod('FY2027-Q5', february))[0]?.message).toBe(
      '--period "FY2027-Q5" is not a period: a fiscal year has quarters Q1-Q4, not Q5',
    );
    expect(problemsOf(() => givenAnalysisPeriod('FY2027-Q5', february, API_SYNTAX))[0]).toMatchObject({
      message: 'period "FY2027-Q5" is not a period: a fiscal year has quarters Q1-Q4, not Q5',
      location: { field: 'period' },
    });
  });
});

describe('periodWindows', () => {
  it('splits a period into its fiscal periods of a kind, cut to the period', () => {
    const range = parseAnalysisPeriod('2026-07-15..2026-09-10', february);
    expect(periodWindows(range, february, 'month')).toEqual([
      { name: 'FY2027-M06', startDay: day('2026-07-15'), endDay: day('2026-07-31') },
      { name: 'FY2027-M07', startDay: day('2026-08-01'), endDay: day('2026-08-31') },
      { name: 'FY2027-M08', startDay: day('2026-09-01'), endDay: day('2026-09-10') },
    ]);
    expect(periodWindows(range, february, 'quarter').map((window) => window.name)).toEqual([
      'FY2027-Q2',
      'FY2027-Q3',
    ]);
    expect(periodWindows(range, february, null)).toEqual([
      { name: '2026-07-15..2026-09-10', startDay: day('2026-07-15'), endDay: day('2026-09-10') },
    ]);
  });
});

describe('day arithmetic', () => {
  it('counts the days two ranges share and whether a day is in a period', () => {
    expect(overlapDays(1, 10, 5, 20)).toBe(6);
    expect(overlapDays(1, 4, 5, 20)).toBe(0);
    expect(overlapDays(5, 5, 5, 5)).toBe(1);
    const q3 = parseAnalysisPeriod('FY2027-Q3', february);
    expect(periodContainsDay(q3, day('2026-10-31'))).toBe(true);
    expect(periodContainsDay(q3, day('2026-11-01'))).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, isoDate, toDayNumber } from './dates.js';
import { InputError } from './errors.js';
import { createFiscalCalendar, type FiscalPeriod, type PeriodKind } from './fiscal-calendar.js';

const d = isoDate;
const span = (period: FiscalPeriod) => `${period.name} ${period.start}..${period.end}`;

describe('naming', () => {
  it('names a February fiscal year by the calendar year it ends in, by default', () => {
    const calendar = createFiscalCalendar({ startMonth: 2 });
    expect(span(calendar.parsePeriod('FY2027'))).toBe('FY2027 2026-02-01..2027-01-31');
    expect(span(calendar.periodContaining(d('2026-01-31'), 'year'))).toBe('FY2026 2025-02-01..2026-01-31');
    expect(span(calendar.periodContaining(d('2026-02-01'), 'year'))).toBe('FY2027 2026-02-01..2027-01-31');
  });

  it('names it by the year it starts in with namedBy start', () => {
    const calendar = createFiscalCalendar({ startMonth: 2, namedBy: 'start' });
    expect(span(calendar.parsePeriod('FY2026'))).toBe('FY2026 2026-02-01..2027-01-31');
    expect(calendar.periodContaining(d('2027-01-31'), 'year').name).toBe('FY2026');
  });

  it('uses the calendar year when the fiscal year starts in January, whatever the naming', () => {
    for (const namedBy of ['start', 'end'] as const) {
      const calendar = createFiscalCalendar({ startMonth: 1, namedBy });
      expect(span(calendar.parsePeriod('FY2027'))).toBe('FY2027 2027-01-01..2027-12-31');
    }
  });
});

describe('periods', () => {
  const calendar = createFiscalCalendar({ startMonth: 2, namedBy: 'end' });

  it('has quarters of three months from the fiscal year start', () => {
    expect(calendar.quartersOf('FY2027').map(span)).toEqual([
      'FY2027-Q1 2026-02-01..2026-04-30',
      'FY2027-Q2 2026-05-01..2026-07-31',
      'FY2027-Q3 2026-08-01..2026-10-31',
      'FY2027-Q4 2026-11-01..2027-01-31',
    ]);
    expect(calendar.quartersOf(2027)).toEqual(calendar.quartersOf(calendar.parsePeriod('FY2027')));
  });

  it('numbers months from the fiscal year start', () => {
    expect(span(calendar.parsePeriod('FY2027-M01'))).toBe('FY2027-M01 2026-02-01..2026-02-28');
    expect(span(calendar.parsePeriod('FY2027-M12'))).toBe('FY2027-M12 2027-01-01..2027-01-31');
    expect(calendar.monthsOf('FY2027-Q2').map(span)).toEqual([
      'FY2027-M04 2026-05-01..2026-05-31',
      'FY2027-M05 2026-06-01..2026-06-30',
      'FY2027-M06 2026-07-01..2026-07-31',
    ]);
    expect(calendar.monthsOf(2027)).toHaveLength(12);
    expect(() => calendar.monthsOf('FY2027-M01')).toThrow(RangeError);
  });

  it('ends a fiscal year in a leap February on the 29th', () => {
    const march = createFiscalCalendar({ startMonth: 3 });
    expect(span(march.parsePeriod('FY2024'))).toBe('FY2024 2023-03-01..2024-02-29');
    expect(march.periodEnd('FY2024-Q4')).toBe('2024-02-29');
    expect(march.periodStart('FY2024-Q4')).toBe('2023-12-01');
  });

  it('finds the period containing a date', () => {
    expect(calendar.periodContaining(d('2026-04-30'), 'quarter').name).toBe('FY2027-Q1');
    expect(calendar.periodContaining(d('2026-05-01'), 'quarter').name).toBe('FY2027-Q2');
    expect(calendar.periodContaining(d('2027-01-15'), 'month').name).toBe('FY2027-M12');
    expect(calendar.periodContaining(d('2027-01-15'), 'quarter').name).toBe('FY2027-Q4');
  });

  it('steps to the previous and next period of the same kind, across years', () => {
    expect(calendar.previous('FY2027-Q1').name).toBe('FY2026-Q4');
    expect(calendar.next('FY2027-Q4').name).toBe('FY2028-Q1');
    expect(calendar.next('FY2027-M12').name).toBe('FY2028-M01');
    expect(calendar.previous('FY2027-M01').name).toBe('FY2026-M12');
    expect(calendar.next('FY2027').name).toBe('FY2028');
  });

  it('lists the periods overlapping a date range', () => {
    expect(
      calendar.periodsOverlapping(d('2026-03-15'), d('2026-08-01'), 'quarter').map((p) => p.name),
    ).toEqual(['FY2027-Q1', 'FY2027-Q2', 'FY2027-Q3']);
    expect(calendar.periodsOverlapping(d('2026-05-01'), d('2026-05-01'), 'month').map((p) => p.name)).toEqual(
      ['FY2027-M04'],
    );
    expect(() => calendar.periodsOverlapping(d('2026-05-02'), d('2026-05-01'), 'month')).toThrow(InputError);
  });

  it('builds a period from its parts', () => {
    expect(calendar.period('quarter', 2027, 3).name).toBe('FY2027-Q3');
    expect(calendar.period('year', 2027)).toEqual(calendar.parsePeriod('FY2027'));
    expect(() => calendar.period('month', 2027, 13)).toThrow(RangeError);
  });
});

describe('errors', () => {
  const calendar = createFiscalCalendar({ startMonth: 2 });

  it('rejects malformed period names, saying the expected form', () => {
    for (const name of [
      'FY27',
      'fy2027',
      'FY2027-Q5',
      'FY2027-Q0',
      'FY2027-M13',
      'FY2027-M1',
      '2027-Q1',
      'FY2027 Q1',
    ]) {
      expect(() => calendar.parsePeriod(name), name).toThrow(InputError);
    }
    expect(() => calendar.parsePeriod('FY27-Q1')).toThrow(
      '"FY27-Q1" is not a fiscal period\n' +
        '  fix: write FY2027 (a fiscal year), FY2027-Q1 (a quarter) ' +
        'or FY2027-M01 (month 1 of the fiscal year)',
    );
  });

  it('rejects a start month outside 1..12', () => {
    expect(() => createFiscalCalendar({ startMonth: 13 })).toThrow(
      "fiscalYear.startMonth: the fiscal year's start month must be a whole number from 1 to 12 (got 13)",
    );
    expect(() => createFiscalCalendar({ startMonth: 1.5 })).toThrow(InputError);
  });
});

const options = fc.record({
  startMonth: fc.integer({ min: 1, max: 12 }),
  namedBy: fc.constantFrom('start' as const, 'end' as const),
});
const date = fc
  .integer({ min: toDayNumber(d('1990-01-01')), max: toDayNumber(d('2100-12-31')) })
  .map(fromDayNumber);
const kind = fc.constantFrom<PeriodKind>('year', 'quarter', 'month');

describe('properties', () => {
  it('every date is inside exactly one quarter of its fiscal year, the one containing it', () => {
    fc.assert(
      fc.property(options, date, (settings, day) => {
        const calendar = createFiscalCalendar(settings);
        const quarters = calendar.quartersOf(calendar.periodContaining(day, 'year'));
        const containing = quarters.filter((quarter) => quarter.start <= day && day <= quarter.end);
        expect(containing).toHaveLength(1);
        expect(containing[0]).toEqual(calendar.periodContaining(day, 'quarter'));
      }),
    );
  });

  it('a period ends the day before the next one starts', () => {
    fc.assert(
      fc.property(options, date, kind, (settings, day, periodKind) => {
        const calendar = createFiscalCalendar(settings);
        const period = calendar.periodContaining(day, periodKind);
        expect(addDays(period.end, 1)).toBe(calendar.next(period).start);
        expect(calendar.previous(calendar.next(period))).toEqual(period);
      }),
    );
  });

  it('the four quarters tile the fiscal year, and so do the twelve months', () => {
    fc.assert(
      fc.property(options, fc.integer({ min: 1990, max: 2100 }), (settings, fiscalYear) => {
        const calendar = createFiscalCalendar(settings);
        const year = calendar.period('year', fiscalYear);
        for (const parts of [calendar.quartersOf(year), calendar.monthsOf(year)]) {
          expect(parts[0]?.start).toBe(year.start);
          expect(parts.at(-1)?.end).toBe(year.end);
          parts.slice(1).forEach((part, index) => expect(part.start).toBe(addDays(parts[index]!.end, 1)));
        }
      }),
    );
  });

  it('a period name parses back to the same period', () => {
    fc.assert(
      fc.property(options, date, kind, (settings, day, periodKind) => {
        const calendar = createFiscalCalendar(settings);
        const period = calendar.periodContaining(day, periodKind);
        expect(calendar.parsePeriod(period.name)).toEqual(period);
      }),
    );
  });
});

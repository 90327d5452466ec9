/**
 * The fiscal calendar: fiscal years of twelve calendar months starting in a chosen month, with quarters and
 * months named `FY2027`, `FY2027-Q1` and `FY2027-M01` (M01 is the first month of the fiscal year, not January).
 *
 * Naming: when the fiscal year starts in a month other than January, it spans two calendar years. By default it
 * is named by the calendar year in which it **ends** (`namedBy: 'end'`): with `startMonth: 2`, FY2027 runs from
 * 2026-02-01 to 2027-01-31. This follows Salesforce's standard fiscal years, where the admin chooses whether the
 * fiscal year name is based on the "starting month" or the "ending month"; `namedBy: 'start'` gives the other
 * choice (FY2026 = 2026-02-01..2027-01-31). With `startMonth: 1` both choices give the calendar year.
 * @module
 */
import { dayFromParts, fromDayNumber, type IsoDate } from './dates.js';
import { InputError } from './errors.js';

export type PeriodKind = 'year' | 'quarter' | 'month';
export type FiscalYearNaming = 'start' | 'end';

export interface FiscalCalendarOptions {
  /** Calendar month (1 = January) in which the fiscal year starts. */
  readonly startMonth: number;
  /** Name a fiscal year by the calendar year in which it ends (default) or starts. */
  readonly namedBy?: FiscalYearNaming;
}

export interface FiscalPeriod {
  readonly kind: PeriodKind;
  /** `FY2027`, `FY2027-Q1` or `FY2027-M01`. */
  readonly name: string;
  readonly fiscalYear: number;
  /** Position within the fiscal year: 1 for a year, 1-4 for a quarter, 1-12 for a month. */
  readonly index: number;
  /** First day. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
}

/** A period, or its name. */
export type PeriodRef = FiscalPeriod | string;

export interface FiscalCalendar {
  readonly startMonth: number;
  readonly namedBy: FiscalYearNaming;
  /** Parses `FY2027`, `FY2027-Q1` or `FY2027-M01`; throws an InputError naming the expected form otherwise. */
  parsePeriod(name: string): FiscalPeriod;
  /** The period of a kind, by fiscal year and index (1 for a year, 1-4 for a quarter, 1-12 for a month). */
  period(kind: PeriodKind, fiscalYear: number, index?: number): FiscalPeriod;
  /** The year, quarter or month that contains the date. */
  periodContaining(date: IsoDate, kind: PeriodKind): FiscalPeriod;
  periodStart(period: PeriodRef): IsoDate;
  /** Last day of the period, inclusive. */
  periodEnd(period: PeriodRef): IsoDate;
  /** The four quarters of a fiscal year (given as a year number, a year or a period name). */
  quartersOf(year: PeriodRef | number): FiscalPeriod[];
  /** The months of a fiscal year (12) or of a quarter (3). */
  monthsOf(period: PeriodRef | number): FiscalPeriod[];
  /** The period of the same kind just before. */
  previous(period: PeriodRef): FiscalPeriod;
  /** The period of the same kind just after. */
  next(period: PeriodRef): FiscalPeriod;
  /** The periods of a kind that share at least one day with `from..to` (both inclusive), in order. */
  periodsOverlapping(from: IsoDate, to: IsoDate, kind: PeriodKind): FiscalPeriod[];
}

const PERIOD_NAME = /^FY(\d{4})(?:-Q([1-4])|-M(0[1-9]|1[0-2]))?$/;
const MONTHS_IN: Readonly<Record<PeriodKind, number>> = { year: 12, quarter: 3, month: 1 };
const PERIODS_PER_YEAR: Readonly<Record<PeriodKind, number>> = { year: 1, quarter: 4, month: 12 };

function periodName(kind: PeriodKind, fiscalYear: number, index: number): string {
  if (kind === 'year') return `FY${fiscalYear}`;
  if (kind === 'quarter') return `FY${fiscalYear}-Q${index}`;
  return `FY${fiscalYear}-M${String(index).padStart(2, '0')}`;
}

function validateOptions(options: FiscalCalendarOptions): void {
  const { startMonth, namedBy } = options;
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new InputError({
      message: `the fiscal year's start month must be a whole number from 1 to 12 (got ${JSON.stringify(startMonth)})`,
      location: { field: 'fiscalYear.startMonth' },
      fix: 'write the calendar month the fiscal year starts in: 1 for January, 2 for February, ...',
    });
  }
  if (namedBy !== undefined && namedBy !== 'start' && namedBy !== 'end') {
    throw new InputError({
      message: `the fiscal year naming must be "start" or "end" (got ${JSON.stringify(namedBy)})`,
      location: { field: 'fiscalYear.namedBy' },
      fix: 'write namedBy: end to name FY2027 by the calendar year it ends in, or namedBy: start',
    });
  }
}

/** Builds a fiscal calendar; throws an InputError on a start month outside 1..12. */
export function createFiscalCalendar(options: FiscalCalendarOptions): FiscalCalendar {
  validateOptions(options);
  const startMonth = options.startMonth;
  const namedBy = options.namedBy ?? 'end';
  // Calendar year in which fiscal year N starts is N - yearShift.
  const yearShift = startMonth !== 1 && namedBy === 'end' ? 1 : 0;

  /** The period's first calendar month, counted in months since January of year 0. */
  function firstMonthOf(kind: PeriodKind, fiscalYear: number, index: number): number {
    return (fiscalYear - yearShift) * 12 + (startMonth - 1) + (index - 1) * MONTHS_IN[kind];
  }

  // Periods are few (17 per fiscal year) and asked for often (every deal's close date), so each is built once.
  const built = new Map<string, FiscalPeriod>();

  function build(kind: PeriodKind, fiscalYear: number, index: number): FiscalPeriod {
    const name = periodName(kind, fiscalYear, index);
    let period = built.get(name);
    if (!period) {
      const first = firstMonthOf(kind, fiscalYear, index);
      const afterLast = first + MONTHS_IN[kind];
      const startDay = dayFromParts(Math.floor(first / 12), (first % 12) + 1, 1);
      const endDay = dayFromParts(Math.floor(afterLast / 12), (afterLast % 12) + 1, 1) - 1;
      period = Object.freeze({
        kind,
        name,
        fiscalYear,
        index,
        start: fromDayNumber(startDay),
        end: fromDayNumber(endDay),
      });
      built.set(name, period);
    }
    return period;
  }

  function parsePeriod(name: string): FiscalPeriod {
    const match = PERIOD_NAME.exec(name);
    if (!match) {
      throw new InputError({
        message: `${JSON.stringify(name)} is not a fiscal period`,
        fix: 'write FY2027 (a fiscal year), FY2027-Q1 (a quarter) or FY2027-M01 (month 1 of the fiscal year)',
      });
    }
    const fiscalYear = Number(match[1]);
    if (match[2] !== undefined) return build('quarter', fiscalYear, Number(match[2]));
    if (match[3] !== undefined) return build('month', fiscalYear, Number(match[3]));
    return build('year', fiscalYear, 1);
  }

  const resolve = (period: PeriodRef): FiscalPeriod =>
    typeof period === 'string' ? parsePeriod(period) : period;

  function period(kind: PeriodKind, fiscalYear: number, index = 1): FiscalPeriod {
    if (!Number.isInteger(index) || index < 1 || index > PERIODS_PER_YEAR[kind]) {
      throw new RangeError(`a ${kind} index must be 1..${PERIODS_PER_YEAR[kind]} (got ${index})`);
    }
    return build(kind, fiscalYear, index);
  }

  function periodContaining(date: IsoDate, kind: PeriodKind): FiscalPeriod {
    // An IsoDate is YYYY-MM-DD, so year and month can be read off the text.
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const monthsIntoFiscalYears = year * 12 + (month - 1) - (startMonth - 1);
    const fiscalYear = Math.floor(monthsIntoFiscalYears / 12) + yearShift;
    const fiscalMonth = (((monthsIntoFiscalYears % 12) + 12) % 12) + 1;
    return build(kind, fiscalYear, Math.floor((fiscalMonth - 1) / MONTHS_IN[kind]) + 1);
  }

  /** The period `steps` periods away from this one, of the same kind. */
  function shift(ref: PeriodRef, steps: number): FiscalPeriod {
    const { kind, fiscalYear, index } = resolve(ref);
    const perYear = PERIODS_PER_YEAR[kind];
    const position = fiscalYear * perYear + (index - 1) + steps;
    return build(kind, Math.floor(position / perYear), (position % perYear) + 1);
  }

  function yearOf(ref: PeriodRef | number): FiscalPeriod {
    return typeof ref === 'number' ? build('year', ref, 1) : resolve(ref);
  }

  function subperiods(parent: FiscalPeriod, kind: PeriodKind): FiscalPeriod[] {
    const count = MONTHS_IN[parent.kind] / MONTHS_IN[kind];
    const firstIndex = ((parent.index - 1) * MONTHS_IN[parent.kind]) / MONTHS_IN[kind] + 1;
    return Array.from({ length: count }, (_, offset) => build(kind, parent.fiscalYear, firstIndex + offset));
  }

  return {
    startMonth,
    namedBy,
    parsePeriod,
    period,
    periodContaining,
    periodStart: (ref) => resolve(ref).start,
    periodEnd: (ref) => resolve(ref).end,
    quartersOf(year) {
      const parent = yearOf(year);
      if (parent.kind !== 'year') throw new RangeError(`${parent.name} is not a fiscal year`);
      return subperiods(parent, 'quarter');
    },
    monthsOf(ref) {
      const parent = yearOf(ref);
      if (parent.kind === 'month') throw new RangeError(`${parent.name} is a month, not a year or quarter`);
      return subperiods(parent, 'month');
    },
    previous: (ref) => shift(ref, -1),
    next: (ref) => shift(ref, 1),
    periodsOverlapping(from, to, kind) {
      if (from > to) {
        throw new InputError({
          message: `the date range ${from}..${to} ends before it starts`,
          fix: 'give the earlier date first',
        });
      }
      const periods: FiscalPeriod[] = [];
      for (let current = periodContaining(from, kind); current.start <= to; current = shift(current, 1)) {
        periods.push(current);
      }
      return periods;
    },
  };
}

/**
 * Analysis periods: the span a metric looks at, named as a fiscal year (`FY2026`), quarter (`FY2026-Q3`), month
 * of the fiscal year (`FY2026-M07`) or a date range (`2026-07-01..2026-09-30`, both days included), and the
 * windows a period splits into when a table is broken down by fiscal month, quarter or year.
 * @module
 */
import { parseIsoDate, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import { type ArgumentSyntax, FLAG_SYNTAX, InputError } from '../domain/errors.js';
import type { FiscalCalendar, FiscalPeriod, PeriodKind } from '../domain/fiscal-calendar.js';

/** The forms `--period` accepts, in the order they are shown. */
export const PERIOD_FORMS = ['FY2026', 'FY2026-Q3', 'FY2026-M07', '2026-07-01..2026-09-30'] as const;

export interface AnalysisPeriod {
  /** `FY2026-Q3`, or `2026-07-01..2026-09-30` for a date range. */
  readonly name: string;
  readonly kind: PeriodKind | 'range';
  /** First day. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
  readonly startDay: DayNumber;
  readonly endDay: DayNumber;
}

/** A slice of a period: one fiscal month, quarter or year of it (cut to the period), or the whole period. */
export interface PeriodWindow {
  /** The fiscal period's name, or the analysis period's name when the period is not split. */
  readonly name: string;
  readonly startDay: DayNumber;
  /** Last day, inclusive. */
  readonly endDay: DayNumber;
}

const FISCAL_NAME = /^FY\d{4}(?:-Q[1-4]|-M(?:0[1-9]|1[0-2]))?$/;
const RANGE = /^(\S+)\s*\.\.\s*(\S+)$/;
/** A fiscal name whose quarter or month is out of range, e.g. `FY2026-Q5` or `FY2026-M13`. */
const FISCAL_PART = /^FY\d{4}-([QM])(\d+)$/;

/** Why a text is not a period: the quarter or month out of range is named, with the ones there are. */
function notAPeriod(upper: string): string {
  const part = FISCAL_PART.exec(upper);
  if (part?.[1] === 'Q') return `is not a period: a fiscal year has quarters Q1-Q4, not Q${part[2]}`;
  if (part?.[1] === 'M') return `is not a period: a fiscal year has months M01-M12, not M${part[2]}`;
  return 'is not a period';
}

function badPeriod(text: string, reason: string, syntax: ArgumentSyntax): InputError {
  return new InputError(
    syntax.problem(
      'period',
      `${JSON.stringify(text)} ${reason}`,
      `write a fiscal year, quarter or month (${PERIOD_FORMS.slice(0, 3).join(', ')}) or dates ${PERIOD_FORMS[3]}`,
    ),
  );
}

function fromFiscal(period: FiscalPeriod): AnalysisPeriod {
  return {
    name: period.name,
    kind: period.kind,
    start: period.start,
    end: period.end,
    startDay: toDayNumber(period.start),
    endDay: toDayNumber(period.end),
  };
}

/** An analysis period spanning `start..end`, both included. */
export function dateRangePeriod(start: IsoDate, end: IsoDate): AnalysisPeriod {
  return {
    name: `${start}..${end}`,
    kind: 'range',
    start,
    end,
    startDay: toDayNumber(start),
    endDay: toDayNumber(end),
  };
}

/**
 * Parses a period as the user writes it (one of {@link PERIOD_FORMS}; fiscal names ignore case). Throws an
 * InputError that shows the accepted forms, in the caller's `syntax`.
 */
export function parseAnalysisPeriod(
  text: string,
  calendar: FiscalCalendar,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): AnalysisPeriod {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (FISCAL_NAME.test(upper)) return fromFiscal(calendar.parsePeriod(upper));
  const range = RANGE.exec(trimmed);
  if (!range) throw badPeriod(text, notAPeriod(upper), syntax);
  const [from, to] = [parseIsoDate(range[1] ?? ''), parseIsoDate(range[2] ?? '')];
  if (from === null || to === null) {
    const wrong = from === null ? range[1] : range[2];
    throw badPeriod(text, `has ${JSON.stringify(wrong)}, which is not a calendar date YYYY-MM-DD`, syntax);
  }
  if (from > to) throw badPeriod(text, 'ends before it starts', syntax);
  return dateRangePeriod(from, to);
}

/** The default period: the fiscal quarter that contains `asOf`. */
export function defaultAnalysisPeriod(asOf: IsoDate, calendar: FiscalCalendar): AnalysisPeriod {
  return fromFiscal(calendar.periodContaining(asOf, 'quarter'));
}

/**
 * A period argument when given ({@link parseAnalysisPeriod}, its problems in the caller's `syntax`: the CLI's
 * `--period`, a tool's `period`), else undefined: its default is drawn from a day (`asOf`, `to`), placed once that
 * is checked with it.
 */
export function givenAnalysisPeriod(
  text: string | undefined,
  calendar: FiscalCalendar,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): AnalysisPeriod | undefined {
  return text === undefined ? undefined : parseAnalysisPeriod(text, calendar, syntax);
}

/** `--period` when given, else the fiscal quarter containing `asOf`. */
export function resolveAnalysisPeriod(
  text: string | undefined,
  asOf: IsoDate,
  calendar: FiscalCalendar,
  syntax: ArgumentSyntax = FLAG_SYNTAX,
): AnalysisPeriod {
  return givenAnalysisPeriod(text, calendar, syntax) ?? defaultAnalysisPeriod(asOf, calendar);
}

/** True when the day lies in the period. */
export function periodContainsDay(period: AnalysisPeriod, day: DayNumber): boolean {
  return day >= period.startDay && day <= period.endDay;
}

/**
 * The windows a period splits into by fiscal `kind`: each fiscal period of that kind that shares a day with
 * the analysis period, cut to it (a date range may start or end inside a fiscal month). Without a kind, the
 * period itself is the one window.
 */
export function periodWindows(
  period: AnalysisPeriod,
  calendar: FiscalCalendar,
  kind: PeriodKind | null,
): PeriodWindow[] {
  if (kind === null) return [{ name: period.name, startDay: period.startDay, endDay: period.endDay }];
  return calendar.periodsOverlapping(period.start, period.end, kind).map((fiscal) => ({
    name: fiscal.name,
    startDay: Math.max(period.startDay, toDayNumber(fiscal.start)),
    endDay: Math.min(period.endDay, toDayNumber(fiscal.end)),
  }));
}

/** Days that `a..b` and `c..d` (inclusive day ranges) have in common; 0 when they do not meet. */
export function overlapDays(a: DayNumber, b: DayNumber, c: DayNumber, d: DayNumber): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c) + 1);
}

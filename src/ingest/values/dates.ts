/**
 * Dates as CRMs and spreadsheets write them, read into ISO `YYYY-MM-DD`: `2026-03-31`, `3/31/2026`, `3/31/26`,
 * `31.03.2026`, `31/03/2026`, `31-Mar-2026`, `Mar 31, 2026`, timestamps (`2026-03-31T21:16:01Z`,
 * `3/31/2026 9:15 AM`) and Excel serial numbers.
 *
 * Day/month order is a property of the column, not of one value: {@link voteDateOrder} collects what each value
 * shows (a first part over 12 is a day, a second part over 12 is a day) and {@link decideDateOrder} decides;
 * where nothing decides, the user is asked for `--date-order`. Dotted dates (`01.02.2026`) are day-first by
 * convention when the column does not say otherwise: no locale writes month-first with dots.
 *
 * Two-digit years follow Excel's rule: 00-29 are 2000-2029, 30-99 are 1930-1999.
 * @module
 */
import type { IsoDate } from '../../domain/dates.js';
import { isNullToken } from './null-tokens.js';
import { parsed, problem, show, type Parsed } from './parsed.js';

export type DateOrder = 'dmy' | 'mdy';

/** Two-digit years below this are 20yy, the rest 19yy (Excel's and Windows' default). */
export const TWO_DIGIT_YEAR_PIVOT = 30;

export interface DateContext {
  /** The column's day/month order, from {@link decideDateOrder} or the user's `--date-order`. */
  readonly order?: DateOrder | null;
  /** Read plain numbers as Excel serial dates (a date column of an XLSX sheet formatted as General). */
  readonly excelSerials?: boolean;
  /** The workbook uses Excel's 1904 date system (old Mac workbooks). */
  readonly date1904?: boolean;
}

const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?`;
const DAY_MONTH = new RegExp(String.raw`^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const DAY_NAMED_MONTH = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})$/;
const NAMED_MONTH_DAY = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  const full = MONTH_NAMES.indexOf(lower);
  if (full >= 0) return full + 1;
  const short = MONTHS.indexOf(lower === 'sept' ? 'sep' : lower);
  return short >= 0 ? short + 1 : null;
}

function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 4) return year;
  return year < TWO_DIGIT_YEAR_PIVOT ? 2000 + year : 1900 + year;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The ISO date of calendar parts, or null when there is no such day (checked here: it runs once per cell). */
function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as IsoDate;
}

const EXPECTED_FIX = 'write dates like 2026-03-31, 3/31/2026 or 31.03.2026';

function noSuchDay<T>(text: string): Parsed<T> {
  return problem(`${show(text)} is not a date on the calendar`, 'check the day and the month');
}

function validClock(
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  meridiem?: string,
): boolean {
  if (hour === undefined) return true;
  const h = Number(hour);
  if (meridiem !== undefined ? h < 1 || h > 12 : h > 23) return false;
  return Number(minute) <= 59 && (second === undefined || Number(second) <= 60);
}

/** Excel's day number to a date: day 1 is 1900-01-01, and day 60 is Excel's fictitious 1900-02-29. */
export function excelSerialToIsoDate(serial: number, date1904 = false): IsoDate | null {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < (date1904 ? 0 : 1) || day > 2_958_465) return null;
  if (date1904) return dateAfter(1904, day);
  if (day === 60) return null;
  // Excel counts 1900 as a leap year; from day 61 on, its day numbers are one ahead of the calendar.
  return dateAfter(1899, day < 60 ? day + 1 : day, 12, 30);
}

function dateAfter(year: number, days: number, month = 1, day = 1): IsoDate {
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10) as IsoDate;
}

/** What one value says about its column's day/month order. */
export type DateOrderVote = 'dmy' | 'mdy' | 'same' | 'ambiguous' | 'ambiguous-dotted';

/** The vote of one cell, or null when it is not a day/month/year date (ISO dates and named months need none). */
export function voteDateOrder(text: string): DateOrderVote | null {
  const match = DAY_MONTH.exec(text.trim());
  if (!match) return null;
  const first = Number(match[1]);
  const second = Number(match[3]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  if (first > 12 && second > 12) return null;
  if (first === second) return 'same';
  return match[2] === '.' ? 'ambiguous-dotted' : 'ambiguous';
}

export interface DateOrderVotes {
  readonly dmy: number;
  readonly mdy: number;
  readonly ambiguous: number;
  readonly ambiguousDotted: number;
  readonly dmyExample?: string;
  readonly mdyExample?: string;
  readonly ambiguousExample?: string;
}

/**
 * How many times the other order's count of deciding dates one order needs to be the column's when the column
 * shows both: 3 or more to 1 (at least 75% of the dates that show an order) is a column written one way with a
 * few mistyped dates; less is a column written both ways, which only the user can read.
 */
export const DATE_ORDER_MAJORITY = 3;

const ORDER_WORDS: Readonly<Record<DateOrder, string>> = { dmy: 'day-first', mdy: 'month-first' };
const ORDER_NAMES: Readonly<Record<DateOrder, string>> = {
  dmy: 'day-first (d/m/y)',
  mdy: 'month-first (m/d/y)',
};

/** `1 date ("31/12/2026")`, `2 dates (such as "31/12/2026")`. */
function dates(count: number, example: string | undefined): string {
  const shown = show(example ?? '');
  return count === 1 ? `1 date (${shown})` : `${count} dates (such as ${shown})`;
}

/**
 * The column's order from its votes: day-first when some value's first part is over 12, month-first when some
 * second part is. When both occur, the order of at least {@link DATE_ORDER_MAJORITY} times as many deciding
 * values is the column's, with a note (the values written the other way are then rejected one by one, as they
 * cannot be read in it); otherwise it is a problem. Undecided: null, and a problem when some value needs the
 * order, unless all of those are dotted (day-first by convention).
 */
export function decideDateOrder(votes: DateOrderVotes): Parsed<DateOrder | null> {
  if (votes.dmy > 0 && votes.mdy > 0) {
    const order: DateOrder = votes.dmy > votes.mdy ? 'dmy' : 'mdy';
    const other: DateOrder = order === 'dmy' ? 'mdy' : 'dmy';
    const [most, fewest] = order === 'dmy' ? [votes.dmy, votes.mdy] : [votes.mdy, votes.dmy];
    const dmy = dates(votes.dmy, votes.dmyExample);
    const mdy = dates(votes.mdy, votes.mdyExample);
    if (most >= DATE_ORDER_MAJORITY * fewest) {
      const is = (count: number) => (count === 1 ? 'is' : 'are');
      const ambiguous =
        votes.ambiguous > 0
          ? `, and ${dates(votes.ambiguous, votes.ambiguousExample)} that could be either ${is(votes.ambiguous)} read ${ORDER_WORDS[order]}`
          : '';
      return parsed(
        order,
        `is read ${ORDER_NAMES[order]}, as ${most} of the ${most + fewest} dates that show the order are: ` +
          `${order === 'dmy' ? mdy : dmy} that can only be ${ORDER_WORDS[other]} ${is(fewest)} rejected with ${fewest === 1 ? 'its row' : 'their rows'}${ambiguous}. ` +
          `If the column is ${ORDER_WORDS[other]}, pass --date-order ${other}`,
      );
    }
    return problem(
      `the column mixes day-first and month-first dates: ${dmy} can only be day-first and ${mdy} only month-first, too many of each to tell which order the column is written in`,
      'pass --date-order dmy or --date-order mdy to read the column one way (the dates written the other way are then rejected with their rows), or export the column in one date format',
    );
  }
  if (votes.dmy > 0) return parsed('dmy');
  if (votes.mdy > 0) return parsed('mdy');
  if (votes.ambiguous > 0) {
    return problem(
      `no date in the column shows whether it is day-first or month-first (such as ${show(votes.ambiguousExample ?? '')})`,
      'pass --date-order dmy (day first, 31/03/2026) or --date-order mdy (month first, 03/31/2026)',
    );
  }
  return parsed(votes.ambiguousDotted > 0 ? 'dmy' : null);
}

function parseDayMonth(
  text: string,
  match: RegExpExecArray,
  order: DateOrder | null | undefined,
): Parsed<IsoDate> {
  const first = Number(match[1]);
  const second = Number(match[3]);
  const dotted = match[2] === '.';
  if (!validClock(match[5], match[6], match[7], match[8]) || (first > 12 && second > 12))
    return noSuchDay(text);
  let effective = order ?? null;
  if (effective === null) {
    if (first > 12) effective = 'dmy';
    else if (second > 12 || first === second) effective = 'mdy';
    else if (dotted) effective = 'dmy';
    else {
      return problem(
        `${show(text)} could be ${describe(first, second, match[4] ?? '')} or ${describe(second, first, match[4] ?? '')}, and the column does not say which`,
        'pass --date-order dmy (day first) or --date-order mdy (month first)',
      );
    }
  }
  const [day, month] = effective === 'dmy' ? [first, second] : [second, first];
  const year = fullYear(match[4] ?? '');
  if (month > 12) {
    const other: DateOrder = effective === 'dmy' ? 'mdy' : 'dmy';
    // The value with its day and month swapped, as the column's order would write it (when that is a date).
    const trimmed = text.trim();
    const swapped = `${match[3]}${match[2]}${match[1]}${trimmed.slice((match[1] ?? '').length + 1 + (match[3] ?? '').length)}`;
    const correction = isoFromParts(year, day, month) ? `write it ${show(swapped)}` : 'correct it';
    return problem(
      `${show(text)} cannot be ${ORDER_NAMES[effective]}, as the column's dates are: ${month} is not a month`,
      `${correction}; if the column is ${ORDER_WORDS[other]}, pass --date-order ${other}`,
    );
  }
  const date = isoFromParts(year, month, day);
  return date ? parsed(date) : noSuchDay(text);
}

function describe(day: number, month: number, year: string): string {
  const name = MONTH_NAMES[month - 1] ?? '';
  return `${day} ${name.charAt(0).toUpperCase()}${name.slice(1)} ${year}`;
}

function parseTimestamp(text: string, match: RegExpExecArray): Parsed<IsoDate> {
  if (!validClock(match[4], match[5], match[6])) return noSuchDay(text);
  const date = isoFromParts(Number(match[1]), Number(match[2]), Number(match[3]));
  if (!date) return noSuchDay(text);
  const zone = match[7]?.toUpperCase();
  if (zone === undefined || zone === 'Z' || /^[+-]00(?::?00)?$/.test(zone)) return parsed(date);
  const utc = new Date(
    `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? '00'}${normaliseOffset(zone)}`,
  );
  const utcDate = utc.toISOString().slice(0, 10);
  const note =
    utcDate === date
      ? `${show(text)}: the date is taken in the timestamp's own offset ${zone}`
      : `${show(text)}: the date is taken in the timestamp's own offset ${zone} (${date}); in UTC it is ${utcDate}`;
  return parsed(date, note);
}

function normaliseOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone.charAt(0)}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/**
 * Parses a date cell. `context.order` is the column's day/month order; without it, a value decides for itself
 * only where it can (`31/03/2026`), and asks for `--date-order` where it cannot (`03/04/2026`).
 */
export function parseDate(text: string, context: DateContext = {}): Parsed<IsoDate | null> {
  if (isNullToken(text, 'date')) return parsed(null);
  const trimmed = text.trim();

  const yearFirst = YEAR_FIRST.exec(trimmed);
  if (yearFirst) {
    const date = isoFromParts(Number(yearFirst[1]), Number(yearFirst[3]), Number(yearFirst[4]));
    return date ? parsed(date) : noSuchDay(text);
  }
  const timestamp = ISO_TIMESTAMP.exec(trimmed);
  if (timestamp) return parseTimestamp(text, timestamp);
  const dayMonth = DAY_MONTH.exec(trimmed);
  if (dayMonth) return parseDayMonth(text, dayMonth, context.order);

  const dayNamed = DAY_NAMED_MONTH.exec(trimmed);
  const namedDay = dayNamed ? null : NAMED_MONTH_DAY.exec(trimmed);
  if (dayNamed || namedDay) {
    const [dayText, monthText, yearText] = dayNamed
      ? [dayNamed[1], dayNamed[2], dayNamed[3]]
      : [namedDay?.[2], namedDay?.[1], namedDay?.[3]];
    const month = monthNumber(monthText ?? '');
    if (month === null)
      return problem(`${show(text)} is not a date: ${show(monthText ?? '')} is not a month`, EXPECTED_FIX);
    const date = isoFromParts(fullYear(yearText ?? ''), month, Number(dayText));
    return date ? parsed(date) : noSuchDay(text);
  }

  if (SERIAL.test(trimmed)) {
    if (!context.excelSerials) {
      return problem(
        `${show(text)} is a number, not a date (it may be an Excel serial date)`,
        'format the column as a date in Excel before exporting, or read the column as Excel serial dates',
      );
    }
    const date = excelSerialToIsoDate(Number(trimmed), context.date1904 ?? false);
    return date ? parsed(date) : problem(`${show(text)} is not an Excel date serial number`, EXPECTED_FIX);
  }
  return problem(`${show(text)} is not a date`, EXPECTED_FIX);
}

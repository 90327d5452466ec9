/**
 * Calendar dates. The domain speaks ISO `YYYY-MM-DD` strings; the columnar dataset and the store speak day
 * numbers (days since 1970-01-01, UTC). This module is the only place that converts between them, and it never
 * reads the clock: "today" is always an `asOf` passed in.
 * @module
 */

/** An ISO calendar date `YYYY-MM-DD`, validated by {@link parseIsoDate}. */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

/** Days since 1970-01-01 (UTC). Fits an Int32 for every date a CRM holds. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`, rejecting impossible dates such as 2026-02-30. Returns null when invalid. */
export function parseIsoDate(text: string): IsoDate | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return text as IsoDate;
}

/** Like {@link parseIsoDate} but throws a RangeError naming the bad value. For trusted internal data. */
export function isoDate(text: string): IsoDate {
  const parsed = parseIsoDate(text);
  if (parsed === null) throw new RangeError(`invalid date: ${JSON.stringify(text)} (expected YYYY-MM-DD)`);
  return parsed;
}

/**
 * The day number of a date, from its digits by the civil-calendar arithmetic (Howard Hinnant's days_from_civil):
 * no substrings and no Date, as the import converts ten million dates of a large history.
 */
export function toDayNumber(date: IsoDate): DayNumber {
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  // The year from March, so that a leap day ends it; eras of 400 years repeat exactly.
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number the `count` ASCII digits of `text` at `at` write. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let end = at + count; at < end; at++) value = value * 10 + text.charCodeAt(at) - 48;
  return value;
}

export function fromDayNumber(day: DayNumber): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
}

export function dayFromParts(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Year, month (1-12) and day of month of a day number. */
export function dayParts(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dayParts(toDayNumber(date));
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return fromDayNumber(dayFromParts(targetYear, targetMonth, Math.min(day, lastDay)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

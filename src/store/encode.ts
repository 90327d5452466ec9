/**
 * Encoding domain values into the store's compact form (day numbers, minor units, 0/1 flags), with the store's
 * last-line checks: a value the ingest layer should have rejected becomes an InputError naming the record and
 * field, never a silently wrong row.
 * @module
 */
import { parseIsoDate, toDayNumber, type DayNumber, type IsoDate } from '../domain/dates.js';
import type { EntityBatch } from '../domain/entities.js';
import { InputError, type Problem } from '../domain/errors.js';
import { andMore } from '../domain/listing.js';

/** A record of a batch: its list, position, and CRM id when it has one. */
export interface Place {
  readonly list: keyof EntityBatch;
  readonly index: number;
  readonly id?: string;
}

const SINGULAR: Readonly<Record<keyof EntityBatch, string>> = {
  reps: 'rep',
  accounts: 'account',
  territories: 'territory',
  opportunities: 'opportunity',
  opportunityChanges: 'opportunity change',
  activities: 'activity',
  leads: 'lead',
  quotas: 'quota',
  costs: 'cost',
};

/** `opportunity "O-1"` or `quota #3`: how messages name a record. */
function describePlace(place: Place): string {
  const noun = SINGULAR[place.list];
  return place.id === undefined ? `${noun} #${place.index + 1}` : `${noun} ${JSON.stringify(place.id)}`;
}

export function problemAt(place: Place, field: string, message: string, fix: string): Problem {
  return {
    message: `${describePlace(place)}: ${message}`,
    location: { field: `${place.list}[${place.index}].${field}` },
    fix,
  };
}

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

/** Throws one InputError listing the problems (the first few and a count of the rest), if there are any. */
export function throwIfProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = andMore(problems.length, listed.length, 'problems');
  throw new InputError(
    more ? [...listed, { message: `...${more} like these; nothing was written` }] : listed,
  );
}

/** Converts ISO dates to day numbers, caching them (a batch repeats the same few thousand dates). */
export class DayEncoder {
  private readonly cache = new Map<string, DayNumber>();

  day(value: string, place: Place, field: string): DayNumber {
    const cached = this.cache.get(value);
    if (cached !== undefined) return cached;
    if (typeof value !== 'string' || parseIsoDate(value) === null) {
      throw new InputError(
        problemAt(place, field, `${JSON.stringify(value)} is not a date`, 'write dates as YYYY-MM-DD'),
      );
    }
    const day = toDayNumber(value as IsoDate);
    this.cache.set(value, day);
    return day;
  }

  optionalDay(value: string | null, place: Place, field: string): DayNumber | null {
    return value === null ? null : this.day(value, place, field);
  }
}

const FIRST_DAY = toDayNumber('0001-01-01' as IsoDate);
const LAST_DAY = toDayNumber('9999-12-31' as IsoDate);

/** Whether a number is the day number of a date a store keeps (years 1 to 9999). */
export function isDayNumber(value: number): boolean {
  return Number.isInteger(value) && value >= FIRST_DAY && value <= LAST_DAY;
}

/** A date given as a day number, checked. */
export function dayNumberValue(value: number, place: Place, field: string): DayNumber {
  if (isDayNumber(value)) return value;
  throw new InputError(
    problemAt(
      place,
      field,
      `${value} is not the day number of a date from 0001-01-01 to 9999-12-31`,
      'give dates as day numbers (days since 1970-01-01)',
    ),
  );
}

/** Money as stored: a safe integer of minor units (bigint columns in PostgreSQL round-trip it exactly). */
export function minorUnitsValue(value: number, place: Place, field: string): number {
  if (Number.isSafeInteger(value)) return value;
  throw new InputError(
    problemAt(
      place,
      field,
      `${value} is not a whole number of minor units within ±${Number.MAX_SAFE_INTEGER}`,
      'give amounts in minor units (cents) as whole numbers',
    ),
  );
}

export function optionalMinorUnits(value: number | null, place: Place, field: string): number | null {
  return value === null ? null : minorUnitsValue(value, place, field);
}

/** A BANT answer as stored: 1 confirmed, 0 disproven, null not assessed. */
export function flagValue(value: boolean | null): 0 | 1 | null {
  return value === null ? null : value ? 1 : 0;
}

/** Largest value of the 32-bit integer columns (ids, codes, day numbers, sequences). */
export const MAX_INT32 = 2_147_483_647;

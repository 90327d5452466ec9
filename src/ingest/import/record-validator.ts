/**
 * Checks records against their entity's zod schema, field by field through the schema's shape: a million
 * opportunities' records checked whole (about 2-5 µs each, measured) would cost more than reading the file.
 * Each field's schema becomes, where its kind allows, a plain description of what it accepts (text of a least
 * length and patterns, an enumeration, a flag, a date, a number whole or above a bound, an object of such
 * fields, each perhaps nullable or optional), which one function reads: no closure per field or per check. A
 * record is first read whole with `for...in` (see {@link allAccepted}); a record refused there is checked field
 * by field in the shape's order, and a value refused, and every value of a field without a description, goes
 * through zod for its message, each distinct value once (dates, stages and owners repeat). The result is the
 * same as the whole-record check for records an import builds, which always have every field of the shape.
 * @module
 */
import type { z } from 'zod';
import { parseIsoDate } from '../../domain/dates.js';
import { isoDateSchema, minorUnitsSchema } from '../../domain/entities.js';

/** Distinct values remembered per field; values past this are checked without being remembered. */
const CACHE_LIMIT = 1 << 16;
/**
 * Checks per window: once a field has filled its memory, it stops remembering when its values repeated in
 * fewer than half of a window's checks (ids, names and amounts seldom repeat; dates and stages do).
 */
const WINDOW = 1024;

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export type RecordValidator = (record: object) => FieldIssue | null;

/** Whether a value is valid, by a test that accepts exactly what a field's schema accepts. */
type Accept = (value: unknown) => boolean;

/** Dates found valid, remembered (up to a bound): a million records repeat a few thousand dates. */
const validDates = new Set<string>();

function isIsoDate(value: string): boolean {
  if (validDates.has(value)) return true;
  if (parseIsoDate(value) === null) return false;
  if (validDates.size < CACHE_LIMIT) validDates.add(value);
  return true;
}

/** The kinds of value a field's description accepts; `unknown` is a schema left to zod. */
type Kind = 'text' | 'date' | 'enum' | 'flag' | 'number' | 'object' | 'unknown';

/**
 * What one field (or a whole object) accepts. Every description has every property, so that the loop reading
 * them sees one shape; the properties a kind does not use keep their neutral values.
 */
interface Accepts {
  readonly field: string;
  readonly kind: Kind;
  readonly acceptsNull: boolean;
  readonly acceptsUndefined: boolean;
  /** Text: its least length. Number: its least value (`-Infinity` for none), excluded when `aboveMinimum`. */
  readonly minimum: number;
  readonly aboveMinimum: boolean;
  /** Number: a safe integer. */
  readonly whole: boolean;
  /** Text: patterns it matches, none global or sticky (so testing one changes nothing). */
  readonly patterns: readonly RegExp[];
  /** Enumeration: its values. */
  readonly values: ReadonlySet<unknown>;
  /** Object: its fields' descriptions. */
  readonly fields: readonly Accepts[];
  /**
   * Text with patterns and dates: the last value found valid. Values repeat (currencies, close dates), and
   * comparing with it costs less than the patterns or the set of dates; equal strings get the same answer.
   */
  lastValid: string | null;
}

const NEUTRAL = {
  field: '',
  kind: 'unknown',
  acceptsNull: false,
  acceptsUndefined: false,
  minimum: 0,
  aboveMinimum: false,
  whole: false,
  patterns: [],
  values: new Set<unknown>(),
  fields: [],
  lastValid: null,
} as const satisfies Accepts;

function description(kind: Kind, properties: Partial<Accepts> = {}): Accepts {
  return { ...NEUTRAL, ...properties, kind };
}

/** The parts of zod's schema definitions read here. */
interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: z.ZodType;
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
}

interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly value?: number;
  readonly inclusive?: boolean;
}

/** The description of what a schema accepts; of kind `unknown` for a schema not recognised here. */
function describeSchema(schema: z.ZodType, field = ''): Accepts {
  if (schema === isoDateSchema) return description('date', { field });
  if (schema === minorUnitsSchema) return description('number', { field, minimum: -Infinity, whole: true });
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case 'nullable':
    case 'optional': {
      const inner = def.innerType ? describeSchema(def.innerType, field) : description('unknown', { field });
      if (inner.kind === 'unknown') return inner;
      return def.type === 'nullable' ? { ...inner, acceptsNull: true } : { ...inner, acceptsUndefined: true };
    }
    case 'boolean':
      return description(def.checks?.length ? 'unknown' : 'flag', { field });
    case 'enum':
      return def.checks?.length
        ? description('unknown', { field })
        : description('enum', { field, values: new Set(Object.values(def.entries ?? {})) });
    case 'string':
      return describeText(field, def.checks ?? []);
    case 'number':
      return describeNumber(field, def.checks ?? []);
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(([name, inner]) => describeSchema(inner, name));
      if (def.checks?.length || fields.some((inner) => inner.kind === 'unknown'))
        return description('unknown', { field });
      return description('object', { field, fields });
    }
    default:
      return description('unknown', { field });
  }
}

/** Text with least lengths and patterns; unknown for any other check. */
function describeText(field: string, checks: NonNullable<SchemaDef['checks']>): Accepts {
  let minimum = 0;
  const patterns: RegExp[] = [];
  for (const { _zod } of checks) {
    const check = _zod.def;
    if (check.check === 'min_length' && check.minimum !== undefined)
      minimum = Math.max(minimum, check.minimum);
    else if (
      check.check === 'string_format' &&
      check.format === 'regex' &&
      check.pattern &&
      !check.pattern.global &&
      !check.pattern.sticky
    )
      patterns.push(check.pattern);
    else return description('unknown', { field });
  }
  return description('text', { field, minimum, patterns });
}

/** Finite numbers, whole (safe integers) or above a bound as asked; unknown for any other check. */
function describeNumber(field: string, checks: NonNullable<SchemaDef['checks']>): Accepts {
  let minimum = -Infinity;
  let aboveMinimum = false;
  let whole = false;
  for (const { _zod } of checks) {
    const { check, format, value: bound, inclusive } = _zod.def;
    if (check === 'number_format' && format === 'safeint') whole = true;
    else if (check === 'greater_than' && bound !== undefined) {
      // Of two bounds the higher holds; at the same bound, the one that excludes it.
      if (bound > minimum || (bound === minimum && !inclusive)) {
        minimum = bound;
        aboveMinimum = !inclusive;
      }
    } else return description('unknown', { field });
  }
  return description('number', { field, minimum, aboveMinimum, whole });
}

/** Whether `accepts` (of a kind other than unknown) accepts the value. */
function accepted(accepts: Accepts, value: unknown): boolean {
  if (value === null) return accepts.acceptsNull;
  if (value === undefined) return accepts.acceptsUndefined;
  switch (accepts.kind) {
    case 'text': {
      if (typeof value !== 'string' || value.length < accepts.minimum) return false;
      const patterns = accepts.patterns;
      if (patterns.length === 0 || value === accepts.lastValid) return true;
      for (let index = 0; index < patterns.length; index++) if (!patterns[index]!.test(value)) return false;
      accepts.lastValid = value;
      return true;
    }
    case 'date':
      if (typeof value !== 'string') return false;
      if (value === accepts.lastValid) return true;
      if (!isIsoDate(value)) return false;
      accepts.lastValid = value;
      return true;
    case 'enum':
      return accepts.values.has(value);
    case 'flag':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        (accepts.whole ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
        (accepts.aboveMinimum ? value > accepts.minimum : value >= accepts.minimum)
      );
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const fields = accepts.fields;
      const values = value as Record<string, unknown>;
      for (let index = 0; index < fields.length; index++) {
        const inner = fields[index]!;
        if (!accepted(inner, values[inner.field])) return false;
      }
      return true;
    }
    case 'unknown':
      return false;
  }
}

/** The accepting test of a schema; null for a schema of a kind not recognised here (zod checks those values). */
export function acceptorOf(schema: z.ZodType): Accept | null {
  const accepts = describeSchema(schema);
  return accepts.kind === 'unknown' ? null : (value) => accepted(accepts, value);
}

function check(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not valid');
}

/**
 * A test of whether every field of a record is valid, which reads the record with `for...in`. A read by a field
 * name that changes from one read to the next (`record[field]` in a loop over the fields) makes V8 search the
 * record's property descriptors each time: reading a million opportunities' fields so took about 270 ms of the
 * 660-737 ms their checks took (measured), against 110-210 ms through `for...in`, whose values come from the
 * record's enumeration cache. The keys are expected in the order of the first record tested (an import builds
 * all records of an entity with one object literal); a key out of that order is found by name. False, for the
 * caller to check field by field, when a value is refused or a field of the shape is not enumerated (absent, or
 * not enumerable).
 */
function allAccepted(fields: readonly Accepts[]): (record: object) => boolean {
  const byField = new Map(fields.map((accepts) => [accepts.field, accepts]));
  let expectedKeys: readonly string[] | null = null;
  let expected: readonly (Accepts | undefined)[] = [];
  return (record) => {
    if (expectedKeys === null) {
      const keys: string[] = [];
      for (const key in record) keys.push(key);
      expectedKeys = keys;
      expected = keys.map((key) => byField.get(key));
    }
    const values = record as Record<string, unknown>;
    let position = 0;
    let seen = 0;
    for (const key in values) {
      const accepts = key === expectedKeys[position] ? expected[position] : byField.get(key);
      position++;
      if (accepts === undefined) continue;
      if (!accepted(accepts, values[key])) return false;
      seen++;
    }
    return seen === fields.length;
  };
}

/** A validator for records of `schema` (a zod object): the first field that fails, or null. */
export function createRecordValidator(schema: z.ZodObject): RecordValidator {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, fieldSchema]) => ({
    field,
    schema: fieldSchema,
    accepts: describeSchema(fieldSchema, field),
    checked: new Map<unknown, string | null>(),
    lookups: 0,
    hits: 0,
    remember: true,
  }));
  const valid = fields.some((entry) => entry.accepts.kind === 'unknown')
    ? null
    : allAccepted(fields.map((entry) => entry.accepts));
  return (record) => {
    if (valid?.(record)) return null;
    const values = record as Record<string, unknown>;
    for (let index = 0; index < fields.length; index++) {
      const entry = fields[index]!;
      const value = values[entry.field];
      if (accepted(entry.accepts, value)) continue;
      let message: string | null | undefined;
      if (entry.remember) {
        // Objects are remembered by identity: an import shares one object per combination of BANT answers.
        message = entry.checked.get(value);
        if (message !== undefined) entry.hits++;
        else {
          message = check(entry.schema, value);
          if (entry.checked.size < CACHE_LIMIT) entry.checked.set(value, message);
        }
        if (++entry.lookups === WINDOW) {
          if (entry.checked.size >= CACHE_LIMIT && entry.hits < WINDOW / 2) {
            entry.remember = false;
            entry.checked.clear();
          }
          entry.lookups = 0;
          entry.hits = 0;
        }
      } else message = check(entry.schema, value);
      if (message !== null) return { field: entry.field, message };
    }
    return null;
  };
}

/**
 * Checks records against their entity's zod schema, field by field through the schema's shape: a million
 * opportunities' records checked whole (about 2-5 µs each, measured) would cost more than reading the file.
 * Each field's schema gives, where its kind allows, a plain predicate that accepts exactly what the schema
 * accepts (text of a least length, a pattern, an enumeration, a flag, a date, whole minor units, and these made
 * nullable or optional); a value it refuses, and every value of a field without one, goes through zod, each
 * distinct value once (dates, stages and owners repeat). The result is the same as the whole-record check for
 * records an import builds, which always have every field of the shape.
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

function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (validDates.has(value)) return true;
  if (parseIsoDate(value) === null) return false;
  if (validDates.size < CACHE_LIMIT) validDates.add(value);
  return true;
}

/** The schemas whose refinement is a predicate of their own, by identity. */
const REFINED = new Map<unknown, Accept>([
  [isoDateSchema, isIsoDate],
  [minorUnitsSchema, (value) => typeof value === 'number' && Number.isSafeInteger(value)],
]);

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

/** The accepting test of a schema; null for a schema of a kind not recognised here (zod checks those values). */
export function acceptorOf(schema: z.ZodType): Accept | null {
  const known = REFINED.get(schema);
  if (known) return known;
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case 'nullable':
    case 'optional': {
      const inner = def.innerType ? acceptorOf(def.innerType) : null;
      const empty = def.type === 'nullable' ? null : undefined;
      return inner && ((value) => value === empty || inner(value));
    }
    case 'boolean':
      return def.checks?.length ? null : (value) => typeof value === 'boolean';
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return def.checks?.length ? null : (value) => values.has(value);
    }
    case 'string':
      return stringAcceptor(def.checks ?? []);
    case 'number':
      return numberAcceptor(def.checks ?? []);
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(
        ([field, inner]) => [field, acceptorOf(inner)] as const,
      );
      if (def.checks?.length || fields.some(([, accept]) => accept === null)) return null;
      return (value) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        fields.every(([field, accept]) => accept!((value as Record<string, unknown>)[field]));
    }
    default:
      return null;
  }
}

/** Text with least lengths and patterns; null for any other check. */
function stringAcceptor(checks: NonNullable<SchemaDef['checks']>): Accept | null {
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
    else return null;
  }
  return (value) =>
    typeof value === 'string' && value.length >= minimum && patterns.every((pattern) => pattern.test(value));
}

/** Finite numbers, whole (safe integers) or above a bound as asked; null for any other check. */
function numberAcceptor(checks: NonNullable<SchemaDef['checks']>): Accept | null {
  const tests: ((value: number) => boolean)[] = [Number.isFinite];
  for (const { _zod } of checks) {
    const { check, format, value: bound, inclusive } = _zod.def;
    if (check === 'number_format' && format === 'safeint') tests.push(Number.isSafeInteger);
    else if (check === 'greater_than' && bound !== undefined)
      tests.push(inclusive ? (value) => value >= bound : (value) => value > bound);
    else return null;
  }
  return (value) => typeof value === 'number' && tests.every((test) => test(value));
}

function check(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not valid');
}

/** A validator for records of `schema` (a zod object): the first field that fails, or null. */
export function createRecordValidator(schema: z.ZodObject): RecordValidator {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, fieldSchema]) => ({
    field,
    schema: fieldSchema,
    accept: acceptorOf(fieldSchema),
    checked: new Map<unknown, string | null>(),
    lookups: 0,
    hits: 0,
    remember: true,
  }));
  return (record) => {
    const values = record as Record<string, unknown>;
    for (const entry of fields) {
      const value = values[entry.field];
      if (entry.accept?.(value)) continue;
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

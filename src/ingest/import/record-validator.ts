/**
 * Checks records against their entity's zod schema, field by field through the schema's shape, each distinct
 * value of a field once: a million opportunities repeat a few thousand dates, stages and owners, so checking
 * every record whole (about 2-5 µs each, measured) would cost more than reading the file. The result is the
 * same as the whole-record check for records an import builds, which always have every field of the shape.
 * @module
 */
import type { z } from 'zod';

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

function check(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not valid');
}

/** A validator for records of `schema` (a zod object): the first field that fails, or null. */
export function createRecordValidator(schema: z.ZodObject): RecordValidator {
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, fieldSchema]) => ({
    field,
    schema: fieldSchema,
    checked: new Map<unknown, string | null>(),
    lookups: 0,
    hits: 0,
    remember: true,
  }));
  return (record) => {
    const values = record as Record<string, unknown>;
    for (const entry of fields) {
      const value = values[entry.field];
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

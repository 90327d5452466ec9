import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_TYPES,
  COST_CATEGORIES,
  FORECAST_CATEGORIES,
  LEAD_STATUSES,
  OPPORTUNITY_TYPES,
  REP_ROLES,
  accountSchema,
  activitySchema,
  costSchema,
  leadSchema,
  opportunityChangeSchema,
  opportunitySchema,
  qualificationSchema,
  quotaSchema,
  repSchema,
  territorySchema,
} from '../../domain/entities.js';
import { acceptorOf, createRecordValidator } from './record-validator.js';

const change = {
  opportunityId: 'O-1',
  date: '2026-03-31',
  sequence: 0,
  stage: 'Proposal',
  amount: 100,
  closeDate: '2026-04-30',
  forecastCategory: 'pipeline',
  ownerId: 'R-1',
};

describe('createRecordValidator', () => {
  it('finds the first field that fails, with the schema message', () => {
    const validate = createRecordValidator(opportunityChangeSchema);
    expect(validate(change)).toBeNull();
    expect(validate({ ...change, closeDate: '2026-02-30' })).toEqual({
      field: 'closeDate',
      message: 'must be a date YYYY-MM-DD',
    });
    expect(validate({ ...change, ownerId: '' })).toEqual({ field: 'ownerId', message: 'must not be empty' });
    expect(validate({ ...change, amount: 0.5 })?.field).toBe('amount');
  });

  it('agrees with the whole-record check on records with every field', () => {
    const validate = createRecordValidator(opportunityChangeSchema);
    fc.assert(
      fc.property(
        fc.record({
          date: fc.constantFrom('2026-03-31', '2026-02-30', 'x'),
          amount: fc.constantFrom(1, 0.5, Number.MAX_SAFE_INTEGER + 2),
          forecastCategory: fc.constantFrom('pipeline', 'commit', 'maybe'),
          ownerId: fc.constantFrom('R-1', ''),
          sequence: fc.constantFrom(0, 2, -1),
        }),
        (fields) => {
          const record = { ...change, ...fields };
          expect(validate(record) === null).toBe(opportunityChangeSchema.safeParse(record).success);
        },
      ),
      { seed: 5 },
    );
  });

  it('accepts without zod exactly the field values zod accepts', () => {
    const values: unknown[] = [
      null,
      undefined,
      '',
      'x',
      'USD',
      'usd',
      'USDX',
      '2026-03-31',
      '2026-02-30',
      '2026-3-31',
      0,
      -3,
      1.5,
      Number.MAX_SAFE_INTEGER + 2,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      12,
      true,
      'pipeline',
      'Pipeline',
      'ae',
      { budget: true, authority: null, need: false, timeline: null },
      { budget: 'yes', authority: null, need: false, timeline: null },
      [],
    ];
    let recognised = 0;
    const schemas: z.ZodObject[] = [opportunitySchema, accountSchema, repSchema];
    for (const schema of schemas) {
      for (const [field, fieldSchema] of Object.entries(
        schema.shape as unknown as Record<string, z.ZodType>,
      )) {
        const accept = acceptorOf(fieldSchema);
        if (accept === null) continue;
        recognised++;
        for (const value of values)
          expect([field, value, accept(value)]).toEqual([field, value, fieldSchema.safeParse(value).success]);
      }
    }
    // Every field of the three shapes has a test of its own (none is left to zod alone).
    expect(recognised).toBe(
      [opportunitySchema, accountSchema, repSchema].reduce((sum, s) => sum + Object.keys(s.shape).length, 0),
    );
  });

  it('accepts without zod a field value exactly when zod does, for any value', () => {
    for (const schema of ENTITY_SCHEMAS) {
      for (const [field, fieldSchema] of Object.entries(
        schema.shape as unknown as Record<string, z.ZodType>,
      )) {
        const accept = acceptorOf(fieldSchema);
        if (accept === null) continue;
        fc.assert(
          fc.property(fieldValue, (value) => {
            expect([field, value, accept(value)]).toEqual([
              field,
              value,
              fieldSchema.safeParse(value).success,
            ]);
          }),
          { seed: 11, numRuns: 300 },
        );
      }
    }
  });

  it('finds the field zod finds first, for records with values changed, keys reordered, left out or added', () => {
    // One validator for every record: the first one read sets the key order the others depart from.
    const validate = createRecordValidator(opportunitySchema);
    expect(validate(opportunity)).toBeNull();
    const fields = Object.keys(opportunitySchema.shape);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: 3 }),
        fc.shuffledSubarray(fields, { minLength: fields.length - 1 }),
        fc.dictionary(fc.constantFrom('extra', 'Id', '0'), fieldValue, { maxKeys: 2 }),
        (changed, keys, extra) => {
          const values: Record<string, unknown> = { ...opportunity, ...changed };
          const record = { ...Object.fromEntries(keys.map((key) => [key, values[key]])), ...extra };
          expect(validate(record)).toEqual(firstIssue(opportunitySchema, record));
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('reads fields a record inherits or holds as not enumerable as the whole-record check does', () => {
    const validate = createRecordValidator(opportunitySchema);
    expect(validate(opportunity)).toBeNull();
    const { amount, ...rest } = opportunity;
    const inheriting = Object.assign(Object.create({ amount }) as object, rest);
    expect(validate(inheriting)).toBeNull();
    expect(opportunitySchema.safeParse(inheriting).success).toBe(true);
    const hidden = (closeDate: string) =>
      Object.defineProperty({ ...opportunity }, 'closeDate', { value: closeDate, enumerable: false });
    expect(validate(hidden('2026-03-31'))).toBeNull();
    expect(opportunitySchema.safeParse(hidden('2026-03-31')).success).toBe(true);
    expect(validate(hidden('2026-02-30'))).toEqual({
      field: 'closeDate',
      message: 'must be a date YYYY-MM-DD',
    });
    expect(opportunitySchema.safeParse(hidden('2026-02-30')).success).toBe(false);
  });
});

/** Every entity schema of a record an import or a write checks. */
const ENTITY_SCHEMAS: z.ZodObject[] = [
  repSchema,
  accountSchema,
  qualificationSchema,
  opportunitySchema,
  opportunityChangeSchema,
  activitySchema,
  leadSchema,
  quotaSchema,
  costSchema,
  territorySchema,
];

/** An opportunity as an import builds it (its keys in the import's order). */
const opportunity = {
  id: '006000000000000001',
  name: 'Acme renewal',
  accountId: '001000000000000001',
  currency: 'USD',
  type: 'renewal',
  source: null,
  createdDate: '2026-01-15',
  listAmount: null,
  competitor: null,
  lossReason: null,
  nextStep: 'call back',
  qualification: { budget: true, authority: null, need: null, timeline: false },
  product: null,
  stage: 'Proposal',
  amount: 1_250_000,
  closeDate: '2026-03-31',
  forecastCategory: 'pipeline',
  ownerId: '005000000000000001',
};

/** The first field of the shape (in the shape's order) whose schema refuses the record's value, as zod says. */
function firstIssue(schema: z.ZodObject, record: Record<string, unknown>) {
  for (const [field, fieldSchema] of Object.entries(schema.shape as unknown as Record<string, z.ZodType>)) {
    const result = fieldSchema.safeParse(record[field]);
    if (!result.success) return { field, message: result.error.issues[0]!.message };
  }
  return null;
}

const pad = (value: number, digits: number) => String(value).padStart(digits, '0');

/** Text shaped like a date, most of them impossible (month 13, day 31 of a short month, years below 100). */
const dateLike = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([year, month, day]) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

/** An array with every field of a qualification: an object to `typeof`, not to zod. */
const answersInAnArray = Object.assign([], { budget: null, authority: null, need: null, timeline: null });

/** A flag as a record might hold it, or something else. */
const flagLike = fc.constantFrom<unknown>(true, false, null, undefined, 'true', 0, 1);

/** Values of every kind a field accepts, close to its edges, and values of other kinds. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, '', [], {}, ['USD'], new Date(0), answersInAnArray),
  fc.string({ maxLength: 4 }),
  fc.string(),
  dateLike,
  fc.constantFrom(
    '2024-02-29',
    '2026-02-29',
    '0099-12-31',
    '0100-01-01',
    '2026-3-31',
    ' 2026-03-31',
    '2026-03-31\n',
  ),
  fc.stringMatching(/^[A-Za-z]{2,4}$/),
  fc.constantFrom<unknown>(
    ...FORECAST_CATEGORIES,
    ...OPPORTUNITY_TYPES,
    ...REP_ROLES,
    ...ACTIVITY_TYPES,
    ...LEAD_STATUSES,
    ...COST_CATEGORIES,
    'rep',
    'team',
    'Pipeline',
    'FY2027',
    'FY2027-Q5',
  ),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
  fc.constantFrom(
    -0,
    0.5,
    -1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
  ),
  fc.boolean(),
  fc.record(
    { budget: flagLike, authority: flagLike, need: flagLike, timeline: flagLike },
    { requiredKeys: [] },
  ),
);

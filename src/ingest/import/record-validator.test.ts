import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  accountSchema,
  opportunityChangeSchema,
  opportunitySchema,
  repSchema,
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
});

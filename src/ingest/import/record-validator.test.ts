import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunityChangeSchema } from '../../domain/entities.js';
import { createRecordValidator } from './record-validator.js';

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
});

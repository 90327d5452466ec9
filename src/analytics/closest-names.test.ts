import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestNames, closestPeople, editDistance } from './closest-names.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('owner', 'owner')).toBe(0);
    expect(editDistance('ownr', 'owner')).toBe(1);
    expect(editDistance('onwer', 'owner')).toBe(1);
    expect(editDistance('segmnet', 'segment')).toBe(1);
    expect(editDistance('', 'team')).toBe(4);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});

describe('closestNames', () => {
  it('suggests names a typo is close to, closest first', () => {
    expect(closestNames('segmnt', ['owner', 'segment', 'region'])).toEqual(['segment']);
    expect(closestNames('Quater', ['fiscal_quarter', 'quarter', 'owner'])).toEqual(['quarter']);
    expect(closestNames('quart', ['fiscal_quarter', 'quarter', 'owner'])).toEqual([
      'quarter',
      'fiscal_quarter',
    ]);
    expect(closestNames('xyz', ['owner', 'segment'])).toEqual([]);
  });

  it('ignores case when a name contains the typed text, and returns names as given', () => {
    expect(closestNames('acme', ['ACME Corp', 'Apex Ltd', 'Globex'])).toEqual(['ACME Corp']);
    expect(closestNames('tan', ['Kenji Tan', 'Kenji Mahlangu', 'Tanya Ito'])).toEqual([
      'Tanya Ito',
      'Kenji Tan',
    ]);
    expect(closestNames('KENJI', ['Kenji Tan', 'Kenji Mahlangu', 'Ana Ruiz'])).toEqual([
      'Kenji Tan',
      'Kenji Mahlangu',
    ]);
  });
});

describe('closestPeople', () => {
  const ids = ['REP-0001', 'REP-0012', 'REP-0100'];
  const names = ['Jana Bauer', 'Dara Bauer', 'Kenji Sato'];

  it('labels each match id (name), by id or by name, without repeats', () => {
    // REP-0012 is 1 edit from REP-012, REP-0100 is 2 (the tolerance for 7 letters), REP-0001 is 3.
    expect(closestPeople('REP-012', ids, names)).toEqual(['REP-0012 (Dara Bauer)', 'REP-0100 (Kenji Sato)']);
    expect(closestPeople('kenji', ids, names)).toEqual(['REP-0100 (Kenji Sato)']);
    expect(closestPeople('zzzzzzzz', ids, names)).toEqual([]);
  });
});

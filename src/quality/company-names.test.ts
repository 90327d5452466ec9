import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namesWithinOneEdit, normalizeCompanyName, withinOneEdit } from './company-names.js';

describe('normalizeCompanyName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME INC', 'acme'],
    ['Acme Corporation Ltd.', 'acme'],
    ['A.C.M.E. GmbH', 'acme'],
    ['The Blue Harbor Co.', 'blueharbor'],
    ['BlueHarbor', 'blueharbor'],
    ['Zürich Re AG', 'zurichre'],
    ['Smith & Sons', 'smithandsons'],
    ["O'Neil Logistics", 'oneillogistics'],
    ['Co', 'co'],
    ['The', 'the'],
    ['Inc LLC', 'inc'],
    ['  ', ''],
  ])('%j is %j', (name, form) => {
    expect(normalizeCompanyName(name)).toBe(form);
  });

  it('keeps legal-form words that are not at the end', () => {
    expect(normalizeCompanyName('AG Growers')).toBe('aggrowers');
    expect(normalizeCompanyName('Co-op Bank')).toBe('coopbank');
  });
});

/** Optimal string alignment distance, the textbook dynamic programme: the oracle for the fast checks. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const shortText = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 7 });

describe('withinOneEdit', () => {
  it('tells one insertion, deletion, replacement or adjacent swap from more', () => {
    expect(withinOneEdit('acmeanalytics', 'acmeanalytcs')).toBe(true);
    expect(withinOneEdit('alder', 'adler')).toBe(true);
    expect(withinOneEdit('alder', 'alter')).toBe(true);
    expect(withinOneEdit('alder', 'aldery')).toBe(true);
    expect(withinOneEdit('alder', 'alder')).toBe(true);
    expect(withinOneEdit('media', 'medical')).toBe(false);
    expect(withinOneEdit('abc', 'bca')).toBe(false);
  });

  it('agrees with the optimal string alignment distance', () => {
    fc.assert(fc.property(shortText, shortText, (a, b) => withinOneEdit(a, b) === osaDistance(a, b) <= 1));
  });
});

describe('namesWithinOneEdit', () => {
  it('finds every pair one edit apart, once, in order', () => {
    expect(namesWithinOneEdit(['alder', 'adler', 'cedar', 'alders', 'xyz'])).toEqual([
      [0, 1],
      [0, 3],
    ]);
  });

  it('finds exactly the pairs a comparison of all pairs finds', () => {
    fc.assert(
      fc.property(fc.uniqueArray(shortText, { maxLength: 30 }), (names) => {
        const all: [number, number][] = [];
        for (let i = 0; i < names.length; i++) {
          for (let j = i + 1; j < names.length; j++)
            if (osaDistance(names[i]!, names[j]!) <= 1) all.push([i, j]);
        }
        expect(namesWithinOneEdit(names)).toEqual(all);
      }),
    );
  });
});

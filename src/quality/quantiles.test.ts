import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeQuantileRanks, placeRanks, quantileOfSorted, tukeyFences } from './quantiles.js';

describe('quantileOfSorted', () => {
  it('interpolates between the closest ranks (R type 7, Excel QUARTILE.INC)', () => {
    const values = [1, 2, 4, 8];
    // Positions (n - 1) p: 0.75 -> 1 + 0.75 x (2 - 1); 1.5 -> 3; 2.25 -> 4 + 0.25 x (8 - 4).
    expect(quantileOfSorted(values, 0.25)).toBe(1.75);
    expect(quantileOfSorted(values, 0.5)).toBe(3);
    expect(quantileOfSorted(values, 0.75)).toBe(5);
    expect(quantileOfSorted(values, 0)).toBe(1);
    expect(quantileOfSorted(values, 1)).toBe(8);
    expect(quantileOfSorted([7], 0.3)).toBe(7);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });
});

describe('tukeyFences', () => {
  it('puts the fences k interquartile ranges beyond the quartiles', () => {
    // 1..9: Q1 = 3, Q3 = 7, IQR 4.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(tukeyFences(values, 1.5, 5)).toEqual({ low: -3, median: 5, high: 13 });
    expect(tukeyFences(values, 3, 5)).toEqual({ low: -9, median: 5, high: 19 });
  });

  it('judges nothing with too few values or no spread', () => {
    expect(tukeyFences([1, 2, 3], 3, 4)).toBeNull();
    expect(tukeyFences([5, 5, 5, 5, 5, 9], 3, 4)).toBeNull();
  });
});

describe('placeQuantileRanks', () => {
  it('gives the quartiles and fences a full sort gives, on shuffled values with ties', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const count of [1, 2, 3, 5, 20, 101, 1000]) {
      const values = Float64Array.from({ length: count }, () => Math.floor(random() * 40) / 4);
      const sorted = Float64Array.from(values).sort();
      placeQuantileRanks(values, [0.25, 0.5, 0.75]);
      for (const p of [0.25, 0.5, 0.75])
        expect(quantileOfSorted(values, p)).toBe(quantileOfSorted(sorted, p));
      expect(tukeyFences(values, 3, 1)).toEqual(tukeyFences(sorted, 3, 1));
      expect(Float64Array.from(values).sort()).toEqual(sorted);
    }
  });
});

describe('placeRanks', () => {
  it('puts at each rank what a sort puts there, no larger value before it and no smaller after (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (numbers, picks) => {
          const values = Float64Array.from(numbers, (n) => n / 4);
          const sorted = Float64Array.from(values).sort();
          // Ranks anywhere, adjacent ones and both ends among them.
          const ranks = [...picks.map((pick) => pick % values.length), 0, values.length - 1];
          placeRanks(values, [...ranks, ...ranks.map((rank) => Math.min(rank + 1, values.length - 1))]);
          for (const rank of ranks) {
            expect(values[rank]).toBe(sorted[rank]);
            for (let i = 0; i < rank; i++) expect(values[i]).toBeLessThanOrEqual(values[rank]!);
            for (let i = rank + 1; i < values.length; i++)
              expect(values[i]).toBeGreaterThanOrEqual(values[rank]!);
          }
          expect(Float64Array.from(values).sort()).toEqual(sorted);
        },
      ),
      { seed: 11 },
    );
  });
});

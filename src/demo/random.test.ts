import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulativeWeights, Random } from './random.js';

const draws = (random: Random, count: number): number[] => Array.from({ length: count }, () => random.next());

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('Random', () => {
  it('repeats its sequence for the same seed and stream', () => {
    expect(draws(new Random(7), 50)).toEqual(draws(new Random(7), 50));
    expect(draws(new Random(7, 3), 50)).toEqual(draws(new Random(7, 3), 50));
  });

  it('gives different sequences for nearby seeds, other streams and seeds beyond 32 bits', () => {
    const base = draws(new Random(7), 20);
    expect(draws(new Random(8), 20)).not.toEqual(base);
    expect(draws(new Random(7, 1), 20)).not.toEqual(base);
    expect(draws(new Random(7 + 2 ** 32), 20)).not.toEqual(base);
    expect(draws(new Random(-7), 20)).not.toEqual(base);
  });

  it('draws uniforms in [0, 1) with mean 1/2', () => {
    const values = draws(new Random(1), 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
  });

  it('draws whole numbers from min to max inclusive, reaching both ends', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(20), (seed, min, width) => {
        const random = new Random(seed);
        for (let i = 0; i < 50; i++) {
          const value = random.int(min, min + width);
          expect(Number.isInteger(value) && value >= min && value <= min + width).toBe(true);
        }
      }),
    );
    const random = new Random(2);
    const seen = new Set(Array.from({ length: 500 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws standard normals', () => {
    const random = new Random(3);
    const values = Array.from({ length: 20_000 }, () => random.normal());
    const average = mean(values);
    const variance = mean(values.map((value) => (value - average) ** 2));
    expect(Math.abs(average)).toBeLessThan(0.03);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });

  it('draws lognormals around the given median', () => {
    const random = new Random(4);
    const values = Array.from({ length: 20_000 }, () => random.lognormal(120_000, 0.8));
    expect(median(values) / 120_000).toBeCloseTo(1, 1);
    expect(Math.min(...values)).toBeGreaterThan(0);
  });

  it('draws Poisson counts with the given mean, small and large', () => {
    const random = new Random(5);
    for (const lambda of [0.8, 3, 50]) {
      const values = Array.from({ length: 20_000 }, () => random.poisson(lambda));
      expect(values.every((value) => Number.isInteger(value) && value >= 0)).toBe(true);
      expect(mean(values) / lambda).toBeCloseTo(1, 1);
    }
    expect(random.poisson(0)).toBe(0);
  });

  it('draws weighted indices in proportion, never a zero weight, within a sub-range', () => {
    const random = new Random(6);
    const cumulative = cumulativeWeights([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[random.weightedIndex(cumulative)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeCloseTo(3, 0);
    // Running totals restart per range: entries 3..5 hold weights 0, 2, 2.
    const ranged = Float64Array.of(5, 6, 7, 0, 2, 4);
    for (let i = 0; i < 200; i++) expect([4, 5]).toContain(random.weightedIndex(ranged, 3, 6));
  });

  it('shuffles into a permutation and picks members', () => {
    const random = new Random(7);
    const items = Array.from({ length: 30 }, (_, index) => index);
    expect([...random.shuffle([...items])].sort((a, b) => a - b)).toEqual(items);
    expect(items).toContain(random.pick(items));
  });
});

describe('cumulativeWeights', () => {
  it('gives running totals', () => {
    expect([...cumulativeWeights([1, 2, 0, 4])]).toEqual([1, 3, 3, 7]);
  });
});

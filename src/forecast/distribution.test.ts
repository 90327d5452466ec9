import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outcomeDistribution, type OutcomeDistribution, type OutcomeInput } from './distribution.js';
import { empiricalQuantile, seededUniform, simulateOutcomes } from './monte-carlo.js';

/** Every outcome and its probability, by enumerating all 2^n won/lost combinations. */
function enumerate(input: OutcomeInput): { value: number; probability: number }[] {
  const byValue = new Map<number, number>();
  const n = input.amounts.length;
  const extraValues = input.newPipeline ? Array.from(input.newPipeline.values) : [0];
  const extraProbabilities = input.newPipeline ? Array.from(input.newPipeline.probabilities) : [1];
  for (let mask = 0; mask < 1 << n; mask++) {
    let value = input.closed;
    let probability = 1;
    for (let i = 0; i < n; i++) {
      const p = input.probabilities[i]!;
      if (mask & (1 << i)) {
        value += input.amounts[i]!;
        probability *= p;
      } else probability *= 1 - p;
    }
    extraValues.forEach((extra, j) => {
      const key = value + extra;
      byValue.set(key, (byValue.get(key) ?? 0) + probability * extraProbabilities[j]!);
    });
  }
  return [...byValue.entries()]
    .map(([value, probability]) => ({ value, probability }))
    .sort((a, b) => a.value - b.value);
}

function exactQuantile(outcomes: { value: number; probability: number }[], q: number): number {
  let running = 0;
  for (const { value, probability } of outcomes) {
    running += probability;
    if (running >= q - 1e-12) return value;
  }
  return outcomes[outcomes.length - 1]!.value;
}

function exactAtLeast(outcomes: { value: number; probability: number }[], target: number): number {
  return outcomes
    .filter(({ value }) => value >= target)
    .reduce((sum, { probability }) => sum + probability, 0);
}

function randomDeals(
  count: number,
  seed: number,
  largest: number,
): { closed: number; amounts: Float64Array; probabilities: Float64Array } {
  const uniform = seededUniform(seed);
  const amounts = Float64Array.from({ length: count }, () => 1000 * Math.floor(1 + uniform() * largest));
  const probabilities = Float64Array.from({ length: count }, () => 0.05 + 0.9 * uniform());
  return { closed: 1_000_000, amounts, probabilities };
}

describe('outcomeDistribution by hand', () => {
  it('one deal: closed 1,000 plus 500 won with p 0.3', () => {
    const result = outcomeDistribution(
      { closed: 1000, amounts: [500], probabilities: [0.3] },
      { targets: [1000, 1001, 1500, 1501] },
    );
    expect(result).toMatchObject({
      method: 'grid',
      p10: 1000,
      p50: 1000,
      p90: 1500,
      errorBound: 0,
      binWidth: 500,
    });
    expect(result.mean).toBeCloseTo(1150, 9);
    expect(result.sd).toBeCloseTo(500 * Math.sqrt(0.21), 9);
    expect(result.probabilityAtLeast.map((t) => t.probability)).toEqual([
      1,
      expect.closeTo(0.3, 12),
      expect.closeTo(0.3, 12),
      0,
    ]);
  });

  it('two deals: 100 at p 0.5 and 300 at p 0.4 give 0/100/300/400 with 0.3/0.3/0.2/0.2', () => {
    const result = outcomeDistribution(
      { closed: 0, amounts: [100, 300], probabilities: [0.5, 0.4] },
      { targets: [100, 150, 300] },
    );
    // CDF 0.3, 0.6, 0.8, 1.0.
    expect(result).toMatchObject({
      p10: 0,
      p50: 100,
      p90: 400,
      errorBound: 0,
      binWidth: 100,
      uncertainDeals: 2,
    });
    expect(result.mean).toBeCloseTo(170, 9);
    const probabilities = result.probabilityAtLeast.map((t) => t.probability);
    expect(probabilities[0]).toBeCloseTo(0.7, 12);
    expect(probabilities[1]).toBeCloseTo(0.4, 12);
    expect(probabilities[2]).toBeCloseTo(0.4, 12);
  });

  it('deals at p 0 and p 1 and zero amounts are constants, not uncertainty', () => {
    const result = outcomeDistribution(
      { closed: 50, amounts: [0, 70, 30], probabilities: [0.5, 1, 0] },
      { targets: [120, 121] },
    );
    expect(result).toMatchObject({ p10: 120, p50: 120, p90: 120, sd: 0, mean: 120, uncertainDeals: 0 });
    expect(result.probabilityAtLeast.map((t) => t.probability)).toEqual([1, 0]);
  });

  it('adds new-pipeline revenue given as a distribution', () => {
    const input = {
      closed: 0,
      amounts: [100],
      probabilities: [0.5],
      newPipeline: { values: [0, 200], probabilities: [0.75, 0.25] },
    };
    // 0: 0.375, 100: 0.375, 200: 0.125, 300: 0.125.
    const result = outcomeDistribution(input, { targets: [200] });
    expect(result).toMatchObject({ p10: 0, p50: 100, p90: 300, errorBound: 0 });
    expect(result.mean).toBeCloseTo(100, 9);
    expect(result.probabilityAtLeast[0]!.probability).toBeCloseTo(0.25, 12);
  });

  it('refuses amounts and probabilities of different lengths or out of range', () => {
    expect(() => outcomeDistribution({ closed: 0, amounts: [1, 2], probabilities: [0.5] })).toThrow(
      RangeError,
    );
    expect(() => outcomeDistribution({ closed: 0, amounts: [1], probabilities: [1.5] })).toThrow(RangeError);
    expect(() => outcomeDistribution({ closed: 0, amounts: [-1], probabilities: [0.5] })).toThrow(RangeError);
  });
});

describe('outcomeDistribution against enumeration', () => {
  const smallSets = fc.record({
    amounts: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 9 }),
    probabilities: fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 9, maxLength: 9 }),
  });

  it('is exact on the grid of the amounts’ common divisor', () => {
    fc.assert(
      fc.property(smallSets, ({ amounts, probabilities }) => {
        const input = { closed: 10, amounts, probabilities: probabilities.slice(0, amounts.length) };
        const exact = enumerate(input);
        const result = outcomeDistribution(input, { method: 'grid', targetError: 0, targets: [2500, 7000] });
        expect(result.errorBound).toBe(0);
        for (const [q, value] of [
          [0.1, result.p10],
          [0.5, result.p50],
          [0.9, result.p90],
        ] as const) {
          expect(value).toBe(exactQuantile(exact, q));
        }
        result.probabilityAtLeast.forEach(({ target, probability }) => {
          expect(probability).toBeCloseTo(exactAtLeast(exact, target), 9);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('stays within its stated error bound on a coarse grid', () => {
    fc.assert(
      fc.property(smallSets, fc.integer({ min: 4, max: 64 }), ({ amounts, probabilities }, maxBins) => {
        const input = { closed: 0, amounts, probabilities: probabilities.slice(0, amounts.length) };
        const exact = enumerate(input);
        const result = outcomeDistribution(input, { method: 'grid', maxBins, targets: [3000] });
        const bound = result.errorBound!;
        for (const [q, value] of [
          [0.1, result.p10],
          [0.5, result.p50],
          [0.9, result.p90],
        ] as const) {
          expect(Math.abs(value - exactQuantile(exact, q))).toBeLessThanOrEqual(bound + 1e-9);
        }
        const { lower, upper } = result.probabilityAtLeast[0]!;
        const truth = exactAtLeast(exact, 3000);
        expect(truth).toBeGreaterThanOrEqual(lower - 1e-9);
        expect(truth).toBeLessThanOrEqual(upper + 1e-9);
      }),
      { numRuns: 100 },
    );
  });
});

describe('outcomeDistribution against seeded Monte Carlo', () => {
  /** Quantiles of 20,000 draws have a standard error near 0.015 sd: 0.06 sd is four of them. */
  const MONTE_CARLO_TOLERANCE = 0.06;

  function expectNearMonteCarlo(result: OutcomeDistribution, draws: Float64Array): void {
    expect(Math.abs(result.p10 - empiricalQuantile(draws, 0.1))).toBeLessThan(
      MONTE_CARLO_TOLERANCE * result.sd,
    );
    expect(Math.abs(result.p50 - empiricalQuantile(draws, 0.5))).toBeLessThan(
      MONTE_CARLO_TOLERANCE * result.sd,
    );
    expect(Math.abs(result.p90 - empiricalQuantile(draws, 0.9))).toBeLessThan(
      MONTE_CARLO_TOLERANCE * result.sd,
    );
  }

  it('grid on 25 deals of very different sizes (one 40 times the others)', () => {
    const input = randomDeals(25, 7, 2000);
    const skewed = { ...input, amounts: input.amounts.map((a, i) => (i === 0 ? a * 40 : a)) };
    const result = outcomeDistribution(skewed);
    expect(result.method).toBe('grid');
    expectNearMonteCarlo(result, simulateOutcomes(skewed, 20_000, 11));
  });

  it('on 2,000 deals: auto picks Cornish-Fisher, within 0.01 sd of the exact grid; both match Monte Carlo', () => {
    const input = randomDeals(2000, 3, 50);
    const quota = 1_000_000 + 0.5 * input.amounts.reduce((sum, a) => sum + a, 0);
    const fast = outcomeDistribution(input, { targets: [quota] });
    const grid = outcomeDistribution(input, { method: 'grid', targetError: 0, targets: [quota] });
    expect(fast).toMatchObject({ method: 'cornish-fisher', errorBound: null });
    expect(grid).toMatchObject({ method: 'grid', errorBound: 0, binWidth: 1000 });
    for (const key of ['p10', 'p50', 'p90'] as const) {
      expect(Math.abs(fast[key] - grid[key])).toBeLessThan(0.01 * grid.sd);
    }
    expect(fast.probabilityAtLeast[0]!.probability).toBeCloseTo(grid.probabilityAtLeast[0]!.probability, 2);
    const draws = simulateOutcomes(input, 20_000, 5);
    expectNearMonteCarlo(grid, draws);
    expectNearMonteCarlo(fast, draws);
  });

  it('Cornish-Fisher stays within 0.01 sd of a fine grid on 400 heavy-tailed deals', () => {
    const uniform = seededUniform(17);
    const amounts = Float64Array.from(
      { length: 400 },
      () => 1000 * Math.round(Math.exp(2 + 2 * uniform() + 1.5 * uniform())),
    );
    const probabilities = Float64Array.from({ length: 400 }, () => 0.05 + 0.9 * uniform() * uniform());
    const input = { closed: 0, amounts, probabilities };
    const fast = outcomeDistribution(input);
    const grid = outcomeDistribution(input, { method: 'grid', targetError: 0.001 });
    expect(fast.method).toBe('cornish-fisher');
    for (const key of ['p10', 'p50', 'p90'] as const) {
      expect(Math.abs(fast[key] - grid[key])).toBeLessThan(0.01 * grid.sd);
    }
  });

  it('picks the coarsest grid within 0.01 sd by default, and refines it when asked', () => {
    const input = randomDeals(100, 9, 5000);
    const coarse = outcomeDistribution(input, { method: 'grid' });
    const fine = outcomeDistribution(input, { method: 'grid', targetError: 0.001, maxBins: 1 << 20 });
    expect(coarse.errorBound!).toBeLessThanOrEqual(0.01 * coarse.sd);
    expect(fine.errorBound!).toBeLessThanOrEqual(0.001 * fine.sd);
    expect(fine.binWidth!).toBeLessThan(coarse.binWidth!);
    expect(Math.abs(coarse.p50 - fine.p50)).toBeLessThanOrEqual(coarse.errorBound! + fine.errorBound!);
  });

  it('auto leaves a grid coarser than the sd for Cornish-Fisher mixed over new pipeline, which matches Monte Carlo', () => {
    // 5,000 deals on 2^12 bins: a bin of some 30 deals' worth, rounding bound far beyond the sd. The new-pipeline
    // term (three past outcomes) holds most of the variance, so Cornish-Fisher on the whole would not do.
    const input = {
      ...randomDeals(5000, 21, 50),
      newPipeline: { values: [0, 2_000_000, 5_000_000], probabilities: [0.3, 0.5, 0.2] },
    };
    const quota = Math.round(outcomeDistribution(input, { method: 'grid' }).mean);
    const coarse = outcomeDistribution(input, { method: 'grid', maxBins: 1 << 12, targets: [quota] });
    expect(coarse.errorBound!).toBeGreaterThan(coarse.sd);
    const mixed = outcomeDistribution(input, { maxBins: 1 << 12, targets: [quota] });
    expect(mixed).toMatchObject({ method: 'cornish-fisher', errorBound: null });
    const draws = simulateOutcomes(input, 20_000, 23);
    expectNearMonteCarlo(mixed, draws);
    const reached = draws.filter((value) => value >= quota).length / draws.length;
    expect(Math.abs(mixed.probabilityAtLeast[0]!.probability - reached)).toBeLessThan(0.02);
  });

  it('auto keeps the grid for few deals, or when one deal dominates the variance', () => {
    const input = randomDeals(2000, 4, 10);
    const amounts = Float64Array.from(input.amounts);
    amounts[0] = 100_000_000;
    expect(outcomeDistribution({ ...input, amounts }).method).toBe('grid');
    expect(outcomeDistribution(randomDeals(100, 4, 100)).method).toBe('grid');
  });
});

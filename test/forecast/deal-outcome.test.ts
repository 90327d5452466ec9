/**
 * The Distribution model against Monte Carlo: independent deals at their deal-level probabilities (amounts × the
 * stage's won-amount ratio), the period-level swing as a normal shared term, and new pipeline drawn from its past
 * outcomes with their weights. The grid's quantiles and P(outcome ≥ target) must match a seeded simulation within
 * its sampling error plus the grid's own error bound.
 */
import { describe, expect, it } from 'vitest';
import { DEAL_FEATURES, type DealModel, type Examples } from '../../src/forecast/deal-model.js';
import type { DealLevelForecast } from '../../src/forecast/deal-level.js';
import { dealOutcomeDistribution } from '../../src/forecast/deal-outcome.js';
import { empiricalQuantile, seededUniform } from '../../src/forecast/monte-carlo.js';

const FEATURES = DEAL_FEATURES.length;
const DEALS = 120;

/** A deal-level forecast of 120 deals in two stages (won-amount ratios 1 and 0.9), with new pipeline and swing. */
function forecast(swingSd: number): DealLevelForecast {
  const uniform = seededUniform(11);
  const bins = new Uint16Array(DEALS * FEATURES);
  const amount = new Float64Array(DEALS);
  const probability = new Float64Array(DEALS);
  for (let r = 0; r < DEALS; r++) {
    bins[r * FEATURES] = r % 2 === 0 ? 2 : 3;
    amount[r] = 1_000 * (1 + Math.floor(uniform() * 20));
    probability[r] = 0.1 + 0.8 * uniform();
  }
  const examples: Examples = {
    deals: Int32Array.from({ length: DEALS }, (_, r) => r),
    bins,
    amount,
    won: new Uint8Array(DEALS),
    wonAmount: new Float64Array(DEALS),
  };
  const model = { wonAmountRatio: Float64Array.of(1, 1, 1, 0.9, 1) } as Pick<DealModel, 'wonAmountRatio'>;
  return {
    model,
    examples,
    probability,
    closed: 50_000,
    newPipeline: {
      expected: 10_000,
      outcomes: [5_000, 20_000],
      probabilities: [2 / 3, 1 / 3],
      recentCreated: 1,
    },
    swing: { tau: 0.05, sd: swingSd, periods: 8 },
  } as unknown as DealLevelForecast;
}

/** Seeded draws of the same outcome, with the swing as a normal variable (Box-Muller). */
function simulate(input: DealLevelForecast, trials: number): Float64Array {
  const uniform = seededUniform(7);
  const outcomes = new Float64Array(trials);
  const { examples, probability } = input;
  for (let t = 0; t < trials; t++) {
    let total = input.closed;
    for (let r = 0; r < DEALS; r++) {
      const ratio = examples.bins[r * FEATURES] === 3 ? 0.9 : 1;
      if (uniform() < probability[r]!) total += Math.round(examples.amount[r]! * ratio);
    }
    total += uniform() < 2 / 3 ? 5_000 : 20_000;
    const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    outcomes[t] = total + normal * input.swing.sd;
  }
  return outcomes.sort();
}

describe('dealOutcomeDistribution', () => {
  it.each([0, 8_000])('matches Monte Carlo (swing sd %i)', (swingSd) => {
    const input = forecast(swingSd);
    const target = 400_000;
    const { distribution } = dealOutcomeDistribution(input, [target]);
    const draws = simulate(input, 100_000);
    // Sampling error of a quantile of 100,000 draws is about 0.005 sd; the Hermite points add about as much.
    const tolerance = 0.02 * distribution.sd + (distribution.errorBound ?? 0);
    expect(Math.abs(distribution.p10 - empiricalQuantile(draws, 0.1))).toBeLessThan(tolerance);
    expect(Math.abs(distribution.p50 - empiricalQuantile(draws, 0.5))).toBeLessThan(tolerance);
    expect(Math.abs(distribution.p90 - empiricalQuantile(draws, 0.9))).toBeLessThan(tolerance);
    const above = draws.filter((value) => value >= target).length / draws.length;
    expect(Math.abs(distribution.probabilityAtLeast[0]!.probability - above)).toBeLessThan(0.01);
  });

  it('has the deal-level forecast as its mean', () => {
    const input = forecast(8_000);
    let expected = input.closed + 10_000;
    for (let r = 0; r < DEALS; r++) {
      const ratio = input.examples.bins[r * FEATURES] === 3 ? 0.9 : 1;
      expected += Math.round(input.examples.amount[r]! * ratio) * input.probability[r]!;
    }
    expect(dealOutcomeDistribution(input, []).distribution.mean).toBeCloseTo(expected, 0);
  });
});

/**
 * Seeded Monte Carlo of a period's outcome: the test oracle for the exact and approximate distributions, and the
 * tool for what-if scenarios whose deals are not independent.
 * @module
 */
import type { OutcomeInput } from './distribution.js';

/** A seeded generator of uniform numbers in [0, 1): mulberry32 (32-bit state, period 2^32). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `trials` independent draws of the outcome (each deal won with its probability), sorted ascending. */
export function simulateOutcomes(input: OutcomeInput, trials: number, seed: number): Float64Array {
  const uniform = seededUniform(seed);
  const outcomes = new Float64Array(trials);
  const extra = input.newPipeline;
  for (let trial = 0; trial < trials; trial++) {
    let total = input.closed;
    for (let i = 0; i < input.amounts.length; i++) {
      if (uniform() < input.probabilities[i]!) total += input.amounts[i]!;
    }
    if (extra) total += drawDiscrete(extra.values, extra.probabilities, uniform());
    outcomes[trial] = total;
  }
  return outcomes.sort();
}

function drawDiscrete(values: ArrayLike<number>, probabilities: ArrayLike<number>, u: number): number {
  let running = 0;
  for (let j = 0; j < values.length; j++) {
    running += probabilities[j]!;
    if (u < running) return values[j]!;
  }
  return values[values.length - 1]!;
}

/** The q-quantile of sorted draws: the smallest draw with at least a share q of draws at or below it. */
export function empiricalQuantile(sorted: Float64Array, q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * The Confidence Level: P(outcome ≥ 90% of the forecast) on a distribution worked out by hand, against the
 * thresholds (green ≥ 85%, yellow 70-85%, red below 70%), and why P(outcome ≥ forecast) would not do.
 */
import { describe, expect, it } from 'vitest';
import { outcomeDistribution } from '../../src/forecast/distribution.js';
import { confidenceOf, confidenceThreshold } from '../../src/forecast/sales-forecast.js';

/** P(outcome ≥ each target) on the exact grid. */
function chances(closed: number, amounts: number[], probabilities: number[], targets: number[]): number[] {
  const distribution = outcomeDistribution(
    { closed, amounts, probabilities },
    { targets, method: 'grid', targetError: 0 },
  );
  return distribution.probabilityAtLeast.map((row) => row.probability);
}

describe('confidence threshold', () => {
  it('is the forecast less 10%, rounded half away from zero', () => {
    expect(confidenceThreshold(95)).toBe(86); // 85.5
    expect(confidenceThreshold(475_000_000)).toBe(427_500_000);
    expect(confidenceThreshold(0)).toBe(0);
  });

  it('is green for a forecast likely to land within 10%, where P(outcome ≥ forecast) is red', () => {
    // 80 closed, deals of 20 (p 0.9) and 50 (p 0.1): outcomes 80, 100, 130, 150 with chances 0.09, 0.81, 0.01,
    // 0.09. Forecast = mean = 80 + 18 + 5 = 103; 90% of it = 93 (92.7): P(≥ 93) = 0.91, P(≥ 103) = 0.10.
    const [ofThreshold, ofForecast] = chances(80, [20, 50], [0.9, 0.1], [confidenceThreshold(103), 103]);
    expect(confidenceThreshold(103)).toBe(93);
    expect(ofThreshold).toBeCloseTo(0.91, 12);
    expect(ofForecast).toBeCloseTo(0.1, 12);
    expect(confidenceOf(ofThreshold!)).toBe('green');
    expect(confidenceOf(ofForecast!)).toBe('red');
  });

  it('is yellow at 80% and red at 50%', () => {
    // 100 (p 0.8) and 10 (p 0.5): outcomes 0, 10, 100, 110 with chances 0.1, 0.1, 0.4, 0.4; forecast 85,
    // threshold 77 (76.5): P(≥ 77) = 0.4 + 0.4 = 0.8.
    const [yellow] = chances(0, [100, 10], [0.8, 0.5], [confidenceThreshold(85)]);
    expect(yellow).toBeCloseTo(0.8, 12);
    expect(confidenceOf(yellow!)).toBe('yellow');
    // Two deals of 100 at p 0.5: forecast 100, threshold 90: P(≥ 90) = 0.5 + 0.25 = 0.75 → yellow; one deal
    // of 100 at p 0.5: forecast 50, threshold 45: P(≥ 45) = 0.5 → red.
    const [two] = chances(0, [100, 100], [0.5, 0.5], [confidenceThreshold(100)]);
    expect(two).toBeCloseTo(0.75, 12);
    expect(confidenceOf(two!)).toBe('yellow');
    const [one] = chances(0, [100], [0.5], [confidenceThreshold(50)]);
    expect(one).toBeCloseTo(0.5, 12);
    expect(confidenceOf(one!)).toBe('red');
  });

  it('puts 85% and 70% in the higher level', () => {
    expect(confidenceOf(0.85)).toBe('green');
    expect(confidenceOf(0.8499)).toBe('yellow');
    expect(confidenceOf(0.7)).toBe('yellow');
    expect(confidenceOf(0.6999)).toBe('red');
  });
});

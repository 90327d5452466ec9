import { describe, expect, it } from 'vitest';
import { chancePercent } from './probability-text.js';

describe('chancePercent', () => {
  it('reads whole percents where they claim no certainty', () => {
    expect(chancePercent(0.5)).toBe('50%');
    expect(chancePercent(0.27)).toBe('27%');
    // 99.4% and 0.6% round to 99% and 1%, neither a certainty.
    expect(chancePercent(0.994)).toBe('99%');
    expect(chancePercent(0.006)).toBe('1%');
  });

  it('never reads 100% or 0% for a chance that is neither: one decimal, else a bound', () => {
    // 99.6% and 99.51% would round to 100%; 0.4% to 0%.
    expect(chancePercent(0.996)).toBe('99.6%');
    expect(chancePercent(0.9951)).toBe('99.5%');
    expect(chancePercent(0.004)).toBe('0.4%');
    // 99.96% and 0.04% would still read 100.0% and 0.0% to one decimal.
    expect(chancePercent(0.9996)).toBe('over 99.9%');
    expect(chancePercent(0.0004)).toBe('under 0.1%');
  });

  it('reads a certainty only when it is exact', () => {
    expect(chancePercent(1)).toBe('100%');
    expect(chancePercent(0)).toBe('0%');
  });

  it('never reads as a threshold it is below: one decimal, rounded down', () => {
    // 69.996% and 84.996% round to 70% and 85%, the confidence bands' edges.
    expect(chancePercent(0.69996, [0.85, 0.7])).toBe('69.9%');
    expect(chancePercent(0.84996, [0.85, 0.7])).toBe('84.9%');
    // At or above an edge, or with no thresholds, whole percents as ever.
    expect(chancePercent(0.7, [0.85, 0.7])).toBe('70%');
    expect(chancePercent(0.85004, [0.85, 0.7])).toBe('85%');
    expect(chancePercent(0.69996)).toBe('70%');
  });
});

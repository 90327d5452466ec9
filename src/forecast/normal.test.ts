import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convolve } from './convolution.js';
import { normalCdf, normalQuantile } from './normal.js';

describe('standard normal', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.281551566)).toBeCloseTo(0.1, 7);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281551566, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0)).toBe(-Infinity);
  });

  it('quantile inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (q) => {
        expect(normalCdf(normalQuantile(q))).toBeCloseTo(q, 6);
      }),
    );
  });
});

describe('convolve', () => {
  it('gives the same result by FFT as by the direct sum', () => {
    const a = Float64Array.from({ length: 700 }, (_, i) => ((i * 37) % 11) / 100);
    const b = Float64Array.from({ length: 500 }, (_, i) => ((i * 13) % 7) / 100);
    const byFft = convolve(a, b);
    expect(byFft).toHaveLength(1199);
    for (const k of [0, 1, 350, 699, 900, 1198]) {
      let direct = 0;
      for (let i = 0; i < a.length; i++) {
        const j = k - i;
        if (j >= 0 && j < b.length) direct += a[i]! * b[j]!;
      }
      expect(byFft[k]).toBeCloseTo(direct, 10);
    }
  });

  it('convolves two short vectors directly', () => {
    expect(Array.from(convolve(Float64Array.of(0.5, 0.5), Float64Array.of(0.25, 0.75)))).toEqual([
      0.125, 0.5, 0.375,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { apportion } from './plan.js';

describe('apportion', () => {
  it('splits by largest remainder, ties to the earlier entry, summing exactly', () => {
    // Exact shares 3.33.., 3.33.., 3.33..: floors 3, 3, 3 and the one left over goes to the first.
    expect([...apportion(10, Float64Array.of(1, 1, 1))]).toEqual([4, 3, 3]);
    // Exact shares 1.5, 4.5, 1: floors 1, 4, 1; remainders 0.5, 0.5, 0 -> the first tie wins.
    expect([...apportion(7, Float64Array.of(3, 9, 2))]).toEqual([2, 4, 1]);
    expect([...apportion(5, Float64Array.of(0, 2, 0))]).toEqual([0, 5, 0]);
  });

  it('gives nothing when there is no weight', () => {
    expect([...apportion(5, Float64Array.of(0, 0))]).toEqual([0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { IdFilter } from './id-filter.js';

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(15, '0')}`;

describe('IdFilter', () => {
  it('says no for every id when empty', () => {
    expect(new IdFilter().mightHave('006000000000000001')).toBe(false);
  });

  it('never says no for an id it was given, across its growth, and rarely maybe for one it was not', () => {
    const filter = new IdFilter();
    // 200,000 ids fill the first filters (65,536 and 131,072 ids) and part of a third.
    for (let n = 0; n < 200_000; n++) filter.add(id('006', n));
    let missed = 0;
    for (let n = 0; n < 200_000; n++) if (!filter.mightHave(id('006', n))) missed++;
    expect(missed).toBe(0);
    let maybes = 0;
    for (let n = 0; n < 100_000; n++) if (filter.mightHave(id('00Q', n))) maybes++;
    // About 1% per filter, three filters asked.
    expect(maybes).toBeLessThan(4_000);
    expect(maybes).toBeGreaterThan(0);
  });
});

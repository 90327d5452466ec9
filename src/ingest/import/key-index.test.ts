import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index.js';

describe('KeyIndex', () => {
  it('gives each key the index it was first set with, and none to a key never set', () => {
    const keys = new KeyIndex();
    expect(keys.setIfNew('0065e0000000001AAA', 0)).toBeUndefined();
    expect(keys.setIfNew('0065e0000000002AAA', 3)).toBeUndefined();
    // A key set again keeps its first index, which is returned.
    expect(keys.setIfNew('0065e0000000001AAA', 7)).toBe(0);
    expect([keys.get('0065e0000000001AAA'), keys.get('0065e0000000002AAA')]).toEqual([0, 3]);
    expect([keys.get('0065e0000000003AAA'), keys.get(''), keys.size]).toEqual([undefined, undefined, 2]);
    expect(keys.setIfNew('', 9)).toBeUndefined();
    expect(keys.get('')).toBe(9);
  });

  it('answers as a Map does, through many doublings of its table (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 5_000 }),
        fc.array(fc.string()),
        (set, asked) => {
          const keys = new KeyIndex();
          const map = new Map<string, number>();
          set.forEach((key, index) => {
            expect(keys.setIfNew(key, index)).toBe(map.get(key));
            if (!map.has(key)) map.set(key, index);
          });
          for (const key of [...set, ...asked]) expect(keys.get(key)).toBe(map.get(key));
          expect(keys.size).toBe(map.size);
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it('keeps every key and its first index when it moves them from its map to its table, and after', () => {
    // More keys than the map holds (65,536), some set twice, before and after the move.
    const keys = new KeyIndex();
    const id = (n: number) => `0065e${n.toString(36).padStart(10, '0')}AAA`;
    for (let n = 0; n < 150_000; n++) expect(keys.setIfNew(id(n), n)).toBeUndefined();
    expect([keys.setIfNew(id(10), -1), keys.setIfNew(id(100_000), -1), keys.size]).toEqual([
      10, 100_000, 150_000,
    ]);
    for (let n = 0; n < 150_000; n++) expect(keys.get(id(n))).toBe(n);
    expect([keys.get(id(150_000)), keys.get(''), keys.get(id(5).toLowerCase())]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

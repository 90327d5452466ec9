import { describe, expect, it } from 'vitest';
import { ColumnScratch, withScratch } from './column-scratch.js';

describe('ColumnScratch', () => {
  it('lends filled arrays and reuses their buffers once reclaimed', () => {
    const scratch = new ColumnScratch();
    const first = scratch.take('int32', 5000, 7);
    expect(first.length).toBe(5000);
    expect(first.every((value) => value === 7)).toBe(true);
    first.fill(3);
    // Lent: a second take gets another buffer.
    const second = scratch.take('int32', 5000);
    expect(second.buffer).not.toBe(first.buffer);
    scratch.reclaim();
    // Reclaimed: a take of a nearby length reuses a buffer, filled afresh.
    const again = scratch.take('int32', 6000, -1);
    expect([first.buffer, second.buffer]).toContain(again.buffer);
    expect(again.length).toBe(6000);
    expect(again.every((value) => value === -1)).toBe(true);
  });

  it('allocates small arrays afresh', () => {
    const scratch = new ColumnScratch();
    const small = scratch.take('float64', 10, NaN);
    scratch.reclaim();
    expect(scratch.take('float64', 10).buffer).not.toBe(small.buffer);
    expect(Number.isNaN(small[9])).toBe(true);
  });

  it('gives a nested use of the same owner a scratch of its own, and reclaims after each use', () => {
    const owner = {};
    const outer = withScratch(owner, (scratch) => {
      const inner = withScratch(owner, (nested) => nested);
      expect(inner).not.toBe(scratch);
      return scratch;
    });
    expect(withScratch(owner, (scratch) => scratch)).toBe(outer);
  });
});

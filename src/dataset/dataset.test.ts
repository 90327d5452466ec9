import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textAt, textColumn, textEntries } from './dataset.js';

describe('text columns', () => {
  it('give back every entry as it was built, any text, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (entries) => {
        const column = textColumn(entries);
        expect(textEntries(column)).toEqual(entries);
        expect(column.starts.length).toBe(entries.length + 1);
        expect(column.starts[entries.length]).toBe(column.text.length);
      }),
      { seed: 4 },
    );
  });

  it('read an index outside the column as empty, as array[index] ?? "" did', () => {
    const column = textColumn(['Ann', '', 'Bob']);
    expect([0, 1, 2].map((index) => textAt(column, index))).toEqual(['Ann', '', 'Bob']);
    expect(textAt(column, 3)).toBe('');
    expect(textAt(column, -1)).toBe('');
    expect(textAt(textColumn([]), 0)).toBe('');
  });
});

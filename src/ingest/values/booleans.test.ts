import { describe, expect, it } from 'vitest';
import { isBooleanWord, parseBoolean } from './booleans.js';

describe('parseBoolean', () => {
  it('reads the words CRMs write, in any case', () => {
    for (const word of ['true', 'TRUE', 'True', '1', 'Yes', 'y', 'Y', 'x', 'X']) {
      expect(parseBoolean(word)).toEqual({ ok: true, value: true });
    }
    for (const word of ['false', 'FALSE', '0', 'No', 'n', ' N '])
      expect(parseBoolean(word)).toEqual({ ok: true, value: false });
  });

  it('reads empty and null tokens as null, and rejects anything else', () => {
    for (const word of ['', 'NULL', '#N/A', 'N/A', '-'])
      expect(parseBoolean(word)).toEqual({ ok: true, value: null });
    expect(parseBoolean('maybe')).toEqual({
      ok: false,
      problem: {
        message: '"maybe" is not a yes/no value',
        fix: 'write true or false (also accepted: 1/0, yes/no, y/n, x for yes)',
      },
    });
    expect(parseBoolean('2').ok).toBe(false);
    expect(isBooleanWord('Yes')).toBe(true);
    expect(isBooleanWord('')).toBe(false);
  });
});

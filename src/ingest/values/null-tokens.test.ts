import { describe, expect, it } from 'vitest';
import { isNullToken } from './null-tokens.js';

describe('isNullToken', () => {
  it('treats blank cells as null in every column', () => {
    for (const kind of ['text', 'id', 'money', 'date'] as const) {
      expect(isNullToken('', kind)).toBe(true);
      expect(isNullToken('  ', kind)).toBe(true);
    }
  });

  it('treats null tokens as null only in typed columns, and - as zero in money', () => {
    for (const token of ['NULL', 'null', 'N/A', 'n/a', '#N/A']) {
      expect(isNullToken(token, 'date')).toBe(true);
      expect(isNullToken(token, 'money')).toBe(true);
      expect(isNullToken(token, 'text')).toBe(false);
      expect(isNullToken(token, 'id')).toBe(false);
    }
    expect(isNullToken('-', 'integer')).toBe(true);
    expect(isNullToken('-', 'money')).toBe(false);
    expect(isNullToken('-', 'text')).toBe(false);
  });
});

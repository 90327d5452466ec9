import { describe, expect, it } from 'vitest';
import { plural } from './plural.js';

describe('plural', () => {
  it('gives one the singular and any other count the plural, thousands separated', () => {
    expect(plural(1, 'deal')).toBe('1 deal');
    expect(plural(0, 'deal')).toBe('0 deals');
    expect(plural(1_234, 'deal')).toBe('1,234 deals');
  });

  it('takes a plural that is not the singular and s', () => {
    expect(plural(1, 'opportunity', 'opportunities')).toBe('1 opportunity');
    expect(plural(2, 'opportunity', 'opportunities')).toBe('2 opportunities');
  });
});

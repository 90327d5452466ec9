import { describe, expect, it } from 'vitest';
import { andList, andMore, listFirst } from './listing.js';

describe('andMore', () => {
  it('counts what was left out, with a thousands separator', () => {
    expect(andMore(1_240, 6)).toBe(' and 1,234 more');
    expect(andMore(7, 5, 'problems')).toBe(' and 2 more problems');
  });

  it('says nothing when nothing was left out', () => {
    expect(andMore(5, 5)).toBe('');
    expect(andMore(0, 5)).toBe('');
  });
});

describe('listFirst', () => {
  it('names the first items and counts the rest', () => {
    expect(listFirst(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
    expect(listFirst(['a', 'b', 'c'], 2, ' ')).toBe('a b and 1 more');
  });

  it('names every item of a short list', () => {
    expect(listFirst(['a', 'b'], 2)).toBe('a, b');
    expect(listFirst([], 3)).toBe('');
  });
});

describe('andList', () => {
  it('names items as a sentence does', () => {
    expect(andList(['Enterprise', 'Mid-Market', 'SMB'])).toBe('Enterprise, Mid-Market and SMB');
    expect(andList(['Enterprise', 'SMB'])).toBe('Enterprise and SMB');
    expect(andList(['SMB'])).toBe('SMB');
    expect(andList([])).toBe('');
  });
});

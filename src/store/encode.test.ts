import { describe, expect, it } from 'vitest';
import { problemsOf } from '../../test/problems-of.js';
import { throwIfProblems } from './encode.js';

const numbered = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ message: `problem ${index + 1}` }));

describe('throwIfProblems', () => {
  it('lists the first 20 problems and counts the rest, with a thousands separator', () => {
    const listed = problemsOf(() => throwIfProblems(numbered(1_025)));
    expect(listed).toEqual([
      ...numbered(20),
      { message: '... and 1,005 more problems like these; nothing was written' },
    ]);
  });

  it('lists 20 problems or fewer whole, and throws nothing for none', () => {
    expect(problemsOf(() => throwIfProblems(numbered(20)))).toEqual(numbered(20));
    expect(() => throwIfProblems([])).not.toThrow();
  });
});

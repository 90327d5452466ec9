import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../domain/errors.js';
import { throwIfProblems } from './encode.js';

/** The problems throwIfProblems throws for `problems`. */
function thrown(problems: readonly Problem[]): readonly Problem[] {
  try {
    throwIfProblems(problems);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}

describe('throwIfProblems', () => {
  it('lists the first 20 problems and counts the rest, with a thousands separator', () => {
    const problems = Array.from({ length: 1_025 }, (_, index) => ({ message: `problem ${index + 1}` }));
    const listed = thrown(problems);
    expect(listed.slice(0, 20)).toEqual(problems.slice(0, 20));
    expect(listed.slice(20)).toEqual([
      { message: '... and 1,005 more problems like these; nothing was written' },
    ]);
  });

  it('lists 20 problems or fewer whole, and throws nothing for none', () => {
    const problems = Array.from({ length: 20 }, (_, index) => ({ message: `problem ${index + 1}` }));
    expect(thrown(problems)).toEqual(problems);
    expect(thrown([])).toEqual([]);
  });
});

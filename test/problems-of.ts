/**
 * The problems of the InputError a piece of work throws: what the argument parsers' tests compare.
 * @module
 */
import { InputError, type Problem } from '../src/domain/errors.js';

/** The problems of the InputError `work` throws; fails when it throws nothing or another error. */
export function problemsOf(work: () => unknown): readonly Problem[] {
  try {
    work();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('no InputError');
}

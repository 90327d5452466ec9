/**
 * A refused run, as the CLI tests read it: salesops refuses bad input with exit code 2, nothing on stdout, and on
 * stderr each problem on an `error:` line or a line of its own, each fix indented under its problems.
 * @module
 */
import { expect } from 'vitest';
import type { CliRun } from './run-cli.js';

/** The stderr of a run that refused to run: exit code 2 (its stderr shown when not) and nothing on stdout. */
export function refusal(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  return run.stderr;
}

/** The lines of a refusal's stderr, the empty one after its last newline too. */
export function refusalLines(run: CliRun): string[] {
  return refusal(run).split('\n');
}

/** The problems of a refusal without their fixes (nor a fix's further lines, indented as it is). */
export function refusalProblems(run: CliRun): string[] {
  return refusalLines(run).filter((line) => line !== '' && !line.startsWith('  '));
}

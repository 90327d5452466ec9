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

/**
 * The problems of a refusal without their fixes: each on one line, a long problem's continuation lines (the wrap
 * indents them) joined back to it; a `  fix:` line and every indented line after it (its continuations, its YAML)
 * dropped, up to the next problem.
 */
export function refusalProblems(run: CliRun): string[] {
  const problems: string[] = [];
  let inFix = false;
  for (const line of refusalLines(run)) {
    if (line === '') continue;
    if (!line.startsWith(' ')) {
      problems.push(line);
      inFix = false;
    } else if (line.startsWith('  fix:')) inFix = true;
    else if (!inFix && problems.length > 0) problems[problems.length - 1] += ` ${line.trimStart()}`;
  }
  return problems;
}

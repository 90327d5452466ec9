/**
 * The workspace the `salesops comp` CLI tests share: a small seeded demo workspace (20 reps, 3,000
 * opportunities, seed 7) with the shipped example plans copied into `plans/`, run with a fixed --as-of and a
 * named user; and the commands the tests repeat, on the AE plan of FY2027-M03.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli, scratchFolder, type CliRun } from './run-cli.js';

export const EXAMPLES = resolve('examples/comp');
export const AS_OF = '2026-11-27';
/** The period the model, what-if and statement tests use. */
export const PERIOD = 'FY2027-M03';

export interface CompDemo {
  /** The scratch folder holding the workspace `demo` and the plans. */
  readonly path: () => string;
  /** salesops with --as-of, in the scratch folder. */
  readonly cli: (...args: string[]) => Promise<CliRun>;
  /** salesops with --as-of on the demo workspace. */
  readonly inDemo: (...args: string[]) => Promise<CliRun>;
  /** `comp model|whatif plans/ae.yaml --period FY2027-M03 ...args` on the demo workspace. */
  readonly onAePlan: (command: 'model' | 'whatif', ...args: string[]) => Promise<CliRun>;
}

/** Creates the workspace before the file's tests and removes it after them. */
export function compDemo(): CompDemo {
  let scratch: ReturnType<typeof scratchFolder> | undefined;
  const path = () => scratch?.path ?? '';
  const cli = (...args: string[]) =>
    runCli([...args, '--as-of', AS_OF], { cwd: path(), env: { SALESOPS_USER: 'finance-lead' } });
  const inDemo = (...args: string[]) => cli(...args, '--workspace', 'demo');
  beforeAll(async () => {
    scratch = scratchFolder();
    expect((await cli('init', 'demo')).code).toBe(0);
    const demo = await cli(
      'demo',
      '--workspace',
      'demo',
      '--seed',
      '7',
      '--reps',
      '20',
      '--opportunities',
      '3000',
    );
    expect(demo.code).toBe(0);
    mkdirSync(join(path(), 'plans'));
    cpSync(EXAMPLES, join(path(), 'plans'), { recursive: true });
  }, 120_000);
  afterAll(() => scratch?.remove());
  return {
    path,
    cli,
    inDemo,
    onAePlan: (command, ...args) => inDemo('comp', command, 'plans/ae.yaml', '--period', PERIOD, ...args),
  };
}

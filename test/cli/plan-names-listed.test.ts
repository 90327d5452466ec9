/**
 * A plan name that names no plan: the fix names the first plans there are and how many more `plan list` lists,
 * within 110 columns however long their names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalLines } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });

/** Twelve plans with names of 63 characters (a name may have 64): one fills most of a line. */
const NAMES = Array.from(
  { length: 12 },
  (_, index) => `FY2028-${'scenario-'.repeat(6)}${String(index + 1).padStart(2, '0')}`,
);

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  for (const name of NAMES) {
    const started = await cli(
      'plan',
      'new',
      name,
      '--year',
      'FY2028',
      '--from',
      'empty',
      '--as-of',
      '2026-11-27',
    );
    expect(started.code, started.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => scratch.remove());

/** The refusal of a plan name that names no plan, as stderr's lines. */
const noSuchPlan = async () => refusalLines(await cli('plan', 'segment', 'nosuch', '--as-of', '2026-11-27'));

describe('the plans a fix names', () => {
  it('names the first 8 of 12 long names, one to a line, and where the rest are listed', async () => {
    expect(await noSuchPlan()).toEqual([
      'error: plan name: there is no plan "nosuch"',
      `  fix: name one of: ${NAMES[0]},`,
      ...NAMES.slice(1, 7).map((name) => `    ${name},`),
      // The command is one word, never cut: it runs as printed.
      `    ${NAMES[7]} and 4 more`,
      '    (`salesops plan list --workspace acme` lists them all)',
      '',
    ]);
  });

  // The width apart from the wording: should the fix be reworded (and the lines above with it), this still holds
  // it to the terminal's 110 columns. Two of these names on one line would pass them.
  it('keeps every line within 110 columns, every name whole', async () => {
    const lines = await noSuchPlan();
    expect(lines.filter((line) => line.length > 110)).toEqual([]);
    for (const name of NAMES.slice(0, 8))
      expect(
        lines.some((line) => line.includes(name)),
        name,
      ).toBe(true);
  });
});

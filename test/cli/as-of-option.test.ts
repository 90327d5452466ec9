import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('the global --as-of', () => {
  it.each([
    'status',
    'config check',
    'init acme',
    'plan list',
    'metrics win_rate',
    'metrics list',
    'winloss',
    'pipeline changes',
    'pipeline conversion',
  ])('is checked once for every command: salesops %s refuses a day that does not exist', async (command) => {
    await cli('init');
    const run = await cli(...command.split(' '), '--as-of', '2026-02-30');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: --as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")\n' +
        '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today\n',
    );
  });

  it('is refused before the command, wherever it is written, and nothing is created', async () => {
    const run = await cli('--as-of=2026-13-01', 'init', 'acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --as-of must be a calendar date YYYY-MM-DD \(got "2026-13-01"\)\n/);
    expect((await cli('status', '--workspace', 'acme')).code).not.toBe(0);
  });

  const AS_OF_PROBLEM =
    '--as-of must be a calendar date YYYY-MM-DD (got "2026-13-01")\n' +
    '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today\n';
  const PERIOD_PROBLEM =
    '--period "nonsense" is not a period\n' +
    '  fix: write a fiscal year, quarter or month (FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30\n';

  it.each(['metrics win_rate', 'winloss', 'pipeline conversion'])(
    'is reported with the other bad arguments, in one report: salesops %s --period nonsense',
    async (command) => {
      await cli('init');
      const run = await cli(...command.split(' '), '--as-of', '2026-13-01', '--period', 'nonsense');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`error: ${AS_OF_PROBLEM}${PERIOD_PROBLEM}`);
    },
  );

  it('pipeline changes: with its dates and its --by, and no window checked against a day that does not exist', async () => {
    await cli('init');
    const run = await cli(
      ...['pipeline', 'changes', '--as-of', '2026-13-01', '--from', '2026-10-40', '--to', '2027-01-05'],
      ...['--by', 'owner', '--by', 'segment'],
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${AS_OF_PROBLEM}` +
        '--from must be a calendar date YYYY-MM-DD (got "2026-10-40")\n' +
        '  fix: pass e.g. --from 2026-10-01\n' +
        '--by is given 2 times ("owner", "segment"), and this command makes one table\n' +
        '  fix: cross the dimensions in one --by with commas (--by owner,segment), or run the command once per --by\n',
    );
  });

  it('a good day with a bad period: the period alone, its default drawn from no day', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--as-of', '2026-10-01', '--period', 'nonsense');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${PERIOD_PROBLEM}`);
  });

  it('a real day is the day the command looks from', async () => {
    await cli('init');
    const run = await cli('plan', 'list', '--as-of', '2027-02-28');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain('FY2029');
  });
});

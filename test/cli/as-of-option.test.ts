import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('the global --as-of', () => {
  it.each(['status', 'config check', 'init acme', 'plan list', 'metrics win_rate'])(
    'is checked once for every command: salesops %s refuses a day that does not exist',
    async (command) => {
      await cli('init');
      const run = await cli(...command.split(' '), '--as-of', '2026-02-30');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'error: --as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")\n' +
          '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today\n',
      );
    },
  );

  it('is refused before the command, wherever it is written, and nothing is created', async () => {
    const run = await cli('--as-of=2026-13-01', 'init', 'acme');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --as-of must be a calendar date YYYY-MM-DD \(got "2026-13-01"\)\n/);
    expect((await cli('status', '--workspace', 'acme')).code).not.toBe(0);
  });

  it('a real day is the day the command looks from', async () => {
    await cli('init');
    const run = await cli('plan', 'list', '--as-of', '2027-02-28');
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).toContain('FY2029');
  });
});

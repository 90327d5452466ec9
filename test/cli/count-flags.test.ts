import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal as refusalOf } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const refusal = async (...args: string[]) => refusalOf(await runCli(args, { cwd: scratch.path }));

/** A workspace here: forecast backtest checks its counts with its period, in the workspace's calendar. */
const init = async () => expect((await runCli(['init'], { cwd: scratch.path })).code).toBe(0);

describe('a count flag out of range', () => {
  it("is fixed with the option's default, not an arbitrary 100", async () => {
    await init();
    expect(await refusal('forecast', 'backtest', '--periods', '0')).toBe(
      'error: --periods must be a whole number >= 1 (got "0")\n  fix: pass e.g. --periods 8\n',
    );
  });

  it('falls back to its lower bound when the command names no example: a week of the period, not week 100', async () => {
    await init();
    expect(await refusal('forecast', 'backtest', '--week', '0')).toBe(
      'error: --week must be a whole number >= 1 (got "0")\n  fix: pass e.g. --week 1\n',
    );
    expect(await refusal('demo', '--seed', '-1')).toBe(
      'error: --seed must be a whole number >= 0 (got "-1")\n  fix: pass e.g. --seed 0\n',
    );
  });
});

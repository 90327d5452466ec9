import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('salesops winloss --by', () => {
  it('reports every bad --by at once: a second --by, a second dimension of one, a dimension named twice', async () => {
    await cli('init');
    const run = await cli('winloss', '--by', 'ownr', '--by', 'competitr,segmnt', '--by', 'owner,rep');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines.filter((line) => !line.startsWith('  fix: '))).toEqual([
      'error: --by "ownr" is not a dimension; did you mean owner?',
      '--by "competitr" is not a dimension; did you mean competitor?',
      '--by "segmnt" is not a dimension; did you mean segment?',
      '--by "owner,rep" names owner twice',
    ]);
    expect(lines.filter((line) => line.startsWith('  fix: '))).toHaveLength(4);
  });
});

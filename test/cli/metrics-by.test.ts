import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

describe('salesops metrics --by', () => {
  it('reports every unknown dimension and every one named twice at once, the dimensions listed once', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--by', 'ownr,tem,owner,segment,owner');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const dimensions =
      'owner, manager, team, segment, region, territory, source, type, product, size_band, stage, ' +
      'forecast_category, competitor, loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year';
    const splitBy = `  fix: split by any of: ${dimensions} (several: --by owner,fiscal_quarter)`;
    expect(run.stderr.split('\n')).toEqual([
      'error: --by "ownr" is not a dimension; did you mean owner?',
      '--by "tem" is not a dimension; did you mean team, rep, tier?',
      splitBy,
      '--by names owner twice',
      '  fix: name each dimension once',
      '',
    ]);
  });

  it('one unknown dimension is reported as before', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--by', 'owner,segmnt');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: --by "segmnt" is not a dimension; did you mean segment\?\n {2}fix: [^\n]*\n$/,
    );
  });
});

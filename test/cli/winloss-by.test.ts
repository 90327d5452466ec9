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
    // The dimensions to split by, listed once after the last unknown name, stage as stage_lost_at, wrapped at 110
    // columns (the first line is 110 exactly).
    expect(run.stderr.split('\n')).toEqual([
      'error: --by "ownr" is not a dimension; did you mean owner?',
      '--by "competitr" is not a dimension; did you mean competitor?',
      '--by "segmnt" is not a dimension; did you mean segment?',
      '  fix: split by any of these dimensions, commas crossing them (--by competitor,segment): owner, manager, team,',
      '    segment, region, territory, source, type, product, size_band, stage_lost_at, forecast_category,',
      '    competitor, loss_reason, industry, tier, fiscal_month, fiscal_quarter, fiscal_year; another --by adds a',
      '    breakdown',
      '--by "owner,rep" names owner twice',
      '  fix: name each dimension once in a --by',
      '',
    ]);
    expect(Math.max(...run.stderr.split('\n').map((line) => line.length))).toBeLessThanOrEqual(110);
  });
});

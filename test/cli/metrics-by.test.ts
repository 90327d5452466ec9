import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeEach(() => {
  scratch = scratchFolder();
});
afterEach(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

/**
 * The fix for an unknown dimension, as printed: one line of every dimension (as the API and MCP return it), wrapped
 * at 110 columns, continued four spaces in: " region," would take the first line to 116 columns, " industry," the
 * second to 117.
 */
const SPLIT_BY = [
  '  fix: split by any of these dimensions (several: --by owner,fiscal_quarter): owner, manager, team, segment,',
  '    region, territory, source, type, product, size_band, stage, forecast_category, competitor, loss_reason,',
  '    industry, tier, fiscal_month, fiscal_quarter, fiscal_year',
];

describe('salesops metrics --by', () => {
  it('reports every unknown dimension and every one named twice at once, the dimensions listed once', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--by', 'ownr,tem,owner,segment,owner');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'error: --by "ownr" is not a dimension; did you mean owner?',
      '--by "tem" is not a dimension; did you mean team, rep, tier?',
      ...SPLIT_BY,
      '--by names owner twice',
      '  fix: name each dimension once',
      '',
    ]);
  });

  it('one unknown dimension is reported as before', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--by', 'owner,segmnt');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'error: --by "segmnt" is not a dimension; did you mean segment?',
      ...SPLIT_BY,
      '',
    ]);
  });

  it('a name close to none still gets every dimension, no line past 110 columns', async () => {
    await cli('init');
    const run = await cli('metrics', 'win_rate', '--by', 'colour');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual(['error: --by "colour" is not a dimension', ...SPLIT_BY, '']);
    expect(Math.max(...run.stderr.split('\n').map((line) => line.length))).toBeLessThanOrEqual(110);
  });

  it('a metric that cannot be split by a dimension, within 110 columns for the longest names', async () => {
    await cli('init');
    const run = await cli('metrics', 'sales_productivity_ramped', '--by', 'forecast_category');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'error: sales_productivity_ramped cannot be split by forecast_category (measured on reps, which have none)',
      '  fix: split it by owner, manager, team, segment, region, fiscal_month, fiscal_quarter, fiscal_year',
      '',
    ]);
  });

  it('with no metric named, refuses --by rather than ignore it, and a bad --by with its did-you-mean', async () => {
    await cli('init');
    const run = await runCli(['metrics', '--by', 'ownr'], { cwd: scratch.path, program: 'npx salesops' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'error: --by is for computing metrics, and no metric is named',
      '  fix: leave out --by to list the metrics, or name the metrics to compute with it:',
      '    `npx salesops metrics win_rate --by owner`',
      '--by "ownr" is not a dimension; did you mean owner?',
      ...SPLIT_BY,
      '',
    ]);
  });

  it("refuses a good --by and a --period given to `metrics list` too, the example in the run's workspace", async () => {
    await cli('init', 'acme');
    const run = await cli('metrics', 'list', '--by', 'owner', '--period', 'FY2026-Q3', '--workspace', 'acme');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'error: --by and --period are for computing metrics, and no metric is named',
      '  fix: leave out --by and --period to list the metrics, or name the metrics to compute with them:',
      '    `salesops metrics win_rate --by owner --period FY2026-Q3 --workspace acme`',
      '',
    ]);
    const list = await cli('metrics', 'list', '--workspace', 'acme');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('  win_rate  ');
  });
});

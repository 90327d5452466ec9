/**
 * `salesops plan new` and the fiscal year it plans: without a name it plans the next fiscal year, and a plan of a
 * year that has begun is made with a warning naming the next one. The workspace's fiscal year starts in
 * February and is named by its end, so 2026-11-27 is in FY2027 (2026-02-01..2027-01-31).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) =>
  runCli([...args, '--workspace', 'acme'], { cwd: scratch.path, today: '2026-11-27' });

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
});
afterAll(() => scratch.remove());

describe('salesops plan new: the fiscal year planned', () => {
  it('without a name plans the next fiscal year, named after it, without a warning', async () => {
    const run = await cli('plan', 'new', '--from', 'empty');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Plan FY2028 is in planning, started from empty.');
    expect(run.stderr).toBe('');
  });

  it('warns on stderr that a year already under way is planned, and names the next one', async () => {
    const run = await cli('plan', 'new', 'FY2027', '--from', 'empty');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan FY2027 is in planning');
    // Wrapped within 110 columns (the first line is 107), continued two spaces in.
    expect(run.stderr).toBe(
      'warning: plan FY2027 plans FY2027, a year already under way (2026-02-01..2027-01-31, as of 2026-11-27); the\n' +
        '  next fiscal year is FY2028 (there is a plan FY2028 already)\n',
    );
    const past = await cli('plan', 'new', 'lookback', '--year', 'FY2026', '--from', 'empty');
    expect(past.code).toBe(0);
    expect(past.stderr).toContain(
      'plans FY2026, a year already over (2025-02-01..2026-01-31, as of 2026-11-27)',
    );
  });

  it('takes the name from --year when none is given', async () => {
    const run = await cli('plan', 'new', '--year', 'FY2029', '--from', 'empty', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ name: 'FY2029', inputs: { fiscalYear: 'FY2029' } });
    expect(run.stderr).toBe('');
  });
});

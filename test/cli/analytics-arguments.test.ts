/**
 * `salesops metrics`, `winloss`, `pipeline` and `route` report a workspace that cannot be opened together with
 * the problems of the arguments that need none, and `route` its --as-of with --reroute and --skip-routed: one
 * run names every problem (exit code 2), as `comp` does.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalProblems } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeAll(async () => {
  scratch = scratchFolder();
  expect((await cli('init', 'acme')).code).toBe(0);
});
afterAll(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

const BAD_DAY = ['--as-of', '2026-02-30'];
const BAD_DAY_PROBLEM = '--as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")';
const BAD_BY = ['--by', 'ownr'];
const BAD_BY_PROBLEM = '--by "ownr" is not a dimension; did you mean owner?';

/** The run's problems without their fixes, after it refused to run. */
const problemsOf = async (...args: string[]) => refusalProblems(await cli(...args));

describe('a workspace that cannot be opened, with the arguments that need none', () => {
  const nowhere = () => ['--workspace', join(scratch.path, 'nowhere')];
  const notWorkspace = () =>
    `error: ${join(scratch.path, 'nowhere')} is not a salesops workspace: it does not exist`;

  it('salesops metrics: the metric ids, --by and --as-of; the period waits for the fiscal calendar', async () => {
    const args = ['metrics', 'win_rat', ...BAD_BY, '--period', 'FY2027-Q9', ...BAD_DAY, ...nowhere()];
    expect(await problemsOf(...args)).toEqual([
      notWorkspace(),
      BAD_DAY_PROBLEM,
      '"win_rat" is not a metric; did you mean win_rate, win_rate_value, win_rate_created?',
      BAD_BY_PROBLEM,
    ]);
  });

  it('salesops winloss: --by and --as-of', async () => {
    expect(await problemsOf('winloss', ...BAD_BY, '--period', 'FY2027-Q9', ...BAD_DAY, ...nowhere())).toEqual(
      [notWorkspace(), BAD_DAY_PROBLEM, BAD_BY_PROBLEM],
    );
  });

  it('salesops pipeline changes and conversion: --from, --to, --by and --as-of', async () => {
    const dates = ['--from', '2026-13-01', '--to', 'today'];
    expect(await problemsOf('pipeline', 'changes', ...dates, ...BAD_BY, ...BAD_DAY, ...nowhere())).toEqual([
      notWorkspace(),
      BAD_DAY_PROBLEM,
      '--from must be a calendar date YYYY-MM-DD (got "2026-13-01")',
      '--to must be a calendar date YYYY-MM-DD (got "today")',
      BAD_BY_PROBLEM,
    ]);
    expect(await problemsOf('pipeline', 'conversion', ...BAD_BY, ...BAD_DAY, ...nowhere())).toEqual([
      notWorkspace(),
      BAD_DAY_PROBLEM,
      BAD_BY_PROBLEM,
    ]);
  });

  it('salesops route: --as-of, and --reroute with --skip-routed', async () => {
    expect(
      await problemsOf(
        'route',
        'leads.csv',
        '--reroute',
        '--skip-routed',
        '--away',
        ',',
        ...BAD_DAY,
        ...nowhere(),
      ),
    ).toEqual([
      notWorkspace(),
      BAD_DAY_PROBLEM,
      '--reroute and --skip-routed ask for opposite things',
      '--away: no rep ids in ","',
    ]);
  });
});

describe('every bad argument at once in a workspace', () => {
  it('salesops route: --as-of with --reroute and --skip-routed and the plan, each with its fix', async () => {
    const run = await cli(
      'route',
      'leads.csv',
      '--reroute',
      '--skip-routed',
      ...BAD_DAY,
      '--workspace',
      'acme',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        `error: ${BAD_DAY_PROBLEM}`,
        '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today',
        '--reroute and --skip-routed ask for opposite things',
        '  fix: pass one: --skip-routed leaves out leads routed already, --reroute routes them again',
        // Acme has no active plan: reported with the others, not on the next run.
        '--plan: no plan is active in this workspace',
        '  fix: start one: `salesops plan new --from empty --workspace acme`',
        '',
      ].join('\n'),
    );
  });

  it('salesops metrics, winloss and pipeline: the period in the fiscal calendar with the others', async () => {
    const inAcme = ['--period', 'FY2027-Q9', ...BAD_BY, ...BAD_DAY, '--workspace', 'acme'];
    const period = '--period "FY2027-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9';
    for (const command of [['metrics', 'win_rate'], ['winloss'], ['pipeline', 'conversion']]) {
      expect(await problemsOf(...command, ...inAcme)).toEqual([
        `error: ${BAD_DAY_PROBLEM}`,
        BAD_BY_PROBLEM,
        period,
      ]);
    }
  });
});

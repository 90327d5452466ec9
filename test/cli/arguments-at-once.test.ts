/**
 * `salesops audit`, `forecast` and `comp` check every argument, --as-of too, before they refuse any: one run
 * names every problem, as `metrics` and `winloss` do; `comp` names those that need no workspace with a workspace
 * that cannot be opened.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalProblems } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
beforeAll(async () => {
  scratch = scratchFolder();
  expect((await cli('init')).code).toBe(0);
});
afterAll(() => scratch.remove());

const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });

const BAD_DAY = ['--as-of', '2026-02-30'];
const BAD_DAY_LINES = [
  'error: --as-of must be a calendar date YYYY-MM-DD (got "2026-02-30")',
  '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today',
];

/** The run's problems without their fixes, after it refused to run. */
const problemsOf = async (...args: string[]) => refusalProblems(await cli(...args));

describe('every bad argument at once', () => {
  it('salesops audit: each count and --as-of', async () => {
    const run = await cli(
      'audit',
      '--stale-days',
      '0',
      '--push-threshold',
      'x',
      '--examples',
      '-1',
      ...BAD_DAY,
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      ...BAD_DAY_LINES,
      '--stale-days must be a whole number >= 1 (got "0")',
      '  fix: pass e.g. --stale-days 1',
      '--push-threshold must be a whole number >= 1 (got "x")',
      '  fix: pass e.g. --push-threshold 1',
      '--examples must be a whole number >= 0 (got "-1")',
      '  fix: pass e.g. --examples 0',
      '',
    ]);
  });

  it('salesops forecast: --period, --by, --model and --as-of, for the report and its snapshot', async () => {
    const report = ['--period', 'FY2027-Q9', '--by', 'region', '--model', 'crystal', ...BAD_DAY];
    const problems = [
      BAD_DAY_LINES[0],
      '--period "FY2027-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
      '--by: "region" is not one of owner, manager, segment',
      '--model: "crystal" is not one of auto, stage_weighted, category, commit, best_case, historical, deal, all',
    ];
    expect(await problemsOf('forecast', ...report)).toEqual(problems);
    expect(await problemsOf('forecast', 'snapshot', ...report)).toEqual(problems);
  });

  it('salesops forecast backtest: --periods, --week, the period and --as-of', async () => {
    const backtest = ['backtest', '--periods', '0', '--week', 'x'];
    expect(
      await problemsOf('forecast', '--period', '2026-01-01..2026-02-01', ...backtest, ...BAD_DAY),
    ).toEqual([
      BAD_DAY_LINES[0],
      '--periods must be a whole number >= 1 (got "0")',
      '--week must be a whole number >= 1 (got "x")',
      '--period 2026-01-01..2026-02-01 is a date range; forecasts are of fiscal periods',
    ]);
  });

  it('salesops forecast adjust: every option, two unknown reps sharing one fix', async () => {
    const run = await cli(
      'forecast',
      'adjust',
      '--rep',
      'X-1',
      '--category',
      'comit',
      '--amount',
      '-5',
      '--note',
      ' ',
      '--manager',
      'Y-2',
      '--period',
      'FY2027-Q9',
      ...BAD_DAY,
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      ...BAD_DAY_LINES,
      '--rep: unknown rep "X-1": the workspace holds no reps yet',
      '--manager: unknown rep "Y-2": the workspace holds no reps yet',
      "  fix: import your CRM's users first, e.g. `salesops import User.csv --source salesforce`",
      '--category: "comit" is not one of commit, best_case, pipeline',
      '  fix: did you mean --category commit?',
      '--amount: -5 is negative',
      '  fix: give the adjusted forecast in USD, e.g. 120000',
      '--note: the note is empty',
      '  fix: say why the forecast is adjusted',
      '--period "FY2027-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
      '  fix: write a fiscal year, quarter or month (FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30',
      '',
    ]);
  });

  it('salesops comp run: --period, --plans and --as-of', async () => {
    expect(
      await problemsOf('comp', 'run', '--period', 'FY2027-M13', '--plans', 'nowhere', ...BAD_DAY),
    ).toEqual([
      BAD_DAY_LINES[0],
      '--period: "FY2027-M13" is not a fiscal period',
      '--plans: nowhere does not exist',
    ]);
  });

  it('salesops comp model and whatif: the plan, --set, --period, --scenarios, --from and --as-of', async () => {
    const model = ['--period', 'FY2027-M13', '--scenarios', 'p10,best', '--from', 'crystal', ...BAD_DAY];
    const missing = 'nowhere.yaml: the plan file nowhere.yaml does not exist';
    // The period is checked in the workspace's fiscal calendar, after the arguments that need no workspace.
    const rest = [
      '--scenarios: "best" is not a scenario',
      '--from: "crystal" is not one of auto, forecast, history',
      '--period: "FY2027-M13" is not a fiscal period',
    ];
    expect(await problemsOf('comp', 'model', 'nowhere.yaml', ...model)).toEqual([
      BAD_DAY_LINES[0],
      missing,
      ...rest,
    ]);
    expect(await problemsOf('comp', 'whatif', 'nowhere.yaml', '--set', 'rate', ...model)).toEqual([
      BAD_DAY_LINES[0],
      '--set: "rate" is not an assignment path=value',
      missing,
      ...rest,
    ]);
  });

  it('salesops comp model and run: a workspace that cannot be opened, with the arguments that need none', async () => {
    const nowhere = join(scratch.path, 'nowhere');
    const workspace = ['--workspace', nowhere];
    const notWorkspace = `${nowhere} is not a salesops workspace: it does not exist`;
    // The bad day's problem comes second: `error: ` starts the first line only.
    const badDay = BAD_DAY_LINES[0]!.replace('error: ', '');
    const model = ['--period', 'FY2027-M13', '--scenarios', 'best,10', '--from', 'crystal', ...BAD_DAY];
    expect(await problemsOf('comp', 'model', 'nowhere.yaml', ...model, ...workspace)).toEqual([
      `error: ${notWorkspace}`,
      badDay,
      'nowhere.yaml: the plan file nowhere.yaml does not exist',
      '--scenarios: "best" is not a scenario',
      '--scenarios: "10" is not a scenario; did you mean p10?',
      '--from: "crystal" is not one of auto, forecast, history',
    ]);
    // The period and the default plans need the workspace (its calendar, its folder): they wait for it.
    expect(await problemsOf('comp', 'run', '--period', 'FY2027-M13', ...BAD_DAY, ...workspace)).toEqual([
      `error: ${notWorkspace}`,
      badDay,
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });

const BAD_DAY = [
  'error: --as-of must be a calendar date YYYY-MM-DD (got "2026-13-01")',
  '  fix: pass a day that exists, e.g. --as-of 2026-10-01, or leave --as-of out for today',
];
const NO_SUCH_PLAN = ['plan name: there is no plan "nosuch"', '  fix: name one of: FY2028'];

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  expect((await cli('plan', 'new', 'FY2028', '--from', 'empty', '--as-of', '2026-11-27')).code).toBe(0);
}, 60_000);
afterAll(() => scratch.remove());

describe('plan reports every problem of its arguments at once, --as-of with them', () => {
  it('plan new: the name, --year, --from and the day', async () => {
    const run = await cli(
      'plan',
      'new',
      'bad name',
      '--year',
      'FY2027-Q1',
      '--from',
      'nosuch',
      '--as-of',
      '2026-13-01',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        ...BAD_DAY,
        'plan name: "bad name" cannot name a plan',
        '  fix: use letters, digits, -, _ and . (e.g. FY2027 or FY2027-hiring); "active" and "empty" are reserved',
        // The quarter's fiscal year is the one to name.
        '--year: FY2027-Q1 is not a fiscal year',
        '  fix: name a fiscal year such as FY2027',
        ...NO_SUCH_PLAN,
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('');
  });

  it('plan capacity: the plan, --target, --quota and the day', async () => {
    const run = await cli(
      'plan',
      'capacity',
      'nosuch',
      '--target',
      '0',
      '--quota',
      'abc',
      '--as-of',
      '2026-13-01',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        ...BAD_DAY,
        ...NO_SUCH_PLAN,
        '--target must be an amount greater than 0 in USD (got "0")',
        '  fix: pass e.g. --target 24000000 (major units of USD, no currency sign)',
        '--quota must be an amount greater than 0 in USD (got "abc")',
        '  fix: pass e.g. --quota 24000000 (major units of USD, no currency sign)',
        '',
      ].join('\n'),
    );
  });

  it('plan territories: --time-limit, the rep and rules files and the day', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2028',
      '--exact',
      '--time-limit',
      '0',
      '--reps',
      'nosuch.csv',
      '--rules',
      'nosuch.yaml',
      '--as-of',
      '2026-13-01',
    );
    expect(run.code).toBe(2);
    for (const problem of [
      BAD_DAY[0]!,
      '--time-limit must be a number of seconds above 0 (got "0")',
      'nosuch.csv: the file does not exist',
      'nosuch.yaml: the file does not exist',
    ]) {
      expect(run.stderr).toContain(`${problem}\n`);
    }
    // The plan is unchanged: no step ran.
    const listed = JSON.parse((await cli('plan', 'list', '--format', 'json')).stdout) as {
      revision: number;
    }[];
    expect(listed).toMatchObject([{ revision: 1 }]);
  });

  it('plan diff: both plans, each at its argument, and --format csv', async () => {
    const run = await cli('plan', 'diff', 'nosuch', 'other', '--format', 'csv', '--as-of', '2026-13-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        ...BAD_DAY,
        '<plan>: there is no plan "nosuch"',
        '[against]: there is no plan "other"',
        '  fix: name one of: FY2028',
        '--format: plan diff has no csv form: it is three tables (account moves, quota changes, headcount)',
        '  fix: use --format json (money in minor units), md or table',
        '',
      ].join('\n'),
    );
  });

  it('plan diff: the plan compared with, active unless given, at its argument', async () => {
    const run = await cli('plan', 'diff', 'nosuch', '--as-of', '2026-11-27');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        'error: <plan>: there is no plan "nosuch"',
        '  fix: name one of: FY2028',
        '[against]: no plan is active in this workspace',
        // FY2028 is new: it has neither territories nor quotas to activate.
        '  fix: finish plan FY2028 first (territories, quotas), then: `salesops plan activate FY2028 --workspace acme`',
        '',
      ].join('\n'),
    );
  });

  it('plan quotas: a misspelt --method with the plan and the day, the close method offered', async () => {
    const run = await cli('plan', 'quotas', 'nosuch', '--method', 'blnd', '--as-of', '2026-13-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        ...BAD_DAY,
        ...NO_SUCH_PLAN,
        '--method: "blnd" is not one of top-down, even, prior-year, trailing-12, potential, bottom-up, blend',
        '  fix: did you mean --method blend?',
        '',
      ].join('\n'),
    );
  });

  it('plan quotas: a --method close to none, with the plan', async () => {
    const run = await cli('plan', 'quotas', 'nosuch', '--method', 'weighted', '--as-of', '2026-11-27');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        `error: ${NO_SUCH_PLAN[0]!}`,
        NO_SUCH_PLAN[1],
        '--method: "weighted" is not one of top-down, even, prior-year, trailing-12, potential, bottom-up, blend',
        '  fix: give one of those, or leave --method out for planning.quotas.method',
        '',
      ].join('\n'),
    );
  });

  it('plan report: the plan and --format csv', async () => {
    const run = await cli('plan', 'report', 'nosuch', '--format', 'csv', '--as-of', '2026-13-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        ...BAD_DAY,
        ...NO_SUCH_PLAN,
        '--format: the Territory Plan has no csv form',
        '  fix: use --format md, html or json',
        '',
      ].join('\n'),
    );
  });

  it('plan segment, quotas and activate: the plan and the day', async () => {
    for (const step of ['segment', 'quotas', 'activate']) {
      const run = await cli('plan', step, 'nosuch', '--as-of', '2026-13-01');
      expect(run.code, step).toBe(2);
      expect(run.stderr, step).toBe([...BAD_DAY, ...NO_SUCH_PLAN, ''].join('\n'));
    }
  });
});

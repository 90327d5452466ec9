/**
 * `salesops route` reports its plan, --away and leads file together once the workspace is open: a bad plan hides
 * neither a bad --away nor a missing leads file (exit code 2), each problem placed at its flag or file, a fix they
 * share said once; a leads file that cannot be read is reported without its rows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalLines } from './refusal.js';
import { runCli, scratchFolder } from './run-cli.js';

const AS_OF = ['--as-of', '2026-11-27'];
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'planning');
const LEADS = join(FIXTURES, 'leads.csv');
const LEADS_BAD = join(FIXTURES, 'leads-bad.csv');

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  // A plan started empty has no roster yet.
  expect((await cli('plan', 'new', 'FY2027', '--from', 'empty', ...AS_OF)).code).toBe(0);
  // FY2028 has one: the first three of its reps are REP-0006, REP-0011 and REP-0012.
  expect((await cli('plan', 'new', 'FY2028', '--from', 'empty', ...AS_OF)).code).toBe(0);
  const reps = ['--reps', join(FIXTURES, 'reps-teams.csv')];
  expect((await cli('plan', 'territories', 'FY2028', ...reps, ...AS_OF)).code).toBe(0);
}, 60_000);
afterAll(() => scratch.remove());

/** `salesops route`'s stderr as lines, after it refused to run. */
const refused = async (...args: string[]) => refusalLines(await cli('route', ...args, ...AS_OF));

const NO_ROSTER = '--plan: plan FY2027 has no roster to route to';
const ROSTER_FIX = '  fix: give it one: `salesops plan territories FY2027 --reps reps.csv --workspace acme`';
const MISSING = ['nope.csv: the file does not exist', '  fix: check the path and that the file is readable'];

describe('salesops route: the plan, --away and the leads file at once', () => {
  it('a plan without a roster, --away off it and a missing leads file: all three, the roster fix once', async () => {
    expect(await refused('nope.csv', '--plan', 'FY2027', '--away', 'REP-9,REP-8')).toEqual([
      `error: ${NO_ROSTER}`,
      "--away: reps not on plan FY2027's roster: REP-9, REP-8",
      ROSTER_FIX,
      ...MISSING,
      '',
    ]);
  });

  it('a plan there is not, with a missing leads file: both, the plan placed at --plan', async () => {
    expect(await refused('nope.csv', '--plan', 'FY2099', '--away', 'REP-9')).toEqual([
      'error: --plan: there is no plan "FY2099"',
      '  fix: name one of: FY2027, FY2028',
      ...MISSING,
      '',
    ]);
  });

  it('a leads file with bad rows is read to its rows, reported after the plan', async () => {
    const lines = await refused(LEADS_BAD, '--plan', 'FY2027');
    expect(lines.slice(0, 3)).toEqual([
      `error: ${NO_ROSTER}`,
      ROSTER_FIX,
      `${LEADS_BAD}:2:3: "lots" is not a whole number: it is not a number`,
    ]);
    expect(lines).toContain(`${LEADS_BAD}:4:1: the lead id is empty`);
  });
});

const NO_AWAY_FIX = '  fix: give rep ids, e.g. --away REP-0003,REP-0007, or leave --away out';

describe('salesops route: an --away naming no rep', () => {
  it('a lone comma is refused at --away, not read as no reps away', async () => {
    expect(await refused(LEADS, '--plan', 'FY2028', '--away', ',')).toEqual([
      'error: --away: no rep ids in ","',
      NO_AWAY_FIX,
      '',
    ]);
  });

  it('an empty --away, or one of blanks and commas, likewise', async () => {
    expect(await refused(LEADS, '--plan', 'FY2028', '--away', '')).toEqual([
      'error: --away: no rep ids in ""',
      NO_AWAY_FIX,
      '',
    ]);
    expect((await refused(LEADS, '--plan', 'FY2028', '--away', ' , ,'))[0]).toBe(
      'error: --away: no rep ids in " , ,"',
    );
  });

  it('reported with a plan without a roster and a missing leads file', async () => {
    // --away's ids are checked with the arguments that need no workspace, before the plan and the leads.
    expect(await refused('nope.csv', '--plan', 'FY2027', '--away', ',')).toEqual([
      'error: --away: no rep ids in ","',
      NO_AWAY_FIX,
      NO_ROSTER,
      ROSTER_FIX,
      ...MISSING,
      '',
    ]);
  });
});

describe('salesops route: each problem alone, as before', () => {
  it('a plan without a roster', async () => {
    expect(await refused(LEADS, '--plan', 'FY2027')).toEqual([`error: ${NO_ROSTER}`, ROSTER_FIX, '']);
  });

  it('a plan there is not', async () => {
    expect(await refused(LEADS, '--plan', 'FY2099')).toEqual([
      'error: --plan: there is no plan "FY2099"',
      '  fix: name one of: FY2027, FY2028',
      '',
    ]);
  });

  it('--away off the roster', async () => {
    expect(await refused(LEADS, '--plan', 'FY2028', '--away', 'REP-9')).toEqual([
      "error: --away: reps not on plan FY2028's roster: REP-9",
      '  fix: use rep ids of the roster, e.g. REP-0006,REP-0011,REP-0012',
      '',
    ]);
  });

  it('a missing leads file', async () => {
    expect(await refused('nope.csv', '--plan', 'FY2028')).toEqual([`error: ${MISSING[0]}`, MISSING[1], '']);
  });

  it('with a good plan, --away and the leads file together', async () => {
    expect(await refused('nope.csv', '--plan', 'FY2028', '--away', 'REP-9')).toEqual([
      "error: --away: reps not on plan FY2028's roster: REP-9",
      '  fix: use rep ids of the roster, e.g. REP-0006,REP-0011,REP-0012',
      ...MISSING,
      '',
    ]);
  });
});

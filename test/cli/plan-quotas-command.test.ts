import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

const REPS = join(import.meta.dirname, '..', 'fixtures', 'planning', 'reps-teams.csv');
const AS_OF = ['--as-of', '2026-11-27'];

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });

/** The dollar figures of a printed table row, e.g. `East  3  $11,314,286` -> [11314286]. */
const dollars = (line: string) =>
  [...line.matchAll(/\$([\d,]+)/g)].map((match) => Number(match[1]!.replace(/,/g, '')));
/** The line starting `start`, wrapped prose (under a two-space hanging indent) joined back. */
const row = (stdout: string, start: string) =>
  stdout
    .replace(/\n {2}(?=\S)/g, ' ')
    .split('\n')
    .find((line) => line.startsWith(start)) ?? '';

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  expect((await cli('demo', '--reps', '20', '--opportunities', '300', '--seed', '7', ...AS_OF)).code).toBe(0);
  expect((await cli('plan', 'new', 'FY2028', '--from', 'empty')).code).toBe(0);
  expect(
    (await cli('plan', 'capacity', 'FY2028', '--target', '24000000', '--quota', '900000', ...AS_OF)).code,
  ).toBe(0);
  expect((await cli('plan', 'territories', 'FY2028', '--reps', REPS, '--allow-moves', ...AS_OF)).code).toBe(
    0,
  );
}, 120_000);
afterAll(() => scratch.remove());

describe('salesops plan quotas: whole dollars that add up', () => {
  it('splits $26,400,000 over 7 reps in whole dollars, the 4 dollars left over to the first ids', async () => {
    const run = await cli('plan', 'quotas', 'FY2028', '--method', 'even', ...AS_OF, '--format', 'json');
    expect(run.code).toBe(0);
    const { quotas } = JSON.parse(run.stdout) as {
      quotas: {
        reps: { id: string; quota: number; quarters: number[] }[];
        teams: { team: string; quota: number; quarters: number[] }[];
      };
    };
    // 26,400,000 / 7 = 3,771,428.57: 3,771,428 each leaves $4, one each to REP-0006, -0011, -0012, -0014.
    expect(quotas.reps.map((rep) => [rep.id, rep.quota / 100])).toEqual([
      ['REP-0006', 3_771_429],
      ['REP-0011', 3_771_429],
      ['REP-0012', 3_771_429],
      ['REP-0014', 3_771_429],
      ['REP-0015', 3_771_428],
      ['REP-0018', 3_771_428],
      ['REP-0023', 3_771_428],
    ]);
    // Even seasonality: 3,771,429 / 4 = 942,857.25, the dollar left over to Q1.
    expect(quotas.reps[0]!.quarters.map((amount) => amount / 100)).toEqual([
      942_858, 942_857, 942_857, 942_857,
    ]);
    expect(quotas.teams.map((team) => [team.team, team.quota / 100])).toEqual([
      ['East', 11_314_286],
      ['West', 7_542_858],
      ['North', 7_542_856],
    ]);
  });

  it('prints team totals and a gap that add up to the assigned total as shown', async () => {
    const run = await cli('plan', 'quotas', 'FY2028', '--method', 'blend', ...AS_OF);
    expect(run.code).toBe(0);
    const teams = ['East', 'West', 'North'].map((team) => dollars(row(run.stdout, `${team} `))[0]!);
    expect(teams.reduce((sum, quota) => sum + quota, 0)).toBe(26_400_000);
    // Each rep row: Quota, then Q1..Q4, which add up to it; the quotas add up to $26,400,000.
    const reps = quotaRows(run.stdout).map((line) => dollars(line));
    expect(reps).toHaveLength(7);
    for (const [quota, ...quarters] of reps) expect(quarters.reduce((sum, q) => sum + q, 0)).toBe(quota);
    expect(reps.reduce((sum, [quota]) => sum + quota!, 0)).toBe(26_400_000);
    const [target, assigned, bottomUp, gap] = dollars(row(run.stdout, 'Plan FY2028'));
    expect([target, assigned]).toEqual([24_000_000, 26_400_000]);
    expect(bottomUp! + gap!).toBe(26_400_000);
  });
});

function quotaRows(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /\(REP-\d{4}\)/.test(line));
}

describe('plan steps as CSV, and the inputs a plan keeps', () => {
  it('writes the quota table as CSV, money in major units as salesops metrics does', async () => {
    const run = await cli('plan', 'quotas', 'FY2028', '--method', 'even', ...AS_OF, '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    const [header, first, , , , fifth] = run.stdout.split('\r\n').map((line) => line.split(','));
    expect(header).toEqual([
      'Rep',
      'Role',
      'Quota',
      'Q1',
      'Q2',
      'Q3',
      'Q4',
      'Quota/potential',
      'Quota:OTE',
      'Fair',
      'Basis',
    ]);
    expect(first!.slice(0, 7)).toEqual([
      'Hiro Wang (REP-0006)',
      'ae',
      '3771429',
      '942858',
      '942857',
      '942857',
      '942857',
    ]);
    expect(fifth!.slice(0, 7)).toEqual([
      'Grace Becker (REP-0015)',
      'isr',
      '3771428',
      '942857',
      '942857',
      '942857',
      '942857',
    ]);
  });

  it('writes the other steps as one CSV table each, and keeps the ramped quota given once', async () => {
    // The plan got --quota 900000 in beforeAll: capacity runs again without it.
    const capacity = await cli('plan', 'capacity', 'FY2028', ...AS_OF, '--format', 'csv');
    expect(capacity.code, capacity.stderr).toBe(0);
    const rows = capacity.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'Scenario,Attainment,Attrition,Ramped reps needed,Team rep-years,Team capacity,Gap,Hires needed,Planned capacity',
    );
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual(['base', 'best', 'worst']);
    const json = await cli('plan', 'capacity', 'FY2028', ...AS_OF, '--format', 'json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      capacity: { target: 2_400_000_000, rampedQuota: 90_000_000 },
    });
    const segment = await cli('plan', 'segment', 'FY2028', ...AS_OF, '--format', 'csv');
    expect(segment.stdout.split('\r\n')[0]).toBe(
      'Tier,Count,Potential ARR,Current ARR,Whitespace,Penetration,Strategy',
    );
    const territories = await cli('plan', 'territories', 'FY2028', ...AS_OF, '--format', 'csv');
    expect(territories.stdout.split('\r\n')[0]).toBe(
      'Rep,Role,Accounts,Potential,Potential vs share,Workload,Workload vs share',
    );
    const list = await cli('plan', 'list', '--format', 'csv');
    expect(list.stdout.split('\r\n')[0]).toBe('Plan,State,Year,From,Revision,Saved,Accounts');
  });

  it('refuses html and a diff as CSV, naming the plan subcommand', async () => {
    const html = await cli('plan', 'segment', 'FY2028', '--format', 'html');
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('error: --format: salesops plan segment has no html output');
    expect((await cli('plan', 'new', 'FY2028-v2', '--from', 'FY2028')).code).toBe(0);
    const diff = await cli('plan', 'diff', 'FY2028-v2', 'FY2028', '--format', 'csv');
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('plan diff has no csv form');
  });
});

describe('the rep tables of plan territories and plan quotas', () => {
  it("show each rep's role, as the rep file gives it, beside the rep", async () => {
    // reps-teams.csv: three AEs, two ISRs and two AMs.
    const roles = [
      ['Hiro Wang (REP-0006)', 'AE'],
      ['Mohammed Quinn (REP-0011)', 'AE'],
      ['Dara Bauer (REP-0012)', 'AE'],
      ['Leo Torres (REP-0014)', 'ISR'],
      ['Grace Becker (REP-0015)', 'ISR'],
      ['Priya Smith (REP-0018)', 'AM'],
      ['Kenji Nakamura (REP-0023)', 'AM'],
    ];
    for (const step of ['territories', 'quotas']) {
      const run = await cli('plan', step, 'FY2028', ...AS_OF);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      const header = lines.findIndex((line) => line.startsWith('Rep '));
      expect(lines[header]).toMatch(/^Rep {2,}Role {2,}\S/);
      const table = lines.slice(header + 2, lines.indexOf('', header));
      const shown = table.map((line) => /^(.+?\)) +(\S+) /.exec(line)?.slice(1, 3));
      expect(shown).toEqual(roles);
    }
  });
});

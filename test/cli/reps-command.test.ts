/**
 * `salesops reps` through the CLI on a small demo workspace (5 reps on the team, seed 3, as of 2026-11-27): the
 * roster by CRM id in every format, its quota for a period, and the unknown-rep fixes that point at it. The
 * expected rows were read from the demo's store (reps and quotas tables) and checked by hand: REP-0004's
 * quarterly quotas of FY2027 are $96,000, $102,000, $110,000 and $94,000 (FY2027: $402,000).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitsTerminal } from '../../src/reports/table.js';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

const AS_OF = '2026-11-27';
const scratch = scratchFolder();
const cli = (...args: string[]) => runCli([...args, '--as-of', AS_OF], { cwd: scratch.path });
const reps = (...args: string[]) => cli('reps', '--workspace', 'team', ...args);

beforeAll(async () => {
  expect((await cli('init', 'team')).code).toBe(0);
  const demo = await cli(
    'demo',
    '--workspace',
    'team',
    '--reps',
    '5',
    '--opportunities',
    '200',
    '--seed',
    '3',
  );
  expect(demo.code, demo.stderr).toBe(0);
}, 60_000);
afterAll(() => scratch.remove());

describe('salesops reps', () => {
  it('lists every rep by CRM id, those who left too, with the quota of the quarter of --as-of', async () => {
    const run = await reps();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        '7 reps, 5 employed on 2026-11-27; quota for FY2027-Q4 (2026-11-01..2027-01-31) in USD',
        '',
        'id        name            role     manager   team           segment     hired       left           quota',
        '────────  ──────────────  ───────  ────────  ─────────────  ──────────  ──────────  ──────────  ────────',
        'REP-0001  Aaliyah Hansen  manager  REP-0002  Enterprise AE  Enterprise  2021-10-22',
        'REP-0002  Zoe Rahman      vp                 Global Sales               2022-01-07',
        'REP-0003  Laila Costa     ae       REP-0001  Enterprise AE  Enterprise  2023-02-24  2024-01-08',
        'REP-0004  Nia Zhang       ae       REP-0001  Enterprise AE  Mid-Market  2023-08-08               $94,000',
        'REP-0005  Javier Rahman   ae       REP-0001  Enterprise AE  Enterprise  2024-01-21              $150,000',
        'REP-0006  Thomas Smith    ae       REP-0001  Enterprise AE  SMB         2026-03-15               $78,000',
        'REP-0007  Aaliyah Abe     ae       REP-0001  Enterprise AE  Enterprise  2022-07-16  2026-11-06',
        '',
      ].join('\n'),
    );
    expect(fitsTerminal(run.stdout)).toBe(true);
  });

  it("gives CSV rows with the year's quota in major units, its header naming the period", async () => {
    const run = await reps('--period', 'FY2027', '--format', 'csv');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\r\n')).toEqual([
      'id,name,role,manager,team,segment,hired,left,quota FY2027',
      'REP-0001,Aaliyah Hansen,manager,REP-0002,Enterprise AE,Enterprise,2021-10-22,,',
      'REP-0002,Zoe Rahman,vp,,Global Sales,,2022-01-07,,',
      'REP-0003,Laila Costa,ae,REP-0001,Enterprise AE,Enterprise,2023-02-24,2024-01-08,',
      // 96,000 + 102,000 + 110,000 + 94,000; 128,000 + 141,000 + 128,000 + 150,000; 10,000 + 62,000 + 78,000 + 78,000.
      'REP-0004,Nia Zhang,ae,REP-0001,Enterprise AE,Mid-Market,2023-08-08,,402000',
      'REP-0005,Javier Rahman,ae,REP-0001,Enterprise AE,Enterprise,2024-01-21,,547000',
      'REP-0006,Thomas Smith,ae,REP-0001,Enterprise AE,SMB,2026-03-15,,228000',
      'REP-0007,Aaliyah Abe,ae,REP-0001,Enterprise AE,Enterprise,2022-07-16,2026-11-06,',
      '',
    ]);
  });

  it("gives JSON with the period, and a quota apportioned by days: November holds 30 of FY2027-Q4's 92", async () => {
    const run = await reps('--period', '2026-11-01..2026-11-30', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as { reps: { id: string; quota: number | null }[] };
    expect({ ...body, reps: undefined }).toEqual({
      period: '2026-11-01..2026-11-30',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      asOf: AS_OF,
      currency: 'USD',
      reps: undefined,
    });
    expect(body.reps.map((rep) => [rep.id, rep.quota])).toEqual([
      ['REP-0001', null],
      ['REP-0002', null],
      ['REP-0003', null],
      // $94,000 × 30/92 = $30,652.17; $150,000 × 30/92 = $48,913.04; $78,000 × 30/92 = $25,434.78.
      ['REP-0004', 30652.17],
      ['REP-0005', 48913.04],
      ['REP-0006', 25434.78],
      ['REP-0007', null],
    ]);
    expect(body.reps[6]).toEqual({
      id: 'REP-0007',
      name: 'Aaliyah Abe',
      role: 'ae',
      managerId: 'REP-0001',
      team: 'Enterprise AE',
      segment: 'Enterprise',
      hired: '2022-07-16',
      left: '2026-11-06',
      active: false,
      quota: null,
    });
  });

  it('refuses a bad --period at the flag, and says how to import reps in a workspace without any', async () => {
    const bad = await reps('--period', 'FY2027-Q5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period "FY2027-Q5" is not a period');
    expect((await cli('init', 'empty')).code).toBe(0);
    const empty = await runCli(['reps', '--workspace', 'empty'], {
      cwd: scratch.path,
      program: 'npx salesops',
    });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toBe(
      "No reps yet: import your CRM's users, e.g.\n" +
        '  `npx salesops import User.csv --source salesforce --workspace empty`.\n',
    );
  });

  it('is where the unknown-rep fixes of forecast adjust and users add point, as the user runs salesops', async () => {
    const listed = '(`npx salesops reps --workspace team` lists them)';
    const examples =
      'give the CRM id of a rep in the workspace, e.g. REP-0001 (Aaliyah Hansen), REP-0002 (Zoe Rahman), ' +
      'REP-0003 (Laila Costa), REP-0004 (Nia Zhang), REP-0005 (Javier Rahman)';
    const npx = (...args: string[]) =>
      runCli([...args, '--workspace', 'team', '--as-of', AS_OF], {
        cwd: scratch.path,
        program: 'npx salesops',
      });
    const adjust = await npx(
      'forecast',
      'adjust',
      '--rep',
      'Quinn',
      '--category',
      'commit',
      '--amount',
      '1000',
      '--note',
      'n',
    );
    expect(adjust.code).toBe(2);
    expect(unwrappedProblems(adjust.stderr)).toContain(
      `--rep: unknown rep "Quinn"\n  fix: ${examples} ${listed}\n`,
    );
    const add = await npx('users', 'add', 'zed', '--role', 'rep', '--rep', 'Quinn');
    expect(add.code).toBe(2);
    expect(unwrappedProblems(add.stderr)).toBe(
      `error: --rep: unknown rep "Quinn"\n  fix: ${examples} ${listed}\n`,
    );
    expect(fitsTerminal(add.stderr)).toBe(true);
  });
});

describe('salesops reps with Salesforce ids and long names', () => {
  // 18-character ids in both id and manager, a 39-letter name, a 24-letter team and a $1,250,000 quota: in full,
  // the table would be 162 columns wide.
  beforeAll(async () => {
    expect((await cli('init', 'crm')).code).toBe(0);
    const reps = join(scratch.path, 'reps.csv');
    writeFileSync(
      reps,
      [
        'Id,Name,Role,Manager Id,Team,Segment,Hire Date,End Date',
        '0055e000004DarMAAS,Dara Meyer,VP,,Global Sales,,2021-04-01,',
        '0055e000001AnaIAAS,Anastasia Konstantinopoulou-Vandersteen,AE,0055e000002ZoeBAAS,Enterprise Accounts West,' +
          'Enterprise,2023-02-13,',
        '0055e000002ZoeBAAS,Zoë Brûlé,Manager,0055e000004DarMAAS,Enterprise Accounts West,Enterprise,2022-09-05,',
        '0055e000003ChnLAAS,Chen Lopez,AM,0055e000002ZoeBAAS,Enterprise Accounts West,Mid-Market,2024-01-08,' +
          '2026-06-30',
      ].join('\n'),
    );
    const quotas = join(scratch.path, 'quotas.csv');
    writeFileSync(quotas, 'Rep Id,Period,Quota\n0055e000001AnaIAAS,FY2027-Q4,"$1,250,000"\n');
    const imported = await cli('import', reps, quotas, '--workspace', 'crm');
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  it('cuts names, roles, teams and segments with … to fit 110 columns, and says where the full text is', async () => {
    const run = await cli('reps', '--workspace', 'crm');
    expect(run.code, run.stderr).toBe(0);
    // The ids, dates and quota take 82 columns with the 8 gaps of 2 (18 + 18 + 3 × 10 + 16), leaving 28 for the
    // four text columns: 7 characters each (the 39-letter name saves 32, the team 17 and the segment 3, the 52
    // columns over; at 8 they would save 49), the role's "manager" still whole.
    expect(run.stdout).toBe(
      [
        '4 reps, 3 employed on 2026-11-27; quota for FY2027-Q4 (2026-11-01..2027-01-31) in USD',
        '',
        'id                  name     role     manager             team     segment  hired       left             quota',
        '──────────────────  ───────  ───────  ──────────────────  ───────  ───────  ──────────  ──────────  ──────────',
        '0055e000001AnaIAAS  Anasta…  ae       0055e000002ZoeBAAS  Enterp…  Enterp…  2023-02-13              $1,250,000',
        '0055e000002ZoeBAAS  Zoë Br…  manager  0055e000004DarMAAS  Enterp…  Enterp…  2022-09-05',
        '0055e000003ChnLAAS  Chen L…  am       0055e000002ZoeBAAS  Enterp…  Mid-Ma…  2024-01-08  2026-06-30',
        '0055e000004DarMAAS  Dara M…  vp                           Global…           2021-04-01',
        '',
        'Text cut with … to fit 110 columns: --format csv, json or md gives it in full.',
        '',
      ].join('\n'),
    );
    expect(run.stdout.split('\n').every((line) => line.length <= 110)).toBe(true);
  });

  it('keeps the full text in Markdown, and names a date range once in the heading', async () => {
    const run = await cli(
      'reps',
      '--workspace',
      'crm',
      '--format',
      'md',
      '--period',
      '2026-11-01..2026-11-30',
    );
    expect(run.code, run.stderr).toBe(0);
    // $1,250,000 × 30/92 = $407,608.70, shown in whole dollars.
    expect(run.stdout).toBe(
      [
        '4 reps, 3 employed on 2026-11-27; quota for 2026-11-01..2026-11-30 in USD',
        '',
        '| id | name | role | manager | team | segment | hired | left | quota |',
        '|---|---|---|---|---|---|---|---|---:|',
        '| 0055e000001AnaIAAS | Anastasia Konstantinopoulou-Vandersteen | ae | 0055e000002ZoeBAAS | ' +
          'Enterprise Accounts West | Enterprise | 2023-02-13 |  | $407,609 |',
        '| 0055e000002ZoeBAAS | Zoë Brûlé | manager | 0055e000004DarMAAS | Enterprise Accounts West | Enterprise | ' +
          '2022-09-05 |  |  |',
        '| 0055e000003ChnLAAS | Chen Lopez | am | 0055e000002ZoeBAAS | Enterprise Accounts West | Mid-Market | ' +
          '2024-01-08 | 2026-06-30 |  |',
        '| 0055e000004DarMAAS | Dara Meyer | vp |  | Global Sales |  | 2021-04-01 |  |  |',
        '',
      ].join('\n'),
    );
  });
});

describe('salesops reps with one rep', () => {
  it('counts the roster in the singular', async () => {
    expect((await cli('init', 'solo')).code).toBe(0);
    const reps = join(scratch.path, 'solo-reps.csv');
    writeFileSync(reps, 'Id,Name,Role,Hire Date\n0055e000009SolAAS,Sol Reyes,AE,2024-03-04\n');
    const imported = await cli('import', reps, '--workspace', 'solo');
    expect(imported.code, imported.stderr).toBe(0);
    const run = await cli('reps', '--workspace', 'solo');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^1 rep, 1 employed on 2026-11-27; quota for FY2027-Q4 /);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

const AS_OF = ['--as-of', '2026-11-27'];
const WIDTH = 110;

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  const demo = ['--reps', '20', '--opportunities', '1500', '--seed', '7', ...AS_OF];
  expect((await cli('demo', ...demo)).code).toBe(0);
}, 120_000);
afterAll(() => scratch.remove());

/** The lines of a run's stdout and stderr wider than the terminal's 110 columns. */
function wideLines(run: { stdout: string; stderr: string }): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.length > WIDTH);
}

describe('plan in the terminal keeps within 110 columns', () => {
  it('every step, from a new plan to a diff of two versions and activation, on the demo workspace', async () => {
    // Each step as a planner runs it, in the default text format: the tables of segment, capacity (with the CRM's
    // ramped quota noted on stderr), territories (with its moved accounts, and the no-rules warning on stderr),
    // quotas (the CRM's reps have no OTE) and a diff of thousands of moves and every quota.
    const step = async (...args: string[]) => {
      const run = await cli('plan', ...args, ...AS_OF);
      expect(run.code, run.stderr).toBe(0);
      expect(wideLines(run), `salesops plan ${args.join(' ')}`).toEqual([]);
      return run;
    };
    await step('new', 'FY2028', '--from', 'empty');
    await step('list');
    await step('segment', 'FY2028');
    await step('capacity', 'FY2028', '--target', '24000000');
    await step('territories', 'FY2028');
    const quotas = await step('quotas', 'FY2028');
    // Version 2 takes a rep file: the CRM's reps with an OTE each, and two new hires with long names still ramping,
    // so that its quotas show Q:OTE and ramp factors below 100%, and the diff a headcount change.
    const ids = [...quotas.stdout.matchAll(/\((REP-\d{4})\)/g)].map((match) => match[1]!);
    const reps = join(scratch.path, 'reps.csv');
    writeFileSync(
      reps,
      [
        'id,name,role,hire date,ote',
        ...[...new Set(ids)].slice(1).map((id) => `${id},Rep ${id},ae,2020-01-06,150000`),
        'NEW-1,Maximiliana Featherstonehaugh-Oyelaran,ae,2027-02-01,180000',
        'NEW-2,Bartholomew Wolstenholme-Nakagawa,isr,2027-03-01,90000',
      ].join('\n'),
    );
    await step('new', 'FY2028-v2', '--from', 'FY2028');
    await step('territories', 'FY2028-v2', '--reps', reps, '--allow-moves');
    await step('quotas', 'FY2028-v2', '--method', 'blend');
    const diff = await step('diff', 'FY2028-v2', 'FY2028');
    expect(diff.stdout).toContain('Account moves');
    expect(diff.stdout).toContain('NEW-1');
    // The Territory Plan as the terminal shows it: its quota table's basis wrapped under its column.
    const report = await step('report', 'FY2028-v2');
    expect(report.stdout).toMatch(/^Territory Plan: FY2028-v2\n/);
    await step('activate', 'FY2028');
    await step('list');
  }, 120_000);
});

describe('plan tables with long rep names', () => {
  it('name the reps by id, every full name under the table, within 110 columns: territories, quotas, report', async () => {
    // Names of 60 to 150 letters: a one-table row would pass 110 columns from about 56; the longest wraps in the key.
    const names = new Map([
      ['LONG-1', 'Maximiliana Featherstonehaugh-Oyelaran de la Cruz y Montgomery'],
      ['LONG-2', 'Bartholomew Wolstenholme-Nakagawa of the Northern Enterprise Accounts'],
      [
        'LONG-3',
        'Anastasia Konstantinopoulou-Vandersteen, Regional Vice President of Strategic Partnerships for the ' +
          'Central and Eastern European Markets',
      ],
    ]);
    const reps = join(scratch.path, 'long-names.csv');
    writeFileSync(reps, ['id,name,role', ...[...names].map(([id, name]) => `${id},"${name}",ae`)].join('\n'));
    expect((await cli('plan', 'new', 'LONG', '--from', 'empty', ...AS_OF)).code).toBe(0);
    const run = await cli('plan', 'territories', 'LONG', '--reps', reps, ...AS_OF);
    expect(run.code, run.stderr).toBe(0);
    expect(wideLines(run)).toEqual([]);
    const lines = run.stdout.split('\n');
    // Each rep's figures on its row, headed by its id.
    const header = lines.findIndex((line) => /^Rep +Role +Accounts/.test(line));
    expect(lines.slice(header + 2, header + 5).map((line) => line.split(/ +/)[0])).toEqual([...names.keys()]);
    // Every name whole under the table, against its id (the longest wrapped under itself).
    const key = lines.slice(lines.indexOf('Reps by id:') + 1).join('\n');
    expect(key).toMatch(/^ {2}LONG-1 {2}Maximiliana Featherstonehaugh-Oyelaran de la Cruz y Montgomery\n/);
    const spoken = key.replace(/\s+/g, ' ');
    for (const [id, name] of names) expect(spoken).toContain(`${id} ${name}`);
    // The quota table and the Territory Plan's, named by id alike, the names under them.
    expect(
      (await cli('plan', 'capacity', 'LONG', '--target', '5000000', '--quota', '900000', ...AS_OF)).code,
    ).toBe(0);
    for (const args of [
      ['quotas', 'LONG'],
      ['report', 'LONG'],
    ]) {
      const tables = await cli('plan', ...args, ...AS_OF);
      expect(tables.code, tables.stderr).toBe(0);
      expect(wideLines(tables), `salesops plan ${args.join(' ')}`).toEqual([]);
      const said = tables.stdout.replace(/\s+/g, ' ');
      for (const [id, name] of names) expect(said, args[0]).toContain(`${id} ${name}`);
    }
  }, 60_000);
});

describe('plan errors keep within 110 columns', () => {
  it('the fixes of a plan without its steps, an unfinished or existing plan, and bad rep and rules files', async () => {
    const failing = async (...args: string[]) => {
      const run = await cli('plan', ...args, ...AS_OF);
      expect(run.code, `salesops plan ${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(wideLines(run), `salesops plan ${args.join(' ')}`).toEqual([]);
      return run.stderr;
    };
    expect((await cli('plan', 'new', 'BARE', '--from', 'empty', ...AS_OF)).code).toBe(0);
    // No target (the example a flat year of the demo's won revenue), and no territories.
    expect(await failing('capacity', 'BARE')).toMatch(
      /fix: pass it, e\.g\. `salesops plan capacity BARE --target \d+ --workspace acme`/,
    );
    expect(await failing('quotas', 'BARE')).toContain('plan BARE has no territories yet');
    expect(await failing('activate', 'BARE')).toContain('cannot be activated without territories and quotas');
    expect(await failing('new', 'BARE', '--from', 'empty')).toContain(
      'fix: change it with the plan steps, or copy it:',
    );
    // Each file named as a user in the workspace's folder would type it.
    const file = (name: string, text: string) => {
      writeFileSync(join(scratch.path, name), text);
      return name;
    };
    const unknownColumn = file('reps-columns.csv', 'id,name,role,quota share\nR1,Ann,ae,1\n');
    expect(await failing('territories', 'BARE', '--reps', unknownColumn)).toContain(
      "fix: remove it, or head it as one of the columns of a rep file the command's --help lists",
    );
    const misspelt = file('reps-misspelt.csv', 'id,name,role,hire dat\nR1,Ann,ae,2020-01-06\n');
    expect(await failing('territories', 'BARE', '--reps', misspelt)).toContain(
      'fix: did you mean hire date?',
    );
    const conditions = file(
      'rules-conditions.yaml',
      'rules:\n  - name: A\n    when: ["headcount > 5"]\n    assign: { roles: [ae] }\n' +
        '  - name: B\n    when: ["segment Enterprise"]\n    assign: { roles: [ae] }\n',
    );
    const rules = await failing('territories', 'BARE', '--rules', conditions);
    expect(rules).toContain(
      'fix: start with a field: segment, region, tier, country, industry, employees, revenue',
    );
    expect(rules).toContain('fix: write e.g. "segment is Enterprise"');
  }, 60_000);
});

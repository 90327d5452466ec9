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

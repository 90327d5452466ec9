/**
 * What a newcomer reads on a first walk through the CLI: empty workspaces say how to fill them, the demo says who
 * its reps are, plan commands suggest names and steps that work, and `route` says whether it kept its turns.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './run-cli.js';

const PLANNING = join(import.meta.dirname, '..', 'fixtures', 'planning');
const AS_OF = ['--as-of', '2026-11-27'];

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) =>
  runCli([...args, '--workspace', 'acme'], { cwd: scratch.path, env: { SALESOPS_USER: 'ana' } });

let demo: Awaited<ReturnType<typeof cli>>;

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'empty'], { cwd: scratch.path })).code).toBe(0);
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  demo = await cli('demo', '--reps', '12', '--opportunities', '600', '--seed', '5', ...AS_OF);
  expect(demo.code).toBe(0);
}, 120_000);
afterAll(() => scratch.remove());

describe('an empty workspace', () => {
  it('status says how to fill it', async () => {
    const run = await runCli(['status', '--workspace', 'empty'], { cwd: scratch.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Next: fill it with CRM data');
    expect(run.stdout).toMatch(/salesops import <files\.\.\.> --workspace \S*empty/);
    expect(run.stdout).toMatch(/salesops demo --workspace \S*empty/);
  });

  it('audit says its score of 100 audits nothing, and how to import', async () => {
    const run = await runCli(['audit', '--workspace', 'empty', ...AS_OF], { cwd: scratch.path });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'no deals or accounts exist on 2026-11-27, so the score of 100 audits nothing',
    );
    expect(run.stderr).toContain('salesops import <files>');
  });
});

describe('a filled workspace', () => {
  it('the demo says --reps is the team on the as-of day and the rest are leavers', async () => {
    const status = await cli('status', '--format', 'json');
    const reps = (JSON.parse(status.stdout) as { counts: { reps: number } }).counts.reps;
    expect(reps).toBeGreaterThan(12);
    expect(demo.stderr).toContain(
      `Demo: 12 people on the sales team on 2026-11-27 (--reps) and ${reps - 12} who left before it, ${reps} reps in all.`,
    );
    expect(status.stdout).not.toContain('Next: fill it');
  });

  it('audit of data says nothing about an empty workspace', async () => {
    const run = await cli('audit', ...AS_OF);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('audits nothing');
  });
});

describe('plan commands name what works', () => {
  it('plan list without plans suggests the year after --as-of, not one under way', async () => {
    const run = await cli('plan', 'list', ...AS_OF);
    expect(run.stdout).toContain(
      'No plans yet: start one with `salesops plan new FY2028 --from empty --workspace acme`.',
    );
  });

  it('plan new without --from says --from defaults to active', async () => {
    const run = await cli('plan', 'new', ...AS_OF);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no active plan to start from (--from is active unless given)');
    expect(run.stderr).toContain('salesops plan new FY2028 --from empty');
  });

  it('plan new does not repeat a year that is the name, and says the year of one that is not', async () => {
    const named = await cli('plan', 'new', '--from', 'empty', ...AS_OF);
    expect(named.stdout).toContain('Plan FY2028 is in planning, started from empty.');
    const other = await cli('plan', 'new', 'stretch', '--from', 'empty', ...AS_OF);
    expect(other.stdout).toContain('Plan stretch (fiscal year FY2028) is in planning');
  });

  it('a --year that is no fiscal period is placed at --year', async () => {
    const run = await cli('plan', 'new', 'odd', '--from', 'empty', '--year', '2029', ...AS_OF);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --year: "2029" is not a fiscal period');
  });

  it('an unknown plan offers `active` only when a plan is active', async () => {
    const run = await cli('plan', 'segment', 'FY2099', ...AS_OF);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no plan "FY2099"');
    expect(run.stderr).toContain('fix: name one of: FY2028, stretch\n');
  });

  it('the hiring plan names fiscal months', async () => {
    const run = await cli('plan', 'capacity', 'FY2028', '--target', '6000000', '--quota', '900000', ...AS_OF);
    expect(run.code).toBe(0);
    const months = run.stdout.split('Hiring plan by month')[1] ?? '';
    expect(months).toMatch(/^FY2028-M01 /m);
    expect(months).toMatch(/^FY2028-M12 /m);
    expect(months).not.toMatch(/^ +1 /m);
  });

  it('a rep over its cap says which cap, with plurals right', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2028',
      '--reps',
      join(PLANNING, 'reps-over-cap.csv'),
      ...AS_OF,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'rep REP-0006 has 2 pinned accounts and 0 retained customers, more than its cap of 1 account',
    );
    expect(run.stderr).toContain("raise the rep's `max accounts` in the rep file");
  });

  it('plan diff refuses to compare a plan with itself, and compares two', async () => {
    expect((await cli('plan', 'territories', 'FY2028', ...AS_OF)).code).toBe(0);
    const self = await cli('plan', 'diff', 'FY2028', 'FY2028', ...AS_OF);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain('a plan has no changes against itself');
    expect(self.stderr).toContain('salesops plan diff FY2028 stretch');
    // stretch has no territories yet: its accounts are not compared (rather than all listed as leaving).
    const early = await cli('plan', 'diff', 'FY2028', 'stretch', ...AS_OF);
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(
      /^Plan FY2028 against stretch: accounts not compared, quotas not compared$/m,
    );
    expect((await cli('plan', 'territories', 'stretch', ...AS_OF)).code).toBe(0);
    const other = await cli('plan', 'diff', 'FY2028', 'stretch', ...AS_OF);
    expect(other.code).toBe(0);
    expect(other.stdout).toMatch(/^Plan FY2028 against stretch: [\d,]+ account moves/m);
  });
});

describe('salesops route says whether it kept its turns', () => {
  it('--dry-run leaves the ledger, a real run saves it', async () => {
    await cli('plan', 'quotas', 'FY2028', ...AS_OF);
    const leads = join(PLANNING, 'leads.csv');
    const dry = await cli('route', leads, '--plan', 'FY2028', '--dry-run', ...AS_OF);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Dry run: the routing ledger of plan FY2028 is unchanged');
    const saved = await cli('route', leads, '--plan', 'FY2028', ...AS_OF);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('Saved the routing ledger of plan FY2028');
  });
});

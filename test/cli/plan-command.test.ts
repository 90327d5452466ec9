import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTarget, signedPercent } from '../../src/cli/commands/plan.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { fitsTerminal } from '../../src/reports/table.js';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'planning');
const fixture = (name: string) => join(FIXTURES, name);
const AS_OF = ['--as-of', '2026-11-27'];
/** Terminal prose as printed, wrapped at 110 columns under a two-space hanging indent, joined back. */
const unwrapped = (text: string) => text.replace(/\n {2}(?=\S)/g, ' ');

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) =>
  runCli([...args, '--workspace', 'acme'], { cwd: scratch.path, env: { SALESOPS_USER: 'ana' } });

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  const demo = ['--reps', '20', '--opportunities', '1500', '--seed', '7', ...AS_OF];
  expect((await cli('demo', ...demo)).code).toBe(0);
}, 120_000);
afterAll(() => scratch.remove());

/** The plan's stored body, through plan list and report --format json. */
async function listed() {
  const run = await cli('plan', 'list', '--format', 'json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { name: string; state: string; revision: number; from: string }[];
}

describe('salesops plan, step by step on the demo workspace', () => {
  it('refuses to start from an active plan when there is none, and names the fix', async () => {
    const run = await cli('plan', 'new', 'FY2027');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no active plan to start from');
    expect(run.stderr).toContain('salesops plan new FY2027 --from empty');
  });

  it('starts an empty plan in planning, once', async () => {
    const run = await cli('plan', 'new', 'FY2027', '--from', 'empty');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan FY2027 is in planning, started from empty.');
    const again = await cli('plan', 'new', 'FY2027', '--from', 'empty');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('plan FY2027 exists already');
    expect(await listed()).toMatchObject([{ name: 'FY2027', state: 'planning', revision: 1, from: 'empty' }]);

    // A name that is not a fiscal year plans the year after the one --as-of is in, unless --year says: the demo's
    // fiscal year starts in February and is named by its end, so 2026-11-27 is in FY2027.
    const named = await cli('plan', 'new', 'stretch', '--from', 'empty', ...AS_OF);
    expect(named.stdout).toContain('Plan stretch (fiscal year FY2028) is in planning');
    const quarter = await cli('plan', 'new', 'odd', '--from', 'empty', '--year', 'FY2027-Q1');
    expect(quarter.code).toBe(2);
    expect(quarter.stderr).toContain('FY2027-Q1 is not a fiscal year');
    const reserved = await cli('plan', 'new', 'active', '--from', 'empty');
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('"active" cannot name a plan');
  });

  it('segments the book into tiers with potential, current ARR and whitespace, and the coverage model', async () => {
    const run = await cli('plan', 'segment', 'FY2027', ...AS_OF, '--format', 'json');
    expect(run.code).toBe(0);
    const { segmentation, coverage } = JSON.parse(run.stdout) as {
      segmentation: {
        tiers: { tier: string; count: number; potential: number; currentArr: number; whitespace: number }[];
        total: { count: number; potential: number; currentArr: number; whitespace: number };
      };
      coverage: { lines: { tier: string; role: string; accounts: number; needed: number }[] };
    };
    expect(segmentation.tiers.map((tier) => tier.tier)).toEqual(['Tier 1', 'Tier 2', 'Tier 3']);
    expect(segmentation.tiers.reduce((sum, tier) => sum + tier.count, 0)).toBe(segmentation.total.count);
    for (const tier of segmentation.tiers) {
      expect(tier.whitespace).toBeGreaterThanOrEqual(tier.potential - tier.currentArr);
    }
    // Tier 1 is one AM per 25 accounts (salesops.yaml's default coverage).
    const tier1 = coverage.lines[0]!;
    expect(tier1).toMatchObject({ tier: 'Tier 1', role: 'am' });
    expect(tier1.needed).toBe(Math.ceil(tier1.accounts / 25));
    const table = await cli('plan', 'segment', 'FY2027', ...AS_OF);
    expect(table.stdout).toContain('Tier 1 (Strategic)');
    expect(table.stdout).toContain('Whitespace');
    // Under the tiers, the Whitespace column's definition with the book's figures (whole dollars).
    const { potential, currentArr, whitespace } = segmentation.total;
    const dollars = (cents: number) => `$${Math.round(cents / 100).toLocaleString('en-US')}`;
    expect(whitespace).toBeGreaterThan(potential - currentArr);
    const note = `its total, ${dollars(whitespace)}, exceeds Potential ARR - Current ARR (${dollars(potential - currentArr)}) by ${dollars(whitespace - (potential - currentArr))}.`;
    expect(unwrapped(table.stdout)).toContain(note);
    const markdown = await cli('plan', 'segment', 'FY2027', ...AS_OF, '--format', 'md');
    expect(markdown.stdout).toMatch(
      /\| Tier 3 \(Develop\) \|.*\|\n\nWhitespace = the sum of each account's potential/,
    );
    const csv = await cli('plan', 'segment', 'FY2027', ...AS_OF, '--format', 'csv');
    expect(csv.stdout).not.toContain('Whitespace =');
  });

  it("refuses a target of 0, and without a ramped quota configured takes the CRM's own, saying so", async () => {
    const zero = await cli('plan', 'capacity', 'FY2027', '--target', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--target must be an amount greater than 0 in USD (got "0")');
    const noQuota = await cli('plan', 'capacity', 'FY2027', '--target', '24000000', ...AS_OF);
    expect(noQuota.code, noQuota.stderr).toBe(0);
    const note =
      /Ramped quota (\$[\d,]+): the median FY2027 quota of (\d+) ramped reps on the CRM \(--quota, or planning\.capacity\.rampedQuota in salesops\.yaml, sets another\)\./.exec(
        unwrapped(noQuota.stderr),
      );
    expect(note, noQuota.stderr).not.toBeNull();
    expect(Number(note![2])).toBeGreaterThan(0);
    expect(noQuota.stdout).toContain(`target $24,000,000, ramped quota ${note![1]}`);
  });

  it('plans capacity for a target: reps needed, team capacity and hires by scenario', async () => {
    const run = await cli(
      'plan',
      'capacity',
      'FY2027',
      '--target',
      '24000000',
      '--quota',
      '900000',
      ...AS_OF,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('target $24,000,000, ramped quota $900,000');
    expect(run.stdout).toMatch(/base\s+85\.0%/);
    expect(run.stdout).toContain('Hiring plan by month (base scenario):');
  });

  it('refuses a rep file with an unknown role, naming file, line and column', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2027',
      '--reps',
      fixture('reps-unknown-role.csv'),
      ...AS_OF,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${fixture('reps-unknown-role.csv')}:3:3: "wizard" is not a rep role`);
    expect(run.stderr).toContain('write one of vp, manager, ae, am, isr, sdr, se, other');
  });

  it('refuses an account pinned to two reps, naming both', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2027',
      '--reps',
      fixture('reps-contradictory-pins.csv'),
      ...AS_OF,
    );
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toContain(
      `${fixture('reps-contradictory-pins.csv')}:3:4: account ACC-000008 is pinned to rep REP-0011 here and to rep REP-0006 on line 2`,
    );
  });

  it('refuses more named accounts than a rep may hold, naming what to relax', async () => {
    const run = await cli('plan', 'territories', 'FY2027', '--reps', fixture('reps-over-cap.csv'), ...AS_OF);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('REP-0006');
    expect(run.stderr).toMatch(/fix: .*(raise|unpin|max)/i);
  });

  it('refuses rules with bad logic at the line of the logic and the column of the mistake', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2027',
      '--reps',
      fixture('reps.csv'),
      '--rules',
      fixture('rules-bad-logic.yaml'),
      ...AS_OF,
    );
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toContain(
      `${fixture('rules-bad-logic.yaml')}:4:5: logic "(1 AND 2": expected ")" at the end (column 9)`,
    );
  });

  it('assigns every account to exactly one rep of the roster, pins kept, with reasons', async () => {
    const run = await cli(
      'plan',
      'territories',
      'FY2027',
      '--reps',
      fixture('reps.csv'),
      '--rules',
      fixture('rules.yaml'),
      '--allow-moves',
      ...AS_OF,
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      territories: { reps: { id: string; accounts: number }[] };
      assignments: { accountId: string; repId: string; basis: string; tier: string; reason: string }[];
    };
    const ids = body.assignments.map((assignment) => assignment.accountId);
    expect(new Set(ids).size).toBe(ids.length);
    const roster = new Set([
      'REP-0006',
      'REP-0011',
      'REP-0012',
      'REP-0014',
      'REP-0015',
      'REP-0018',
      'REP-0023',
      'NEW-1',
    ]);
    expect(body.assignments.every((assignment) => roster.has(assignment.repId))).toBe(true);
    expect(body.assignments.find((assignment) => assignment.accountId === 'ACC-000008')).toMatchObject({
      repId: 'REP-0006',
      basis: 'pinned',
      reason: 'named account pinned to Hiro Wang',
    });
    // The rules: Tier 1 accounts only to AEs and AMs (not the ISRs REP-0014 and REP-0015).
    const isrs = new Set(['REP-0014', 'REP-0015']);
    expect(body.assignments.filter((a) => a.tier === 'Tier 1' && isrs.has(a.repId))).toEqual([]);
    expect(body.assignments.every((assignment) => assignment.reason.length > 0)).toBe(true);
    const perRep = body.territories.reps.reduce((sum, rep) => sum + rep.accounts, 0);
    expect(perRep).toBe(ids.length);
  });

  it('heads the moved accounts by what they moved from and where all of them are, not plan diff', async () => {
    const args = [
      'plan',
      'territories',
      'FY2027',
      '--reps',
      fixture('reps.csv'),
      '--rules',
      fixture('rules.yaml'),
    ];
    const json = await cli(...args, '--allow-moves', ...AS_OF, '--format', 'json');
    const moved = (
      JSON.parse(json.stdout) as { assignments: { basis: string; previousRepId: string }[] }
    ).assignments.filter((assignment) => assignment.basis === 'moved');
    expect(moved.length).toBeGreaterThan(0);
    const text = await cli(...args, '--allow-moves', ...AS_OF);
    expect(text.code, text.stderr).toBe(0);
    // plan diff compares two plans' books: it cannot list moves from the CRM's owners (nor run without an active plan).
    expect(text.stdout).toContain(
      `\nMoved accounts (${moved.length} from their owner in the CRM; each in --format json, with its previous rep):\n`,
    );
    expect(text.stdout).not.toContain('plan diff');
  });

  it('refuses quotas before a plan has territories and a target, then sets them summing to target + buffer', async () => {
    expect((await cli('plan', 'new', 'bare', '--from', 'empty')).code).toBe(0);
    const early = await cli('plan', 'quotas', 'bare', ...AS_OF);
    expect(early.code).toBe(2);
    // The example target is a flat year: $3,121,247 won in the 12 months to 2026-11-27 (the Territory Plan's current
    // ARR below), to two significant digits.
    expect(early.stderr).toBe(
      [
        'error: plan bare has no revenue target yet',
        '  fix: set one first: `salesops plan capacity bare --target 3100000 --workspace acme`',
        'plan bare has no territories yet',
        '  fix: assign them first: `salesops plan territories bare --workspace acme`',
        '',
      ].join('\n'),
    );
    const run = await cli('plan', 'quotas', 'FY2027', '--method', 'blend', ...AS_OF, '--format', 'json');
    expect(run.code).toBe(0);
    const { quotas } = JSON.parse(run.stdout) as {
      quotas: { assigned: number; reps: { quota: number; quarters: number[] }[] };
    };
    // $24,000,000 + 10% over-assignment, in cents.
    expect(quotas.assigned).toBe(2_640_000_000);
    expect(quotas.reps.reduce((sum, rep) => sum + rep.quota, 0)).toBe(2_640_000_000);
    for (const rep of quotas.reps) expect(rep.quarters.reduce((sum, q) => sum + q, 0)).toBe(rep.quota);
    const topDown = await cli('plan', 'quotas', 'FY2027', '--method', 'top-down', ...AS_OF);
    expect(topDown.code).toBe(0);
    expect(topDown.stdout).toContain('assigned by potential');
    // The rep file has no ote column: say what supplies Quota:OTE rather than print n/a alone.
    expect(unwrapped(topDown.stdout)).toContain(
      "Quota:OTE is n/a where no rep has an OTE: the rep file's `ote` column supplies it (`salesops plan territories FY2027 --reps reps.csv",
    );
  });

  it('diffs against the active plan only once there is one', async () => {
    const none = await cli('plan', 'diff', 'FY2027', 'active');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no plan is active in this workspace');
  });

  it('refuses to activate an unfinished plan, then activates FY2027 with an audit entry', async () => {
    const unfinished = await cli('plan', 'activate', 'bare');
    expect(unfinished.code).toBe(2);
    expect(unfinished.stderr).toContain(
      'cannot be activated without territories and quotas\n  fix: run plan territories, then plan quotas,',
    );
    const run = await cli('plan', 'activate', 'FY2027');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Plan FY2027 is active (by ana).\n');
    const workspace = await openWorkspace(join(scratch.path, 'acme'));
    try {
      expect(await workspace.store.auditLog({ subject: 'plan_version:FY2027' })).toMatchObject([
        { actor: 'ana', action: 'plan.activate', at: '2026-11-27', detail: { archived: null } },
      ]);
    } finally {
      await workspace.close();
    }
    const state = (await listed()).find((plan) => plan.name === 'FY2027');
    expect(state).toMatchObject({ state: 'active' });
    const edit = await cli('plan', 'segment', 'FY2027', ...AS_OF);
    expect(edit.code).toBe(2);
    expect(edit.stderr).toContain('plan FY2027 is active; only a plan in planning can change');
  });

  it('starts FY2028 from the active plan, re-balances a changed team, diffs and activates it, archiving FY2027', async () => {
    expect((await cli('plan', 'new', 'FY2028')).stdout).toContain('started from FY2027');
    // FY2028 keeps FY2027's target: segment's next step runs capacity on it rather than on an example.
    const segment = await cli('plan', 'segment', 'FY2028', ...AS_OF);
    expect(unwrapped(segment.stdout).trimEnd().split('\n').at(-1)).toBe(
      "Next, the reps a revenue target needs (the plan's target, $24,000,000; --target sets another): salesops plan capacity FY2028 --workspace acme",
    );
    const same = await cli('plan', 'diff', 'FY2028', 'active', '--format', 'json');
    expect(JSON.parse(same.stdout)).toMatchObject({ moves: [], quotaChanges: [], headcount: [] });
    const args = ['--reps', fixture('reps-fy2028.csv'), '--allow-moves', ...AS_OF];
    expect((await cli('plan', 'territories', 'FY2028', ...args)).code).toBe(0);
    expect((await cli('plan', 'quotas', 'FY2028', '--method', 'even', ...AS_OF)).code).toBe(0);
    const diff = await cli('plan', 'diff', 'FY2028', 'active', '--format', 'json');
    const body = JSON.parse(diff.stdout) as {
      moves: { accountId: string; fromRepId: string; toRepId: string; reason: string }[];
      quotaChanges: { repId: string; from: number | null; to: number | null; reason: string }[];
      headcount: { role: string; from: number; to: number; added: string[]; removed: string[] }[];
    };
    // NEW-1 and REP-0023 (AMs) leave, NEW-2 (an AE) joins.
    expect(body.headcount).toEqual([
      { role: 'ae', from: 3, to: 4, added: ['NEW-2'], removed: [] },
      { role: 'am', from: 3, to: 1, added: [], removed: ['REP-0023', 'NEW-1'] },
    ]);
    const leavers = new Set(['NEW-1', 'REP-0023']);
    expect(
      body.moves.filter((move) => leavers.has(move.fromRepId)).every((move) => move.toRepId !== null),
    ).toBe(true);
    expect(body.moves.every((move) => move.reason.length > 0)).toBe(true);
    expect(body.quotaChanges.find((change) => change.repId === 'NEW-1')).toMatchObject({
      to: null,
      reason: 'no quota in plan FY2028 (not on its roster)',
    });
    // Even split: $26.4M over 7 reps.
    const newHire = body.quotaChanges.find((change) => change.repId === 'NEW-2');
    expect(newHire?.from).toBeNull();
    const table = await cli('plan', 'diff', 'FY2028', 'FY2027');
    expect(table.stdout).toContain('Account moves');
    expect(table.stdout).toContain('Headcount');
    // Each quota change signed, a raise with + as a cut with -: From, To and Change after the rep.
    const quotaTable = table.stdout.slice(
      table.stdout.indexOf('Quota changes'),
      table.stdout.indexOf('Headcount'),
    );
    const changes = body.quotaChanges.filter((change) => change.from !== null && change.to !== null);
    expect(changes.some((change) => change.to! > change.from!)).toBe(true);
    for (const change of changes) {
      const line = quotaTable.split('\n').find((text) => text.includes(`(${change.repId})`)) ?? '';
      const shown = /\)\s+\S+\s+\S+\s+(\S+)/.exec(line)?.[1] ?? '';
      const sign = change.to! > change.from! ? '+' : change.to! < change.from! ? '-' : '$';
      expect(shown, line).toMatch(new RegExp(`^\\${sign}`));
    }
    // A plan without territories and quotas is not one that drops every account, rep and quota: not compared.
    const bare = await cli('plan', 'diff', 'bare', 'FY2027');
    expect(bare.stdout).toBe(
      [
        'Plan bare against FY2027: accounts not compared, quotas not compared',
        '',
        'Account moves',
        'Not compared: plan bare has no territories yet (`salesops plan territories bare --workspace acme`).',
        '',
        'Quota changes',
        'Not compared: plan bare has no quotas yet (`salesops plan quotas bare --workspace acme`).',
        '',
        'Headcount',
        // Wrapped at 110 columns; a command is never cut.
        'Not compared: plan bare has no team (set with its territories) yet',
        '  (`salesops plan territories bare --workspace acme`).',
        '',
      ].join('\n'),
    );
    const run = await cli('plan', 'activate', 'FY2028');
    expect(run.stdout).toBe('Plan FY2028 is active; FY2027 is archived (by ana).\n');
    const states = Object.fromEntries((await listed()).map((plan) => [plan.name, plan.state]));
    expect(states).toEqual({ FY2027: 'archived', FY2028: 'active', bare: 'planning', stretch: 'planning' });
  });
});

describe('plan and route --help', () => {
  const steps = ['new', 'list', 'segment', 'capacity', 'territories', 'quotas', 'diff', 'report', 'activate'];
  it.each(steps)('plan %s --help ends with examples of that step', async (step) => {
    const run = await runCli(['plan', step, '--help'], { cwd: scratch.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\nExamples:\\n  \\$ salesops plan ${step}\\b`));
  });

  it("plan diff --help states [against]'s default once", async () => {
    const run = await runCli(['plan', 'diff', '--help'], { cwd: scratch.path });
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('against the plan to compare with (default: "active")');
    expect(run.stdout.match(/default/g)).toHaveLength(1);
  });

  it('route --help ends with examples', async () => {
    const run = await runCli(['route', '--help'], { cwd: scratch.path });
    expect(run.stdout).toContain('Examples:\n  $ salesops route leads.csv --plan active');
  });
});

describe('signedPercent (the deviations of plan territories)', () => {
  it('signs a deviation to two decimals, and shows one that rounds to zero as 0.00%, not -0.00%', () => {
    expect(signedPercent(0.0123)).toBe('+1.23%');
    expect(signedPercent(-0.0123)).toBe('-1.23%');
    expect(signedPercent(-0.00001)).toBe('0.00%');
    expect(signedPercent(0.00001)).toBe('0.00%');
    expect(signedPercent(0)).toBe('0.00%');
  });
});

describe('exampleTarget (the first capacity run plan segment suggests)', () => {
  it('is the 12 months of won revenue to two significant digits (a flat year), and none where nothing was won', () => {
    expect(exampleTarget(50_016_966.4)).toBe(50_000_000);
    expect(exampleTarget(1_249_000)).toBe(1_200_000);
    expect(exampleTarget(1_250_000)).toBe(1_300_000);
    expect(exampleTarget(583_205)).toBe(580_000);
    expect(exampleTarget(96_500)).toBe(97_000);
    expect(exampleTarget(7.4)).toBe(7);
    expect(exampleTarget(0)).toBeNull();
    expect(exampleTarget(0.5)).toBeNull();
  });
});

describe('salesops plan territories --exact', () => {
  it('refuses a time limit of 0 for HiGHS', async () => {
    const args = ['plan', 'territories', 'stretch', '--reps', fixture('reps.csv'), '--allow-moves', ...AS_OF];
    const zero = await cli(...args, '--exact', '--time-limit', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--time-limit must be a number of seconds above 0 (got "0")');
  });
});

describe('salesops plan report', () => {
  it('names the missing steps in the terminal as commands to paste, with the workspace', async () => {
    expect((await cli('plan', 'new', 'bare-report', '--from', 'empty')).code).toBe(0);
    const run = await cli('plan', 'report', 'bare-report', ...AS_OF);
    expect(run.code, run.stderr).toBe(0);
    const from = run.stdout.indexOf('Not yet in this plan: ');
    const missing = run.stdout.slice(from, run.stdout.indexOf('\n\n', from));
    const commands = [...missing.matchAll(/`([^`]*)`/g)].map((match) => match[1]);
    expect(commands).toEqual([
      'salesops plan segment bare-report --workspace acme',
      'salesops plan capacity bare-report --target ... --workspace acme',
      'salesops plan territories bare-report --workspace acme',
      'salesops plan quotas bare-report --workspace acme',
    ]);
    expect(fitsTerminal(run.stdout), run.stdout).toBe(true);
  });

  it('says inbound leads go round-robin to any rep while the plan has no rules, not "by the rules below"', async () => {
    expect((await cli('plan', 'new', 'no-rules-report', '--from', 'empty')).code).toBe(0);
    const run = await cli('plan', 'report', 'no-rules-report', '--format', 'md', ...AS_OF);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "- **Inbound leads**: Round-robin among all the plan's reps: it has no assignment rules yet to route by company size and location\n",
    );
    expect(run.stdout).not.toContain('Rules, by priority');
  });

  it('writes the Territory Plan in Markdown with the role document sections (snapshot)', async () => {
    const run = await cli('plan', 'report', 'FY2027', '--format', 'md', ...AS_OF);
    expect(run.code).toBe(0);
    for (const section of [
      '# Territory Plan: FY2027',
      '## Territory Overview',
      '## Account Segmentation',
      '| Tier | Count | Potential ARR | Current ARR | Whitespace | Strategy |',
      '## Sales Coverage Model',
      '## Quota Allocation',
      '| Rep | Tier Focus | Account Count | Quota | Quota Basis |',
      '## Account Assignment Rules',
      '## Success Metrics',
    ]) {
      expect(run.stdout).toContain(section);
    }
    expect(run.stdout).toMatchSnapshot();
  });

  it('writes one self-contained HTML page with CRM text escaped', async () => {
    const run = await cli('plan', 'report', 'FY2027', '--format', 'html', ...AS_OF);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(run.stdout).toContain('Nora &lt;b&gt;New&lt;/b&gt;');
    expect(run.stdout).not.toContain('<b>New</b>');
    expect(run.stdout).not.toMatch(/<script|https?:\/\//);
  });

  it('writes JSON with money in minor units, and refuses csv', async () => {
    const run = await cli('plan', 'report', 'FY2027', '--format', 'json', ...AS_OF);
    const body = JSON.parse(run.stdout) as { moneyUnit: string; quotas: { total: number } };
    expect(body.moneyUnit).toBe('minor');
    expect(body.quotas.total).toBe(2_640_000_000);
    const csv = await cli('plan', 'report', 'FY2027', '--format', 'csv');
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain('the Territory Plan has no csv form');
  });
});

describe('salesops route', () => {
  it('routes leads by the plan: named accounts pre-assigned, new ones round-robin within tier, capped', async () => {
    const run = await cli('route', fixture('leads.csv'), '--plan', 'FY2027', ...AS_OF, '--format', 'json');
    expect(run.code).toBe(0);
    const decisions = JSON.parse(run.stdout) as {
      leadId: string;
      repId: string;
      basis: string;
      reason: string;
    }[];
    // Weights 2:1 for Leo (REP-0014) and Grace (REP-0015), by smooth weighted round-robin: L, G, L, L.
    expect(decisions.map((decision) => [decision.leadId, decision.repId, decision.basis])).toEqual([
      ['L-1', 'REP-0006', 'named_account'],
      ['L-2', 'REP-0014', 'round_robin'],
      ['L-3', 'REP-0015', 'round_robin'],
      ['L-4', 'REP-0014', 'round_robin'],
      ['L-5', 'REP-0014', 'round_robin'],
      ['L-6', 'REP-0006', 'round_robin'],
    ]);
    expect(decisions[1]?.reason).toContain('rule "Small companies to inside sales"');
  });

  it('refuses leads the ledger holds already, each named with its line, and routes nothing', async () => {
    const again = await cli('route', fixture('leads.csv'), '--plan', 'FY2027', ...AS_OF);
    expect(again.code).toBe(2);
    const file = fixture('leads.csv');
    const held = (line: number, lead: string, rep: string) =>
      `${file}:${line}: lead ${lead} was routed already, to ${rep} (plan FY2027's routing ledger)\n`;
    expect(unwrappedProblems(again.stderr)).toBe(
      `error: ${held(2, 'L-1', 'Hiro Wang (REP-0006)')}` +
        held(3, 'L-2', 'Leo Torres (REP-0014)') +
        held(4, 'L-3', 'Grace Becker (REP-0015)') +
        held(5, 'L-4', 'Leo Torres (REP-0014)') +
        held(6, 'L-5', 'Leo Torres (REP-0014)') +
        held(7, 'L-6', 'Hiro Wang (REP-0006)') +
        '  fix: route only the leads not routed yet with --skip-routed, or these again with --reroute (the ledger then keeps their new rep)\n',
    );
    expect(again.stdout).toBe('');
  });

  it('keeps the ledger between runs: Leo is at his daily cap of 3, so Grace takes the rest', async () => {
    // The same leads as leads.csv under new ids, L-7 to L-12.
    const run = await cli(
      'route',
      fixture('leads-next.csv'),
      '--plan',
      'FY2027',
      ...AS_OF,
      '--format',
      'json',
    );
    const decisions = JSON.parse(run.stdout) as { leadId: string; repId: string; reason: string }[];
    expect(decisions.slice(1, 5).map((decision) => decision.repId)).toEqual([
      'REP-0015',
      'REP-0015',
      'REP-0015',
      'REP-0015',
    ]);
    expect(decisions[1]?.reason).toContain('(1 at cap; rule ');
    // The next AE/AM in line, not Hiro again.
    expect(decisions[5]?.repId).toBe('REP-0011');
  });

  it('leaves the ledger as it was with --dry-run, and skips reps --away', async () => {
    const args = [
      'route',
      fixture('leads.csv'),
      '--plan',
      'FY2027',
      '--dry-run',
      '--reroute',
      '--away',
      'REP-0011',
      ...AS_OF,
    ];
    const first = await cli(...args, '--format', 'json');
    const second = await cli(...args, '--format', 'json');
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const decisions = JSON.parse(first.stdout) as { leadId: string; repId: string; reason: string }[];
    // REP-0011 was next in Tier 1 (see above) but is away: the one after takes it.
    expect(decisions[5]).toMatchObject({ leadId: 'L-6', repId: 'REP-0012' });
    expect(decisions[5]?.reason).toContain('(1 away; rule ');
    expect(decisions[5]?.reason).toMatch(/; re-routed \(was REP-0006\)$/);
  });

  it('prints each reason wrapped beside or under its row in the terminal, every line within 110 columns', async () => {
    const args = ['route', fixture('leads.csv'), '--plan', 'FY2027', '--dry-run', '--reroute', ...AS_OF];
    const json = await cli(...args, '--format', 'json');
    const text = await cli(...args);
    expect(text.code, text.stderr).toBe(0);
    expect(fitsTerminal(text.stdout), text.stdout).toBe(true);
    const lines = text.stdout.split('\n');
    for (const { leadId, reason } of JSON.parse(json.stdout) as { leadId: string; reason: string }[]) {
      // The reason beside the row's cells where they leave room for it, else under them; continued indented.
      const row = lines.findIndex((line) => line.startsWith(`${leadId} `));
      const end = lines.findIndex((line, index) => index > row && !line.startsWith(' '));
      expect(lines.slice(row, end).join(' ').replace(/\s+/g, ' ')).toContain(` ${reason}`);
    }
  });

  it('carries the ledger on into a plan started from another, so counts are not reset', async () => {
    expect((await cli('plan', 'new', 'FY2027-b', '--from', 'FY2027')).code).toBe(0);
    // The leads routed under FY2027 are held under FY2027-b too.
    const held = await cli('route', fixture('leads.csv'), '--plan', 'FY2027-b', ...AS_OF);
    expect(held.code).toBe(2);
    expect(unwrappedProblems(held.stderr)).toContain(
      "lead L-1 was routed already, to Hiro Wang (REP-0006) (plan FY2027-b's routing ledger)",
    );
    const args = ['--plan', 'FY2027-b', '--reroute', ...AS_OF, '--format', 'json'];
    const run = await cli('route', fixture('leads.csv'), ...args);
    const decisions = JSON.parse(run.stdout) as { repId: string; reason: string }[];
    // Leo reached his cap of 3 for the day under FY2027's ledger: Grace takes the Tier 3 leads here too.
    expect(decisions.slice(1, 5).map((decision) => decision.repId)).toEqual([
      'REP-0015',
      'REP-0015',
      'REP-0015',
      'REP-0015',
    ]);
  });

  it('--skip-routed routes only the leads not routed yet, and the ledger holds every lead once', async () => {
    const args = ['route', fixture('leads-mixed.csv'), '--plan', 'FY2027', '--skip-routed', ...AS_OF];
    const run = await cli(...args, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "Skipped 2 leads routed already (plan FY2027's routing ledger): L-2, L-1; --reroute routes them again.",
    );
    // Smooth round-robin credits (weights 2 : 1, given back 3 a pick): L-2..L-5 leave Leo at -1 and Grace at
    // +1; Grace alone takes L-8..L-11 (+1, -1 each: still +1). On 2026-11-28 Leo's cap is fresh: Leo +1, Grace
    // +2, so Grace takes L-13.
    expect(JSON.parse(run.stdout)).toMatchObject([
      { leadId: 'L-13', repId: 'REP-0015', basis: 'round_robin' },
    ]);
    const none = await cli(...args, '--format', 'json');
    expect(JSON.parse(none.stdout)).toEqual([]);
    expect(none.stderr).toContain('No leads left to route: the routing ledger of plan FY2027 is unchanged.');
    const both = await cli(...args, '--reroute');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--reroute and --skip-routed ask for opposite things');
    const workspace = await openWorkspace(join(scratch.path, 'acme'));
    try {
      const ledger = await workspace.store.document<{ routed: Record<string, string> }>(
        'routing_ledger',
        'FY2027',
      );
      expect(ledger?.body.routed).toEqual({
        'L-1': 'REP-0006',
        'L-2': 'REP-0014',
        'L-3': 'REP-0015',
        'L-4': 'REP-0014',
        'L-5': 'REP-0014',
        'L-6': 'REP-0006',
        'L-7': 'REP-0006',
        'L-8': 'REP-0015',
        'L-9': 'REP-0015',
        'L-10': 'REP-0015',
        'L-11': 'REP-0015',
        'L-12': 'REP-0011',
        'L-13': 'REP-0015',
      });
    } finally {
      await workspace.close();
    }
  });

  it('refuses --away naming someone off the roster, a missing leads file, and bad cells located', async () => {
    const away = await cli('route', fixture('leads.csv'), '--plan', 'FY2027', '--away', 'REP-9999');
    expect(away.code).toBe(2);
    expect(away.stderr).toContain("--away: reps not on plan FY2027's roster: REP-9999");
    expect(away.stderr).not.toContain('--away: --away');
    const missing = await cli('route', fixture('nope.csv'), '--plan', 'active');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the file does not exist');
    const bad = await cli('route', fixture('leads-bad.csv'), '--plan', 'active');
    expect(bad.code).toBe(2);
    const file = fixture('leads-bad.csv');
    expect(bad.stderr).toContain(`${file}:2:3: "lots" is not a whole number`);
    expect(bad.stderr).toContain(`${file}:3:1: lead L-1 is listed again (first on line 2)`);
    expect(bad.stderr).toContain(`${file}:5:1: lead L-1 is listed again (first on line 2)`);
    expect(bad.stderr).toContain(`${file}:3:4: "27/11/2026" is not a date`);
    expect(bad.stderr).toContain(`${file}:4:1: the lead id is empty`);
    expect(bad.stderr).toContain('fix: give every row its lead id');
  });

  it('marks the html format as a plan report only', async () => {
    const run = await cli('route', fixture('leads.csv'), '--plan', 'FY2027', '--format', 'html');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('salesops route has no html output');
  });

  it('reads back its own fixtures (sanity)', () => {
    expect(readFileSync(fixture('leads.csv'), 'utf8')).toContain('L-6');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder, unwrappedProblems } from './run-cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'planning');
const AS_OF = ['--as-of', '2026-11-27'];
/** Terminal prose as printed, wrapped at 110 columns under a two-space hanging indent, joined back. */
const unwrapped = (text: string) => text.replace(/\n {2}(?=\S)/g, ' ');

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) => runCli([...args, '--workspace', 'acme'], { cwd: scratch.path });
/** The (first) command a fix line suggests, in its backquotes, as words to run. */
const suggested = (stderr: string) =>
  /`salesops ((?:plan|route) [^`]*)`/.exec(stderr.slice(stderr.indexOf('fix:')))![1]!.split(' ');

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'acme'], { cwd: scratch.path })).code).toBe(0);
  expect((await cli('demo', '--reps', '20', '--opportunities', '300', '--seed', '7', ...AS_OF)).code).toBe(0);
}, 120_000);
afterAll(() => scratch.remove());

describe('plan fixes are commands that run as printed', () => {
  it('without an active plan, says to finish, then to activate, the plan there is', async () => {
    const none = await cli('route', join(FIXTURES, 'leads.csv'));
    expect(none.stderr).toContain(
      'error: --plan: no plan is active in this workspace\n  fix: start one: `salesops plan new --from empty --workspace acme`\n',
    );
    const started = await cli('plan', 'new', 'FY2027', '--from', 'empty');
    expect(started.code).toBe(0);
    // FY2027 is under way on 2026-11-27: the warning's command plans FY2028 the same way (--from empty).
    expect(unwrapped(started.stderr)).toContain(
      'the next fiscal year is FY2028: `salesops plan new FY2028 --from empty --workspace acme`\n',
    );
    const unfinished = await cli('route', join(FIXTURES, 'leads.csv'));
    expect(unfinished.stderr).toContain(
      'fix: finish plan FY2027 first (territories, quotas), then: `salesops plan activate FY2027 --workspace acme`\n',
    );
    const target = ['--target', '24000000', '--quota', '900000'];
    expect((await cli('plan', 'capacity', 'FY2027', ...target, ...AS_OF)).code).toBe(0);
    const reps = ['--reps', join(FIXTURES, 'reps-teams.csv'), '--allow-moves'];
    const territories = await cli('plan', 'territories', 'FY2027', ...reps, ...AS_OF);
    expect(territories.code).toBe(0);
    // An owner the roster does not hold (reps-teams.csv has 7 of the demo's 20 reps) is named by id, once.
    expect(territories.stdout).toContain(
      '  Cobalt Dental Solutions (ACC-000001): REP-0016 -> Kenji Nakamura (REP-0023): its owner is not a rep of the\n' +
        '    plan\n',
    );
    expect(territories.stdout).not.toMatch(/(REP-\d{4}) \(\1\)/);
    expect((await cli('plan', 'quotas', 'FY2027', ...AS_OF)).code).toBe(0);
    const ready = await cli('route', join(FIXTURES, 'leads.csv'));
    expect(unwrappedProblems(ready.stderr)).toContain(
      'fix: activate one: `salesops plan activate FY2027 --workspace acme` (see `salesops plan list --workspace acme`)',
    );
    expect(suggested(ready.stderr)).toEqual(['plan', 'activate', 'FY2027', '--workspace', 'acme']);
    expect((await cli(...suggested(ready.stderr))).code).toBe(0);
  });

  it('an active plan cannot change: the fix starts the next fiscal year from it, then a free -v2', async () => {
    const active = await cli('plan', 'segment', 'FY2027', ...AS_OF);
    expect(active.code).toBe(2);
    // 2026-11-27 is in FY2027 (February to January): plan new would name the next year FY2028.
    expect(active.stderr).toBe(
      'error: plan FY2027 is active; only a plan in planning can change\n' +
        '  fix: start a new version from it: `salesops plan new FY2028 --from FY2027 --workspace acme`\n',
    );
    const started = await cli(...suggested(active.stderr), ...AS_OF);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('Plan FY2028 is in planning, started from FY2027.');
    const again = await cli('plan', 'quotas', 'FY2027', ...AS_OF);
    expect(again.stderr).toContain(
      'fix: start a new version from it: `salesops plan new FY2028-v2 --from FY2027 --workspace acme`',
    );
    expect((await cli(...suggested(again.stderr))).code).toBe(0);
    // Activating FY2028-v2 (a copy of FY2027, quotas and all) archives FY2027, which cannot be activated again:
    // a version of it can.
    expect((await cli('plan', 'activate', 'FY2028-v2')).code).toBe(0);
    const archived = await cli('plan', 'activate', 'FY2027');
    expect(archived.stderr).toBe(
      'error: plan FY2027 is archived (replaced by FY2028-v2)\n' +
        '  fix: start a version from it to activate: `salesops plan new FY2028-v3 --from FY2027 --workspace acme`\n',
    );
    const taken = await cli('plan', 'new', 'FY2028', '--from', 'FY2027');
    expect(taken.stderr).toBe(
      'error: plan FY2028 exists already\n' +
        '  fix: change it with the plan steps, or copy it: `salesops plan new FY2028-v3 --from FY2028 --workspace acme`\n',
    );
    // An archived plan is not changed with the plan steps: the fix only starts a version from it.
    const base = await cli('plan', 'new', 'FY2027', '--from', 'empty');
    expect(base.stderr).toBe(
      'error: plan FY2027 exists already (archived)\n' +
        '  fix: start another version: `salesops plan new FY2027-v2 --from FY2027 --workspace acme`\n',
    );
  });
});

describe('a plan on an empty workspace', () => {
  it('says there are no accounts to segment and no reps to assign accounts to, and how to get them', async () => {
    const empty = (...args: string[]) => runCli([...args, '--workspace', 'empty'], { cwd: scratch.path });
    expect((await runCli(['init', 'empty'], { cwd: scratch.path })).code).toBe(0);
    expect((await empty('plan', 'new', '--from', 'empty', ...AS_OF)).code).toBe(0);
    const segment = await empty('plan', 'segment', 'FY2028', ...AS_OF);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toBe(
      'error: the workspace holds no accounts to segment\n' +
        "  fix: import your CRM's accounts (`salesops import --help`), or try a demo: `salesops demo --workspace empty`\n",
    );
    const run = await empty('plan', 'territories', 'FY2028', ...AS_OF);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: plan FY2028 has no reps: no rep file, and no rep of a quota-carrying role on the CRM on 2026-11-27\n' +
        '  fix: give a rep file (id, name, role): `salesops plan territories FY2028 --reps reps.csv --workspace empty`\n',
    );
  });
});

describe('files named as typed, as import names them', () => {
  it('plan territories --reps and --rules, route and mapping suggest name a missing file as typed', async () => {
    const reps = await cli('plan', 'territories', 'FY2028', '--reps', 'nosuch.csv', ...AS_OF);
    expect(reps.code).toBe(2);
    expect(reps.stderr).toBe(
      'error: nosuch.csv: the file does not exist\n  fix: check the path and that the file is readable\n',
    );
    const rules = await cli('plan', 'territories', 'FY2028', '--rules', 'rules/nosuch.yaml', ...AS_OF);
    expect(rules.stderr).toContain('error: rules/nosuch.yaml: the file does not exist');
    const leads = await cli('route', 'nosuch.csv', '--plan', 'FY2027');
    expect(leads.stderr).toContain('error: nosuch.csv: the file does not exist');
    const mapping = await runCli(['mapping', 'suggest', 'nosuch.csv'], { cwd: scratch.path });
    expect(mapping.code).toBe(2);
    expect(mapping.stderr).toContain('error: nosuch.csv: the file does not exist');
    for (const run of [reps, rules, leads, mapping]) expect(run.stderr).not.toContain(scratch.path);
  });
});

describe('a book outside its balance tolerances', () => {
  it('counts the reps outside each tolerance and names the levers, with moved accounts by rep name', async () => {
    expect((await cli('plan', 'new', 'tolerance', '--from', 'empty', ...AS_OF)).code).toBe(0);
    const kept = await cli('plan', 'territories', 'tolerance', ...AS_OF);
    expect(kept.code).toBe(0);
    // The demo's 290 accounts and 13 quota-carrying reps, customers kept with their reps: the tiered workloads
    // cannot be shared within 10% (the table's deviations show 10 reps beyond it, and one beyond 1% of potential).
    expect(unwrapped(kept.stdout)).toContain(
      'Outside tolerance, of 13 reps: 1 on potential (±1.0%), 10 on workload (±10.0%). To narrow the gaps: ' +
        'let customers change rep (`salesops plan territories tolerance --allow-moves --workspace acme`), ' +
        'or widen planning.territories.potentialTolerance and workloadTolerance in salesops.yaml.\n',
    );
    // Each moved account on its lines, wrapped under a hanging indent.
    expect(kept.stdout).toContain(
      '  Brightwater Outdoor Partners (ACC-000005): Hiro Wang (REP-0006) -> Priya Smith (REP-0018): moved to balance\n' +
        '    potential and workload\n',
    );
    // With customers free to move, only widening the tolerances is left to suggest.
    const moved = await cli('plan', 'territories', 'tolerance', '--allow-moves', ...AS_OF);
    expect(unwrapped(moved.stdout)).toContain(
      'Outside tolerance, of 13 reps: 1 on potential (±1.0%), 9 on workload (±10.0%). To narrow the gaps: ' +
        'widen planning.territories.potentialTolerance and workloadTolerance in salesops.yaml.\n',
    );
  });
});

describe('each plan step ends with the next one, runnable as printed', () => {
  it('leads from segment to capacity, territories, quotas and the report, each with the run --workspace', async () => {
    expect((await cli('plan', 'new', 'guided', '--from', 'empty', ...AS_OF)).code).toBe(0);
    /** The step a table's last line names, as words to run (the redirect of the report left out). */
    const nextOf = (stdout: string) => {
      const last = unwrapped(stdout).trimEnd().split('\n').at(-1)!;
      expect(last).toMatch(/^Next, /);
      return last
        .slice(last.lastIndexOf(': salesops ') + ': salesops '.length)
        .split(' > ')[0]!
        .split(' ');
    };
    const segment = await cli('plan', 'segment', 'guided', ...AS_OF);
    // The demo's salesops.yaml knows no ramped quota, but its CRM's quotas give one: no --quota needed. The example
    // target is a flat year: $583,205 won in the 12 months (as `salesops metrics closed_won --period
    // 2025-11-28..2026-11-27` gives), to two significant digits.
    expect(unwrapped(segment.stdout).trimEnd().split('\n').at(-1)).toBe(
      'Next, the reps a revenue target needs (your target, in whole units of the currency; the example is a flat ' +
        'year: $583,205 won 2025-11-28..2026-11-27): salesops plan capacity guided --target 580000 --workspace acme',
    );
    const capacity = await cli(...nextOf(segment.stdout), ...AS_OF);
    expect(capacity.code, capacity.stderr).toBe(0);
    expect(nextOf(capacity.stdout)).toEqual('plan territories guided --workspace acme'.split(' '));
    const territories = await cli(...nextOf(capacity.stdout), ...AS_OF);
    expect(territories.code, territories.stderr).toBe(0);
    expect(nextOf(territories.stdout)).toEqual('plan quotas guided --workspace acme'.split(' '));
    const quotas = await cli(...nextOf(territories.stdout), ...AS_OF);
    expect(quotas.code, quotas.stderr).toBe(0);
    expect(unwrapped(quotas.stdout).trimEnd().split('\n').at(-1)).toBe(
      'Next, the Territory Plan document (then `salesops plan activate guided --workspace acme` puts the plan in force): ' +
        'salesops plan report guided --format md --workspace acme > territory-plan.md',
    );
    const report = await cli(...nextOf(quotas.stdout), ...AS_OF);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^# Territory Plan: guided/);
    // Machine formats stay machine-readable: no next step after JSON.
    const json = await cli('plan', 'quotas', 'guided', '--format', 'json', ...AS_OF);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });
});

describe('territories without assignment rules, over reps of several roles', () => {
  it('warns that the coverage model is not applied, and its example rules file runs as printed', async () => {
    const reps = join(scratch.path, 'mixed-reps.csv');
    writeFileSync(reps, 'id,name,role\nR1,Ana,ae\nR2,Ben,ae\nR3,Cy,isr\nR4,Di,isr\nR5,Ed,am\nR6,Flo,am\n');
    expect((await cli('plan', 'new', 'mixed', '--from', 'empty', ...AS_OF)).code).toBe(0);
    const unruled = await cli('plan', 'territories', 'mixed', '--reps', reps, '--allow-moves', ...AS_OF);
    expect(unruled.code, unruled.stderr).toBe(0);
    const warning = unruled.stderr.slice(unruled.stderr.indexOf('warning:'));
    // The default coverage model: Tier 1 to AMs, Tiers 2 and 3 to ISRs; AEs are in no coverage line.
    expect(warning).toBe(
      'warning: plan mixed has no assignment rules, so any of its 6 reps (2 ae, 2 isr, 2 am) may each own any\n' +
        '  account, balanced alike whatever their role, and the coverage model (Tier 1: am; Tier 2: isr; Tier 3: isr)\n' +
        '  is not applied.\n' +
        '  fix: write which roles may own which accounts in a rules file, e.g. rules.yaml from the coverage model\n' +
        '  (each tier to its roles, and roles it names for no tier everywhere; an account no rule matches goes\n' +
        '  to any rep):\n' +
        '    rules:\n' +
        '      - name: "Tier 1 to am and ae"\n' +
        '        priority: 1\n' +
        '        when: ["tier is Tier 1"]\n' +
        '        assign: { roles: [am, ae] }\n' +
        '      - name: "Tier 2 to isr and ae"\n' +
        '        priority: 2\n' +
        '        when: ["tier is Tier 2"]\n' +
        '        assign: { roles: [isr, ae] }\n' +
        '      - name: "Tier 3 to isr and ae"\n' +
        '        priority: 3\n' +
        '        when: ["tier is Tier 3"]\n' +
        '        assign: { roles: [isr, ae] }\n' +
        '  then run\n' +
        '    salesops plan territories mixed --rules rules.yaml --workspace acme\n',
    );
    const lines = warning.split('\n');
    const example = lines.slice(lines.indexOf('    rules:'), lines.indexOf('  then run'));
    writeFileSync(join(scratch.path, 'rules.yaml'), example.map((line) => line.slice(4)).join('\n'));
    const command = lines.at(-2)!.trim().split(' ').slice(1);
    const ruled = await cli(...command, '--reps', reps, '--allow-moves', '--format', 'json', ...AS_OF);
    expect(ruled.code, ruled.stderr).toBe(0);
    expect(ruled.stderr).not.toContain('warning:');
    const roleOf: Record<string, string> = { R1: 'ae', R2: 'ae', R3: 'isr', R4: 'isr', R5: 'am', R6: 'am' };
    const { assignments } = JSON.parse(ruled.stdout) as { assignments: { repId: string; tier: string }[] };
    const rolesByTier = new Map<string, Set<string>>();
    for (const { repId, tier } of assignments) {
      rolesByTier.set(tier, (rolesByTier.get(tier) ?? new Set()).add(roleOf[repId]!));
    }
    expect([...rolesByTier.get('Tier 1')!].sort()).toEqual(['ae', 'am']);
    expect([...rolesByTier.get('Tier 2')!].sort()).toEqual(['ae', 'isr']);
  });
});

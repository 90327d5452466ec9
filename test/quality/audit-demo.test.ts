/**
 * `salesops audit` on a demo workspace made through the CLI (`salesops init`, `salesops demo`) finds exactly
 * what the demo holds: the defects it planted, plus the ones its simulation produces naturally, as counted
 * from the generated records by the demo's own tally.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOptionsFor } from '../../src/cli/commands/demo.js';
import { isoDate } from '../../src/domain/dates.js';
import { expectedAuditCounts } from '../../src/demo/audit-tally.js';
import { defectTargets, type DefectCounts } from '../../src/demo/generate-demo.js';
import type { AuditReport } from '../../src/quality/audit.js';
import { QUALITY_RULE_IDS } from '../../src/quality/rules.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';

const AS_OF = isoDate('2026-11-27');
const SIZE = { reps: 60, opportunities: 5000, seed: 1 };

/** Planted defects the simulation never produces by itself: the audit finds exactly the planted ones. */
const ONLY_PLANTED = [
  'amount-not-positive',
  'closed-deal-close-date',
  'category-contradicts-stage',
  'category-far-from-stage',
  'lost-without-reason',
  'account-missing',
  'duplicate-account',
] as const;

describe('salesops audit on the demo', () => {
  const scratch = scratchFolder();
  const cli = (...args: string[]) => runCli(args, { cwd: scratch.path });
  let report: AuditReport;
  let planted: DefectCounts;
  let expected: Record<string, number>;

  beforeAll(async () => {
    expect((await cli('init', 'acme')).code).toBe(0);
    const demo = await cli('demo', '--workspace', 'acme', '--opportunities', '5000', '--as-of', AS_OF);
    expect(demo.code).toBe(0);
    const run = await cli('audit', '--workspace', 'acme', '--as-of', AS_OF, '--format', 'json');
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout) as AuditReport;
    const workspace = await openWorkspace(join(scratch.path, 'acme'));
    try {
      ({ planted, expected } = expectedAuditCounts(demoOptionsFor(workspace.config, SIZE, AS_OF)));
    } finally {
      await workspace.close();
    }
  }, 60_000);
  afterAll(() => scratch.remove());

  it('plants the defects of its published rates: 1 (lost deals without a reason: 2) per 1,000 deals', () => {
    expect(planted).toEqual(defectTargets(5000));
    expect(planted['lost-without-reason']).toBe(10);
    expect(planted['duplicate-opportunity']).toBe(5);
  });

  it('reports, rule by rule, exactly the counts the demo holds', () => {
    expect(Object.keys(expected).sort()).toEqual([...QUALITY_RULE_IDS].sort());
    const counts = Object.fromEntries(report.rules.map((rule) => [rule.id, rule.count]));
    expect(counts).toEqual(expected);
    for (const kind of ONLY_PLANTED) expect(counts[kind]).toBe(planted[kind]);
    // Defects that also occur naturally are found on top of the planted ones.
    for (const kind of [
      'close-date-implausible',
      'amount-outlier',
      'owner-inactive',
      'duplicate-opportunity',
    ] as const) {
      expect(counts[kind]).toBeGreaterThanOrEqual(planted[kind]);
    }
    expect(counts['close-date-past']).toBeGreaterThan(0);
    expect(counts['stale-deal']).toBeGreaterThan(0);
  });

  it('puts the planted outliers’ inflated amounts among the open value in doubt', () => {
    const outliers = report.rules.find((rule) => rule.id === 'amount-outlier')!;
    expect(outliers.affectedValue).toBeGreaterThan(0);
    expect(report.openPipeline.affectedValue).toBeGreaterThanOrEqual(outliers.affectedValue);
    expect(report.openPipeline.affectedValue).toBeLessThanOrEqual(report.openPipeline.value);
    expect(report.score).toBeGreaterThan(0);
    expect(report.score).toBeLessThan(100);
  });

  it('writes the Markdown report, CSV and terminal table from the same findings', async () => {
    const md = await cli('audit', '--workspace', 'acme', '--as-of', AS_OF, '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`# Data-quality audit: acme, as of ${AS_OF}`);
    expect(md.stdout).toContain(`**Quality score: ${report.score} / 100.**`);
    expect(md.stdout).toContain('| Rule | Severity | Count | Open deals | Open value affected | Fix |');
    expect(md.stdout).toContain('### Lost deal without a loss reason (`lost-without-reason`) (5 of 10)');
    expect(md.stdout).toContain('## Rule definitions');

    const csv = await cli('audit', '--workspace', 'acme', '--as-of', AS_OF, '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('rule,title,severity,count,open_deals,open_value,currency,fix,examples');
    expect(lines).toHaveLength(1 + QUALITY_RULE_IDS.length);
    expect(lines.find((line) => line.startsWith('lost-without-reason,'))).toMatch(/,info,10,0,0\.00,USD,/);

    const table = await cli('audit', '--workspace', 'acme', '--as-of', AS_OF);
    expect(table.stdout.split('\n')[0]).toBe(`Data quality as of ${AS_OF}: ${report.score} / 100`);
  });

  it('takes the stale-days and push thresholds, and refuses bad ones', async () => {
    const loose = await cli(
      'audit',
      ...['--workspace', 'acme', '--as-of', AS_OF, '--format', 'json'],
      ...['--stale-days', '90', '--push-threshold', '2', '--examples', '1'],
    );
    const looser = JSON.parse(loose.stdout) as AuditReport;
    const count = (of: AuditReport, id: string) => of.rules.find((rule) => rule.id === id)!.count;
    expect(count(looser, 'stale-deal')).toBeLessThan(count(report, 'stale-deal'));
    expect(count(looser, 'close-date-pushed')).toBeGreaterThanOrEqual(count(report, 'close-date-pushed'));
    expect(looser.options).toMatchObject({ staleDays: 90, pushThreshold: 2, examples: 1 });
    expect(looser.rules.every((rule) => rule.examples.length <= 1)).toBe(true);

    const bad = await cli('audit', '--workspace', 'acme', '--stale-days', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--stale-days must be a whole number >= 1 (got "0")');
  });
});

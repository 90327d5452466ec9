/**
 * `salesops audit`'s table and Markdown output: money in whole units, as every other command prints it, and
 * the rule that an open deal with a zero or negative amount is left out of the open pipeline, stated beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, type MinorUnits } from '../../src/domain/money.js';
import type { AuditReport } from '../../src/quality/audit.js';
import { fixture, importWorkspace } from '../import/import-helpers.js';
import { forecastWorkspace, type ForecastWorkspace } from './forecast-workspace.js';

let workspace: ForecastWorkspace;
beforeAll(async () => {
  workspace = await forecastWorkspace();
});
afterAll(() => workspace.remove());

async function audit(format: string): Promise<string> {
  const run = await workspace.cli(['audit', '--format', format]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

describe('salesops audit output', () => {
  it('prints money in whole units in the table and the Markdown report', async () => {
    const report = JSON.parse(await audit('json')) as AuditReport;
    const whole = (minor: number) => formatMoney(minor as MinorUnits, 'USD', { whole: true });
    for (const text of [await audit('table'), await audit('md')]) {
      // The table's summary is wrapped at 110 columns: read it as prose.
      expect(text.replace(/\s+/g, ' ')).toContain(
        `Open pipeline, any close date: ${whole(report.openPipeline.value)} in ${report.openPipeline.deals} ` +
          `deals with a positive amount; ` +
          `flagged records hold ${whole(report.openPipeline.affectedValue)} (`,
      );
      const stale = report.rules.find((rule) => rule.id === 'stale-deal')!;
      expect(stale.affectedValue).toBeGreaterThan(0);
      expect(text).toMatch(new RegExp(`stale-deal\\).*${whole(stale.affectedValue).replace('$', '\\$')}`));
      // Only a finding's own amount keeps its cents ("amount $121.00"); no audit figure does.
      // An example wraps under a four-space indent: read each whole.
      const figures = text
        .replace(/\n {4}(?=\S)/g, ' ')
        .split('\n')
        .filter((line) => !/amount -?\$/.test(line));
      expect(figures.join('\n')).not.toMatch(/\$[\d,]+\.\d\d/);
    }
  });

  it('leaves a zero or negative open amount out of the open pipeline, count and value, as metrics does', async () => {
    const report = JSON.parse(await audit('json')) as AuditReport;
    const notPositive = report.rules.find((rule) => rule.id === 'amount-not-positive')!;
    expect(notPositive.affectedOpenDeals).toBeGreaterThan(0);
    const table = await audit('table');
    const summary = table.slice(0, table.indexOf('\nRule '));
    expect(Math.max(...summary.split('\n').map((line) => line.length))).toBeLessThanOrEqual(110);
    expect(summary.replace(/\s+/g, ' ')).toContain(
      `${notPositive.affectedOpenDeals} open deal${notPositive.affectedOpenDeals === 1 ? ' has' : 's have'} ` +
        'a zero or negative amount (amount-not-positive): left out of the open pipeline above, in its count and its value',
    );
    // metrics leaves out the open deals of a zero or negative amount and counts them: over every close date, the
    // audit's open pipeline is the metric's, in deals and in value.
    const metrics = await workspace.cli([
      'metrics',
      'pipeline_value',
      'open_deals',
      '--period',
      '2000-01-01..2199-12-31',
      '--format',
      'json',
    ]);
    const document = JSON.parse(metrics.stdout) as {
      rows: { pipeline_value: number; open_deals: number }[];
      leftOut: { deals: number } | null;
    };
    const [all] = document.rows;
    expect(document.leftOut?.deals).toBe(notPositive.affectedOpenDeals);
    expect(all?.open_deals).toBe(report.openPipeline.deals);
    expect(report.openPipeline.value / 100).toBe(all?.pipeline_value);
  });

  it('fits every line of the terminal output in 110 columns; the Markdown report keeps the long header', async () => {
    const table = await audit('table');
    // Every rule is listed, the longest title with it: the value column is headed short to fit beside it.
    expect(table).toMatch(/^Rule +Severity +Count +Open deals +Open value$/m);
    expect(table.split('\n').filter((line) => line.length > 110)).toEqual([]);
    expect(await audit('md')).toContain(
      '| Rule | Severity | Count | Open deals | Open value affected | Fix |',
    );
  });

  it('counts one deal in the singular: one open deal, in yen, which salesops.yaml has no rate for', async () => {
    const ws = await importWorkspace();
    try {
      // Two deals: J-1 in JPY, J-2 in USD ($22,050); salesops.yaml of init has no JPY rate.
      const file = fixture('utf16/pipeline-unicode.txt');
      const run = await ws.importFiles(file, '--date-order', 'mdy', '--as-of', '2026-03-01');
      expect(run.code, run.stderr).toBe(0);
      const audit = await ws.cli('audit', '--workspace', 'ws', '--as-of', '2026-03-01');
      const summary = audit.stdout.replace(/\n {2}(?=\S)/g, ' ');
      expect(summary).toContain('Open pipeline, any close date: $22,050 in 1 deal with a positive amount;');
      expect(summary).toContain(
        '\n1 open deal is in currencies without an FX rate: left out of the open pipeline',
      );
    } finally {
      ws.remove();
    }
  });
});

/**
 * `salesops status` shows the range of plausible dates: close dates further than the audit's horizon (730 days)
 * after the data's as-of date are placeholders (the demo plants 2099-12-31) and are counted apart, not allowed
 * to stretch the range.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceStatus } from '../../src/cli/commands/status.js';
import { shellWord } from '../../src/domain/errors.js';
import { forecastWorkspace, type ForecastWorkspace } from './forecast-workspace.js';
import { writeNamedWorkspace } from './named-workspace.js';
import { runCli } from './run-cli.js';

let demo: ForecastWorkspace;
beforeAll(async () => {
  demo = await forecastWorkspace();
});
afterAll(() => demo.remove());

describe('salesops status: the date range', () => {
  it('leaves placeholder close dates out of the range and counts them, the same in JSON as in the table', async () => {
    const json = await demo.cli(['status', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const status = JSON.parse(json.stdout) as WorkspaceStatus & Record<string, unknown>;
    // The as-of day 2026-11-27 + the audit's 730-day horizon: close dates after 2028-11-26 are placeholders.
    const outliers = status.closeDateOutliers!;
    expect(outliers).toMatchObject({ after: '2028-11-26', latest: '2099-12-31' });
    expect(outliers.count).toBeGreaterThan(0);
    const range = status.dateRange!;
    expect(range.to < '2028-11-26').toBe(true);
    expect(json.stdout).not.toContain('"to": "2099-12-31"');
    expect(status).not.toHaveProperty('plausibleDateRange');

    // The audit it points to runs as printed: with the --workspace the status was run with.
    const table = await demo.cli(['status']);
    const dates = outliers.count === 1 ? 'close date' : 'close dates';
    const upTo = outliers.count === 1 ? '2099-12-31' : 'up to 2099-12-31';
    // Wrapped at 110 columns under its label: the lines joined again give the one line.
    const block = table.stdout.slice(table.stdout.indexOf('Date range'), table.stdout.indexOf('\nHistory'));
    const lines = block.split('\n');
    expect(lines.filter((line) => line.length > 110)).toEqual([]);
    expect(lines.slice(1).every((line) => line.startsWith(' '.repeat(14)))).toBe(true);
    expect(lines.map((line, at) => (at === 0 ? line : line.trimStart())).join(' ')).toBe(
      `Date range    ${range.from} .. ${range.to}, plus ${outliers.count} ${dates} after 2028-11-26 ` +
        `(${upTo}; see \`salesops audit --workspace ${shellWord(demo.folder)}\`)`,
    );
  });

  it('shows the whole range when every date is plausible', async () => {
    const folder = join(demo.folder, '..', 'named');
    await writeNamedWorkspace(folder);
    const run = await runCli(['status', '--workspace', folder, '--format', 'json'], { cwd: folder });
    const status = JSON.parse(run.stdout) as WorkspaceStatus;
    expect(status.closeDateOutliers).toMatchObject({ count: 0, latest: null });
    const table = await runCli(['status', '--workspace', folder], { cwd: folder });
    expect(table.stdout).toContain(`\nDate range    ${status.dateRange?.from} .. ${status.dateRange?.to}\n`);
  });
});

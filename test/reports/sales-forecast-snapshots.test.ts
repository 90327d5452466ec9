/**
 * The Sales Forecast of a seeded demo workspace as of a fixed day, after an 8-period backtest, pinned byte for
 * byte in Markdown, HTML and JSON: any change to the report shows as a snapshot diff (`npx vitest run -u` accepts an intended one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastWorkspace, type ForecastWorkspace } from '../cli/forecast-workspace.js';

let workspace: ForecastWorkspace;
beforeAll(async () => {
  workspace = await forecastWorkspace();
  // The report takes its model and the Methods footnote's accuracy from the last backtest.
  const backtest = await workspace.cli(['forecast', 'backtest', '--period', 'FY2027-Q4', '--periods', '8']);
  if (backtest.code !== 0) throw new Error(backtest.stderr);
});
afterAll(() => workspace.remove());

describe('Sales Forecast of the seeded demo workspace, FY2027-Q4 as of 2026-11-27', () => {
  it.each([
    ['md', 'sales-forecast.md.snap'],
    ['html', 'sales-forecast.html.snap'],
    ['json', 'sales-forecast.json.snap'],
  ])('--format %s', async (format, file) => {
    const run = await workspace.cli(['forecast', '--period', 'FY2027-Q4', '--format', format]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The commands the report suggests name the workspace as given, a temporary folder here.
    await expect(run.stdout.replaceAll(workspace.folder, '<workspace>')).toMatchFileSnapshot(
      `./__snapshots__/${file}`,
    );
  });

  it('is the same on a second run (deterministic for a fixed --as-of)', async () => {
    const first = await workspace.cli(['forecast', '--period', 'FY2027-Q4', '--format', 'html']);
    const second = await workspace.cli(['forecast', '--period', 'FY2027-Q4', '--format', 'html']);
    expect(second.stdout).toBe(first.stdout);
  });
});

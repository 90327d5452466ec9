import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli, scratchFolder } from './run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
let first: CliRun;
/** As `npm start` runs it in a clone: npm ran it, so what it prints runs salesops by npx. */
const npmStart = () => ({ cwd: scratch.path, program: 'npx salesops' });
beforeAll(async () => {
  scratch = scratchFolder();
  first = await runCli(['quickstart', '--as-of', '2026-11-27'], npmStart());
});
afterAll(() => scratch.remove());

describe('salesops quickstart (npm start)', () => {
  it('creates ./demo and summarises it with the current quarter', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Creating the demo workspace demo (as of 2026-11-27)');
    expect(first.stdout).toMatch(/opportunities\s+20,000/);
    expect(first.stdout).toContain('This quarter, FY2027-Q4 (2026-11-01..2027-01-31), as of 2026-11-27:');
    expect(first.stdout).toMatch(/Win rate\s+\d+\.\d%/);
  });

  it("labels the headline's weighted pipeline with its probability layer, unlike the forecast's", () => {
    const headline = first.stdout.slice(
      first.stdout.indexOf('This quarter,'),
      first.stdout.indexOf('\nTry:'),
    );
    expect(headline).toMatch(/\n {2}Weighted pipeline \(stage probabilities\) +\$[\d,]+\n/);
    // Every headline value starts in the same column.
    const columns = headline
      .split('\n')
      .slice(1, -1)
      .filter((line) => /^ {2}[A-Z]/.test(line))
      .map((line) => line.search(/ (\$|n\/a|\d)/));
    expect(columns).toHaveLength(7);
    expect(new Set(columns).size).toBe(1);
    expect(first.stdout.slice(first.stdout.indexOf('Sales Forecast:'))).toContain('Weighted Value');
  });

  it("reconciles the headline Pipeline with the forecast's Pipeline Snapshot, naming the deals left out", () => {
    const headline = first.stdout.slice(
      first.stdout.indexOf('This quarter,'),
      first.stdout.indexOf('\nTry:'),
    );
    const forecast = first.stdout.slice(first.stdout.indexOf('Sales Forecast: FY2027-Q4'));
    // The seeded demo: 727 open deals close in FY2027-Q4, $27,869,323 in all; 17 of them have a zero or negative
    // amount (-$458,135, as the forecast's note says), so the pipeline both count is 710 deals, $28,327,458.
    expect(headline).toMatch(/\n {2}Pipeline +\$28,327,458\n/);
    expect(forecast).toMatch(/\nTotal +710 +\$28,327,458 /);
    expect(headline.replace(/\s+/g, ' ')).toContain(
      'note: Left out of pipeline_value, weighted_pipeline, pipeline_coverage: 17 open deals closing in FY2027-Q4 ' +
        'with a zero, negative or missing amount (-$458,135 in all), a data error, not pipeline (the Sales ' +
        'Forecast leaves them out too); `npx salesops audit --workspace demo` lists them under amount-not-positive.',
    );
    expect(forecast).toMatch(
      /\nnote: 17 open deals closing in FY2027-Q4 have a zero or negative amount, -\$458,135/,
    );
    // Notes wrap like the table's footnotes, a listed command never cut.
    for (const line of first.stdout.split('\n').filter((text) => /^ *note: /.test(text)))
      expect(line.length).toBeLessThanOrEqual(110);
    // The status block's audit runs as printed from here, like every other suggestion.
    expect(first.stdout).toMatch(/; see\s+`npx salesops audit --workspace demo`\)/);
  });

  it('ends with the Sales Forecast of the current quarter, compact', () => {
    const forecast = first.stdout.slice(first.stdout.indexOf('Sales Forecast: FY2027-Q4'));
    expect(forecast).toMatch(/^Sales Forecast: FY2027-Q4 \(2026-11-01\.\.2027-01-31\), as of 2026-11-27/);
    for (const section of [
      'Executive Summary',
      'Pipeline Snapshot',
      'Forecast by Manager',
      'Confidence Level',
    ]) {
      expect(forecast).toContain(`\n${section}\n`);
    }
    expect(forecast).not.toContain('\nMethods\n');
    // The last line names the model, what it learns from, why it is the one used and how to compare the others.
    expect(forecast.trimEnd().split('\n\n').at(-1)).toBe(
      "Model: deal-level model (learned from this workspace's closed deals); the default without a backtest; run\n" +
        '  `npx salesops forecast backtest --period FY2027-Q4 --workspace demo` to compare the models.',
    );
    // A long list of reps says how many more there are, as every shortened list does.
    expect(forecast.replace(/\n +/g, ' ')).toMatch(
      /reps below 80%: (\p{L}+ \p{L}+, ){4}\p{L}+ \p{L}+ and \d+ more\./u,
    );
    // The forecast's confidence is named apart from the chance of quota, each on a line of its own.
    expect(forecast).toMatch(
      /\n {2}Forecast confidence: \S+ \d+% likely to reach at least 90% of the forecast \((High|Moderate|Low): /,
    );
    expect(forecast).toMatch(/\n {2}Chance of quota: +\d+%\n/);
    expect(forecast).toMatch(/\n\S+ Forecast confidence: \d+% likely to reach at least 90% of the/);
    // Its long lines (risks, recommendations, the model) wrap at 110 columns.
    expect(forecast.split('\n').filter((line) => line.length > 110)).toEqual([]);
    // Its notes' commands name the demo workspace and run salesops by npx, as the suggestions above do.
    expect(forecast).toContain(
      '`npx salesops forecast backtest --period FY2027-Q4 --periods 8 --workspace demo`',
    );
    expect(forecast).toContain('Fix the findings `npx salesops audit --workspace demo` lists');
    // Compact: two screens at most, its long lines wrapped.
    expect(forecast.split('\n').length).toBeLessThan(120);
  });

  it('suggests commands that run as printed, a plan of the year after --as-of among them', async () => {
    const tries = first.stdout
      .slice(first.stdout.indexOf('\nTry:\n'), first.stdout.indexOf('\nSales Forecast:'))
      .split('\n')
      .filter((line) => line.startsWith('  npx salesops plan '));
    expect(tries).toEqual([
      '  npx salesops plan new --from empty --workspace demo',
      '  npx salesops plan segment FY2028 --workspace demo',
    ]);
    for (const line of tries) {
      const run = await runCli([...line.trim().split(' ').slice(2), '--as-of', '2026-11-27'], {
        cwd: scratch.path,
      });
      expect(run.code, run.stderr).toBe(0);
    }
  }, 60_000);

  it('prints every command it suggests as `npx salesops`, for a clone without a global install', () => {
    const suggestions = first.stdout.slice(first.stdout.indexOf('\nTry:\n'));
    expect(suggestions.match(/`npx salesops [^`]+`|^ {2}npx salesops .+$/gm)?.length).toBeGreaterThan(10);
    expect(suggestions).not.toMatch(/(?<!npx )\bsalesops [a-z]/);
  });

  it('prints its commands as the installed `salesops` when that is how it was run', async () => {
    const installed = await runCli(['quickstart', '--as-of', '2026-11-27'], { cwd: scratch.path });
    expect(installed.stdout).toContain('\n  salesops pipeline changes --workspace demo\n');
    expect(installed.stdout).not.toContain('npx');
  });

  it('reuses the demo workspace on the next run and prints the same summary', async () => {
    const again = await runCli(['quickstart', '--as-of', '2026-11-27'], npmStart());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Using the existing demo workspace demo');
    // The plan FY2028 that the first run's suggestions started exists now: `plan new` would refuse it, so the
    // rerun lists the plans instead, and still segments FY2028 (in planning).
    expect(again.stdout.replace(/Built the dataset.*\n/, '')).toBe(
      first.stdout.replace(
        '  npx salesops plan new --from empty --workspace demo\n',
        '  npx salesops plan list --workspace demo\n',
      ),
    );
    const list = await runCli(['plan', 'list', '--workspace', 'demo'], { cwd: scratch.path });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('FY2028');
  });

  it("runs the forecast note's backtest as printed, and the next run's report uses it", async () => {
    // After the rerun above: the backtest changes the next report (it then picks its model by it). The note is
    // wrapped, its command whole on a line of its own.
    const note = /Fix: run\s+`npx salesops ([^`]+)`/.exec(first.stdout)?.[1] ?? '';
    expect(note).toBe('forecast backtest --period FY2027-Q4 --periods 8 --workspace demo');
    const run = await runCli(note.split(' '), { cwd: scratch.path, today: '2026-11-27' });
    expect(run.code, run.stderr).toBe(0);
    const after = await runCli(['quickstart', '--as-of', '2026-11-27'], npmStart());
    expect(after.stdout).not.toContain('no backtest was run');
  }, 60_000);
});

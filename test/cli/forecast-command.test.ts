import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ForecastCategory } from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { autoModel, type BacktestSummary, type ConfidenceReason } from '../../src/forecast/sales-forecast.js';
import { FORECAST_JSON_FORMAT, type StoredForecastDocument } from '../../src/reports/sales-forecast/json.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { writeTinyWorkspace } from '../analytics-flows/tiny-workspace.js';
import { FORECAST_AS_OF, forecastWorkspace, type ForecastWorkspace } from './forecast-workspace.js';
import { refusal } from './refusal.js';
import { runCli, scratchFolder, unwrappedProblems, type CliRun } from './run-cli.js';

let workspace: ForecastWorkspace;
beforeAll(async () => {
  workspace = await forecastWorkspace();
});
afterAll(() => workspace.remove());

/**
 * A refusal: exit code 2, a message and a fix on stderr (the fragments as if unwrapped), nothing on stdout, no
 * stack trace (a line `    at <function> (<file>:<line>:<column>)`; a wrapped line may start with "at").
 */
function expectRefused(run: CliRun, ...fragments: string[]): void {
  const stderr = refusal(run);
  for (const fragment of fragments) expect(unwrappedProblems(stderr)).toContain(fragment);
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

/**
 * A `tiny` workspace in `folder`: Ann's open $50,000 Proposal deal closing 2026-12-15 (in `annCategory`, else
 * the default pipeline) and Bob's $20,000 won on 2026-10-20.
 */
async function tinyAnnAndBob(folder: string, annCategory?: ForecastCategory): Promise<void> {
  await runCli(['init', 'tiny'], { cwd: folder });
  await writeTinyWorkspace(
    join(folder, 'tiny'),
    ['Ann', 'Bob'],
    [
      {
        id: 'O1',
        steps: [
          {
            date: '2026-09-01',
            stage: 'Proposal',
            amount: 5_000_000,
            close: '2026-12-15',
            owner: 'Ann',
            ...(annCategory === undefined ? {} : { category: annCategory }),
          },
        ],
      },
      {
        id: 'O2',
        steps: [
          { date: '2026-09-10', stage: 'Closed Won', amount: 2_000_000, close: '2026-10-20', owner: 'Bob' },
        ],
      },
    ],
  );
}

describe('salesops forecast', () => {
  it('prints the Sales Forecast of the quarter of --as-of, section by section', async () => {
    const run = await workspace.cli(['forecast']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Sales Forecast: FY2027-Q4 \(2026-11-01\.\.2027-01-31\), as of 2026-11-27/);
    for (const section of [
      'Executive Summary',
      'Pipeline Snapshot',
      'Forecast by Rep',
      'Forecast by Segment',
      'Risk Factors',
      'Upside Opportunities',
      'Recommendations',
      'Confidence Level',
      'Methods',
    ]) {
      expect(run.stdout).toContain(`\n${section}\n`);
    }
    expect(run.stdout).toMatch(/Quota:\s+\$[\d,]+/);
    expect(run.stdout).toContain('Rep');
    expect(run.stdout).toContain('Pipeline (Weighted)');
    // No backtest has run yet: the report says how to get one.
    expect(run.stdout).toContain('note: no backtest was run');
  });

  it('splits by manager and shows every model side by side with --model all', async () => {
    const run = await workspace.cli(['forecast', '--by', 'manager', '--model', 'all']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Forecast by Manager');
    expect(run.stdout).toContain('Models Side by Side');
    expect(run.stdout).toMatch(/Stage-weighted/i);
  });

  it('fits 110 columns: long lines wrap under a hanging indent, the Stage column as wide as its stage names', async () => {
    for (const args of [[], ['--model', 'historical'], ['--model', 'all', '--by', 'manager']]) {
      const run = await workspace.cli(['forecast', ...args]);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      // A command is never cut, so that it copies as printed: it may pass 110 alone on its line (here, for the
      // test workspace's long path).
      const command = /^ *`[^`]*`[.,;]?$/;
      expect(lines.filter((line) => line.length > 110 && !command.test(line))).toEqual([]);
      // A wrapped recommendation goes on under its text, not under its number.
      const second = lines.findIndex((line) => line.startsWith('2. '));
      expect(lines[second - 1]).toMatch(/^ {3}\S/);
    }
    // Historical conversion also weights deals closing outside the period: their row is labelled "Other", no wider
    // than the stage names, and the note under the table says what it is; the Markdown document keeps its label.
    const historical = await workspace.cli(['forecast', '--model', 'historical']);
    const snapshot =
      historical.stdout.split('\n\nPipeline Snapshot\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    const json = JSON.parse(
      (await workspace.cli(['forecast', '--model', 'historical', '--format', 'json'])).stdout,
    ) as {
      pipelineSnapshot: { stages: { stage: string }[]; closingLater: { count: number } };
    };
    const names = json.pipelineSnapshot.stages.map((row) => row.stage);
    const stageWidth = Math.max(...names.map((name) => name.length));
    expect(snapshot[2]).toMatch(new RegExp(`^─{${stageWidth}}  ─`));
    const other = snapshot.find((line) => line.startsWith('Other '));
    expect(other).toMatch(new RegExp(`^Other +${json.pipelineSnapshot.closingLater.count} `));
    expect(snapshot.slice(-2).join(' ').replace(/ +/g, ' ')).toBe(
      `Other: not in the total: ${json.pipelineSnapshot.closingLater.count} open deals closing outside FY2027-Q4 ` +
        '(later, overdue or none), which the historical conversion model weights too (Methods says why).',
    );
    const md = await workspace.cli(['forecast', '--model', 'historical', '--format', 'md']);
    expect(md.stdout).toContain(
      `\n| Not in total: closing outside FY2027-Q4 | ${json.pipelineSnapshot.closingLater.count} | `,
    );
  });

  it('indents each manager beneath the one they report to, as metrics --by manager does, in table, md and html', async () => {
    const byManager = async (format: string) => {
      const run = await workspace.cli(['forecast', '--by', 'manager', '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout;
    };
    const metrics = await workspace.cli(['metrics', 'closed_won', '--by', 'manager']);
    // The metrics table's manager labels, indented by level: the names the forecast's rows must show the same way.
    const indented = metrics.stdout
      .split('\n')
      .slice(4)
      .map((line) => /^( *\S+(?: \S+)*?) {2,}\$/.exec(line)?.[1])
      .filter((label): label is string => label !== undefined);
    expect(indented[0]).toMatch(/^\S/);
    expect(indented.some((label) => label.startsWith('  '))).toBe(true);
    const json = JSON.parse(await byManager('json')) as { byGroup: { rows: { group: string }[] } };
    const shown = indented.filter((label) => json.byGroup.rows.some((row) => row.group === label.trim()));
    const table = await byManager('table');
    const section = table.slice(table.indexOf('Forecast by Manager'), table.indexOf('\nAt Risk'));
    const labels = section
      .split('\n')
      .slice(4)
      .map((line) => line.slice(0, line.search(/ {2,}\$/)).trimEnd());
    expect(labels).toEqual(shown);
    // Markdown and HTML keep the indentation with no-break spaces (spaces would collapse); JSON keeps the names.
    const nbsp = (label: string) => label.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length));
    const second = shown[1] ?? '';
    expect(second).toMatch(/^ {2}\S/);
    expect(await byManager('md')).toContain(`| ${nbsp(second)} |`);
    expect(await byManager('html')).toContain(`<td>${nbsp(second)}</td>`);
    expect(json.byGroup.rows.map((row) => row.group)).toContain(second.trim());
  });

  it('gives a rep who has left no share of new pipeline (the demo’s Aaliyah Abe)', async () => {
    const run = await workspace.cli(['forecast', '--model', 'deal', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    type Row = { group: string; closed: number; pipelineWeighted: number; forecast: number };
    const report = JSON.parse(run.stdout) as {
      byGroup: { rows: Row[] };
      totalForecast: { newPipeline: number; total: number };
    };
    expect(report.totalForecast.newPipeline).toBeGreaterThan(0);
    const left = report.byGroup.rows.find((row) => row.group === 'Aaliyah Abe')!;
    expect(left.forecast).toBe(left.closed + left.pipelineWeighted);
    // The others share all of it (each row's weighted pipeline rounds to a whole minor unit).
    const sum = report.byGroup.rows.reduce((total, row) => total + row.forecast, 0);
    expect(Math.abs(sum - report.totalForecast.total)).toBeLessThanOrEqual(report.byGroup.rows.length);
  });

  it('warns that a period beyond the history is an extrapolation, at Low confidence at best', async () => {
    const run = await workspace.cli(['forecast', '--period', 'FY2030-Q1', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      executiveSummary: { confidence: string; confidenceMeaning: string };
      notes: { kind: string; message: string }[];
      distribution: { p10: number; p50: number; p90: number };
    };
    expect(report.executiveSummary.confidence).toBe('red');
    expect(report.executiveSummary.confidenceMeaning).toMatch(/^Low: an extrapolation/);
    expect(report.notes.map((note) => note.kind)).toContain('extrapolation');
    expect(report.notes.map((note) => note.kind)).not.toContain('no-pipeline');
    const text = await workspace.cli(['forecast', '--period', 'FY2030-Q1']);
    expect(text.stdout).toContain('FY2030-Q1 is beyond what the history supports');
    // Only new pipeline is left: 8 past periods' outcomes with halving recency weights, the latest 128/255, so
    // P50 and P90 may both be that outcome; the range stays ordered.
    const { p10, p50, p90 } = report.distribution;
    expect(p10).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p90);
  });

  it('gives one note for a period before the data begins, naming the first period with data', async () => {
    const run = await workspace.cli(['forecast', '--period', 'FY2020-Q1', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { notes: { kind: string; message: string; fix: string }[] };
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).toMatchObject({ kind: 'before-data' });
    expect(report.notes[0]!.message).toMatch(
      /^FY2020-Q1 ended before the data begins \(the first deal was created on \d{4}-\d\d-\d\d\)/,
    );
    expect(report.notes[0]!.fix).toMatch(/^forecast FY\d{4}-Q\d or later$/);
  });

  it('claims no confidence for a period before the data begins: no data, not a sure $0', async () => {
    const json = await workspace.cli(['forecast', '--period', 'FY2020-Q1', '--format', 'json']);
    const report = JSON.parse(json.stdout) as {
      executiveSummary: { forecast: number; confidence: string; confidenceMeaning: string };
      confidence: { level: string; probability: number | null; reasons: { kind: string; text: string }[] };
    };
    expect(report.executiveSummary).toMatchObject({ forecast: 0, confidence: 'none' });
    expect(report.executiveSummary.confidenceMeaning).toBe(
      'None claimed: there is no data for this period (it ended before the data begins)',
    );
    expect(report.confidence.level).toBe('none');
    expect(report.confidence.probability).toBeNull();
    expect(report.confidence.reasons).toEqual([
      {
        kind: 'no-data',
        period: 'FY2020-Q1',
        text: 'nothing was open or closed in FY2020-Q1: it ended before the data begins',
      },
    ]);
    // The terminal, Markdown and HTML say so, with no green (or any) level.
    for (const format of ['table', 'md', 'html']) {
      const run = await workspace.cli(['forecast', '--period', 'FY2020-Q1', '--format', format]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('there is no data for this period');
      expect(run.stdout).not.toMatch(/🟢|High|Moderate|Low forecast confidence/u);
    }
  });

  it('tells how to import quotas as the README does: quotas.csv needs no mapping', async () => {
    const run = await workspace.cli(['forecast', '--period', 'FY2030-Q1']);
    expect(run.stdout).toContain('note: no rep quotas for FY2030-Q1');
    // The command carries the run's --workspace, so that it imports into the workspace forecast. (The note is
    // wrapped under a hanging indent: read as one line.)
    expect(run.stdout.replace(/\n {6}/g, ' ')).toContain(
      `import rep quotas with \`salesops import quotas.csv --workspace ${workspace.folder}\` (columns Rep, Period`,
    );
    expect(run.stdout).not.toContain('--mapping quotas.yaml');
  });

  it('uses the model asked for and names it', async () => {
    const run = await workspace.cli(['forecast', '--model', 'stage_weighted', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { model: { id: string }; totalForecast: { model: string } };
    expect(report.model.id).toBe('stage-weighted');
    expect(report.totalForecast.model).toBe('stage-weighted');
  });

  it('takes --by rep as owner, the alias `metrics --by` and `winloss --by` take', async () => {
    const byRep = await workspace.cli(['forecast', '--by', 'rep', '--format', 'json']);
    expect(byRep.code, byRep.stderr).toBe(0);
    const byOwner = await workspace.cli(['forecast', '--by', 'owner', '--format', 'json']);
    expect(byRep.stdout).toBe(byOwner.stdout);
    expectRefused(
      await workspace.cli(['forecast', '--by', 'rep,segment']),
      '"rep,segment" is not one of',
      'owner, manager, segment',
    );
  });

  it('refuses bad flags with the valid choices', async () => {
    expectRefused(
      await workspace.cli(['forecast', '--model', 'deals']),
      '"deals" is not one of',
      'did you mean --model deal',
    );
    // With none close, the fix passes a choice rather than list them again.
    expectRefused(
      await workspace.cli(['forecast', '--by', 'region']),
      '--by: "region" is not one of owner, manager, segment\n  fix: pass one of them, e.g. --by owner\n',
    );
    expectRefused(await workspace.cli(['forecast', '--period', 'FY2027-Q5']), 'FY2027-Q5');
    expectRefused(
      await workspace.cli(['forecast', '--period', '2026-11-01..2026-12-31']),
      'is a date range',
      'fiscal quarter',
    );
    expectRefused(
      await workspace.cli(['forecast', '--format', 'csv']),
      'no csv output',
      'table, md, html or json',
    );
    expectRefused(await workspace.cli(['forecast', '--as-of', '2026-13-01']), '--as-of');
  });
});

describe('the backtest the report suggests', () => {
  it('is a command the user can run as shown, on the same workspace, period and day, and the report then uses it', async () => {
    const before = JSON.parse(
      (await workspace.cli(['forecast', '--period', 'FY2027-Q3', '--format', 'json'])).stdout,
    ) as { notes: { kind: string; fix: string | null }[] };
    const fix = before.notes.find((note) => note.kind === 'no-backtest')?.fix ?? '';
    const command = /`salesops (.*)`/u.exec(fix)?.[1] ?? '';
    expect(command).toBe(
      `forecast backtest --period FY2027-Q3 --periods 8 --workspace ${workspace.folder} --as-of 2026-11-27`,
    );
    // Run as shown, from another folder: the command itself names the workspace and the day.
    const scratch = scratchFolder();
    try {
      const run = await runCli(command.split(' '), { cwd: scratch.path });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      scratch.remove();
    }
    const after = JSON.parse(
      (await workspace.cli(['forecast', '--period', 'FY2027-Q3', '--format', 'json'])).stdout,
    ) as { notes: { kind: string }[]; methods: { backtest: { periodsAsked: number } | null } };
    expect(after.notes.map((note) => note.kind)).not.toContain('no-backtest');
    expect(after.methods.backtest?.periodsAsked).toBe(8);
  });
});

describe('salesops forecast backtest', () => {
  it('reports each model on past periods at week 2', async () => {
    const run = await workspace.cli(['forecast', 'backtest', '--periods', '4', '--week', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Backtest of 4 past periods, each forecast as of week 2 (day 7 of each period)',
    );
    expect(run.stdout).toMatch(/\nstage-weighted\s+\d+\.\d%\s+[+-]?\d+\.\d%/);
    expect(run.stdout).toMatch(/\nFY2027-Q3\s+\$/);
    // Short model names in the tables, the full ones in a note, and every line within 110 columns.
    expect(run.stdout.replace(/\n {2}/g, ' ')).toContain(
      "\nThe models: Stage-weighted (amount × stage probability); Commit (closed + commit, category roll-up); Best case (closed + commit + best case, category roll-up); Historical conversion (past pipeline conversion by stage and segment); Deal-level model (learned from this workspace's closed deals).\n",
    );
    expect(run.stdout.split('\n').filter((line) => line.length > 110)).toEqual([]);
    // The per-period table heads each model's column with the first word of its short name, capitalised.
    const models = ['Stage-weighted', 'Commit', 'Best-case', 'Historical', 'Deal-level'];
    const periodHeader = run.stdout.split('\n').find((line) => line.startsWith('Period '));
    expect(periodHeader?.trim().split(/ {2,}/)).toEqual([
      'Period',
      'Actual',
      ...models,
      'Deal-level P10-P90',
    ]);
    // Markdown has no width to keep: its tables name the models in full and give each period's as-of day.
    const md = await workspace.cli(['forecast', 'backtest', '--periods', '4', '--format', 'md']);
    expect(md.stdout).toMatch(/\n\| Stage-weighted \(amount × stage probability\) \| \d+\.\d% \|/);
    expect(md.stdout).toMatch(/\n\| FY2027-Q3 \| 2026-08-07 \| \$/);
    expect(md.stdout).toContain(
      `\n| Period | As of | Actual | ${models.join(' | ')} | Deal-level P10-P90 |\n`,
    );
    // CSV (lines end in CRLF) keeps the same headers, the range in two columns of its own.
    const csv = await workspace.cli(['forecast', 'backtest', '--periods', '4', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      `Period,As of,Actual,${models.join(',')},deal_level_p10,deal_level_p90`,
    );
  });

  it('is kept for the report: --model auto then takes the model of its rule and Methods its accuracy', async () => {
    const run = await workspace.cli(['forecast', 'backtest', '--periods', '4', '--format', 'json']);
    const result = JSON.parse(run.stdout) as BacktestSummary;
    const chosen = autoModel(result).id;
    const after = JSON.parse((await workspace.cli(['forecast', '--format', 'json'])).stdout) as {
      notes: { kind: string }[];
      model: { id: string };
      methods: { backtest: { periodsTested: number } | null; accuracy: { mape: number } | null };
    };
    expect(after.notes.map((note) => note.kind)).not.toContain('no-backtest');
    expect(after.model.id).toBe(chosen);
    expect(after.methods.backtest?.periodsTested).toBe(4);
    expect(after.methods.accuracy?.mape).toBe(result.accuracy.find((row) => row.model === chosen)?.mape);
  });

  it('runs on the periods the history holds when asked for more, and says so', async () => {
    const run = await workspace.cli(['forecast', 'backtest', '--periods', '40', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { periodsAsked: number; periods: unknown[] };
    expect(result.periodsAsked).toBe(40);
    expect(result.periods.length).toBeGreaterThan(0);
    expect(result.periods.length).toBeLessThan(40);
    expect(run.stderr).toContain(`the history holds ${result.periods.length} of the 40 periods asked`);
  });

  it('refuses a bad count', async () => {
    expectRefused(
      await workspace.cli(['forecast', 'backtest', '--periods', '0']),
      '--periods must be a whole number',
    );
    expectRefused(await workspace.cli(['forecast', 'backtest', '--week', 'two']), '--week');
    // The demo's quarters are 89 to 92 days long: week 14 starts on day 91, after some of them ended.
    expectRefused(
      await workspace.cli(['forecast', 'backtest', '--week', '20']),
      'week 20 (day 133 of each period) is past the end of',
      'fix: give a week from 1 to 13',
    );
    expectRefused(
      await workspace.cli(['forecast', 'backtest', '--period', 'FY2027-M09', '--week', '5']),
      'week 5 (day 28 of each period) is past the end of FY2027-M01 (28 days long)',
      'from 1 to 4',
    );
    expectRefused(await workspace.cli(['forecast', 'backtest', '--format', 'html']), 'has no html output');
  });
});

describe('salesops forecast snapshot and snapshots', () => {
  it('saves immutable snapshots and scores those whose period has closed', async () => {
    const past = await workspace.cli([
      '--as-of',
      '2026-08-15',
      'forecast',
      'snapshot',
      '--period',
      'FY2027-Q3',
    ]);
    expect(past.code, past.stderr).toBe(0);
    expect(past.stdout).toContain('Saved snapshot FY2027-Q3@2026-08-15');
    const current = await workspace.cli(['forecast', 'snapshot', '--period', 'FY2027-Q4']);
    expect(current.code, current.stderr).toBe(0);
    expectRefused(
      await workspace.cli(['forecast', 'snapshot', '--period', 'FY2027-Q4']),
      'a snapshot of FY2027-Q4 as of 2026-11-27 already exists',
      'immutable',
    );

    const listed = await workspace.cli(['forecast', 'snapshots']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/FY2027-Q3@2026-08-15 .* \$[\d,]+\s+[+-]\d+\.\d%\s+(yes|no)/);
    expect(listed.stdout).toContain('open until 2027-01-31');
    expect(listed.stdout).toMatch(/Over 1 closed period: MAPE \d+\.\d%/);

    const json = await workspace.cli(['forecast', 'accuracy', '--format', 'json']);
    const rows = JSON.parse(json.stdout) as {
      key: string;
      forecast: number;
      actual: number | null;
      error: number | null;
    }[];
    const scored = rows.find((row) => row.key === 'FY2027-Q3@2026-08-15')!;
    expect(scored.actual).toBeGreaterThan(0);
    expect(scored.error).toBeCloseTo((scored.forecast - scored.actual!) / scored.actual!, 12);

    const store = await openWorkspace(workspace.folder);
    try {
      const audit = await store.store.auditLog({ subject: 'forecast_snapshot:FY2027-Q4@2026-11-27' });
      expect(audit).toMatchObject([{ actor: 'test-user', action: 'forecast.snapshot', at: '2026-11-27' }]);
    } finally {
      await store.close();
    }
  });
  it('reads back a snapshot saved in format 1 (its confidence reasons sentences) beside those of format 2', async () => {
    const saved = await workspace.cli([
      '--as-of',
      '2026-08-01',
      'forecast',
      'snapshot',
      '--period',
      'FY2027-Q3',
    ]);
    expect(saved.code, saved.stderr).toBe(0);
    const key = 'FY2027-Q3@2026-08-01';
    type Snapshot = StoredForecastDocument & { readonly request: unknown };
    const opened = await openWorkspace(workspace.folder);
    try {
      const { body } = (await opened.store.document<Snapshot>('forecast_snapshot', key))!;
      if (body.format !== FORECAST_JSON_FORMAT)
        throw new Error(`snapshot ${key} is of format ${body.format}`);
      // As salesops saved it before format 2: reasons as their sentences, no basis, no risk groups; a total,
      // P10 and P90 of its own to be told from the format 2 snapshot's.
      const { basis: _basis, reasons, ...confidence } = body.confidence;
      const formatOne: Extract<StoredForecastDocument, { format: 'salesops.sales-forecast/1' }> & {
        readonly request: unknown;
      } = {
        ...body,
        format: 'salesops.sales-forecast/1',
        confidence: { ...confidence, reasons: reasons.map((reason) => reason.text) },
        risks: body.risks.map(({ groups: _groups, ...risk }) => risk),
        totalForecast: { ...body.totalForecast, total: 123_456_700 as MinorUnits },
        distribution: {
          ...body.distribution,
          p10: 100_000_000 as MinorUnits,
          p90: 150_000_000 as MinorUnits,
        },
      };
      await opened.store.saveDocument({
        kind: 'forecast_snapshot',
        key,
        body: formatOne,
        savedAt: '2026-08-01',
        savedBy: 'test-user',
        expectRevision: 1,
      });
      const read = (await opened.store.document<Snapshot>('forecast_snapshot', key))!.body;
      expect(read.format).toBe('salesops.sales-forecast/1');
      // Only a format 2 snapshot's reasons are objects: a reader asks the format before reading their figures.
      expectTypeOf(read.confidence.reasons).toEqualTypeOf<readonly string[] | readonly ConfidenceReason[]>();
      if (read.format === 'salesops.sales-forecast/1') {
        expect(read.confidence.reasons).toEqual(reasons.map((reason) => reason.text));
        expect(read.confidence).not.toHaveProperty('basis');
      }
    } finally {
      await opened.close();
    }
    const json = await workspace.cli(['forecast', 'accuracy', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { key: string }[];
    expect(rows.find((row) => row.key === key)).toMatchObject({
      period: 'FY2027-Q3',
      asOf: '2026-08-01',
      forecast: 123_456_700,
      p10: 100_000_000,
      p90: 150_000_000,
      currency: 'USD',
      actual: expect.any(Number) as unknown,
      error: expect.any(Number) as unknown,
    });
  });
});

describe('salesops forecast adjust', () => {
  it('stores an owner adjustment as its own layer, with the audit log, and the report shows both layers', async () => {
    const before = JSON.parse((await workspace.cli(['forecast', '--format', 'json'])).stdout) as {
      categories: { system: { commit: number }; ownerLayer: { commit: number } };
    };
    const run = await workspace.cli([
      'forecast',
      'adjust',
      '--rep',
      'REP-0003',
      '--category',
      'commit',
      '--amount',
      '120000',
      '--note',
      'verbal on ACME',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "Adjusted REP-0003's commit forecast for FY2027-Q4 to $120,000 (owner layer",
    );
    // The reports it names run as printed: on the same workspace and day (Dara Costa's commit $135,221, best case
    // $408,416: $120,000 keeps them cumulative).
    expect(run.stdout).toContain(
      `\`salesops forecast --period FY2027-Q4 --as-of 2026-11-27 --workspace ${workspace.folder}\` shows every layer, ` +
        `and \`salesops forecast --period FY2027-Q4 --model commit --as-of 2026-11-27 --workspace ${workspace.folder}\` forecasts with it`,
    );

    const after = JSON.parse((await workspace.cli(['forecast', '--format', 'json'])).stdout) as {
      categories: {
        system: { commit: number };
        ownerLayer: { commit: number };
        adjustments: { rep: string; amount: number; note: string; layer: string }[];
      };
    };
    expect(after.categories.system).toEqual(before.categories.system);
    expect(after.categories.adjustments).toEqual([
      expect.objectContaining({
        layer: 'owner',
        rep: 'REP-0003',
        amount: 12_000_000,
        note: 'verbal on ACME',
      }),
    ]);
    expect(after.categories.ownerLayer.commit).not.toBe(before.categories.ownerLayer.commit);
    const table = await workspace.cli(['forecast']);
    expect(table.stdout).toContain('verbal on ACME');
    // Under the commit roll-up the total spells out the adjustment with one operator carrying its sign.
    const commit = await workspace.cli(['forecast', '--model', 'commit']);
    const totalLine = commit.stdout.split('\n').find((line) => line.startsWith('Total Forecast:'));
    expect(totalLine).toMatch(/ [+−] \$[\d,]+ adjustments = /);
    expect(totalLine).not.toMatch(/[+−] [+-]/);

    // A forecast as of a day before the adjustment leaves it out.
    const earlier = JSON.parse(
      (
        await workspace.cli([
          '--as-of',
          '2026-11-20',
          'forecast',
          '--period',
          'FY2027-Q4',
          '--format',
          'json',
        ])
      ).stdout,
    ) as { categories: { adjustments: unknown[] } };
    expect(earlier.categories.adjustments).toEqual([]);

    const store = await openWorkspace(workspace.folder);
    try {
      const audit = await store.store.auditLog({ subject: 'forecast_adjustment:FY2027-Q4' });
      expect(audit).toMatchObject([
        { actor: 'test-user', action: 'forecast.adjust', detail: { rep: 'REP-0003', amount: 12_000_000 } },
      ]);
    } finally {
      await store.close();
    }
  });

  it('says when the chosen model leaves stored adjustments out, with their net effect; commit includes them', async () => {
    const scratch = scratchFolder();
    try {
      // FY2026-Q4 (calendar year): Ann's $50,000 commit deal is open, Bob won $20,000. System roll-up: commit
      // $70,000, best case $70,000.
      await tinyAnnAndBob(scratch.path, 'commit');
      const cli = (...args: string[]) =>
        runCli(['--workspace', 'tiny', '--as-of', '2026-11-27', 'forecast', ...args], {
          cwd: scratch.path,
          env: { SALESOPS_USER: 'test-user' },
        });
      // Ann's commit $50,000 -> $60,000 (+$10,000); her best case $50,000 -> $75,000 (+$25,000), her pipeline
      // too, from the top down so that commit ≤ best case ≤ pipeline holds after each.
      for (const [category, amount] of [
        ['pipeline', '75000'],
        ['best_case', '75000'],
        ['commit', '60000'],
      ] as const) {
        const run = await cli(
          'adjust',
          '--rep',
          'Ann',
          '--category',
          category,
          '--amount',
          amount,
          '--note',
          'n',
        );
        expect(run.code, run.stderr).toBe(0);
      }

      const byDefault = await cli();
      expect(byDefault.code, byDefault.stderr).toBe(0);
      // The lines as printed, wrapped at 110 columns under a two-space hanging indent, joined back.
      const unwrapped = byDefault.stdout.replace(/\n {2}(?=\S)/g, ' ');
      expect(unwrapped).toContain('(deal-level model)\n');
      expect(unwrapped).toContain(
        'Adjustments: 3 owner/manager adjustments (net commit +$10,000, best case +$25,000) are in the category ' +
          'layers (Forecast Categories and Adjustments); the deal-level model forecast does not include them ' +
          '(choose --model commit or best_case to use them)\n',
      );
      const json = JSON.parse((await cli('--format', 'json')).stdout) as {
        totalForecast: { adjustments: number; adjustmentsNotIncluded: unknown };
      };
      expect(json.totalForecast).toMatchObject({
        adjustments: 0,
        adjustmentsNotIncluded: { count: 3, commit: 1_000_000, bestCase: 2_500_000 },
      });

      // The commit roll-up takes them: $20,000 closed + $50,000 commit + $10,000 adjustments = $80,000.
      const commit = await cli('--model', 'commit');
      expect(commit.code, commit.stderr).toBe(0);
      expect(commit.stdout).toContain(
        'Total Forecast: $50,000 + $20,000 + $10,000 adjustments = $80,000 (commit roll-up)\n',
      );
      expect(commit.stdout).not.toContain('Adjustments:');
    } finally {
      scratch.remove();
    }
  });

  const adjust = (...args: string[]) =>
    workspace.cli(['forecast', 'adjust', '--category', 'commit', '--amount', '1000', '--note', 'n', ...args]);

  it('refuses an unknown rep, category or period with the valid choices, and saves nothing', async () => {
    expectRefused(await adjust('--rep', 'REP-004'), 'unknown rep "REP-004"', 'did you mean REP-0004');
    expectRefused(
      await adjust('--rep', 'kenji'),
      'unknown rep "kenji"',
      'REP-0012 (Kenji Tan), REP-0008 (Kenji Mahlangu)',
    );
    expectRefused(
      await workspace.cli([
        'forecast',
        'adjust',
        '--rep',
        'REP-0004',
        '--category',
        'comit',
        '--amount',
        '1',
        '--note',
        'n',
      ]),
      '"comit" is not one of',
      'did you mean --category commit',
    );
    expectRefused(await adjust('--rep', 'REP-0004', '--period', 'FY2027-Q7'), 'FY2027-Q7');
    expectRefused(await adjust('--rep', 'REP-0004', '--period', '2026-11-01..2026-11-30'), 'is a date range');
    expectRefused(
      await workspace.cli([
        'forecast',
        'adjust',
        '--rep',
        'REP-0004',
        '--category',
        'commit',
        '--amount',
        '12k',
        '--note',
        'n',
      ]),
      '--amount: "12k" is not a decimal number',
      'fix: give the adjusted forecast in USD as a plain number',
    );
    expectRefused(
      await adjust('--rep', 'REP-0004', '--manager', 'REP-0004'),
      'does not manage REP-0004',
      'fix: give --manager REP-0001 (or a manager above: REP-0002)\n',
    );
    // Someone who owns no deal and has no quota in the period has no forecast of their own to adjust.
    expectRefused(
      await adjust('--rep', 'REP-0004'),
      '--rep: REP-0004 (Ananya Kaur) has no forecast of their own in FY2027-Q4 to adjust',
      'fix: adjust a rep with deals or a quota in FY2027-Q4: the reps of Forecast by Rep in its report',
    );
    // Dara Costa (REP-0003): commit $135,221, best case $408,416; a commit above her best case is refused.
    expectRefused(
      await workspace.cli([
        'forecast',
        'adjust',
        '--rep',
        'REP-0003',
        '--category',
        'commit',
        '--amount',
        '500000',
        '--note',
        'n',
      ]),
      "--amount: commit $500,000 would be above REP-0003 (Dara Costa)'s best_case $408,416 in the owner layer",
      'fix: adjust best_case to at least $500,000 first (--category best_case --amount 500000.00)',
    );
    // A period that ended before the as-of day: its outcome is what closed in it.
    expectRefused(
      await adjust('--rep', 'REP-0004', '--period', 'FY2025-Q1'),
      '--period',
      'FY2025-Q1 ended on',
      'adjust an open or future period',
    );
    const store = await openWorkspace(workspace.folder);
    try {
      const revisions = await store.store.documentRevisions('forecast_adjustment', 'FY2027-Q4');
      expect(revisions.length).toBeLessThanOrEqual(1);
      expect(await store.store.documentRevisions('forecast_adjustment', 'FY2025-Q1')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('thin data', () => {
  it('an empty workspace explains how to import data', async () => {
    const scratch = scratchFolder();
    try {
      await runCli(['init', 'empty'], { cwd: scratch.path });
      for (const args of [['forecast'], ['forecast', 'backtest'], ['forecast', 'snapshot']]) {
        const run = await runCli(['--workspace', 'empty', ...args], { cwd: scratch.path });
        expectRefused(run, 'holds no opportunities', 'salesops import', 'salesops demo');
      }
      // No rep to adjust, and none to give as an example: it says so, and how to import them into this workspace.
      const adjustArgs = 'forecast adjust --rep REP-0001 --category commit --amount 1000 --note n';
      const adjust = await runCli(['--workspace', 'empty', ...adjustArgs.split(' ')], { cwd: scratch.path });
      expectRefused(adjust);
      expect(adjust.stderr).toBe(
        'error: --rep: unknown rep "REP-0001": the workspace holds no reps yet\n' +
          "  fix: import your CRM's users first, e.g. " +
          '`salesops import User.csv --source salesforce --workspace empty`\n',
      );
    } finally {
      scratch.remove();
    }
  });

  it('a period without quotas still forecasts and says how to import them', async () => {
    const scratch = scratchFolder();
    try {
      await tinyAnnAndBob(scratch.path);
      const run = await runCli(['--workspace', 'tiny', '--as-of', '2026-11-27', 'forecast'], {
        cwd: scratch.path,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Quota:');
      expect(run.stdout).toContain('no quota');
      expect(run.stdout).toMatch(/note: .*quota/i);
      expect(run.stdout).toContain('salesops import');
    } finally {
      scratch.remove();
    }
  });
});

describe('forecast subcommands --help', () => {
  const scratch = scratchFolder();
  afterAll(() => scratch.remove());
  it.each(['backtest', 'snapshot', 'snapshots', 'adjust'])(
    'forecast %s --help ends with examples of that subcommand',
    async (sub) => {
      const run = await runCli(['forecast', sub, '--help'], { cwd: scratch.path });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`\\nExamples:\\n  \\$ salesops forecast ${sub}\\b`));
    },
  );

  it('names the forecast command its options come from as the user runs salesops', async () => {
    const snapshot = await runCli(['forecast', 'snapshot', '--help'], {
      cwd: scratch.path,
      program: 'npx salesops',
    });
    expect(snapshot.stdout).toContain(
      '\nOptions of npx salesops forecast it uses:\n' +
        '  --period <period>  a fiscal period, e.g. FY2026-Q4 (default: the fiscal quarter of --as-of)\n' +
        '  --model <model>    the model of the snapshot, as for npx salesops forecast (default: auto)\n',
    );
    const backtest = await runCli(['forecast', 'backtest', '--help'], {
      cwd: scratch.path,
      program: 'node bin/salesops.js',
    });
    expect(backtest.stdout).toContain(
      '\nOptions of node bin/salesops.js forecast it uses:\n  --period <period>  the period whose kind',
    );
    // The installed command's help names it as it is.
    const adjust = await runCli(['forecast', 'adjust', '--help'], { cwd: scratch.path });
    expect(adjust.stdout).toContain('\nOptions of salesops forecast it uses:\n');
  });

  it('forecast adjust --help lists --period and every category it takes', async () => {
    const run = await runCli(['forecast', 'adjust', '--help'], { cwd: scratch.path });
    expect(run.stdout).toMatch(/\n {2}--period <period> {2}the period adjusted/);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('commit, best_case, pipeline');
    expect(run.stdout).toContain('Commit, Best Case or Pipeline');
  });
});

describe('the commands forecast messages name', () => {
  /** Runs salesops as `npx salesops` does, from the workspace's parent folder, naming the workspace. */
  const asNpx = (args: readonly string[]) =>
    runCli(['--workspace', 'small', '--as-of', FORECAST_AS_OF, ...args], {
      cwd: join(workspace.folder, '..'),
      env: { SALESOPS_USER: 'test-user' },
      program: 'npx salesops',
    });
  /** Output with the lines wrapped under a hanging indent (and a problem's fix) joined back. */
  const unwrapped = (text: string) => text.replace(/\n {2,}(?=\S)/g, ' ');

  it('are written as the user ran salesops, with the run’s --workspace', async () => {
    const backtest = await asNpx(['forecast', 'backtest', '--periods', '2']);
    expect(backtest.code, backtest.stderr).toBe(0);
    expect(unwrapped(backtest.stdout)).toMatch(
      /\n--model auto \(the default\) of `npx salesops forecast --workspace small` now uses [^\n]+\.\n$/,
    );

    const unknown = await asNpx([
      'forecast',
      'adjust',
      '--rep',
      'Zzyzx Qwerty',
      '--category',
      'commit',
      '--amount',
      '1000',
      '--note',
      'verbal',
    ]);
    expect(unknown.code).toBe(2);
    expect(unwrapped(unknown.stderr)).toMatch(
      /--rep: unknown rep "Zzyzx Qwerty" fix: give the CRM id of a rep in the workspace, e\.g\. REP-\d+ \([^)]+\)(, REP-\d+ \([^)]+\)){4} \(`npx salesops reps --workspace small` lists them\)\n$/,
    );

    const snapshot = ['forecast', 'snapshot', '--period', 'FY2027-Q3', '--as-of', '2026-08-20'];
    const saved = await asNpx(snapshot);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(
      'Its accuracy shows in `npx salesops forecast snapshots --workspace small` once FY2027-Q3 has closed',
    );
    const again = await asNpx(snapshot);
    expect(again.code).toBe(2);
    expect(unwrapped(again.stderr)).toContain(
      'list them with `npx salesops forecast snapshots --workspace small`',
    );
  });

  it('in the report’s notes, as the user ran salesops, with the run’s --workspace and --as-of', async () => {
    // FY2027-Q2: a period no test here backtests, so that the report suggests a backtest.
    const run = await asNpx(['forecast', '--period', 'FY2027-Q2']);
    expect(run.code, run.stderr).toBe(0);
    const report = unwrapped(run.stdout);
    expect(report).toContain(
      'Fix: run `npx salesops forecast backtest --period FY2027-Q2 --periods 8 --workspace small ' +
        '--as-of 2026-11-27`',
    );
    // Methods names them so too: no command in the report runs salesops as the installed command.
    expect(report).toContain(
      '- Backtest: none was run for this report; `npx salesops forecast backtest --period FY2027-Q2 ' +
        '--workspace small --as-of 2026-11-27` measures every model.',
    );
    expect(report).toContain('(not the workspace score of `npx salesops audit --workspace small`)');
    expect(report).not.toMatch(/`salesops /);
  });

  it('names the snapshot command when there is none yet', async () => {
    const scratch = scratchFolder();
    try {
      expect((await runCli(['init', 'empty'], { cwd: scratch.path })).code).toBe(0);
      const run = await runCli(['forecast', 'snapshots', '--workspace', 'empty'], {
        cwd: scratch.path,
        program: 'npx salesops',
      });
      expect(run.stdout).toBe(
        'No forecast snapshots yet: save one with ' +
          '`npx salesops forecast snapshot --period <period> --workspace empty`.\n',
      );
    } finally {
      scratch.remove();
    }
  });
});

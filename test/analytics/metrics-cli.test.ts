/**
 * `salesops metrics` through the CLI, on a workspace holding the named dataset: the list, the three output
 * formats, and bad input (exit code 2 with the closest names, the accepted forms or the missing import).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../src/analytics/metric-definition.js';
import type { EntityBatch } from '../../src/domain/entities.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';
import { NAMED_AS_OF, namedBatch } from './named-dataset.js';

/** The named dataset's configuration as a salesops.yaml. */
const CONFIG = `company: Named Co
currency: USD
fx:
  - { currency: EUR, from: 2026-01-01, rate: "0.8" }
fiscalYear: { startMonth: 1 }
ltv: { grossMargin: 0.8, annualChurn: 0.2 }
`;

let scratch: ReturnType<typeof scratchFolder>;

async function workspaceWith(name: string, batch: EntityBatch, config = CONFIG): Promise<void> {
  expect((await runCli(['init', name], { cwd: scratch.path })).code).toBe(0);
  writeFileSync(join(scratch.path, name, 'salesops.yaml'), config);
  const workspace = await openWorkspace(join(scratch.path, name));
  try {
    await workspace.store.write(batch, { source: 'test', asOf: NAMED_AS_OF });
  } finally {
    await workspace.close();
  }
}

beforeAll(async () => {
  scratch = scratchFolder();
  await workspaceWith('named', namedBatch());
  const bare = namedBatch();
  bare.quotas = [];
  bare.activities = [];
  bare.costs = [];
  bare.leads = [];
  await workspaceWith('bare', bare, CONFIG.replace(/^ltv:.*\n/m, ''));
});
afterAll(() => scratch.remove());

const cli = (...args: string[]) =>
  runCli([...args, '--workspace', 'named', '--as-of', NAMED_AS_OF], { cwd: scratch.path });

describe('salesops metrics list', () => {
  it('lists every metric by category, with its definition and benchmark', async () => {
    const run = await runCli(['metrics', 'list'], { cwd: scratch.path });
    expect(run.code).toBe(0);
    for (const id of METRIC_IDS) expect(run.stdout).toContain(`  ${id}  `);
    expect(run.stdout).toMatch(/^Pipeline\n {2}pipeline_value {2}Pipeline \(money\)\n {4}Sum of the amounts/);
    expect(run.stdout).toContain('    Benchmark: 20-30% (varies by sales motion)');
  });

  it('wraps the definitions at the notes width (110), indented under their metric, without losing a word', async () => {
    const run = await runCli(['metrics', 'list'], { cwd: scratch.path });
    const lines = run.stdout.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(110);
    const json = await runCli(['metrics', 'list', '--format', 'json'], { cwd: scratch.path });
    const entries = JSON.parse(json.stdout) as { id: string; definition: string }[];
    const pipeline = entries.find((entry) => entry.id === 'pipeline_value')!;
    // The definition's lines follow its header line, each indented 4, and join back to the whole text.
    const start = lines.indexOf('  pipeline_value  Pipeline (money)') + 1;
    const end = lines.findIndex((line, i) => i >= start && line.startsWith('    Benchmark:'));
    expect(end - start).toBeGreaterThan(1);
    for (const line of lines.slice(start, end)) expect(line).toMatch(/^ {4}\S/);
    expect(
      lines
        .slice(start, end)
        .map((line) => line.trim())
        .join(' '),
    ).toBe(pipeline.definition);
  });

  it('explains itself in --help within 110 columns', async () => {
    const run = await runCli(['metrics', '--help'], { cwd: scratch.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('such as a win rate with no closed\ndeals.');
    expect(run.stdout.split('\n').filter((line) => line.length > 110)).toEqual([]);
  });

  it('gives the registry as JSON and CSV', async () => {
    const json = await runCli(['metrics', 'list', '--format', 'json'], { cwd: scratch.path });
    const entries = JSON.parse(json.stdout) as { id: string; unit: string; definition: string }[];
    expect(entries.map((entry) => entry.id)).toEqual([...METRIC_IDS]);
    expect(entries[0]).toMatchObject({ id: 'pipeline_value', unit: 'money', category: 'pipeline' });
    const csv = await runCli(['metrics', 'list', '--format', 'csv'], { cwd: scratch.path });
    expect(csv.stdout.split('\r\n')[0]).toBe('id,name,category,unit,benchmark,inputs,dimensions,definition');
  });
});

describe('salesops metrics <ids>', () => {
  it('prints JSON: asOf, period, metric definitions and a row per group with numbers or null', async () => {
    const run = await cli(
      'metrics',
      'win_rate',
      'avg_deal_size',
      'sales_cycle_days',
      '--by',
      'owner',
      '--period',
      'FY2026-Q3',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(document).toMatchObject({
      asOf: '2026-09-15',
      period: 'FY2026-Q3',
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
      currency: 'USD',
      dimensions: ['owner'],
    });
    expect(
      (document.metrics as { id: string; unit: string }[]).map(({ id, unit }) => `${id}:${unit}`),
    ).toEqual(['win_rate:ratio', 'avg_deal_size:money', 'sales_cycle_days:days']);
    expect(document.rows).toEqual([
      { owner: 'Ann', win_rate: 0.5, avg_deal_size: 100000, sales_cycle_days: 110 },
      { owner: 'Ben', win_rate: 1, avg_deal_size: 50000, sales_cycle_days: 61 },
      { owner: 'Cid', win_rate: 0.5, avg_deal_size: 20000, sales_cycle_days: 35 },
    ]);
  });

  it('prints a table: numbers right-aligned, money in dollars, rates as percentages, n/a, footnotes', async () => {
    const run = await cli(
      'metrics',
      'pipeline_value',
      'quota_attainment',
      'pipeline_coverage',
      '--by',
      'owner',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Period FY2026-Q3 (2026-07-01..2026-09-30), as of 2026-09-15, amounts in USD',
    );
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('Owner'));
    expect(lines.slice(header, header + 7)).toEqual([
      'Owner  Pipeline  Attainment  Coverage',
      '─────  ────────  ──────────  ────────',
      'Ann     $80,000       50.0%     0.80x',
      'Ben          $0       50.0%     0.00x',
      'Cid          $0       40.0%     0.00x',
      'Dee     $30,000         n/a       n/a',
      'Mia     $10,000         n/a       n/a',
    ]);
    expect(run.stdout).toContain('  pipeline_coverage: Open pipeline / remaining quota');
  });

  it('prints CSV with plain numbers and empty cells for n/a', async () => {
    const run = await cli(
      'metrics',
      'closed_won',
      'win_rate',
      '--by',
      'segment,fiscal_month',
      '--format',
      'csv',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'segment,fiscal_month,closed_won,win_rate\r\n' +
        'Enterprise,FY2026-M07,100000,1\r\n' +
        'Enterprise,FY2026-M08,0,0\r\n' +
        'SMB,FY2026-M07,0,0\r\n' +
        'SMB,FY2026-M08,70000,1\r\n',
    );
    const withNulls = await cli('metrics', 'pipeline_value', 'win_rate', '--by', 'owner', '--format', 'csv');
    expect(withNulls.stdout).toBe(
      'owner,pipeline_value,win_rate\r\nAnn,80000,0.5\r\nBen,0,1\r\nCid,0,0.5\r\nDee,30000,\r\nMia,10000,\r\n',
    );
  });

  it('splits win rate by product', async () => {
    // Closed in FY2026-Q3: Platform O1 won, O2 lost (1 of 2); Analytics O3 and O4 won (2 of 2); no product O5
    // lost (0 of 1).
    const run = await cli(
      'metrics',
      'win_rate',
      'closed_won',
      '--by',
      'product',
      '--period',
      'FY2026-Q3',
      '--format',
      'json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { rows: unknown[] }).rows).toEqual([
      { product: 'Analytics', win_rate: 1, closed_won: 70_000 },
      { product: 'Platform', win_rate: 0.5, closed_won: 100_000 },
      { product: '(none)', win_rate: 0, closed_won: 0 },
    ]);
  });

  it('rolls up by manager and takes a date range as the period', async () => {
    const run = await cli(
      'metrics',
      'closed_won',
      '--by',
      'manager',
      '--period',
      '2026-08-01..2026-08-31',
      '--format',
      'csv',
    );
    expect(run.stdout).toBe('manager,level,closed_won\r\nMax,1,20000\r\nMia,1,50000\r\nVera,0,70000\r\n');
  });
});

describe('salesops metrics: every dimension of the issue, hand-computed', () => {
  // Won in FY2026-Q3 by 2026-09-15: O1 Ann 100,000 (07-20; account AC1: Enterprise, NA, territory NA
  // Enterprise), O3 Ben 40,000 EUR = 50,000 (08-15; AC3: SMB, EMEA, no territory), O4 Cid 20,000 (08-05; AC2:
  // SMB, EMEA, EMEA SMB). All new business from Inbound. Ann and Ben are Mia's (East), Cid Max's (West), both
  // managers Vera's.
  const won = async (by: string): Promise<Record<string, string | number>> => {
    const run = await cli('metrics', 'closed_won', '--by', by, '--period', 'FY2026-Q3', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const rows = (JSON.parse(run.stdout) as { rows: Record<string, string | number>[] }).rows;
    return Object.fromEntries(rows.map((row) => [String(row[by]), row.closed_won ?? '']));
  };

  it.each([
    ['owner', { Ann: 100_000, Ben: 50_000, Cid: 20_000 }],
    ['manager', { Vera: 170_000, Mia: 150_000, Max: 20_000 }],
    ['team', { East: 150_000, West: 20_000 }],
    ['segment', { Enterprise: 100_000, SMB: 70_000 }],
    ['region', { NA: 100_000, EMEA: 70_000 }],
    ['territory', { 'NA Enterprise': 100_000, 'EMEA SMB': 20_000, '(none)': 50_000 }],
    ['source', { Inbound: 170_000 }],
    ['type', { new: 170_000 }],
    ['product', { Platform: 100_000, Analytics: 70_000 }],
    ['size_band', { '100k-250k': 100_000, '50k-100k': 50_000, '10k-50k': 20_000 }],
    ['fiscal_month', { 'FY2026-M07': 100_000, 'FY2026-M08': 70_000 }],
    ['fiscal_quarter', { 'FY2026-Q3': 170_000 }],
    ['fiscal_year', { FY2026: 170_000 }],
  ])('--by %s', async (by, expected) => {
    expect(await won(by)).toEqual(expected);
  });
});

describe('salesops metrics: bad input, exit code 2', () => {
  it('names the closest metric ids', async () => {
    const run = await cli('metrics', 'win_rat', 'pipline_value');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"win_rat" is not a metric; did you mean win_rate');
    expect(run.stderr).toContain('"pipline_value" is not a metric; did you mean pipeline_value');
  });

  it('names the closest dimensions', async () => {
    const run = await cli('metrics', 'win_rate', '--by', 'onwer');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--by "onwer" is not a dimension; did you mean owner?');
  });

  it('reports every bad argument at once: the metric, the dimension and the period', async () => {
    const run = await cli('metrics', 'win_rat', '--by', 'ownr', '--period', 'FY2027-Q9');
    expect(run.code).toBe(2);
    // The problems, without their fixes (and a fix's further lines).
    const errors = run.stderr.split('\n').filter((line) => !line.startsWith('  '));
    expect(errors).toEqual([
      'error: "win_rat" is not a metric; did you mean win_rate, win_rate_value, win_rate_created?',
      '--by "ownr" is not a dimension; did you mean owner?',
      '--period "FY2027-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
      '',
    ]);
  });

  it('shows the accepted period forms', async () => {
    const run = await cli('metrics', 'win_rate', '--period', 'Q3-2026');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--period "Q3-2026" is not a period');
    expect(run.stderr).toContain('(FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30');
  });

  it.each([
    ['FY2026-Q5', 'a fiscal year has quarters Q1-Q4, not Q5'],
    ['fy2026-m13', 'a fiscal year has months M01-M12, not M13'],
  ])('names the quarters and months there are: --period %s', async (period, reason) => {
    const run = await cli('metrics', 'win_rate', '--period', period);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--period "${period}" is not a period: ${reason}`);
    expect(run.stderr).toContain(
      'fix: write a fiscal year, quarter or month (FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30',
    );
  });

  it('says which import is missing instead of printing 0, for every input a metric can lack', async () => {
    const run = await runCli(
      [
        'metrics',
        'quota_attainment',
        'calls_per_day',
        'cac',
        'leads_created',
        'ltv',
        'win_rate',
        '--workspace',
        'bare',
      ],
      { cwd: scratch.path, today: NAMED_AS_OF },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('quota_attainment needs rep quotas, and this workspace has none');
    expect(run.stderr).toContain('fix: import them with `salesops import quotas.csv --workspace bare`');
    expect(run.stderr).toContain('calls_per_day needs activities, and this workspace has none');
    expect(run.stderr).toContain('cac needs sales and marketing costs, and this workspace has none');
    expect(run.stderr).toContain('fix: import them with `salesops import costs.csv --workspace bare`');
    expect(run.stderr).toContain('leads_created needs leads, and this workspace has none');
    expect(run.stderr).toContain('ltv needs LTV inputs, and this workspace has none');
    expect(run.stderr).toContain('fix: add an ltv section to salesops.yaml');
    expect(run.stderr).not.toContain('win_rate');
  });

  it('prints every missing input and its fix within 110 columns, the fix wrapped, as salesops runs', async () => {
    const run = await runCli(['metrics', ...METRIC_IDS, '--workspace', 'bare'], {
      cwd: scratch.path,
      today: NAMED_AS_OF,
      program: 'npx salesops',
    });
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    for (const input of ['rep quotas', 'sales and marketing costs', 'activities', 'leads', 'LTV inputs'])
      expect(lines.some((line) => line.includes(` needs ${input}, and this workspace has none`))).toBe(true);
    expect(lines.filter((line) => line.length > 110)).toEqual([]);
    // A fix is said once, after the last metric that lacks its input, wrapped at 110 columns and continued four
    // spaces in (its first line is 109 columns: the next word, "ID,", would pass 110), its commands never cut.
    const quotas = lines.indexOf(
      '  fix: import them with `npx salesops import quotas.csv --workspace bare`, a CSV or XLSX with columns Rep (or',
    );
    expect(lines[quotas - 1]).toMatch(/^\w+ needs rep quotas, and this workspace has none$/);
    expect(lines.slice(quotas + 1, quotas + 3)).toEqual([
      '    Rep ID, or Team for a team quota), Period such as FY2026-Q3, and Quota in the corporate currency; other',
      '    headers: `npx salesops mapping suggest quotas.csv --workspace bare`',
    ]);
    // Every command of the fixes as the user runs salesops, into the workspace named: seven imports, two
    // mapping suggestions.
    const commands = run.stderr.match(/`[^`]*`/g) ?? [];
    expect(commands).toHaveLength(9);
    for (const command of commands) expect(command).toMatch(/^`npx salesops [^`]+ --workspace bare`$/);
    // 110 columns to "in", exactly.
    expect(lines).toContain(
      '  fix: add an ltv section to salesops.yaml: grossMargin, and annualChurn or lifetimeYears (see the comments in',
    );
    expect(lines).toContain("    a new workspace's salesops.yaml)");
  });

  it('refuses product for a metric measured on reps', async () => {
    const run = await cli('metrics', 'quota_attainment', '--by', 'product');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'quota_attainment cannot be split by product (measured on reps, which have none)',
    );
  });
});

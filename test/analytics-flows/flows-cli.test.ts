import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINLOSS_BREAKDOWNS, parseBreakdowns } from '../../src/cli/commands/winloss.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';
import { TINY_CONFIG, writeTinyWorkspace, type TinyStep, type TinyWorkspaceDeal } from './tiny-workspace.js';

const step = (
  date: string,
  stage: string,
  amount: number,
  close: string,
  owner: string,
  more: Partial<TinyStep> = {},
): TinyStep => ({
  date: `2026-${date}`,
  stage,
  amount,
  close: close.length === 5 ? `2026-${close}` : close,
  owner,
  ...more,
});

/**
 * Amounts in cents. The waterfall of FY2026-Q4 from 2026-10-01 to 2026-10-08: A increased by $500, C won at
 * $3,300 ($300 more than it had), D lost, E (8.00 EUR x 100 at 0.8 EUR per USD = $1,000) pushed out, G created,
 * L handed from Ann to Bob. W1-W3 closed earlier in the year.
 */
const DEALS: TinyWorkspaceDeal[] = [
  {
    id: 'A',
    steps: [
      step('09-01', 'Discovery', 100_000, '11-15', 'Ann'),
      step('10-03', 'Discovery', 150_000, '11-15', 'Ann'),
    ],
  },
  {
    id: 'C',
    steps: [
      step('08-01', 'Commit', 300_000, '11-30', 'Ann'),
      step('10-06', 'Closed Won', 330_000, '10-06', 'Ann'),
    ],
  },
  {
    id: 'D',
    lossReason: 'Went dark',
    steps: [
      step('08-01', 'Discovery', 400_000, '12-15', 'Bob'),
      step('10-04', 'Closed Lost', 0, '10-04', 'Bob'),
    ],
  },
  {
    id: 'E',
    currency: 'EUR',
    steps: [
      step('07-01', 'Proposal', 80_000, '11-15', 'Bob'),
      step('10-07', 'Proposal', 80_000, '2027-01-15', 'Bob'),
    ],
  },
  { id: 'G', steps: [step('10-02', 'Qualification', 70_000, '12-01', 'Ann')] },
  {
    id: 'L',
    steps: [
      step('09-01', 'Proposal', 120_000, '11-20', 'Ann'),
      step('10-03', 'Proposal', 120_000, '11-20', 'Bob', { category: 'best_case' }),
    ],
  },
  {
    id: 'W1',
    competitor: 'Pipewise',
    steps: [
      step('01-15', 'Proposal', 500_000, '03-31', 'Ann'),
      step('03-10', 'Closed Won', 500_000, '03-10', 'Ann'),
    ],
  },
  {
    id: 'W2',
    competitor: 'Pipewise',
    lossReason: 'Price',
    steps: [
      step('03-01', 'Qualification', 200_000, '06-30', 'Bob'),
      step('03-20', 'Negotiation', 200_000, '06-30', 'Bob'),
      step('05-10', 'Closed Lost', 200_000, '05-10', 'Bob'),
    ],
  },
  {
    id: 'W3',
    competitor: 'Closely',
    lossReason: 'No budget',
    steps: [
      step('04-01', 'Discovery', 100_000, '07-31', 'Bob'),
      step('06-01', 'Closed Lost', 100_000, '06-01', 'Bob'),
    ],
  },
];

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) =>
  runCli(['--workspace', 'tiny', '--as-of', '2026-11-27', ...args], { cwd: scratch.path });
const json = async (...args: string[]) => {
  const run = await cli(...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown> & { rows: Record<string, unknown>[] };
};

beforeAll(async () => {
  scratch = scratchFolder();
  await runCli(['init', 'tiny'], { cwd: scratch.path });
  await writeTinyWorkspace(`${scratch.path}/tiny`, ['Ann', 'Bob'], DEALS);
});
afterAll(() => scratch.remove());

const WEEK = ['--from', '2026-10-01', '--to', '2026-10-08', '--period', 'FY2026-Q4'];

describe('salesops pipeline changes on a hand-made workspace', () => {
  it('gives the hand-computed waterfall in dollars, with the deals of each bucket', async () => {
    const result = await json('pipeline', 'changes', ...WEEK);
    expect(result).toMatchObject({
      asOf: '2026-11-27',
      from: '2026-10-01',
      to: '2026-10-08',
      currency: 'USD',
    });
    expect(result).toMatchObject({ period: 'FY2026-Q4', periodStart: '2026-10-01', periodEnd: '2026-12-31' });
    expect(result.total).toMatchObject({
      start: 10_200,
      start_deals: 5,
      created: 700,
      increased: 800,
      won: -3_300,
      lost: -4_000,
      pushed_out: -1_000,
      pulled_in: 0,
      end: 3_400,
      end_deals: 3,
    });
    const deals = result.deals as Record<
      string,
      { id: string; value: number; start: { value: number; currency?: string } | null }[]
    >;
    expect(deals.pushed_out).toMatchObject([
      { id: 'E', value: -1_000, currency: 'EUR', start: { stage: 'Proposal', amount: 80_000, value: 1_000 } },
    ]);
    expect(deals.won).toMatchObject([
      {
        id: 'C',
        value: -3_300,
        start: { value: 3_000 },
        end: { stage: 'Closed Won', closeDate: '2026-10-06' },
      },
    ]);
    expect(deals.increased!.map((deal) => [deal.id, deal.value])).toEqual([
      ['A', 500],
      ['C', 300],
    ]);
    expect(deals.created).toMatchObject([{ id: 'G', start: null }]);
    expect(result.ownerMoves).toEqual({ deals: 1, value: 1_200 });
    expect(result.categoryMoves).toEqual([{ from: 'pipeline', to: 'best_case', deals: 1, value: 1_200 }]);
  });

  it('splits by owner: the hand-over as moved out of Ann and into Bob', async () => {
    const result = await json('pipeline', 'changes', ...WEEK, '--by', 'owner');
    const byOwner = Object.fromEntries(result.rows.map((row) => [String(row.owner), row]));
    expect(byOwner.Ann).toMatchObject({
      start: 5_200,
      created: 700,
      increased: 800,
      won: -3_300,
      moved_out: -1_200,
      end: 2_200,
    });
    expect(byOwner.Bob).toMatchObject({
      start: 5_000,
      lost: -4_000,
      pushed_out: -1_000,
      moved_in: 1_200,
      end: 1_200,
    });
  });

  it('prints the waterfall as a table with money in dollars, and as CSV with plain numbers', async () => {
    const table = await cli('pipeline', 'changes', ...WEEK);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'Pipeline changes 2026-10-01 → 2026-10-08, open deals closing in FY2026-Q4',
    );
    expect(table.stdout).toMatch(/Start\s+5\s+5\s+\$10,200\s/);
    // Outs are negative amounts under plain labels (no "− Won ... -$3,300" double negative).
    expect(table.stdout).toMatch(/^Won\s+1\s+-1\s+-\$3,300\s/m);
    expect(table.stdout).not.toMatch(/[+−] (Created|Won|Lost|Pushed out|Increased)/);
    expect(table.stdout).toContain(
      'Outs are negative: start + the buckets = end, exactly, in Amount and in In/out',
    );
    // The identity holds in the printed amounts: start + every bucket = end.
    const amounts = [...table.stdout.matchAll(/^(\S.*?)\s{2,}\d+\s+-?\d+\s+(-?)\$([\d,]+)\s/gm)].map(
      ([, label, sign, digits]) => [label, Number(`${sign}${digits!.replaceAll(',', '')}`)] as const,
    );
    const byLabel = new Map(amounts);
    const buckets = amounts.filter(([label]) => label !== 'Start' && label !== 'End');
    expect(buckets.length).toBe(10);
    expect(byLabel.get('Start')! + buckets.reduce((sum, [, value]) => sum + value, 0)).toBe(
      byLabel.get('End'),
    );
    expect(table.stdout).toMatch(/End\s+3\s+3\s+\$3,400\s/);
    expect(table.stdout).toContain('pipeline → best_case: 1 deal, $1,200');
    const csv = await cli('pipeline', 'changes', ...WEEK, '--format', 'csv');
    const [header, total] = csv.stdout.trim().split('\r\n');
    expect(header).toMatch(/^start,start_deals,created,created_deals,pulled_in,/);
    expect(total).toMatch(/^10200,5,700,1,0,0,/);
    const deals = await cli('pipeline', 'changes', ...WEEK, '--format', 'csv', '--deals');
    expect(deals.stdout.split('\r\n')[0]).toBe('bucket,id,name,value,state_on_from,state_on_to');
    expect(deals.stdout).toContain(
      'pushed_out,E,Deal E,-1000,"Proposal, closes 2026-11-15","Proposal, closes 2027-01-15"',
    );
  });

  it('refuses --from after --to, an unknown dimension and a bad period, exit code 2', async () => {
    const backwards = await cli('pipeline', 'changes', '--from', '2026-10-08', '--to', '2026-10-01');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from 2026-10-08 is after --to 2026-10-01');
    const dimension = await cli('pipeline', 'changes', '--by', 'ownr');
    expect(dimension.code).toBe(2);
    expect(dimension.stderr).toContain('did you mean owner');
    const period = await cli('pipeline', 'changes', '--period', 'FY26');
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('(FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30');
    const date = await cli('pipeline', 'changes', '--from', '2026-13-01');
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--from must be a calendar date YYYY-MM-DD');
    const future = await cli('pipeline', 'changes', '--to', '2026-12-01');
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('after the as-of date 2026-11-27');
  });
});

describe('pipeline: every bad option at once, exit code 2', () => {
  /** The problems, without their fixes (and a fix's further lines). */
  const errors = (stderr: string) => stderr.split('\n').filter((line) => line && !line.startsWith('  '));

  it('changes: --from, --to, --by and --period together', async () => {
    const run = await cli(
      'pipeline',
      'changes',
      '--from',
      '2026-13-01',
      '--to',
      '2026-12-40',
      '--by',
      'ownr',
      '--period',
      'FY2026-Q9',
    );
    expect(run.code).toBe(2);
    expect(errors(run.stderr)).toEqual([
      'error: --from must be a calendar date YYYY-MM-DD (got "2026-13-01")',
      '--to must be a calendar date YYYY-MM-DD (got "2026-12-40")',
      '--by "ownr" is not a dimension; did you mean owner?',
      '--period "FY2026-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
    ]);
  });

  it('conversion: --period and --by together', async () => {
    const run = await cli('pipeline', 'conversion', '--by', 'ownr', '--period', 'FY2026-Q9');
    expect(run.code).toBe(2);
    // The period is checked in the workspace's fiscal calendar, after the arguments that need no workspace.
    expect(errors(run.stderr)).toEqual([
      'error: --by "ownr" is not a dimension; did you mean owner?',
      '--period "FY2026-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
    ]);
  });
});

describe('salesops pipeline conversion on a hand-made workspace', () => {
  it('gives the Discovery cohort of FY2026 (hand-computed)', async () => {
    const result = await json('pipeline', 'conversion', '--period', 'FY2026');
    expect(result.stages).toEqual(['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Commit']);
    const discovery = result.rows.find((row) => row.stage === 'Discovery');
    // A, D and W3 were created in it; W2 jumped from Qualification to Negotiation, passing through it.
    expect(discovery).toMatchObject({
      entered: 4,
      skipped: 1,
      next_rate: 0.25,
      won: 0,
      win_rate: 0,
      lost: 3,
      loss_rate: 0.75,
      open: 1,
      // D 64 days, W3 61 days; A is still in it.
      days_in_stage: { deals: 2, mean: 62.5, median: 62.5 },
    });
    const aging = (result.aging as Record<string, unknown>[]).find((row) => row.stage === 'Discovery');
    // A, open in Discovery since 2026-09-01: 87 days.
    expect(aging).toMatchObject({ open_deals: 1, value: 1_500, days_in_stage: { mean: 87, median: 87 } });
  });

  it('prints rates as percentages in the table, n/a where a cohort is empty', async () => {
    const run = await cli('pipeline', 'conversion', '--period', 'FY2026');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Discovery\s+4\s+1\s+25\.0%/);
    expect(run.stdout).toContain('n/a');
  });

  it('leaves the reach of later stages out of the terminal table, short headers, and says where it is', async () => {
    const run = await cli('pipeline', 'conversion', '--period', 'FY2026');
    expect(run.code).toBe(0);
    // The Discovery cohort as the JSON above has it: 4 in, 1 skipped through, 25% on to Proposal, none won, 3 of
    // 4 lost, 1 open, none moved back, 62.5 days mean and median.
    expect(run.stdout).toContain(
      '\nStage          Entered  Skipped    Next     Won   Lost  Open  Back  Days  median\n' +
        '─────────────  ───────  ───────  ──────  ──────  ─────  ────  ────  ────  ──────\n',
    );
    expect(run.stdout).toContain(
      '\nDiscovery            4        1   25.0%    0.0%  75.0%     1     0  62.5    62.5\n',
    );
    expect(run.stdout).not.toContain('→Proposal');
    expect(run.stdout).toContain(
      '\nThe share of each cohort that reached each later stage (→Stage) is left out to fit 110 columns: --format csv,\n' +
        '  json or md gives it. Days and median: the mean and median days in the stage.\n',
    );
    // Its notes explain only the columns it shows: →Stage is named once, where it says the columns are left out.
    expect(run.stdout.split('→Stage')).toHaveLength(2);
    // The aging's headers short too, under its title.
    expect(run.stdout).toContain(
      '\nStage          Deals   Value   Days  median    Age  0-30  31-60  61-90  >90\n',
    );
  });

  it('gives every column in Markdown and CSV: the reach of each later stage, the long headers', async () => {
    const md = await cli('pipeline', 'conversion', '--period', 'FY2026', '--format', 'md');
    expect(md.code).toBe(0);
    // Discovery's cohort: 1 of 4 reached Proposal and Negotiation (W2), none Commit; its own column blank.
    expect(md.stdout).toContain(
      '| Stage | Entered | Skipped | →Discovery | →Proposal | →Negotiation | →Commit | Next | Won | Lost | Open | ' +
        'Back | Days mean | Days median |\n',
    );
    expect(md.stdout).toContain(
      '| Discovery | 4 | 1 |  | 25.0% | 25.0% | 0.0% | 25.0% | 0.0% | 75.0% | 1 | 0 | 62.5 | 62.5 |\n',
    );
    expect(md.stdout).toContain(
      '| Stage | Open deals | Value | Days in stage | median | Age (days) | 0-30 | 31-60 | 61-90 | >90 |\n',
    );
    expect(md.stdout).not.toContain('is left out to fit');
    expect(md.stdout).toContain('→Stage: share of the cohort that reached');
    const csv = await cli('pipeline', 'conversion', '--period', 'FY2026', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[2]).toBe('Discovery,4,1,,0.25,0.25,0,0.25,0,0.75,1,0,62.5,62.5');
  });
});

/**
 * Zero and negative amounts, a data error (`countsAsPipeline`): P stays at $1,000; N -$300 and Z $0 are open;
 * Q is cut from $2,000 to $0 on 2026-10-05, leaving the pipeline through Decreased; R, -$50 on the start date,
 * corrected to $400 on 2026-10-06, comes in through Increased; S goes up from $500 to $800 (stays in).
 */
const CREDITS: TinyWorkspaceDeal[] = [
  { id: 'P', steps: [step('09-01', 'Discovery', 100_000, '11-15', 'Ann')] },
  { id: 'N', steps: [step('09-01', 'Discovery', -30_000, '11-15', 'Ann')] },
  { id: 'Z', steps: [step('09-01', 'Proposal', 0, '2027-02-15', 'Ann')] },
  {
    id: 'Q',
    steps: [step('09-01', 'Proposal', 200_000, '11-20', 'Ann'), step('10-05', 'Proposal', 0, '11-20', 'Ann')],
  },
  {
    id: 'R',
    steps: [
      step('09-01', 'Discovery', -5_000, '12-01', 'Bob'),
      step('10-06', 'Discovery', 40_000, '12-01', 'Bob'),
    ],
  },
  {
    id: 'S',
    steps: [
      step('09-01', 'Proposal', 50_000, '12-10', 'Bob'),
      step('10-04', 'Proposal', 80_000, '12-10', 'Bob'),
    ],
  },
];

describe('zero and negative amounts in pipeline changes and conversion', () => {
  const credits = (...args: string[]) =>
    runCli(['--workspace', 'credits', '--as-of', '2026-11-27', ...args], { cwd: scratch.path });
  beforeAll(async () => {
    await runCli(['init', 'credits'], { cwd: scratch.path });
    await writeTinyWorkspace(`${scratch.path}/credits`, ['Ann', 'Bob'], CREDITS);
  });

  it('counts the deals that left through Decreased or came in through Increased, so deals add up', async () => {
    const run = await credits('pipeline', 'changes', ...WEEK, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const total = (JSON.parse(run.stdout) as { total: Record<string, number> }).total;
    // Start: P, Q, S (3); end: P, R, S (3). Increased holds R (in) and S (+$300); Decreased holds Q (out).
    expect(total).toMatchObject({
      start_deals: 3,
      increased_deals: 2,
      increased_in_deals: 1,
      decreased_deals: 1,
      decreased_out_deals: 1,
      end_deals: 3,
      increased: 700,
      decreased: -2_000,
    });
    const table = await credits('pipeline', 'changes', ...WEEK);
    // Deals, In/out, Amount: 3 + 1 - 1 = 3.
    expect(table.stdout).toMatch(/Increased\s+2\s+1\s+\$700 /);
    expect(table.stdout).toMatch(/Decreased\s+1\s+-1\s+-\$2,000 /);
    expect(table.stdout).toMatch(/End\s+3\s+3\s+\$2,200 /);
    expect(table.stdout).toContain('start + the buckets = end, exactly, in Amount and in In/out');
  });

  it('leaves them out of the aging of open deals and says how many, as metrics does', async () => {
    const run = await credits('pipeline', 'conversion', '--aging');
    expect(run.code, run.stderr).toBe(0);
    // Open on 2026-11-27: P $1,000 and R $400 in Discovery, S $800 in Proposal; N -$300, Z $0 and Q $0 left out.
    expect(run.stdout).toMatch(/Discovery\s+2\s+\$1,400 /);
    expect(run.stdout).toMatch(/Proposal\s+1\s+\$800 /);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'Left out of the aging: 3 open deals (any close date) with a zero, negative or missing amount (-$300 in all)',
    );
    expect(run.stdout).toContain('--workspace credits` lists them under amount-not-positive');
    const json = JSON.parse((await credits('pipeline', 'conversion', '--format', 'json')).stdout) as {
      agingLeftOut: unknown;
    };
    expect(json.agingLeftOut).toEqual({ deals: 3, amount: -300, reason: 'amount-not-positive' });
  });
});

/** A won deal, a lost one and a refund won at -$500 (a credit), all entering Qualification in FY2026. */
const WON_CREDITS: TinyWorkspaceDeal[] = [
  {
    id: 'WIN',
    steps: [
      step('02-01', 'Qualification', 100_000, '05-01', 'Ann'),
      step('05-01', 'Closed Won', 100_000, '05-01', 'Ann'),
    ],
  },
  {
    id: 'LOSS',
    steps: [
      step('02-01', 'Qualification', 200_000, '05-10', 'Bob'),
      step('05-10', 'Closed Lost', 200_000, '05-10', 'Bob'),
    ],
  },
  {
    id: 'REFUND',
    steps: [
      step('02-01', 'Qualification', 50_000, '05-15', 'Ann'),
      step('05-15', 'Closed Won', -50_000, '05-15', 'Ann'),
    ],
  },
];

describe('credits (won at a zero or negative amount) in metrics, winloss and conversion', () => {
  const run = (...args: string[]) =>
    runCli(['--workspace', 'won-credits', '--as-of', '2026-11-27', ...args], { cwd: scratch.path });
  const json = async <T>(...args: string[]): Promise<T> => {
    const result = await run(...args, '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  const credit = { deals: 1, amount: -500, reason: 'won-not-positive-amount', ids: ['REFUND'] };
  const saying = (from: string, which: string) =>
    `Left out of ${from}: 1 deal ${which} at a zero or negative amount (-$500 in all: REFUND), a credit or ` +
    "correction, not a sale (closed_won and the Sales Forecast's Closed net it); `salesops audit --workspace " +
    'won-credits` lists it under amount-not-positive.';
  const flat = (text: string) => text.replace(/\s+/g, ' ');
  beforeAll(async () => {
    await runCli(['init', 'won-credits'], { cwd: scratch.path });
    await writeTinyWorkspace(`${scratch.path}/won-credits`, ['Ann', 'Bob'], WON_CREDITS);
  });

  it('metrics: win rate 1 / 2 and average deal $1,000, the refund named; closed_won nets it', async () => {
    const result = await json<{ rows: Record<string, number>[]; creditsLeftOut: unknown }>(
      'metrics',
      'win_rate',
      'avg_deal_size',
      'closed_won',
      '--period',
      'FY2026',
    );
    expect(result.rows).toEqual([{ win_rate: 0.5, avg_deal_size: 1000, closed_won: 500 }]);
    expect(result.creditsLeftOut).toEqual({ ...credit, metrics: ['win_rate', 'avg_deal_size'] });
    const table = await run('metrics', 'win_rate', 'avg_deal_size', '--period', 'FY2026');
    expect(flat(table.stdout)).toContain(saying('win_rate, avg_deal_size', 'won in FY2026'));
    const csv = await run('metrics', 'win_rate', '--period', 'FY2026', '--format', 'csv');
    expect(flat(csv.stderr)).toContain(saying('win_rate', 'won in FY2026'));
  });

  it('winloss: 1 won, 1 lost, the refund named', async () => {
    const result = await json<{ overall: Record<string, unknown>; creditsLeftOut: unknown }>(
      'winloss',
      '--by',
      'owner',
      '--period',
      'FY2026',
    );
    expect(result.overall).toMatchObject({
      won: 1,
      lost: 1,
      win_rate: 0.5,
      won_value: 1000,
      lost_value: 2000,
    });
    expect(result.creditsLeftOut).toEqual(credit);
    const table = await run('winloss', '--by', 'owner', '--period', 'FY2026');
    expect(flat(table.stdout)).toContain(saying('the win rates', 'won in FY2026'));
    const csv = await run('winloss', '--by', 'owner', '--period', 'FY2026', '--format', 'csv');
    expect(flat(csv.stderr)).toContain(saying('the win rates', 'won in FY2026'));
    expect(csv.stdout).not.toContain('REFUND');
  });

  it('conversion: the Qualification cohort is the won and the lost deal, the refund named', async () => {
    const result = await json<{ total: Record<string, unknown>[]; creditsLeftOut: unknown }>(
      'pipeline',
      'conversion',
      '--period',
      'FY2026',
    );
    expect(result.total[0]).toMatchObject({
      stage: 'Qualification',
      entered: 2,
      won: 1,
      lost: 1,
      win_rate: 0.5,
    });
    expect(result.creditsLeftOut).toEqual(credit);
    const table = await run('pipeline', 'conversion', '--period', 'FY2026');
    expect(flat(table.stdout)).toContain(saying('the cohorts', 'entering a stage in FY2026, won'));
  });
});

describe('salesops winloss on a hand-made workspace', () => {
  it('gives the overall, competitor, loss-reason and stage-lost-at figures (hand-computed)', async () => {
    const result = await json(
      'winloss',
      '--by',
      'competitor',
      '--by',
      'loss_reason',
      '--by',
      'stage_lost_at',
      '--period',
      'FY2026',
    );
    expect(result.overall).toMatchObject({
      won: 2,
      lost: 3,
      win_rate: 0.4,
      won_value: 8_300,
      lost_value: 3_000,
    });
    expect((result.overall as { value_win_rate: number }).value_win_rate).toBeCloseTo(8_300 / 11_300, 12);
    const rows = (breakdown: string, dimension: string): Record<string, Record<string, unknown>> =>
      Object.fromEntries(
        result.rows.filter((row) => row.breakdown === breakdown).map((row) => [String(row[dimension]), row]),
      );
    const competitors = rows('competitor', 'competitor');
    expect(competitors.Pipewise).toMatchObject({
      measure: 'win_rate',
      won: 1,
      lost: 1,
      rate: 0.5,
      verdict: 'too few deals to tell',
      p_value: null,
    });
    expect(competitors.Closely).toMatchObject({ won: 0, lost: 1, rate: 0 });
    expect(competitors['(none)']).toMatchObject({ won: 1, lost: 1, won_value: 3_300, lost_value: 0 });
    const reasons = rows('loss_reason', 'loss_reason');
    expect(Object.keys(reasons).sort()).toEqual(['No budget', 'Price', 'Went dark']);
    expect(reasons.Price).toMatchObject({ measure: 'loss_share', won: null, lost: 1, verdict: null });
    expect(reasons.Price!.rate as number).toBeCloseTo(1 / 3, 12);
    const stages = rows('stage_lost_at', 'stage_lost_at');
    expect(Object.fromEntries(Object.entries(stages).map(([stage, row]) => [stage, row.lost]))).toEqual({
      Discovery: 2,
      Negotiation: 1,
    });
  });

  it('prints sections with percentages, intervals and the method footnote', async () => {
    const run = await cli('winloss', '--by', 'competitor', '--by', 'loss_reason', '--period', 'FY2026');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Overall: 2 won, 3 lost, win rate 40.0%');
    expect(run.stdout).toContain('Win rate by competitor');
    expect(run.stdout).toContain('Losses by loss_reason');
    expect(run.stdout).toMatch(/Pipewise\s+1\s+1\s+50\.0%\s+9\.5–90\.5%/);
    expect(run.stdout).toContain('two-proportion z-test');
    expect(run.stdout).toContain('Holm');
  });

  it('reports a bad --period and a bad --by at once, each with its fix, exit code 2', async () => {
    const run = await cli('winloss', '--period', 'FY2026-Q9', '--by', 'competitr');
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines.filter((line) => !line.startsWith('  '))).toEqual([
      'error: --by "competitr" is not a dimension; did you mean competitor?',
      '--period "FY2026-Q9" is not a period: a fiscal year has quarters Q1-Q4, not Q9',
    ]);
    expect(lines.filter((line) => line.startsWith('  fix: '))).toHaveLength(2);
  });

  it('names the valid dimensions for an unknown one, exit code 2', async () => {
    const run = await cli('winloss', '--by', 'competitr');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean competitor');
    expect(run.stderr).toContain('stage_lost_at');
  });
});

describe('parseBreakdowns', () => {
  it('reads each --by as one breakdown with its dimensions crossed, losses measured by share', () => {
    expect(parseBreakdowns(['loss_reason', 'competitor, segment', 'stage-lost-at'])).toEqual([
      { name: 'loss_reason', dimensions: ['loss_reason'], measure: 'loss_share' },
      { name: 'competitor,segment', dimensions: ['competitor', 'segment'], measure: 'win_rate' },
      { name: 'stage_lost_at', dimensions: ['stage'], measure: 'loss_share' },
    ]);
    expect(parseBreakdowns(undefined).map((breakdown) => breakdown.name)).toEqual([
      ...DEFAULT_WINLOSS_BREAKDOWNS,
    ]);
  });

  it('refuses a dimension named twice in one breakdown', () => {
    expect(() => parseBreakdowns(['owner,rep'])).toThrow('--by "owner,rep" names owner twice');
  });
});

describe('metrics, pipeline and winloss agree', () => {
  /** The tiny workspace's data under a stage model without Commit that calls Negotiation "Negotiation/Review". */
  const RENAMED_STAGES = `${TINY_CONFIG}stages:
${['Qualification:0.1:pipeline:open', 'Discovery:0.2:pipeline:open', 'Proposal:0.5:best_case:open']
  .concat(['Negotiation/Review:0.7:commit:open', 'Closed Won:1:closed:won', 'Closed Lost:0:omitted:lost'])
  .map((entry) => {
    const [name, probability, forecastCategory, outcome] = entry.split(':');
    return `  - { name: "${name}", probability: ${probability}, forecastCategory: ${forecastCategory}, outcome: ${outcome} }`;
  })
  .join('\n')}
`;

  it('refuse data in stages the stage model does not know, each with the same message, exit code 2', async () => {
    await runCli(['init', 'renamed'], { cwd: scratch.path });
    await writeTinyWorkspace(`${scratch.path}/renamed`, ['Ann', 'Bob'], DEALS);
    writeFileSync(join(scratch.path, 'renamed', 'salesops.yaml'), RENAMED_STAGES);
    const runs = await Promise.all(
      [
        ['metrics', 'pipeline_value'],
        ['metrics', 'win_rate', '--by', 'owner'],
        ['pipeline', 'changes'],
        ['pipeline', 'conversion'],
        ['winloss'],
      ].map((args) =>
        runCli(['--workspace', 'renamed', '--as-of', '2026-11-27', ...args], { cwd: scratch.path }),
      ),
    );
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        'error: salesops.yaml stages: the data holds stages the stage model does not know: "Commit" (in the history\n' +
          '    only), "Negotiation" (in the history only)\n',
      );
      expect(run.stderr).toContain('fix: add them to stages in salesops.yaml');
    }
  });

  it('cross the dimensions of one --by: winloss --by competitor,owner gives a row per pair', async () => {
    const result = await json('winloss', '--by', 'competitor,owner', '--period', 'FY2026');
    expect(result.by).toEqual(['competitor,owner']);
    const pairs = result.rows.map((row) => [row.breakdown, row.competitor, row.owner, row.won, row.lost]);
    expect(pairs).toContainEqual(['competitor,owner', 'Pipewise', 'Ann', 1, 0]);
    expect(pairs).toContainEqual(['competitor,owner', 'Pipewise', 'Bob', 0, 1]);
    const metrics = await json('metrics', 'win_rate', '--by', 'competitor,owner', '--period', 'FY2026');
    expect(metrics.rows).toContainEqual({ competitor: 'Pipewise', owner: 'Ann', win_rate: 1 });
    expect(metrics.rows).toContainEqual({ competitor: 'Pipewise', owner: 'Bob', win_rate: 0 });
  });

  it('take several --by in winloss only; metrics and pipeline say how to cross instead, exit code 2', async () => {
    const two = await json('winloss', '--by', 'competitor', '--by', 'owner', '--period', 'FY2026');
    expect(two.by).toEqual(['competitor', 'owner']);
    for (const command of [
      ['metrics', 'win_rate'],
      ['pipeline', 'changes'],
      ['pipeline', 'conversion'],
    ]) {
      const run = await cli(...command, '--by', 'owner', '--by', 'segment');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '--by is given 2 times ("owner", "segment"), and this command makes one table',
      );
      expect(run.stderr).toContain('--by owner,segment');
    }
  });

  it('refuse a bad period with the accepted forms and an unknown dimension with the closest, exit code 2', async () => {
    for (const command of [['metrics', 'win_rate'], ['pipeline', 'conversion'], ['winloss']]) {
      const period = await cli(...command, '--period', 'Q3-2026');
      expect(period.code).toBe(2);
      expect(period.stderr).toContain('(FY2026, FY2026-Q3, FY2026-M07) or dates 2026-07-01..2026-09-30');
      const dimension = await cli(...command, '--by', 'segmnt');
      expect(dimension.code).toBe(2);
      expect(dimension.stderr).toContain('did you mean segment');
    }
  });
});

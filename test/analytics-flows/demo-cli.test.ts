import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIMENSION_IDS } from '../../src/analytics/dimensions.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';

const AS_OF = '2026-11-27';
const INS = ['created', 'pulled_in', 'pushed_in', 'reopened', 'moved_in', 'increased'];
const OUTS = ['won', 'lost', 'pushed_out', 'pulled_out', 'moved_out', 'decreased'];

type JsonRow = Record<string, unknown>;
interface Document extends Record<string, unknown> {
  readonly rows: JsonRow[];
}

let scratch: ReturnType<typeof scratchFolder>;
const cli = (...args: string[]) =>
  runCli(['--workspace', 'demo', '--as-of', AS_OF, ...args], { cwd: scratch.path });
async function json(...args: string[]): Promise<Document> {
  const run = await cli(...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Document;
}

/** Major units as JSON gives them, back to exact integer cents. */
const cents = (value: unknown): number => Math.round((value as number) * 100);

beforeAll(async () => {
  scratch = scratchFolder();
  await runCli(['init', 'demo'], { cwd: scratch.path });
  const demo = await cli('demo', '--opportunities', '2000');
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(() => scratch.remove());

describe('salesops pipeline changes on a demo workspace', () => {
  const windows = [
    ['2026-10-01', '2026-10-08'],
    ['2026-08-01', AS_OF],
    ['2026-11-20', '2026-11-20'],
  ] as const;

  it.each(windows)(
    'from %s to %s: start + ins - outs = end in exact cents (outs signed negative), overall and per owner, manager and category',
    async (from, to) => {
      for (const by of [[], ['--by', 'owner'], ['--by', 'manager'], ['--by', 'forecast_category,segment']]) {
        const result = await json('pipeline', 'changes', '--from', from, '--to', to, ...by);
        for (const row of [result.total as JsonRow, ...result.rows]) {
          const ins = INS.reduce((sum, bucket) => sum + cents(row[bucket]), 0);
          const outs = OUTS.reduce((sum, bucket) => sum - cents(row[bucket]), 0);
          expect(cents(row.start) + ins - outs).toBe(cents(row.end));
        }
        if (by.length === 0) {
          // The listed deals add up to the buckets.
          const deals = result.deals as Record<string, { value: number }[]>;
          for (const bucket of [...INS, ...OUTS]) {
            const listed = deals[bucket]!;
            expect(listed.length).toBe((result.total as JsonRow)[`${bucket}_deals`]);
            expect(listed.reduce((sum, deal) => sum + cents(deal.value), 0)).toBe(
              cents((result.total as JsonRow)[bucket]),
            );
          }
        }
      }
    },
  );

  it('starts and ends at the open pipeline the metrics command gives for those days', async () => {
    const result = await json('pipeline', 'changes', '--from', '2026-10-01', '--to', '2026-10-08');
    const period = result.period as string;
    expect(cents((result.total as JsonRow).start)).toBeGreaterThan(0);
    for (const [day, side] of [
      ['2026-10-01', 'start'],
      ['2026-10-08', 'end'],
    ] as const) {
      const run = await runCli(
        [
          '--workspace',
          'demo',
          '--as-of',
          day,
          'metrics',
          'pipeline_value',
          'open_deals',
          '--period',
          period,
          '--format',
          'json',
        ],
        { cwd: scratch.path },
      );
      expect(run.code, run.stderr).toBe(0);
      const metrics = JSON.parse(run.stdout) as Document;
      expect(cents(metrics.rows[0]!.pipeline_value)).toBe(cents((result.total as JsonRow)[side]));
      expect(metrics.rows[0]!.open_deals).toBe((result.total as JsonRow)[`${side}_deals`]);
    }
  });
});

describe('salesops pipeline conversion on a demo workspace', () => {
  it('accounts for every deal of a cohort, with a funnel that never rises', async () => {
    const result = await json('pipeline', 'conversion', '--by', 'segment');
    const stages = result.stages as string[];
    expect(stages.length).toBeGreaterThan(2);
    for (const row of [...result.rows, ...(result.total as JsonRow[])]) {
      expect((row.won as number) + (row.lost as number) + (row.open as number)).toBe(row.entered);
      const reached = Object.values(row.reached as Record<string, { rate: number | null }>).map(
        (later) => later.rate,
      );
      const funnel = [...reached, row.win_rate].filter((rate): rate is number => rate !== null);
      for (let i = 1; i < funnel.length; i++) expect(funnel[i]).toBeLessThanOrEqual(funnel[i - 1]!);
    }
    // A deal has one segment, so the segments' cohorts add up to the total.
    for (const stage of stages) {
      const bySegment = result.rows
        .filter((row) => row.stage === stage)
        .reduce((sum, row) => sum + (row.entered as number), 0);
      expect(bySegment).toBe((result.total as JsonRow[]).find((row) => row.stage === stage)!.entered);
    }
    expect((result.total as JsonRow[])[0]!.entered).toBeGreaterThan(100);
  });

  it('prints every line within 110 columns, without --by and with each --by, its longest labels too', async () => {
    const tooWide: string[] = [];
    for (const by of [[], ...DIMENSION_IDS.map((dimension) => ['--by', dimension])]) {
      const run = await cli('pipeline', 'conversion', ...by);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('Open deals on');
      for (const line of run.stdout.split('\n'))
        if (line.length > 110) tooWide.push(`${by.join(' ') || 'no --by'}: ${line.length} columns: ${line}`);
    }
    expect(tooWide).toEqual([]);
  });
});

describe('salesops winloss on a demo workspace', () => {
  it('agrees with the metrics win rate, and every rate lies in its interval', async () => {
    const result = await json('winloss', '--by', 'competitor', '--by', 'loss_reason', '--by', 'owner');
    const overall = result.overall as { won: number; lost: number; win_rate: number };
    const metrics = JSON.parse(
      (await cli('metrics', 'win_rate', '--period', result.period as string, '--format', 'json')).stdout,
    ) as Document;
    expect(overall.win_rate).toBeCloseTo(metrics.rows[0]!.win_rate as number, 12);
    const competitors = result.rows.filter((row) => row.breakdown === 'competitor');
    expect(competitors.reduce((sum, row) => sum + (row.won as number), 0)).toBe(overall.won);
    expect(competitors.reduce((sum, row) => sum + (row.lost as number), 0)).toBe(overall.lost);
    const reasons = result.rows.filter((row) => row.breakdown === 'loss_reason');
    expect(reasons.reduce((sum, row) => sum + (row.rate as number), 0)).toBeCloseTo(1, 12);
    for (const row of result.rows) {
      if (row.rate === null) continue;
      expect(row.rate as number).toBeGreaterThanOrEqual(row.rate_low as number);
      expect(row.rate as number).toBeLessThanOrEqual(row.rate_high as number);
    }
    expect(result.method).toContain('two-proportion z-test');
  });
});

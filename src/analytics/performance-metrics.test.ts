import { beforeAll, describe, expect, it } from 'vitest';
import {
  datasetOf,
  NAMED_AS_OF,
  namedBatch,
  namedConfig,
  namedDataset,
  rowsBy,
  totalRow,
  usd,
} from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { isoDate } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { createStageModel, DEFAULT_STAGES } from '../domain/stage-model.js';
import { creditsLeftOutNoteOf, metricsDocument } from '../services/metrics.js';
import { evaluateMetrics } from './evaluate-metrics.js';
import { proposalStageIndex } from './performance-metrics.js';
import { parseAnalysisPeriod } from './periods.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('performance metrics, FY2026-Q3 as of 2026-09-15', () => {
  it('closed_won converts each deal at the rate of its close date: 100k + 40k EUR (50k) + 20k', () => {
    expect(totalRow(dataset, ['closed_won']).closed_won).toBe(usd(170_000));
  });

  it('uses the EUR rate in force on the close date', () => {
    const config = namedConfig({
      fx: [
        { currency: 'EUR', from: '2026-01-01', rate: '0.8' },
        { currency: 'EUR', from: '2026-08-01', rate: '0.5' },
      ],
    });
    // O3 closed 2026-08-15: 40,000 EUR / 0.5 = 80,000 USD.
    expect(rowsBy(dataset, ['closed_won'], 'owner', { config }).Ben?.closed_won).toBe(usd(80_000));
  });

  it('says which FX rate is missing instead of guessing', () => {
    const config = namedConfig({ fx: [{ currency: 'EUR', from: '2026-09-01', rate: '0.8' }] });
    expect(() => totalRow(dataset, ['closed_won'], { config })).toThrow(/no EUR rate covers 2026-08-15/);
  });

  it('quota and attainment: 170k won against rep quotas of 350k (the team quota is not added)', () => {
    const total = totalRow(dataset, ['quota', 'quota_attainment', 'gap_to_quota']);
    expect(total).toEqual({ quota: usd(350_000), quota_attainment: 170 / 350, gap_to_quota: usd(180_000) });
  });

  it('attainment per rep: n/a for a zero quota, and a rep who left keeps what he closed', () => {
    // Dee (quota 0) has a row for her pipeline.
    const byOwner = rowsBy(dataset, ['quota_attainment', 'gap_to_quota', 'pipeline_value'], 'owner');
    expect(byOwner.Ann).toMatchObject({ quota_attainment: 0.5, gap_to_quota: usd(100_000) });
    expect(byOwner.Ben).toMatchObject({ quota_attainment: 0.5, gap_to_quota: usd(50_000) });
    expect(byOwner.Cid).toMatchObject({ quota_attainment: 0.4, gap_to_quota: usd(30_000) });
    expect(byOwner.Dee).toMatchObject({ quota_attainment: null, gap_to_quota: null });
  });

  it('rolls attainment up through the hierarchy', () => {
    const byManager = rowsBy(dataset, ['quota_attainment'], 'manager');
    expect(byManager.Mia?.quota_attainment).toBe(150 / 300);
    expect(byManager.Max?.quota_attainment).toBe(20 / 50);
    expect(byManager.Vera?.quota_attainment).toBe(170 / 350);
  });

  it('shares of reps at 100% and 80% count reps with a positive quota', async () => {
    expect(totalRow(dataset, ['reps_at_quota', 'reps_at_80_percent'])).toEqual({
      reps_at_quota: 0,
      reps_at_80_percent: 0,
    });
    // FY2026-Q2: Ann 60k of 150k, Ben 45k of 40k.
    expect(totalRow(dataset, ['reps_at_quota'], { period: 'FY2026-Q2' }).reps_at_quota).toBe(0.5);
    // A quarter not begun by the as-of day has no one at quota yet, nor anyone short of it.
    const future = namedBatch();
    future.quotas.push({ ownerKind: 'rep', ownerId: 'A1', period: 'FY2026-Q4', amount: usd(100_000) });
    expect(
      totalRow(await datasetOf(future), ['reps_at_quota', 'quota_attainment'], { period: 'FY2026-Q4' }),
    ).toEqual({
      reps_at_quota: null,
      quota_attainment: 0,
    });
  });

  it('counts exactly 80% as reaching 80%', async () => {
    const batch = namedBatch();
    batch.quotas = [{ ownerKind: 'rep', ownerId: 'A1', period: 'FY2026-Q3', amount: usd(125_000) }];
    const exact = await datasetOf(batch);
    // Ann won 100k of 125k: exactly 80%.
    expect(totalRow(exact, ['reps_at_80_percent', 'reps_at_quota'])).toEqual({
      reps_at_80_percent: 1,
      reps_at_quota: 0,
    });
  });

  it('win_rate by count and by value over the deals closed in the period', () => {
    const total = totalRow(dataset, ['win_rate', 'win_rate_value']);
    expect(total.win_rate).toBe(3 / 5);
    expect(total.win_rate_value).toBeCloseTo(170 / 230, 12);
    const byOwner = rowsBy(dataset, ['win_rate'], 'owner');
    expect(byOwner).toMatchObject({ Ann: { win_rate: 0.5 }, Ben: { win_rate: 1 }, Cid: { win_rate: 0.5 } });
  });

  it('win rates of the created cohort: of O4, O7, O8, O9 only O4 is closed (won)', () => {
    expect(totalRow(dataset, ['win_rate_created', 'win_rate_created_value'])).toEqual({
      win_rate_created: 1,
      win_rate_created_value: 1,
    });
  });

  it('with no closed deals, win rate, deal size and cycle are undefined (null), not 0', () => {
    expect(
      totalRow(dataset, ['win_rate', 'win_rate_value', 'avg_deal_size', 'sales_cycle_days', 'closed_won'], {
        period: 'FY2026-Q4',
      }),
    ).toEqual({
      win_rate: null,
      win_rate_value: null,
      avg_deal_size: null,
      sales_cycle_days: null,
      closed_won: 0,
    });
  });

  it('avg_deal_size is the mean won amount rounded to the cent: 170,000 / 3', () => {
    expect(totalRow(dataset, ['avg_deal_size']).avg_deal_size).toBe(5_666_667);
  });

  it('sales cycle: mean and median days from created to closed of won deals (110, 61, 35)', () => {
    expect(totalRow(dataset, ['sales_cycle_days', 'sales_cycle_days_median'])).toEqual({
      sales_cycle_days: 206 / 3,
      sales_cycle_days_median: 61,
    });
  });

  it('discount_rate: 1 - (100k + 50k) / (125k + 50k), over won deals with a list amount', () => {
    expect(totalRow(dataset, ['discount_rate']).discount_rate).toBeCloseTo(1 - 150 / 175, 12);
  });

  it('proposal_win_rate counts closed deals that reached Proposal or beyond: O1, O3, O4 won, O5 lost', () => {
    expect(totalRow(dataset, ['proposal_win_rate']).proposal_win_rate).toBe(0.75);
  });

  it('splits win rate by the account segment and by size band', () => {
    expect(rowsBy(dataset, ['win_rate'], 'segment')).toMatchObject({
      Enterprise: { win_rate: 0.5 },
      SMB: { win_rate: 2 / 3 },
    });
    expect(Object.keys(rowsBy(dataset, ['win_rate'], 'size_band'))).toEqual([
      '10k-50k',
      '50k-100k',
      '100k-250k',
    ]);
  });
});

describe('credits (deals won at a zero or negative amount), FY2026-Q3 as of 2026-09-15', () => {
  // O14: Ann's refund won at -5,000 on 2026-08-20 and O15: Cid's correction won at 0 on 2026-08-25, both created
  // 2026-07-01. Credits, not sales: the win rates and the average deal leave them out of won and closed deals
  // alike, as the forecast's models do, while closed_won nets them. Counted as won, the win rate would be
  // 5 / 7, by value (170k - 5k) / (230k - 5k), Ann's and Cid's 2 / 3, the proposal win rate 5 / 6 and the average
  // deal 165,000 / 5.
  let withCredits: Dataset;
  beforeAll(async () => {
    const batch = namedBatch();
    const template = batch.opportunities.find((deal) => deal.id === 'O4')!;
    const addWon = (id: string, ownerId: string, amount: number, closeDate: string, list?: number) => {
      const fields = {
        stage: 'Closed Won',
        amount: usd(amount),
        closeDate: isoDate(closeDate),
        forecastCategory: 'closed' as const,
        ownerId,
      };
      const created = isoDate('2026-07-01');
      const listAmount = list === undefined ? null : usd(list);
      batch.opportunities.push({
        ...template,
        ...fields,
        id,
        name: `Deal ${id}`,
        createdDate: created,
        listAmount,
      });
      batch.opportunityChanges.push(
        {
          ...fields,
          opportunityId: id,
          date: created,
          sequence: 0,
          stage: 'Qualification',
          forecastCategory: 'pipeline',
        },
        { ...fields, opportunityId: id, date: isoDate(closeDate), sequence: 0 },
      );
    };
    addWon('O14', 'A1', -5_000, '2026-08-20', 10_000);
    addWon('O15', 'A3', 0, '2026-08-25');
    withCredits = await datasetOf(batch);
  });
  const metrics = ['win_rate', 'win_rate_value', 'avg_deal_size', 'proposal_win_rate', 'closed_won'] as const;

  it('leaves them out of the win rates and the average deal: 3 / 5, 170k / 230k, 170,000 / 3', () => {
    expect(totalRow(withCredits, metrics)).toEqual({
      win_rate: 3 / 5,
      win_rate_value: 170 / 230,
      avg_deal_size: 5_666_667,
      proposal_win_rate: 0.75,
      // What was booked nets them: 170,000 - 5,000 + 0.
      closed_won: usd(165_000),
    });
    const byOwner = rowsBy(withCredits, ['win_rate'], 'owner');
    expect(byOwner).toMatchObject({ Ann: { win_rate: 0.5 }, Ben: { win_rate: 1 }, Cid: { win_rate: 0.5 } });
  });

  it('leaves them out of the sales cycle and pipeline_velocity: the cycle of the three sales', () => {
    // The won deals' cycles: 110, 61 and 35 days for the sales, 50 and 55 for the credits (created 2026-07-01,
    // closed 08-20 and 08-25). Without the credits: mean 206 / 3, median 61; velocity 3 qualified open deals x
    // 3/5 x 170,000 / 3 over 206 / 3 days. Counted as won: mean 311 / 5, median 55, velocity 3 x 5/7 x 165,000 / 5
    // over 311 / 5.
    const expected = (3 * 0.6 * (17_000_000 / 3)) / (206 / 3);
    expect(
      totalRow(withCredits, ['pipeline_velocity', 'sales_cycle_days', 'sales_cycle_days_median']),
    ).toEqual({
      pipeline_velocity: Math.round(expected),
      sales_cycle_days: 206 / 3,
      sales_cycle_days_median: 61,
    });
  });

  it('leaves them out of the discount: 1 - (100k + 50k) / (125k + 50k)', () => {
    // O1 100,000 of a 125,000 list; O3 40,000 EUR of a 40,000 EUR list (50,000 USD each). Counted as won, the
    // credit's -5,000 of a 10,000 list would make it 1 - 145 / 185.
    expect(totalRow(withCredits, ['discount_rate']).discount_rate).toBeCloseTo(1 / 7, 12);
  });

  it('names them, their amount and the metrics that left them out, in the table, its JSON and its note', () => {
    const config = namedConfig();
    const table = evaluateMetrics({
      dataset: withCredits,
      config,
      asOf: NAMED_AS_OF,
      period: parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar),
      dimensions: [],
      metrics: [...metrics],
    });
    expect(table.creditsLeftOut).toEqual({
      ids: ['O14', 'O15'],
      amount: usd(-5_000),
      metrics: ['win_rate', 'win_rate_value', 'avg_deal_size', 'proposal_win_rate'],
    });
    expect(metricsDocument(table, undefined).creditsLeftOut).toEqual({
      deals: 2,
      amount: -5000,
      reason: 'won-not-positive-amount',
      ids: ['O14', 'O15'],
      metrics: ['win_rate', 'win_rate_value', 'avg_deal_size', 'proposal_win_rate'],
    });
    expect(creditsLeftOutNoteOf(table, (words) => `npx ${words} --workspace demo`)).toBe(
      'Left out of win_rate, win_rate_value, avg_deal_size, proposal_win_rate: 2 deals won in FY2026-Q3 at a ' +
        'zero or negative amount (-$5,000 in all: O14, O15), credits or corrections, not sales (closed_won and ' +
        "the Sales Forecast's Closed net them); `npx salesops audit --workspace demo` lists them under " +
        'amount-not-positive.',
    );
    // closed_won nets them, leaving nothing out.
    expect(
      evaluateMetrics({ ...table, dataset: withCredits, config, metrics: ['closed_won'] }).creditsLeftOut,
    ).toBeNull();
  });
});

describe('proposalStageIndex', () => {
  it('is the stage named Proposal, else the first open best_case stage, else an InputError', () => {
    expect(proposalStageIndex(createStageModel(DEFAULT_STAGES))).toBe(2);
    const renamed = DEFAULT_STAGES.map((stage) =>
      stage.name === 'Proposal' ? { ...stage, name: 'Quote' } : stage,
    );
    expect(proposalStageIndex(createStageModel(renamed))).toBe(2);
    const flat = DEFAULT_STAGES.filter((stage) => stage.forecastCategory !== 'best_case');
    expect(() => proposalStageIndex(createStageModel(flat))).toThrow(InputError);
  });
});

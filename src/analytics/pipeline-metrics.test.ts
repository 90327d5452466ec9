import { beforeAll, describe, expect, it } from 'vitest';
import {
  datasetOf,
  namedBatch,
  namedConfig,
  namedDataset,
  NAMED_AS_OF,
  rowsBy,
  totalRow,
  usd,
} from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { isoDate } from '../domain/dates.js';
import { pipelineLeftOutNote } from '../services/metrics.js';
import { evaluateMetrics } from './evaluate-metrics.js';
import { parseAnalysisPeriod } from './periods.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('pipeline metrics, FY2026-Q3 as of 2026-09-15', () => {
  it('pipeline_value sums deals open on the as-of day closing in the period: O6 80k + O7 30k + O9 10k', () => {
    expect(totalRow(dataset, ['pipeline_value', 'open_deals'])).toEqual({
      pipeline_value: usd(120_000),
      open_deals: 3,
    });
  });

  it('by owner, a deal handed over when its rep left counts for the new owner (O7: Cid to Dee)', () => {
    const byOwner = rowsBy(dataset, ['pipeline_value'], 'owner');
    expect(Object.keys(byOwner)).toEqual(['Ann', 'Dee', 'Mia']);
    expect(byOwner.Ann?.pipeline_value).toBe(usd(80_000));
    expect(byOwner.Dee?.pipeline_value).toBe(usd(30_000));
    expect(byOwner.Mia?.pipeline_value).toBe(usd(10_000));
  });

  it("reads the pipeline as it stood on an earlier day: as of 2026-08-10 O7 was Cid's at 25k and O3 still open", () => {
    const byOwner = rowsBy(dataset, ['pipeline_value'], 'owner', { asOf: '2026-08-10' });
    expect(byOwner).toMatchObject({
      Ann: { pipeline_value: usd(80_000) },
      Ben: { pipeline_value: usd(50_000) }, // 40,000 EUR at 0.8 EUR per USD
      Cid: { pipeline_value: usd(25_000) },
      Mia: { pipeline_value: usd(10_000) },
    });
  });

  it('weighted_pipeline applies the stage default probability: 80k x 0.5 + 30k x 0.8 + 10k x 0.2', () => {
    expect(totalRow(dataset, ['weighted_pipeline']).weighted_pipeline).toBe(usd(66_000));
  });

  it('pipeline_coverage divides by the quota still to close; coverage_full by the whole quota', () => {
    // Quota 350k, closed won 170k: 120k / 180k and 120k / 350k.
    const total = totalRow(dataset, ['pipeline_coverage', 'pipeline_coverage_full']);
    expect(total.pipeline_coverage).toBeCloseTo(120 / 180, 12);
    expect(total.pipeline_coverage_full).toBeCloseTo(120 / 350, 12);
  });

  it('coverage is n/a for a zero quota or none, and 0 for a quota without pipeline', () => {
    const byOwner = rowsBy(dataset, ['pipeline_coverage'], 'owner');
    expect(byOwner.Ann?.pipeline_coverage).toBeCloseTo(80 / (200 - 100), 12);
    expect(byOwner.Ben?.pipeline_coverage).toBe(0); // O8 closes in Q4
    expect(byOwner.Dee?.pipeline_coverage).toBeNull(); // quota 0
    expect(byOwner.Mia?.pipeline_coverage).toBeNull(); // no quota
  });

  it('rolls coverage up the hierarchy: a manager covers their own deals and every report', () => {
    const byManager = rowsBy(dataset, ['pipeline_value', 'pipeline_coverage'], 'manager');
    expect(byManager.Mia).toMatchObject({ pipeline_value: usd(90_000), pipeline_coverage: 90 / (300 - 150) });
    expect(byManager.Max).toMatchObject({ pipeline_value: usd(30_000), pipeline_coverage: 30 / (50 - 20) });
    expect(byManager.Vera?.pipeline_value).toBe(usd(120_000));
  });

  it('pipeline_created sums the amounts deals had when created in the period: O4 20k, O7 25k, O8 20k, O9 10k', () => {
    expect(totalRow(dataset, ['pipeline_created']).pipeline_created).toBe(usd(75_000));
  });

  it('pipeline_velocity = qualified open deals x win rate x average won deal / average cycle, per day', () => {
    // 3 qualified (O6, O7, O9; O8 closes in Q4), win rate 3/5, average won 170k/3, cycle (110 + 61 + 35)/3 days.
    const expected = (3 * 0.6 * (17_000_000 / 3)) / (206 / 3);
    expect(totalRow(dataset, ['pipeline_velocity']).pipeline_velocity).toBe(Math.round(expected));
  });

  it('aging is the mean days since created of the open deals: (106 + 72 + 45) / 3', () => {
    expect(totalRow(dataset, ['aging']).aging).toBeCloseTo(223 / 3, 12);
  });

  it('counts deals pushed and pushes: O6 moved from 08-31 to 09-30 once', () => {
    expect(totalRow(dataset, ['deals_pushed', 'push_count'])).toEqual({ deals_pushed: 1, push_count: 1 });
    expect(totalRow(dataset, ['deals_pushed'], { asOf: '2026-08-24' }).deals_pushed).toBe(0);
  });

  it('splits open pipeline by stage in process order', () => {
    const byStage = rowsBy(dataset, ['pipeline_value'], 'stage');
    expect(Object.keys(byStage)).toEqual(['Discovery', 'Proposal', 'Negotiation']);
  });

  it('splits by fiscal month of the close date', () => {
    const byMonth = rowsBy(dataset, ['pipeline_value'], 'fiscal_month');
    expect(byMonth['FY2026-M09']?.pipeline_value).toBe(usd(120_000));
    expect(Object.keys(byMonth)).toEqual(['FY2026-M09']);
  });
});

describe('pipeline metrics with open deals of zero and negative amounts, FY2026-Q3 as of 2026-09-15', () => {
  // O12: Ann's Negotiation deal of -5,000 and O13: Dee's Proposal deal of 0, both closing in Q3 (created
  // 2026-08-01): data errors, not pipeline, left out of every metric over the open pipeline as the forecast leaves
  // them out. Counted in, the pipeline would be 115,000 over 5 deals, the weighted pipeline 66,000 - 5,000 x 0.8 =
  // 62,000, coverage 115 / 180 and the average age (106 + 72 + 45 + 45 + 45) / 5.
  let withErrors: Dataset;
  beforeAll(async () => {
    const batch = namedBatch();
    const template = batch.opportunities.find((deal) => deal.id === 'O6')!;
    const add = (id: string, ownerId: string, stage: string, amount: number) => {
      const fields = {
        stage,
        amount: usd(amount),
        closeDate: isoDate('2026-09-28'),
        forecastCategory: 'pipeline' as const,
        ownerId,
      };
      batch.opportunities.push({
        ...template,
        ...fields,
        id,
        name: `Deal ${id}`,
        createdDate: isoDate('2026-08-01'),
      });
      batch.opportunityChanges.push({
        opportunityId: id,
        date: isoDate('2026-08-01'),
        sequence: 0,
        ...fields,
      });
    };
    add('O12', 'A1', 'Negotiation', -5_000);
    add('O13', 'A4', 'Proposal', 0);
    withErrors = await datasetOf(batch);
  });
  const metrics = [
    'pipeline_value',
    'open_deals',
    'weighted_pipeline',
    'pipeline_coverage',
    'pipeline_coverage_full',
    'aging',
    'closed_won',
  ] as const;

  it('counts the open pipeline the forecast counts: O6 80k + O7 30k + O9 10k, three deals', () => {
    const total = totalRow(withErrors, metrics);
    expect(total).toMatchObject({
      pipeline_value: usd(120_000),
      open_deals: 3,
      weighted_pipeline: usd(66_000),
      closed_won: usd(170_000),
    });
    expect(total.pipeline_coverage).toBeCloseTo(120 / 180, 12);
    expect(total.pipeline_coverage_full).toBeCloseTo(120 / 350, 12);
    expect(total.aging).toBeCloseTo(223 / 3, 12);
    const byOwner = rowsBy(withErrors, ['pipeline_value', 'open_deals'], 'owner');
    expect(byOwner.Ann).toMatchObject({ pipeline_value: usd(80_000), open_deals: 1 });
    expect(byOwner.Dee).toMatchObject({ pipeline_value: usd(30_000), open_deals: 1 });
  });

  it('says how many deals the open-pipeline metrics left out and their value, and which metrics read them', () => {
    const config = namedConfig();
    const table = evaluateMetrics({
      dataset: withErrors,
      config,
      asOf: NAMED_AS_OF,
      period: parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar),
      dimensions: [],
      metrics: [...metrics],
    });
    expect(table.leftOut).toEqual({
      deals: 2,
      amount: usd(-5_000),
      metrics: [
        'pipeline_value',
        'open_deals',
        'weighted_pipeline',
        'pipeline_coverage',
        'pipeline_coverage_full',
        'aging',
      ],
    });
    expect(pipelineLeftOutNote(table, (words) => `npx ${words} --workspace demo`)).toBe(
      'Left out of pipeline_value, open_deals, weighted_pipeline, pipeline_coverage, pipeline_coverage_full, aging: ' +
        '2 open deals closing in FY2026-Q3 with a zero, negative or missing amount (-$5,000 in all), a data error, ' +
        'not pipeline (the Sales Forecast leaves them out too); `npx salesops audit --workspace demo` lists them ' +
        'under amount-not-positive.',
    );
    // Metrics that do not read the open pipeline leave nothing out; nor does the named dataset.
    const won = evaluateMetrics({ ...table, dataset: withErrors, config, metrics: ['closed_won'] });
    expect(won.leftOut).toBeNull();
  });
});

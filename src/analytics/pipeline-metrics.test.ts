import { beforeAll, describe, expect, it } from 'vitest';
import { namedDataset, rowsBy, totalRow, usd } from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';

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

import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, namedConfig, namedDataset, usd } from '../../test/analytics/named-dataset.js';
import { resolveAnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { toDayNumber } from '../domain/dates.js';
import { stageWeightedForecast } from './stage-weighted.js';

// The named dataset (test/analytics/named-dataset.ts), FY2026-Q3 as of 2026-09-15:
// closed won O1 Ann 100,000, O3 Ben 50,000 (40,000 EUR), O4 Cid 20,000;
// open closing in Q3: O6 Ann Proposal 80,000 (x 0.5 = 40,000), O7 Dee Negotiation 30,000 (x 0.8 = 24,000),
// O9 Mia Discovery 10,000 (x 0.2 = 2,000); O8 Ben closes in Q4 and is out.
let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

function forecastBy(by: 'owner' | 'manager' | 'segment') {
  const config = namedConfig();
  const period = resolveAnalysisPeriod('FY2026-Q3', NAMED_AS_OF, config.fiscalCalendar);
  return stageWeightedForecast(dataset, config, period, toDayNumber(NAMED_AS_OF), [by]);
}

describe('stageWeightedForecast', () => {
  it('totals closed won plus amount x stage probability, naming its probability layer', () => {
    const result = forecastBy('owner');
    expect(result).toMatchObject({
      model: 'stage-weighted',
      probabilityLayer: 'stage-default',
      period: 'FY2026-Q3',
    });
    expect(result.total).toEqual({
      closedWon: usd(170_000),
      openDeals: 3,
      pipeline: usd(120_000),
      weightedPipeline: usd(66_000),
      forecast: usd(236_000),
    });
    expect(result.inputs).toEqual({
      openDeals: 3,
      closedWonDeals: 3,
      closedWonNotPositive: 0,
      openNotPositive: 0,
      openWithoutAmount: 0,
      overdueBeforePeriod: 0,
      openWithoutCloseDate: 0,
      openAfterPeriodEnded: 0,
    });
  });

  it('splits by rep', () => {
    const byOwner = Object.fromEntries(
      forecastBy('owner').rows.map((row): [string, number] => [row.group.owner ?? '', row.forecast]),
    );
    expect(byOwner).toMatchObject({
      Ann: usd(140_000),
      Ben: usd(50_000),
      Cid: usd(20_000),
      Dee: usd(24_000),
      Mia: usd(2_000),
    });
  });

  it('rolls reps up the manager hierarchy (a manager’s own deals included)', () => {
    const byManager = new Map(forecastBy('manager').rows.map((row) => [row.group.manager ?? '', row]));
    expect(byManager.get('Mia')).toMatchObject({
      closedWon: usd(150_000),
      weightedPipeline: usd(42_000),
      forecast: usd(192_000),
    });
    expect(byManager.get('Max')).toMatchObject({
      closedWon: usd(20_000),
      weightedPipeline: usd(24_000),
      forecast: usd(44_000),
    });
    expect(byManager.get('Vera')).toMatchObject({ forecast: usd(236_000) });
  });

  it('gives the pipeline snapshot by open stage in process order', () => {
    expect(forecastBy('owner').stages).toEqual([
      { stage: 'Qualification', probability: 0.1, count: 0, value: 0, weightedValue: 0 },
      { stage: 'Discovery', probability: 0.2, count: 1, value: usd(10_000), weightedValue: usd(2_000) },
      { stage: 'Proposal', probability: 0.5, count: 1, value: usd(80_000), weightedValue: usd(40_000) },
      { stage: 'Negotiation', probability: 0.8, count: 1, value: usd(30_000), weightedValue: usd(24_000) },
      { stage: 'Commit', probability: 0.9, count: 0, value: 0, weightedValue: 0 },
    ]);
  });
});

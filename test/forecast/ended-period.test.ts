/**
 * A period that ended before the as-of day: nothing open can still close in it and no new pipeline can reach it,
 * so every model's forecast is what closed and the outcome is certain (P10 = P50 = P90 = closed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetOf, namedBatch, namedConfig, usd } from '../analytics/named-dataset.js';
import { parseAnalysisPeriod } from '../../src/analytics/periods.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import { isoDate } from '../../src/domain/dates.js';
import { buildSalesForecast } from '../../src/forecast/sales-forecast.js';

// The named dataset, read on 2026-11-15: FY2026-Q3 (2026-07-01..2026-09-30) has ended, O6, O7 and O9 (dated in it)
// are still open, and 170,000 closed won in it.
const AS_OF = isoDate('2026-11-15');
let dataset: Dataset;
beforeAll(async () => {
  dataset = await datasetOf(namedBatch(), AS_OF);
});

const forecastOf = (model: 'stage-weighted' | 'deal-level' | 'historical-conversion' | 'commit') => {
  const config = namedConfig();
  return buildSalesForecast({
    dataset,
    config,
    period: parseAnalysisPeriod('FY2026-Q3', config.fiscalCalendar),
    asOf: AS_OF,
    options: { model },
  });
};

describe('the forecast of an ended period', () => {
  it.each(['stage-weighted', 'deal-level', 'historical-conversion', 'commit'] as const)(
    'is what closed, with no spread, under %s',
    (model) => {
      const result = forecastOf(model);
      expect(result.closedThisPeriod).toBe(usd(170_000));
      expect(result.executiveSummary.forecast).toBe(usd(170_000));
      expect(result.distribution).toMatchObject({
        p10: usd(170_000),
        p50: usd(170_000),
        p90: usd(170_000),
        sd: 0,
      });
    },
  );

  it('counts the open deals dated in it as left out', () => {
    expect(forecastOf('deal-level').methods.inputs).toMatchObject({ openDeals: 0, openAfterPeriodEnded: 3 });
  });
});

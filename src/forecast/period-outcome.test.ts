import { beforeAll, describe, expect, it } from 'vitest';
import { NAMED_AS_OF, namedConfig, namedDataset, usd } from '../../test/analytics/named-dataset.js';
import { resolveAnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { toDayNumber } from '../domain/dates.js';
import { periodDeals } from './period-deals.js';
import { periodOutcomeDistribution } from './period-outcome.js';
import { stageProbabilities } from './stage-weighted.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('periodOutcomeDistribution', () => {
  it('gives the named dataset’s FY2026-Q3 outcome under stage probabilities, by enumeration', () => {
    const config = namedConfig();
    const period = resolveAnalysisPeriod('FY2026-Q3', NAMED_AS_OF, config.fiscalCalendar);
    const deals = periodDeals(dataset, config, period, toDayNumber(NAMED_AS_OF));
    // Closed 170,000 + O6 80,000 at 0.5, O7 30,000 at 0.8, O9 10,000 at 0.2. The open part's outcomes (thousands)
    // and cumulative probabilities: 0 .08, 10 .10, 30 .42, 40 .50, 80 .58, 90 .60, 110 .92, 120 1.
    const result = periodOutcomeDistribution(deals, stageProbabilities(dataset, deals, config), {
      targets: [usd(236_000)],
    });
    expect(result).toMatchObject({ p10: usd(180_000), p50: usd(210_000), p90: usd(280_000), errorBound: 0 });
    // The mean is the stage-weighted forecast.
    expect(result.mean).toBeCloseTo(usd(236_000), 6);
    // Reaching 236,000 needs O6: 0.5.
    expect(result.probabilityAtLeast[0]!.probability).toBeCloseTo(0.5, 12);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { namedConfig, namedDataset, usd } from '../../test/analytics/named-dataset.js';
import { parseAnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { backtest } from './backtest.js';

// The named dataset (test/analytics/named-dataset.ts), tested from FY2026-Q4 as of 2026-09-30, each period as
// of the day before it starts:
// - FY2026-Q3 as of 06-30: open closing in Q3 O1 Negotiation 100,000 (x 0.8), O2 Discovery 50,000 (x 0.2), O3
//   Discovery 40,000 EUR = 50,000 (x 0.2), O5 Proposal 10,000 (x 0.5), O6 Discovery 80,000 (x 0.2): 121,000;
//   best case (O1, O5) 110,000; no commit. Actual: O1 + O3 + O4 = 170,000.
// - FY2026-Q2 as of 03-31: O10 Qualification 60,000 (x 0.1), O11 Discovery 45,000 (x 0.2): 15,000; no best
//   case or commit. Actual: 105,000.
// - FY2026-Q1 as of 2025-12-31: nothing yet; actual 0 (left out of MAPE). FY2025-Q4 is before the first deal.
let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('backtest', () => {
  const run = (periods = 8) => {
    const config = namedConfig();
    return backtest(
      dataset,
      config,
      parseAnalysisPeriod('FY2026-Q4', config.fiscalCalendar),
      toDayNumber(isoDate('2026-09-30')),
      { periods, offsetDays: 0 },
    );
  };

  it('rebuilds each past period’s forecasts as of its start and compares them with what was won', () => {
    const result = run();
    expect(result.periodsAsked).toBe(8);
    // The history holds three periods: the backtest runs on those and says so.
    expect(result.periodsTested).toEqual(['FY2026-Q3', 'FY2026-Q2', 'FY2026-Q1']);
    expect(result.periods.map((row) => [row.period, row.asOf, row.actual])).toEqual([
      ['FY2026-Q3', '2026-06-30', usd(170_000)],
      ['FY2026-Q2', '2026-03-31', usd(105_000)],
      ['FY2026-Q1', '2025-12-31', 0],
    ]);
    expect(result.periods[0]!.forecasts).toMatchObject({
      'stage-weighted': usd(121_000),
      commit: 0,
      'best-case': usd(110_000),
      // Too little history for own rates: the stage defaults, so the same as stage-weighted.
      'historical-conversion': usd(121_000),
    });
    expect(result.periods[1]!.forecasts['stage-weighted']).toBe(usd(15_000));
    // Two past deals are far too few for the logistic model: per-stage rates shrunk to the defaults.
    expect(result.periods[0]!.dealModel).toBe('stage-rates');
  });

  it('reports MAPE and signed bias per model over periods with a non-zero actual', () => {
    const accuracy = Object.fromEntries(run().accuracy.map((row): [string, typeof row] => [row.model, row]));
    const weighted = (49 / 170 + 90 / 105) / 2;
    expect(accuracy['stage-weighted']!.mape).toBeCloseTo(weighted, 12);
    expect(accuracy['stage-weighted']!.bias).toBeCloseTo(-weighted, 12);
    expect(accuracy.commit).toMatchObject({ mape: 1, bias: -1, p10p90Coverage: null });
    expect(accuracy['best-case']!.mape).toBeCloseTo((60 / 170 + 1) / 2, 12);
  });

  it('names the best model and gives P10-P90 calibration for the models with a distribution', () => {
    const result = run();
    const best = result.accuracy.filter((row) => row.mape !== null).sort((a, b) => a.mape! - b.mape!)[0]!;
    expect(result.bestModel).toBe(best.model);
    for (const row of result.periods) {
      expect(row.stageRange.p10).toBeLessThanOrEqual(row.stageRange.p90);
      expect(row.dealRange.p10).toBeLessThanOrEqual(row.dealRange.p90);
    }
    // Q1: nothing open, so the stage range is 0-0, the actual.
    expect(result.periods[2]!.stageRange).toMatchObject({ p10: 0, p90: 0 });
    const inside = result.periods.filter(
      (row) => row.actual >= row.stageRange.p10 && row.actual <= row.stageRange.p90,
    ).length;
    expect(result.accuracy.find((row) => row.model === 'stage-weighted')!.p10p90Coverage).toBe(inside / 3);
  });

  it('refuses a date range and a period count below 1', () => {
    const config = namedConfig();
    const range = parseAnalysisPeriod('2026-07-01..2026-09-30', config.fiscalCalendar);
    expect(() =>
      backtest(dataset, config, range, toDayNumber(isoDate('2026-09-30')), { periods: 8 }),
    ).toThrow(/not from the date range/);
    expect(() => run(0)).toThrow(/--periods must be a whole number >= 1/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { namedConfig, namedDataset, usd } from '../../test/analytics/named-dataset.js';
import { parseAnalysisPeriod } from '../analytics/periods.js';
import type { Dataset } from '../dataset/dataset.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { InputError } from '../domain/errors.js';
import { historicalConversionForecast } from './historical-conversion.js';

// The named dataset (test/analytics/named-dataset.ts). Open at the start of FY2026-Q2 (end of 2026-03-31):
// O10 Ann Qualification Enterprise 60,000 (won 05-15), O11 Ben Discovery Enterprise 45,000 (won 06-10), O5 Cid
// Proposal SMB 10,000 (lost in Q3). FY2026-Q1 had nothing open at its start but deals created in it; FY2025-Q4
// had no deals: history ends there.
let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

function forecast(periodName: string, asOf: string, pastPeriods: number, minCellDeals?: number) {
  const config = namedConfig();
  const period = parseAnalysisPeriod(periodName, config.fiscalCalendar);
  return historicalConversionForecast(
    dataset,
    config,
    period,
    toDayNumber(isoDate(asOf)),
    ['owner'],
    pastPeriods,
    minCellDeals,
  );
}

describe('historicalConversionForecast', () => {
  it('measures conversion by stage and segment and applies it to the pipeline open now', () => {
    const result = forecast('FY2026-Q3', '2026-09-15', 3, 1);
    expect(result.periodsUsed).toEqual(['FY2026-Q2', 'FY2026-Q1']);
    expect(result.periodsAsked).toBe(3);
    const rate = (stage: string, segment: string) =>
      result.rates.find((row) => row.stage === stage && row.segment === segment);
    expect(rate('Qualification', 'Enterprise')).toMatchObject({
      dealsAtStart: 1,
      openAtStart: usd(60_000),
      wonByEnd: usd(60_000),
      rate: 1,
      layer: 'stage-segment',
    });
    expect(rate('Proposal', 'SMB')).toMatchObject({ rate: 0, layer: 'stage-segment' });
    // Open now: O6 Ann Proposal Enterprise 80,000 (no such cell: Proposal's rate over segments, 0), O7 Dee
    // Negotiation SMB 30,000 (never seen: default 0.8), O8 Ben Qualification Enterprise 20,000 (rate 1), O9 Mia
    // Discovery Enterprise 10,000 (rate 1).
    expect(rate('Proposal', 'Enterprise')).toMatchObject({ rate: 0, layer: 'stage' });
    expect(rate('Negotiation', 'SMB')).toMatchObject({ rate: 0.8, layer: 'stage-default' });
    expect(result.total).toEqual({
      closedWon: usd(170_000),
      openPipeline: usd(140_000),
      fromOpenPipeline: usd(54_000),
      fromNewPipeline: 0,
      forecast: usd(224_000),
    });
    const ben = result.rows.find((row) => row.group.owner === 'Ben');
    expect(ben).toMatchObject({
      closedWon: usd(50_000),
      fromOpenPipeline: usd(20_000),
      forecast: usd(70_000),
    });
  });

  it('falls back to the stage default probabilities when history is thin', () => {
    const result = forecast('FY2026-Q3', '2026-09-15', 3);
    expect(result.rates.every((row) => row.layer === 'stage-default')).toBe(true);
    // 80,000 x 0.5 + 30,000 x 0.8 + 20,000 x 0.1 + 10,000 x 0.2.
    expect(result.total.fromOpenPipeline).toBe(usd(68_000));
  });

  it('adds the average pipeline created and won inside a period, for the share of the period to come', () => {
    // Created and won inside FY2026-Q3: O4 20,000; inside Q2 and Q1: nothing. Forecasting Q4 the day before it.
    const result = forecast('FY2026-Q4', '2026-09-30', 8);
    expect(result.periodsUsed).toEqual(['FY2026-Q3', 'FY2026-Q2', 'FY2026-Q1']);
    expect(result.createdAndWonPerPeriod).toBe(Math.round(usd(20_000) / 3));
    expect(result.total.fromNewPipeline).toBe(Math.round(usd(20_000) / 3));
    expect(result.total.closedWon).toBe(0);
  });

  it('measures only periods over by the as-of day', () => {
    expect(forecast('FY2026-Q4', '2026-08-15', 2).periodsUsed).toEqual(['FY2026-Q2', 'FY2026-Q1']);
  });

  it('refuses a date range', () => {
    const config = namedConfig();
    const period = parseAnalysisPeriod('2026-07-01..2026-09-30', config.fiscalCalendar);
    expect(() =>
      historicalConversionForecast(dataset, config, period, toDayNumber(isoDate('2026-09-15')), [], 4),
    ).toThrow(InputError);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { namedConfig, namedDataset, rowsBy, totalRow, usd } from '../../test/analytics/named-dataset.js';
import type { Dataset } from '../dataset/dataset.js';
import { DAYS_PER_MONTH } from './efficiency-metrics.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await namedDataset();
});

describe('efficiency metrics, FY2026-Q3 as of 2026-09-15', () => {
  // New customers: AC2 (O4, 08-05, 20k) and AC3 (O3, 08-15, 50k); AC1 first won in May (O10).
  it('CAC: (sales + marketing) 130k / 2 new customers', () => {
    expect(totalRow(dataset, ['new_customers', 'cac'])).toEqual({ new_customers: 2, cac: usd(65_000) });
  });

  it('LTV: mean first deal 35k x gross margin 0.8 x 5 years (churn 0.2); LTV:CAC = 140k / 65k', () => {
    expect(totalRow(dataset, ['ltv', 'ltv_to_cac'])).toEqual({ ltv: usd(140_000), ltv_to_cac: 140 / 65 });
  });

  it('LTV takes the revenue per customer from the config when given', () => {
    const config = namedConfig({ ltv: { grossMargin: 0.5, lifetimeYears: 4, revenuePerCustomer: 10_000 } });
    expect(totalRow(dataset, ['ltv'], { config }).ltv).toBe(usd(20_000));
  });

  it('by fiscal month: costs per month, CAC n/a in months without new customers', () => {
    expect(rowsBy(dataset, ['new_customers', 'cac'], 'fiscal_month')).toEqual({
      'FY2026-M07': { fiscal_month: 'FY2026-M07', new_customers: 0, cac: null },
      'FY2026-M08': { fiscal_month: 'FY2026-M08', new_customers: 2, cac: usd(25_000) },
      'FY2026-M09': { fiscal_month: 'FY2026-M09', new_customers: 0, cac: null },
    });
  });

  it('shares costs out by days for a date range: half of July', () => {
    // 2026-07-01..2026-07-16 is 16 of July's 31 days of 40k; no new customers, so CAC is n/a, new customers 0.
    expect(totalRow(dataset, ['cac', 'new_customers'], { period: '2026-07-01..2026-07-16' })).toEqual({
      cac: null,
      new_customers: 0,
    });
  });

  it('new customers split by the owner of the deal that made them customers', () => {
    expect(rowsBy(dataset, ['new_customers'], 'owner')).toEqual({
      Ben: { owner: 'Ben', new_customers: 1 },
      Cid: { owner: 'Cid', new_customers: 1 },
    });
  });

  it('revenue per seller FTE: 170k over Ann, Ben, Cid (41/77) and Dee (36/77) = 3 FTE', () => {
    expect(totalRow(dataset, ['sales_productivity']).sales_productivity).toBe(Math.round(17_000_000 / 3));
    expect(rowsBy(dataset, ['sales_productivity'], 'owner')).toMatchObject({
      Ann: { sales_productivity: usd(100_000) },
      Cid: { sales_productivity: Math.round(2_000_000 / (41 / 77)) },
      Dee: { sales_productivity: 0 },
    });
  });

  it('revenue per ramped rep: Ben ramps on 2026-07-14, Dee not at all', () => {
    // Ramped FTE (77 + 64 + 41) / 77; every Q3 win was closed by a ramped owner.
    expect(totalRow(dataset, ['sales_productivity_ramped']).sales_productivity_ramped).toBe(
      Math.round((17_000_000 * 77) / 182),
    );
  });

  it('ramp time: Ben, hired 2026-01-15, reached quota in FY2026-Q2 (45k of 40k), ended 06-30', () => {
    expect(totalRow(dataset, ['ramp_time'], { period: 'FY2026' }).ramp_time).toBe(166 / DAYS_PER_MONTH);
    expect(rowsBy(dataset, ['ramp_time'], 'fiscal_quarter', { period: 'FY2026' })).toEqual({
      'FY2026-Q1': { fiscal_quarter: 'FY2026-Q1', ramp_time: 166 / DAYS_PER_MONTH },
    });
    // Dee, hired in Q3, has not reached quota.
    expect(totalRow(dataset, ['ramp_time']).ramp_time).toBeNull();
  });
});

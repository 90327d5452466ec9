/**
 * Evaluations on one dataset reuse its scratch columns (src/analytics/column-scratch.ts): an evaluation's
 * figures must not depend on what ran before it.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.js';
import { emptyBatch, type EntityBatch } from '../../src/domain/entities.js';
import { DEFAULT_STAGES } from '../../src/domain/stage-model.js';
import { demoFiscalPeriods, generateDemo } from '../../src/demo/generate-demo.js';
import { datasetOf, metricRows, namedConfig } from './named-dataset.js';

describe('evaluations sharing a scratch', () => {
  it('give the same figures whatever ran before them', async () => {
    // Enough deals (6,000) that the evaluations' columns are lent by the dataset's scratch.
    const asOf = isoDate('2026-06-30');
    const batch = emptyBatch();
    const config = namedConfig({ fx: [] });
    for (const part of generateDemo({
      seed: 5,
      reps: 20,
      opportunities: 6000,
      asOf,
      stages: DEFAULT_STAGES,
      currency: 'USD',
      ...demoFiscalPeriods(config.fiscalCalendar, asOf),
    })) {
      for (const key of Object.keys(batch) as (keyof EntityBatch)[]) {
        (batch[key] as unknown[]).push(...(part[key] as unknown[]));
      }
    }
    const dataset = await datasetOf(batch, asOf);
    const options = { period: 'FY2026', asOf: '2026-05-01', config };
    const question = () =>
      metricRows(dataset, ['win_rate', 'avg_deal_size', 'sales_cycle_days'], { ...options, by: 'owner' });
    const first = question();
    metricRows(dataset, ['pipeline_value', 'open_deals'], { ...options, by: 'stage', asOf: '2026-06-30' });
    metricRows(dataset, ['win_rate_created', 'pipeline_created'], { ...options, by: 'segment' });
    expect(question()).toEqual(first);
    expect(first.length).toBeGreaterThan(10);
  }, 60_000);
});

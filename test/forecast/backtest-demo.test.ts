/**
 * The backtest targets of issue 5 on a seeded demo workspace (src/demo, whose generator knows the truth): over
 * 8 past quarters, each forecast at the start of week 2 from history, the best model's MAPE is at most half the
 * stage-weighted model's, and the Distribution's P10-P90 holds the actual in 70-90% of the quarters.
 *
 * Size: 40,000 opportunities (60 people). The error of any forecast made at week 2 has a floor set by how many
 * deals a quarter turns on; at 20,000 opportunities the quarter-to-quarter swing of what is won (about 7% of
 * the actual, measured) is already as large as the stage-weighted model's own error (10%), so no model can be
 * twice as accurate there. docs/forecasting.md has the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnalysisPeriod } from '../../src/analytics/periods.js';
import { buildDataset } from '../../src/dataset/build-dataset.js';
import type { Dataset } from '../../src/dataset/dataset.js';
import { isoDate, toDayNumber } from '../../src/domain/dates.js';
import { parseWorkspaceConfig } from '../../src/domain/workspace-config.js';
import { demoFiscalPeriods, generateDemo } from '../../src/demo/generate-demo.js';
import { backtest } from '../../src/forecast/backtest.js';
import { openStore } from '../../src/store/open-store.js';

const AS_OF = isoDate('2026-10-10');
const CONFIG = parseWorkspaceConfig({ company: 'demo', currency: 'USD', fiscalYear: { startMonth: 1 } });

describe('backtest on a seeded demo workspace', () => {
  let folder: string;
  let dataset: Dataset;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'salesops-forecast-demo-'));
    const store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
    try {
      const batches = generateDemo({
        seed: 7,
        reps: 60,
        opportunities: 40_000,
        asOf: AS_OF,
        stages: CONFIG.stages,
        currency: 'USD',
        ...demoFiscalPeriods(CONFIG.fiscalCalendar, AS_OF),
      });
      for (const batch of batches) await store.write(batch, { source: 'demo', asOf: AS_OF });
      dataset = await buildDataset(store);
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('meets the accuracy and calibration targets over 8 quarters at week 2', () => {
    const result = backtest(
      dataset,
      CONFIG,
      parseAnalysisPeriod('FY2026-Q4', CONFIG.fiscalCalendar),
      toDayNumber(AS_OF),
      { periods: 8 },
    );
    expect(result.periodsTested).toHaveLength(8);
    expect(result.offsetDays).toBe(7);
    const mape = Object.fromEntries(result.accuracy.map((row) => [row.model, row.mape!]));
    const best = result.accuracy.reduce((a, b) => (b.mape! < a.mape! ? b : a));
    expect(result.bestModel).toBe(best.model);
    expect(best.mape).toBeLessThanOrEqual(mape['stage-weighted']! / 2);
    const coverage = result.accuracy.find((row) => row.model === 'deal-level')!.p10p90Coverage!;
    expect(coverage).toBeGreaterThanOrEqual(0.7);
    expect(coverage).toBeLessThanOrEqual(0.9);
    // Every tested quarter learned from history alone, and the logistic model had enough of it.
    expect(result.periods.every((row) => row.dealModel === 'logistic')).toBe(true);
  });
});

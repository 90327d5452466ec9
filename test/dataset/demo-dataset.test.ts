/**
 * The dataset over a generated demo in a real SQLite store: every row arrives, every reference lands inside
 * its table, and the history read as of the last day equals the current state the store keeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opportunitiesAsOf, stageOrderByCode } from '../../src/dataset/as-of.js';
import { buildDataset } from '../../src/dataset/build-dataset.js';
import { NO_INDEX, type Dataset } from '../../src/dataset/dataset.js';
import { isoDate, toDayNumber } from '../../src/domain/dates.js';
import { createFiscalCalendar } from '../../src/domain/fiscal-calendar.js';
import { createStageModel, DEFAULT_STAGES } from '../../src/domain/stage-model.js';
import { demoFiscalPeriods, generateDemo } from '../../src/demo/generate-demo.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, StoreStatus } from '../../src/store/store.js';

const AS_OF = isoDate('2026-06-30');

describe('dataset of a generated demo', () => {
  let folder: string;
  let store: Store;
  let status: StoreStatus;
  let dataset: Dataset;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'salesops-demo-dataset-'));
    store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
    const batches = generateDemo({
      seed: 11,
      reps: 30,
      opportunities: 1500,
      asOf: AS_OF,
      stages: DEFAULT_STAGES,
      currency: 'USD',
      ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 1 }), AS_OF),
    });
    for (const batch of batches) await store.write(batch, { source: 'demo', asOf: AS_OF });
    status = await store.status();
    dataset = await buildDataset(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('holds every row the store holds', () => {
    expect(dataset.dataVersion).toBe(status.dataVersion);
    expect(dataset.reps.count).toBe(status.counts.reps);
    expect(dataset.accounts.count).toBe(status.counts.accounts);
    expect(dataset.territories.count).toBe(status.counts.territories);
    expect(dataset.opportunities.count).toBe(1500);
    expect(dataset.history.count).toBe(status.counts.opportunityChanges);
    expect(dataset.activities.count).toBe(status.counts.activities);
    expect(dataset.leads.count).toBe(status.counts.leads);
    expect(dataset.quotas.count).toBe(status.counts.quotas);
    expect(dataset.costs.count).toBe(status.counts.costs);
  });

  it('points every reference inside its table', () => {
    const within = (indexes: Int32Array, count: number) =>
      indexes.every((index) => index === NO_INDEX || (index >= 0 && index < count));
    expect(within(dataset.opportunities.ownerIndex, dataset.reps.count)).toBe(true);
    expect(within(dataset.opportunities.accountIndex, dataset.accounts.count)).toBe(true);
    expect(within(dataset.history.ownerIndex, dataset.reps.count)).toBe(true);
    expect(within(dataset.activities.opportunityIndex, dataset.opportunities.count)).toBe(true);
    expect(within(dataset.accounts.territoryIndex, dataset.territories.count)).toBe(true);
    expect(within(dataset.reps.managerIndex, dataset.reps.count)).toBe(true);
    const everyCode = (codes: Uint16Array, kind: keyof Dataset['labels']) =>
      codes.every((code) => code < dataset.labels[kind].length);
    expect(everyCode(dataset.history.stageCode, 'stage')).toBe(true);
    expect(everyCode(dataset.activities.typeCode, 'activity_type')).toBe(true);
  });

  it('reads the current state back from the history as of the last day', () => {
    const model = createStageModel(DEFAULT_STAGES);
    const order = stageOrderByCode(dataset.labels.stage, (name) => model.indexOf(name));
    const lastDay = Math.max(toDayNumber(AS_OF), ...dataset.history.day);
    const state = opportunitiesAsOf(dataset, lastDay, order);
    const current = dataset.opportunities;
    expect(state.exists.every((exists) => exists === 1)).toBe(true);
    expect(state.stageCode).toEqual(current.stageCode);
    expect(state.amount).toEqual(current.amount);
    expect(state.closeDay).toEqual(current.closeDay);
    expect(state.categoryCode).toEqual(current.categoryCode);
    expect(state.ownerIndex).toEqual(current.ownerIndex);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF, sampleBatch } from '../../test/fixtures/dataset/sample-batch.js';
import { isoDate, toDayNumber } from '../domain/dates.js';
import { emptyBatch } from '../domain/entities.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { opportunitiesAsOf, stageOrderByCode } from './as-of.js';
import { buildDataset } from './build-dataset.js';
import { NO_DAY, NO_INDEX, textEntries, type Dataset } from './dataset.js';

const day = (date: string) => toDayNumber(isoDate(date));

/** The label of a code column's value. */
const label = (dataset: Dataset, kind: keyof Dataset['labels'], code: number | undefined) =>
  dataset.labels[kind][code ?? -1];

describe('buildDataset', () => {
  let folder: string;
  let store: Store;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'salesops-dataset-'));
    store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('builds an empty dataset from an empty store', async () => {
    const dataset = await buildDataset(store);
    expect(dataset.opportunities.count).toBe(0);
    expect(dataset.history.count).toBe(0);
    expect(Array.from(dataset.historyStart)).toEqual([0]);
    expect(dataset.labels.segment).toEqual(['']);
  });

  describe('from the sample batch', () => {
    let dataset: Dataset;
    beforeEach(async () => {
      await store.write(sampleBatch(), { source: 'test', asOf: SAMPLE_AS_OF });
      dataset = await buildDataset(store);
    });

    it('keeps the data version and every row, in store id order', async () => {
      expect(dataset.dataVersion).toBe(await store.dataVersion());
      expect(textEntries(dataset.reps.crmId)).toEqual(['R1', 'R2', 'R3']);
      expect(textEntries(dataset.territories.crmId)).toEqual(['T1', 'T2']);
      expect(textEntries(dataset.accounts.name)).toEqual(['Acme, "the" company', 'Ünïcode GmbH']);
      expect(textEntries(dataset.opportunities.crmId)).toEqual(['O1', 'O2', 'O3']);
      expect(textEntries(dataset.leads.crmId)).toEqual(['L1', 'L2']);
      expect([dataset.activities.count, dataset.quotas.count, dataset.costs.count]).toEqual([2, 2, 2]);
    });

    it('turns references into row indexes, with NO_INDEX for none', () => {
      const { reps, accounts, opportunities, territories, activities, leads } = dataset;
      expect(Array.from(reps.managerIndex)).toEqual([NO_INDEX, 0, 1]);
      expect(Array.from(territories.parentIndex)).toEqual([NO_INDEX, 0]);
      expect(Array.from(accounts.territoryIndex)).toEqual([1, NO_INDEX]);
      expect(Array.from(accounts.parentIndex)).toEqual([NO_INDEX, 0]);
      expect(Array.from(opportunities.accountIndex)).toEqual([0, NO_INDEX, 1]);
      expect(Array.from(opportunities.ownerIndex)).toEqual([2, 2, 2]);
      expect(Array.from(activities.opportunityIndex)).toEqual([0, NO_INDEX]);
      expect(Array.from(activities.leadIndex)).toEqual([NO_INDEX, 0]);
      expect(Array.from(leads.convertedOpportunityIndex)).toEqual([0, NO_INDEX]);
    });

    it('keeps label codes, with code 0 for an absent label', () => {
      const { opportunities, accounts, reps } = dataset;
      expect(label(dataset, 'stage', opportunities.stageCode[0])).toBe('Proposal');
      expect(label(dataset, 'forecast_category', opportunities.categoryCode[0])).toBe('best_case');
      expect(label(dataset, 'currency', opportunities.currencyCode[2])).toBe('EUR');
      expect(label(dataset, 'competitor', opportunities.competitorCode[0])).toBe('Globex');
      expect(Array.from(opportunities.sourceCode.subarray(1, 2))).toEqual([0]);
      expect(Array.from(opportunities.typeCode.subarray(1, 2))).toEqual([0]);
      expect(label(dataset, 'segment', accounts.segmentCode[1])).toBe('SMB');
      expect(accounts.industryCode[1]).toBe(0);
      expect(label(dataset, 'role', reps.roleCode[0])).toBe('vp');
      expect(label(dataset, 'team', reps.teamCode[2])).toBe('Team North');
    });

    it('holds days, money and flags with their absent values', () => {
      const { opportunities, accounts, reps, leads } = dataset;
      expect(Array.from(opportunities.amount)).toEqual([120_000, 5_000, 80_000]);
      expect(Array.from(opportunities.closeDay)).toEqual([
        day('2026-04-30'),
        day('2026-05-15'),
        day('2026-02-20'),
      ]);
      expect(opportunities.listAmount[0]).toBe(150_000);
      expect(opportunities.listAmount[1]).toBeNaN();
      expect([
        opportunities.bantBudget[0],
        opportunities.bantAuthority[0],
        opportunities.bantTimeline[0],
      ]).toEqual([1, 0, -1]);
      expect(accounts.annualRevenue[0]).toBe(50_000_000_00);
      expect(accounts.employees[1]).toBeNaN();
      expect(accounts.createdDay[1]).toBe(NO_DAY);
      expect(Array.from(reps.endDay)).toEqual([NO_DAY, NO_DAY, day('2026-12-31')]);
      expect(leads.mqlDay[0]).toBe(day('2026-01-03'));
      expect(leads.mqlDay[1]).toBe(NO_DAY);
    });

    it('keeps quotas by rep or team, and costs by period', () => {
      const { quotas, costs } = dataset;
      expect(textEntries(quotas.ownerKind)).toEqual(['rep', 'team']);
      expect(Array.from(quotas.repIndex)).toEqual([2, NO_INDEX]);
      expect(label(dataset, 'team', quotas.teamCode[1])).toBe('Team North');
      expect(textEntries(quotas.period)).toEqual(['FY2026-Q1', 'FY2026-Q1']);
      expect(textEntries(costs.period)).toEqual(['FY2026-M01', 'FY2026-M01']);
      expect(Array.from(costs.amount).sort()).toEqual([15_000_00, 40_000_00]);
    });

    it('lays history out by opportunity, then day and sequence', () => {
      const { history, historyStart } = dataset;
      // O1: its three given changes; O2: the initial change the store derives; O3: its two changes.
      expect(Array.from(historyStart)).toEqual([0, 3, 4, 6]);
      expect(Array.from(history.day)).toEqual([
        day('2026-01-05'),
        day('2026-01-05'),
        day('2026-02-10'),
        day('2026-02-01'),
        day('2026-01-05'),
        day('2026-02-20'),
      ]);
      expect(Array.from(history.stageCode, (code) => dataset.labels.stage[code])).toEqual([
        'Qualification',
        'Discovery',
        'Proposal',
        'Qualification',
        'Negotiation',
        'Closed Won',
      ]);
    });

    it('reads the pipeline as of a past day from the history', () => {
      const order = stageOrderByCode(dataset.labels.stage, (name) =>
        ['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Commit', 'Closed Won'].indexOf(name),
      );
      const state = opportunitiesAsOf(dataset, day('2026-02-01'), order);
      expect(Array.from(state.exists)).toEqual([1, 1, 1]);
      expect(Array.from(state.stageCode, (code) => dataset.labels.stage[code])).toEqual([
        'Discovery',
        'Qualification',
        'Negotiation',
      ]);
      expect(Array.from(state.closeDay)).toEqual([day('2026-03-31'), day('2026-05-15'), day('2026-02-20')]);
      const later = opportunitiesAsOf(dataset, day('2026-03-01'), order);
      expect(later.pushCount[0]).toBe(1);
      expect(later.pushedDays[0]).toBe(30);
      expect(later.stageEnteredDay[0]).toBe(day('2026-02-10'));
    });
  });

  it('builds the new version after another write', async () => {
    await store.write(sampleBatch(), { source: 'test', asOf: SAMPLE_AS_OF });
    const batch = emptyBatch();
    const [o2] = sampleBatch().opportunities.slice(1, 2);
    batch.opportunities = [{ ...o2!, stage: 'Discovery' }];
    await store.write(batch, { source: 'test', asOf: isoDate('2026-03-02') });
    const dataset = await buildDataset(store);
    expect(dataset.dataVersion).toBe(2);
    expect(Array.from(dataset.historyStart)).toEqual([0, 3, 5, 7]);
    expect(dataset.labels.stage[dataset.opportunities.stageCode[1]!]).toBe('Discovery');
    expect(dataset.history.day[4]).toBe(day('2026-03-02'));
  });
});

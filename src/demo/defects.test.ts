import { beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import {
  accountSchema,
  emptyBatch,
  opportunityChangeSchema,
  opportunitySchema,
  repSchema,
  type EntityBatch,
} from '../domain/entities.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { DEFAULT_STAGES } from '../domain/stage-model.js';
import { defectTargets, duplicateAccountName, type DefectCounts } from './defects.js';
import { demoFiscalPeriods, generateDemo, type DemoOptions } from './generate-demo.js';

const asOf = '2026-11-27' as IsoDate;
const options: DemoOptions = {
  seed: 3,
  reps: 40,
  opportunities: 4000,
  asOf,
  stages: DEFAULT_STAGES,
  currency: 'USD',
  ...demoFiscalPeriods(createFiscalCalendar({ startMonth: 2 }), asOf),
  chunkSize: 1500,
};

function run(demo: DemoOptions): { all: EntityBatch; planted: DefectCounts } {
  const all = emptyBatch();
  const batches = generateDemo(demo);
  for (let step = batches.next(); ; step = batches.next()) {
    if (step.done) return { all, planted: step.value };
    for (const key of Object.keys(all) as (keyof EntityBatch)[]) {
      (all[key] as unknown[]).push(...(step.value[key] as unknown[]));
    }
  }
}

const byId = <T extends { id: string }>(list: readonly T[]) =>
  new Map(list.map((record) => [record.id, record]));

describe('duplicateAccountName', () => {
  it('writes a company the way people enter it again', () => {
    const name = 'Alder Dental Group';
    expect([0, 1, 2, 3].map((variant) => duplicateAccountName(name, variant))).toEqual([
      'Alder Dental Group, Inc.',
      'ALDER DENTAL GROUP LLC',
      'AlderDental Group',
      'Adler Dental Group',
    ]);
    expect(duplicateAccountName('Beech Ltd', 3)).toBe('Beceh Ltd');
  });
});

describe('defectTargets', () => {
  it('plants one defect of each kind per 1,000 opportunities (two lost deals without a reason), rounded', () => {
    expect(defectTargets(4000)).toMatchObject({ 'amount-not-positive': 4, 'lost-without-reason': 8 });
    expect(defectTargets(1499)['duplicate-account']).toBe(1);
    expect(Object.values(defectTargets(249))).toEqual(Object.values(defectTargets(249)).map(() => 0));
  });
});

describe('a demo with defects', () => {
  let clean: ReturnType<typeof run>;
  let dirty: ReturnType<typeof run>;
  beforeAll(() => {
    clean = run(options);
    dirty = run({ ...options, defects: true });
  });

  it('plants every target, plants none without the option, and holds exactly the opportunities asked for', () => {
    expect(dirty.planted).toEqual(defectTargets(4000));
    expect(Object.values(clean.planted).every((count) => count === 0)).toBe(true);
    expect(dirty.all.opportunities).toHaveLength(4000);
    expect(clean.all.opportunities).toHaveLength(4000);
  });

  it('is reproducible', () => {
    expect(JSON.stringify(run({ ...options, defects: true, chunkSize: 700 }).all)).toBe(
      JSON.stringify(dirty.all),
    );
  });

  it('changes only the records it plants defects on, and adds only the copies and the leaver', () => {
    const cleanReps = byId(clean.all.reps);
    const addedReps = dirty.all.reps.filter((rep) => !cleanReps.has(rep.id));
    expect(addedReps).toHaveLength(1);
    expect(addedReps[0]!.endDate! < asOf).toBe(true);
    expect(dirty.all.reps.filter((rep) => cleanReps.has(rep.id))).toEqual(clean.all.reps);

    const cleanAccounts = byId(clean.all.accounts);
    expect(dirty.all.accounts.filter((account) => cleanAccounts.has(account.id))).toEqual(clean.all.accounts);
    expect(dirty.all.accounts.length - clean.all.accounts.length).toBe(dirty.planted['duplicate-account']);

    // Copies of deals take the place (and the ids) of the last deals of the run.
    const simulated = 4000 - dirty.planted['duplicate-opportunity'];
    const isSimulated = (id: string) => Number(id.slice('OPP-'.length)) <= simulated;
    const cleanDeals = byId(clean.all.opportunities);
    const kept = dirty.all.opportunities.filter((deal) => isSimulated(deal.id));
    expect(kept).toHaveLength(simulated);
    const changed = kept.filter((deal) => JSON.stringify(deal) !== JSON.stringify(cleanDeals.get(deal.id)));
    const plantedOnDeals = Object.entries(dirty.planted)
      .filter(([kind]) => kind !== 'duplicate-account' && kind !== 'duplicate-opportunity')
      .reduce((sum, [, count]) => sum + count, 0);
    expect(changed).toHaveLength(plantedOnDeals);

    const changedIds = new Set(changed.map((deal) => deal.id));
    const key = (change: EntityBatch['opportunityChanges'][number]) =>
      `${change.opportunityId}#${change.date}#${change.sequence}`;
    const cleanChanges = new Map(clean.all.opportunityChanges.map((change) => [key(change), change]));
    for (const change of dirty.all.opportunityChanges.filter((each) => isSimulated(each.opportunityId))) {
      const before = cleanChanges.get(key(change));
      expect(before).toBeDefined();
      if (JSON.stringify(before) !== JSON.stringify(change))
        expect(changedIds.has(change.opportunityId)).toBe(true);
    }
  });

  it('writes records the entity schemas accept', () => {
    for (const [schema, list] of [
      [repSchema, dirty.all.reps],
      [accountSchema, dirty.all.accounts],
      [opportunitySchema, dirty.all.opportunities],
      [opportunityChangeSchema, dirty.all.opportunityChanges],
    ] as const) {
      for (const record of list) expect(schema.safeParse(record).error?.issues ?? []).toEqual([]);
    }
  });

  it('keeps each deal’s last change equal to the deal, and the copies’ history to one change', () => {
    const last = new Map<string, EntityBatch['opportunityChanges'][number]>();
    const counts = new Map<string, number>();
    for (const change of dirty.all.opportunityChanges) {
      last.set(change.opportunityId, change);
      counts.set(change.opportunityId, (counts.get(change.opportunityId) ?? 0) + 1);
    }
    for (const deal of dirty.all.opportunities) {
      const change = last.get(deal.id)!;
      const state = [deal.stage, deal.amount, deal.closeDate, deal.forecastCategory, deal.ownerId];
      expect([
        change.stage,
        change.amount,
        change.closeDate,
        change.forecastCategory,
        change.ownerId,
      ]).toEqual(state);
    }
    const copyIds = dirty.all.opportunities
      .map((deal) => deal.id)
      .filter((id) => Number(id.slice(4)) > 4000 - dirty.planted['duplicate-opportunity']);
    expect(copyIds).toHaveLength(dirty.planted['duplicate-opportunity']);
    expect(copyIds.every((id) => counts.get(id) === 1)).toBe(true);
  });
});

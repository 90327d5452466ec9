import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../domain/dates.js';
import {
  accountSchema,
  activitySchema,
  costSchema,
  emptyBatch,
  leadSchema,
  opportunityChangeSchema,
  opportunitySchema,
  quotaSchema,
  repSchema,
  territorySchema,
  type EntityBatch,
} from '../domain/entities.js';
import { createFiscalCalendar } from '../domain/fiscal-calendar.js';
import { DEFAULT_STAGES, type Stage } from '../domain/stage-model.js';
import { demoFiscalPeriods, generateDemo, ORGANIZATION_TEAM, type DemoOptions } from './generate-demo.js';

const asOf = '2026-06-15' as IsoDate;
const calendar = createFiscalCalendar({ startMonth: 2 });

function options(overrides: Partial<DemoOptions> = {}): DemoOptions {
  const at = overrides.asOf ?? asOf;
  return {
    seed: 7,
    reps: 40,
    opportunities: 2000,
    asOf: at,
    stages: DEFAULT_STAGES,
    currency: 'USD',
    ...demoFiscalPeriods(calendar, at),
    ...overrides,
  };
}

function collect(demo: DemoOptions): { batches: EntityBatch[]; all: EntityBatch } {
  const batches = [...generateDemo(demo)];
  const all = emptyBatch();
  for (const batch of batches) {
    for (const key of Object.keys(all) as (keyof EntityBatch)[]) {
      const target = all[key] as unknown[];
      for (const record of batch[key] as unknown[]) target.push(record);
    }
  }
  return { batches, all };
}

/** Every invariant of a generated CRM that holds record by record; returns the violations found. */
function violations(data: EntityBatch, demo: DemoOptions): string[] {
  const found: string[] = [];
  const fail = (message: string): void => {
    if (found.length < 20) found.push(message);
  };
  const stageByName = new Map(demo.stages.map((stage) => [stage.name, stage]));
  const reps = new Map(data.reps.map((rep) => [rep.id, rep]));
  const accounts = new Map(data.accounts.map((account) => [account.id, account]));
  const opportunities = new Map(data.opportunities.map((opportunity) => [opportunity.id, opportunity]));
  const employed = (repId: string, date: string): boolean => {
    const rep = reps.get(repId);
    return !!rep && rep.hireDate! <= date && (rep.endDate === null || date <= rep.endDate);
  };

  for (const [name, list] of Object.entries(data)) {
    const ids = (list as { id?: string }[]).flatMap((record) => (record.id ? [record.id] : []));
    if (new Set(ids).size !== ids.length) fail(`${name}: duplicate ids`);
  }
  for (const rep of data.reps) {
    if (rep.managerId !== null && !reps.has(rep.managerId)) fail(`${rep.id}: unknown manager`);
    if (rep.endDate !== null && !(rep.hireDate! < rep.endDate && rep.endDate < asOfOf(demo))) {
      fail(`${rep.id}: end date`);
    }
  }
  for (const account of data.accounts) {
    if (account.ownerId !== null && !reps.has(account.ownerId)) fail(`${account.id}: unknown owner`);
    if (account.parentId !== null && !accounts.has(account.parentId)) fail(`${account.id}: unknown parent`);
    if (!data.territories.some((territory) => territory.id === account.territoryId)) {
      fail(`${account.id}: unknown territory`);
    }
  }

  const history = new Map<string, EntityBatch['opportunityChanges']>();
  for (const change of data.opportunityChanges) {
    const list = history.get(change.opportunityId) ?? [];
    list.push(change);
    history.set(change.opportunityId, list);
  }
  for (const opportunity of data.opportunities) {
    const id = opportunity.id;
    const stage = stageByName.get(opportunity.stage);
    const account = accounts.get(opportunity.accountId!);
    if (!stage) fail(`${id}: unknown stage ${opportunity.stage}`);
    if (!account) fail(`${id}: unknown account`);
    else if (account.createdDate! > opportunity.createdDate) fail(`${id}: created before its account`);
    if (!reps.has(opportunity.ownerId)) fail(`${id}: unknown owner`);
    if (opportunity.createdDate > demo.asOf) fail(`${id}: created after asOf`);
    if (opportunity.listAmount! < opportunity.amount) fail(`${id}: amount above list`);
    if (opportunity.amount <= 0) fail(`${id}: amount not positive`);
    if (stage && stage.outcome !== 'open') {
      if (opportunity.closeDate > demo.asOf) fail(`${id}: closed after asOf`);
      if (opportunity.forecastCategory !== stage.forecastCategory) fail(`${id}: closed deal's category`);
      if (opportunity.nextStep !== null) fail(`${id}: closed deal with a next step`);
    }
    if ((stage?.outcome === 'lost') !== (opportunity.lossReason !== null)) fail(`${id}: loss reason`);
    if (stage?.outcome === 'open' && opportunity.forecastCategory === 'closed')
      fail(`${id}: open but closed`);

    const changes = history.get(id) ?? [];
    const first = changes[0];
    const last = changes.at(-1);
    if (!first || !last) {
      fail(`${id}: no history`);
      continue;
    }
    if (first.date !== opportunity.createdDate || first.sequence !== 0) fail(`${id}: history starts late`);
    for (let i = 1; i < changes.length; i++) {
      const [before, after] = [changes[i - 1]!, changes[i]!];
      const ordered =
        after.date > before.date
          ? after.sequence === 0
          : after.date === before.date && after.sequence === before.sequence + 1;
      if (!ordered) fail(`${id}: history out of order at ${after.date}#${after.sequence}`);
      if (!employed(after.ownerId, after.date))
        fail(`${id}: owner ${after.ownerId} not employed ${after.date}`);
    }
    if (last.date > demo.asOf) fail(`${id}: change after asOf`);
    if (changes.some((change) => !stageByName.has(change.stage))) fail(`${id}: unknown stage in history`);
    const current = [
      opportunity.stage,
      opportunity.amount,
      opportunity.closeDate,
      opportunity.forecastCategory,
      opportunity.ownerId,
    ];
    const latest = [last.stage, last.amount, last.closeDate, last.forecastCategory, last.ownerId];
    if (JSON.stringify(current) !== JSON.stringify(latest))
      fail(`${id}: last change differs from the record`);
  }

  for (const activity of data.activities) {
    if (activity.date > demo.asOf) fail(`${activity.id}: after asOf`);
    if (!employed(activity.repId, activity.date)) fail(`${activity.id}: rep not employed on its date`);
    const opportunity = activity.opportunityId === null ? null : opportunities.get(activity.opportunityId);
    if (activity.opportunityId !== null && !opportunity) fail(`${activity.id}: unknown opportunity`);
    if (opportunity && activity.date < opportunity.createdDate) fail(`${activity.id}: before its deal`);
    if (activity.accountId !== null && !accounts.has(activity.accountId))
      fail(`${activity.id}: unknown account`);
    if ([activity.opportunityId, activity.accountId, activity.leadId].every((ref) => ref === null)) {
      fail(`${activity.id}: about nothing`);
    }
  }

  for (const lead of data.leads) {
    const dates = [lead.createdDate, lead.mqlDate, lead.sqlDate, lead.convertedDate].filter((date) => date);
    if (dates.join() !== [...dates].sort().join() || dates.some((date) => date! > demo.asOf)) {
      fail(`${lead.id}: dates out of order or after asOf`);
    }
    const converted = lead.status === 'converted';
    if (converted !== (lead.convertedOpportunityId !== null)) fail(`${lead.id}: conversion`);
    const opportunity = opportunities.get(lead.convertedOpportunityId ?? '');
    if (converted && opportunity?.createdDate !== lead.convertedDate) fail(`${lead.id}: converted date`);
    if (converted && opportunity?.accountId !== lead.convertedAccountId)
      fail(`${lead.id}: converted account`);
    if (lead.status === 'sql' && lead.sqlDate === null) fail(`${lead.id}: SQL without date`);
  }

  const teams = new Set(data.reps.map((rep) => rep.team));
  const quarters = new Set(demo.fiscalQuarters.map((quarter) => quarter.period));
  for (const quota of data.quotas) {
    if (!quarters.has(quota.period)) fail(`quota in unknown period ${quota.period}`);
    const rep = reps.get(quota.ownerId);
    if (quota.ownerKind === 'rep' && !['ae', 'am', 'isr'].includes(rep?.role ?? '')) {
      fail(`quota for ${quota.ownerId}, who carries none`);
    }
    if (quota.ownerKind === 'team' && !teams.has(quota.ownerId))
      fail(`quota for unknown team ${quota.ownerId}`);
  }
  return found;
}

function asOfOf(demo: DemoOptions): string {
  return demo.asOf;
}

describe('generateDemo', () => {
  it('gives byte-identical output for the same options, and different output for another seed', () => {
    const first = JSON.stringify(collect(options({ chunkSize: 700 })).batches);
    const second = JSON.stringify(collect(options({ chunkSize: 700 })).batches);
    expect(second).toBe(first);
    const other = JSON.stringify(collect(options({ seed: 8, chunkSize: 700 })).batches);
    expect(other).not.toBe(first);
  });

  it('streams the organisation first, then opportunity chunks, with the same records for any chunk size', () => {
    const small = collect(options({ chunkSize: 700 }));
    const [head, ...rest] = small.batches;
    expect(head!.opportunities).toHaveLength(0);
    expect(head!.reps.length).toBeGreaterThan(40);
    expect(head!.accounts.length).toBeGreaterThan(0);
    expect(head!.quotas.length).toBeGreaterThan(0);
    expect(head!.costs.length).toBeGreaterThan(0);
    expect(rest.map((batch) => batch.opportunities.length)).toEqual([700, 700, 600]);
    for (const batch of rest) {
      expect(batch.reps.length + batch.accounts.length + batch.quotas.length).toBe(0);
      const ids = new Set(batch.opportunities.map((opportunity) => opportunity.id));
      expect(batch.opportunityChanges.every((change) => ids.has(change.opportunityId))).toBe(true);
    }
    const whole = collect(options()).all;
    expect(JSON.stringify(whole)).toBe(JSON.stringify(small.all));
    expect(whole.opportunities).toHaveLength(2000);
    expect(whole.opportunities[0]!.id).toBe('OPP-0000001');
  });

  it('produces records the entity schemas accept', () => {
    const { all } = collect(options());
    const sample = <T>(list: T[]): T[] => list.filter((_, index) => index % 7 === 0);
    for (const [schema, list] of [
      [repSchema, all.reps],
      [territorySchema, all.territories],
      [accountSchema, sample(all.accounts)],
      [opportunitySchema, sample(all.opportunities)],
      [opportunityChangeSchema, sample(all.opportunityChanges)],
      [activitySchema, sample(all.activities)],
      [leadSchema, sample(all.leads)],
      [quotaSchema, all.quotas],
      [costSchema, all.costs],
    ] as const) {
      for (const record of list) expect(schema.safeParse(record).error?.issues ?? []).toEqual([]);
    }
  });

  it('keeps every invariant on every record of a sample', () => {
    const demo = options({ opportunities: 5000 });
    const { all } = collect(demo);
    expect(violations(all, demo)).toEqual([]);
    const teams = new Set(
      all.quotas.filter((quota) => quota.ownerKind === 'team').map((quota) => quota.ownerId),
    );
    expect(teams.has(ORGANIZATION_TEAM)).toBe(true);
  });

  it('maps its progression onto an edited stage model and other segments, currencies and calendars', () => {
    const stages: Stage[] = [
      { name: 'Lead', probability: 0.1, forecastCategory: 'pipeline', outcome: 'open' },
      { name: 'Demo', probability: 0.4, forecastCategory: 'best_case', outcome: 'open' },
      { name: 'Contract', probability: 0.8, forecastCategory: 'commit', outcome: 'open' },
      { name: 'Won', probability: 1, forecastCategory: 'closed', outcome: 'won' },
      { name: 'Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
      { name: 'Disqualified', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
    ];
    const demo = options({
      stages,
      segments: ['Strategic', 'Commercial'],
      currency: 'JPY',
      asOf: '2025-12-31' as IsoDate,
      opportunities: 2000,
    });
    const { all } = collect(demo);
    expect(violations(all, demo)).toEqual([]);
    const used = new Set(all.opportunityChanges.map((change) => change.stage));
    expect([...used].sort()).toEqual(['Contract', 'Demo', 'Lead', 'Lost', 'Won']);
    expect(new Set(all.accounts.map((account) => account.segment))).toEqual(
      new Set(['Strategic', 'Commercial']),
    );
    expect(all.opportunities.every((opportunity) => opportunity.currency === 'JPY')).toBe(true);
    // JPY has no minor unit: a 30k-unit deal is 30,000 minor units, not 3,000,000.
    const amounts = all.opportunities.map((opportunity) => opportunity.amount).sort((a, b) => a - b);
    expect(amounts[amounts.length >> 1]).toBeLessThan(200_000);
  });

  it('keeps the invariants for any seed, team size, volume and number of open stages', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 3, max: 30 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 6 }),
        (seed, reps, opportunities, openCount) => {
          const stages: Stage[] = [
            ...Array.from({ length: openCount }, (_, index) => ({
              name: `Step ${index + 1}`,
              probability: (index + 1) / (openCount + 1),
              forecastCategory: 'pipeline' as const,
              outcome: 'open' as const,
            })),
            { name: 'Won', probability: 1, forecastCategory: 'closed', outcome: 'won' },
            { name: 'Lost', probability: 0, forecastCategory: 'omitted', outcome: 'lost' },
          ];
          const demo = options({ seed, reps, opportunities, stages, chunkSize: 97 });
          const { all } = collect(demo);
          expect(all.opportunities).toHaveLength(opportunities);
          expect(violations(all, demo)).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
  });
});

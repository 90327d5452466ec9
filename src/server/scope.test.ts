import { describe, expect, it } from 'vitest';
import { NO_INDEX, textAt, textEntries, type Dataset } from '../dataset/dataset.js';
import { namedDataset } from '../../test/analytics/named-dataset.js';
import { repRow } from '../dataset/dataset.js';
import { ALL, scopeDataset, scopeOf, subtree } from './scope.js';
import type { ApiUser, Role } from './users.js';

const user = (role: Role, rep: string | null = null): ApiUser => ({
  login: 'someone',
  role,
  rep,
  tokenHash: '',
  createdOn: '2026-09-15',
  createdBy: 'test',
  revokedOn: null,
  expiresOn: null,
});

/** The CRM ids of a scope's reps, sorted. */
const repIds = (dataset: Dataset, rows: ReadonlySet<number>) =>
  [...rows].map((row) => textAt(dataset.reps.crmId, row)).sort();

describe('scopeOf', () => {
  it('gives admin, revops and finance everyone; a manager their subtree; a rep themself', async () => {
    const dataset = await namedDataset();
    for (const role of ['admin', 'revops', 'finance'] as const)
      expect(scopeOf(user(role), dataset)).toBe(ALL);
    const manager = scopeOf(user('manager', 'M1'), dataset);
    const rep = scopeOf(user('rep', 'A1'), dataset);
    expect(manager.all ? 'all' : repIds(dataset, manager.reps)).toEqual(['A1', 'A2', 'M1']);
    expect(rep.all ? 'all' : repIds(dataset, rep.reps)).toEqual(['A1']);
    expect(repIds(dataset, subtree(dataset, repRow(dataset, 'V1')))).toEqual(
      textEntries(dataset.reps.crmId).sort(),
    );
  });

  it('gives a rep id missing from the data nothing', async () => {
    const dataset = await namedDataset();
    expect(scopeOf(user('rep', 'GONE'), dataset)).toEqual({ all: false, reps: new Set() });
    expect(scopeDataset(dataset, scopeOf(user('manager', 'GONE'), dataset)).opportunities.count).toBe(0);
  });
});

describe('scopeDataset', () => {
  it('keeps the whole dataset for the all scope', async () => {
    const dataset = await namedDataset();
    expect(scopeDataset(dataset, ALL)).toBe(dataset);
  });

  it("cuts to Max's team: Cid's and Dee's deals with their history, Sam's leads and activities, rep quotas", async () => {
    const dataset = await namedDataset();
    const scoped = scopeDataset(dataset, scopeOf(user('manager', 'M2'), dataset));
    const deals = textEntries(scoped.opportunities.crmId);
    expect(deals).toEqual(['O4', 'O5', 'O7']);

    // Each deal's history is the full dataset's, row for row.
    const full = textEntries(dataset.opportunities.crmId);
    deals.forEach((id, index) => {
      const from = dataset.historyStart[full.indexOf(id)]!;
      const to = dataset.historyStart[full.indexOf(id) + 1]!;
      const start = scoped.historyStart[index]!;
      expect(scoped.historyStart[index + 1]! - start).toBe(to - from);
      expect([...scoped.history.day.subarray(start, start + to - from)]).toEqual([
        ...dataset.history.day.subarray(from, to),
      ]);
      expect([...scoped.history.amount.subarray(start, start + to - from)]).toEqual([
        ...dataset.history.amount.subarray(from, to),
      ]);
    });
    expect(scoped.history.count).toBe(scoped.historyStart[deals.length]);

    // References are renumbered into the cut tables: leads L1 and L2 converted into O7 and O4.
    const dealOf = (index: number) => (index === NO_INDEX ? null : textAt(scoped.opportunities.crmId, index));
    expect(textEntries(scoped.leads.crmId)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect([...scoped.leads.convertedOpportunityIndex].map(dealOf)).toEqual(['O7', 'O4', null, null]);
    const activities = Array.from({ length: scoped.activities.count }, (_, row) => ({
      rep: textAt(dataset.reps.crmId, scoped.activities.repIndex[row]!),
      deal: dealOf(scoped.activities.opportunityIndex[row]!),
      lead:
        scoped.activities.leadIndex[row] === NO_INDEX
          ? null
          : textAt(scoped.leads.crmId, scoped.activities.leadIndex[row]!),
    }));
    expect(activities).toEqual([
      { rep: 'A3', deal: 'O4', lead: null },
      { rep: 'S1', deal: null, lead: 'L1' },
    ]);

    // Rep quotas of the team only; team quotas and costs are company figures.
    const quotas = Array.from({ length: scoped.quotas.count }, (_, row) => [
      textAt(dataset.reps.crmId, scoped.quotas.repIndex[row]!),
      textAt(scoped.quotas.period, row),
      scoped.quotas.amount[row],
    ]);
    expect(quotas).toEqual([
      ['A3', 'FY2026-Q3', 5_000_000],
      ['A4', 'FY2026-Q3', 0],
    ]);
    expect(scoped.costs.count).toBe(0);
    // Names and the hierarchy stay whole.
    expect(scoped.reps).toBe(dataset.reps);
    expect(scoped.accounts).toBe(dataset.accounts);
  });

  it("cuts to a rep's own deals, activities and quotas", async () => {
    const dataset = await namedDataset();
    const scoped = scopeDataset(dataset, { all: false, reps: new Set([repRow(dataset, 'A1')]) });
    expect(textEntries(scoped.opportunities.crmId).sort()).toEqual(['O1', 'O10', 'O2', 'O6']);
    expect(scoped.leads.count).toBe(0);
    expect(scoped.activities.count).toBe(5);
    expect(scoped.quotas.count).toBe(2);
  });
});

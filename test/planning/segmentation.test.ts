import { describe, expect, it } from 'vitest';
import { isoDate, toDayNumber } from '../../src/domain/dates.js';
import { minorUnits } from '../../src/domain/money.js';
import type { PotentialModel } from '../../src/domain/planning-config.js';
import type { TierDefinition } from '../../src/domain/workspace-config.js';
import {
  accountPotential,
  assignTiers,
  planningAccountsFromDataset,
  segmentAccounts,
  segmentOf,
  wonBookingsByRep,
  type PlanningAccount,
} from '../../src/planning/segmentation.js';
import { NAMED_AS_OF, namedConfig, namedDataset, usd } from '../analytics/named-dataset.js';

const formula: PotentialModel = {
  source: 'imported-else-formula',
  seatsPerEmployee: 0.1,
  pricePerSeat: usd(1200),
};

function account(id: string, fields: Partial<PlanningAccount> = {}): PlanningAccount {
  return {
    id,
    name: id,
    employees: null,
    annualRevenue: null,
    region: null,
    segment: null,
    tier: null,
    importedPotential: null,
    currentArr: minorUnits(0),
    ownerId: null,
    ...fields,
  };
}

const shareTiers: TierDefinition[] = [
  {
    name: 'Tier 1',
    label: 'Strategic',
    strategy: 'High-touch, AM assigned',
    rule: { kind: 'share', share: 0.2 },
  },
  { name: 'Tier 2', label: 'Target', strategy: 'Inside sales', rule: { kind: 'share', share: 0.3 } },
  { name: 'Tier 3', label: 'Develop', strategy: 'Digital', rule: { kind: 'rest' } },
];

describe('accountPotential', () => {
  it('takes the imported figure first, else employees x seats per employee x price per seat', () => {
    expect(accountPotential({ employees: 500, importedPotential: usd(90_000) }, formula)).toEqual({
      potential: usd(90_000),
      origin: 'imported',
    });
    // 500 employees x 0.1 seats x $1,200 = $60,000.
    expect(accountPotential({ employees: 500, importedPotential: null }, formula)).toEqual({
      potential: usd(60_000),
      origin: 'formula',
    });
    // 7 employees x 0.15 x $333.33 = $349.9965 -> $350.00 (rounded once, half away from zero).
    const odd = { ...formula, seatsPerEmployee: 0.15, pricePerSeat: usd(333.33) };
    expect(accountPotential({ employees: 7, importedPotential: null }, odd).potential).toBe(usd(350));
  });

  it('follows the source: formula ignores imported figures, imported never uses the formula', () => {
    expect(
      accountPotential({ employees: 500, importedPotential: usd(1) }, { ...formula, source: 'formula' }),
    ).toEqual({ potential: usd(60_000), origin: 'formula' });
    expect(
      accountPotential({ employees: 500, importedPotential: null }, { ...formula, source: 'imported' }),
    ).toEqual({ potential: 0, origin: 'none' });
  });
});

describe('segmentOf', () => {
  const rules = {
    rules: [
      { name: 'Enterprise', employees: { min: 1000 } },
      { name: 'EMEA Mid-Market', employees: { min: 100 }, regions: ['EMEA'] },
      { name: 'Mid-Market', employees: { min: 100, max: 999 } },
    ],
    fallback: 'SMB',
  };
  it('takes the first rule whose conditions all hold, else the fallback', () => {
    expect(segmentOf({ employees: 5000, annualRevenue: null, region: 'emea' }, rules)).toBe('Enterprise');
    expect(segmentOf({ employees: 200, annualRevenue: null, region: 'emea' }, rules)).toBe('EMEA Mid-Market');
    expect(segmentOf({ employees: 200, annualRevenue: null, region: 'NA' }, rules)).toBe('Mid-Market');
    expect(segmentOf({ employees: null, annualRevenue: null, region: 'NA' }, rules)).toBe('SMB');
  });
});

describe('assignTiers', () => {
  it('by share: round(share x accounts) of the highest potentials, ties in input order', () => {
    const potentials = [5, 9, 1, 9, 3, 7, 2, 8, 4, 6].map(minorUnits);
    // Ranked: 9 (1), 9 (3), 8 (7), 7 (5), 6 (9), 5 (0), 4 (8), 3 (4), 2 (6), 1 (2).
    // Tier 1 takes round(0.2 x 10) = 2: indexes 1 and 3; Tier 2 round(0.3 x 10) = 3: indexes 7, 5, 9.
    expect(assignTiers(potentials, shareTiers)).toEqual([
      'Tier 3',
      'Tier 1',
      'Tier 3',
      'Tier 1',
      'Tier 3',
      'Tier 2',
      'Tier 3',
      'Tier 2',
      'Tier 3',
      'Tier 2',
    ]);
  });

  it('by threshold: at or above each minPotential, the rest last', () => {
    const tiers: TierDefinition[] = [
      { name: 'A', label: null, strategy: '', rule: { kind: 'minPotential', minPotential: minorUnits(100) } },
      { name: 'B', label: null, strategy: '', rule: { kind: 'minPotential', minPotential: minorUnits(50) } },
      { name: 'C', label: null, strategy: '', rule: { kind: 'rest' } },
    ];
    expect(assignTiers([100, 99, 50, 49, 0].map(minorUnits), tiers)).toEqual(['A', 'B', 'B', 'C', 'C']);
  });
});

describe('segmentAccounts', () => {
  it('sums count, potential, current ARR and whitespace per tier, with the tier strategy', () => {
    const accounts = [
      account('a', { importedPotential: usd(1_000_000), currentArr: usd(300_000) }),
      account('b', { importedPotential: usd(400_000), currentArr: usd(500_000) }),
      account('c', { importedPotential: usd(200_000), currentArr: usd(50_000) }),
      account('d', { importedPotential: usd(100_000) }),
      account('e', { employees: 100 }), // formula: 100 x 0.1 x 1,200 = 12,000
      account('f'), // no potential at all
    ];
    const tiers: TierDefinition[] = [
      { name: 'Tier 1', label: 'Strategic', strategy: 'High-touch', rule: { kind: 'share', share: 0.34 } },
      { name: 'Tier 2', label: 'Develop', strategy: 'Digital', rule: { kind: 'rest' } },
    ];
    const result = segmentAccounts(accounts, { potential: formula, segments: null, tiers });
    // Tier 1: round(0.34 x 6) = 2 accounts, a and b. b pays more than its potential: whitespace 0.
    expect(result.tiers[0]).toEqual({
      tier: 'Tier 1',
      label: 'Strategic',
      strategy: 'High-touch',
      count: 2,
      potential: usd(1_400_000),
      currentArr: usd(800_000),
      whitespace: usd(700_000),
      customers: 2,
      penetration: 800_000 / 1_400_000,
    });
    expect(result.tiers[1]).toMatchObject({
      tier: 'Tier 2',
      count: 4,
      potential: usd(312_000),
      currentArr: usd(50_000),
      whitespace: usd(262_000),
      customers: 1,
    });
    expect(result.total).toMatchObject({ count: 6, potential: usd(1_712_000), whitespace: usd(962_000) });
    expect(result.accounts[1]).toMatchObject({ whitespace: 0, penetration: 1.25 });
    expect(result.accounts[5]).toMatchObject({ potential: 0, penetration: null, potentialOrigin: 'none' });
    expect(result.withoutPotential).toEqual(['f']);
    expect(result.segments).toEqual([expect.objectContaining({ segment: 'Unassigned', count: 6 })]);
  });

  it('keeps the CRM tiers and segments where the workspace defines none', () => {
    const accounts = [account('a', { tier: 'Gold', segment: 'SMB' }), account('b')];
    const result = segmentAccounts(accounts, { potential: formula, segments: null, tiers: [] });
    expect(result.tiers.map((tier) => [tier.tier, tier.count])).toEqual([
      ['Gold', 1],
      ['Unassigned', 1],
    ]);
    expect(result.segments.map((segment) => segment.segment)).toEqual(['SMB', 'Unassigned']);
  });
});

describe('planningAccountsFromDataset', () => {
  it('takes current ARR from the deals won in the trailing 365 days, in the corporate currency', async () => {
    const config = namedConfig();
    const accounts = planningAccountsFromDataset(await namedDataset(), config, toDayNumber(NAMED_AS_OF));
    // AC1: O1 100,000 + O10 60,000 + O11 45,000; AC2: O4 20,000; AC3: O3 40,000 EUR at 1.25 = 50,000 USD.
    expect(accounts.map((entry) => [entry.id, entry.currentArr, entry.segment, entry.region])).toEqual([
      ['AC1', usd(205_000), 'Enterprise', 'NA'],
      ['AC2', usd(20_000), 'SMB', 'EMEA'],
      ['AC3', usd(50_000), 'SMB', 'EMEA'],
    ]);
  });
});

describe('wonBookingsByRep', () => {
  it("sums each owner's deals won with a close date in the window, both ends included", async () => {
    const bookings = wonBookingsByRep(
      await namedDataset(),
      namedConfig(),
      toDayNumber(isoDate('2026-06-10')),
      toDayNumber(isoDate('2026-08-05')),
    );
    // In: O11 Ben 45,000 (06-10, first day), O1 Ann 100,000 (07-20), O4 Cid 20,000 (08-05, last day).
    // Out: O10 Ann (05-15), O3 Ben (08-15); O2 and O5 were lost.
    expect([...bookings].sort()).toEqual([
      ['A1', usd(100_000)],
      ['A2', usd(45_000)],
      ['A3', usd(20_000)],
    ]);
  });
});

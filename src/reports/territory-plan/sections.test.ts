import { describe, expect, it } from 'vitest';
import { minorUnits } from '../../domain/money.js';
import { segmentAccounts, type PlanningAccount } from '../../planning/segmentation.js';
import { whitespaceNote } from './sections.js';

const usd = (dollars: number) => minorUnits(dollars * 100);

const account = (id: string, potential: number | null, currentArr: number): PlanningAccount => ({
  id,
  name: id,
  employees: null,
  annualRevenue: null,
  region: null,
  segment: null,
  tier: null,
  importedPotential: potential === null ? null : usd(potential),
  currentArr: usd(currentArr),
  ownerId: null,
});

const segmented = (accounts: PlanningAccount[]) =>
  segmentAccounts(accounts, {
    potential: { source: 'imported', seatsPerEmployee: null, pricePerSeat: null },
    segments: null,
    tiers: [],
  }).total;

describe('whitespaceNote, under every table with a Whitespace column', () => {
  it('says by how much the whitespace exceeds Potential - Current ARR: what accounts pay above their potential', () => {
    const total = segmented([
      account('a', 1_000_000, 300_000), // whitespace 700,000
      account('b', 400_000, 500_000), // pays 100,000 above its potential: whitespace 0
      account('c', 200_000, 50_000), // whitespace 150,000
      account('d', null, 25_000), // no potential (0): pays 25,000 above it, whitespace 0
    ]);
    // Potential 1,600,000 - current ARR 875,000 = 725,000; whitespace 850,000 = 725,000 + 100,000 + 25,000.
    expect(whitespaceNote(total, 'USD')).toBe(
      "Whitespace = the sum of each account's potential above its current ARR; accounts paying more than their potential add nothing, so its total, $850,000, exceeds Potential ARR - Current ARR ($725,000) by $125,000.",
    );
  });

  it('says the two are equal where no account pays more than its potential', () => {
    const total = segmented([account('a', 1_000_000, 300_000), account('c', 200_000, 200_000)]);
    expect(whitespaceNote(total, 'USD')).toBe(
      "Whitespace = the sum of each account's potential above its current ARR; no account pays more than its potential, so its total equals Potential ARR - Current ARR ($700,000).",
    );
  });
});

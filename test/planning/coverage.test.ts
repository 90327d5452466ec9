import { describe, expect, it } from 'vitest';
import type { CoverageRatio } from '../../src/domain/planning-config.js';
import { coverageModel, repsNeeded } from '../../src/planning/coverage.js';

// The Territory Plan example of the sales-operations role: 50 / 150 / 300 accounts, one AM per 25 Tier 1
// accounts, one ISR per 50 Tier 2 accounts, Tier 3 digital plus one ISR overflow.
const ratios: CoverageRatio[] = [
  { tier: 'Tier 1', role: 'am', accountsPerRep: 25, overflowReps: 0 },
  { tier: 'Tier 2', role: 'isr', accountsPerRep: 50, overflowReps: 0 },
  { tier: 'Tier 3', role: 'isr', accountsPerRep: null, overflowReps: 1 },
];
const book = new Map([
  ['Tier 1', 50],
  ['Tier 2', 150],
  ['Tier 3', 300],
]);

describe('repsNeeded', () => {
  it('is ceil(accounts / accounts per rep) plus overflow reps', () => {
    expect(repsNeeded(50, { accountsPerRep: 25, overflowReps: 0 })).toBe(2);
    expect(repsNeeded(51, { accountsPerRep: 25, overflowReps: 0 })).toBe(3);
    expect(repsNeeded(300, { accountsPerRep: null, overflowReps: 1 })).toBe(1);
    expect(repsNeeded(0, { accountsPerRep: 25, overflowReps: 0 })).toBe(0);
  });
});

describe('coverageModel', () => {
  it('needs 2 AMs and 3 + 1 ISRs; with 2 AMs and 2 ISRs the gap is 2 ISRs', () => {
    const result = coverageModel(book, ratios, ['AM', 'am', 'isr', 'isr', 'sdr']);
    expect(result.lines.map((line) => [line.tier, line.role, line.needed, line.current, line.gap])).toEqual([
      ['Tier 1', 'am', 2, 2, 0],
      ['Tier 2', 'isr', 3, 2, 1],
      ['Tier 3', 'isr', 1, 0, 1],
    ]);
    expect(result.roles).toEqual([
      { role: 'am', needed: 2, current: 2, gap: 0 },
      { role: 'isr', needed: 4, current: 2, gap: 2 },
      { role: 'sdr', needed: 0, current: 1, gap: -1 },
    ]);
    expect(result.uncoveredTiers).toEqual([]);
  });

  it('puts surplus reps of a role on its last line and lists tiers without a line', () => {
    const result = coverageModel(new Map([...book, ['Tier 4', 10]]), ratios, ['am', 'am', 'am']);
    expect(result.lines[0]).toMatchObject({ current: 3, gap: -1 });
    expect(result.uncoveredTiers).toEqual(['Tier 4']);
  });
});

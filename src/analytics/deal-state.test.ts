import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunitiesAsOf, TRACKED_COLUMNS, type AsOfSource } from '../dataset/as-of.js';
import { NO_DAY, NO_INDEX } from '../dataset/dataset.js';
import { createdAmount, dealsAsOf, pushCountAsOf } from './deal-state.js';

interface Change {
  readonly gap: number;
  readonly stage: number;
  readonly amount: number;
  readonly close: number;
  readonly owner: number;
}
interface Deal {
  readonly created: number;
  /** Days from creation to the first change (negative: history starts before the created date). */
  readonly lag: number;
  readonly changes: readonly Change[];
}

const change = fc.record({
  gap: fc.integer({ min: 0, max: 20 }),
  stage: fc.integer({ min: 1, max: 5 }),
  amount: fc.integer({ min: 0, max: 1_000_000 }),
  close: fc.integer({ min: 0, max: 400 }),
  owner: fc.integer({ min: 0, max: 3 }),
});
const deal = fc.record({
  created: fc.integer({ min: 0, max: 200 }),
  lag: fc.integer({ min: -5, max: 30 }),
  changes: fc.array(change, { maxLength: 6 }),
});

/** Opportunities and their CSR history, as the dataset holds them. */
function sourceOf(deals: readonly Deal[]): AsOfSource {
  const rows = deals.flatMap((entry) => {
    let day = entry.created + entry.lag;
    return entry.changes.map((step) => ({ ...step, day: (day += step.gap) }));
  });
  const historyStart = new Int32Array(deals.length + 1);
  deals.forEach(
    (entry, index) => (historyStart[index + 1] = (historyStart[index] ?? 0) + entry.changes.length),
  );
  const current = deals.map((entry, index) => rows[(historyStart[index + 1] ?? 0) - 1]);
  return {
    opportunities: {
      count: deals.length,
      createdDay: Int32Array.from(deals, (entry) => entry.created),
      stageCode: Uint16Array.from(current, (row) => row?.stage ?? 2),
      amount: Float64Array.from(current, (row) => row?.amount ?? 500),
      closeDay: Int32Array.from(current, (row) => row?.close ?? 300),
      categoryCode: Uint16Array.from(current, (row) => row?.stage ?? 2),
      ownerIndex: Int32Array.from(current, (row) => row?.owner ?? NO_INDEX),
    },
    history: {
      day: Int32Array.from(rows, (row) => row.day),
      stageCode: Uint16Array.from(rows, (row) => row.stage),
      amount: Float64Array.from(rows, (row) => row.amount),
      closeDay: Int32Array.from(rows, (row) => row.close),
      categoryCode: Uint16Array.from(rows, (row) => row.stage),
      ownerIndex: Int32Array.from(rows, (row) => row.owner),
    },
    historyStart,
  };
}

describe('dealsAsOf', () => {
  it('agrees with opportunitiesAsOf on every state column and push count, for any history and day', () => {
    fc.assert(
      fc.property(fc.array(deal, { maxLength: 12 }), fc.integer({ min: -10, max: 450 }), (deals, day) => {
        const source = sourceOf(deals);
        const light = dealsAsOf(source, day);
        const full = opportunitiesAsOf(source, day, [0, 1, 2, 3, 4, 5]);
        for (const column of ['exists', ...TRACKED_COLUMNS] as const) {
          expect(Array.from(light[column]), column).toEqual(Array.from(full[column]));
        }
        deals.forEach((_, index) => {
          expect(pushCountAsOf(source, light, index)).toBe(light.exists[index] ? full.pushCount[index] : 0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a deal without history from its current state, and one not yet created as absent', () => {
    const source = sourceOf([{ created: 10, lag: 0, changes: [] }]);
    expect(dealsAsOf(source, 9)).toMatchObject({ exists: Uint8Array.of(0), closeDay: Int32Array.of(NO_DAY) });
    expect(dealsAsOf(source, 10)).toMatchObject({
      exists: Uint8Array.of(1),
      amount: Float64Array.of(500),
      historyRow: Int32Array.of(-1),
    });
    expect(createdAmount(source, 0)).toBe(500);
  });

  it('takes the created amount from the first recorded change', () => {
    const source = sourceOf([
      {
        created: 0,
        lag: 0,
        changes: [
          { gap: 0, stage: 1, amount: 100, close: 50, owner: 0 },
          { gap: 5, stage: 2, amount: 300, close: 60, owner: 0 },
        ],
      },
    ]);
    expect(createdAmount(source, 0)).toBe(100);
    expect(dealsAsOf(source, 4).amount[0]).toBe(100);
    expect(dealsAsOf(source, 5).amount[0]).toBe(300);
  });
});

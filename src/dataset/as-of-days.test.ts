import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunitiesAsOfDays } from './as-of-days.js';
import { opportunitiesAsOf, TRACKED_COLUMNS, type AsOfSource } from './as-of.js';
import { NO_DAY, NO_INDEX } from './dataset.js';

/** [day, stage, amount, close, category, owner] of one recorded change. */
type Change = readonly [number, number, number, number, number, number];

interface Opportunity {
  readonly created: number;
  /** Dated in order. */
  readonly changes: readonly Change[];
}

/** The columns the as-of passes read; the current state is the last change (or stage 1 when none). */
function source(opportunities: readonly Opportunity[]): AsOfSource {
  const changes = opportunities.flatMap((opportunity) => opportunity.changes);
  const historyStart = new Int32Array(opportunities.length + 1);
  opportunities.forEach((opportunity, i) => {
    historyStart[i + 1] = historyStart[i]! + opportunity.changes.length;
  });
  const current = opportunities.map(
    (opportunity) => opportunity.changes.at(-1) ?? ([opportunity.created, 1, 700, 90, 1, 0] as const),
  );
  const column = <T>(rows: readonly (readonly number[])[], field: number, make: (values: number[]) => T) =>
    make(rows.map((row) => row[field]!));
  return {
    opportunities: {
      count: opportunities.length,
      createdDay: Int32Array.from(opportunities.map((opportunity) => opportunity.created)),
      stageCode: column(current, 1, (values) => Uint16Array.from(values)),
      amount: column(current, 2, (values) => Float64Array.from(values)),
      closeDay: column(current, 3, (values) => Int32Array.from(values)),
      categoryCode: column(current, 4, (values) => Uint16Array.from(values)),
      ownerIndex: column(current, 5, (values) => Int32Array.from(values)),
    },
    history: {
      day: column(changes, 0, (values) => Int32Array.from(values)),
      stageCode: column(changes, 1, (values) => Uint16Array.from(values)),
      amount: column(changes, 2, (values) => Float64Array.from(values)),
      closeDay: column(changes, 3, (values) => Int32Array.from(values)),
      categoryCode: column(changes, 4, (values) => Uint16Array.from(values)),
      ownerIndex: column(changes, 5, (values) => Int32Array.from(values)),
    },
    historyStart,
  };
}

const opportunity: fc.Arbitrary<Opportunity> = fc
  .record({
    created: fc.integer({ min: 0, max: 40 }),
    changes: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }).map((n) => n * 100),
        fc.integer({ min: 50, max: 99 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
      ),
      { maxLength: 5 },
    ),
  })
  .map(({ created, changes }) => ({
    created,
    changes: [...changes].sort((a, b) => a[0] - b[0]),
  }));

describe('opportunitiesAsOfDays', () => {
  it('gives each day the state the single-day pass gives, and the history row in effect', () => {
    fc.assert(
      fc.property(
        fc.array(opportunity, { maxLength: 12 }),
        fc.array(fc.integer({ min: -2, max: 45 }), { minLength: 1, maxLength: 6 }),
        (opportunities, days) => {
          const columns = source(opportunities);
          const states = opportunitiesAsOfDays(columns, days);
          expect(states.map((state) => state.asOfDay)).toEqual([...new Set(days)].sort((a, b) => a - b));
          for (const state of states) {
            const single = opportunitiesAsOf(columns, state.asOfDay, [-1, 0, 1, 2, 3, 4, 5]);
            for (const field of ['exists', ...TRACKED_COLUMNS] as const) {
              expect(Array.from(state[field]), field).toEqual(Array.from(single[field]));
            }
            opportunities.forEach((deal, i) => {
              const start = columns.historyStart[i]!;
              // The last change dated on or before the day, else the first one; -1 without changes or before creation.
              const inEffect = deal.changes.findLastIndex((change) => change[0] <= state.asOfDay);
              const expected =
                deal.created > state.asOfDay || deal.changes.length === 0
                  ? -1
                  : start + Math.max(0, inEffect);
              expect(state.historyRow[i]).toBe(expected);
            });
          }
        },
      ),
    );
  });

  it('rewinds a deal changed after the first day, and leaves one not yet created absent', () => {
    const columns = source([
      {
        created: 5,
        changes: [
          [5, 1, 500, 60, 1, 2],
          [20, 3, 900, 70, 2, 3],
        ],
      },
      { created: 30, changes: [[30, 2, 400, 80, 1, 1]] },
    ]);
    const [day10, day25] = opportunitiesAsOfDays(columns, [25, 10, 25]);
    expect([day10!.stageCode[0], day10!.amount[0], day10!.ownerIndex[0], day10!.historyRow[0]]).toEqual([
      1, 500, 2, 0,
    ]);
    expect([day25!.stageCode[0], day25!.amount[0], day25!.ownerIndex[0], day25!.historyRow[0]]).toEqual([
      3, 900, 3, 1,
    ]);
    expect([day25!.exists[1], day25!.closeDay[1], day25!.ownerIndex[1], day25!.amount[1]]).toEqual([
      0,
      NO_DAY,
      NO_INDEX,
      0,
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opportunitiesAsOf, stageOrderByCode, TRACKED_COLUMNS, type AsOfSource } from './as-of.js';
import { NO_DAY, NO_INDEX } from './dataset.js';

/** One recorded change: the full tracked state from `day` on. */
interface Change {
  day: number;
  stage: number;
  amount: number;
  close: number;
  category: number;
  owner: number;
}

interface TinyOpportunity {
  created: number;
  changes: Change[];
  /** The current state; defaults to the last change. */
  current?: Omit<Change, 'day'>;
}

const change = (day: number, stage: number, fields: Partial<Omit<Change, 'day' | 'stage'>> = {}): Change => ({
  day,
  stage,
  amount: 1000,
  close: 200,
  category: 1,
  owner: 0,
  ...fields,
});

/** Builds the columns opportunitiesAsOf reads from a few opportunities written out by hand. */
function tinySource(opportunities: TinyOpportunity[]): AsOfSource {
  const changes = opportunities.flatMap((opportunity) => opportunity.changes);
  const historyStart = new Int32Array(opportunities.length + 1);
  opportunities.forEach((opportunity, i) => {
    historyStart[i + 1] = historyStart[i]! + opportunity.changes.length;
  });
  const current = opportunities.map((opportunity) => opportunity.current ?? opportunity.changes.at(-1)!);
  return {
    opportunities: {
      count: opportunities.length,
      createdDay: Int32Array.from(opportunities, (opportunity) => opportunity.created),
      stageCode: Uint16Array.from(current, (state) => state.stage),
      amount: Float64Array.from(current, (state) => state.amount),
      closeDay: Int32Array.from(current, (state) => state.close),
      categoryCode: Uint16Array.from(current, (state) => state.category),
      ownerIndex: Int32Array.from(current, (state) => state.owner),
    },
    history: {
      day: Int32Array.from(changes, (c) => c.day),
      stageCode: Uint16Array.from(changes, (c) => c.stage),
      amount: Float64Array.from(changes, (c) => c.amount),
      closeDay: Int32Array.from(changes, (c) => c.close),
      categoryCode: Uint16Array.from(changes, (c) => c.category),
      ownerIndex: Int32Array.from(changes, (c) => c.owner),
    },
    historyStart,
  };
}

/** Stage codes ranked in code order: enough where a test does not look at the furthest stage. */
const CODE_ORDER = [-1, 0, 1, 2, 3, 4, 5, 6];

describe('opportunitiesAsOf', () => {
  it('applies every change of one day in order, the last one winning', () => {
    const source = tinySource([
      {
        created: 10,
        changes: [change(10, 1), change(12, 2, { amount: 2000 }), change(12, 3, { amount: 3000 })],
      },
    ]);
    const onDay12 = opportunitiesAsOf(source, 12, CODE_ORDER);
    expect(onDay12.stageCode[0]).toBe(3);
    expect(onDay12.amount[0]).toBe(3000);
    expect(onDay12.stageEnteredDay[0]).toBe(12);
    expect(onDay12.lastChangeDay[0]).toBe(12);
    const onDay11 = opportunitiesAsOf(source, 11, CODE_ORDER);
    expect(onDay11.stageCode[0]).toBe(1);
    expect(onDay11.amount[0]).toBe(1000);
    expect(onDay11.lastChangeDay[0]).toBe(10);
  });

  it('ignores changes dated after the day', () => {
    const source = tinySource([
      {
        created: 1,
        changes: [
          change(1, 1, { amount: 500, close: 90, category: 1, owner: 4 }),
          change(20, 2, { amount: 700, close: 95, category: 2, owner: 5 }),
        ],
      },
    ]);
    const state = opportunitiesAsOf(source, 19, CODE_ORDER);
    expect(state.exists[0]).toBe(1);
    expect([
      state.stageCode[0],
      state.amount[0],
      state.closeDay[0],
      state.categoryCode[0],
      state.ownerIndex[0],
    ]).toEqual([1, 500, 90, 1, 4]);
    expect(state.pushCount[0]).toBe(0);
    expect(state.furthestStageCode[0]).toBe(1);
  });

  it('leaves out an opportunity created after the day, with absent values', () => {
    const source = tinySource([
      { created: 30, changes: [change(30, 2)] },
      { created: 5, changes: [change(5, 1)] },
    ]);
    const state = opportunitiesAsOf(source, 29, CODE_ORDER);
    expect(Array.from(state.exists)).toEqual([0, 1]);
    expect(state.stageCode[0]).toBe(0);
    expect(state.amount[0]).toBe(0);
    expect(state.closeDay[0]).toBe(NO_DAY);
    expect(state.ownerIndex[0]).toBe(NO_INDEX);
    expect(state.stageEnteredDay[0]).toBe(NO_DAY);
    expect(state.lastChangeDay[0]).toBe(NO_DAY);
  });

  it('counts changes that moved the close date later, and by how many days', () => {
    const source = tinySource([
      {
        created: 0,
        changes: [
          change(0, 1, { close: 100 }),
          change(10, 1, { close: 120 }), // pushed 20
          change(15, 1, { close: 110 }), // pulled in: not a push
          change(15, 1, { close: 130 }), // pushed 20, same day
          change(40, 1, { close: 130 }), // amount-only change
        ],
      },
    ]);
    const early = opportunitiesAsOf(source, 12, CODE_ORDER);
    expect([early.pushCount[0], early.pushedDays[0]]).toEqual([1, 20]);
    const late = opportunitiesAsOf(source, 50, CODE_ORDER);
    expect([late.pushCount[0], late.pushedDays[0]]).toEqual([2, 40]);
    expect(late.stageEnteredDay[0]).toBe(0);
    expect(late.lastChangeDay[0]).toBe(40);
  });

  it('dates the stage entry at the last move into the current stage', () => {
    const source = tinySource([
      { created: 3, changes: [change(3, 1), change(8, 2), change(9, 2), change(14, 1)] },
    ]);
    expect(opportunitiesAsOf(source, 13, CODE_ORDER).stageEnteredDay[0]).toBe(8);
    expect(opportunitiesAsOf(source, 20, CODE_ORDER).stageEnteredDay[0]).toBe(14);
  });

  it('ranks the furthest stage by the stage order given, not by code', () => {
    // Codes in the order the store met them: 1 Proposal, 2 Qualification, 3 Discovery, 4 Closed Lost.
    const ranked = ['Qualification', 'Discovery', 'Proposal'];
    const stageOrder = stageOrderByCode(
      ['', 'Proposal', 'Qualification', 'Discovery', 'Closed Lost'],
      (name) => {
        const rank = ranked.indexOf(name);
        return rank < 0 ? undefined : rank;
      },
    );
    expect(Array.from(stageOrder)).toEqual([-1, 2, 0, 1, -1]);
    const source = tinySource([
      { created: 0, changes: [change(0, 2), change(5, 1), change(6, 3), change(9, 4)] },
    ]);
    const state = opportunitiesAsOf(source, 10, stageOrder);
    expect(state.firstStageCode[0]).toBe(2);
    expect(state.furthestStageCode[0]).toBe(1);
    expect(state.stageCode[0]).toBe(4);
    expect(opportunitiesAsOf(source, 4, stageOrder).furthestStageCode[0]).toBe(2);
  });

  it('holds the first recorded state from creation when history starts later', () => {
    const source = tinySource([{ created: 5, changes: [change(10, 2, { amount: 900 }), change(12, 3)] }]);
    const state = opportunitiesAsOf(source, 7, CODE_ORDER);
    expect(state.exists[0]).toBe(1);
    expect(state.stageCode[0]).toBe(2);
    expect(state.amount[0]).toBe(900);
    expect(state.stageEnteredDay[0]).toBe(5);
    expect(state.lastChangeDay[0]).toBe(5);
  });

  it('uses the current state for an opportunity without recorded history', () => {
    const source = tinySource([
      { created: 4, changes: [], current: { stage: 3, amount: 250, close: 60, category: 2, owner: 7 } },
    ]);
    const state = opportunitiesAsOf(source, 4, CODE_ORDER);
    expect([
      state.stageCode[0],
      state.amount[0],
      state.closeDay[0],
      state.categoryCode[0],
      state.ownerIndex[0],
    ]).toEqual([3, 250, 60, 2, 7]);
    expect([state.stageEnteredDay[0], state.lastChangeDay[0], state.firstStageCode[0]]).toEqual([4, 4, 3]);
  });

  const changeArbitrary = fc.record({
    gap: fc.integer({ min: 0, max: 5 }),
    stage: fc.integer({ min: 1, max: 6 }),
    amount: fc.integer({ min: 0, max: 1e9 }),
    close: fc.integer({ min: 0, max: 400 }),
    category: fc.integer({ min: 1, max: 5 }),
    owner: fc.integer({ min: 0, max: 9 }),
  });
  const opportunityArbitrary = fc
    .record({
      created: fc.integer({ min: 0, max: 50 }),
      lead: fc.integer({ min: -3, max: 5 }),
      changes: fc.array(changeArbitrary, { minLength: 1, maxLength: 8 }),
    })
    .map(({ created, lead, changes }): TinyOpportunity => {
      let day = created + lead;
      return {
        created,
        changes: changes.map(({ gap, ...state }) => {
          day += gap;
          return { day, ...state };
        }),
      };
    });

  it('gives the current state as of the last change day (property)', () => {
    fc.assert(
      fc.property(fc.array(opportunityArbitrary, { minLength: 1, maxLength: 6 }), (opportunities) => {
        const source = tinySource(opportunities);
        opportunities.forEach((opportunity, i) => {
          const lastDay = Math.max(opportunity.created, opportunity.changes.at(-1)!.day);
          const state = opportunitiesAsOf(source, lastDay, CODE_ORDER);
          const { opportunities: current } = source;
          expect(state.exists[i]).toBe(1);
          expect(state.stageCode[i]).toBe(current.stageCode[i]);
          expect(state.amount[i]).toBe(current.amount[i]);
          expect(state.closeDay[i]).toBe(current.closeDay[i]);
          expect(state.categoryCode[i]).toBe(current.categoryCode[i]);
          expect(state.ownerIndex[i]).toBe(current.ownerIndex[i]);
        });
      }),
    );
  });

  it('agrees with a direct reading of the changes on every day (property)', () => {
    fc.assert(
      fc.property(opportunityArbitrary, fc.integer({ min: -5, max: 100 }), (opportunity, asOf) => {
        const state = opportunitiesAsOf(tinySource([opportunity]), asOf, CODE_ORDER);
        expect(state.exists[0]).toBe(opportunity.created <= asOf ? 1 : 0);
        if (opportunity.created > asOf) return;
        const applied = opportunity.changes.filter((c) => c.day <= asOf);
        const inEffect = applied.at(-1) ?? opportunity.changes[0]!;
        const moves = applied.slice(1).map((c, k) => c.close - applied[k]!.close);
        const pushes = moves.filter((days) => days > 0);
        expect(state.amount[0]).toBe(inEffect.amount);
        expect(state.stageCode[0]).toBe(inEffect.stage);
        expect(state.pushCount[0]).toBe(pushes.length);
        expect(state.pushedDays[0]).toBe(pushes.reduce((sum, days) => sum + days, 0));
        expect(state.furthestStageCode[0]).toBe(
          Math.max(...(applied.length ? applied : [inEffect]).map((c) => c.stage)),
        );
      }),
    );
  });

  it('with factsOf, gives every opportunity its state and only those of factsOf their history facts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(opportunityArbitrary, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: -5, max: 100 }),
        (entries, asOf) => {
          // Some without recorded history: taken to be in their current state since creation.
          const source = tinySource(
            entries.map(([opportunity], i) =>
              i % 3 === 2
                ? { created: opportunity.created, changes: [], current: opportunity.changes[0]! }
                : opportunity,
            ),
          );
          const factsOf = Uint8Array.from(entries, ([, facts]) => (facts ? 1 : 0));
          const all = opportunitiesAsOf(source, asOf, CODE_ORDER);
          const some = opportunitiesAsOf(source, asOf, CODE_ORDER, factsOf);
          const factColumns = [
            'stageEnteredDay',
            'pushCount',
            'pushedDays',
            'firstStageCode',
            'furthestStageCode',
            'lastChangeDay',
          ] as const;
          for (const column of ['exists', ...TRACKED_COLUMNS] as const)
            expect(Array.from(some[column])).toEqual(Array.from(all[column]));
          entries.forEach(([opportunity], i) => {
            const withHistory = opportunity.created <= asOf && factsOf[i] === 1;
            for (const column of factColumns) {
              // An opportunity outside factsOf (or not yet created) has the absent values of one not created.
              const absent = column.endsWith('Day') ? NO_DAY : 0;
              expect(some[column][i]).toBe(withHistory ? all[column][i] : absent);
            }
          });
        },
      ),
      { seed: 5 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../domain/dates.js';
import type { TrackedState } from '../../domain/entities.js';
import type { MinorUnits } from '../../domain/money.js';
import {
  compareMoments,
  daySequences,
  groupInTimeOrder,
  ownerAt,
  statesFromFieldSteps,
  type Moment,
} from './history-order.js';

const at = (date: string, seconds = 0, line = 0): Moment => ({ date: date as IsoDate, seconds, line });

describe('groupInTimeOrder', () => {
  it('groups rows by key in first-seen order, each group in time order, lines breaking ties', () => {
    const rows = [
      { key: 1, moment: at('2026-01-02', 0, 2) },
      { key: 0, moment: at('2026-01-05', 30, 3) },
      { key: 0, moment: at('2026-01-05', 10, 4) },
      { key: 1, moment: at('2026-01-01', 0, 5) },
      { key: 0, moment: at('2026-01-05', 10, 1) },
    ];
    const groups = groupInTimeOrder(
      rows.length,
      (row) => rows[row]!.key,
      2,
      (a, b) => compareMoments(rows[a]!.moment, rows[b]!.moment),
    );
    expect(groups.keys).toEqual([1, 0]);
    expect(Array.from(groups.starts)).toEqual([0, 2, 5]);
    expect(Array.from(groups.order)).toEqual([3, 0, 4, 2, 1]);
  });

  it('orders like a full sort by (key first seen, date, seconds, line)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.constantFrom(0, 1, 2),
            day: fc.integer({ min: 1, max: 3 }),
            seconds: fc.integer({ min: 0, max: 2 }),
          }),
          { maxLength: 40 },
        ),
        (raw) => {
          const rows = raw.map((row, line) => ({
            key: row.key,
            moment: at(`2026-01-0${row.day}`, row.seconds, line),
          }));
          const groups = groupInTimeOrder(
            rows.length,
            (row) => rows[row]!.key,
            3,
            (a, b) => compareMoments(rows[a]!.moment, rows[b]!.moment),
          );
          const firstSeen = [...new Set(rows.map((row) => row.key))];
          const expected = rows
            .map((_, index) => index)
            .sort(
              (a, b) =>
                firstSeen.indexOf(rows[a]!.key) - firstSeen.indexOf(rows[b]!.key) ||
                compareMoments(rows[a]!.moment, rows[b]!.moment),
            );
          expect(Array.from(groups.order)).toEqual(expected);
        },
      ),
      { seed: 3 },
    );
  });

  it('orders rows that come group after group as the rows that do not', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            key: fc.integer({ min: 0, max: 5 }),
            rows: fc.array(fc.record({ day: fc.integer({ min: 1, max: 3 }), seconds: fc.nat(2) }), {
              minLength: 1,
              maxLength: 4,
            }),
          }),
          { maxLength: 6, selector: (group) => group.key },
        ),
        (groups) => {
          // Each key's rows together, in the groups' order: the order a full sort gives, from either path.
          const rows = groups.flatMap((group) => group.rows.map((row) => ({ key: group.key, ...row })));
          const moments = rows.map((row, line) => at(`2026-01-0${row.day}`, row.seconds, line));
          const compare = (a: number, b: number) => compareMoments(moments[a]!, moments[b]!);
          const grouped = groupInTimeOrder(rows.length, (row) => rows[row]!.key, 6, compare);
          const groupOf = (row: number) => groups.findIndex((group) => group.key === rows[row]!.key);
          const expectedOrder = rows
            .map((_, index) => index)
            .sort((a, b) => groupOf(a) - groupOf(b) || compare(a, b));
          expect(grouped.keys).toEqual(groups.map((group) => group.key));
          expect(Array.from(grouped.order)).toEqual(expectedOrder);
          let start = 0;
          const starts = groups.map((group) => (start += group.rows.length) - group.rows.length);
          expect(Array.from(grouped.starts)).toEqual([...starts, rows.length]);
        },
      ),
      { seed: 5 },
    );
  });
});

describe('daySequences and ownerAt', () => {
  it('numbers the changes of one day from 0', () => {
    expect(
      daySequences([
        '2026-01-01',
        '2026-01-01',
        '2026-01-02',
        '2026-01-02',
        '2026-01-02',
        '2026-01-03',
      ] as IsoDate[]),
    ).toEqual([0, 1, 0, 1, 2, 0]);
  });

  it('gives the owner before the first later owner change, else the current owner', () => {
    const changes = [
      { ...at('2026-02-01', 100), from: 'ana', to: 'zoe' },
      { ...at('2026-03-01'), from: 'zoe', to: 'chen' },
    ];
    expect(ownerAt(changes, at('2026-01-15'), 'chen')).toBe('ana');
    expect(ownerAt(changes, at('2026-02-01', 50), 'chen')).toBe('ana');
    expect(ownerAt(changes, at('2026-02-01', 100), 'chen')).toBe('zoe');
    expect(ownerAt(changes, at('2026-04-01'), 'chen')).toBe('chen');
  });
});

describe('statesFromFieldSteps', () => {
  const current: TrackedState = {
    stage: 'Negotiation',
    amount: 5000 as MinorUnits,
    closeDate: '2026-06-30' as IsoDate,
    forecastCategory: 'best_case',
    ownerId: 'zoe',
  };

  it('walks back from the current state, one state per moment, the oldest on the created date', () => {
    const { states, emptied } = statesFromFieldSteps(current, '2026-01-05' as IsoDate, [
      { ...at('2026-03-01', 10, 4), field: 'stage', from: 'Proposal', to: 'Negotiation' },
      { ...at('2026-02-01', 0, 2), field: 'amount', from: 3000 as MinorUnits, to: 4000 as MinorUnits },
      { ...at('2026-03-01', 10, 5), field: 'amount', from: 4000 as MinorUnits, to: 5000 as MinorUnits },
      { ...at('2026-02-15', 0, 3), field: 'ownerId', from: 'ana', to: 'zoe' },
    ]);
    expect(emptied).toBe(0);
    expect(
      states.map((timed) => [timed.date, timed.state.stage, timed.state.amount, timed.state.ownerId]),
    ).toEqual([
      ['2026-01-05', 'Proposal', 3000, 'ana'],
      ['2026-02-01', 'Proposal', 4000, 'ana'],
      ['2026-02-15', 'Proposal', 4000, 'zoe'],
      ['2026-03-01', 'Negotiation', 5000, 'zoe'],
    ]);
  });

  it('keeps the first value given before a change from an empty value, and counts it', () => {
    const { states, emptied } = statesFromFieldSteps(current, '2026-01-05' as IsoDate, [
      { ...at('2026-02-01'), field: 'amount', from: null, to: 5000 as MinorUnits },
    ]);
    expect(emptied).toBe(1);
    expect(states.map((timed) => timed.state.amount)).toEqual([5000, 5000]);
  });
});

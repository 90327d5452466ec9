import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deriveChanges,
  groupByOpportunity,
  HistoryColumns,
  nextSequence,
  type LatestChanges,
} from './history.js';

/** A row with only the key set (the tracked state is zero), for ordering tests. */
function keyed(rows: readonly [opportunityId: number, day: number, sequence: number][]): HistoryColumns {
  const history = new HistoryColumns(2);
  for (const [opportunityId, day, sequence] of rows)
    history.push(opportunityId, day, sequence, 0, 0, 0, 0, 0);
  return history;
}

describe('nextSequence', () => {
  it('follows the latest change on its own day', () => {
    expect(nextSequence(100, 2, 100, null)).toBe(3);
  });
  it('starts at 0 on a day after the latest change', () => {
    expect(nextSequence(100, 2, 105, null)).toBe(0);
  });
  it('follows the highest sequence already on a day before the latest change', () => {
    expect(nextSequence(100, 0, 90, 4)).toBe(5);
    expect(nextSequence(100, 0, 90, null)).toBe(0);
  });
});

describe('HistoryColumns', () => {
  it('keeps every row when it grows past its capacity', () => {
    const history = new HistoryColumns(1);
    for (let index = 0; index < 40; index++)
      history.push(index + 1, 20_000 + index, 0, 3, 2 ** 53 - 1 - index, 7, 2, 9);
    expect(history.length).toBe(40);
    expect(history.row(39)).toEqual([40, 20_039, 0, 3, 2 ** 53 - 40, 7, 2, 9]);
    expect(history.row(0)).toEqual([1, 20_000, 0, 3, 2 ** 53 - 1, 7, 2, 9]);
  });

  it('yields rows in the order asked, through one reused array', () => {
    const history = keyed([
      [1, 10, 0],
      [2, 5, 0],
    ]);
    const seen: number[][] = [];
    for (const row of history.rows(Uint32Array.of(1, 0))) seen.push([...row]);
    expect(seen).toEqual([
      [2, 5, 0, 0, 0, 0, 0, 0],
      [1, 10, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('compares states and order between rows', () => {
    const history = new HistoryColumns();
    history.push(1, 100, 0, 2, 500, 130, 1, 4);
    history.push(1, 100, 1, 2, 500, 130, 1, 4);
    history.push(1, 101, 0, 2, 600, 130, 1, 4);
    expect(history.sameState(0, history, 1)).toBe(true);
    expect(history.sameState(1, history, 2)).toBe(false);
    expect(history.isLater(1, history, 0)).toBe(true);
    expect(history.isLater(0, history, 1)).toBe(false);
    expect(history.isLater(2, history, 1)).toBe(true);
    expect(history.isLater(0, history, 0)).toBe(false);
  });
});

describe('groupByOpportunity', () => {
  it('orders rows by opportunity, day and sequence and cuts one group per opportunity', () => {
    const history = keyed([
      [3, 20, 1],
      [1, 15, 0],
      [3, 20, 0],
      [3, 10, 0],
      [1, 12, 0],
    ]);
    const { order, starts } = groupByOpportunity(history);
    expect([...order]).toEqual([4, 1, 3, 2, 0]);
    expect([...starts]).toEqual([0, 2, 5]);
  });

  it('handles no rows', () => {
    const { order, starts } = groupByOpportunity(new HistoryColumns());
    expect(order.length).toBe(0);
    expect([...starts]).toEqual([0]);
  });

  it('sorts any rows into key order, long groups included', () => {
    const row = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: -50, max: 50 }), fc.nat(3));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 120 }), (rows) => {
        const history = keyed(rows);
        const { order, starts } = groupByOpportunity(history);
        const sorted = [...order].map((at) => rows[at]!);
        const expected = [...rows].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
        expect(sorted).toEqual(expected);
        const opportunities = new Set(rows.map(([id]) => id));
        expect(starts.length).toBe(opportunities.size + 1);
        for (let group = 0; group + 1 < starts.length; group++) {
          const ids = sorted.slice(starts[group], starts[group + 1]).map(([id]) => id);
          expect(new Set(ids).size).toBe(1);
        }
      }),
      { seed: 20_260_101, numRuns: 200 },
    );
  });
});

describe('deriveChanges', () => {
  const AS_OF = 200;
  /** Records of opportunities 1-4 (state: stage code, amount), each dated its created day 100. */
  const records = new HistoryColumns();
  records.push(1, 100, 0, 1, 500, 150, 1, 7); // new, no history
  records.push(2, 100, 0, 2, 500, 150, 1, 7); // same state as its latest change
  records.push(3, 100, 0, 3, 900, 150, 2, 7); // moved since its latest change (day 180, sequence 1)
  records.push(4, 100, 0, 3, 900, 150, 2, 7); // differs, but its latest change (day 250) is after asOf
  const latestRows = new HistoryColumns();
  latestRows.push(2, 120, 0, 2, 500, 150, 1, 7);
  latestRows.push(3, 180, 1, 2, 500, 150, 1, 7);
  latestRows.push(4, 250, 0, 4, 100, 150, 3, 7);
  const latest: LatestChanges = { rows: latestRows, row: Int32Array.of(-1, -1, 0, 1, 2) };

  it('adds an initial change, a change on asOf, or nothing, and keeps the later state current', () => {
    const { derived, current } = deriveChanges(records, latest, AS_OF, new Map([[4, 1]]));
    expect(Array.from({ length: derived.length }, (_, at) => derived.row(at))).toEqual([
      [1, 100, 0, 1, 500, 150, 1, 7],
      [3, 200, 0, 3, 900, 150, 2, 7],
      [4, 200, 2, 3, 900, 150, 2, 7],
    ]);
    expect(Array.from({ length: current.length }, (_, at) => current.row(at))).toEqual([
      [1, 100, 0, 1, 500, 150, 1, 7],
      [2, 120, 0, 2, 500, 150, 1, 7],
      [3, 200, 0, 3, 900, 150, 2, 7],
      [4, 250, 0, 4, 100, 150, 3, 7],
    ]);
  });

  it('follows a change already made on asOf', () => {
    const sameDay = new HistoryColumns();
    sameDay.push(3, AS_OF, 0, 2, 500, 150, 1, 7);
    const { derived } = deriveChanges(
      records,
      { rows: sameDay, row: Int32Array.of(-1, -1, -1, 0, -1) },
      AS_OF,
      new Map(),
    );
    expect(derived.row(2)).toEqual([3, AS_OF, 1, 3, 900, 150, 2, 7]);
  });
});

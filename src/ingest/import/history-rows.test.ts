import { describe, expect, it } from 'vitest';
import { createStageModel, DEFAULT_STAGES } from '../../domain/stage-model.js';
import { StageNotes } from './collectors.js';
import { ChunkedColumn, DayCodec, HistoryRows, type HistoryColumns } from './history-rows.js';
import { OpportunityCodes } from './opportunity-codes.js';
import { createStageResolver } from './stage-resolver.js';

const model = createStageModel(DEFAULT_STAGES);
const emptyRows = () =>
  new HistoryRows(
    model,
    createStageResolver(model),
    new StageNotes(),
    new OpportunityCodes([], null),
    new DayCodec(),
    () => undefined,
  );

/**
 * A part of `count` rows whose columns hold values made from the row's number, in chunks as a thread gives them,
 * with its amounts as the merge reads them (`amount`).
 */
function part(count: number, ownerIds: readonly string[], amount: (row: number) => number): HistoryColumns {
  const column = <T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(
    make: (length: number) => T,
    value: (row: number) => number,
  ): T[] => {
    const chunked = new ChunkedColumn(make);
    for (let row = 0; row < count; row++) chunked.set(row, value(row));
    return chunked.chunksOf(count);
  };
  const int32 = (length: number) => new Int32Array(length);
  return {
    count,
    lines: column(int32, (row) => row + 2),
    opportunities: column(int32, (row) => row % 7),
    owners: column(int32, (row) => row % ownerIds.length),
    ownerIds,
    days: column(int32, (row) => 20_000 + (row % 300)),
    seconds: column(int32, (row) => row % 86_400),
    stages: column(
      (length) => new Uint8Array(length),
      (row) => row % 5,
    ),
    amounts: column((length) => new Float64Array(length), amount),
    closes: column(int32, (row) => 20_100 + (row % 90)),
    categories: column(
      (length) => new Uint8Array(length),
      (row) => row % 3,
    ),
  };
}

describe('HistoryRows.append', () => {
  // Two parts across several 65,536-row chunks: the first becomes the columns, the second is copied row by row.
  const first = 150_000;
  const second = 70_001;
  const codes = Int32Array.from({ length: 7 }, (_, code) => 1000 + code);
  const amountsFrom =
    (from: number, dropped = -1) =>
    (row: number) =>
      row === dropped ? NaN : (from + row) * 100;

  it('keeps every row of the parts, in order, with codes, owners, lines and amounts mapped', () => {
    const rows = emptyRows();
    rows.append(part(first, ['U9', '', 'U1'], amountsFrom(0)), codes, 10);
    rows.append(part(second, ['U1', 'U2', 'U3'], amountsFrom(first)), codes, 1_000_000);
    expect(rows.count).toBe(first + second);
    for (const index of [0, 65_535, 65_536, first - 1, first, first + 65_536, first + second - 1]) {
      const inSecond = index >= first;
      const row = inSecond ? index - first : index;
      expect(rows.line(index)).toBe(row + 2 + (inSecond ? 1_000_000 : 10));
      expect(rows.opportunityCode(index)).toBe(1000 + (row % 7));
      expect(rows.ownerId(index)).toBe(inSecond ? ['U1', 'U2', 'U3'][row % 3] : ['U9', '', 'U1'][row % 3]);
      expect(rows.day(index)).toBe(20_000 + (row % 300));
      expect(rows.seconds(index)).toBe(row % 86_400);
      expect(rows.amount(index)).toBe(index * 100);
      expect(rows.closeDay(index)).toBe(20_100 + (row % 90));
      expect(rows.forecastCategory(index)).toBe(['pipeline', 'best_case', 'commit'][row % 3]);
      expect(rows.stage(index)).toBe(DEFAULT_STAGES[row % 5]!.name);
    }
  });

  it('leaves out a row whose amount was not one (NaN), the rows after it moving up', () => {
    const rows = emptyRows();
    rows.append(part(first, [''], amountsFrom(0, 70_000)), codes, 0);
    expect(rows.count).toBe(first - 1);
    expect([rows.line(69_999), rows.line(70_000)]).toEqual([70_001, 70_003]);
    expect([rows.amount(69_999), rows.amount(70_000)]).toEqual([6_999_900, 7_000_100]);
  });
});

import { describe, expect, it } from 'vitest';
import { OpportunityCodes } from './opportunity-codes.js';

/** The codes a part's thread gives ids read one row after another, with the rows counted as they are read. */
function partCodes(ids: readonly string[]) {
  let rows = 0;
  const codes = OpportunityCodes.forPart(() => rows);
  const given = ids.map((id) => {
    const code = codes.code(id);
    rows++;
    return code;
  });
  return { codes, given };
}

describe("a part's opportunity codes", () => {
  it('number each run of rows of one id, an id in two runs twice, each code keeping its id', () => {
    const { codes, given } = partCodes(['a', 'a', 'b', 'b', 'b', 'a', 'c']);
    expect(given).toEqual([0, 0, 1, 1, 1, 2, 3]);
    expect([0, 1, 2, 3].map((code) => codes.id(code))).toEqual(['a', 'b', 'a', 'c']);
    expect(codes.size).toBe(4);
  });

  it('look ids up once runs are short, each id then under its first code', () => {
    // 70,000 runs of one row each: past the check (65,536 runs), runs average under two rows.
    const ids = Array.from({ length: 70_000 }, (_, n) => `id${n}`);
    const { codes, given } = partCodes([...ids, 'id5', 'id69999', 'new', 'id5']);
    expect(given.slice(0, 70_000)).toEqual(ids.map((_, n) => n));
    expect(given.slice(70_000)).toEqual([5, 69_999, 70_000, 5]);
    expect(codes.size).toBe(70_001);
  });

  it('keep numbering runs while they are long', () => {
    // 70,000 runs of two rows each, then an id of the first run again: a run of its own.
    const ids = Array.from({ length: 70_000 }, (_, n) => `id${n}`).flatMap((id) => [id, id]);
    const { given } = partCodes([...ids, 'id0']);
    expect(given.at(-1)).toBe(70_000);
  });

  it("give every code's id, and all ids joined with where each ends", () => {
    // Runs of two rows, ids of varying length.
    const ids = Array.from({ length: 40_000 }, (_, n) => `006${'x'.repeat(n % 5)}${n}`);
    const { codes, given } = partCodes(ids.flatMap((id) => [id, id]));
    expect(given.at(-1)).toBe(39_999);
    expect([0, 1, 16_384, 39_999].map((code) => codes.id(code))).toEqual(
      [0, 1, 16_384, 39_999].map((n) => ids[n]),
    );
    const { text, ends } = codes.joinedIds();
    expect(text).toBe(ids.join(''));
    let end = 0;
    expect(Array.from(ends)).toEqual(ids.map((id) => (end += id.length)));
  });

  it('number ids read where they lie in texts as ids given as strings, a run going on across texts', () => {
    // Three chunks of text; each row's id is a span of its chunk (as the plain reader reads them).
    const chunks = ['|0065e0000000001AAA|0065e0000000001AAA|0065e0000000002AAA|', '|0065e0000000002AAA|x|'];
    const spans = (chunk: string) =>
      chunk
        .split('|')
        .slice(1, -1)
        .map((id) => ({ start: chunk.indexOf(`|${id}|`) + 1, id }));
    let rows = 0;
    const codes = OpportunityCodes.forPart(() => rows);
    const given: number[] = [];
    for (const chunk of chunks) {
      for (const { start, id } of spans(chunk)) {
        given.push(codes.codeAt(chunk, start, start + id.length, (cell) => cell));
        rows++;
        // Asked between ids, as a row's problem may ask it.
        expect(codes.id(given.at(-1)!)).toBe(id);
      }
    }
    // A string id (a row read through its values) after them: the run of 'x' goes on; then a new one.
    given.push(codes.code('x'), codes.code('0065e0000000001AAA'));
    expect(given).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect([0, 1, 2, 3].map((code) => codes.id(code))).toEqual([
      '0065e0000000001AAA',
      '0065e0000000002AAA',
      'x',
      '0065e0000000001AAA',
    ]);
    const { text, ends } = codes.joinedIds();
    expect(text).toBe('0065e0000000001AAA0065e0000000002AAAx0065e0000000001AAA');
    expect(Array.from(ends)).toEqual([18, 36, 37, 55]);
  });

  it('look ids read where they lie up once runs are short', () => {
    const ids = Array.from({ length: 70_000 }, (_, n) => `0065e${String(n).padStart(13, '0')}`);
    const text = ids.join(',');
    let rows = 0;
    const codes = OpportunityCodes.forPart(() => rows);
    let start = 0;
    const given = ids.map((id) => {
      const code = codes.codeAt(text, start, start + id.length, (cell) => cell);
      start += id.length + 1;
      rows++;
      return code;
    });
    expect(given).toEqual(ids.map((_, n) => n));
    // Past the check: the first run's id is found under its code, not given a new one.
    expect(codes.codeAt(text, 0, ids[0]!.length, (cell) => cell)).toBe(0);
    expect(codes.code('new')).toBe(70_000);
    expect(codes.id(69_999)).toBe(ids[69_999]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import { formatCsvRecord } from './csv-format.js';
import {
  countLineBreaks,
  createRecordSplitter,
  locateRecordEnd,
  MAX_RECORD_CHARS,
  scanRecords,
  type RecordArrays,
} from './csv-tokenizer.js';

function scanAll(text: string, delimiter = ','): RecordArrays {
  const out: RecordArrays = { lines: [], records: [] };
  scanRecords(text, true, delimiter, 1, 'f.csv', out);
  return out;
}

function errorOf(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('scanRecords', () => {
  it('splits records on LF, CRLF and lone CR alike, counting each as one line', () => {
    const out = scanAll('a,b\n1,2\r\n3,4\r5,6');
    expect(out.records).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(out.lines).toEqual([1, 2, 3, 4]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quotes, and reports the first line of a record', () => {
    const out = scanAll('"a,b","say ""hi""","x\r\ny\nz"\n2,3,4\n');
    expect(out.records).toEqual([
      ['a,b', 'say "hi"', 'x\r\ny\nz'],
      ['2', '3', '4'],
    ]);
    expect(out.lines).toEqual([1, 4]);
  });

  it('skips empty lines but counts them', () => {
    const out = scanAll('\n\na\r\n\r\nb\r\rc');
    expect(out.records).toEqual([['a'], ['b'], ['c']]);
    expect(out.lines).toEqual([3, 5, 7]);
  });

  it('reads empty cells, a trailing delimiter and an empty quoted value', () => {
    expect(scanAll(',\n"",x,\n').records).toEqual([
      ['', ''],
      ['', 'x', ''],
    ]);
  });

  it('treats a quote inside an unquoted value as an ordinary character', () => {
    expect(scanAll('5\'10",ok\nab"c,"d"').records).toEqual([
      ['5\'10"', 'ok'],
      ['ab"c', 'd'],
    ]);
  });

  it('splits on the given delimiter only', () => {
    expect(scanAll('a;"b;c";d,e\n', ';').records).toEqual([['a', 'b;c', 'd,e']]);
    expect(scanAll('a\t"b\tc"\n', '\t').records).toEqual([['a', 'b\tc']]);
  });

  it('leaves an incomplete record unconsumed unless the input is final', () => {
    const out: RecordArrays = { lines: [], records: [] };
    expect(scanRecords('a,b\n1,"x\ny', false, ',', 1, 'f', out)).toEqual({ consumed: 4, line: 2 });
    expect(out.records).toEqual([['a', 'b']]);
    // A record without its line break, or ending in a CR that may be half of CRLF, may continue.
    expect(scanRecords('1,2', false, ',', 1, 'f', out).consumed).toBe(0);
    expect(scanRecords('1,2\r', false, ',', 1, 'f', out).consumed).toBe(0);
    // A closing quote at the very end may be the first half of a doubled quote.
    expect(scanRecords('"a"', false, ',', 1, 'f', out).consumed).toBe(0);
  });

  it('rejects a quote that never closes, at the line and field where it opens', () => {
    const error = errorOf(() => scanAll('id,note\n1,ok\n2,"open\n3,x\n'));
    expect(error.problems[0]?.location).toEqual({ file: 'f.csv', line: 3, column: 2 });
    expect(error.problems[0]?.message).toContain('no closing quote');
  });

  it('rejects text after a closing quote, at its field', () => {
    const error = errorOf(() => scanAll('a,b\n"x\ny"z,1\n'));
    expect(error.problems[0]?.location).toEqual({ file: 'f.csv', line: 3, column: 1 });
  });
});

describe('countLineBreaks', () => {
  it('counts CRLF once and lone CR and LF each once', () => {
    expect(countLineBreaks('a\r\nb\nc\rd\r\n')).toBe(4);
    expect(countLineBreaks('abc')).toBe(0);
  });
});

describe('locateRecordEnd', () => {
  it('names the field and the line breaks up to the end of a partial record', () => {
    expect(locateRecordEnd('1,"a\nb",x', ',')).toEqual({ lineBreaks: 1, field: 3 });
    expect(locateRecordEnd('1,"a,""b,', ',')).toEqual({ lineBreaks: 0, field: 2 });
    expect(locateRecordEnd('\r\n1;2;', ';')).toEqual({ lineBreaks: 1, field: 3 });
    expect(locateRecordEnd('ab"c,d', ',')).toEqual({ lineBreaks: 0, field: 2 });
  });
});

describe('createRecordSplitter', () => {
  it('waits for a long record without rescanning it on every piece, then finds the unclosed quote', () => {
    const splitter = createRecordSplitter(',', 'big.csv');
    expect(splitter.push('id,note\n1,"').records).toEqual([['id', 'note']]);
    const piece = 'x'.repeat(1 << 20);
    const error = errorOf(() => {
      for (let pushed = 0; pushed <= MAX_RECORD_CHARS; pushed += piece.length) splitter.push(piece);
    });
    expect(error.problems[0]?.location).toEqual({ file: 'big.csv', line: 2, column: 2 });
  });

  it('returns the records before a syntax error, however the text is cut, then throws it', () => {
    const text = 'id,note\n1,"a"\n2,"b"x\n3,c\n';
    for (const cut of [text.length, 19, 8]) {
      const splitter = createRecordSplitter(',', 'f.csv');
      const read = [...splitter.push(text.slice(0, cut)).records];
      if (!splitter.failure()) read.push(...splitter.push(text.slice(cut)).records);
      expect(read, `cut at ${cut}`).toEqual([
        ['id', 'note'],
        ['1', 'a'],
      ]);
      expect(splitter.failure()?.problems[0]?.location).toEqual({ file: 'f.csv', line: 3, column: 2 });
      expect(errorOf(() => splitter.end()).problems[0]?.message).toBe(
        splitter.failure()?.problems[0]?.message,
      );
    }
  });
});

/** Cells drawn from the characters that make CSV hard. */
const cellText = fc
  .array(fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '"', '\n', '\r', '\r\n', 'é', '🚀', '1'), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

describe('CSV write/read round trip (property)', () => {
  it('reads back every record written by formatCsvRecord, at its line, however the text is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (records, delimiter, lineEnd, cuts) => {
          const lines = records.map((cells) => formatCsvRecord(cells, delimiter));
          const text = lines.join(lineEnd) + lineEnd;
          const expectedLines: number[] = [];
          let line = 1;
          for (const written of lines) {
            expectedLines.push(line);
            line += countLineBreaks(written) + 1;
          }

          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const splitter = createRecordSplitter(delimiter, 'p.csv');
          const read: RecordArrays = { lines: [], records: [] };
          let from = 0;
          for (const point of [...points, text.length]) {
            const out = splitter.push(text.slice(from, point));
            read.lines.push(...out.lines);
            read.records.push(...out.records);
            from = point;
          }
          const last = splitter.end();
          read.lines.push(...last.lines);
          read.records.push(...last.records);

          expect(read.records).toEqual(records);
          expect(read.lines).toEqual(expectedLines);
        },
      ),
      { seed: 20260301, numRuns: 400 },
    );
  });
});

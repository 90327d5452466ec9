import { describe, expect, it } from 'vitest';
import { type Column, renderCsv, renderMarkdownTable, renderTextTable, wrapLines } from './table.js';

interface Row {
  name: string;
  count: number;
}
const columns: Column<Row>[] = [
  { header: 'Entity', value: (row) => row.name },
  { header: 'Count', value: (row) => row.count },
];
const rows: Row[] = [
  { name: 'reps', count: 120 },
  { name: 'opportunities', count: 50000 },
];

describe('renderTextTable', () => {
  it('right-aligns numbers with thousands separators and left-aligns text', () => {
    expect(renderTextTable(columns, rows)).toBe(
      [
        'Entity          Count',
        '─────────────  ──────',
        'reps              120',
        'opportunities  50,000',
        '',
      ].join('\n'),
    );
  });
});

describe('renderCsv', () => {
  it('writes plain numbers and quotes fields holding commas, quotes or newlines', () => {
    const tricky: Row[] = [{ name: 'a,"b"\nc', count: 1234.5 }];
    expect(renderCsv(columns, tricky)).toBe('Entity,Count\r\n"a,""b""\nc",1234.5\r\n');
  });
});

describe('renderMarkdownTable', () => {
  it('escapes pipes and marks numeric columns right-aligned', () => {
    expect(renderMarkdownTable(columns, [{ name: 'a|b', count: 3 }])).toBe(
      '| Entity | Count |\n|---|---:|\n| a\\|b | 3 |\n',
    );
  });
});

describe('wrapLines', () => {
  it('wraps at word boundaries under a hanging indent, never cutting a backticked command', () => {
    // Width 20: "note: run the" (13) + " `salesops audit --workspace a`" would pass it, so the command starts the
    // second line whole (33 characters, longer than the width: it stands alone); "now." follows on a third.
    expect(wrapLines('note: run the `salesops audit --workspace a` now.', 20, '', '  ')).toEqual([
      'note: run the',
      '  `salesops audit --workspace a`',
      '  now.',
    ]);
    // A backtick without its pair is a plain character.
    expect(wrapLines("it's `odd but kept", 40, '- ')).toEqual(["- it's `odd but kept"]);
  });

  it("keeps the text's own spaces between words, but not where a line breaks", () => {
    // "pass --period  FY2027-M03 and" is 29 characters; " --plans" would make 37, so it starts the second
    // line, its two spaces to "examples/comp" kept (27 characters with " to"); " run" would make 31.
    expect(wrapLines('pass --period  FY2027-M03 and --plans  examples/comp to run it', 30, '', '  ')).toEqual(
      ['pass --period  FY2027-M03 and', '  --plans  examples/comp to', '  run it'],
    );
    // Four spaces do not fit in a line of 3 after "a": the line breaks there, and they go with it.
    expect(wrapLines('a    b', 3)).toEqual(['a', 'b']);
    expect(wrapLines('Closed    $908\nForecast  $2,281', 40)).toEqual(['Closed    $908 Forecast  $2,281']);
  });
});

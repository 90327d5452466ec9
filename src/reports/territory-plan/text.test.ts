import { describe, expect, it } from 'vitest';
import type { Column } from '../table.js';
import { textTableWrappingLast } from './text.js';

interface Row {
  readonly name: string;
  readonly amount: number;
  readonly why: string;
}

const columns = (nameWidth: number): Column<Row>[] => [
  { header: 'Name', value: (row) => row.name.padEnd(nameWidth) },
  { header: 'Amount', value: (row) => row.amount },
  { header: 'Why', value: (row) => row.why },
];

describe('a text table whose last column is wrapped prose', () => {
  it('wraps the prose under its header within 110 columns, the figures on the row', () => {
    // Name (20) + 2 + Amount (6) + 2 = 30 columns before Why, which gets the 80 left.
    // 16 x "word" take 16 x 5 - 1 = 79 columns; " last" would make 84, so it starts the next line.
    const why = `${'word '.repeat(16)}last`;
    const table = textTableWrappingLast(columns(20), [{ name: 'Ana', amount: 1200, why }]);
    expect(table.split('\n')).toEqual([
      `Name${' '.repeat(16)}  Amount  Why`,
      `${'─'.repeat(20)}  ${'─'.repeat(6)}  ${'─'.repeat(79)}`,
      `Ana${' '.repeat(17)}   1,200  ${'word '.repeat(15)}word`,
      `${' '.repeat(30)}last`,
      '',
    ]);
  });

  it('puts the prose under its row, indented, where the other columns leave less than 24 columns', () => {
    // Name (80) + 2 + Amount (6) + 2 = 90: 20 left, too narrow.
    const table = textTableWrappingLast(columns(80), [{ name: 'Ana', amount: 7, why: 'a reason' }]);
    expect(table.split('\n')).toEqual([
      `Name${' '.repeat(76)}  Amount`,
      `${'─'.repeat(80)}  ${'─'.repeat(6)}`,
      `Ana${' '.repeat(77)}       7`,
      '    a reason',
      '',
    ]);
  });
});

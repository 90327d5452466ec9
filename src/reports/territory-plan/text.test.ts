import { describe, expect, it } from 'vitest';
import { type Column, renderTextTable } from '../table.js';
import { type RepNaming, textTableWrappingLast, textTablesNamingReps } from './text.js';

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

describe('tables naming reps within 110 columns', () => {
  interface Rep {
    readonly id: string;
    readonly name: string;
    readonly amount: number;
  }
  const naming: RepNaming<Rep> = {
    label: (rep) => `${rep.name} (${rep.id})`,
    short: (rep) => rep.id,
    id: (rep) => rep.id,
    name: (rep) => rep.name,
  };
  const tables = (rows: readonly Rep[]) =>
    textTablesNamingReps(
      (rep) => renderTextTable([rep, { header: 'Amount', value: (row) => row.amount }], rows),
      rows,
      naming,
    );

  it('names each rep in full where the table fits', () => {
    expect(tables([{ id: 'R1', name: 'Ann', amount: 5 }]).split('\n')).toEqual([
      'Rep       Amount',
      '────────  ──────',
      'Ann (R1)       5',
    ]);
  });

  it('names the reps by id where a long name would pass 110 columns, every name whole under the table', () => {
    // 25 x "word " + "end": 128 letters. Under its id (7 columns in: 2, R22, 2), 20 words take 99 columns (106 in
    // all); a 21st would make 111, so the rest go on the next line under the name.
    const long = `${'word '.repeat(25)}end`;
    const text = tables([
      { id: 'R1', name: 'Ann', amount: 5 },
      { id: 'R22', name: long, amount: 7 },
    ]);
    expect(text.split('\n')).toEqual([
      'Rep  Amount',
      '───  ──────',
      'R1        5',
      'R22       7',
      '',
      'Reps by id:',
      '  R1   Ann',
      `  R22  ${'word '.repeat(19)}word`,
      `       ${'word '.repeat(5)}end`,
    ]);
  });
});

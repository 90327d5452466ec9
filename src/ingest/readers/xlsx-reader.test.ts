import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InputError } from '../../domain/errors.js';
import type { Table, TableRow } from './table.js';
import {
  cellText,
  columnLetters,
  dateText,
  isDateFormat,
  numberText,
  openXlsx,
  watchTemporaryFiles,
} from './xlsx-reader.js';

const workbook = fileURLToPath(new URL('../../../test/fixtures/ingest/pipeline.xlsx', import.meta.url));

async function readAll(table: Table): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

/** The workbooks the tests write, removed after them. */
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'salesops-xlsx-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('openXlsx', () => {
  it('reads the first sheet as the user sees it, with sheet row numbers as lines', async () => {
    const table = await openXlsx(workbook);
    expect(table.sheet).toBe('Opportunities');
    expect(table.format).toBe('xlsx');
    expect(table.headerLine).toBe(1);
    expect(table.headers).toEqual([
      'Opportunity ID',
      'Opportunity Name',
      'Amount',
      'Close Date',
      'Probability',
      'Won',
      'Created',
      'Account Number',
      'Website',
      'Notes',
    ]);
    expect(await readAll(table)).toEqual([
      {
        line: 2,
        cells: [
          '0065e00000AbCdE',
          'Acme - Renewal',
          '22050',
          '2026-03-31',
          '25%',
          'TRUE',
          '2026-01-15T13:45:00',
          '00042',
          'acme.example',
          'Big deal',
        ],
      },
      {
        line: 3,
        // 0.1+0.2 without float noise; a formula's date result as a date; an error formula shown as its formula.
        cells: [
          '0065e00000XyZzY',
          'Globex\nexpansion',
          '0.3',
          '2026-06-30',
          '12.5%',
          'FALSE',
          '',
          '00123',
          '',
          '=NA()',
        ],
      },
      // Row 4 is empty and skipped; row 5 is padded to the header's width.
      { line: 5, cells: ['0065e00000QqRrS', 'Initech', '1234567.891', '', '', '', '', '7', '', '=text'] },
    ]);
  });

  it('reads a sheet by name', async () => {
    const table = await openXlsx(workbook, { sheet: 'Reps' });
    expect(table.headers).toEqual(['Name', 'Email', 'Hire Date']);
    expect(await readAll(table)).toEqual([
      { line: 2, cells: ['Zoë Ørsted', 'zoe@example.com', '2024-02-29'] },
    ]);
  });

  it('locates a value beyond the header by cell, or keeps it when asked', async () => {
    const table = await openXlsx(workbook, { sheet: 'Ragged' });
    const error = await readAll(table).then(
      () => null,
      (caught: unknown) => caught as InputError,
    );
    expect(error?.problems[0]?.location).toEqual({ file: workbook, line: 3, column: 4 });
    expect(error?.problems[0]?.fix).toContain('cell D3');
    const kept = await readAll(await openXlsx(workbook, { sheet: 'Ragged', extraCells: 'keep' }));
    expect(kept).toEqual([
      { line: 2, cells: ['Hooli', '10'] },
      { line: 3, cells: ['Vandelay', '20', '', 'call Art'] },
    ]);
  });

  it('names the sheets there are when the named one is missing, and the flag that reads the first', async () => {
    await expect(openXlsx(workbook, { sheet: 'Deals' })).rejects.toThrow(
      'the workbook has no sheet named "Deals"\n  fix: read one of its sheets ("Opportunities", "Reps", "Ragged")' +
        ' with --sheet: `--sheet Opportunities`',
    );
    const withSheet = (name: string) => `salesops import pipeline.xlsx --sheet ${name}`;
    await expect(openXlsx(workbook, { sheet: 'Deals', withSheet })).rejects.toThrow(
      '`salesops import pipeline.xlsx --sheet Opportunities`',
    );
  });

  it('can be read twice', async () => {
    const table = await openXlsx(workbook, { sheet: 'Reps' });
    expect(await readAll(table)).toEqual(await readAll(table));
  });

  it('reads every part of a workbook that stores many sheets before its sheet list', async () => {
    // exceljs writes the sheets first and xl/workbook.xml last. While exceljs parks ten sheets in temporary
    // files, unzipper has parsed the rest and said 'end': unguarded, the parts after it were lost and this
    // failed every time with exceljs's TypeError "Cannot read properties of undefined (reading 'sheets')".
    const file = join(folder, 'many-sheets.xlsx');
    const written = new ExcelJS.Workbook();
    const names = Array.from({ length: 12 }, (_, index) => `Region ${index + 1}`);
    for (const [index, name] of names.entries()) {
      const sheet = written.addWorksheet(name);
      sheet.addRow(['Region', 'Close Date']);
      sheet.addRow([name, new Date(Date.UTC(2026, 2, index + 1))]);
      sheet.getColumn(2).numFmt = 'yyyy-mm-dd';
    }
    await written.xlsx.writeFile(file);
    const first = await openXlsx(file);
    expect(first.sheet).toBe('Region 1');
    expect(first.headers).toEqual(['Region', 'Close Date']);
    expect(await readAll(first)).toEqual([{ line: 2, cells: ['Region 1', '2026-03-01'] }]);
    const last = await openXlsx(file, { sheet: 'Region 12' });
    expect(await readAll(last)).toEqual([{ line: 2, cells: ['Region 12', '2026-03-12'] }]);
    await expect(openXlsx(file, { sheet: 'Region 13' })).rejects.toThrow(
      `read one of its sheets (${names.map((name) => `"${name}"`).join(', ')}) with --sheet: \`--sheet 'Region 1'\``,
    );
  });
});

describe('a damaged workbook', () => {
  const bytes = readFileSync(workbook);
  const fix =
    'fix: export it again from the CRM, or open it in Excel and save it again as .xlsx; a CSV export works too';

  function writeCopy(name: string, content: Uint8Array): string {
    const file = join(folder, name);
    writeFileSync(file, content);
    return file;
  }

  /** Where an entry's local header starts and its compressed data, read from the zip's local headers. */
  function entry(name: string): { header: number; data: number } {
    for (let header = 0; bytes.readUInt32LE(header) === 0x04034b50;) {
      const nameLength = bytes.readUInt16LE(header + 26);
      const data = header + 30 + nameLength + bytes.readUInt16LE(header + 28);
      if (bytes.toString('latin1', header + 30, header + 30 + nameLength) === name) return { header, data };
      header = data + bytes.readUInt32LE(header + 18);
    }
    throw new Error(`the fixture has no entry ${name}`);
  }

  /** Copies cut short: in the first entry's header, in the shared strings (after the sheets), in the directory. */
  const cutShort = [
    ['first-30-bytes.xlsx', 30],
    ['half.xlsx', bytes.length / 2],
    ['all-but-100-bytes.xlsx', bytes.length - 100],
  ] as const;

  /** A copy whose sheet1, stored before the shared strings, does not decompress (its 77th byte flipped). */
  function sheetDataDamaged(): Buffer {
    const damaged = Buffer.from(bytes);
    const at = entry('xl/worksheets/sheet1.xml').data + 76;
    damaged[at] = (damaged[at] as number) ^ 0x5a;
    return damaged;
  }

  it('says a workbook cut short ends early, wherever it was cut', async () => {
    for (const [name, length] of cutShort) {
      const file = writeCopy(name, bytes.subarray(0, length));
      await expect(openXlsx(file)).rejects.toThrow(
        `${file}: this Excel workbook ends before its end: it was cut short, perhaps by a download or a copy ` +
          `that did not finish\n  ${fix}`,
      );
    }
  });

  it('says a workbook with a damaged zip header is damaged', async () => {
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(0xdeadbeef, entry('_rels/').header);
    const file = writeCopy('bad-header.xlsx', damaged);
    await expect(openXlsx(file)).rejects.toThrow(
      `${file}: this Excel workbook is damaged: a part of it cannot be read (invalid signature: 0xdeadbeef)\n  ${fix}`,
    );
  });

  it('says so when the first sheet the workbook lists is not in it, naming the sheets that are', async () => {
    // Renaming sheet1's zip entry hides the sheet, as a chart sheet or a lost entry would.
    const damaged = Buffer.from(bytes);
    damaged.write(
      'sheetX',
      entry('xl/worksheets/sheet1.xml').header + 30 + 'xl/worksheets/'.length,
      'latin1',
    );
    const file = writeCopy('first-sheet-missing.xlsx', damaged);
    await expect(openXlsx(file)).rejects.toThrow(
      `${file}: the workbook's first sheet "Opportunities" cannot be found: it is not a sheet of cells ` +
        '(a chart sheet, say) or the workbook is damaged\n  fix: name the sheet that holds the data with ' +
        '--sheet ("Reps", "Ragged"), or export it again from the CRM',
    );
    expect((await openXlsx(file, { sheet: 'Reps' })).headers).toEqual(['Name', 'Email', 'Hire Date']);
  });

  it('says a zip file that is no workbook is none', async () => {
    // The fixture's first entry, [Content_Types].xml, and an empty end record: a zip with no sheet list.
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    const file = writeCopy(
      'not-a-workbook.xlsx',
      Buffer.concat([bytes.subarray(0, entry('_rels/').header), end]),
    );
    await expect(openXlsx(file)).rejects.toThrow(
      `${file}: this zip file is not an Excel workbook, or a damaged one: it holds no list of sheets\n  ${fix}`,
    );
  });

  it('fails, not waits for ever, when a sheet parked before the shared strings does not decompress', async () => {
    // exceljs parks sheet1 in a temporary file (the shared strings come after it) and, before the reader raced
    // the zip's error, waited for ever on the file that the failed decompression never finished.
    const file = writeCopy('bad-sheet-data.xlsx', sheetDataDamaged());
    await expect(openXlsx(file)).rejects.toThrow(
      `${file}: this Excel workbook is damaged: a part of it cannot be read (invalid distance too far back)`,
    );
  });

  it('leaves none of the temporary files exceljs parked its sheets in', async () => {
    // exceljs copies the sheets stored before the shared strings (all three of the fixture) into files that tmp
    // makes in TMPDIR, here a folder of the test's own, and deletes each only after reading it. Before the reader
    // removed them, the copies cut in half and 100 bytes short left three each, the sheet that does not
    // decompress one.
    const parkedIn = mkdtempSync(join(folder, 'parked-'));
    vi.stubEnv('TMPDIR', parkedIn);
    try {
      const copies: [string, Buffer][] = [
        ...cutShort.map(([name, length]): [string, Buffer] => [name, bytes.subarray(0, length)]),
        ['bad-sheet-data.xlsx', sheetDataDamaged()],
      ];
      for (const [name, content] of copies) {
        await expect(openXlsx(writeCopy(name, content))).rejects.toThrow('this Excel workbook');
        expect(readdirSync(parkedIn), name).toEqual([]);
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("the watch on tmp's file", () => {
  /** tmp's removal of a file, as tmp calls `done` once it has removed it. */
  type Remove = (done?: () => void) => void;
  type Made = (error: Error | null, path: string, fd: number, remove: Remove) => void;

  it('waits for no file when tmp throws rather than answer', () => {
    const tmp = {
      file: (..._args: unknown[]): void => {
        throw new Error('EMFILE: too many open files');
      },
    };
    const files = watchTemporaryFiles(tmp);
    expect(() => tmp.file(() => undefined)).toThrow('EMFILE: too many open files');
    expect(files.making.size).toBe(0);
  });

  it('wraps it once: watched again, it keeps the first watch, and tmp is asked once per file', () => {
    const asked: unknown[][] = [];
    const removed: string[] = [];
    const tmp = {
      file: (...args: unknown[]): void => {
        asked.push(args.slice(0, -1));
        (args.at(-1) as Made)(null, '/tmp/sheet1.xml', 7, (done) => {
          removed.push('/tmp/sheet1.xml');
          done?.();
        });
      },
    };
    const files = watchTemporaryFiles(tmp);
    const watching = tmp.file;
    expect(watchTemporaryFiles(tmp)).toBe(files);
    expect(tmp.file).toBe(watching);

    const answers: [string, Remove][] = [];
    const made: Made = (_error, path, _fd, remove) => void answers.push([path, remove]);
    tmp.file({ postfix: '.xml' }, made);
    expect(asked).toEqual([[{ postfix: '.xml' }]]);
    expect(answers.map(([path]) => path)).toEqual(['/tmp/sheet1.xml']);
    expect([...files.removals.keys()]).toEqual(['/tmp/sheet1.xml']);
    expect(files.making.size).toBe(0);
    // Removed by exceljs, the file is no longer the reader's to remove.
    answers[0]![1]();
    expect(removed).toEqual(['/tmp/sheet1.xml']);
    expect(files.removals.size).toBe(0);
  });
});

describe('cell text', () => {
  it('writes numbers as Excel shows them in General format', () => {
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(22050)).toBe('22050');
    expect(numberText(-0)).toBe('0');
    expect(numberText(1234567.891)).toBe('1234567.891');
  });

  it('writes dates as ISO, with the time only when there is one', () => {
    expect(dateText(new Date(Date.UTC(2026, 2, 31)))).toBe('2026-03-31');
    expect(dateText(new Date(Date.UTC(2026, 0, 15, 13, 45, 0, 999)))).toBe('2026-01-15T13:45:01');
    expect(dateText(new Date(Date.UTC(2026, 0, 15, 23, 59, 59, 600)))).toBe('2026-01-16');
  });

  it('reads number formats: dates, percentages, and not text in quotes', () => {
    expect(isDateFormat('m/d/yyyy')).toBe(true);
    expect(isDateFormat('[$-409]d-mmm-yy;@')).toBe(true);
    expect(isDateFormat('"$"#,##0.00')).toBe(false);
    expect(isDateFormat('0.0%')).toBe(false);
    expect(cellText(46112, 'yyyy-mm-dd', false)).toBe('2026-03-31');
    expect(cellText(44650, 'yyyy-mm-dd', true)).toBe('2026-03-31');
    expect(cellText(0.075, '0.0%', false)).toBe('7.5%');
    expect(cellText({ error: '#DIV/0!' }, undefined, false)).toBe('#DIV/0!');
    expect(cellText({ formula: 'A1', result: 'x' }, undefined, false)).toBe('x');
    expect(cellText(null, undefined, false)).toBe('');
  });

  it('names columns with letters', () => {
    expect([1, 26, 27, 52, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTable } from './open-table.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/ingest/', import.meta.url));

/** A folder of the test's own for the files it writes, removed after it. */
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'salesops-open-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('openTable', () => {
  it('opens XLSX by its zip signature and everything else as delimited text', async () => {
    const xlsx = await openTable(join(fixtures, 'pipeline.xlsx'));
    expect([xlsx.format, xlsx.sheet, xlsx.encoding, xlsx.delimiter]).toEqual([
      'xlsx',
      'Opportunities',
      null,
      null,
    ]);
    const text = await openTable(join(fixtures, 'excel-unicode-text.txt'));
    expect([text.format, text.sheet, text.delimiter]).toEqual(['csv', null, '\t']);
  });

  it('reads an XLSX renamed to .csv as XLSX', async () => {
    const renamed = join(folder, 'export.csv');
    copyFileSync(join(fixtures, 'pipeline.xlsx'), renamed);
    expect((await openTable(renamed)).format).toBe('xlsx');
  });

  it('rejects options that do not apply to the format', async () => {
    await expect(openTable(join(fixtures, 'pipeline.xlsx'), { encoding: 'utf-8' })).rejects.toThrow(
      '--encoding does not apply to XLSX files',
    );
    await expect(openTable(join(fixtures, 'pipeline.xlsx'), { delimiter: ';' })).rejects.toThrow(
      '--delimiter does not apply to XLSX files',
    );
    await expect(openTable(join(fixtures, 'quoted-newlines.csv'), { sheet: 'Sheet1' })).rejects.toThrow(
      '--sheet does not apply to CSV files',
    );
  });

  it('rejects a missing file, a folder and a legacy .xls workbook, with what to do', async () => {
    const xls = join(folder, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(openTable(join(folder, 'missing.csv'))).rejects.toThrow('the file does not exist');
    await expect(openTable(folder)).rejects.toThrow('this is a folder, not a file');
    await expect(openTable(xls)).rejects.toThrow('save it as .xlsx or CSV UTF-8');
  });

  it('reads a file named .xlsx by what it holds, and says when it is no workbook', async () => {
    const named = (name: string, content: string | Uint8Array): string => {
      const file = join(folder, name);
      writeFileSync(file, content);
      return file;
    };
    const csv = await openTable(named('csv.xlsx', 'Opportunity ID,Amount\n006A,1200\n'));
    expect([csv.format, csv.headers]).toEqual(['csv', ['Opportunity ID', 'Amount']]);
    const xls = named('xls.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(openTable(xls)).rejects.toThrow('this is a legacy Excel .xls workbook');
    const empty = named('empty.xlsx', '');
    await expect(openTable(empty)).rejects.toThrow(`${empty}: the file is empty: there is no header row`);
    // 0x81 is a byte Windows-1252 leaves undefined, so the text cannot be decoded at all.
    const binary = named('binary.xlsx', Buffer.from([0x4d, 0x5a, 0x81, 0x0a]));
    await expect(openTable(binary)).rejects.toThrow(
      `${binary}:1:1: this is not an Excel workbook (not a zip file), and read as CSV text, field 1 holds ` +
        'bytes that are neither UTF-8 nor Windows-1252\n  fix: export it again from the CRM, or open it in ' +
        'Excel and save it again as .xlsx; a CSV export works too. If it is CSV text: name the encoding',
    );
    const binaryCsv = named('binary.csv', Buffer.from([0x4d, 0x5a, 0x81, 0x0a]));
    await expect(openTable(binaryCsv)).rejects.toThrow(`${binaryCsv}:1:1: field 1 holds bytes`);
  });
});

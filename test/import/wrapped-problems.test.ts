/**
 * The import's problems on stderr, wrapped at 110 columns with every word kept, while the problem report
 * (--report) and the JSON keep each text on one line. Through the CLI.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import { importWorkspace, type ImportWorkspace } from './import-helpers.js';

const FILE = 'exports/opportunities-report.csv';
/** An amount of words, longer than a terminal line with its place and message. */
const AMOUNT = 'twelve thousand five hundred dollars once procurement and the regional finance team agree';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace('2026-11-27');
  mkdirSync(join(ws.folder, 'exports'));
  writeFileSync(
    join(ws.folder, FILE),
    [
      'Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date',
      '006A001,Acme - 50 seats,Acme Corp,Dana Reyes,Discovery,"$12,500.00",2026-12-15,2026-09-01',
      `006A002,Globex renewal,Globex Inc,Dana Reyes,Negotiation,${AMOUNT},2027-01-20,2026-10-02`,
      '',
    ].join('\n'),
  );
});
afterEach(() => ws.remove());

describe('salesops import: a problem longer than a terminal line', () => {
  it('wraps it on stderr at 110 columns, the message continued under itself', async () => {
    const run = await ws.importFiles(FILE, '--as-of', '2026-11-27');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        '1 problem in the files.',
        'exports/opportunities-report.csv:3:6 amount: "twelve thousand five hundred dollars once procurement and the',
        '    regional finance team agree" is not an amount: it has no digits',
        '  expected: an amount such as 1234.56, $1,234.56 or 1.234,56 €',
        '  fix: write it like 1,234.56, $1,234.56 or 1.234,56 €',
        'error: the import was refused: 1 problem, nothing written',
        '  fix: fix the rows above and run the import again, or pass --skip-invalid to import the valid rows',
        '',
      ].join('\n'),
    );
    expect(run.stderr.split('\n').filter((line) => line.length > 110)).toEqual([]);
  });

  it('keeps the whole text on one line in the problem report and the JSON', async () => {
    const message = `"${AMOUNT}" is not an amount: it has no digits`;
    const run = await ws.importFiles(
      FILE,
      '--report',
      'errors.csv',
      '--format',
      'json',
      '--as-of',
      '2026-11-27',
    );
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as ImportResult;
    expect(result.problems.map((problem) => problem.message)).toEqual([message]);
    expect(readFileSync(join(ws.folder, 'errors.csv'), 'utf8').split('\r\n')[1]).toBe(
      `${FILE},3,6,Amount,amount,${AMOUNT},"""${AMOUNT}"" is not an amount: it has no digits",` +
        '"an amount such as 1234.56, $1,234.56 or 1.234,56 €","write it like 1,234.56, $1,234.56 or 1.234,56 €"',
    );
  });
});

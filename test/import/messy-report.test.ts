/**
 * A report exported by hand (test/fixtures/import/messy): a date column with one date written the other way, a
 * column written both ways, accounting-format negative amounts, total rows, a row of delimiters only, and where
 * the rejected rows go by default. Through the CLI, with exact counts and messages.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDayNumber } from '../../src/domain/dates.js';
import type { ImportResult } from '../../src/ingest/index.js';
import {
  fixture,
  importWorkspace,
  rowsOf,
  scanStore,
  unwrapped,
  type ImportWorkspace,
} from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace('2026-11-27');
  mkdirSync(join(ws.folder, 'exports'));
  for (const name of ['opportunities-report.csv', 'split-dates.csv'])
    copyFileSync(fixture(`messy/${name}`), join(ws.folder, 'exports', name));
});
afterEach(() => ws.remove());

const REPORT = 'exports/opportunities-report.csv';
const SPLIT = 'exports/split-dates.csv';
const json = (stdout: string) => JSON.parse(stdout) as ImportResult;

const MAJORITY_NOTE =
  'exports/opportunities-report.csv: column "Close Date" is read month-first (m/d/y), as 5 of the 6 dates that show the order are: ' +
  '1 date ("31/12/2026") that can only be day-first is rejected with its row, and 1 date ("11/02/2026") that could be either is read month-first. ' +
  'If the column is day-first, pass --date-order dmy';

describe('salesops import: a hand-exported report with junk rows and a stray date', () => {
  it('refuses by default, reporting every problem once: the stray date and each total row, not their empty fields', async () => {
    const run = await ws.importFiles(REPORT, '--as-of', '2026-11-27');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      'opportunities-report.csv    13         6         3           0        4\n' +
        'Rows read = imported + rejected + duplicates (exact copies of an earlier row) + ignored.\n' +
        '  opportunities-report.csv: 1 row ignored: blank (every cell is empty)\n' +
        '  opportunities-report.csv: 3 rows ignored: report footer\n' +
        '\n' +
        'Read as:\n' +
        '  opportunities-report.csv: Salesforce (report export of opportunities)\n',
    );
    expect(unwrapped(run.stdout)).toContain(`Notes:\n  ${MAJORITY_NOTE}\n`);
    expect(run.stderr).toBe(
      [
        '3 problems in the files.',
        'exports/opportunities-report.csv:5:7 closeDate: "31/12/2026" cannot be month-first (m/d/y), as the column\'s',
        '    dates are: 31 is not a month',
        '  expected: a date such as 2026-03-31, 3/31/2026 or 31.03.2026',
        '  fix: write it "12/31/2026"; if the column is day-first, pass --date-order dmy',
        'exports/opportunities-report.csv:8:1 id: looks like a total/footer row, not a record (value',
        '    "Subtotal,,,,,$52,549.00,,,,,,")',
        '  expected: a record',
        '  fix: remove the row from the file (with --skip-invalid it is left out and written to the rejects file)',
        'exports/opportunities-report.csv:10:1 id: looks like a total/footer row, not a record (value "Grand Totals (7',
        '    records),,,,,$54,549.00,,,,,,")',
        '  expected: a record',
        '  fix: remove the row from the file (with --skip-invalid it is left out and written to the rejects file)',
        'error: the import was refused: 3 problems, nothing written',
        '  fix: fix the rows above and run the import again, or pass --skip-invalid to import the valid rows',
        '',
      ].join('\n'),
    );
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('with --skip-invalid imports the six deals, warns of the negative amounts and writes the rejects beside the file', async () => {
    const run = await ws.importFiles(REPORT, '--skip-invalid', '--as-of', '2026-11-27');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        'Warning: 2 opportunities have a negative amount, read as written: a negative amount lowers the pipeline and',
        '  bookings',
        '  opportunities-report.csv:3:6 Amount "$(1,901)" read as -1901.00 USD',
        '  opportunities-report.csv:7:6 Amount "-$250.00" read as -250.00 USD',
        '  fix: if an amount is not a credit, correct it in the CRM (or the file) and import again; `salesops audit`',
        '    lists these deals (rule amount-not-positive)',
      ].join('\n'),
    );
    const rejects = join(ws.folder, 'exports', 'opportunities-report.rejects.csv');
    // The scratch folder's path is as long as the system makes it: where the line wraps depends on it.
    expect(run.stdout.replace(/\n {2}(?=\S)/g, ' ')).toContain(
      `Rejected rows of opportunities-report.csv: ${rejects} (3 rows as exported: correct them there and import` +
        ' that file)\n',
    );
    expect(existsSync(join(ws.folder, 'rejects.csv'))).toBe(false);
    expect(readFileSync(rejects, 'utf8').split('\r\n')).toEqual([
      '\uFEFFOpportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date,Type,Forecast Category,Closed,Won',
      '006A004,Umbrella pilot,Umbrella Corp,Li Wei,Proposal,"$4,200.00",31/12/2026,10/20/2026,New Business,Pipeline,0,0',
      'Subtotal,,,,,"$52,549.00",,,,,,',
      'Grand Totals (7 records),,,,,"$54,549.00",,,,,,',
      '',
    ]);
    const opportunities = rowsOf(await scanStore(ws.database), 'opportunities').map((row) => [
      row.crm_id,
      row.amount,
      fromDayNumber(Number(row.close_day)),
    ]);
    expect(opportunities).toEqual([
      ['006A001', 1_250_000, '2026-12-15'],
      ['006A002', -190_100, '2027-01-20'],
      ['006A003', 800_000, '2026-11-02'],
      ['006A005', 3_000_000, '2027-01-31'],
      ['006A006', -25_000, '2027-02-14'],
      ['006A007', 200_000, '2027-03-15'],
    ]);
  });

  it('gives the warning to JSON readers with its count and places', async () => {
    const run = await ws.importFiles(REPORT, '--skip-invalid', '--dry-run', '--format', 'json');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files[0]).toMatchObject({
      rowsRead: 13,
      imported: 6,
      rejected: 3,
      duplicates: 0,
      ignored: [
        { reason: 'blank (every cell is empty)', rows: 1 },
        { reason: 'report footer', rows: 3 },
      ],
    });
    expect(result.warnings).toEqual([
      {
        message:
          '2 opportunities have a negative amount, read as written: a negative amount lowers the pipeline and bookings',
        count: 2,
        examples: [
          { file: REPORT, line: 3, column: 6, header: 'Amount', value: '$(1,901)', readAs: '-1901.00 USD' },
          { file: REPORT, line: 7, column: 6, header: 'Amount', value: '-$250.00', readAs: '-250.00 USD' },
        ],
        fix: 'if an amount is not a credit, correct it in the CRM (or the file) and import again; `salesops audit` lists these deals (rule amount-not-positive)',
      },
    ]);
    expect(result.notices).toEqual([MAJORITY_NOTE]);
  });

  it('with --date-order dmy reads the column day-first: the month-first dates are rejected instead', async () => {
    const run = await ws.importFiles(REPORT, '--date-order', 'dmy', '--dry-run', '--format', 'json');
    const result = json(run.stdout);
    // Close Date 12/15, 1/20, 1/31, 2/14 and 3/15, and every Created Date that shows month-first (8/15, 10/20, ...).
    expect(result.problems.filter((problem) => problem.field === 'closeDate').map((p) => p.line)).toEqual([
      2, 3, 6, 7, 9,
    ]);
    expect(result.notices).toEqual([]);
  });
});

describe('salesops import: a date column written both ways about as often', () => {
  it('is refused even with --skip-invalid, naming --date-order, with its rows counted and every other problem shown', async () => {
    const run = await ws.importFiles(SPLIT, '--skip-invalid', '--as-of', '2026-11-27');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      'split-dates.csv     6         5         1           0        0\n' +
        'Rows read = imported + rejected + duplicates (exact copies of an earlier row) + ignored.\n\n' +
        'Read as:\n  split-dates.csv: Salesforce (report export of opportunities)\n',
    );
    expect(run.stderr).toBe(
      [
        '2 problems in the files.',
        'exports/split-dates.csv:4:7 closeDate: column "Close Date": the column mixes day-first and month-first dates:',
        '    2 dates (such as "31/12/2026") can only be day-first and 2 dates (such as "12/15/2026") only month-first,',
        '    too many of each to tell which order the column is written in',
        '  fix: pass --date-order dmy or --date-order mdy to read the column one way (the dates written the other way',
        '    are then rejected with their rows), or export the column in one date format',
        'exports/split-dates.csv:6:7 closeDate: "03/04/2027" could be 3 April 2027 or 4 March 2027, and the column does',
        '    not say which',
        '  expected: a date such as 2026-03-31, 3/31/2026 or 31.03.2026',
        '  fix: pass --date-order dmy (day first) or --date-order mdy (month first)',
        'error: the import was refused: 2 problems, nothing written',
        '  fix: fix the problems above and run the import again',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(ws.folder, 'exports', 'split-dates.rejects.csv'))).toBe(false);
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('imports with --date-order mdy and --skip-invalid, rejecting the two day-first rows', async () => {
    const run = await ws.importFiles(SPLIT, '--date-order', 'mdy', '--skip-invalid', '--as-of', '2026-11-27');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('split-dates.csv     6         4         2           0        0\n');
    expect(run.stderr).toContain(
      'exports/split-dates.csv:5:7 closeDate: "20/01/2027" cannot be month-first (m/d/y), as the column\'s dates are:\n' +
        '    20 is not a month\n',
    );
    const closeDates = rowsOf(await scanStore(ws.database), 'opportunities').map((row) => [
      row.crm_id,
      fromDayNumber(Number(row.close_day)),
    ]);
    expect(closeDates).toEqual([
      ['006B001', '2026-12-15'],
      ['006B002', '2027-01-20'],
      ['006B005', '2027-03-04'],
      ['006B006', '2027-05-05'],
    ]);
  });
});

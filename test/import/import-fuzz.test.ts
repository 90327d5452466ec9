import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/domain/dates.js';
import { parseWorkspaceConfig } from '../../src/domain/workspace-config.js';
import { importFiles, type ImportResult } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { runCli } from '../cli/run-cli.js';
import { importWorkspace, type ImportWorkspace } from './import-helpers.js';

const HEADERS = [
  'Opportunity ID',
  'Opportunity Name',
  'Account',
  'Owner',
  'Stage',
  'Amount',
  'Close Date',
  'Created Date',
  'Currency',
  'Next Step',
  'Id',
  'Name',
  'StageName',
  'CloseDate',
  'CreatedDate',
  'OwnerId',
  'AccountId',
  'IsWon',
  'IsClosed',
  'OpportunityId',
  'Field',
  'OldValue',
  'NewValue',
  'Deal - Title',
  'Deal - Status',
  'Deal Name',
  'Deal Stage',
  'Company name',
  'First Name',
  'Last Name',
  'Email',
  'product',
  'sales_price',
  '',
  ' Amount ',
  'amount',
  'Probability (%)',
];
const CELLS = [
  '',
  ' ',
  '"',
  '""',
  '"unclosed',
  'a"b',
  'x,y',
  'x;y',
  '1,234.56',
  '1.234,56',
  '$(1,901)',
  '€1.234,56',
  '$-',
  '-',
  'N/A',
  '#N/A',
  'NULL',
  '13/13/2026',
  '2026-02-30',
  '2026-03-31',
  '3/31/26',
  '03/04/2026',
  '31.03.2026',
  '2026-03-31T25:61:00Z',
  'true',
  'yes',
  'NaN',
  '1e999',
  '1.23457E+11',
  '9'.repeat(30),
  'Closed Won',
  'Closed Lost',
  'Qualification',
  'Won',
  'lost',
  'open',
  'Best Case',
  'Commit',
  '\n',
  '\r\n',
  '\r',
  '\u0000',
  '🚀',
  'Zoë Brûlé',
  'USD',
  'eur',
  'XXX',
  '0065e00000OpAcm',
  'name:ana ito',
  '  padded  ',
];

const cell = fc.oneof(
  fc.constantFrom(...CELLS),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** A delimited file that may be malformed in every way a CRM export can be, as bytes. */
const malformedFile = fc
  .record({
    headers: fc.array(fc.oneof(fc.constantFrom(...HEADERS), fc.string({ maxLength: 8 })), {
      minLength: 1,
      maxLength: 9,
    }),
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 11 }), { maxLength: 12 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r'),
    quoting: fc.constantFrom('none', 'needed', 'all'),
    encoding: fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'windows-1252', 'garbage-tail'),
  })
  .map(({ headers, rows, delimiter, lineEnd, quoting, encoding }) => {
    const quote = (text: string) =>
      quoting === 'all' || (quoting === 'needed' && /["\r\n]|[,;\t]/.test(text))
        ? `"${text.replaceAll('"', '""')}"`
        : text;
    const text = [headers, ...rows].map((row) => row.map(quote).join(delimiter)).join(lineEnd);
    switch (encoding) {
      case 'utf8':
        return Buffer.from(text);
      case 'utf8-bom':
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
      case 'utf16le-bom':
        return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      case 'windows-1252':
        return iconv.encode(text, 'windows-1252');
      case 'garbage-tail':
        return Buffer.concat([Buffer.from(text), Buffer.from([0x81, 0xfe, 0x00, 0xc3])]);
    }
  });

const GOOD_HEADER = [
  'Opportunity ID',
  'Opportunity Name',
  'Account',
  'Owner',
  'Stage',
  'Amount',
  'Close Date',
  'Created Date',
];
const goodRow = (n: number) => [
  `F-${n}`,
  `Deal ${n}`,
  `Account ${n % 3}`,
  `Rep ${n % 2}`,
  'Discovery',
  `${n}00.50`,
  '2026-04-30',
  '2026-01-05',
];

/** A valid plain export with a few cells damaged, so that imports are also written. */
const damagedFile = fc
  .record({
    rows: fc.integer({ min: 1, max: 8 }),
    damage: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...CELLS)), { maxLength: 3 }),
  })
  .map(({ rows, damage }) => {
    const table = [GOOD_HEADER, ...Array.from({ length: rows }, (_, n) => goodRow(n + 1))];
    for (const [row, column, value] of damage) {
      const target = table[1 + (row % rows)]!;
      target[column % target.length] = value;
    }
    return Buffer.from(
      table
        .map((row) =>
          row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','),
        )
        .join('\n'),
    );
  });

const anyFile = fc.oneof(malformedFile, damagedFile);

const source = fc.constantFrom<'salesforce' | 'hubspot' | 'pipedrive' | 'csv' | undefined>(
  undefined,
  'salesforce',
  'hubspot',
  'pipedrive',
  'csv',
);

/** What must hold of every import, whatever the file: problems located, rows accounted for. */
function checkResult(result: ImportResult, name: string): void {
  for (const problem of result.problems) {
    expect(problem.file).toBe(name);
    expect(problem.message.length).toBeGreaterThan(0);
    expect(problem.fix.length).toBeGreaterThan(0);
    if (!problem.fatal) {
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
    }
  }
  for (const file of result.files) {
    const ignored = file.ignored.reduce((sum, entry) => sum + entry.rows, 0);
    expect(file.rowsRead).toBe(file.imported + file.rejected + file.duplicates + ignored);
    const rowProblemLines = new Set(
      result.problems.filter((problem) => !problem.fatal).map((problem) => problem.line),
    );
    if (!result.problems.some((problem) => problem.fatal)) expect(rowProblemLines.size).toBe(file.rejected);
  }
  if (result.problems.length > 0 && result.status === 'written')
    expect(result.problems.every((problem) => !problem.fatal)).toBe(true);
}

const config = parseWorkspaceConfig({ company: 'Fuzz', currency: 'USD' });
let folder: string;
let store: Store;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'salesops-fuzz-'));
  store = await openStore({ sqlitePath: join(folder, 'fuzz.db') });
});
afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('import of random malformed files', () => {
  it('never throws, locates every rejected row at a line and column, and accounts for every row', async () => {
    let run = 0;
    const statuses = { written: 0, checked: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(anyFile, source, fc.boolean(), async (bytes, crm, write) => {
        const path = join(folder, `file-${run++}.csv`);
        writeFileSync(path, bytes);
        const result = await importFiles(
          {
            files: [path],
            ...(crm ? { source: crm } : {}),
            skipInvalid: write,
            dryRun: !write,
            asOf: '2026-03-01' as IsoDate,
            config,
          },
          store,
        );
        checkResult(result, path);
        statuses[result.status]++;
      }),
      { numRuns: 2000, seed: 20261127 },
    );
    // The files reach every outcome, writes included.
    expect(Math.min(statuses.written, statuses.checked, statuses.failed)).toBeGreaterThan(50);
  });
});

describe('salesops import on random malformed files', () => {
  let ws: ImportWorkspace;
  beforeAll(async () => {
    ws = await importWorkspace();
  });
  afterAll(() => ws.remove());

  it('exits 0 or 2 with a located message, never with an unexpected failure', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(anyFile, fc.boolean(), async (bytes, skip) => {
        const name = `cli-${run++}.csv`;
        writeFileSync(join(ws.folder, name), bytes);
        const result = await runCli(
          [
            'import',
            name,
            '--workspace',
            'ws',
            '--as-of',
            '2026-03-01',
            ...(skip ? ['--skip-invalid'] : ['--dry-run']),
          ],
          {
            cwd: ws.folder,
          },
        );
        expect([0, 2]).toContain(result.code);
        expect(result.stderr).not.toContain('unexpected failure');
        if (result.code === 2) expect(result.stderr).toContain(name);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

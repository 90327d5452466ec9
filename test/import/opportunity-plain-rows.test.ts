/**
 * An opportunities export's plain rows are read straight into records (OpportunityRows.plainReader); every other
 * row through its values. Both readings must give the same import: the same records, problems and counts. Each
 * case imports one Data Loader export twice, into fresh stores: as the import reads it, and with the plain
 * reader turned off, so that every row goes through its values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpportunityRows } from '../../src/ingest/import/opportunity-rows.js';
import { ACCOUNT, OPPORTUNITY_COLUMNS, oppId, OWNER, q, writeOneRepOrg } from './data-loader-export.js';
import { importSalesforce } from './import-helpers.js';

type Cells = Partial<Record<(typeof OPPORTUNITY_COLUMNS)[number], string>>;

/** An open deal as a Data Loader writes it, with `cells` in place of its defaults. */
function row(n: number, cells: Cells = {}): string {
  const base: Required<Cells> = {
    Id: oppId(n),
    IsDeleted: 'false',
    AccountId: ACCOUNT,
    Name: `Deal ${n}`,
    StageName: 'Proposal',
    Amount: `${1000 + n}.0`,
    Probability: '50',
    CloseDate: '2026-03-31',
    Type: 'New Business',
    NextStep: '',
    LeadSource: 'Web',
    IsClosed: 'false',
    IsWon: 'false',
    ForecastCategoryName: 'Pipeline',
    CurrencyIsoCode: 'USD',
    OwnerId: OWNER,
    CreatedDate: '2025-10-01T09:00:00.000Z',
    LastModifiedDate: '2026-01-10T16:30:00.000Z',
  };
  const merged = { ...base, ...cells };
  return q(OPPORTUNITY_COLUMNS.map((column) => merged[column]));
}

const won = { StageName: 'Closed Won', IsClosed: 'true', IsWon: 'true', ForecastCategoryName: 'Closed' };
const lost = { StageName: 'Closed Lost', IsClosed: 'true', IsWon: 'false', ForecastCategoryName: 'Omitted' };

/**
 * Rows of every form: plain ones (won, lost, in other currencies, with a quoted next step, empty optional
 * cells), and rows the plain reader leaves to the values' reading, readable or not (padded, 15-character ids,
 * value forms a person writes, a stage placed by the flags or at odds with them, empty required cells, a
 * repeated id, amounts and dates that are not plain).
 */
const ROWS: readonly Cells[] = [
  {},
  won,
  lost,
  { CurrencyIsoCode: 'EUR', Amount: '99.5' },
  { CurrencyIsoCode: 'JPY', Amount: '1200' },
  { CurrencyIsoCode: 'KWD', Amount: '1.234' },
  { NextStep: 'Call back, then "send" the quote' },
  { NextStep: '  padded step  ' },
  { AccountId: '', Type: '', LeadSource: '', ForecastCategoryName: '', CurrencyIsoCode: '' },
  { IsClosed: '', IsWon: '' },
  { Id: ` ${oppId(9000)} ` },
  { Id: '0065e0000000123' },
  { AccountId: '0015e0000000001' },
  { Name: ' Padded name' },
  { Name: '' },
  { OwnerId: '' },
  { StageName: '' },
  { StageName: 'Closed - Signed', IsClosed: 'true', IsWon: 'true' },
  { StageName: 'Closed Won', IsClosed: 'false', IsWon: 'false' },
  { StageName: 'Limbo' },
  { StageName: 'proposal' },
  { IsClosed: 'No', IsWon: '0' },
  { IsClosed: 'maybe' },
  { CurrencyIsoCode: 'usd' },
  { CurrencyIsoCode: 'XYZ' },
  { Amount: '$1,234.50' },
  { Amount: '' },
  { Amount: '1,5' },
  { Amount: '12.345' },
  { CurrencyIsoCode: 'JPY', Amount: '12.5' },
  { Amount: '1e3' },
  { CloseDate: '3/31/2026' },
  { CloseDate: '2026-02-30' },
  { CloseDate: '' },
  { CreatedDate: '2025-10-01' },
  { CreatedDate: '2025-10-01T09:00:00+02:00' },
  { CreatedDate: 'yesterday' },
  { ForecastCategoryName: 'BestCase' },
  { ForecastCategoryName: 'bogus' },
  { Type: 'Existing Customer - Upgrade' },
  { Type: 'Other' },
  { LeadSource: ' Web ' },
  { ...won, CloseDate: '' },
  { ...lost, Amount: '0' },
  { ...lost, Amount: '-10.0' },
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'salesops-plain-opps-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function writeExport(rows: readonly string[]): string[] {
  const opportunities = join(dir, 'Opportunity.csv');
  writeFileSync(opportunities, `${q(OPPORTUNITY_COLUMNS)}\n${rows.join('\n')}\n`);
  return [...writeOneRepOrg(dir), opportunities];
}

/** Imports `files` into a fresh store named `name`: the result and every stored row. */
const run = (files: string[], name: string) => importSalesforce(join(dir, `${name}.db`), files);

/** Counts the rows the plain reader keeps; `off` turns it off (every row is read through its values). */
function watchPlainReader(off: boolean): { rows: number; lines: number[]; asked: () => number } {
  const plainReader = OpportunityRows.prototype.plainReader;
  const spy = vi.spyOn(OpportunityRows.prototype, 'plainReader');
  // How often the import asked for the plain reader: the switch-off is seen to be in the import's path.
  const seen = { rows: 0, lines: [] as number[], asked: () => spy.mock.calls.length };
  spy.mockImplementation(function (this: OpportunityRows, compiled) {
    const read = off ? null : plainReader.call(this, compiled);
    return (
      read &&
      ((spans, firstCell, line) =>
        read(spans, firstCell, line) && seen.lines.push(line) > 0 && ++seen.rows > 0)
    );
  });
  return seen;
}

describe("an opportunities export's plain rows", () => {
  it('are read as reading their values reads them', async () => {
    // Each form twice under ids of its own (the second with another name), then two repeated ids: one with
    // another name (a conflict), one the same row again (a duplicate).
    const rows = [
      ...ROWS.map((cells, n) => row(n + 1, cells)),
      ...ROWS.map((cells, n) => row(n + 101, { ...cells, Name: cells.Name ?? `Again ${n}` })),
      row(1, { Name: 'Repeat' }),
      row(2, won),
    ];
    const files = writeExport(rows);
    const plain = watchPlainReader(false);
    const read = await run(files, 'plain');
    vi.restoreAllMocks();
    const values = watchPlainReader(true);
    const expected = await run(files, 'values');

    expect(read.result).toEqual(expected.result);
    expect(read.stored).toEqual(expected.stored);
    expect(values.asked()).toBe(1);
    // Read plainly: the forms that read as written or through a few values' memo (flags, currencies, categories,
    // types, dates), both copies; not the padded cells, the 15-character ids, the rows with a required cell empty
    // or a stage the flags place or contradict, and the amounts and dates that need the values' reading.
    const forms = new Set(plain.lines.map((line) => (line - 2) % ROWS.length));
    expect([...forms]).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 20, 21, 23, 24, 31, 34, 35, 37, 39, 43, 44]);
    expect(plain.rows).toBe(2 * forms.size + 2);
    // The export has problems of many kinds, and records: the comparison is not of two empty imports.
    expect(read.result.problems.length).toBeGreaterThan(20);
    expect(read.stored.opportunities!.length).toBeGreaterThan(40);
  });

  it('keep the records a plain export gives', async () => {
    const files = writeExport([
      row(1),
      row(2, won),
      row(3, { ...lost, CurrencyIsoCode: 'EUR', Amount: '7.25' }),
    ]);
    const plain = watchPlainReader(false);
    const { result, stored } = await run(files, 'plain');
    expect(plain.rows).toBe(3);
    expect(result.problems).toEqual([]);
    expect(stored.opportunities).toHaveLength(3);
    const file = result.files.find((entry) => entry.file.endsWith('Opportunity.csv'))!;
    expect(file.rowsRead).toBe(3);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import {
  fixture,
  importWorkspace,
  labelOf,
  rowsOf,
  scanStore,
  type ImportWorkspace,
} from './import-helpers.js';

const ACME = '0065e00000OpAcmAAF';
const ANA = '0055e000001AnaIAAS';
const DARA = '0055e000004DarMAAS';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
  const first = await ws.importFiles(
    ...['User.csv', 'UserRole.csv', 'Account.csv', 'Opportunity.csv'].map((name) =>
      fixture(`salesforce/${name}`),
    ),
    '--mapping',
    fixture('salesforce/salesforce-stages.yaml'),
    '--as-of',
    '2026-02-20',
  );
  if (first.code !== 0) throw new Error(first.stderr);
});
afterEach(() => ws.remove());

/** A Data Loader file (every cell quoted) in the scratch folder. */
function dataLoaderFile(name: string, rows: readonly (readonly string[])[]): string {
  const path = join(ws.folder, name);
  writeFileSync(path, rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\n') + '\n');
  return path;
}

/** The Acme deal as stored: source, type, account, amount, next step (a column no scan reads). */
async function acme(): Promise<unknown[]> {
  const scan = await scanStore(ws.database);
  const row = rowsOf(scan, 'opportunities').find((opportunity) => opportunity.crm_id === ACME)!;
  const accounts = new Map(rowsOf(scan, 'accounts').map((account) => [account.id, account.crm_id]));
  const sqlite = new Database(ws.database, { readonly: true });
  try {
    const { next_step } = sqlite
      .prepare('select next_step from opportunities where crm_id = ?')
      .get(ACME) as {
      next_step: string | null;
    };
    return [
      labelOf(scan, 'source', row.source_code) ?? null,
      labelOf(scan, 'opportunity_type', row.type_code) ?? null,
      accounts.get(row.account_id),
      row.amount,
      next_step,
    ];
  } finally {
    sqlite.close();
  }
}

const BASE = ['Id', 'Name', 'StageName', 'Amount', 'CloseDate', 'CreatedDate', 'OwnerId', 'CurrencyIsoCode'];
const ACME_ROW = [
  ACME,
  'Acme Corp - 200 seats',
  'Proposal/Price Quote',
  '23000.0',
  '2026-03-31',
  '2025-11-03T16:22:10.000Z',
  ANA,
  'USD',
];

describe('salesops import: an export without a column leaves the stored values of its field', () => {
  it('keeps what a missing column would give, and empties what an empty cell gives', async () => {
    expect(await acme()).toEqual(['Web', 'new', '0015e00000AcmeCAAR', 2_205_000, 'Send MSA']);

    // No LeadSource, Type, AccountId or NextStep column: the stored values stay; the amount is updated.
    const narrow = dataLoaderFile('narrow.csv', [BASE, ACME_ROW]);
    const run = await ws.importFiles(
      narrow,
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as ImportResult).write?.updated).toMatchObject({ opportunities: 1 });
    expect(await acme()).toEqual(['Web', 'new', '0015e00000AcmeCAAR', 2_300_000, 'Send MSA']);

    // LeadSource and NextStep present, their cells empty: both are emptied; Type and AccountId still kept.
    const empty = dataLoaderFile('empty-cells.csv', [
      [...BASE, 'LeadSource', 'NextStep'],
      [...ACME_ROW, '', ''],
    ]);
    const second = await ws.importFiles(
      empty,
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-03-02',
    );
    expect(second.code).toBe(0);
    expect(await acme()).toEqual([null, 'new', '0015e00000AcmeCAAR', 2_300_000, null]);
  });

  it('keeps a rep’s role and manager when a users export has neither column', async () => {
    const users = dataLoaderFile('users.csv', [
      ['Id', 'Name', 'Email'],
      [ANA, 'Ana Ito', 'ana.ito@acme.example'],
    ]);
    const run = await ws.importFiles(users, '--as-of', '2026-03-01');
    expect(run.code).toBe(0);
    const scan = await scanStore(ws.database);
    const reps = rowsOf(scan, 'reps');
    const crm = new Map(reps.map((rep) => [rep.id, rep.crm_id]));
    const ana = reps.find((rep) => rep.crm_id === ANA)!;
    expect([labelOf(scan, 'role', ana.role_code), crm.get(ana.manager_id)]).toEqual(['ae', DARA]);
    const sqlite = new Database(ws.database, { readonly: true });
    try {
      expect(sqlite.prepare('select email from reps where crm_id = ?').pluck().get(ANA)).toBe(
        'ana.ito@acme.example',
      );
    } finally {
      sqlite.close();
    }
  });
});

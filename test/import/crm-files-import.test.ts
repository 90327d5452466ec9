import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDayNumber } from '../../src/domain/dates.js';
import type { ImportResult } from '../../src/ingest/index.js';
import {
  fixture,
  importWorkspace,
  labelOf,
  rowsOf,
  scanStore,
  type ImportWorkspace,
  unwrapped,
} from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

const json = (stdout: string) => JSON.parse(stdout) as ImportResult;

/** Opportunities as [crm id, name, stage, amount, currency, close date, owner name, account name]. */
async function opportunitiesOf(ws: ImportWorkspace): Promise<unknown[][]> {
  const scan = await scanStore(ws.database);
  const reps = new Map(rowsOf(scan, 'reps').map((rep) => [rep.id, rep.name]));
  const accounts = new Map(rowsOf(scan, 'accounts').map((account) => [account.id, account.name]));
  return rowsOf(scan, 'opportunities').map((row) => [
    row.crm_id,
    row.name,
    labelOf(scan, 'stage', row.stage_code),
    row.amount,
    labelOf(scan, 'currency', row.currency_code),
    fromDayNumber(Number(row.close_day)),
    reps.get(row.owner_id),
    row.account_id === null ? null : accounts.get(row.account_id),
  ]);
}

describe('salesops import: HubSpot and Pipedrive', () => {
  it('imports HubSpot deals, companies and owners with a stage mapping; owners are keyed by name', async () => {
    const run = await ws.importFiles(
      fixture('hubspot/deals.csv'),
      fixture('hubspot/companies.csv'),
      fixture('hubspot/owners.csv'),
      '--mapping',
      fixture('hubspot/hubspot-stages.yaml'),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files.map((file) => [file.mapping, file.rowsRead, file.imported])).toEqual([
      ['HubSpot (deals export), with hubspot-stages.yaml (deals*.csv)', 5, 5],
      ['HubSpot (companies export)', 3, 3],
      ['HubSpot (users (owners) export)', 2, 2],
    ]);
    expect(result.created).toEqual({
      repsFromNames: 0,
      accountsFromNames: 0,
      repsFromIds: 0,
      accountsFromIds: 0,
    });
    expect(await opportunitiesOf(ws)).toEqual([
      [
        '9001001',
        'Northwind - Platform',
        'Proposal',
        1_800_000,
        'USD',
        '2026-04-30',
        'Maya Chen',
        'Northwind Traders',
      ],
      ['9001002', 'Contoso - Renewal', 'Commit', 4_200_000, 'USD', '2026-03-15', 'Omar Haddad', 'Contoso'],
      ['9001003', 'Fabrikam - Pilot', 'Closed Won', 750_000, 'USD', '2026-01-28', 'Maya Chen', 'Fabrikam'],
      [
        '9001004',
        'Northwind - Expansion',
        'Closed Lost',
        1_250_000,
        'USD',
        '2026-02-02',
        'Omar Haddad',
        'Northwind Traders',
      ],
      ['9001005', 'Wingtip - Discovery', 'Qualification', 300_000, 'USD', '2026-06-30', 'Maya Chen', null],
    ]);
    const scan = await scanStore(ws.database);
    expect(
      rowsOf(scan, 'reps').map((rep) => [rep.crm_id, rep.name, labelOf(scan, 'role', rep.role_code)]),
    ).toEqual([
      ['name:maya chen', 'Maya Chen', 'ae'],
      ['name:omar haddad', 'Omar Haddad', 'ae'],
    ]);
    // Created dates with a time of day are read as their date.
    expect(rowsOf(scan, 'opportunities').map((row) => fromDayNumber(Number(row.created_day)))[0]).toBe(
      '2026-01-12',
    );
  });

  it('imports Pipedrive deals and organizations: status decides won and lost, their close date is the won/lost time', async () => {
    const run = await ws.importFiles(
      fixture('pipedrive/deals.csv'),
      fixture('pipedrive/organizations.csv'),
      '--mapping',
      fixture('pipedrive/pipedrive-stages.yaml'),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.created).toEqual({
      repsFromNames: 2,
      accountsFromNames: 1,
      repsFromIds: 0,
      accountsFromIds: 0,
    });
    expect(result.stagesByOutcome).toEqual([
      { name: 'Negotiations Started', stage: 'Closed Won', rows: 1 },
      { name: 'Demo Scheduled', stage: 'Closed Lost', rows: 1 },
    ]);
    expect(await opportunitiesOf(ws)).toEqual([
      ['1', 'Bluebird rollout', 'Proposal', 1_200_000, 'USD', '2026-04-30', 'Lena Park', 'Bluebird Ltd'],
      ['2', 'Kestrel upsell', 'Closed Won', 850_000, 'EUR', '2026-02-11', 'Tom Weber', 'Kestrel GmbH'],
      ['3', 'Osprey pilot', 'Closed Lost', 400_000, 'USD', '2026-01-19', 'Lena Park', 'Osprey Inc'],
      ['4', 'Heron new logo', 'Qualification', 2_000_000, 'USD', '2026-07-31', 'Tom Weber', 'Heron AG'],
    ]);
    const scan = await scanStore(ws.database);
    expect(rowsOf(scan, 'accounts').map((account) => account.crm_id)).toEqual([
      '101',
      '102',
      '103',
      'name:heron ag',
    ]);
  });
});

describe('salesops import: files as spreadsheets and other CRMs write them', () => {
  it('reads an Excel for Mac CSV: CR line ends, spaced headers, $(1,901.00), $- and two-digit years', async () => {
    const run = await ws.importFiles(
      fixture('excel/excel-export.csv'),
      '--source',
      'csv',
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(0);
    expect(await opportunitiesOf(ws)).toEqual([
      ['X-001', 'Acme renewal', 'Closed Won', 2_205_000, 'USD', '2026-03-31', 'Ana Ito', 'Acme Corp'],
      ['X-002', 'Globex credit', 'Closed Won', -190_100, 'USD', '2026-04-01', 'Ana Ito', 'Globex'],
      ['X-003', 'Initech upsell', 'Proposal', 0, 'USD', '2026-12-15', 'Chen Lopez', 'Initech'],
      ['X-004', 'Umbrella deal', 'Negotiation', 120_050, 'USD', '2026-05-20', 'Chen Lopez', 'Umbrella'],
    ]);
  });

  it('reads a Windows-1252 semicolon export with German headers through a mapping file', async () => {
    const run = await ws.importFiles(
      fixture('european/verkaufschancen.csv'),
      '--mapping',
      fixture('european/european.yaml'),
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(0);
    expect(await opportunitiesOf(ws)).toEqual([
      [
        'EU-1',
        'Erweiterung Müller',
        'Proposal',
        123_456,
        'EUR',
        '2026-03-31',
        'Zoë Brûlé',
        'Müller & Söhne GmbH',
      ],
      [
        'EU-2',
        'Neukunde "Café"',
        'Negotiation',
        1_250_000,
        'EUR',
        '2026-04-01',
        'François Ørsted',
        'Société Générale',
      ],
      ['EU-3', 'Verlängerung', 'Closed Won', -98_000, 'EUR', '2026-11-15', 'Åsa Nuñez', 'Ærø Fisk A/S'],
    ]);
  });

  it('asks for --date-order when a UTF-16 file cannot decide, and reads it once given', async () => {
    const refused = await ws.importFiles(
      fixture('utf16/pipeline-unicode.txt'),
      '--source',
      'csv',
      '--as-of',
      '2026-03-01',
    );
    expect(refused.code).toBe(2);
    expect(unwrapped(refused.stderr)).toContain(
      'pipeline-unicode.txt:3:9 createdDate: column "Created Date": no date in the column shows whether it is day-first or month-first (such as "1/2/2026")',
    );
    expect(refused.stderr).toContain('--date-order mdy');
    const run = await ws.importFiles(
      fixture('utf16/pipeline-unicode.txt'),
      '--source',
      'csv',
      '--date-order',
      'mdy',
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(0);
    // salesops.yaml of init has no JPY rate: the import says so, where the amount is, and what to add.
    expect(unwrapped(run.stdout)).toContain(
      'Warning: 1 opportunity is in JPY, which salesops.yaml has no exchange rate for: its amount cannot be' +
        ' converted\n  to USD\n  pipeline-unicode.txt:2:6 Amount "¥1,200,000" read as 1200000 JPY\n' +
        '  fix: add the rates under fx: in salesops.yaml, such as - { currency: JPY, from: <2026-03-31 or earlier>,' +
        ' rate: <JPY per 1 USD> }; `salesops audit` lists these deals (rule currency-without-rate)\n',
    );
    expect(await opportunitiesOf(ws)).toEqual([
      [
        'J-1',
        '東京ロールアウト',
        'Proposal',
        1_200_000,
        'JPY',
        '2026-03-31',
        '佐藤 花子',
        '株式会社サンプル',
      ],
      [
        'J-2',
        'Rocket 🚀 launch',
        'Qualification',
        2_205_000,
        'USD',
        '2026-03-31',
        'Ana Ito',
        'Rocket 🚀 Labs',
      ],
    ]);
  });

  it('refuses a file with a junk row, then imports the rest with --skip-invalid and writes the row unchanged to rejects', async () => {
    const refused = await ws.importFiles(fixture('junk/pipeline-with-junk.csv'), '--as-of', '2026-03-01');
    expect(refused.code).toBe(2);
    expect(unwrapped(refused.stderr)).toContain(
      'pipeline-with-junk.csv:5:2 name: this row has 1 cell but the header has 9 (value "-- page 2 --")',
    );
    expect((await ws.status()).dataVersion).toBe(0);

    // Without --rejects, the rejected rows go beside the file, named after it.
    mkdirSync(join(ws.folder, 'exports'));
    copyFileSync(
      fixture('junk/pipeline-with-junk.csv'),
      join(ws.folder, 'exports', 'pipeline-with-junk.csv'),
    );
    const run = await ws.importFiles(
      'exports/pipeline-with-junk.csv',
      '--skip-invalid',
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files[0]).toMatchObject({ rowsRead: 4, imported: 3, rejected: 1, duplicates: 0 });
    const rejects = join(ws.folder, 'exports', 'pipeline-with-junk.rejects.csv');
    expect(result.rejectFiles).toEqual([
      { source: 'exports/pipeline-with-junk.csv', path: rejects, rows: 1 },
    ]);
    expect(existsSync(join(ws.folder, 'rejects.csv'))).toBe(false);
    expect(readFileSync(rejects, 'utf8')).toBe(
      '\uFEFFOpportunity ID,Opportunity Name,Account,Owner,Stage,Amount,Close Date,Created Date,Next Step\r\n-- page 2 --\r\n',
    );
    const scan = await scanStore(ws.database);
    expect(rowsOf(scan, 'opportunities').map((row) => row.crm_id)).toEqual(['J-01', 'J-02', 'J-03']);
  });

  it('reads the Maven "CRM Sales Opportunities" shape with its mapping: names, lookups, scales and rejected open deals', async () => {
    const files = ['sales_pipeline.csv', 'accounts.csv', 'products.csv', 'sales_teams.csv'].map((name) =>
      fixture(`maven/${name}`),
    );
    const run = await ws.importFiles(
      ...files,
      '--mapping',
      fixture('maven/maven-crm.yaml'),
      '--skip-invalid',
      '--rejects',
      'maven-rejects.csv',
      '--as-of',
      '2017-12-31',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(
      result.files.map((file) => [file.file.split('/').pop(), file.rowsRead, file.imported, file.rejected]),
    ).toEqual([
      ['sales_pipeline.csv', 8, 5, 3],
      ['accounts.csv', 4, 4, 0],
      ['products.csv', 3, 3, 0],
      ['sales_teams.csv', 3, 3, 0],
    ]);
    expect(result.problems.map((problem) => [problem.line, problem.field, problem.message])).toEqual([
      [7, 'createdDate', 'the created date is empty'],
      [7, 'closeDate', 'the close date is empty'],
      [8, 'closeDate', 'the close date is empty'],
      [9, 'closeDate', 'the close date is empty'],
    ]);
    const scan = await scanStore(ws.database);
    expect(
      rowsOf(scan, 'opportunities').map((row) => [
        row.crm_id,
        row.name,
        row.amount,
        row.list_amount,
        labelOf(scan, 'stage', row.stage_code),
      ]),
    ).toEqual([
      ['1C1I7A6R', '1C1I7A6R', 105_400, 55_000, 'Closed Won'],
      ['Z063OYW0', 'Z063OYW0', 451_400, 482_100, 'Closed Won'],
      ['EC4QE1BX', 'EC4QE1BX', 5_000, 5_500, 'Closed Won'],
      ['MV1LWRNH', 'MV1LWRNH', 58_800, 55_000, 'Closed Won'],
      ['PE84CX4O', 'PE84CX4O', 0, 482_100, 'Closed Lost'],
    ]);
    const accounts = rowsOf(scan, 'accounts');
    expect(accounts.map((row) => [row.crm_id, row.annual_revenue, row.parent_id])).toEqual([
      ['name:acme corporation', 110_004_000_000, null],
      ['name:betasoloin', 25_141_000_000, null],
      ['name:cancity', 71_862_000_000, null],
      ['name:codehow', 271_490_000_000, accounts[0]!.id],
    ]);
    const reps = rowsOf(scan, 'reps');
    expect(
      reps.map((rep) => [
        rep.name,
        labelOf(scan, 'role', rep.role_code),
        reps.find((other) => other.id === rep.manager_id)?.name ?? null,
      ]),
    ).toEqual([
      ['Moses Frase', 'ae', 'Dustin Brinkmann'],
      ['Darcel Schlecht', 'ae', 'Melvin Marxen'],
      ['Vicki Laflamme', 'ae', 'Celia Rouche'],
      ['Dustin Brinkmann', 'manager', null],
      ['Melvin Marxen', 'manager', null],
      ['Celia Rouche', 'manager', null],
    ]);
    expect(readFileSync(join(ws.folder, 'maven-rejects.csv'), 'utf8').split('\r\n')).toEqual([
      '\uFEFFopportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
      'ZNBS69V1,Vicki Laflamme,MG Special,,Prospecting,,,',
      '9ZPVDE21,Moses Frase,GTX Pro,Acme Corporation,Engaging,2017-02-28,,',
      'UP409DSB,Darcel Schlecht,GTX Basic,Acme Corporation,Engaging,2017-03-01,,',
      '',
    ]);
  });
});

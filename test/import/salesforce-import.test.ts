import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDayNumber, toDayNumber, type IsoDate } from '../../src/domain/dates.js';
import type { ImportResult } from '../../src/ingest/index.js';
import { salesforceId18 } from '../../src/ingest/values/ids.js';
import {
  fixture,
  importWorkspace,
  labelOf,
  rowsOf,
  scanStore,
  type ImportWorkspace,
  unwrapped,
  useCrmRates,
} from './import-helpers.js';

const id = (fifteen: string) => salesforceId18(fifteen) ?? fifteen;
const OPP = {
  acme: id('0065e00000OpAcm'),
  globex: id('0065e00000OpGlx'),
  initech: id('0065e00000OpIni'),
  umbrella: id('0065e00000OpUmb'),
  services: id('0065e00000OpSvc'),
  signed: id('0065e00000OpSgn'),
};
const USER = {
  dara: id('0055e000004DarM'),
  ana: id('0055e000001AnaI'),
  zoe: id('0055e000002ZoeB'),
  chen: id('0055e000003ChnL'),
};
const ACCOUNT = {
  acme: id('0015e00000AcmeC'),
  globex: id('0015e00000GlobX'),
  initech: id('0015e00000IniTc'),
};

const DATA_LOADER = [
  'Account.csv',
  'CurrencyType.csv',
  'DatedConversionRate.csv',
  'Opportunity.csv',
  'OpportunityFieldHistory.csv',
  'OpportunityHistory.csv',
  'Period.csv',
  'User.csv',
  'UserRole.csv',
].map((name) => fixture(`salesforce/${name}`));
const STAGES = fixture('salesforce/salesforce-stages.yaml');
const day = (date: string) => toDayNumber(date as IsoDate);

/** The stored history of one opportunity: [date, sequence, stage, amount, close date, owner's CRM id]. */
function historyOf(scan: Record<string, unknown[]>, crm: string): unknown[][] {
  const surrogate = rowsOf(scan, 'opportunities').find((row) => row.crm_id === crm)!.id;
  const reps = new Map(rowsOf(scan, 'reps').map((rep) => [rep.id, rep.crm_id]));
  return rowsOf(scan, 'opportunity_history')
    .filter((row) => row.opportunity_id === surrogate)
    .map((row) => [
      fromDayNumber(Number(row.valid_from)),
      row.sequence,
      labelOf(scan, 'stage', row.stage_code),
      row.amount,
      fromDayNumber(Number(row.close_day)),
      reps.get(row.owner_id),
    ]);
}

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
  // The org's EUR rates in salesops.yaml, as the import asks when they differ (exchange-rates.test.ts).
  useCrmRates(ws);
});
afterEach(() => ws.remove());

function json(stdout: string): ImportResult {
  return JSON.parse(stdout) as ImportResult;
}

describe('salesops import: Salesforce Data Loader exports', () => {
  it('refuses open stages the workspace does not know, names them with the fix, and writes nothing', async () => {
    const run = await ws.importFiles(
      fixture('salesforce/Opportunity.csv'),
      '--source',
      'salesforce',
      '--as-of',
      '2026-02-20',
    );
    expect(run.code).toBe(2);
    expect(unwrapped(run.stderr)).toContain(
      'Opportunity.csv:2:5 stage: stage "Proposal/Price Quote" is not a stage of this workspace',
    );
    expect(run.stderr).toContain('"Negotiation/Review": 1 row, first at Opportunity.csv:3');
    // The fix is a mapping file to paste: each name mapped onto the workspace stage that shares its words.
    const stagesYaml = [
      '    files:',
      '      - values:',
      '          stage:',
      '            "Proposal/Price Quote": "Proposal"   # check: guessed',
      '            "Negotiation/Review": "Negotiation"   # check: guessed',
    ];
    expect(unwrapped(run.stderr)).toContain(
      "  fix: map each to one of the workspace's stages (Qualification, Discovery, Proposal, Negotiation, Commit," +
        ' Closed Won, Closed Lost): save the lines below as stages.yaml, check the stages guessed, and import again' +
        ' adding --mapping stages.yaml (or add the names to the stages in salesops.yaml)',
    );
    expect(run.stderr).toContain(`salesops.yaml)\n${stagesYaml.join('\n')}\nerror:`);
    expect(run.stdout).toContain('"Closed - Signed" -> Closed Won (1 row)');
    expect(run.stderr).toContain('error: the import was refused: 2 problems, nothing written');
    expect((await ws.status()).dataVersion).toBe(0);
    // Pasted as printed, it imports the file.
    writeFileSync(join(ws.folder, 'stages.yaml'), `${stagesYaml.join('\n')}\n`);
    const mapped = await ws.importFiles(
      fixture('salesforce/Opportunity.csv'),
      '--mapping',
      'stages.yaml',
      '--as-of',
      '2026-02-20',
      '--dry-run',
    );
    expect(mapped.code, mapped.stderr).toBe(0);

    const report = join(ws.folder, 'errors.csv');
    const again = await ws.importFiles(
      fixture('salesforce/Opportunity.csv'),
      '--format',
      'json',
      '--report',
      report,
    );
    const result = json(again.stdout);
    expect(again.code).toBe(2);
    expect(result.status).toBe('failed');
    expect(result.unknownStages.map((stage) => [stage.name, stage.rows, stage.line])).toEqual([
      ['Proposal/Price Quote', 1, 2],
      ['Negotiation/Review', 1, 3],
    ]);
    expect(result.created).toEqual({
      repsFromNames: 0,
      accountsFromNames: 0,
      repsFromIds: 3,
      accountsFromIds: 4,
    });
    expect(readFileSync(report, 'utf8').split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFfile,line,column,header,field,value,problem,expected,fix',
      `${fixture('salesforce/Opportunity.csv')},2,5,StageName,stage,Proposal/Price Quote,"stage ""Proposal/Price Quote"" is not a stage of this workspace","a stage of the workspace, or a CRM stage mapped onto one","map ""Proposal/Price Quote"" to one of the workspace's stages (Qualification, Discovery, Proposal, Negotiation, Commit, Closed Won, Closed Lost) under values: stage: in a mapping file, or add it to the stages in salesops.yaml"`,
    ]);
  });

  it('imports every export of the org with a stage mapping: counts, values, roles, history and notes', async () => {
    const run = await ws.importFiles(
      ...DATA_LOADER,
      '--mapping',
      STAGES,
      '--as-of',
      '2026-02-20',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.status).toBe('written');
    const byFile = Object.fromEntries(
      result.files.map((file): [string, number[]] => [
        file.file.split('/').pop() ?? '',
        [
          file.rowsRead,
          file.imported,
          file.rejected,
          file.duplicates,
          file.ignored.reduce((sum, entry) => sum + entry.rows, 0),
        ],
      ]),
    );
    // Rates and periods are read to compare with salesops.yaml, and not stored.
    expect(byFile).toEqual({
      'Account.csv': [4, 4, 0, 0, 0],
      'CurrencyType.csv': [3, 0, 0, 0, 3],
      'DatedConversionRate.csv': [3, 0, 0, 0, 3],
      'Opportunity.csv': [6, 6, 0, 0, 0],
      'OpportunityFieldHistory.csv': [5, 1, 0, 0, 4],
      'OpportunityHistory.csv': [13, 12, 0, 1, 0],
      'Period.csv': [3, 0, 0, 0, 3],
      'User.csv': [4, 4, 0, 0, 0],
      'UserRole.csv': [3, 3, 0, 0, 0],
    });
    expect(result.notices).toEqual([]);
    expect(result.write?.inserted).toMatchObject({
      reps: 4,
      accounts: 4,
      opportunities: 6,
      opportunityChanges: 13,
    });

    const status = await ws.status();
    expect(status.counts).toMatchObject({ reps: 4, accounts: 4, opportunities: 6, opportunityChanges: 13 });
    expect(status.lastWrite).toEqual({
      source: 'salesforce',
      asOf: '2026-02-20',
      note: expect.any(String) as unknown,
    });

    const scan = await scanStore(ws.database);
    const reps = rowsOf(scan, 'reps');
    const repCrm = (surrogate: unknown) => reps.find((rep) => rep.id === surrogate)?.crm_id;
    expect(
      reps.map((rep) => [
        rep.crm_id,
        rep.name,
        labelOf(scan, 'role', rep.role_code),
        repCrm(rep.manager_id) ?? null,
      ]),
    ).toEqual([
      [USER.dara, 'Dara Meyer', 'vp', null],
      [USER.ana, 'Ana Ito', 'ae', USER.dara],
      [USER.zoe, 'Zoë Brûlé', 'ae', USER.dara],
      [USER.chen, 'Chen Lopez', 'am', USER.dara],
    ]);
    const accounts = rowsOf(scan, 'accounts');
    const accountCrm = (surrogate: unknown) => accounts.find((account) => account.id === surrogate)?.crm_id;
    expect(
      accounts.map((account) => [
        account.name,
        account.annual_revenue,
        account.employees,
        accountCrm(account.parent_id) ?? null,
      ]),
    ).toEqual([
      ['Acme Corp', 25_000_000_000, 1200, null],
      ['Globex, Inc.', 120_000_000_000, 5400, null],
      ['Initech', 4_500_000_000, 310, ACCOUNT.globex],
      ['Umbrella Health', null, 80, null],
    ]);
    const opportunities = rowsOf(scan, 'opportunities');
    const opportunity = (crm: string) => {
      const row = opportunities.find((candidate) => candidate.crm_id === crm)!;
      return {
        stage: labelOf(scan, 'stage', row.stage_code),
        amount: row.amount,
        currency: labelOf(scan, 'currency', row.currency_code),
        close: fromDayNumber(Number(row.close_day)),
        category: labelOf(scan, 'forecast_category', row.category_code),
        owner: repCrm(row.owner_id),
        account: accountCrm(row.account_id),
        type: labelOf(scan, 'opportunity_type', row.type_code),
      };
    };
    expect(opportunity(OPP.acme)).toEqual({
      stage: 'Proposal',
      amount: 2_205_000,
      currency: 'USD',
      close: '2026-03-31',
      category: 'best_case',
      owner: USER.ana,
      account: ACCOUNT.acme,
      type: 'new',
    });
    expect(opportunity(OPP.globex)).toEqual({
      stage: 'Negotiation',
      amount: 999_999,
      currency: 'EUR',
      close: '2026-04-15',
      category: 'commit',
      owner: USER.zoe,
      account: ACCOUNT.globex,
      type: 'renewal',
    });
    expect(opportunity(OPP.umbrella)).toMatchObject({
      stage: 'Closed Lost',
      amount: 1_500_000,
      currency: 'GBP',
      category: 'omitted',
    });
    expect(opportunity(OPP.signed)).toMatchObject({
      stage: 'Closed Won',
      category: 'closed',
      type: 'expansion',
    });

    const changes = (crm: string) => historyOf(scan, crm);
    // Two changes on one day, in time order although the export lists them the other way round; the exact
    // duplicate row is skipped.
    expect(changes(OPP.initech)).toEqual([
      ['2025-09-12', 0, 'Qualification', 4_000_000, '2025-12-31', USER.chen],
      ['2025-12-15', 0, 'Negotiation', 4_800_000, '2025-12-15', USER.chen],
      ['2025-12-15', 1, 'Closed Won', 4_800_000, '2025-12-15', USER.chen],
    ]);
    // OpportunityHistory has no owner: the field history's owner change gives it, and is a change of its own.
    expect(changes(OPP.services)).toEqual([
      ['2026-01-05', 0, 'Qualification', 500_000, '2026-06-30', USER.ana],
      ['2026-02-15', 0, 'Qualification', 500_000, '2026-06-30', USER.zoe],
    ]);
  });

  it('re-imports a later report: matched by 15-character id and by owner and account names; history dated --as-of', async () => {
    expect((await ws.importFiles(...DATA_LOADER, '--mapping', STAGES, '--as-of', '2026-02-20')).code).toBe(0);
    const run = await ws.importFiles(
      fixture('salesforce/opportunities-report.csv'),
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files[0]).toMatchObject({
      rowsRead: 10,
      imported: 6,
      rejected: 0,
      duplicates: 0,
      ignored: [{ reason: 'report footer', rows: 4 }],
    });
    expect(result.created).toEqual({
      repsFromNames: 0,
      accountsFromNames: 0,
      repsFromIds: 0,
      accountsFromIds: 0,
    });
    expect(result.write?.inserted).toMatchObject({
      reps: 0,
      accounts: 0,
      opportunities: 0,
      opportunityChanges: 2,
    });
    // The two deals with a change are updated; the report gives the four others as stored.
    expect(result.write?.updated).toMatchObject({ opportunities: 2 });
    expect(result.write?.unchanged).toMatchObject({ opportunities: 4 });

    const status = await ws.status();
    expect(status.counts).toMatchObject({ reps: 4, accounts: 4, opportunities: 6, opportunityChanges: 15 });
    expect(status.history.to).toBe('2026-03-01');
    const scan = await scanStore(ws.database);
    const opportunities = rowsOf(scan, 'opportunities');
    const surrogate = (crm: string) => opportunities.find((row) => row.crm_id === crm)!.id;
    const dated = rowsOf(scan, 'opportunity_history')
      .filter((row) => row.valid_from === day('2026-03-01'))
      .map((row) => [
        row.opportunity_id,
        labelOf(scan, 'stage', row.stage_code),
        row.amount,
        fromDayNumber(Number(row.close_day)),
      ]);
    expect(dated).toEqual([
      [surrogate(OPP.acme), 'Negotiation', 2_450_000, '2026-03-31'],
      [surrogate(OPP.services), 'Qualification', 500_000, '2026-07-31'],
    ]);
  });

  it('imports the Opportunity History report: rows find their deal by name, dated by Edit Date, owners from the deal', async () => {
    const run = await ws.importFiles(
      fixture('salesforce/opportunities-report.csv'),
      fixture('salesforce/opportunity-history-report.csv'),
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files[1]).toMatchObject({
      mapping: 'Salesforce (report export of Opportunity History), with salesforce-stages.yaml files[0]',
      entity: 'opportunityHistory',
      rowsRead: 16,
      imported: 12,
      rejected: 0,
      ignored: [{ reason: 'report footer', rows: 4 }],
    });
    expect(result.files[1]?.notImported.map((column) => column.header)).toEqual(
      expect.arrayContaining(['From Stage', 'Opportunity Owner', 'Last Modified By', 'Stage Duration']),
    );
    // 12 changes from the report, and 2 found by comparing the deals with their last change (dated --as-of).
    expect(result.write?.inserted).toMatchObject({ opportunities: 6, opportunityChanges: 14 });

    const scan = await scanStore(ws.database);
    const changes = (crm: string) => historyOf(scan, crm);
    // Two changes on one day, numbered by their time of day (9:00 AM before 3:30 PM).
    expect(changes(OPP.initech)).toEqual([
      ['2025-09-12', 0, 'Qualification', 4_000_000, '2025-12-31', 'name:chen lopez'],
      ['2025-12-15', 0, 'Negotiation', 4_800_000, '2025-12-15', 'name:chen lopez'],
      ['2025-12-15', 1, 'Closed Won', 4_800_000, '2025-12-15', 'name:chen lopez'],
    ]);
    // The report deal moved on since its last history row: that change is dated --as-of.
    expect(changes(OPP.acme)).toEqual([
      ['2025-11-03', 0, 'Qualification', 2_000_000, '2026-03-31', 'name:ana ito'],
      ['2026-01-10', 0, 'Proposal', 2_205_000, '2026-03-31', 'name:ana ito'],
      ['2026-03-01', 0, 'Negotiation', 2_450_000, '2026-03-31', 'name:ana ito'],
    ]);
    expect(changes(OPP.globex).map((change) => [change[0], change[2], change[3]])).toEqual([
      ['2025-10-01', 'Qualification', 999_999],
      ['2026-02-01', 'Negotiation', 999_999],
    ]);
  });

  it('rejects an Opportunity History report row whose deal no import or store names', async () => {
    const run = await ws.importFiles(
      fixture('salesforce/opportunity-history-report.csv'),
      '--mapping',
      STAGES,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(2);
    const [first] = json(run.stdout).problems;
    expect(first).toMatchObject({
      line: 2,
      column: 2,
      header: 'Opportunity Name',
      field: 'opportunityName',
      value: 'Acme Corp - 200 seats',
      message: 'no opportunity of this import or of the store is named "Acme Corp - 200 seats"',
    });
  });

  it('says when --as-of defaults to today', async () => {
    const run = await ws.importFiles(...DATA_LOADER, '--mapping', STAGES);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('as of 2026-03-05 (today; pass --as-of with the date the export was taken)');
  });
});

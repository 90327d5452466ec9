import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDayNumber } from '../../src/domain/dates.js';
import type { ImportResult } from '../../src/ingest/index.js';
import { salesforceId18 } from '../../src/ingest/values/ids.js';
import {
  fixture,
  importWorkspace,
  labelOf,
  rowsOf,
  scanStore,
  type ImportWorkspace,
} from './import-helpers.js';

const id = (fifteen: string) => salesforceId18(fifteen) ?? fifteen;
const json = (stdout: string) => JSON.parse(stdout) as ImportResult;
const date = (day: unknown) => (day === null ? null : fromDayNumber(Number(day)));

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

/** CRM ids by surrogate id, per table that has them. */
function crmIds(scan: Record<string, unknown[]>) {
  const of = (table: 'reps' | 'accounts' | 'opportunities' | 'leads') =>
    new Map(rowsOf(scan, table).map((row) => [row.id, row.crm_id]));
  return {
    reps: of('reps'),
    accounts: of('accounts'),
    opportunities: of('opportunities'),
    leads: of('leads'),
  };
}

/** Activities as [type, date, rep, opportunity, account, lead] (CRM ids), in the order they were written. */
async function activitiesOf(database: string): Promise<unknown[][]> {
  const scan = await scanStore(database);
  const ids = crmIds(scan);
  return rowsOf(scan, 'activities').map((row) => [
    labelOf(scan, 'activity_type', row.type_code),
    date(row.day),
    ids.reps.get(row.rep_id),
    ids.opportunities.get(row.opportunity_id) ?? null,
    ids.accounts.get(row.account_id) ?? null,
    ids.leads.get(row.lead_id) ?? null,
  ]);
}

/** Leads as [id, created, source, status, MQL, SQL, converted, opportunity, account, owner]. */
async function leadsOf(database: string): Promise<unknown[][]> {
  const scan = await scanStore(database);
  const ids = crmIds(scan);
  return rowsOf(scan, 'leads').map((row) => [
    row.crm_id,
    date(row.created_day),
    labelOf(scan, 'source', row.source_code) ?? null,
    labelOf(scan, 'lead_status', row.status_code),
    date(row.mql_day),
    date(row.sql_day),
    date(row.converted_day),
    ids.opportunities.get(row.converted_opportunity_id) ?? null,
    ids.accounts.get(row.converted_account_id) ?? null,
    ids.reps.get(row.owner_id) ?? null,
  ]);
}

const USER = { ana: id('0055e000001AnaI'), zoe: id('0055e000002ZoeB'), chen: id('0055e000003ChnL') };
const OPP = { acme: id('0065e00000OpAcm'), globex: id('0065e00000OpGlx'), services: id('0065e00000OpSvc') };
const ACCOUNT = {
  acme: id('0015e00000AcmeC'),
  globex: id('0015e00000GlobX'),
  umbrella: id('0015e00000UmbRl'),
};
const LEAD = {
  web: id('00Q5e00000LdWeb'),
  partner: id('00Q5e00000LdPrt'),
  converted: id('00Q5e00000LdCnv'),
  cold: id('00Q5e00000LdCld'),
};

describe('salesops import: activities and leads', () => {
  it('imports Salesforce Task, Event and Lead exports against stored opportunities, with a custom MQL date field', async () => {
    const first = await ws.importFiles(
      ...['User.csv', 'UserRole.csv', 'Account.csv', 'Opportunity.csv'].map((name) =>
        fixture(`salesforce/${name}`),
      ),
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-03-01',
    );
    expect(first.code).toBe(0);
    const run = await ws.importFiles(
      fixture('salesforce/Task.csv'),
      fixture('salesforce/Event.csv'),
      fixture('salesforce/Lead.csv'),
      '--mapping',
      fixture('salesforce/salesforce-leads.yaml'),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files.map((file) => [file.mapping, file.entity, file.rowsRead, file.imported])).toEqual([
      ['Salesforce (Data Loader export of Task)', 'activities', 5, 5],
      ['Salesforce (Data Loader export of Event)', 'activities', 3, 3],
      ['Salesforce (Data Loader export of Lead), with salesforce-leads.yaml (Lead*.csv)', 'leads', 4, 4],
    ]);
    expect(result.records).toMatchObject({ activities: 8, leads: 4, opportunities: 0, reps: 0 });
    expect(result.write?.inserted).toMatchObject({ activities: 8, leads: 4 });

    // WhatId and WhoId fill the opportunity, account or lead their prefix names; a case (500...) is not kept.
    expect(await activitiesOf(ws.database)).toEqual([
      ['call', '2026-01-08', USER.ana, OPP.acme, ACCOUNT.acme, null],
      ['email', '2026-02-03', USER.zoe, null, null, LEAD.web],
      // No ActivityDate: dated by its CreatedDate.
      ['task', '2026-02-20', USER.chen, null, ACCOUNT.globex, null],
      ['email', '2026-02-25', USER.ana, null, ACCOUNT.umbrella, null],
      ['task', '2026-02-26', USER.zoe, OPP.services, ACCOUNT.acme, null],
      // Events: an empty Type and "Other" are meetings.
      ['meeting', '2026-02-05', USER.zoe, OPP.globex, ACCOUNT.globex, null],
      ['demo', '2026-02-12', USER.ana, OPP.acme, ACCOUNT.acme, null],
      ['meeting', '2026-02-18', USER.ana, null, null, LEAD.partner],
    ]);
    expect(await leadsOf(ws.database)).toEqual([
      [LEAD.web, '2026-01-15', 'Web', 'new', null, null, null, null, null, USER.zoe],
      // "Working - Contacted" says less than its MQL date.
      [LEAD.partner, '2025-12-02', 'Partner Referral', 'mql', '2025-12-10', null, null, null, null, USER.ana],
      [
        LEAD.converted,
        '2025-10-20',
        'Web',
        'converted',
        '2025-10-25',
        null,
        '2025-11-03',
        OPP.acme,
        ACCOUNT.acme,
        USER.ana,
      ],
      [LEAD.cold, '2025-09-01', 'Cold Call', 'disqualified', null, null, null, null, null, USER.chen],
    ]);
  });

  it('imports HubSpot contacts as leads: lifecycle stages and the dates each was reached', async () => {
    const run = await ws.importFiles(
      fixture('hubspot/contacts.csv'),
      fixture('hubspot/owners.csv'),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(json(run.stdout).files.map((file) => [file.mapping, file.rowsRead, file.imported])).toEqual([
      ['HubSpot (contacts export)', 4, 4],
      ['HubSpot (users (owners) export)', 2, 2],
    ]);
    const [maya, omar] = ['name:maya chen', 'name:omar haddad'];
    expect(await leadsOf(ws.database)).toEqual([
      ['7001', '2026-01-05', 'Organic Search', 'new', null, null, null, null, null, maya],
      ['7002', '2026-01-10', 'Paid Search', 'mql', '2026-01-20', null, null, null, null, omar],
      ['7003', '2025-12-01', 'Referrals', 'sql', '2025-12-05', '2025-12-20', null, null, null, maya],
      [
        '7004',
        '2025-11-01',
        'Direct Traffic',
        'converted',
        '2025-11-03',
        '2025-11-10',
        '2025-11-15',
        null,
        null,
        omar,
      ],
    ]);
  });
});

describe('salesops import: quotas and costs, and the metrics that need them', () => {
  it('follows the advice of `metrics`: quotas.csv, costs.csv, leads.csv and activities.csv import as they are', async () => {
    const before = await ws.cli(
      'metrics',
      'quota_attainment',
      'cac',
      '--workspace',
      'ws',
      '--as-of',
      '2026-03-01',
    );
    expect(before.stdout + before.stderr).toContain('salesops import quotas.csv');
    expect(before.stdout + before.stderr).toContain('salesops import costs.csv');

    const run = await ws.importFiles(
      ...['reps.csv', 'quotas.csv', 'costs.csv', 'leads.csv', 'activities.csv'].map((name) =>
        fixture(`plain/${name}`),
      ),
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files.map((file) => [file.entity, file.rowsRead, file.imported])).toEqual([
      ['reps', 3, 3],
      ['quotas', 4, 4],
      ['costs', 3, 3],
      ['leads', 4, 4],
      ['activities', 5, 5],
    ]);
    expect(result.records).toMatchObject({ reps: 3, quotas: 4, costs: 3, leads: 4, activities: 5 });

    const scan = await scanStore(ws.database);
    const reps = new Map(rowsOf(scan, 'reps').map((rep) => [rep.id, rep.name]));
    const quotas = rowsOf(scan, 'quotas').map((row) => [
      row.owner_kind,
      row.rep_id === null ? labelOf(scan, 'team', row.team_code) : reps.get(row.rep_id),
      row.period,
      row.amount,
    ]);
    // Periods written `fy2027 q2` and `Q1 FY2027` are read as FY2027-Q2 and FY2027-Q1; amounts in cents.
    expect(quotas).toEqual(
      expect.arrayContaining([
        ['rep', 'Amy Santiago', 'FY2027-Q1', 15_000_000],
        ['rep', 'Amy Santiago', 'FY2027-Q2', 16_000_000],
        ['rep', 'Jake Peralta', 'FY2027-Q1', 12_000_050],
        ['team', 'West', 'FY2027', 120_000_000],
      ]),
    );
    expect(quotas).toHaveLength(4);
    expect(
      rowsOf(scan, 'costs').map((row) => [
        row.period,
        labelOf(scan, 'cost_category', row.category_code),
        row.amount,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['FY2027-Q1', 'sales', 31_000_000],
        ['FY2027-Q1', 'marketing', 12_050_050],
        ['FY2027-Q2', 'sales', 32_500_000],
      ]),
    );
    expect(scan.costs).toHaveLength(3);
    const [amy, jake, rosa] = ['name:amy santiago', 'name:jake peralta', 'name:rosa diaz'];
    expect((await leadsOf(ws.database)).map((lead) => [lead[0], lead[3], lead[9]])).toEqual([
      ['L-1', 'new', amy],
      ['L-2', 'mql', jake],
      // "Working" with an SQL date: sql.
      ['L-3', 'sql', amy],
      ['L-4', 'disqualified', jake],
    ]);
    expect(await activitiesOf(ws.database)).toEqual([
      ['call', '2026-01-06', amy, null, null, 'L-1'],
      ['email', '2026-01-13', jake, null, null, 'L-2'],
      ['meeting', '2025-12-10', amy, null, null, 'L-3'],
      ['demo', '2025-12-12', amy, null, null, 'L-3'],
      ['task', '2026-01-20', rosa, null, null, null],
    ]);

    const after = await ws.cli(
      'metrics',
      'quota_attainment',
      'cac',
      '--workspace',
      'ws',
      '--as-of',
      '2026-03-01',
    );
    expect(after.stdout + after.stderr).not.toContain('salesops import');
  });

  it('rejects, located, a quota of a team no rep has, a period that is not fiscal, and an activity of an unknown lead', async () => {
    const quotas = join(ws.folder, 'quotas.csv');
    writeFileSync(
      quotas,
      [
        'Rep,Team,Period,Quota',
        'Amy Santiago,,2027-Q1,"$150,000"',
        ',East,FY2027,"$900,000"',
        'Jake Peralta,,FY2027-Q1,-5',
      ].join('\n'),
    );
    const activities = join(ws.folder, 'activities.csv');
    writeFileSync(
      activities,
      [
        'Id,Type,Date,Rep,Lead ID',
        'A-1,Call,2026-01-06,Amy Santiago,L-9',
        'A-2,Lunch,2026-01-07,Amy Santiago,',
      ].join('\n'),
    );
    const run = await ws.importFiles(
      fixture('plain/reps.csv'),
      quotas,
      activities,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.code).toBe(2);
    const result = json(run.stdout);
    expect(result.status).toBe('failed');
    expect(
      result.problems.map((problem) => [
        problem.file,
        problem.line,
        problem.column,
        problem.field,
        problem.value,
        problem.message,
      ]),
    ).toEqual([
      [quotas, 2, 3, 'period', '2027-Q1', '"2027-Q1" is not a fiscal period'],
      [quotas, 3, 2, 'team', 'East', 'team "East" has no reps'],
      [quotas, 4, 4, 'amount', '-5', 'the quota is below zero'],
      [activities, 2, 5, 'leadId', 'L-9', 'lead "L-9" is neither in this import nor stored'],
      [activities, 3, 2, 'type', 'Lunch', '"Lunch" is not an activity type salesops knows'],
    ]);
    expect((await ws.status()).counts).toMatchObject({ reps: 0, quotas: 0, activities: 0 });
  });
});

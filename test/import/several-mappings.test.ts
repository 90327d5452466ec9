import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import { unwrappedProblems } from '../cli/run-cli.js';
import { fixture, importWorkspace, scanStore, rowsOf, type ImportWorkspace } from './import-helpers.js';

// The org's exports without its exchange rates (the rates are checked against salesops.yaml: rates.test.ts).
const EXPORTS = ['Account.csv', 'Lead.csv', 'Opportunity.csv', 'OpportunityHistory.csv', 'User.csv'].map(
  (name) => fixture(`salesforce/${name}`),
);
const STAGES = fixture('salesforce/salesforce-stages.yaml');
const LEADS = fixture('salesforce/salesforce-leads.yaml');

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('salesops import --mapping given more than once', () => {
  it('reads the files with the entries of every mapping file: the stages of one, the lead column of the other', async () => {
    const run = await ws.importFiles(
      ...EXPORTS,
      '--mapping',
      STAGES,
      '--mapping',
      LEADS,
      '--as-of',
      '2026-03-01',
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ImportResult;
    const readAs = new Map(result.files.map((file) => [file.file.split('/').pop(), file.mapping]));
    expect(readAs.get('Opportunity.csv')).toBe(
      'Salesforce (Data Loader export of Opportunity), with salesforce-stages.yaml files[0]',
    );
    expect(readAs.get('Lead.csv')).toBe(
      'Salesforce (Data Loader export of Lead), with salesforce-leads.yaml (Lead*.csv)',
    );
    expect(result.records).toMatchObject({ opportunities: 6, leads: 4 });
    // Two leads have an MQL_Date__c (Lead.csv:3 and :4), mapped to mqlDate by salesforce-leads.yaml only.
    const leads = rowsOf(await scanStore(ws.database), 'leads');
    expect(leads.filter((lead) => lead.mql_day !== null)).toHaveLength(2);
  });

  it('refuses two mapping files whose entries describe the same files, naming both and the fix', async () => {
    const other = join(ws.folder, 'more-stages.yaml');
    writeFileSync(
      other,
      'source: salesforce\nfiles:\n  - values:\n      stage:\n        "Negotiation/Review": Commit\n',
    );
    const run = await ws.importFiles(
      ...EXPORTS,
      '--mapping',
      STAGES,
      '--mapping',
      other,
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(unwrappedProblems(run.stderr)).toContain(
      'salesforce-stages.yaml files[0] and more-stages.yaml files[0] both describe the files no other entry matches, so which one a file takes is unclear',
    );
    expect(unwrappedProblems(run.stderr)).toContain(
      'fix: put what both say in one entry of one mapping file (salesforce-stages.yaml files[0])',
    );
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('refuses mapping files that name different CRMs at their top', async () => {
    const hubspot = join(ws.folder, 'hubspot.yaml');
    writeFileSync(hubspot, 'source: hubspot\nfiles:\n  - match: "deals*.csv"\n    entity: opportunities\n');
    const run = await ws.importFiles(...EXPORTS, '--mapping', STAGES, '--mapping', hubspot);
    expect(run.code).toBe(2);
    expect(unwrappedProblems(run.stderr)).toContain(
      `the mapping files name different CRMs at their top (${STAGES}: source: salesforce, ${hubspot}: source: hubspot)`,
    );
    expect(run.stderr).toContain(
      'fix: import the exports of each CRM separately, each with its own mapping files',
    );
  });
});

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import { fixture, importWorkspace, type ImportWorkspace } from './import-helpers.js';

const ACME = '0065e00000OpAcmAAF';
const json = (stdout: string) => JSON.parse(stdout) as ImportResult;

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('an opportunity id in two opportunities files', () => {
  it('rejects both records, and the history rows of that opportunity with them', async () => {
    // The Acme deal again, in a second export: which of the two is right cannot be known.
    const [header, acme] = readFileSync(fixture('salesforce/Opportunity.csv'), 'utf8').split('\n');
    const second = join(ws.folder, 'Opportunity-more.csv');
    writeFileSync(second, `${header}\n${acme}\n`);
    // Copies in the scratch folder: --skip-invalid writes each file's rejects file beside it.
    const copy = (name: string): string => {
      const path = join(ws.folder, name);
      copyFileSync(fixture(`salesforce/${name}`), path);
      return path;
    };
    const files = ['User.csv', 'Account.csv', 'Opportunity.csv'].map(copy);
    const history = copy('OpportunityHistory.csv');
    const run = await ws.importFiles(
      ...files,
      second,
      history,
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-02-20',
      '--skip-invalid',
      '--dry-run',
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    const first = files[2]!;
    const message = `opportunity "${ACME}" is in ${first} (line 2) and in ${second} (line 2)`;
    const rejected = result.problems.map((problem) => [problem.file, problem.line, problem.message]);
    expect(rejected).toEqual([
      [first, 2, message],
      [second, 2, message],
      [history, 4, `opportunity "${ACME}" was rejected (${first}:2), so this row cannot refer to it`],
      [history, 11, `opportunity "${ACME}" was rejected (${first}:2), so this row cannot refer to it`],
    ]);
    // What each wanted: the ids are well formed, so "a record id" would not say it.
    expect(result.problems.map((problem) => problem.expected)).toEqual([
      'each id in one file only',
      'each id in one file only',
      "the id of a record this import keeps, not a rejected row's",
      "the id of a record this import keeps, not a rejected row's",
    ]);
    const counts = result.files.map((file) => [file.rowsRead, file.imported, file.rejected]);
    expect(counts).toEqual([
      [4, 4, 0],
      [4, 4, 0],
      [6, 5, 1],
      [1, 0, 1],
      [13, 10, 2],
    ]);
  });

  it('is not settled when a file stops the import: only what stopped it is reported', async () => {
    // The second export repeats the Acme deal, then breaks off inside a quote: the import stops there, and the
    // records read before the history are not settled (their repeated id is not reported).
    const [header, acme] = readFileSync(fixture('salesforce/Opportunity.csv'), 'utf8').split('\n');
    const second = join(ws.folder, 'Opportunity-more.csv');
    writeFileSync(second, `${header}\n${acme}\n"0065e00000OpBrkAAF,"unclosed\n`);
    const files = ['User.csv', 'Account.csv', 'Opportunity.csv', 'OpportunityHistory.csv'].map((name) =>
      fixture(`salesforce/${name}`),
    );
    const run = await ws.importFiles(
      ...files.slice(0, 3),
      second,
      files[3]!,
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-02-20',
      '--dry-run',
      '--format',
      'json',
    );
    expect(run.code).toBe(2);
    const result = json(run.stdout);
    expect(result.problems.map((problem) => [problem.file, problem.line, problem.fatal])).toEqual([
      [second, 3, true],
    ]);
  });
});

describe('a report exported twice, owners and accounts by name', () => {
  it('rejects every row of both, and makes no rep or account of the rejected rows names', async () => {
    const copies = ['first.csv', 'second.csv'].map((name) => {
      const path = join(ws.folder, name);
      copyFileSync(fixture('salesforce/opportunities-report.csv'), path);
      return path;
    });
    const run = await ws.importFiles(
      ...copies,
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-03-01',
      '--skip-invalid',
      '--format',
      'json',
    );
    const result = json(run.stdout);
    expect(result.files.map((file) => [file.imported, file.rejected])).toEqual([
      [0, 6],
      [0, 6],
    ]);
    // Before: 3 reps and 4 accounts known by name only, named by no row that was kept.
    expect(result.created).toEqual({
      repsFromNames: 0,
      accountsFromNames: 0,
      repsFromIds: 0,
      accountsFromIds: 0,
    });
    expect(result.records).toMatchObject({ reps: 0, accounts: 0, opportunities: 0 });
  });
});

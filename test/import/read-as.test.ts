import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../src/ingest/index.js';
import { fixture, importWorkspace, unwrapped, type ImportWorkspace } from './import-helpers.js';

const workbook = fileURLToPath(new URL('../fixtures/ingest/pipeline.xlsx', import.meta.url));

/** The "Read as:" lines under the table, each file's on one line again (wrapped, they go on four spaces in). */
function readAsLines(stdout: string): string[] {
  const start = stdout.indexOf('\nRead as:\n') + '\nRead as:\n'.length;
  return stdout
    .slice(start, stdout.indexOf('\n\n', start))
    .replace(/\n {4}/g, ' ')
    .split('\n');
}

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('the summary of a refused import', () => {
  it('says how a file was read when the mapping it was read with lacks columns the records need', async () => {
    const run = await ws.importFiles(workbook, '--as-of', '2026-03-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('which opportunities need');
    const [row] = readAsLines(run.stdout);
    expect(row).not.toContain('(not read)');
    const json = await ws.importFiles(workbook, '--as-of', '2026-03-01', '--format', 'json');
    const [file] = (
      JSON.parse(json.stdout) as { files: { mapping: string; entity: string; format: string }[] }
    ).files;
    expect(file).toMatchObject({ entity: 'opportunities', format: 'xlsx' });
    expect(row).toBe(`  pipeline.xlsx: ${file?.mapping}`);
  });
});

describe('the summary of an import read with mapping files', () => {
  it('fits 110 columns: how each file was read is under the table, wrapped, every word of it kept', async () => {
    const exports = ['Account.csv', 'Lead.csv', 'Opportunity.csv', 'OpportunityHistory.csv', 'User.csv'];
    const args = [
      ...exports.map((name) => fixture(`salesforce/${name}`)),
      ...['salesforce-stages.yaml', 'salesforce-leads.yaml'].flatMap((name) => [
        '--mapping',
        fixture(`salesforce/${name}`),
      ]),
      '--as-of',
      '2026-03-01',
      '--dry-run',
    ];
    const run = await ws.importFiles(...args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.length > 110)).toEqual([]);
    // The table: the counts of each file, no longer beside the 90 columns of how it was read.
    expect(run.stdout).toContain(
      'File                    Rows  Imported  Rejected  Duplicates  Ignored\n' +
        '──────────────────────  ────  ────────  ────────  ──────────  ───────\n' +
        'Account.csv                4         4         0           0        0\n',
    );
    const json = JSON.parse((await ws.importFiles(...args, '--format', 'json')).stdout) as ImportResult;
    expect(readAsLines(run.stdout)).toEqual(
      json.files.map((file) => `  ${file.file.split('/').pop()}: ${file.mapping}`),
    );
    expect(readAsLines(run.stdout)[3]).toBe(
      '  OpportunityHistory.csv: Salesforce (Data Loader export of OpportunityHistory), with salesforce-stages.yaml files[0]',
    );
    // The CSV keeps the column.
    const csv = await ws.importFiles(...args, '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe('File,Read as,Rows,Imported,Rejected,Duplicates,Ignored');
  });
});

describe('a file whose columns are not the CRM --source names', () => {
  it('says to leave --source out when the file reads without it, and names the file as typed', async () => {
    mkdirSync(join(ws.folder, 'exports'));
    copyFileSync(fixture('hubspot/deals.csv'), join(ws.folder, 'exports', 'deals.csv'));
    const run = await ws.importFiles('exports/deals.csv', '--source', 'pipedrive', '--dry-run');
    expect(run.code).toBe(2);
    expect(unwrapped(run.stderr)).toContain(
      '  fix: leave --source pipedrive out: without it the file reads as HubSpot (deals export); or describe the' +
        ' file in a mapping file: `salesops mapping suggest exports/deals.csv > mapping.yaml`, then import with' +
        ' --mapping mapping.yaml\n',
    );
  });
});

describe('a workbook without the sheet --sheet names', () => {
  it('gives the import as it was run, reading its first sheet, and names the sheets there are', async () => {
    mkdirSync(join(ws.folder, 'exports'));
    copyFileSync(workbook, join(ws.folder, 'exports', 'pipeline 2026.xlsx'));
    copyFileSync(fixture('salesforce/salesforce-stages.yaml'), join(ws.folder, 'a.yaml'));
    copyFileSync(fixture('salesforce/salesforce-leads.yaml'), join(ws.folder, 'b.yaml'));
    const run = await ws.importFiles(
      'exports/pipeline 2026.xlsx',
      '--sheet',
      'Deals',
      '--dry-run',
      '--mapping',
      'a.yaml',
      '--mapping',
      'b.yaml',
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(2);
    // The file's name quoted for the shell, --mapping repeated, the global --as-of and --workspace kept.
    expect(unwrapped(run.stderr)).toContain(
      '  fix: read one of its sheets ("Opportunities", "Reps", "Ragged") with --sheet: `salesops import' +
        " 'exports/pipeline 2026.xlsx' --mapping a.yaml --mapping b.yaml --dry-run --workspace ws --as-of" +
        ' 2026-03-01 --sheet Opportunities`\n',
    );
  });
});

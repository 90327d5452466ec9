import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, importWorkspace, unwrapped, type ImportWorkspace } from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('salesops mapping suggest', () => {
  it('writes a mapping that imports the file it was made from', async () => {
    const suggested = await ws.cli(
      'mapping',
      'suggest',
      fixture('excel/excel-export.csv'),
      '--workspace',
      'ws',
    );
    expect(suggested.code).toBe(0);
    expect(suggested.stdout).toContain('    entity: opportunities   # guessed from the headers\n');
    expect(suggested.stdout).toContain('    dateOrder: mdy   # from the dates that show it\n');
    const mapping = join(ws.folder, 'excel.yaml');
    writeFileSync(mapping, suggested.stdout);
    const run = await ws.importFiles(
      fixture('excel/excel-export.csv'),
      '--mapping',
      mapping,
      '--as-of',
      '2026-03-01',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await ws.status()).counts.opportunities).toBe(4);
  });

  it('writes a mapping whose unanswered stage names still load, so the import names the fields to map', async () => {
    const suggested = await ws.cli('mapping', 'suggest', fixture('european/verkaufschancen.csv'));
    // No German stage name is like a workspace stage: every entry under stage: is a commented question.
    expect(suggested.stdout).toContain('      stage:\n        # "Angebot": ?');
    const mapping = join(ws.folder, 'european.yaml');
    writeFileSync(mapping, suggested.stdout);
    const run = await ws.importFiles(fixture('european/verkaufschancen.csv'), '--mapping', mapping);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('must be record');
    expect(unwrapped(run.stderr)).toContain(
      'verkaufschancen.csv:1: no column of this file is mapped to id (the CRM id, matched on re-import)',
    );
  });

  it('writes the sheet it read into the mapping, so the import reads that sheet, not the first', async () => {
    const workbook = fileURLToPath(new URL('../fixtures/ingest/pipeline.xlsx', import.meta.url));
    const suggested = await ws.cli('mapping', 'suggest', workbook, '--sheet', 'Reps');
    expect(suggested.stdout).toContain('suggested from its 3 columns and 1 row.\n');
    expect(suggested.stdout).toContain('    entity: reps   # guessed from the headers\n    sheet: "Reps"\n');
    const mapping = join(ws.folder, 'reps.yaml');
    writeFileSync(mapping, suggested.stdout);
    const run = await ws.importFiles(workbook, '--mapping', mapping, '--as-of', '2026-03-01');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await ws.status()).counts.reps).toBe(1);
  });

  it('gives the import command with the file as typed, so that it runs where suggest did', async () => {
    mkdirSync(join(ws.folder, 'exports'));
    copyFileSync(fixture('excel/excel-export.csv'), join(ws.folder, 'exports', 'pipeline export.csv'));
    const suggested = await ws.cli('mapping', 'suggest', 'exports/pipeline export.csv');
    expect(suggested.stdout).toContain(
      "\n#   salesops import 'exports/pipeline export.csv' --mapping <this file>\n",
    );
    expect(suggested.stdout).toContain('  - match: "pipeline export.csv"\n');
    // Run with --workspace, the import it gives carries it.
    const named = await ws.cli('mapping', 'suggest', 'exports/pipeline export.csv', '--workspace', 'ws');
    expect(named.stdout).toContain(
      "\n#   salesops import 'exports/pipeline export.csv' --workspace ws --mapping <this file>\n",
    );
  });

  it('maps a created-date column by its name, in a file a preset recognises too, and the mapping imports it', async () => {
    // Salesforce's accounts report names it "Created Date"; an export of other tools "Date Created".
    writeFileSync(
      join(ws.folder, 'companies.csv'),
      'Account ID,Account Name,Industry,Date Created\nA1,Acme,Software,2026-01-02\n',
    );
    const suggested = await ws.cli('mapping', 'suggest', 'companies.csv', '--workspace', 'ws');
    expect(suggested.stdout).toContain(
      '    entity: accounts   # recognised as Salesforce (report export of accounts)\n',
    );
    expect(suggested.stdout).toContain(
      '      "Date Created":  createdDate      # check: matched by its name; date, e.g. "2026-01-02"\n',
    );
    writeFileSync(join(ws.folder, 'companies.yaml'), suggested.stdout);
    const run = await ws.importFiles('companies.csv', '--mapping', 'companies.yaml', '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const [file] = (JSON.parse(run.stdout) as { files: { notImported: unknown[] }[] }).files;
    expect(file?.notImported).toEqual([]);
  });

  it('uses the stages of the workspace it runs in, and refuses a file that does not exist', async () => {
    const configPath = join(ws.workspace, 'salesops.yaml');
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace('- name: Closed Won', '- name: Booked'),
    );
    const suggested = await ws.cli(
      'mapping',
      'suggest',
      fixture('maven/sales_pipeline.csv'),
      '--workspace',
      'ws',
    );
    expect(suggested.stdout).toContain('        "Won": "Booked"   # check: guessed\n');
    const missing = await ws.cli('mapping', 'suggest', 'nowhere.csv');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the file does not exist');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, importWorkspace, type ImportWorkspace } from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('an import of a file that is not there', () => {
  it('is the located error with its fix, no summary, and names the file as typed', async () => {
    const run = await ws.importFiles('nosuch.csv', '--as-of', '2026-03-01');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: nosuch.csv: the file does not exist\n  fix: check the path and that the file is readable\n',
    );
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('names every file that is missing, with the others left unread', async () => {
    const run = await ws.importFiles(fixture('salesforce/Account.csv'), 'gone/a.csv', 'b.csv');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: gone/a.csv: the file does not exist\n');
    expect(run.stderr).toContain('b.csv: the file does not exist\n');
    expect(run.stderr).not.toContain('Account.csv');
  });

  it('names a missing mapping file as typed too', async () => {
    const run = await ws.importFiles(fixture('salesforce/Account.csv'), '--mapping', 'nosuch.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: nosuch.yaml: the mapping file does not exist\n');
  });
});

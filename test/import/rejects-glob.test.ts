import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, importWorkspace, type ImportWorkspace, unwrapped } from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

describe('a rejects file picked up with the file it came from', () => {
  it('is refused, named, with how to leave it out; nothing is written', async () => {
    const exports = join(ws.folder, 'exports');
    mkdirSync(exports);
    copyFileSync(fixture('salesforce/User.csv'), join(exports, 'User.csv'));
    // As `import exports/*.csv --skip-invalid` leaves it: the rejected rows under the file's header.
    copyFileSync(fixture('salesforce/User.csv'), join(exports, 'User.rejects.csv'));
    const run = await ws.cli(
      'import',
      'exports/User.csv',
      'exports/User.rejects.csv',
      '--workspace',
      'ws',
      '--as-of',
      '2026-03-01',
    );
    expect(run.code).toBe(2);
    expect(unwrapped(run.stderr)).toContain(
      'exports/User.rejects.csv: this is the rejects file an import with --skip-invalid wrote beside exports/User.csv: its rows were rejected from that file\n',
    );
    expect(unwrapped(run.stderr)).toContain(
      'fix: leave it out of this import (a glob such as *.csv picks it up: name the files, or move the rejects file away); once its rows are fixed, import it on its own\n',
    );
    expect((await ws.status()).dataVersion).toBe(0);
  });

  it('is imported on its own', async () => {
    const rejects = join(ws.folder, 'User.rejects.csv');
    copyFileSync(fixture('salesforce/User.csv'), rejects);
    const run = await ws.cli('import', 'User.rejects.csv', '--workspace', 'ws', '--as-of', '2026-03-01');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await ws.status()).counts).toMatchObject({ reps: 4 });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  databaseFingerprint,
  fixture,
  importWorkspace,
  scanStore,
  type ImportWorkspace,
} from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
  const seeded = await ws.importFiles(
    fixture('salesforce/Account.csv'),
    fixture('salesforce/User.csv'),
    fixture('salesforce/Opportunity.csv'),
    '--mapping',
    fixture('salesforce/salesforce-stages.yaml'),
    '--as-of',
    '2026-02-20',
  );
  expect(seeded.code).toBe(0);
});
afterEach(() => ws.remove());

/** Everything a write could change: status, every table and label, and the database files' bytes. */
async function snapshot(ws: ImportWorkspace) {
  return {
    status: await ws.status(),
    tables: await scanStore(ws.database),
    files: databaseFingerprint(ws.database),
  };
}

describe('imports that must not write', () => {
  it('a dry run checks and reports, and leaves the database byte for byte as it was', async () => {
    const before = await snapshot(ws);
    const run = await ws.importFiles(
      fixture('salesforce/opportunities-report.csv'),
      '--mapping',
      fixture('salesforce/salesforce-stages.yaml'),
      '--as-of',
      '2026-03-01',
      '--dry-run',
    );
    expect(run.code).toBe(0);
    // Two deals changed since the seeding export: their changes are found by comparing as the import writes,
    // so the dry run does not count them (it said "0 history changes").
    // The line wraps with its continuation two spaces in.
    expect(run.stdout.replace(/\n {2}(?=\S)/g, ' ')).toContain(
      'Dry run: nothing written. The import would write 6 opportunities, 0 accounts, 0 reps; the history' +
        ' changes found by comparing with the stored data are counted only when written.\n',
    );
    expect(await snapshot(ws)).toEqual(before);
  });

  it('an import with invalid rows writes nothing: bad values, a junk row, an unknown stage', async () => {
    const before = await snapshot(ws);
    const junk = await ws.importFiles(fixture('junk/pipeline-with-junk.csv'), '--as-of', '2026-03-01');
    expect(junk.code).toBe(2);
    const stages = await ws.importFiles(
      fixture('salesforce/opportunities-report.csv'),
      '--source',
      'salesforce',
      '--as-of',
      '2026-03-01',
    );
    expect(stages.code).toBe(2);
    // Said once, in the final error; the summary keeps its counts.
    const said = `${stages.stdout}${stages.stderr}`.match(/nothing (was )?written/gi) ?? [];
    expect(said).toEqual(['nothing written']);
    expect(stages.stderr).toMatch(/^\d+ problems? in the files\.$/m);
    expect(stages.stderr).toMatch(/error: the import was refused: \d+ problems?, nothing written/);
    expect(await snapshot(ws)).toEqual(before);
  });

  it('a file that cannot be read to its end writes nothing, not even the rows before the break', async () => {
    const broken = join(ws.folder, 'broken.csv');
    writeFileSync(
      broken,
      'Opportunity ID,Opportunity Name,Account,Owner,Stage,Amount,Close Date,Created Date\n' +
        'B-1,Good row,Acme Corp,Ana Ito,Discovery,100,2026-04-30,2026-01-05\n' +
        'B-2,"Never closed,Acme Corp,Ana Ito,Discovery,100,2026-04-30,2026-01-05\n',
    );
    const before = await snapshot(ws);
    const run = await ws.importFiles(broken, '--skip-invalid', '--as-of', '2026-03-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.csv:3:2: .*quote/);
    expect(await snapshot(ws)).toEqual(before);
  });
});

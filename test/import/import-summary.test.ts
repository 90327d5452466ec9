/**
 * The summary an import prints under its table: counts as the table writes them (thousands separated), nouns
 * in the plural they take.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, OPPORTUNITY_COLUMNS, oppId, OWNER, q, writeOneRepOrg } from './data-loader-export.js';
import { fixture, importWorkspace, unwrapped, type ImportWorkspace } from './import-helpers.js';

let ws: ImportWorkspace;
beforeEach(async () => {
  ws = await importWorkspace();
});
afterEach(() => ws.remove());

/**
 * A Data Loader export of one rep, one account and 1,200 open opportunities: the files' paths. Each deal is
 * $1,000.00 but those `amounts` gives (deal number to amount).
 */
function writeExport(amounts: ReadonlyMap<number, string> = new Map()): string[] {
  const rows = Array.from({ length: 1200 }, (_, index) =>
    q([
      oppId(index + 1),
      'false',
      ACCOUNT,
      `Deal ${index + 1}`,
      'Discovery',
      amounts.get(index + 1) ?? '1000.00',
      '10',
      '2026-06-30',
      'New Business',
      '',
      'Web',
      'false',
      'false',
      'Pipeline',
      'USD',
      OWNER,
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
    ]),
  );
  const opportunities = join(ws.folder, 'Opportunity.csv');
  writeFileSync(opportunities, `${q(OPPORTUNITY_COLUMNS)}\n${rows.join('\n')}\n`);
  return [...writeOneRepOrg(ws.folder), opportunities];
}

describe("an import's summary", () => {
  it('counts what a dry run would write and what an import wrote with thousands separated', async () => {
    const files = writeExport();
    const dryRun = await ws.importFiles(
      ...files,
      '--source',
      'salesforce',
      '--as-of',
      '2026-03-01',
      '--dry-run',
    );
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(unwrapped(dryRun.stdout)).toContain(
      'The import would write 1,200 opportunities, 1 account, 1 rep; the history changes',
    );
    const written = await ws.importFiles(...files, '--source', 'salesforce', '--as-of', '2026-03-01');
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain(
      '\nWritten as data version 1:\n  opportunities: 1,200 new, 0 updated\n  accounts: 1 new, 0 updated\n',
    );
  });

  it('counts the records an identical re-import gives as unchanged, and updated only those that changed', async () => {
    const asOf = ['--source', 'salesforce', '--as-of', '2026-03-01'];
    expect((await ws.importFiles(...writeExport(), ...asOf)).code).toBe(0);
    const again = await ws.importFiles(...writeExport(), ...asOf);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      '\n  opportunities: 0 new, 0 updated, 1,200 unchanged\n  accounts: 0 new, 0 updated, 1 unchanged\n' +
        '  reps: 0 new, 0 updated, 1 unchanged\n  history: 0 changes added, 0 replaced (',
    );

    // Deal 7's amount moves: that deal is updated, with a change dated --as-of; the 1,199 others are as stored.
    const moved = await ws.importFiles(...writeExport(new Map([[7, '1500.00']])), ...asOf);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('\n  opportunities: 0 new, 1 updated, 1,199 unchanged\n');
    expect(moved.stdout).toContain('\n  history: 1 change added, 0 replaced (');
  });

  it('a dry run of files without opportunities counts what they hold, and says nothing of their history', async () => {
    const files = ['reps.csv', 'quotas.csv', 'costs.csv'].map((name) => fixture(`plain/${name}`));
    const run = await ws.importFiles(...files, '--as-of', '2026-03-01', '--dry-run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      '\nDry run: nothing written. The import would write 0 opportunities, 0 accounts, 3 reps, 4 quotas, 3 costs.\n',
    );
  });

  it('gives the reason of columns not imported in words that fit several columns, without nested brackets', async () => {
    const files = [fixture('salesforce/UserRole.csv'), fixture('pipedrive/organizations.csv')];
    const run = await ws.importFiles(...files, '--as-of', '2026-03-01', '--dry-run');
    expect(run.code, run.stderr).toBe(0);
    const summary = unwrapped(run.stdout);
    expect(summary).toContain(
      '  UserRole.csv: DeveloperName, RollupDescription (salesops keeps no such field; map a column in a' +
        ' mapping file if a field fits)\n',
    );
    expect(summary).toContain(
      '  organizations.csv: Organization - People, Organization - Open deals (derived by the CRM from other' +
        ' columns)\n',
    );
    expect(summary).toContain(
      '  organizations.csv: Organization - Address (addresses are not kept; the country is)\n',
    );
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/domain/dates.js';
import { parseWorkspaceConfig } from '../../src/domain/workspace-config.js';
import { importFiles } from '../../src/ingest/index.js';
import { loadMappingFile } from '../../src/ingest/mapping/mapping-file.js';
import { openStore } from '../../src/store/open-store.js';
import { SCAN_TABLES, type LabelKind, type ScanTable } from '../../src/store/store.js';
import { fixture, scanStore } from './import-helpers.js';

const KINDS: Readonly<Record<string, LabelKind>> = {
  stage_code: 'stage',
  category_code: 'forecast_category',
  currency_code: 'currency',
  source_code: 'source',
  role_code: 'role',
  team_code: 'team',
  segment_code: 'segment',
  region_code: 'region',
  country_code: 'country',
  industry_code: 'industry',
  tier_code: 'tier',
  competitor_code: 'competitor',
  loss_reason_code: 'loss_reason',
  status_code: 'lead_status',
};

/** A scan with label codes read as their labels: codes are numbered in the order labels are first written. */
function decoded(scan: Record<string, unknown[]>): Record<string, unknown[]> {
  const kindOf = (table: ScanTable, column: string): LabelKind | undefined =>
    column === 'type_code'
      ? table === 'activities'
        ? 'activity_type'
        : 'opportunity_type'
      : table === 'costs' && column === 'category_code'
        ? 'cost_category'
        : KINDS[column];
  return Object.fromEntries(
    (Object.keys(SCAN_TABLES) as ScanTable[]).map((table) => {
      const columns = SCAN_TABLES[table] as readonly string[];
      const rows = (scan[table] ?? []).map((row) =>
        (row as unknown[]).map((value, at) => {
          const kind = kindOf(table, columns[at]!);
          return kind === undefined || value === null ? value : (scan[`labels:${kind}`] ?? [])[Number(value)];
        }),
      );
      return [table, rows];
    }),
  );
}

const FILES = [
  'User.csv',
  'UserRole.csv',
  'Account.csv',
  'Opportunity.csv',
  'OpportunityHistory.csv',
  'OpportunityFieldHistory.csv',
  'Task.csv',
  'Event.csv',
  'Lead.csv',
].map((name) => fixture(`salesforce/${name}`));

/** Every table after importing the Salesforce fixtures, written in batches of `perBatch` opportunities. */
async function importedWith(perBatch: number | undefined): Promise<Record<string, unknown[]>> {
  const folder = mkdtempSync(join(tmpdir(), 'salesops-batches-'));
  const database = join(folder, 'salesops.db');
  const store = await openStore({ sqlitePath: database });
  try {
    const result = await importFiles(
      {
        files: FILES,
        mapping: loadMappingFile(fixture('salesforce/salesforce-stages.yaml')),
        skipInvalid: false,
        dryRun: false,
        asOf: isoDate('2026-03-01'),
        config: parseWorkspaceConfig({ company: 'Acme', currency: 'USD' }),
        ...(perBatch === undefined ? {} : { opportunitiesPerBatch: perBatch }),
      },
      store,
    );
    expect(result.problems).toEqual([]);
    expect(result.write?.dataVersion).toBe(1);
  } finally {
    await store.close();
  }
  try {
    return decoded(await scanStore(database));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('an import written as a stream of batches', () => {
  it('stores exactly what one batch stores: opportunities with their history in slices, activities after all', async () => {
    const whole = await importedWith(undefined);
    // 12 history rows (one of the 13 is an exact copy) and the services deal's owner change.
    expect(whole.opportunity_history).toHaveLength(13);
    expect(whole.activities).toHaveLength(8);
    expect(whole.leads).toHaveLength(4);
    expect(await importedWith(2)).toEqual(whole);
    expect(await importedWith(1)).toEqual(whole);
  });
});

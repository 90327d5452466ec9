import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/domain/dates.js';
import { emptyBatch, type Account, type Opportunity, type Rep } from '../../src/domain/entities.js';
import type { MinorUnits } from '../../src/domain/money.js';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import { SCAN_TABLES, type Store } from '../../src/store/store.js';
import type { PartialEntityBatch } from '../../src/store/write-batch.js';

const rep: Rep = {
  id: 'R1',
  name: 'Ana',
  email: 'ana@example.com',
  role: 'ae',
  managerId: null,
  team: 'West',
  segment: null,
  region: null,
  hireDate: null,
  endDate: null,
};
const account: Account = {
  id: 'A1',
  name: 'Acme',
  industry: 'Tech',
  employees: 10,
  annualRevenue: null,
  region: null,
  country: null,
  segment: null,
  tier: null,
  potential: null,
  ownerId: 'R1',
  territoryId: null,
  parentId: null,
  createdDate: null,
};
const deal: Opportunity = {
  id: 'O1',
  name: 'Acme deal',
  accountId: 'A1',
  currency: 'USD',
  type: 'new',
  source: 'Web',
  createdDate: '2026-01-05' as IsoDate,
  listAmount: null,
  competitor: null,
  lossReason: null,
  nextStep: 'Call',
  qualification: { budget: true, authority: null, need: null, timeline: null },
  stage: 'Qualification',
  amount: 100_00 as MinorUnits,
  closeDate: '2026-06-30' as IsoDate,
  forecastCategory: 'pipeline',
  ownerId: 'R1',
};
const meta = (asOf: string) => ({ source: 'test', asOf: asOf as IsoDate });

/** Scanned rows of a table as objects of the columns asked for. */
async function rowsOf(store: Store, table: 'reps' | 'accounts' | 'opportunities', columns: string[]) {
  const names = SCAN_TABLES[table] as readonly string[];
  const rows: Record<string, unknown>[] = [];
  await store.scan(table, (row) =>
    rows.push(Object.fromEntries(columns.map((column) => [column, row[names.indexOf(column)]]))),
  );
  return rows;
}

async function partialUpsert(options: OpenStoreOptions): Promise<void> {
  const store = await openStore(options);
  try {
    await store.write(
      { ...emptyBatch(), reps: [rep], accounts: [account], opportunities: [deal] },
      meta('2026-02-01'),
    );
    const labels = { source: await store.labels('source'), team: await store.labels('team') };
    // The second export has no source, team, industry or BANT columns: those stay; what it gives is written,
    // its empty next step and account owner included.
    const batch: PartialEntityBatch = {
      ...emptyBatch(),
      reps: [{ ...rep, team: null, name: 'Ana Ito' }],
      accounts: [{ ...account, industry: null, ownerId: null }],
      opportunities: [
        {
          ...deal,
          source: null,
          nextStep: null,
          amount: 200_00 as MinorUnits,
          qualification: { budget: null, authority: null, need: null, timeline: null },
        },
      ],
      keep: {
        reps: [['team']],
        accounts: [['industry']],
        opportunities: [['source', 'qualification.budget']],
      },
    };
    const result = await store.write(batch, meta('2026-02-10'));
    expect(result.updated).toMatchObject({ reps: 1, accounts: 1, opportunities: 1 });
    const [storedRep] = await rowsOf(store, 'reps', ['name', 'team_code']);
    expect([storedRep!.name, labels.team[Number(storedRep!.team_code)]]).toEqual(['Ana Ito', 'West']);
    const [storedAccount] = await rowsOf(store, 'accounts', ['industry_code', 'owner_id']);
    expect(storedAccount!.industry_code).not.toBeNull();
    expect(storedAccount!.owner_id).toBeNull();
    const [storedDeal] = await rowsOf(store, 'opportunities', ['source_code', 'bant_budget', 'amount']);
    expect([
      labels.source[Number(storedDeal!.source_code)],
      storedDeal!.bant_budget,
      storedDeal!.amount,
    ]).toEqual(['Web', 1, 200_00]);
  } finally {
    await store.close();
  }
}

describe('Store.write of a partial batch: left-out fields keep their stored columns', () => {
  it('in SQLite', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'salesops-partial-'));
    try {
      await partialUpsert({ sqlitePath: join(folder, 'salesops.db') });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('in PostgreSQL, when a server answers', async () => {
    const url = process.env.SALESOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
    const reachable = await client.connect().then(
      () => true,
      () => false,
    );
    if (!reachable) {
      if (process.env.SALESOPS_REQUIRE_PG) throw new Error(`PostgreSQL at ${url} does not answer`);
      return;
    }
    const schema = `salesops_partial_${process.pid}`;
    try {
      await partialUpsert({ databaseUrl: url, schema });
    } finally {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
});

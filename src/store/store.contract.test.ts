/**
 * The store contract: one suite, run against every adapter. SQLite always (a temp file per test); PostgreSQL (a
 * fresh schema per test, dropped after) when SALESOPS_TEST_PG_URL or a server on 127.0.0.1:5432 answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromDayNumber, isoDate, toDayNumber } from '../domain/dates.js';
import { emptyBatch, type EntityBatch, type OpportunityChange } from '../domain/entities.js';
import { InputError, OperationError } from '../domain/errors.js';
import type { MinorUnits } from '../domain/money.js';
import type { ChangeColumns } from './history.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import { openStore } from './open-store.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import { CRM_ID_ORDER_FROM, type PartialEntityBatch } from './write-batch.js';
import {
  LABEL_KINDS,
  SCAN_TABLES,
  type LabelKind,
  type ScanTable,
  type Store,
  type WriteMeta,
} from './store.js';

const day = isoDate;
const money = (value: number) => value as MinorUnits;
const MAX_MONEY = money(Number.MAX_SAFE_INTEGER);

/** A small fixed CRM: every entity, references listed before their targets, history given for one deal. */
function contractDataSet(): EntityBatch {
  const change = (
    date: string,
    sequence: number,
    stage: string,
    amount: number,
    closeDate: string,
    forecastCategory: OpportunityChange['forecastCategory'],
    ownerId: string,
  ): OpportunityChange => ({
    opportunityId: 'O-3',
    date: day(date),
    sequence,
    stage,
    amount: money(amount),
    closeDate: day(closeDate),
    forecastCategory,
    ownerId,
  });
  return {
    reps: [
      {
        id: 'R-AE1',
        name: 'Ana Alves',
        email: 'ana@example.com',
        role: 'ae',
        managerId: 'R-MGR',
        team: 'East',
        segment: 'Mid-Market',
        region: 'NA',
        hireDate: day('2024-02-01'),
        endDate: null,
      },
      {
        id: 'R-MGR',
        name: 'Max Meyer',
        email: null,
        role: 'manager',
        managerId: 'R-VP',
        team: 'East',
        segment: null,
        region: 'NA',
        hireDate: day('2022-06-15'),
        endDate: null,
      },
      {
        id: 'R-VP',
        // Characters array literals and JSON must escape.
        name: 'Vera "V" Voss \\ {NULL}, é',
        email: null,
        role: 'vp',
        managerId: null,
        team: null,
        segment: null,
        region: null,
        hireDate: null,
        endDate: null,
      },
      {
        id: 'R-AE2',
        name: 'Ben Brooks',
        email: 'ben@example.com',
        role: 'ae',
        managerId: 'R-MGR',
        team: 'West',
        segment: 'SMB',
        region: 'NA',
        hireDate: day('2023-01-09'),
        endDate: day('2025-12-31'),
      },
    ],
    territories: [
      { id: 'T-EAST', name: 'East', ownerId: 'R-MGR', parentId: 'T-NA', segment: 'Mid-Market', region: 'NA' },
      { id: 'T-NA', name: 'North America', ownerId: 'R-VP', parentId: null, segment: null, region: 'NA' },
    ],
    accounts: [
      {
        id: 'A-SUB',
        name: 'Subsidiary GmbH',
        industry: 'Software',
        employees: 120,
        annualRevenue: money(120_000_000_00),
        region: 'NA',
        country: 'US',
        segment: 'Mid-Market',
        tier: 'Tier 2',
        potential: money(250_000_00),
        ownerId: 'R-AE1',
        territoryId: 'T-EAST',
        parentId: 'A-CORP',
        createdDate: day('2023-03-01'),
      },
      {
        id: 'A-CORP',
        name: 'Corp Inc',
        industry: 'Software',
        employees: 5000,
        annualRevenue: MAX_MONEY,
        region: 'NA',
        country: 'US',
        segment: 'Enterprise',
        tier: 'Tier 1',
        potential: null,
        ownerId: 'R-AE1',
        territoryId: 'T-NA',
        parentId: null,
        createdDate: day('2021-09-30'),
      },
      {
        id: 'A-SOLO',
        name: 'Solo LLC',
        industry: null,
        employees: null,
        annualRevenue: null,
        region: null,
        country: null,
        segment: null,
        tier: null,
        potential: null,
        ownerId: null,
        territoryId: null,
        parentId: null,
        createdDate: null,
      },
    ],
    opportunities: [
      {
        id: 'O-1',
        name: 'Sub expansion',
        accountId: 'A-SUB',
        currency: 'USD',
        type: 'new',
        source: 'Inbound',
        createdDate: day('2025-01-10'),
        listAmount: money(60_000_00),
        competitor: 'Acme',
        lossReason: null,
        nextStep: 'Demo on Friday',
        qualification: { budget: true, authority: null, need: true, timeline: false },
        product: 'Platform',
        stage: 'Discovery',
        amount: money(48_000_00),
        closeDate: day('2025-04-30'),
        forecastCategory: 'pipeline',
        ownerId: 'R-AE1',
      },
      {
        id: 'O-2',
        name: 'Corp platform',
        accountId: 'A-CORP',
        currency: 'EUR',
        type: 'expansion',
        source: null,
        createdDate: day('2025-02-03'),
        listAmount: null,
        competitor: null,
        lossReason: null,
        nextStep: null,
        qualification: { budget: null, authority: null, need: null, timeline: null },
        product: null,
        stage: 'Proposal',
        amount: MAX_MONEY,
        closeDate: day('2025-06-30'),
        forecastCategory: 'best_case',
        ownerId: 'R-AE2',
      },
      {
        id: 'O-3',
        name: 'Renewal 2025',
        accountId: null,
        currency: 'USD',
        type: 'renewal',
        source: 'Partner',
        createdDate: day('2024-11-04'),
        listAmount: null,
        competitor: null,
        lossReason: null,
        nextStep: null,
        qualification: { budget: true, authority: true, need: true, timeline: true },
        product: 'Platform',
        stage: 'Closed Won',
        amount: money(30_000_00),
        closeDate: day('2025-01-31'),
        forecastCategory: 'closed',
        ownerId: 'R-AE1',
      },
    ],
    // Out of order on purpose: the store keeps them by date and sequence.
    opportunityChanges: [
      change('2024-12-02', 0, 'Negotiation', 30_000_00, '2025-01-31', 'best_case', 'R-AE1'),
      change('2025-01-31', 1, 'Closed Won', 30_000_00, '2025-01-31', 'closed', 'R-AE1'),
      change('2024-11-04', 0, 'Discovery', 25_000_00, '2025-01-15', 'pipeline', 'R-AE2'),
      change('2025-01-31', 0, 'Commit', 30_000_00, '2025-01-31', 'commit', 'R-AE1'),
    ],
    activities: [
      {
        id: 'ACT-1',
        type: 'call',
        date: day('2025-01-12'),
        repId: 'R-AE1',
        opportunityId: 'O-1',
        accountId: 'A-SUB',
        leadId: null,
      },
      {
        id: 'ACT-2',
        type: 'email',
        date: day('2025-01-05'),
        repId: 'R-AE2',
        opportunityId: null,
        accountId: null,
        leadId: 'L-1',
      },
    ],
    leads: [
      {
        id: 'L-1',
        createdDate: day('2024-12-20'),
        source: 'Inbound',
        status: 'converted',
        mqlDate: day('2024-12-22'),
        sqlDate: day('2025-01-03'),
        convertedDate: day('2025-01-10'),
        convertedOpportunityId: 'O-1',
        convertedAccountId: 'A-SUB',
        ownerId: 'R-AE1',
        segment: 'Mid-Market',
        region: 'NA',
      },
      {
        id: 'L-2',
        createdDate: day('2025-01-15'),
        source: null,
        status: 'new',
        mqlDate: null,
        sqlDate: null,
        convertedDate: null,
        convertedOpportunityId: null,
        convertedAccountId: null,
        ownerId: null,
        segment: null,
        region: null,
      },
    ],
    quotas: [
      { ownerKind: 'rep', ownerId: 'R-AE1', period: 'FY2025-Q1', amount: money(150_000_00) },
      { ownerKind: 'team', ownerId: 'East', period: 'FY2025', amount: money(1_000_000_00) },
      { ownerKind: 'rep', ownerId: 'R-AE2', period: 'FY2025-Q1', amount: money(120_000_00) },
    ],
    costs: [
      { period: 'FY2025-Q1', category: 'sales', amount: money(400_000_00) },
      { period: 'FY2025-Q1', category: 'marketing', amount: money(250_000_00) },
    ],
  };
}

/** Changes as the columns a bulk import gives them in (`PartialEntityBatch.changeColumns`): dates as day numbers. */
function asColumns(changes: readonly OpportunityChange[]): ChangeColumns {
  const of = (at: number) => changes[at]!;
  return {
    length: changes.length,
    opportunityId: (at) => of(at).opportunityId,
    day: (at) => toDayNumber(of(at).date),
    sequence: (at) => of(at).sequence,
    stage: (at) => of(at).stage,
    amount: (at) => of(at).amount,
    closeDay: (at) => toDayNumber(of(at).closeDate),
    forecastCategory: (at) => of(at).forecastCategory,
    ownerId: (at) => of(at).ownerId,
  };
}

const FIRST_WRITE: WriteMeta = { source: 'contract', asOf: day('2025-02-15'), note: 'first' };

/** Everything a scan returns, as objects keyed by column, and the label dictionaries. */
interface Snapshot {
  readonly tables: { readonly [T in ScanTable]: Record<string, unknown>[] };
  readonly labels: Readonly<Record<LabelKind, (string | null)[]>>;
}

async function snapshot(store: Store): Promise<Snapshot> {
  const tables = {} as Record<ScanTable, Record<string, unknown>[]>;
  for (const table of Object.keys(SCAN_TABLES) as ScanTable[]) {
    const rows: Record<string, unknown>[] = [];
    const count = await store.scan(table, (row) => {
      expect(row).toHaveLength(SCAN_TABLES[table].length);
      rows.push(Object.fromEntries(SCAN_TABLES[table].map((column, index) => [column, row[index]])));
    });
    expect(count).toBe(rows.length);
    tables[table] = rows;
  }
  const labels = {} as Record<LabelKind, (string | null)[]>;
  for (const kind of LABEL_KINDS) labels[kind] = await store.labels(kind);
  return { tables, labels };
}

/** Decodes a snapshot back into domain records (the fields the scans carry). */
function decode({ tables, labels }: Snapshot) {
  const crmIds = (table: ScanTable) => new Map(tables[table].map((row) => [row.id, row.crm_id as string]));
  const [reps, accounts, territories, opportunities, leads] = [
    crmIds('reps'),
    crmIds('accounts'),
    crmIds('territories'),
    crmIds('opportunities'),
    crmIds('leads'),
  ];
  const ref = (ids: Map<unknown, string>, id: unknown) => (id === null ? null : ids.get(id));
  const label = (kind: LabelKind, code: unknown) => (code === null ? null : labels[kind][code as number]);
  const date = (value: unknown) => (value === null ? null : fromDayNumber(value as number));
  const flag = (value: unknown) => (value === null ? null : value === 1);
  const state = (row: Record<string, unknown>) => ({
    stage: label('stage', row.stage_code),
    amount: row.amount,
    closeDate: date(row.close_day),
    forecastCategory: label('forecast_category', row.category_code),
    ownerId: ref(reps, row.owner_id),
  });
  return {
    reps: tables.reps.map((row) => ({
      id: row.crm_id,
      name: row.name,
      role: label('role', row.role_code),
      managerId: ref(reps, row.manager_id),
      team: label('team', row.team_code),
      segment: label('segment', row.segment_code),
      region: label('region', row.region_code),
      hireDate: date(row.hire_day),
      endDate: date(row.end_day),
    })),
    accounts: tables.accounts.map((row) => ({
      id: row.crm_id,
      name: row.name,
      industry: label('industry', row.industry_code),
      employees: row.employees,
      annualRevenue: row.annual_revenue,
      region: label('region', row.region_code),
      country: label('country', row.country_code),
      segment: label('segment', row.segment_code),
      tier: label('tier', row.tier_code),
      potential: row.potential,
      ownerId: ref(reps, row.owner_id),
      territoryId: ref(territories, row.territory_id),
      parentId: ref(accounts, row.parent_id),
      createdDate: date(row.created_day),
    })),
    territories: tables.territories.map((row) => ({
      id: row.crm_id,
      name: row.name,
      ownerId: ref(reps, row.owner_id),
      parentId: ref(territories, row.parent_id),
      segment: label('segment', row.segment_code),
      region: label('region', row.region_code),
    })),
    opportunities: tables.opportunities.map((row) => ({
      id: row.crm_id,
      name: row.name,
      accountId: ref(accounts, row.account_id),
      currency: label('currency', row.currency_code),
      type: label('opportunity_type', row.type_code),
      source: label('source', row.source_code),
      createdDate: date(row.created_day),
      listAmount: row.list_amount,
      competitor: label('competitor', row.competitor_code),
      lossReason: label('loss_reason', row.loss_reason_code),
      product: label('product', row.product_code),
      qualification: {
        budget: flag(row.bant_budget),
        authority: flag(row.bant_authority),
        need: flag(row.bant_need),
        timeline: flag(row.bant_timeline),
      },
      ...state(row),
    })),
    opportunityChanges: tables.opportunity_history.map((row) => ({
      opportunityId: ref(opportunities, row.opportunity_id),
      date: date(row.valid_from),
      sequence: row.sequence,
      ...state(row),
    })),
    activities: tables.activities.map((row) => ({
      type: label('activity_type', row.type_code),
      date: date(row.day),
      repId: ref(reps, row.rep_id),
      opportunityId: ref(opportunities, row.opportunity_id),
      accountId: ref(accounts, row.account_id),
      leadId: ref(leads, row.lead_id),
    })),
    leads: tables.leads.map((row) => ({
      id: row.crm_id,
      createdDate: date(row.created_day),
      source: label('source', row.source_code),
      status: label('lead_status', row.status_code),
      mqlDate: date(row.mql_day),
      sqlDate: date(row.sql_day),
      convertedDate: date(row.converted_day),
      convertedOpportunityId: ref(opportunities, row.converted_opportunity_id),
      convertedAccountId: ref(accounts, row.converted_account_id),
      ownerId: ref(reps, row.owner_id),
      segment: label('segment', row.segment_code),
      region: label('region', row.region_code),
    })),
    quotas: tables.quotas.map((row) => ({
      ownerKind: row.owner_kind,
      ownerId: row.owner_kind === 'rep' ? ref(reps, row.rep_id) : label('team', row.team_code),
      period: row.period,
      amount: row.amount,
    })),
    costs: tables.costs.map((row) => ({
      period: row.period,
      category: label('cost_category', row.category_code),
      amount: row.amount,
    })),
  };
}

/** The tracked state of every opportunity as of a date, from scanned history: its last change on or before. */
function pipelineAsOf(history: readonly Record<string, unknown>[], asOf: string) {
  const limit = toDay(asOf);
  const states = new Map<unknown, Record<string, unknown>>();
  for (const row of history) if ((row.valid_from as number) <= limit) states.set(row.opportunity_id, row);
  return new Map([...states].map(([id, row]) => [id, [row.stage_code, row.amount, row.close_day]]));
}

const toDay = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;

/** One adapter under test: opens stores on one database per test, and reaches into it for tampering. */
interface Harness {
  open(options?: { scanPageSize?: number }): Promise<Store>;
  setSchemaVersion(version: number): Promise<void>;
  schemaVersionCell(): Promise<string>;
  /** A column no scan carries, read straight from the database. */
  cell(table: 'reps' | 'opportunities' | 'activities', column: string, crmId: string): Promise<unknown>;
  cleanup(): Promise<void>;
}

/** Migrates a store, closing it if that fails (as openStore does). */
async function migrated(store: Store): Promise<Store> {
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

function sqliteHarness(): Harness {
  const folder = mkdtempSync(join(tmpdir(), 'salesops-store-'));
  const path = join(folder, 'store', 'salesops.db');
  const raw = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    open: (options = {}) => migrated(new SqliteStore({ path, ...options })),
    setSchemaVersion: (version) =>
      Promise.resolve(
        raw(
          (db) =>
            void db.prepare(`update meta set value = ? where key = 'schema_version'`).run(String(version)),
        ),
      ),
    schemaVersionCell: () =>
      Promise.resolve(
        raw(
          (db) => db.prepare(`select value from meta where key = 'schema_version'`).pluck().get() as string,
        ),
      ),
    cell: (table, column, crmId) =>
      Promise.resolve(
        raw((db) => db.prepare(`select ${column} from ${table} where crm_id = ?`).pluck().get(crmId)),
      ),
    cleanup: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
  };
}

let schemaCounter = 0;

function postgresHarness(databaseUrl: string): Harness {
  const schema = `salesops_contract_${process.pid}_${++schemaCounter}`;
  const raw = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`set search_path to ${schema}`);
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    open: async (options = {}) => migrated(await PostgresStore.connect({ databaseUrl, schema, ...options })),
    setSchemaVersion: (version) =>
      raw(async (client) => {
        await client.query(`update meta set value = $1 where key = 'schema_version'`, [String(version)]);
      }),
    schemaVersionCell: () =>
      raw(async (client) => {
        const result = await client.query<{ value: string }>(
          `select value from meta where key = 'schema_version'`,
        );
        return result.rows[0]!.value;
      }),
    cell: (table, column, crmId) =>
      raw(async (client) => {
        const result = await client.query<Record<string, unknown>>(
          `select ${column} from ${table} where crm_id = $1`,
          [crmId],
        );
        return result.rows[0]![column];
      }),
    cleanup: () =>
      raw(async (client) => {
        await client.query(`drop schema if exists ${schema} cascade`);
      }),
  };
}

function contractSuite(makeHarness: () => Harness): void {
  let harness: Harness;
  const opened: Store[] = [];
  const open = async (options?: { scanPageSize?: number }) => {
    const store = await harness.open(options);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    harness = makeHarness();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    await harness.cleanup();
  });

  it('round-trips every entity, numbering ids densely in write order', async () => {
    const store = await open();
    const data = contractDataSet();
    const result = await store.write(data, FIRST_WRITE);
    expect(result.dataVersion).toBe(1);
    expect(result.inserted).toEqual({
      reps: 4,
      accounts: 3,
      territories: 2,
      opportunities: 3,
      opportunityChanges: 6,
      activities: 2,
      leads: 2,
      quotas: 3,
      costs: 2,
    });
    expect(Object.values(result.updated).every((count) => count === 0)).toBe(true);

    const shot = await snapshot(store);
    for (const table of [
      'reps',
      'accounts',
      'territories',
      'opportunities',
      'activities',
      'leads',
    ] as const) {
      expect(shot.tables[table].map((row) => row.id)).toEqual(data[table].map((_, index) => index + 1));
    }
    const back = decode(shot);
    expect(back.reps).toEqual(data.reps.map(({ email: _email, ...rep }) => rep));
    expect(back.accounts).toEqual(data.accounts);
    expect(back.territories).toEqual(data.territories);
    expect(back.opportunities).toEqual(data.opportunities.map(({ nextStep: _nextStep, ...rest }) => rest));
    expect(back.activities).toEqual(data.activities.map(({ id: _id, ...activity }) => activity));
    expect(back.leads).toEqual(data.leads);
    expect(back.quotas).toEqual([
      // Key order: owner kind, owner (rep id or team code), period.
      data.quotas[0],
      data.quotas[2],
      data.quotas[1],
    ]);
    expect(back.costs).toEqual([data.costs[0], data.costs[1]]);
    // Columns no scan carries are stored too.
    expect(await harness.cell('reps', 'email', 'R-AE1')).toBe('ana@example.com');
    expect(await harness.cell('opportunities', 'next_step', 'O-1')).toBe('Demo on Friday');
    expect(await harness.cell('activities', 'id', 'ACT-2')).toBe(2);
  });

  it('numbers a bulk batch’s new records in CRM id order, and a smaller one’s in record order', async () => {
    const store = await open();
    const data = contractDataSet();
    const template = data.opportunities[0]!;
    // Listed in a shuffled order (7,919 is prime to the count): record i has CRM id O-B<(i × 7,919) mod count>.
    const count = CRM_ID_ORDER_FROM + 5;
    const crmId = (n: number) => `O-B${String(n).padStart(5, '0')}`;
    const bulk = Array.from({ length: count }, (_, index) => {
      const n = (index * 7919) % count;
      return { ...template, id: crmId(n), name: `deal ${n}`, amount: money(n * 100) };
    });
    // Given history for every other opportunity, as a bulk import gives it: two changes each.
    const changes: OpportunityChange[] = bulk
      .filter((_, index) => index % 2 === 0)
      .flatMap((opportunity) => [
        { ...data.opportunityChanges[0]!, opportunityId: opportunity.id, sequence: 0 },
        {
          ...data.opportunityChanges[0]!,
          opportunityId: opportunity.id,
          sequence: 1,
          amount: opportunity.amount,
          stage: opportunity.stage,
          closeDate: opportunity.closeDate,
          forecastCategory: opportunity.forecastCategory,
          ownerId: opportunity.ownerId,
        },
      ]);
    const batch: PartialEntityBatch = {
      ...emptyBatch(),
      reps: data.reps,
      accounts: data.accounts,
      territories: data.territories,
      opportunities: bulk,
      changeColumns: asColumns(changes),
    };
    const result = await store.write(batch, FIRST_WRITE);
    // The given changes, and an initial change for each opportunity at an odd index.
    const derived = Math.floor(count / 2);
    expect(result.inserted).toMatchObject({
      opportunities: count,
      opportunityChanges: changes.length + derived,
    });

    const shot = await snapshot(store);
    const rows = shot.tables.opportunities;
    expect(rows.map((row) => row.id)).toEqual(bulk.map((_, index) => index + 1));
    expect(rows.map((row) => row.crm_id)).toEqual(bulk.map((_, n) => crmId(n)));
    // Each row is its record's: the name and amount follow the CRM id.
    expect(rows.map((row) => [row.name, row.amount])).toEqual(bulk.map((_, n) => [`deal ${n}`, n * 100]));
    // The small batch's reps keep their record order.
    expect(shot.tables.reps.map((row) => row.crm_id)).toEqual(data.reps.map((rep) => rep.id));
    // History: the given changes under the right opportunities, an initial change for each of the others.
    const back = decode(shot);
    const historyOf = (id: string) => back.opportunityChanges.filter((change) => change.opportunityId === id);
    expect(historyOf(bulk[0]!.id).map((change) => [change.sequence, change.amount])).toEqual([
      [0, data.opportunityChanges[0]!.amount],
      [1, bulk[0]!.amount],
    ]);
    expect(historyOf(bulk[1]!.id).map((change) => [change.date, change.amount])).toEqual([
      [template.createdDate, bulk[1]!.amount],
    ]);
    const historyIds = shot.tables.opportunity_history.map((row) => row.opportunity_id);
    expect(new Set(historyIds).size).toBe(count);
  });

  it('stores an opportunity given without a product (a producer older than the field) with none', async () => {
    const store = await open();
    const data = contractDataSet();
    const { product: _product, ...withoutProduct } = data.opportunities[2]!;
    data.opportunities[2] = withoutProduct;
    await store.write(data, FIRST_WRITE);
    expect(await harness.cell('opportunities', 'product_code', 'O-3')).toBeNull();
    expect(await harness.cell('opportunities', 'product_code', 'O-1')).toBe(1);
    expect(decode(await snapshot(store)).opportunities.map((o) => o.product)).toEqual([
      'Platform',
      null,
      null,
    ]);
  });

  it('writes a stream of batches as one data version, later batches referring to earlier ones', async () => {
    const store = await open();
    const data = contractDataSet();
    function* stream() {
      yield { ...emptyBatch(), reps: data.reps, territories: data.territories, accounts: data.accounts };
      yield { ...data, reps: [], territories: [], accounts: [] };
    }
    const result = await store.write(stream(), FIRST_WRITE);
    expect(result.dataVersion).toBe(1);
    expect(result.inserted).toMatchObject({ reps: 4, accounts: 3, opportunities: 3, opportunityChanges: 6 });
    const back = decode(await snapshot(store));
    expect(back.opportunities).toEqual(data.opportunities.map(({ nextStep: _nextStep, ...rest }) => rest));
    expect(back.accounts).toEqual(data.accounts);
    expect((await store.status()).lastWrite).toEqual({
      source: 'contract',
      asOf: '2025-02-15',
      note: 'first',
    });
  });

  it('upserts by CRM id: a second write updates rows in place and adds new ones after', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const data = contractDataSet();
    data.reps[3] = { ...data.reps[3]!, name: 'Ben Brooks-Lee', team: 'East' };
    data.accounts[2] = { ...data.accounts[2]!, tier: 'Tier 3', employees: 12 };
    data.opportunities[0] = { ...data.opportunities[0]!, name: 'Sub expansion (phase 1)', nextStep: null };
    data.quotas[0] = { ...data.quotas[0]!, amount: money(175_000_00) };
    data.reps.push({ ...data.reps[0]!, id: 'R-AE3', name: 'Cleo Chen', email: null });
    const result = await store.write(data, { source: 'contract', asOf: day('2025-02-16') });
    expect(result.dataVersion).toBe(2);
    expect(result.inserted).toMatchObject({ reps: 1, accounts: 0, opportunities: 0, quotas: 0, costs: 0 });
    // Only the records that differ from the stored ones count as updated; the others were given as stored.
    expect(result.updated).toMatchObject({ reps: 1, accounts: 1, opportunities: 1, quotas: 1, costs: 0 });
    expect(result.unchanged).toMatchObject({ reps: 3, accounts: 2, opportunities: 2, quotas: 2, costs: 2 });

    const back = decode(await snapshot(store));
    expect(back.reps.map((rep) => [rep.id, rep.name, rep.team])).toEqual([
      ['R-AE1', 'Ana Alves', 'East'],
      ['R-MGR', 'Max Meyer', 'East'],
      ['R-VP', 'Vera "V" Voss \\ {NULL}, é', null],
      ['R-AE2', 'Ben Brooks-Lee', 'East'],
      ['R-AE3', 'Cleo Chen', 'East'],
    ]);
    expect(back.accounts[2]).toMatchObject({ id: 'A-SOLO', tier: 'Tier 3', employees: 12 });
    expect(back.opportunities[0]!.name).toBe('Sub expansion (phase 1)');
    expect(back.quotas[0]).toMatchObject({ ownerId: 'R-AE1', amount: 175_000_00 });
    expect(await harness.cell('opportunities', 'next_step', 'O-1')).toBeNull();
    expect((await store.status()).counts).toMatchObject({ reps: 5, accounts: 3, opportunities: 3 });
  });

  it('derives history by diffing a re-import against the stored state', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);

    const same = await store.write(contractDataSet(), { source: 'contract', asOf: day('2025-02-20') });
    expect(same.inserted.opportunityChanges).toBe(0);

    const moved = contractDataSet();
    moved.opportunities[0] = { ...moved.opportunities[0]!, stage: 'Proposal', amount: money(52_000_00) };
    moved.opportunityChanges = [];
    const result = await store.write(moved, { source: 'contract', asOf: day('2025-03-01') });
    expect(result.inserted.opportunityChanges).toBe(1);
    expect(result.updated.opportunityChanges).toBe(0);

    // A second change the same day follows it in sequence; the current state is always the latest change.
    moved.opportunities[0] = { ...moved.opportunities[0], forecastCategory: 'best_case' };
    await store.write(moved, { source: 'contract', asOf: day('2025-03-01') });

    const shot = await snapshot(store);
    const back = decode(shot);
    expect(back.opportunityChanges.filter((change) => change.opportunityId === 'O-1')).toEqual([
      {
        opportunityId: 'O-1',
        date: '2025-01-10',
        sequence: 0,
        stage: 'Discovery',
        amount: 48_000_00,
        closeDate: '2025-04-30',
        forecastCategory: 'pipeline',
        ownerId: 'R-AE1',
      },
      {
        opportunityId: 'O-1',
        date: '2025-03-01',
        sequence: 0,
        stage: 'Proposal',
        amount: 52_000_00,
        closeDate: '2025-04-30',
        forecastCategory: 'pipeline',
        ownerId: 'R-AE1',
      },
      {
        opportunityId: 'O-1',
        date: '2025-03-01',
        sequence: 1,
        stage: 'Proposal',
        amount: 52_000_00,
        closeDate: '2025-04-30',
        forecastCategory: 'best_case',
        ownerId: 'R-AE1',
      },
    ]);
    expect(back.opportunities[0]).toMatchObject({
      stage: 'Proposal',
      amount: 52_000_00,
      forecastCategory: 'best_case',
    });
    expect(back.opportunityChanges).toHaveLength(8);
  });

  it('dates an older export’s change before the later stored one, keeping the later state current', async () => {
    const store = await open();
    const data = contractDataSet();
    await store.write(data, FIRST_WRITE);
    const later = contractDataSet();
    later.opportunities[0] = { ...later.opportunities[0]!, stage: 'Negotiation' };
    later.opportunityChanges = [];
    await store.write(later, { source: 'contract', asOf: day('2025-03-10') });
    const older = contractDataSet();
    older.opportunities[0] = { ...older.opportunities[0]!, stage: 'Proposal' };
    older.opportunityChanges = [];
    await store.write(older, { source: 'contract', asOf: day('2025-03-01') });

    const back = decode(await snapshot(store));
    expect(
      back.opportunityChanges
        .filter((change) => change.opportunityId === 'O-1')
        .map((change) => [change.date, change.sequence, change.stage]),
    ).toEqual([
      ['2025-01-10', 0, 'Discovery'],
      ['2025-03-01', 0, 'Proposal'],
      ['2025-03-10', 0, 'Negotiation'],
    ]);
    expect(back.opportunities[0]!.stage).toBe('Negotiation');
  });

  it('stores given history as given, and importing it twice keeps one copy', async () => {
    const store = await open();
    const data = contractDataSet();
    await store.write(data, FIRST_WRITE);
    const again = await store.write(contractDataSet(), { source: 'contract', asOf: day('2025-02-15') });
    expect(again.inserted.opportunityChanges).toBe(0);
    expect(Object.values(again.updated).every((count) => count === 0)).toBe(true);
    expect(again.unchanged).toMatchObject({
      reps: 4,
      accounts: 3,
      opportunities: 3,
      opportunityChanges: 4,
      quotas: 3,
      costs: 2,
    });

    // A corrected history replaces the stored changes on the days it covers, and only those.
    const corrected = contractDataSet();
    corrected.opportunities = [];
    corrected.opportunityChanges = [
      {
        ...data.opportunityChanges[1]!,
        date: day('2025-01-31'),
        sequence: 0,
        stage: 'Closed Won',
        amount: money(31_000_00),
      },
    ];
    const result = await store.write(corrected, { source: 'contract', asOf: day('2025-02-17') });
    expect(result.inserted.opportunityChanges).toBe(0);
    expect(result.updated.opportunityChanges).toBe(1);

    const back = decode(await snapshot(store));
    expect(
      back.opportunityChanges
        .filter((change) => change.opportunityId === 'O-3')
        .map((change) => [change.date, change.sequence, change.stage, change.amount]),
    ).toEqual([
      ['2024-11-04', 0, 'Discovery', 25_000_00],
      ['2024-12-02', 0, 'Negotiation', 30_000_00],
      ['2025-01-31', 0, 'Closed Won', 31_000_00],
    ]);
    // The current state follows the latest change, even for a deal the write only gave history for.
    expect(back.opportunities[2]).toMatchObject({ stage: 'Closed Won', amount: 31_000_00 });
    expect((await store.status()).counts.opportunityChanges).toBe(5);
  });

  it('takes given changes as columns as it takes them as objects, checking them the same', async () => {
    const reference = new SqliteStore({ path: ':memory:' });
    await reference.migrate();
    await reference.write(contractDataSet(), FIRST_WRITE);
    const store = await open();
    const data = contractDataSet();
    // One change stays an object, the others come as columns after it.
    const [first, ...rest] = data.opportunityChanges;
    const result = await store.write(
      { ...data, opportunityChanges: [first!], changeColumns: asColumns(rest) } as PartialEntityBatch,
      FIRST_WRITE,
    );
    expect(result.inserted.opportunityChanges).toBe(6);
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    await reference.close();

    const before = await snapshot(store);
    const refused = async (changes: OpportunityChange[], columns = asColumns(changes)) => {
      const batch = { ...emptyBatch(), changeColumns: columns } as PartialEntityBatch;
      const error = await store
        .write(batch, { source: 'contract', asOf: day('2025-03-01') })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).problems;
    };
    const change = data.opportunityChanges[1]!;
    const [unknown] = await refused([change, { ...change, opportunityId: 'O-MISSING', sequence: 1 }]);
    expect(unknown!.message).toContain('opportunity "O-MISSING"');
    expect(unknown!.location?.field).toBe('opportunityChanges[1].opportunityId');
    const [fraction] = await refused([{ ...change, amount: money(1.5) }]);
    expect(fraction!.message).toContain('1.5 is not a whole number of minor units');
    expect(fraction!.location?.field).toBe('opportunityChanges[0].amount');
    const [sequence] = await refused([{ ...change, sequence: -1 }]);
    expect(sequence!.location?.field).toBe('opportunityChanges[0].sequence');
    const [closeDay] = await refused([change], { ...asColumns([change]), closeDay: () => 20_000.5 });
    expect(closeDay!.message).toContain('20000.5 is not the day number of a date');
    expect(closeDay!.location?.field).toBe('opportunityChanges[0].closeDate');
    expect(await snapshot(store)).toEqual(before);
  });

  it('drops stored changes a re-imported day no longer has, keeping the other days', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const shorter = contractDataSet();
    shorter.opportunities = [];
    shorter.opportunityChanges = shorter.opportunityChanges.filter(
      (change) => !(change.date === '2025-01-31' && change.sequence === 1),
    );
    const result = await store.write(shorter, { source: 'contract', asOf: day('2025-02-17') });
    expect(result.inserted.opportunityChanges).toBe(0);
    // The day that lost a change is rewritten with the one left; the two other days are as stored.
    expect(result.updated.opportunityChanges).toBe(1);
    expect(result.unchanged.opportunityChanges).toBe(2);
    const back = decode(await snapshot(store));
    expect(
      back.opportunityChanges
        .filter((change) => change.opportunityId === 'O-3')
        .map((change) => [change.date, change.sequence, change.stage]),
    ).toEqual([
      ['2024-11-04', 0, 'Discovery'],
      ['2024-12-02', 0, 'Negotiation'],
      ['2025-01-31', 0, 'Commit'],
    ]);
    expect(back.opportunities[2]).toMatchObject({ stage: 'Commit', forecastCategory: 'commit' });
  });

  it('adds a change on asOf when a record disagrees with its given history', async () => {
    const store = await open();
    const data = contractDataSet();
    data.opportunities[2] = { ...data.opportunities[2]!, amount: money(32_000_00) };
    const result = await store.write(data, FIRST_WRITE);
    expect(result.inserted.opportunityChanges).toBe(7);
    const back = decode(await snapshot(store));
    expect(back.opportunityChanges.filter((change) => change.opportunityId === 'O-3').at(-1)).toMatchObject({
      date: '2025-02-15',
      sequence: 0,
      stage: 'Closed Won',
      amount: 32_000_00,
    });
    expect(back.opportunities[2]!.amount).toBe(32_000_00);
  });

  it('reconstructs the pipeline as of any date from scanned history', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const moved = contractDataSet();
    moved.opportunities[1] = { ...moved.opportunities[1]!, stage: 'Negotiation', amount: money(1_000_00) };
    moved.opportunityChanges = [];
    await store.write(moved, { source: 'contract', asOf: day('2025-03-01') });

    const shot = await snapshot(store);
    const stage = (name: string) => shot.labels.stage.indexOf(name);
    const history = shot.tables.opportunity_history;
    expect(pipelineAsOf(history, '2024-11-03')).toEqual(new Map());
    expect(pipelineAsOf(history, '2024-12-01')).toEqual(
      new Map([[3, [stage('Discovery'), 25_000_00, toDay('2025-01-15')]]]),
    );
    expect(pipelineAsOf(history, '2025-01-31')).toEqual(
      new Map([
        [3, [stage('Closed Won'), 30_000_00, toDay('2025-01-31')]],
        [1, [stage('Discovery'), 48_000_00, toDay('2025-04-30')]],
      ]),
    );
    expect(pipelineAsOf(history, '2025-02-28').get(2)).toEqual([
      stage('Proposal'),
      MAX_MONEY,
      toDay('2025-06-30'),
    ]);
    expect(pipelineAsOf(history, '2025-03-01').get(2)).toEqual([
      stage('Negotiation'),
      1_000_00,
      toDay('2025-06-30'),
    ]);
  });

  it('rolls back the whole write on an unknown reference, naming the record, id and field', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const before = await snapshot(store);
    const statusBefore = await store.status();

    const bad = contractDataSet();
    bad.reps.push({ ...bad.reps[0]!, id: 'R-NEW', team: 'North' });
    bad.opportunities.push({
      ...bad.opportunities[0]!,
      id: 'O-NEW',
      stage: 'Scoping',
      accountId: 'A-MISSING',
    });
    const error = await store
      .write(bad, { source: 'contract', asOf: day('2025-03-01') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('opportunity "O-NEW"');
    expect(problems[0]!.message).toContain('account "A-MISSING"');
    expect(problems[0]!.location?.field).toBe('opportunities[3].accountId');

    expect(await snapshot(store)).toEqual(before);
    expect(await store.status()).toEqual(statusBefore);
    expect(await store.dataVersion()).toBe(1);
  });

  it('rolls back tables already written when a later record fails', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const before = await snapshot(store);
    const bad = contractDataSet();
    bad.reps[0] = { ...bad.reps[0]!, name: 'Renamed' };
    bad.opportunities[0] = { ...bad.opportunities[0]!, stage: 'Proposal' };
    bad.leads[1] = { ...bad.leads[1]!, mqlDate: '2025-02-30' as never };
    const error = await store
      .write(bad, { source: 'contract', asOf: day('2025-03-01') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]!.location?.field).toBe('leads[1].mqlDate');
    expect(await snapshot(store)).toEqual(before);
    expect(await store.dataVersion()).toBe(1);
  });

  it('refuses duplicates within one import', async () => {
    const store = await open();
    const data = contractDataSet();
    data.accounts.push({ ...data.accounts[0]! });
    data.opportunityChanges.push({ ...data.opportunityChanges[0]! });
    data.costs.push({ ...data.costs[0]! });
    const error = await store.write(data, FIRST_WRITE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((problem) => problem.location?.field)).toEqual([
      'accounts[3].id',
      'costs[2].period',
    ]);
    expect(await store.dataVersion()).toBe(0);

    const history = contractDataSet();
    history.opportunityChanges.push({ ...history.opportunityChanges[0]! });
    const historyError = await store.write(history, FIRST_WRITE).catch((e: unknown) => e);
    expect((historyError as InputError).problems[0]!.location?.field).toBe('opportunityChanges[4].sequence');
  });

  it('refuses a team quota for a team no rep is in', async () => {
    const store = await open();
    const data = contractDataSet();
    data.quotas.push({ ownerKind: 'team', ownerId: 'Eats', period: 'FY2025', amount: money(1) });
    const error = await store.write(data, FIRST_WRITE).catch((e: unknown) => e);
    expect((error as InputError).problems[0]!.message).toContain('team "Eats" has no reps');
  });

  it('keeps label codes dense and stable', async () => {
    const store = await open();
    expect(await store.labels('forecast_category')).toEqual([
      null,
      'pipeline',
      'best_case',
      'commit',
      'closed',
      'omitted',
    ]);
    expect(await store.labels('stage')).toEqual([null]);
    await store.write(contractDataSet(), FIRST_WRITE);
    // Given history is encoded first, in list order, then the records.
    expect(await store.labels('stage')).toEqual([
      null,
      'Negotiation',
      'Closed Won',
      'Discovery',
      'Commit',
      'Proposal',
    ]);
    expect(await store.labels('team')).toEqual([null, 'East', 'West']);

    const next = contractDataSet();
    next.opportunities[0] = { ...next.opportunities[0]!, stage: 'Closed Lost', lossReason: 'Price' };
    next.reps[0] = { ...next.reps[0]!, team: 'Central' };
    await store.write(next, { source: 'contract', asOf: day('2025-03-01') });
    expect(await store.labels('stage')).toEqual([
      null,
      'Negotiation',
      'Closed Won',
      'Discovery',
      'Commit',
      'Proposal',
      'Closed Lost',
    ]);
    expect(await store.labels('team')).toEqual([null, 'East', 'West', 'Central']);
    expect(await store.labels('loss_reason')).toEqual([null, 'Price']);
    expect(await store.labels('product')).toEqual([null, 'Platform']);
    expect(await store.labels('role')).toEqual([
      null,
      'vp',
      'manager',
      'ae',
      'am',
      'isr',
      'sdr',
      'se',
      'other',
    ]);
  });

  it('refuses a database written by a newer salesops, changing nothing', async () => {
    const store = await open();
    await store.write(contractDataSet(), FIRST_WRITE);
    const before = await snapshot(store);
    await store.close();
    await harness.setSchemaVersion(SCHEMA_VERSION + 1);

    const error = await harness.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(
      `written by a newer salesops (schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}): upgrade salesops`,
    );
    expect(await harness.schemaVersionCell()).toBe(String(SCHEMA_VERSION + 1));
    await harness.setSchemaVersion(SCHEMA_VERSION);
    expect(await snapshot(await open())).toEqual(before);
  });

  it('migrates idempotently', async () => {
    const store = await open();
    await store.migrate();
    await store.migrate();
    expect((await store.status()).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('reports status figures', async () => {
    const store = await open();
    expect(await store.status()).toEqual({
      dialect: store.dialect,
      schemaVersion: SCHEMA_VERSION,
      dataVersion: 0,
      counts: {
        reps: 0,
        accounts: 0,
        territories: 0,
        opportunities: 0,
        opportunityChanges: 0,
        activities: 0,
        leads: 0,
        quotas: 0,
        costs: 0,
      },
      dateRange: null,
      history: { from: null, to: null, changesPerOpportunity: 0 },
      lastWrite: null,
    });
    expect(await store.lastWrite()).toBeNull();
    await store.write(contractDataSet(), FIRST_WRITE);
    await store.write(contractDataSet(), {
      source: 'csv',
      asOf: day('2025-02-20'),
      writtenAt: day('2025-02-21'),
    });
    expect(await store.status()).toEqual({
      dialect: store.dialect,
      schemaVersion: SCHEMA_VERSION,
      dataVersion: 2,
      counts: {
        reps: 4,
        accounts: 3,
        territories: 2,
        opportunities: 3,
        opportunityChanges: 6,
        activities: 2,
        leads: 2,
        quotas: 3,
        costs: 2,
      },
      // Created 2024-11-04 (O-3) to closing 2025-06-30 (O-2).
      dateRange: { from: '2024-11-04', to: '2025-06-30' },
      history: { from: '2024-11-04', to: '2025-02-03', changesPerOpportunity: 2 },
      lastWrite: { source: 'csv', asOf: '2025-02-20', note: null },
    });
    expect(await store.dataVersion()).toBe(2);
    expect(await store.lastWrite()).toEqual({ source: 'csv', asOf: '2025-02-20', note: null });
  });

  it('keeps money exact up to ±(2^53 − 1) and refuses anything beyond', async () => {
    const store = await open();
    const data = contractDataSet();
    data.opportunities[0] = { ...data.opportunities[0]!, amount: money(-Number.MAX_SAFE_INTEGER) };
    data.opportunities[2] = { ...data.opportunities[2]!, listAmount: money(2 ** 53 - 2) };
    data.quotas[0] = { ...data.quotas[0]!, amount: MAX_MONEY };
    data.costs[0] = { ...data.costs[0]!, amount: money(-(2 ** 53 - 2)) };
    await store.write(data, FIRST_WRITE);
    const back = decode(await snapshot(store));
    expect(back.opportunities.map((opportunity) => opportunity.amount)).toEqual([
      -Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
      30_000_00,
    ]);
    expect(back.opportunities[2]!.listAmount).toBe(2 ** 53 - 2);
    expect(back.accounts[1]!.annualRevenue).toBe(Number.MAX_SAFE_INTEGER);
    expect(typeof back.accounts[1]!.annualRevenue).toBe('number');
    expect(back.quotas[0]!.amount).toBe(Number.MAX_SAFE_INTEGER);
    expect(back.costs[0]!.amount).toBe(-(2 ** 53 - 2));

    const beyond = contractDataSet();
    beyond.opportunities[1] = { ...beyond.opportunities[1]!, amount: money(2 ** 53) };
    const error = await store.write(beyond, FIRST_WRITE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]!.location?.field).toBe('opportunities[1].amount');
    expect(await store.dataVersion()).toBe(1);
  });

  it('scans in key order across pages', async () => {
    const store = await open({ scanPageSize: 2 });
    const data = contractDataSet();
    for (let extra = 0; extra < 4; extra++) {
      data.quotas.push({
        ownerKind: 'rep',
        ownerId: 'R-MGR',
        period: `FY2026-Q${4 - extra}`,
        amount: money(extra),
      });
    }
    await store.write(data, FIRST_WRITE);
    const keys: unknown[][] = [];
    expect(await store.scan('opportunity_history', (row) => keys.push(row.slice(0, 3)))).toBe(6);
    expect(keys).toEqual([
      [1, toDay('2025-01-10'), 0],
      [2, toDay('2025-02-03'), 0],
      [3, toDay('2024-11-04'), 0],
      [3, toDay('2024-12-02'), 0],
      [3, toDay('2025-01-31'), 0],
      [3, toDay('2025-01-31'), 1],
    ]);
    const quotas: unknown[][] = [];
    expect(await store.scan('quotas', (row) => quotas.push([row[0], row[1] ?? row[2], row[3]]))).toBe(7);
    expect(quotas).toEqual([
      ['rep', 1, 'FY2025-Q1'],
      ['rep', 2, 'FY2026-Q1'],
      ['rep', 2, 'FY2026-Q2'],
      ['rep', 2, 'FY2026-Q3'],
      ['rep', 2, 'FY2026-Q4'],
      ['rep', 4, 'FY2025-Q1'],
      ['team', 1, 'FY2025'],
    ]);
    let opportunities = 0;
    expect(await store.scan('opportunities', () => opportunities++)).toBe(3);
    expect(await store.scan('territories', () => undefined)).toBe(2);
  });

  it('keeps every revision of a document and lists the latest of each key', async () => {
    const store = await open();
    const saved = (key: string, body: unknown, extra: object = {}) =>
      store.saveDocument({ kind: 'plan_version', key, body, savedAt: '2026-11-27', ...extra });
    expect(await saved('FY2027', { quota: 100 }, { savedBy: 'ana', note: 'first cut' })).toEqual({
      kind: 'plan_version',
      key: 'FY2027',
      revision: 1,
      savedAt: '2026-11-27',
      savedBy: 'ana',
      note: 'first cut',
    });
    await saved('FY2027', { quota: 120, names: ['Zoë "Z" O’Neil'] }, { expectRevision: 1 });
    await saved('FY2026', { quota: 90 });
    expect((await store.document('plan_version', 'FY2027'))?.body).toEqual({
      quota: 120,
      names: ['Zoë "Z" O’Neil'],
    });
    expect((await store.document('plan_version', 'FY2027', 1))?.body).toEqual({ quota: 100 });
    expect(await store.document('plan_version', 'FY2028')).toBeNull();
    expect(await store.document('forecast_snapshot', 'FY2027')).toBeNull();
    expect((await store.listDocuments('plan_version')).map((d) => [d.key, d.revision])).toEqual([
      ['FY2026', 1],
      ['FY2027', 2],
    ]);
    expect((await store.documentRevisions('plan_version', 'FY2027')).map((d) => d.revision)).toEqual([1, 2]);
    expect(await store.listDocuments('comp_run')).toEqual([]);
  });

  it('refuses to replace an immutable document or a revision changed meanwhile', async () => {
    const store = await open();
    const snapshot = {
      kind: 'forecast_snapshot' as const,
      key: 'FY2026-Q4@2026-11-27',
      savedAt: '2026-11-27',
    };
    await store.saveDocument({ ...snapshot, body: { p50: 1 }, expectRevision: 0 });
    await expect(store.saveDocument({ ...snapshot, body: { p50: 2 }, expectRevision: 0 })).rejects.toThrow(
      /already exists and cannot be replaced/,
    );
    await expect(store.saveDocument({ ...snapshot, body: { p50: 2 }, expectRevision: 5 })).rejects.toThrow(
      InputError,
    );
    expect((await store.document('forecast_snapshot', snapshot.key))?.body).toEqual({ p50: 1 });
    expect(await store.documentRevisions('forecast_snapshot', snapshot.key)).toHaveLength(1);
  });

  it('appends to the audit log in order', async () => {
    const store = await open();
    await store.appendAudit({
      at: '2026-11-27T10:00:00Z',
      actor: 'ana',
      action: 'plan.activate',
      subject: 'plan_version:FY2027',
      detail: { revision: 2 },
    });
    await store.appendAudit({
      at: '2026-11-27T11:00:00Z',
      actor: 'max',
      action: 'forecast.adjust',
      subject: 'rep:R-1',
    });
    expect(await store.auditLog()).toEqual([
      {
        sequence: 1,
        at: '2026-11-27T10:00:00Z',
        actor: 'ana',
        action: 'plan.activate',
        subject: 'plan_version:FY2027',
        detail: { revision: 2 },
      },
      {
        sequence: 2,
        at: '2026-11-27T11:00:00Z',
        actor: 'max',
        action: 'forecast.adjust',
        subject: 'rep:R-1',
      },
    ]);
    expect((await store.auditLog({ subject: 'rep:R-1' })).map((entry) => entry.sequence)).toEqual([2]);
  });
}

describe('store contract: SQLite', () => {
  contractSuite(sqliteHarness);
});

/** The PostgreSQL server to test against: SALESOPS_TEST_PG_URL, or a local default, if it answers quickly. */
async function reachablePostgres(): Promise<{ url: string; reachable: boolean }> {
  const url = process.env.SALESOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return { url, reachable: true };
  } catch {
    return { url, reachable: false };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgres = await reachablePostgres();
const postgresAt = new URL(postgres.url).host;
if (!postgres.reachable && process.env.SALESOPS_REQUIRE_PG) {
  throw new Error(`SALESOPS_REQUIRE_PG is set but PostgreSQL at ${postgresAt} does not answer`);
}
if (postgres.reachable) {
  describe('store contract: PostgreSQL', () => {
    contractSuite(() => postgresHarness(postgres.url));
  });

  describe('PostgreSQL store', () => {
    it('keeps two workspaces in two schemas of one database apart', async () => {
      const schemas = [`salesops_apart_${process.pid}_a`, `salesops_apart_${process.pid}_b`];
      const stores = await Promise.all(
        schemas.map(async (schema) =>
          migrated(await PostgresStore.connect({ databaseUrl: postgres.url, schema })),
        ),
      );
      try {
        await stores[0]!.write(contractDataSet(), FIRST_WRITE);
        expect(await stores[0]!.dataVersion()).toBe(1);
        expect(await stores[1]!.dataVersion()).toBe(0);
        expect((await stores[1]!.status()).counts.opportunities).toBe(0);
      } finally {
        for (const store of stores) await store.close();
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    });
  });
} else {
  describe.skip(`store contract: PostgreSQL not reachable at ${postgresAt}; set SALESOPS_TEST_PG_URL`, () => {
    it('runs the contract suite', () => undefined);
  });
}

describe('SQLite store', () => {
  it('reports a write blocked by another process as an OperationError', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'salesops-busy-'));
    const path = join(folder, 'salesops.db');
    const store = await migrated(new SqliteStore({ path, busyTimeoutMillis: 20 }));
    const other = new Database(path);
    try {
      other.exec('begin immediate');
      const error = await store.write(contractDataSet(), FIRST_WRITE).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect((error as OperationError).message).toContain('is being written by another process');
      other.exec('rollback');
      expect((await store.write(contractDataSet(), FIRST_WRITE)).dataVersion).toBe(1);
    } finally {
      other.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('openStore', () => {
  it('reports a PostgreSQL server that does not answer as an OperationError naming the host', async () => {
    const error = await openStore({
      databaseUrl: 'postgres://salesops@127.0.0.1:9/salesops',
      schema: 'main',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationError);
    expect((error as OperationError).message).toContain(
      'cannot connect to PostgreSQL at 127.0.0.1:9/salesops',
    );
    expect((error as OperationError).fix).toContain('DATABASE_URL');
  });

  it('refuses a schema name PostgreSQL would need quoting for', async () => {
    const error = await openStore({ databaseUrl: 'postgres://127.0.0.1/x', schema: 'Sales Ops' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
  });

  it('opens and migrates an embedded store, creating its folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'salesops-open-'));
    try {
      const store = await openStore({ sqlitePath: join(folder, 'nested', 'salesops.db') });
      expect((await store.status()).schemaVersion).toBe(SCHEMA_VERSION);
      await store.write(emptyBatch(), FIRST_WRITE);
      expect(await store.dataVersion()).toBe(1);
      await store.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * What an import needs to know of the records already stored: which reps and accounts exist (and their names,
 * so that a report's owner names find the reps an API export stored), and, for history files, the stored
 * opportunities' currency and current state. Read through the store port's scans, only when the store holds
 * any, and opportunities only when a history file needs them.
 * @module
 */
import { fromDayNumber, type IsoDate } from '../../domain/dates.js';
import type { ForecastCategory, TrackedState } from '../../domain/entities.js';
import type { MinorUnits } from '../../domain/money.js';
import { SCAN_TABLES, type ScanTable, type Store } from '../../store/store.js';

export interface StoredOpportunity {
  readonly name: string;
  readonly currency: string;
  readonly createdDate: IsoDate;
  readonly state: TrackedState;
}

export interface StoredRecords {
  /** CRM id to name. */
  readonly reps: ReadonlyMap<string, string>;
  readonly accounts: ReadonlyMap<string, string>;
  /** Null when not loaded (no history file needed them). */
  readonly opportunities: ReadonlyMap<string, StoredOpportunity> | null;
  /** CRM ids of the stored opportunities and leads, for activities and leads that refer to them; null when not loaded. */
  readonly opportunityIds: ReadonlySet<string> | null;
  readonly leadIds: ReadonlySet<string> | null;
  /** Team names some stored rep has (a team quota must name one). */
  readonly teams: ReadonlySet<string>;
}

export const NO_STORED_RECORDS: StoredRecords = {
  reps: new Map(),
  accounts: new Map(),
  opportunities: null,
  opportunityIds: null,
  leadIds: null,
  teams: new Set(),
};

/** What an import needs loaded besides reps and accounts. */
export interface StoredNeeds {
  /** History files: stored opportunities' state and currency. */
  readonly history: boolean;
  /** Activities and leads: the CRM ids of stored opportunities and leads. */
  readonly references: boolean;
}

async function crmIdsOf(store: StoreReader, table: 'opportunities' | 'leads'): Promise<Set<string>> {
  const crm = columnOf(table, 'crm_id');
  const ids = new Set<string>();
  await store.scan(table, (row) => ids.add(String(row[crm])));
  return ids;
}

export type StoreReader = Pick<Store, 'scan' | 'labels' | 'status'>;

/** Position of a column in a table's scanned rows. */
function columnOf(table: ScanTable, column: string): number {
  const index = (SCAN_TABLES[table] as readonly string[]).indexOf(column);
  if (index < 0) throw new Error(`the store's ${table} scan has no column ${column}`);
  return index;
}

async function idsAndNames(
  store: StoreReader,
  table: 'reps' | 'accounts',
): Promise<{ names: Map<string, string>; crmIds: string[] }> {
  const [surrogate, crm, name] = ['id', 'crm_id', 'name'].map((column) => columnOf(table, column)) as [
    number,
    number,
    number,
  ];
  const names = new Map<string, string>();
  const crmIds: string[] = [];
  await store.scan(table, (row) => {
    names.set(String(row[crm]), String(row[name]));
    crmIds[Number(row[surrogate])] = String(row[crm]);
  });
  return { names, crmIds };
}

function label(labels: readonly (string | null)[], code: unknown): string {
  return labels[Number(code)] ?? '';
}

async function storedOpportunities(
  store: StoreReader,
  repCrmIds: readonly string[],
): Promise<Map<string, StoredOpportunity>> {
  const [currencies, stages, categories] = await Promise.all([
    store.labels('currency'),
    store.labels('stage'),
    store.labels('forecast_category'),
  ]);
  const at = (column: string) => columnOf('opportunities', column);
  const [crm, name, currency, created, stage, amount, close, category, owner] = [
    'crm_id',
    'name',
    'currency_code',
    'created_day',
    'stage_code',
    'amount',
    'close_day',
    'category_code',
    'owner_id',
  ].map(at) as [number, number, number, number, number, number, number, number, number];
  const opportunities = new Map<string, StoredOpportunity>();
  await store.scan('opportunities', (row) => {
    opportunities.set(String(row[crm]), {
      name: String(row[name]),
      currency: label(currencies, row[currency]),
      createdDate: fromDayNumber(Number(row[created])),
      state: {
        stage: label(stages, row[stage]),
        amount: Number(row[amount]) as MinorUnits,
        closeDate: fromDayNumber(Number(row[close])),
        forecastCategory: label(categories, row[category]) as ForecastCategory,
        ownerId: repCrmIds[Number(row[owner])] ?? '',
      },
    });
  });
  return opportunities;
}

/** Loads what the import needs; nothing when the store is empty. */
export async function loadStoredRecords(store: StoreReader, needs: StoredNeeds): Promise<StoredRecords> {
  const { counts } = await store.status();
  if (Object.values(counts).every((count) => count === 0)) return NO_STORED_RECORDS;
  const reps = await idsAndNames(store, 'reps');
  const accounts = await idsAndNames(store, 'accounts');
  const opportunities =
    needs.history && counts.opportunities > 0 ? await storedOpportunities(store, reps.crmIds) : null;
  return {
    reps: reps.names,
    accounts: accounts.names,
    opportunities,
    opportunityIds:
      needs.references && opportunities === null && counts.opportunities > 0
        ? await crmIdsOf(store, 'opportunities')
        : null,
    leadIds: needs.references && counts.leads > 0 ? await crmIdsOf(store, 'leads') : null,
    teams: new Set((await store.labels('team')).filter((team) => team !== null)),
  };
}

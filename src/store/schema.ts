/**
 * The store's tables, as Kysely types and as column specs the adapters build their bulk SQL from. The same
 * tables exist in SQLite and PostgreSQL (in the workspace's PostgreSQL schema); src/store/migrations creates
 * them.
 *
 * Compact by design, so that the columnar dataset fills without re-encoding:
 * - every entity table has a surrogate `id` (integer, dense from 1 per table, assigned by the writer in
 *   write order; a batch of 10,000 or more new records of a table in the order of their CRM ids, see
 *   CRM_ID_ORDER_FROM) and the CRM's own id as `crm_id` (text, unique); references between rows are surrogate ids;
 * - dates are day numbers (`*_day`, `valid_from`: days since 1970-01-01, src/domain/dates.ts);
 * - money is integer minor units (`amount`, `list_amount`, `annual_revenue`, `potential`; bigint in
 *   PostgreSQL, always within the safe-integer range);
 * - labels are integer codes (`*_code`) into `labels(kind, code, value)`, codes dense per kind from 1 and never
 *   reassigned; the enum kinds (role, forecast category, opportunity type, activity type, lead status, cost
 *   category) are seeded in their domain order, the others get codes in first-seen order;
 * - BANT answers are 1 (confirmed), 0 (disproven) or null (not assessed).
 *
 * Tables:
 * - `reps`, `accounts`, `territories`, `activities`, `leads`: one row per CRM record.
 * - `opportunities`: the static fields plus the current tracked state (stage, amount, close date, forecast
 *   category, owner), which is always the latest row of its history; `state_from`/`state_sequence` say which.
 * - `opportunity_history`: every dated change of an opportunity, each the full tracked state that took effect
 *   on `valid_from` (several a day kept in `sequence` order). Key (opportunity_id, valid_from, sequence).
 * - `quotas`: key (owner_kind, owner_ref, period); `owner_ref` is the rep id or the team label code.
 * - `costs`: key (period, category_code).
 * - `labels`: key (kind, code), values unique per kind.
 * - `meta(key, value)`: `schema_version` (the number of migrations applied).
 * - `documents`: what salesops produces and keeps (forecast snapshots, plan versions, comp runs), key
 *   (kind, key, revision), body JSON; append-only, a new save is a new revision.
 * - `audit_log`: who did what when, key `sequence`; append-only.
 * - `writes`: one row per write (import); the highest `id` is the data version. `counts` is JSON
 *   `{ inserted, updated, unchanged }` per entity; `written_at_day` is the caller's calendar date when it gave one.
 *
 * References are checked by the writer rather than by FOREIGN KEY constraints, so that a batch may list rows in
 * any order (a rep before its manager) and a bulk load does not pay for constraint checks.
 * @module
 */
import type { ScanTable } from './store.js';

export type ColumnType = 'integer' | 'bigint' | 'text';

export interface RepsTable {
  id: number;
  crm_id: string;
  name: string;
  email: string | null;
  role_code: number;
  manager_id: number | null;
  team_code: number | null;
  segment_code: number | null;
  region_code: number | null;
  hire_day: number | null;
  end_day: number | null;
}

export interface AccountsTable {
  id: number;
  crm_id: string;
  name: string;
  industry_code: number | null;
  employees: number | null;
  annual_revenue: number | null;
  region_code: number | null;
  country_code: number | null;
  segment_code: number | null;
  tier_code: number | null;
  potential: number | null;
  owner_id: number | null;
  territory_id: number | null;
  parent_id: number | null;
  created_day: number | null;
}

export interface TerritoriesTable {
  id: number;
  crm_id: string;
  name: string;
  owner_id: number | null;
  parent_id: number | null;
  segment_code: number | null;
  region_code: number | null;
}

/** The tracked state columns, shared by `opportunities` (current) and `opportunity_history` (each change). */
export interface TrackedStateColumns {
  stage_code: number;
  amount: number;
  close_day: number;
  category_code: number;
  owner_id: number;
}

export interface OpportunitiesTable extends TrackedStateColumns {
  id: number;
  crm_id: string;
  name: string;
  account_id: number | null;
  currency_code: number;
  type_code: number | null;
  source_code: number | null;
  created_day: number;
  list_amount: number | null;
  competitor_code: number | null;
  loss_reason_code: number | null;
  bant_budget: number | null;
  bant_authority: number | null;
  bant_need: number | null;
  bant_timeline: number | null;
  next_step: string | null;
  /** `valid_from` and `sequence` of the history row the current state comes from. */
  state_from: number;
  state_sequence: number;
  /** Label kind `product` (migration 3). */
  product_code: number | null;
}

export interface OpportunityHistoryTable extends TrackedStateColumns {
  opportunity_id: number;
  valid_from: number;
  sequence: number;
}

export interface ActivitiesTable {
  id: number;
  crm_id: string;
  type_code: number;
  day: number;
  rep_id: number;
  opportunity_id: number | null;
  account_id: number | null;
  lead_id: number | null;
}

export interface LeadsTable {
  id: number;
  crm_id: string;
  created_day: number;
  source_code: number | null;
  status_code: number;
  mql_day: number | null;
  sql_day: number | null;
  converted_day: number | null;
  converted_opportunity_id: number | null;
  converted_account_id: number | null;
  owner_id: number | null;
  segment_code: number | null;
  region_code: number | null;
}

export interface QuotasTable {
  owner_kind: 'rep' | 'team';
  rep_id: number | null;
  team_code: number | null;
  period: string;
  amount: number;
  /** The rep id or the team code: the key column, since each of rep_id and team_code is null for one kind. */
  owner_ref: number;
}

export interface CostsTable {
  period: string;
  category_code: number;
  amount: number;
}

export interface LabelsTable {
  kind: string;
  code: number;
  value: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface WritesTable {
  id: number;
  source: string;
  as_of_day: number;
  note: string | null;
  written_at_day: number | null;
  counts: string;
}

export interface DocumentsTable {
  kind: string;
  key: string;
  revision: number;
  saved_at: string;
  saved_by: string | null;
  note: string | null;
  body: string;
}

export interface AuditLogTable {
  sequence: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string | null;
}

/** The Kysely database type of the store. */
export interface StoreDatabase {
  reps: RepsTable;
  accounts: AccountsTable;
  territories: TerritoriesTable;
  opportunities: OpportunitiesTable;
  opportunity_history: OpportunityHistoryTable;
  activities: ActivitiesTable;
  leads: LeadsTable;
  quotas: QuotasTable;
  costs: CostsTable;
  labels: LabelsTable;
  meta: MetaTable;
  writes: WritesTable;
  documents: DocumentsTable;
  audit_log: AuditLogTable;
}

export type TableName = keyof StoreDatabase;

/** Tables whose rows have a surrogate `id` and a CRM id. */
export const ID_TABLES = ['reps', 'accounts', 'territories', 'opportunities', 'activities', 'leads'] as const;
export type IdTable = (typeof ID_TABLES)[number];

type Columns<Row> = { readonly [Column in keyof Row]-?: ColumnType };

/** One table's columns in write order (object key order), and its key. */
export interface TableSpec<Row = Record<string, unknown>> {
  readonly columns: Columns<Row>;
  readonly key: readonly (keyof Row & string)[];
}

const spec = <Row>(columns: Columns<Row>, key: readonly (keyof Row & string)[]): TableSpec<Row> => ({
  columns,
  key,
});

const TRACKED: Columns<TrackedStateColumns> = {
  stage_code: 'integer',
  amount: 'bigint',
  close_day: 'integer',
  category_code: 'integer',
  owner_id: 'integer',
};

/** Column specs of every table, in the current schema version. */
export const TABLES: { readonly [Table in TableName]: TableSpec<StoreDatabase[Table]> } = {
  reps: spec<RepsTable>(
    {
      id: 'integer',
      crm_id: 'text',
      name: 'text',
      email: 'text',
      role_code: 'integer',
      manager_id: 'integer',
      team_code: 'integer',
      segment_code: 'integer',
      region_code: 'integer',
      hire_day: 'integer',
      end_day: 'integer',
    },
    ['id'],
  ),
  accounts: spec<AccountsTable>(
    {
      id: 'integer',
      crm_id: 'text',
      name: 'text',
      industry_code: 'integer',
      employees: 'integer',
      annual_revenue: 'bigint',
      region_code: 'integer',
      country_code: 'integer',
      segment_code: 'integer',
      tier_code: 'integer',
      potential: 'bigint',
      owner_id: 'integer',
      territory_id: 'integer',
      parent_id: 'integer',
      created_day: 'integer',
    },
    ['id'],
  ),
  territories: spec<TerritoriesTable>(
    {
      id: 'integer',
      crm_id: 'text',
      name: 'text',
      owner_id: 'integer',
      parent_id: 'integer',
      segment_code: 'integer',
      region_code: 'integer',
    },
    ['id'],
  ),
  opportunities: spec<OpportunitiesTable>(
    {
      id: 'integer',
      crm_id: 'text',
      name: 'text',
      account_id: 'integer',
      currency_code: 'integer',
      type_code: 'integer',
      source_code: 'integer',
      created_day: 'integer',
      list_amount: 'bigint',
      competitor_code: 'integer',
      loss_reason_code: 'integer',
      bant_budget: 'integer',
      bant_authority: 'integer',
      bant_need: 'integer',
      bant_timeline: 'integer',
      ...TRACKED,
      next_step: 'text',
      state_from: 'integer',
      state_sequence: 'integer',
      product_code: 'integer',
    },
    ['id'],
  ),
  opportunity_history: spec<OpportunityHistoryTable>(
    { opportunity_id: 'integer', valid_from: 'integer', sequence: 'integer', ...TRACKED },
    ['opportunity_id', 'valid_from', 'sequence'],
  ),
  activities: spec<ActivitiesTable>(
    {
      id: 'integer',
      crm_id: 'text',
      type_code: 'integer',
      day: 'integer',
      rep_id: 'integer',
      opportunity_id: 'integer',
      account_id: 'integer',
      lead_id: 'integer',
    },
    ['id'],
  ),
  leads: spec<LeadsTable>(
    {
      id: 'integer',
      crm_id: 'text',
      created_day: 'integer',
      source_code: 'integer',
      status_code: 'integer',
      mql_day: 'integer',
      sql_day: 'integer',
      converted_day: 'integer',
      converted_opportunity_id: 'integer',
      converted_account_id: 'integer',
      owner_id: 'integer',
      segment_code: 'integer',
      region_code: 'integer',
    },
    ['id'],
  ),
  quotas: spec<QuotasTable>(
    {
      owner_kind: 'text',
      rep_id: 'integer',
      team_code: 'integer',
      period: 'text',
      amount: 'bigint',
      owner_ref: 'integer',
    },
    ['owner_kind', 'owner_ref', 'period'],
  ),
  costs: spec<CostsTable>({ period: 'text', category_code: 'integer', amount: 'bigint' }, [
    'period',
    'category_code',
  ]),
  labels: spec<LabelsTable>({ kind: 'text', code: 'integer', value: 'text' }, ['kind', 'code']),
  meta: spec<MetaTable>({ key: 'text', value: 'text' }, ['key']),
  writes: spec<WritesTable>(
    {
      id: 'integer',
      source: 'text',
      as_of_day: 'integer',
      note: 'text',
      written_at_day: 'integer',
      counts: 'text',
    },
    ['id'],
  ),
  documents: spec<DocumentsTable>(
    {
      kind: 'text',
      key: 'text',
      revision: 'integer',
      saved_at: 'text',
      saved_by: 'text',
      note: 'text',
      body: 'text',
    },
    ['kind', 'key', 'revision'],
  ),
  audit_log: spec<AuditLogTable>(
    { sequence: 'integer', at: 'text', actor: 'text', action: 'text', subject: 'text', detail: 'text' },
    ['sequence'],
  ),
};

/** The columns of a table in write order. */
export function columnsOf(table: TableName): string[] {
  return Object.keys(TABLES[table].columns);
}

/**
 * The columns an upsert overwrites: all but the key and the CRM id (a row is found by its CRM id, so it never
 * changes, and leaving it out spares the unique index an update).
 */
export function updatedColumns(table: TableName): string[] {
  const key: readonly string[] = TABLES[table].key;
  return columnsOf(table).filter((column) => !key.includes(column) && column !== 'crm_id');
}

/**
 * The key of a scanned row, computed from the row itself (arrays in SCAN_TABLES order), for keyset paging:
 * every scan key is made of scanned columns except the quota `owner_ref`, which is the rep id or team code.
 */
export const SCAN_KEY_OF: { readonly [Table in ScanTable]: (row: readonly unknown[]) => unknown[] } = {
  reps: (row) => [row[0]],
  accounts: (row) => [row[0]],
  opportunities: (row) => [row[0]],
  opportunity_history: (row) => [row[0], row[1], row[2]],
  activities: (row) => [row[0]],
  leads: (row) => [row[0]],
  quotas: (row) => [row[0], row[1] ?? row[2], row[3]],
  costs: (row) => [row[0], row[1]],
  territories: (row) => [row[0]],
};

/** Schema-version key in `meta`. */
export const SCHEMA_VERSION_KEY = 'schema_version';

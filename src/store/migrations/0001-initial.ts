/**
 * Migration 1: the initial schema (see ../schema.ts for what each table holds). Frozen: later changes go in new
 * migrations, so the label seeds below are copied here rather than imported from the domain.
 * @module
 */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

/** Enum label kinds, seeded so their codes follow the domain's order (1 = first value). */
const SEEDED_LABELS: Readonly<Record<string, readonly string[]>> = {
  role: ['vp', 'manager', 'ae', 'am', 'isr', 'sdr', 'se', 'other'],
  forecast_category: ['pipeline', 'best_case', 'commit', 'closed', 'omitted'],
  opportunity_type: ['new', 'expansion', 'renewal'],
  activity_type: ['call', 'email', 'meeting', 'demo', 'task'],
  lead_status: ['new', 'mql', 'sql', 'converted', 'disqualified'],
  cost_category: ['sales', 'marketing'],
};

const notNull = (column: ColumnDefinitionBuilder) => column.notNull();
const primaryKey = (column: ColumnDefinitionBuilder) => column.primaryKey();

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  /** Text key columns sort bytewise in both dialects, so scans come out in the same order. */
  const bytewiseKey = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? column.notNull().modifyEnd(sql`collate "C"`) : column.notNull();
  /** A SQLite table keyed by its primary key only is stored clustered on that key (no rowid). */
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;

  await db.schema
    .createTable('reps')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('email', 'text')
    .addColumn('role_code', 'integer', notNull)
    .addColumn('manager_id', 'integer')
    .addColumn('team_code', 'integer')
    .addColumn('segment_code', 'integer')
    .addColumn('region_code', 'integer')
    .addColumn('hire_day', 'integer')
    .addColumn('end_day', 'integer')
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('industry_code', 'integer')
    .addColumn('employees', 'integer')
    .addColumn('annual_revenue', 'bigint')
    .addColumn('region_code', 'integer')
    .addColumn('country_code', 'integer')
    .addColumn('segment_code', 'integer')
    .addColumn('tier_code', 'integer')
    .addColumn('potential', 'bigint')
    .addColumn('owner_id', 'integer')
    .addColumn('territory_id', 'integer')
    .addColumn('parent_id', 'integer')
    .addColumn('created_day', 'integer')
    .execute();

  await db.schema
    .createTable('territories')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('owner_id', 'integer')
    .addColumn('parent_id', 'integer')
    .addColumn('segment_code', 'integer')
    .addColumn('region_code', 'integer')
    .execute();

  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('name', 'text', notNull)
    .addColumn('account_id', 'integer')
    .addColumn('currency_code', 'integer', notNull)
    .addColumn('type_code', 'integer')
    .addColumn('source_code', 'integer')
    .addColumn('created_day', 'integer', notNull)
    .addColumn('list_amount', 'bigint')
    .addColumn('competitor_code', 'integer')
    .addColumn('loss_reason_code', 'integer')
    .addColumn('bant_budget', 'integer')
    .addColumn('bant_authority', 'integer')
    .addColumn('bant_need', 'integer')
    .addColumn('bant_timeline', 'integer')
    .addColumn('stage_code', 'integer', notNull)
    .addColumn('amount', 'bigint', notNull)
    .addColumn('close_day', 'integer', notNull)
    .addColumn('category_code', 'integer', notNull)
    .addColumn('owner_id', 'integer', notNull)
    .addColumn('next_step', 'text')
    .addColumn('state_from', 'integer', notNull)
    .addColumn('state_sequence', 'integer', notNull)
    .execute();

  await db.schema
    .createTable('opportunity_history')
    .addColumn('opportunity_id', 'integer', notNull)
    .addColumn('valid_from', 'integer', notNull)
    .addColumn('sequence', 'integer', notNull)
    .addColumn('stage_code', 'integer', notNull)
    .addColumn('amount', 'bigint', notNull)
    .addColumn('close_day', 'integer', notNull)
    .addColumn('category_code', 'integer', notNull)
    .addColumn('owner_id', 'integer', notNull)
    .addPrimaryKeyConstraint('opportunity_history_pk', ['opportunity_id', 'valid_from', 'sequence'])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('type_code', 'integer', notNull)
    .addColumn('day', 'integer', notNull)
    .addColumn('rep_id', 'integer', notNull)
    .addColumn('opportunity_id', 'integer')
    .addColumn('account_id', 'integer')
    .addColumn('lead_id', 'integer')
    .execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('crm_id', 'text', (column) => column.notNull().unique())
    .addColumn('created_day', 'integer', notNull)
    .addColumn('source_code', 'integer')
    .addColumn('status_code', 'integer', notNull)
    .addColumn('mql_day', 'integer')
    .addColumn('sql_day', 'integer')
    .addColumn('converted_day', 'integer')
    .addColumn('converted_opportunity_id', 'integer')
    .addColumn('converted_account_id', 'integer')
    .addColumn('owner_id', 'integer')
    .addColumn('segment_code', 'integer')
    .addColumn('region_code', 'integer')
    .execute();

  await db.schema
    .createTable('quotas')
    .addColumn('owner_kind', 'text', bytewiseKey)
    .addColumn('rep_id', 'integer')
    .addColumn('team_code', 'integer')
    .addColumn('period', 'text', bytewiseKey)
    .addColumn('amount', 'bigint', notNull)
    .addColumn('owner_ref', 'integer', notNull)
    .addPrimaryKeyConstraint('quotas_pk', ['owner_kind', 'owner_ref', 'period'])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable('costs')
    .addColumn('period', 'text', bytewiseKey)
    .addColumn('category_code', 'integer', notNull)
    .addColumn('amount', 'bigint', notNull)
    .addPrimaryKeyConstraint('costs_pk', ['period', 'category_code'])
    .modifyEnd(clustered)
    .execute();

  await db.schema
    .createTable('labels')
    .addColumn('kind', 'text', bytewiseKey)
    .addColumn('code', 'integer', notNull)
    .addColumn('value', 'text', notNull)
    .addPrimaryKeyConstraint('labels_pk', ['kind', 'code'])
    .addUniqueConstraint('labels_value_unique', ['kind', 'value'])
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (column) => bytewiseKey(column).primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await db.schema
    .createTable('writes')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('source', 'text', notNull)
    .addColumn('as_of_day', 'integer', notNull)
    .addColumn('note', 'text')
    .addColumn('written_at_day', 'integer')
    .addColumn('counts', 'text', notNull)
    .execute();

  const seeds = Object.entries(SEEDED_LABELS).flatMap(([kind, values]) =>
    values.map((value, index) => ({ kind, code: index + 1, value })),
  );
  const untyped = db as Kysely<Record<string, Record<string, unknown>>>;
  await untyped.insertInto('labels').values(seeds).execute();
  await untyped.insertInto('meta').values({ key: 'schema_version', value: '1' }).execute();
}

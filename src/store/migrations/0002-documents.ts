/**
 * Migration 2: `documents` (what salesops produces and keeps: forecast snapshots and adjustments, plan versions,
 * routing ledgers, comp plans and runs) and the append-only `audit_log`. Frozen once applied.
 * @module
 */
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../store.js';

const notNull = (column: ColumnDefinitionBuilder) => column.notNull();

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const bytewiseKey = (column: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? column.notNull().modifyEnd(sql`collate "C"`) : column.notNull();
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  await db.schema
    .createTable('documents')
    .addColumn('kind', 'text', bytewiseKey)
    .addColumn('key', 'text', bytewiseKey)
    .addColumn('revision', 'integer', notNull)
    .addColumn('saved_at', 'text', notNull)
    .addColumn('saved_by', 'text')
    .addColumn('note', 'text')
    .addColumn('body', 'text', notNull)
    .addPrimaryKeyConstraint('documents_key', ['kind', 'key', 'revision'])
    .modifyEnd(clustered)
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('sequence', 'integer', (column) => column.primaryKey())
    .addColumn('at', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('subject', 'text', notNull)
    .addColumn('detail', 'text')
    .execute();
  await db
    .withTables<{ meta: { key: string; value: string } }>()
    .updateTable('meta')
    .set({ value: '2' })
    .where('key', '=', 'schema_version')
    .execute();
}

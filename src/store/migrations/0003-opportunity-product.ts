/**
 * Migration 3: `opportunities.product_code`, the product or product family sold (label kind `product`), null
 * when the CRM gave none. Frozen once applied.
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('opportunities').addColumn('product_code', 'integer').execute();
  await db
    .withTables<{ meta: { key: string; value: string } }>()
    .updateTable('meta')
    .set({ value: '3' })
    .where('key', '=', 'schema_version')
    .execute();
}

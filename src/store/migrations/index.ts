/**
 * The migration set, listed statically (no filesystem globbing, so it works from dist and from a bundle).
 * A migration's position is its schema version, and each migration sets `meta.schema_version` to it. Append
 * new ones; never edit or reorder applied ones.
 * @module
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../store.js';
import * as initial from './0001-initial.js';
import * as documents from './0002-documents.js';
import * as opportunityProduct from './0003-opportunity-product.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

const MIGRATIONS: readonly (readonly [name: string, migration: DialectMigration])[] = [
  ['0001-initial', initial],
  ['0002-documents', documents],
  ['0003-opportunity-product', opportunityProduct],
];

/** The schema version this code writes: the number of migrations it knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** A Kysely migration provider for one dialect (migrations may differ in storage details per dialect). */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of MIGRATIONS) {
    migrations[name] = { up: (db) => migration.up(db as Kysely<unknown>, dialect) };
  }
  return { getMigrations: () => Promise.resolve(migrations) };
}

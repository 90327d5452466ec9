/**
 * Opens the workspace's store, migrated and ready: the embedded SQLite file, or PostgreSQL when the workspace
 * gives a database URL.
 * @module
 */
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type OpenStoreOptions =
  { readonly sqlitePath: string } | { readonly databaseUrl: string; readonly schema: string };

/**
 * Opens and migrates a store. A PostgreSQL server that cannot be reached is an OperationError naming the host; a
 * database written by a newer salesops is an InputError, and is left untouched.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store =
    'sqlitePath' in options
      ? new SqliteStore({ path: options.sqlitePath })
      : await PostgresStore.connect({ databaseUrl: options.databaseUrl, schema: options.schema });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

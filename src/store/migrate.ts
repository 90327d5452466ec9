/**
 * Brings a store's schema up to date, refusing a database written by a newer salesops before touching it.
 * @module
 */
import { Migrator, type Kysely } from 'kysely';
import { InputError, OperationError } from '../domain/errors.js';
import { migrationProvider, SCHEMA_VERSION } from './migrations/index.js';
import type { StoreDatabase } from './schema.js';
import type { Dialect } from './store.js';

/** Where the store lives, for messages: a file path (SQLite) or a description (PostgreSQL). */
export interface StoreLocation {
  readonly file?: string;
  readonly description: string;
}

/** Fails with an InputError when the stored schema is newer than this code; `stored` null means a new store. */
function assertKnownSchema(stored: number | null, location: StoreLocation): void {
  if (stored === null || stored <= SCHEMA_VERSION) return;
  throw new InputError({
    message:
      `${location.description} was written by a newer salesops ` +
      `(schema ${stored}, this one knows ${SCHEMA_VERSION}): upgrade salesops`,
    ...(location.file === undefined ? {} : { location: { file: location.file } }),
    fix: 'install the latest salesops (npm install -g salesops@latest), then run the command again',
  });
}

/** Applies pending migrations in order. `stored` is the schema version read before (null for a new store). */
export async function migrateToLatest(
  db: Kysely<StoreDatabase>,
  dialect: Dialect,
  stored: number | null,
  location: StoreLocation,
  postgresSchema?: string,
): Promise<void> {
  assertKnownSchema(stored, location);
  if (stored === SCHEMA_VERSION) return;
  // Kysely looks for its migration tables in every schema unless told which: name ours, or a salesops schema
  // beside another one in the same database would find the other's tables and fail.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    ...(postgresSchema === undefined ? {} : { migrationTableSchema: postgresSchema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new OperationError(
      `could not migrate ${location.description} to schema ${SCHEMA_VERSION}: ${reason}`,
      {
        cause: error,
        fix: 'check that the database is writable and not in use by an older salesops, then run the command again',
      },
    );
  }
}

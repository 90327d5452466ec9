/**
 * The server store: PostgreSQL through a `pg` pool, the tables in one PostgreSQL schema per workspace (created
 * if missing; connections set `search_path` to it). Kysely runs the migrations and the small queries; writes
 * send column arrays through `unnest` (thousands of rows per statement, one parameter per column); scans read a
 * cursor in pages, so millions of rows never sit in memory at once.
 *
 * `pg` returns int8 (bigint money, counts) as text: this pool maps it back to a number, refusing values beyond
 * the safe-integer range.
 * @module
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { InputError, OperationError } from '../domain/errors.js';
import { migrateToLatest, type StoreLocation } from './migrate.js';
import { guardScannedMoney, moneyColumnIndexes, safeIntegerFromText } from './scan-guard.js';
import {
  TABLES,
  columnsOf,
  updatedColumns,
  type ColumnType,
  type IdTable,
  type StoreDatabase,
  type TableName,
} from './schema.js';
import {
  appendAudit,
  documentRevisions,
  listDocuments,
  readAuditLog,
  readDocument,
  saveDocument,
} from './store-documents.js';
import {
  readDataVersion,
  readLabels,
  readLastWrite,
  readSchemaVersion,
  readStatus,
} from './store-queries.js';
import {
  SCAN_TABLES,
  type AuditEntry,
  type DocumentKind,
  type DocumentMeta,
  type LabelKind,
  type LastWrite,
  type NewAuditEntry,
  type NewDocument,
  type StoredDocument,
  type ScanTable,
  type Store,
  type StoreStatus,
  type WriteMeta,
  type WriteResult,
} from './store.js';
import { writeBatch, type Batches, type StateRow, type WriteTransaction } from './write-batch.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly databaseUrl: string;
  /** The PostgreSQL schema holding this workspace's tables: lower-case letters, digits and `_`. */
  readonly schema: string;
  /** Rows per scan page; the default suits large tables. */
  readonly scanPageSize?: number;
  readonly connectionTimeoutMillis?: number;
}

const DEFAULT_SCAN_PAGE_SIZE = 25_000;
/** Rows (or ids) per statement in writes and lookups. */
const CHUNK = 10_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** The pool's type parsers: pg's own, but int8 as a guarded number instead of text. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID && format !== 'binary'
      ? safeIntegerFromText
      : (pg.types.getTypeParser(oid, format) as unknown),
};

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  /** Kysely over the pool, for typed queries (tests and tools may read through it). */
  readonly db: Kysely<StoreDatabase>;
  private readonly location: StoreLocation;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
    server: string,
    private readonly scanPageSize: number,
  ) {
    this.location = { description: `the PostgreSQL schema "${schema}" at ${server}` };
    this.db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  }

  /** Connects, creating the schema if missing. A server that does not answer is an OperationError. */
  static async connect(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { databaseUrl, schema } = options;
    if (!SCHEMA_NAME.test(schema)) {
      throw new InputError({
        message: `${JSON.stringify(schema)} is not a usable PostgreSQL schema name`,
        location: { field: 'schema' },
        fix: 'use lower-case letters, digits and _ (starting with a letter or _), at most 63 characters',
      });
    }
    const server = describeServer(databaseUrl);
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      options: `-c search_path=${schema}`,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
      types: TYPES,
    });
    // An idle client's error (the server restarting) must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    try {
      await pool.query(`create schema if not exists ${schema}`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw connectionError(server, error);
    }
    return new PostgresStore(pool, schema, server, options.scanPageSize ?? DEFAULT_SCAN_PAGE_SIZE);
  }

  async migrate(): Promise<void> {
    const found = await this.pool.query<{ meta: string | null }>(`select to_regclass('meta')::text as meta`);
    const stored = found.rows[0]?.meta == null ? null : await readSchemaVersion(this.db);
    await migrateToLatest(this.db, 'postgres', stored, this.location, this.schema);
  }

  async write(batch: Batches, meta: WriteMeta): Promise<WriteResult> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      // One writer at a time: ids are numbered from the highest stored one. Readers are not blocked.
      await client.query('lock table writes in exclusive mode');
      const result = await writeBatch(writeTransaction(client), batch, meta);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  status(): Promise<StoreStatus> {
    return readStatus(this.db, 'postgres');
  }

  dataVersion(): Promise<number> {
    return readDataVersion(this.db);
  }

  lastWrite(): Promise<LastWrite | null> {
    return readLastWrite(this.db);
  }

  labels(kind: LabelKind): Promise<(string | null)[]> {
    return readLabels(this.db, kind);
  }

  async scan(table: ScanTable, onRow: (row: unknown[]) => void): Promise<number> {
    const client = await this.pool.connect();
    const money = moneyColumnIndexes(table);
    let count = 0;
    try {
      await client.query('begin isolation level repeatable read read only');
      await client.query(
        `declare scan_cursor no scroll cursor for select ${SCAN_TABLES[table].join(', ')} from ${table} ` +
          `order by ${TABLES[table].key.join(', ')}`,
      );
      for (;;) {
        const page = await client.query<unknown[]>({
          text: `fetch ${this.scanPageSize} from scan_cursor`,
          rowMode: 'array',
        });
        for (const row of page.rows) {
          guardScannedMoney(table, row, money);
          onRow(row);
        }
        count += page.rows.length;
        if (page.rows.length < this.scanPageSize) break;
      }
      await client.query('commit');
      return count;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  saveDocument<Body>(document: NewDocument<Body>): Promise<DocumentMeta> {
    return saveDocument(this.db, document);
  }

  document<Body = unknown>(
    kind: DocumentKind,
    key: string,
    revision?: number,
  ): Promise<StoredDocument<Body> | null> {
    return readDocument<Body>(this.db, kind, key, revision);
  }

  listDocuments(kind: DocumentKind): Promise<DocumentMeta[]> {
    return listDocuments(this.db, kind);
  }

  documentRevisions(kind: DocumentKind, key: string): Promise<DocumentMeta[]> {
    return documentRevisions(this.db, kind, key);
  }

  appendAudit(entry: NewAuditEntry): Promise<void> {
    return appendAudit(this.db, entry);
  }

  auditLog(filter?: { readonly subject?: string }): Promise<AuditEntry[]> {
    return readAuditLog(this.db, filter?.subject);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** `host:port/database` of a connection URL, without credentials, for messages. */
function describeServer(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname}`;
  } catch {
    throw new InputError({
      message: 'DATABASE_URL is not a URL',
      location: { field: 'DATABASE_URL' },
      fix: 'set it as postgres://user:password@host:5432/database',
    });
  }
}

/** Why a store could not be opened: no answer from the server, or the server's refusal (a SQLSTATE code). */
function connectionError(server: string, error: unknown): OperationError {
  const { code, message } = error as { code?: string; message?: string };
  const refused = code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  return new OperationError(
    refused
      ? `PostgreSQL at ${server} refused the store: ${message ?? code}`
      : `cannot connect to PostgreSQL at ${server} (${code ?? message ?? 'no answer'})`,
    {
      cause: error,
      fix: refused
        ? 'check the user, password and database in DATABASE_URL, and that this user may create schemas there'
        : 'check that the server is running and reachable at that host and port, and that DATABASE_URL ' +
          '(postgres://user:password@host:port/database) is right; or unset DATABASE_URL to use the embedded store',
    },
  );
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The write primitives over one client inside an open transaction. */
function writeTransaction(client: pg.PoolClient): WriteTransaction {
  const rows = async <Row extends unknown[]>(text: string, values: unknown[]): Promise<Row[]> =>
    (await client.query<Row>({ text, values, rowMode: 'array' })).rows;
  const chunked = async <Row extends unknown[]>(
    ids: readonly unknown[],
    text: string,
    extra: unknown[] = [],
  ): Promise<Row[]> => {
    const found: Row[] = [];
    for (const chunk of chunksOf(ids, CHUNK)) found.push(...(await rows<Row>(text, [chunk, ...extra])));
    return found;
  };
  const STATE = 'id, state_from, state_sequence, stage_code, amount, close_day, category_code, owner_id';
  return {
    readLabels: async () =>
      (await client.query<StoreDatabase['labels']>('select kind, code, value from labels')).rows,
    maxId: async (table: IdTable | 'writes') =>
      (await rows<[number]>(`select coalesce(max(id), 0) from ${table}`, []))[0]![0],
    findIds: async (table, crmIds) =>
      new Map(
        await chunked<[string, number]>(
          crmIds,
          `select crm_id, id from ${table} where crm_id = any($1::text[])`,
        ),
      ),
    readKeys: async (table) =>
      new Set(
        (await rows(`select ${TABLES[table].key.join(', ')} from ${table}`, [])).map((key) =>
          JSON.stringify(key),
        ),
      ),
    readCurrentStates: (ids) =>
      chunked<StateRow>(ids, `select ${STATE} from opportunities where id = any($1::integer[])`),
    readLatestChanges: (ids) =>
      chunked<StateRow>(
        ids,
        `select distinct on (opportunity_id) ${columnsOf('opportunity_history').join(', ')} ` +
          'from opportunity_history where opportunity_id = any($1::integer[]) ' +
          'order by opportunity_id, valid_from desc, sequence desc',
      ),
    readMaxSequences: (ids, day) =>
      chunked<[number, number]>(
        ids,
        'select opportunity_id, max(sequence) from opportunity_history ' +
          'where opportunity_id = any($1::integer[]) and valid_from = $2 group by opportunity_id',
        [day],
      ),
    readHistory: async (ids, onRow) => {
      const history =
        `select ${columnsOf('opportunity_history').join(', ')} from opportunity_history ` +
        'where opportunity_id = any($1::integer[])';
      for (const chunk of chunksOf(ids, CHUNK))
        for (const row of await rows<StateRow>(history, [chunk])) onRow(row);
    },
    deleteHistoryDays: async (opportunityIds, days) => {
      for (let from = 0; from < opportunityIds.length; from += CHUNK) {
        await client.query(
          'delete from opportunity_history h using unnest($1::integer[], $2::integer[]) as k(opportunity_id, ' +
            'valid_from) where h.opportunity_id = k.opportunity_id and h.valid_from = k.valid_from',
          [opportunityIds.slice(from, from + CHUNK), days.slice(from, from + CHUNK)],
        );
      }
    },
    insert: async (table, tableRows, onConflict, keep) => {
      const sql = insertSql(table, onConflict, keep);
      const types = columnsOf(table).map((column) => columnType(table, column));
      // Postgres counts a row an upsert left alone (its `where` false) as no row.
      let written = 0;
      for (const columns of columnChunks(tableRows, types.length)) {
        const result = await client.query(
          sql,
          columns.map((values, at) => arrayLiteral(values, types[at]!)),
        );
        written += result.rowCount ?? 0;
      }
      return written;
    },
    updateCurrentStates: async (stateRows) => {
      for (const columns of columnChunks(stateRows, 8)) {
        await client.query(
          'update opportunities o set state_from = u.day, state_sequence = u.sequence, stage_code = u.stage_code, ' +
            'amount = u.amount, close_day = u.close_day, category_code = u.category_code, owner_id = u.owner_id ' +
            'from unnest($1::integer[], $2::integer[], $3::integer[], $4::integer[], $5::bigint[], $6::integer[], ' +
            '$7::integer[], $8::integer[]) as u(id, day, sequence, stage_code, amount, close_day, category_code, ' +
            'owner_id) where o.id = u.id',
          columns.map((values, at) => arrayLiteral(values, at === 4 ? 'bigint' : 'integer')),
        );
      }
    },
  };
}

/**
 * Rows as chunks of one array per column (the parameters of an `unnest` statement). Values are copied out as
 * each row arrives, since a producer may reuse one row array.
 */
function* columnChunks(rows: Iterable<readonly unknown[]>, width: number): Generator<unknown[][]> {
  let columns: unknown[][] = Array.from({ length: width }, () => []);
  let count = 0;
  for (const row of rows) {
    for (let column = 0; column < width; column++) columns[column]!.push(row[column]);
    if (++count === CHUNK) {
      yield columns;
      columns = Array.from({ length: width }, () => []);
      count = 0;
    }
  }
  if (count > 0) yield columns;
}

/**
 * An `insert ... select * from unnest(...)` of a table's columns. On a key conflict it fails, or updates the
 * stored row when a value differs (an unchanged row is not rewritten: no dead tuple, no index churn); `keep`
 * columns of a stored row are left as stored.
 */
function insertSql(table: TableName, onConflict: 'fail' | 'update', keep: readonly string[] = []): string {
  const columns = columnsOf(table);
  const key: readonly string[] = TABLES[table].key;
  const parameters = columns.map((column, at) => `$${at + 1}::${columnType(table, column)}[]`);
  const insert = `insert into ${table} as stored (${columns.join(', ')}) select * from unnest(${parameters.join(', ')})`;
  if (onConflict === 'fail') return insert;
  const updated = updatedColumns(table).filter((column) => !keep.includes(column));
  const updates = updated.map((column) => `${column} = excluded.${column}`);
  const stored = updated.map((column) => `stored.${column}`).join(', ');
  const incoming = updated.map((column) => `excluded.${column}`).join(', ');
  return (
    `${insert} on conflict (${key.join(', ')}) do update set ${updates.join(', ')} ` +
    `where (${stored}) is distinct from (${incoming})`
  );
}

function columnType(table: TableName, column: string): ColumnType {
  return (TABLES[table].columns as Readonly<Record<string, ColumnType>>)[column]!;
}

/**
 * A column of values as a PostgreSQL array literal. Built here rather than by pg (which converts element by
 * element) because bulk writes send millions of values.
 */
function arrayLiteral(values: readonly unknown[], type: ColumnType): string {
  const elements = new Array<string>(values.length);
  for (let at = 0; at < values.length; at++) {
    const value = values[at];
    if (value === null || value === undefined) elements[at] = 'NULL';
    else if (type === 'text') elements[at] = `"${(value as string).replace(/[\\"]/g, '\\$&')}"`;
    else elements[at] = (value as number).toString();
  }
  return `{${elements.join(',')}}`;
}

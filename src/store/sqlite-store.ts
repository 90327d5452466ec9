/**
 * The embedded store: one SQLite file in the workspace (better-sqlite3, WAL, `synchronous=NORMAL`). Kysely runs
 * the migrations and the small queries; writes and scans use raw prepared statements for speed.
 *
 * Scans read pages of rows as one JSON array each (`json_group_array`) and parse it with `JSON.parse`: binding
 * values one by one costs about 1 µs a row in better-sqlite3, which JSON pages halve (5M history rows in ~3 s).
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { OperationError } from '../domain/errors.js';
import { migrateToLatest, type StoreLocation } from './migrate.js';
import {
  SCAN_KEY_OF,
  TABLES,
  columnsOf,
  updatedColumns,
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
import { guardScannedMoney, moneyColumnIndexes } from './scan-guard.js';

export interface SqliteStoreOptions {
  /** The database file (created with its folder if missing), or `:memory:`. */
  readonly path: string;
  /** Rows per scan page; the default suits large tables. */
  readonly scanPageSize?: number;
  /** How long a write waits for another process's write to finish before failing (default 5 s). */
  readonly busyTimeoutMillis?: number;
}

const DEFAULT_SCAN_PAGE_SIZE = 25_000;
/**
 * Rows per insert statement: better-sqlite3 spends more per statement run than SQLite per row, so 100-row
 * statements insert about four times faster than single rows (and stay far below the 32,766-parameter limit).
 */
const ROWS_PER_INSERT = 100;
/**
 * Lookups of more than 1/LOOKUP_SCAN_RATIO of a table read the whole table instead of one row at a time. An
 * indexed lookup costs about what a scanned row does (1.5 µs each, measured on a million rows), so a scan pays
 * only for lookups of at least as many ids as the table has rows: with a ratio of 4, each 100,000-opportunity
 * batch of a million-row import scanned the rows of the batches before it (4 s of its 24 CPU s).
 */
const LOOKUP_SCAN_RATIO = 1;

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  /** Kysely over the same connection, for typed queries (tests and tools may read through it). */
  readonly db: Kysely<StoreDatabase>;
  private readonly sqlite: Database.Database;
  private readonly location: StoreLocation;
  private readonly scanPageSize: number;
  private readonly statements = new Map<string, Statement>();
  /** Calls run one at a time: they share one connection, and a write spans awaits. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SqliteStoreOptions) {
    const { path } = options;
    this.location = { file: path, description: `the store ${path}` };
    this.scanPageSize = options.scanPageSize ?? DEFAULT_SCAN_PAGE_SIZE;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.sqlite = new Database(path);
      this.sqlite.pragma('journal_mode = WAL');
      this.sqlite.pragma('synchronous = NORMAL');
      this.sqlite.pragma(`busy_timeout = ${options.busyTimeoutMillis ?? 5000}`);
      // The page cache grows to this bound in a bulk load and stays resident: at 128 MB it was most of what a
      // million-opportunity import's write added to the peak RSS. Inserting 1M rows keyed by random CRM ids took
      // 9.1 CPU s with 32 MB, 8.8 s with 128 MB and 14.5 s with 8 MB (ids in order: 2.0 s with any).
      this.sqlite.pragma('cache_size = -32768');
    } catch (error) {
      throw new OperationError(`cannot open the store ${path}: ${(error as Error).message}`, {
        cause: error,
        fix: 'check that the folder exists and is writable, and that the file is a salesops store',
      });
    }
    this.db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: this.sqlite }) });
  }

  migrate(): Promise<void> {
    return this.exclusive(async () => {
      const hasMeta = this.prepare(
        `select 1 from sqlite_master where type = 'table' and name = 'meta'`,
      ).get();
      const stored = hasMeta === undefined ? null : await readSchemaVersion(this.db);
      await migrateToLatest(this.db, 'sqlite', stored, this.location);
    });
  }

  write(batch: Batches, meta: WriteMeta): Promise<WriteResult> {
    return this.exclusive(async () => {
      try {
        this.sqlite.exec('begin immediate');
        const result = await writeBatch(this.writeTransaction(), batch, meta);
        this.sqlite.exec('commit');
        return result;
      } catch (error) {
        if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        throw new OperationError(`the store ${this.location.file} is being written by another process`, {
          cause: error,
          fix: 'wait for the other salesops command (an import, a demo) to finish, then run this one again',
        });
      }
    });
  }

  status(): Promise<StoreStatus> {
    return this.exclusive(() => readStatus(this.db, 'sqlite'));
  }

  dataVersion(): Promise<number> {
    return this.exclusive(() => readDataVersion(this.db));
  }

  lastWrite(): Promise<LastWrite | null> {
    return this.exclusive(() => readLastWrite(this.db));
  }

  labels(kind: LabelKind): Promise<(string | null)[]> {
    return this.exclusive(() => readLabels(this.db, kind));
  }

  scan(table: ScanTable, onRow: (row: unknown[]) => void): Promise<number> {
    return this.exclusive(() => {
      // One read transaction: the pages see one snapshot even while another process writes.
      this.sqlite.exec('begin');
      try {
        return Promise.resolve(this.scanPages(table, onRow));
      } finally {
        this.sqlite.exec('commit');
      }
    });
  }

  saveDocument<Body>(document: NewDocument<Body>): Promise<DocumentMeta> {
    return this.exclusive(() => saveDocument(this.db, document));
  }

  document<Body = unknown>(
    kind: DocumentKind,
    key: string,
    revision?: number,
  ): Promise<StoredDocument<Body> | null> {
    return this.exclusive(() => readDocument<Body>(this.db, kind, key, revision));
  }

  listDocuments(kind: DocumentKind): Promise<DocumentMeta[]> {
    return this.exclusive(() => listDocuments(this.db, kind));
  }

  documentRevisions(kind: DocumentKind, key: string): Promise<DocumentMeta[]> {
    return this.exclusive(() => documentRevisions(this.db, kind, key));
  }

  appendAudit(entry: NewAuditEntry): Promise<void> {
    return this.exclusive(() => appendAudit(this.db, entry));
  }

  auditLog(filter?: { readonly subject?: string }): Promise<AuditEntry[]> {
    return this.exclusive(() => readAuditLog(this.db, filter?.subject));
  }

  async close(): Promise<void> {
    await this.exclusive(() => this.db.destroy());
  }

  /** Reads a table in key order, a page at a time (see the module comment). Returns the row count. */
  private scanPages(table: ScanTable, onRow: (row: unknown[]) => void): number {
    const columns = SCAN_TABLES[table].join(', ');
    const key = TABLES[table].key.join(', ');
    const page = (where: string) =>
      this.prepare(
        `select json_group_array(json_array(${columns})) from ` +
          `(select * from ${table} ${where} order by ${key} limit ${this.scanPageSize})`,
      ).pluck();
    // The inner query runs as a co-routine, so the aggregate sees its rows in key order.
    const first = page('');
    const next = page(`where (${key}) > (${TABLES[table].key.map(() => '?').join(', ')})`);
    const money = moneyColumnIndexes(table);
    let count = 0;
    let rows = JSON.parse(first.get() as string) as unknown[][];
    while (rows.length > 0) {
      for (const row of rows) {
        guardScannedMoney(table, row, money);
        onRow(row);
      }
      count += rows.length;
      if (rows.length < this.scanPageSize) break;
      rows = JSON.parse(next.get(...SCAN_KEY_OF[table](rows[rows.length - 1]!)) as string) as unknown[][];
    }
    return count;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.sqlite.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private writeTransaction(): WriteTransaction {
    /** Every row of a query, streamed (reading a million rows into one array costs more in GC than it saves). */
    const each = (sql: string) => this.prepare(sql).raw().iterate() as IterableIterator<unknown[]>;
    const maxId = (table: IdTable | 'writes') =>
      this.prepare(`select coalesce(max(id), 0) from ${table}`).pluck().get() as number;
    /** Rows for these ids: one lookup each for a few, one pass over the table for many. */
    const byIds = <Row extends unknown[]>(table: IdTable, select: string, ids: readonly number[]): Row[] => {
      if (ids.length * LOOKUP_SCAN_RATIO < maxId(table)) {
        const one = this.prepare(`select ${select} from ${table} where id = ?`).raw();
        return ids.flatMap((id) => one.all(id) as Row[]);
      }
      const wanted = new Set(ids);
      const rows: Row[] = [];
      for (const row of each(`select ${select} from ${table}`))
        if (wanted.has(row[0] as number)) rows.push(row as Row);
      return rows;
    };
    const STATE = 'id, state_from, state_sequence, stage_code, amount, close_day, category_code, owner_id';
    return {
      readLabels: () => Promise.resolve(this.prepare('select kind, code, value from labels').all() as never),
      maxId: (table) => Promise.resolve(maxId(table)),
      findIds: (table, crmIds) => {
        const found = new Map<string, number>();
        if (crmIds.length * LOOKUP_SCAN_RATIO < maxId(table)) {
          const one = this.prepare(`select id from ${table} where crm_id = ?`).pluck();
          for (const crmId of crmIds) {
            const id = one.get(crmId) as number | undefined;
            if (id !== undefined) found.set(crmId, id);
          }
        } else {
          const wanted = new Set(crmIds);
          for (const [crmId, id] of each(`select crm_id, id from ${table}`) as Iterable<[string, number]>) {
            if (wanted.has(crmId)) found.set(crmId, id);
          }
        }
        return Promise.resolve(found);
      },
      readKeys: (table) =>
        Promise.resolve(
          new Set(
            Array.from(each(`select ${TABLES[table].key.join(', ')} from ${table}`), (key) =>
              JSON.stringify(key),
            ),
          ),
        ),
      readCurrentStates: (ids) => Promise.resolve(byIds<StateRow>('opportunities', STATE, ids)),
      readLatestChanges: (ids) => {
        const latest = this.prepare(
          `select ${columnsOf('opportunity_history').join(', ')} from opportunity_history ` +
            'where opportunity_id = ? order by valid_from desc, sequence desc limit 1',
        ).raw();
        return Promise.resolve(ids.flatMap((id) => latest.all(id) as StateRow[]));
      },
      readMaxSequences: (ids, day) => {
        const max = this.prepare(
          'select opportunity_id, max(sequence) from opportunity_history where opportunity_id = ? and valid_from = ? ' +
            'group by opportunity_id',
        ).raw();
        return Promise.resolve(ids.flatMap((id) => max.all(id, day) as [number, number][]));
      },
      readHistory: (ids, onRow) => {
        if (ids.length * LOOKUP_SCAN_RATIO >= maxId('opportunities')) {
          this.scanPages('opportunity_history', onRow as (row: unknown[]) => void);
        } else {
          const history = this.prepare(
            `select ${columnsOf('opportunity_history').join(', ')} from opportunity_history where opportunity_id = ?`,
          ).raw();
          for (const id of ids) for (const row of history.iterate(id)) onRow(row as StateRow);
        }
        return Promise.resolve();
      },
      deleteHistoryDays: (opportunityIds, days) => {
        const removeSql = (pairs: number) =>
          'delete from opportunity_history where (opportunity_id, valid_from) in ' +
          `(values ${Array.from({ length: pairs }, () => '(?, ?)').join(', ')})`;
        const values: number[] = [];
        for (let pair = 0; pair < opportunityIds.length; pair += ROWS_PER_INSERT) {
          const pairs = Math.min(ROWS_PER_INSERT, opportunityIds.length - pair);
          values.length = 0;
          for (let at = pair; at < pair + pairs; at++) values.push(opportunityIds[at]!, days[at]!);
          this.prepare(removeSql(pairs)).run(values);
        }
        return Promise.resolve();
      },
      insert: (table, rows, onConflict, keep) => {
        const width = columnsOf(table).length;
        const many = this.prepare(insertSql(table, onConflict, ROWS_PER_INSERT, keep));
        const values = new Array<unknown>(width * ROWS_PER_INSERT);
        let filled = 0;
        // SQLite counts a row an upsert left alone (its `where` false) as no change.
        let written = 0;
        for (const row of rows) {
          for (let column = 0; column < width; column++) values[filled * width + column] = row[column];
          if (++filled === ROWS_PER_INSERT) {
            written += many.run(values).changes;
            filled = 0;
          }
        }
        const one = this.prepare(insertSql(table, onConflict, 1, keep));
        for (let row = 0; row < filled; row++)
          written += one.run(values.slice(row * width, (row + 1) * width)).changes;
        return Promise.resolve(written);
      },
      updateCurrentStates: (rows) => {
        const update = this.prepare(
          'update opportunities set state_from = ?, state_sequence = ?, stage_code = ?, amount = ?, ' +
            'close_day = ?, category_code = ?, owner_id = ? where id = ?',
        );
        for (const [id, ...state] of rows) update.run(...state, id);
        return Promise.resolve();
      },
    };
  }
}

/**
 * `insert into` a table, `rows` rows at a time. On a key conflict it fails, or updates the stored row when a value
 * differs (an unchanged row is not rewritten, which spares the WAL a page per row on re-imports); `keep` columns
 * of a stored row are left as stored.
 */
function insertSql(
  table: TableName,
  onConflict: 'fail' | 'update',
  rows: number,
  keep: readonly string[] = [],
): string {
  const columns = columnsOf(table);
  const key: readonly string[] = TABLES[table].key;
  const row = `(${columns.map(() => '?').join(', ')})`;
  const insert = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
  if (onConflict === 'fail') return insert;
  const updated = updatedColumns(table).filter((column) => !keep.includes(column));
  const updates = updated.map((column) => `${column} = excluded.${column}`);
  const stored = updated.map((column) => `${table}.${column}`).join(', ');
  const incoming = updated.map((column) => `excluded.${column}`).join(', ');
  return (
    `${insert} on conflict (${key.join(', ')}) do update set ${updates.join(', ')} ` +
    `where (${stored}) is not (${incoming})`
  );
}

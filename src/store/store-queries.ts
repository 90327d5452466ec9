/**
 * The store's read queries that are the same in both dialects, in Kysely: status, labels, data version.
 * @module
 */
import type { Kysely } from 'kysely';
import { fromDayNumber } from '../domain/dates.js';
import type { EntityBatch } from '../domain/entities.js';
import { labelArray } from './label-dictionary.js';
import { SCHEMA_VERSION_KEY, type StoreDatabase, type TableName } from './schema.js';
import type { Dialect, LabelKind, LastWrite, StoreStatus } from './store.js';

type Db = Kysely<StoreDatabase>;

/** The table each entity list is stored in. */
const ENTITY_TABLES: Readonly<Record<keyof EntityBatch, TableName>> = {
  reps: 'reps',
  accounts: 'accounts',
  territories: 'territories',
  opportunities: 'opportunities',
  opportunityChanges: 'opportunity_history',
  activities: 'activities',
  leads: 'leads',
  quotas: 'quotas',
  costs: 'costs',
};

/** The schema version in `meta` (the caller checks that the table exists). */
export async function readSchemaVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', SCHEMA_VERSION_KEY)
    .executeTakeFirst();
  return row === undefined ? 0 : Number(row.value);
}

export async function readDataVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('writes')
    .select((eb) => eb.fn.max('id').as('version'))
    .executeTakeFirst();
  return row?.version ?? 0;
}

export async function readLabels(db: Db, kind: LabelKind): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('labels')
    .select(['code', 'value'])
    .where('kind', '=', kind)
    .orderBy('code')
    .execute();
  return labelArray(rows);
}

async function countRows(db: Db, table: TableName): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function readStatus(db: Db, dialect: Dialect): Promise<StoreStatus> {
  const counts = {} as Record<keyof EntityBatch, number>;
  for (const [list, table] of Object.entries(ENTITY_TABLES) as [keyof EntityBatch, TableName][]) {
    counts[list] = await countRows(db, table);
  }
  const dates = await db
    .selectFrom('opportunities')
    .select((eb) => [
      eb.fn.min('created_day').as('createdFrom'),
      eb.fn.max('created_day').as('createdTo'),
      eb.fn.min('close_day').as('closeFrom'),
      eb.fn.max('close_day').as('closeTo'),
    ])
    .executeTakeFirstOrThrow();
  const history = await db
    .selectFrom('opportunity_history')
    .select((eb) => [eb.fn.min('valid_from').as('from'), eb.fn.max('valid_from').as('to')])
    .executeTakeFirstOrThrow();
  const day = (value: number | null) => (value === null ? null : fromDayNumber(value));
  const from = minOf(dates.createdFrom, dates.closeFrom);
  const to = maxOf(dates.createdTo, dates.closeTo);
  return {
    dialect,
    schemaVersion: await readSchemaVersion(db),
    dataVersion: await readDataVersion(db),
    counts,
    dateRange: from === null || to === null ? null : { from: fromDayNumber(from), to: fromDayNumber(to) },
    history: {
      from: day(history.from),
      to: day(history.to),
      changesPerOpportunity:
        counts.opportunities === 0 ? 0 : counts.opportunityChanges / counts.opportunities,
    },
    lastWrite: await readLastWrite(db),
  };
}

export async function readLastWrite(db: Db): Promise<LastWrite | null> {
  const write = await db
    .selectFrom('writes')
    .select(['source', 'as_of_day', 'note'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return write === undefined
    ? null
    : { source: write.source, asOf: fromDayNumber(write.as_of_day), note: write.note };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

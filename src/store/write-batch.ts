/**
 * The write algorithm both adapters share: one batch, inside one transaction the adapter opened, through the
 * small set of primitives in {@link WriteTransaction}.
 *
 * 1. Resolve CRM ids to surrogate ids (stored ones looked up, new ones numbered densely after the highest: in
 *    record order, or in CRM id order for a bulk batch, see {@link CRM_ID_ORDER_FROM}), and check every reference
 *    and key before writing anything: an unknown or duplicate id is an InputError. Rows are written in id order.
 * 2. Upsert reps, territories, accounts.
 * 3. History. Changes the batch gives replace the stored changes of those opportunities on those days. Every
 *    opportunity in the batch is then compared with its latest change: a new one without given history gets an
 *    initial change dated its created date; one whose tracked state differs gets a change dated `asOf` (the next
 *    sequence of that day). The opportunity row's current state is its latest change.
 * 4. Upsert opportunities, activities, leads, quotas, costs; store new labels; record the write.
 *
 * An upsert overwrites every column of a stored record, except the columns of fields a {@link PartialEntityBatch}
 * says the record's source left out: those keep their stored values.
 *
 * Built for bulk loads (a million opportunities, five million changes): history lives in typed columns, rows are
 * produced lazily, and each CRM id is looked up once.
 * @module
 */
import { fromDayNumber, parseIsoDate, toDayNumber, type IsoDate } from '../domain/dates.js';
import type { EntityBatch, Opportunity } from '../domain/entities.js';
import { InputError, type Problem } from '../domain/errors.js';
import { DayEncoder, problemAt, throwIfProblems, type Place } from './encode.js';
import { forEachReference, ID_LISTS, placeOf, RowEncoder } from './entity-rows.js';
import {
  deriveChanges,
  groupByOpportunity,
  type ChangeColumns,
  HistoryColumns,
  type HistoryGroups,
  type LatestChanges,
} from './history.js';
import { IdFilter } from './id-filter.js';
import { LabelDictionary } from './label-dictionary.js';
import {
  ID_TABLES,
  TABLES,
  type IdTable,
  type LabelsTable,
  type StoreDatabase,
  type TableName,
} from './schema.js';
import type { WriteMeta, WriteResult } from './store.js';

/**
 * A row of tracked state in the history table's column order: opportunity id, day (`valid_from` or
 * `state_from`), sequence, stage code, amount, close day, category code, owner id.
 */
export type StateRow = [number, number, number, number, number, number, number, number];

/** What the write algorithm needs from an adapter, all inside the one transaction of the write. */
export interface WriteTransaction {
  readLabels(): Promise<LabelsTable[]>;
  /** The highest id of a table (0 when empty). Ids are dense, so it is also the row count. */
  maxId(table: IdTable | 'writes'): Promise<number>;
  /** The stored surrogate ids of those CRM ids that are stored. */
  findIds(table: IdTable, crmIds: readonly string[]): Promise<Map<string, number>>;
  /** The stored keys of a keyed table, each as the JSON array of its key columns. */
  readKeys(table: 'quotas' | 'costs'): Promise<Set<string>>;
  /** The current state of these opportunities, from the opportunities table. */
  readCurrentStates(ids: readonly number[]): Promise<StateRow[]>;
  /** The latest history change of these opportunities. */
  readLatestChanges(ids: readonly number[]): Promise<StateRow[]>;
  /** `[id, highest sequence]` of these opportunities' changes on one day (those that have any). */
  readMaxSequences(ids: readonly number[], day: number): Promise<[number, number][]>;
  /** Streams the stored history of these opportunities (in no particular order). */
  readHistory(opportunityIds: readonly number[], onRow: (row: StateRow) => void): Promise<void>;
  /** Deletes the history of each (opportunity, day) pair. */
  deleteHistoryDays(opportunityIds: readonly number[], days: readonly number[]): Promise<void>;
  /**
   * Inserts rows (arrays in `columnsOf(table)` order); on a key conflict, fails or updates the stored row, except
   * its `keep` columns, when one of its other values differs. The producer may reuse one array for every row, so
   * each row is consumed before the next is taken. Resolves to the number of rows written: inserted, or stored
   * and updated (a stored row whose values are all the same is not written, and not counted).
   */
  insert(
    table: TableName,
    rows: Iterable<unknown[]>,
    onConflict: 'fail' | 'update',
    keep?: readonly string[],
  ): Promise<number>;
  /** Sets the current state of stored opportunities. */
  updateCurrentStates(rows: Iterable<StateRow>): Promise<void>;
}

type Counts = Record<keyof EntityBatch, number>;

const zeroCounts = (): Counts => ({
  reps: 0,
  accounts: 0,
  territories: 0,
  opportunities: 0,
  opportunityChanges: 0,
  activities: 0,
  leads: 0,
  quotas: 0,
  costs: 0,
});

/** A write's records per list: new, stored and changed, stored and the same as given. */
interface WriteCounts {
  readonly inserted: Counts;
  readonly updated: Counts;
  readonly unchanged: Counts;
}

const zeroWriteCounts = (): WriteCounts => ({
  inserted: zeroCounts(),
  updated: zeroCounts(),
  unchanged: zeroCounts(),
});

/** One batch, or a stream of batches written as one (a bulk load that should not sit in memory at once). */
export type Batches = EntityBatch | Iterable<EntityBatch>;

/** The lists whose records an import may give without some of their fields. */
export type PartialList = 'reps' | 'accounts' | 'opportunities' | 'activities' | 'leads';

/**
 * The store columns of each field a record may be given without (`qualification.budget` for a nested one). A
 * field left out of a record's source keeps its stored value; a new record has it empty.
 */
const KEEPABLE_COLUMNS: { readonly [List in PartialList]: Readonly<Record<string, string>> } = {
  reps: {
    email: 'email',
    role: 'role_code',
    managerId: 'manager_id',
    team: 'team_code',
    segment: 'segment_code',
    region: 'region_code',
    hireDate: 'hire_day',
    endDate: 'end_day',
  },
  accounts: {
    industry: 'industry_code',
    employees: 'employees',
    annualRevenue: 'annual_revenue',
    region: 'region_code',
    country: 'country_code',
    segment: 'segment_code',
    tier: 'tier_code',
    potential: 'potential',
    ownerId: 'owner_id',
    territoryId: 'territory_id',
    parentId: 'parent_id',
    createdDate: 'created_day',
  },
  opportunities: {
    accountId: 'account_id',
    type: 'type_code',
    source: 'source_code',
    listAmount: 'list_amount',
    competitor: 'competitor_code',
    lossReason: 'loss_reason_code',
    nextStep: 'next_step',
    product: 'product_code',
    'qualification.budget': 'bant_budget',
    'qualification.authority': 'bant_authority',
    'qualification.need': 'bant_need',
    'qualification.timeline': 'bant_timeline',
  },
  activities: { opportunityId: 'opportunity_id', accountId: 'account_id', leadId: 'lead_id' },
  leads: {
    source: 'source_code',
    mqlDate: 'mql_day',
    sqlDate: 'sql_day',
    convertedDate: 'converted_day',
    convertedOpportunityId: 'converted_opportunity_id',
    convertedAccountId: 'converted_account_id',
    ownerId: 'owner_id',
    segment: 'segment_code',
    region: 'region_code',
  },
};

/** A field name of {@link KEEPABLE_COLUMNS}. */
export type KeepableField<List extends PartialList> = keyof (typeof KEEPABLE_COLUMNS)[List] & string;

/**
 * Per record of a list (by index), the fields its source did not give (a column the export lacks), or undefined
 * when it gave them all. Records with the same fields left out should share one array.
 */
export type KeptFields = { readonly [List in PartialList]?: readonly (readonly string[] | undefined)[] };

/**
 * A batch some of whose records leave fields out: an upsert keeps the stored values of those fields, where a
 * null in a record means "empty". A plain EntityBatch gives every field.
 */
export interface PartialEntityBatch extends EntityBatch {
  readonly keep?: KeptFields;
  /**
   * More given changes, as columns (a bulk import's history, never objects), after `opportunityChanges`: change
   * `at` of them is the batch's change `opportunityChanges.length + at` in messages.
   */
  readonly changeColumns?: ChangeColumns;
}

function isEntityBatch(batches: Batches): batches is EntityBatch {
  return 'opportunities' in batches && Array.isArray(batches.opportunities);
}

/**
 * Writes the batches in order inside the caller's transaction and records them as one write (one data version).
 * A later batch may refer to records of an earlier one.
 */
export async function writeBatch(
  tx: WriteTransaction,
  batches: Batches,
  meta: WriteMeta,
): Promise<WriteResult> {
  const asOfDay = metaDay(meta.asOf, 'asOf');
  const writtenAtDay = meta.writtenAt === undefined ? null : metaDay(meta.writtenAt, 'writtenAt');
  const counts = zeroWriteCounts();
  const added = new AddedIds();
  if (!isEntityBatch(batches)) collectCallersGarbage();
  for (const batch of isEntityBatch(batches) ? [batches] : batches) {
    const written = await applyBatch(tx, batch, asOfDay, added);
    for (const key of Object.keys(counts.inserted) as (keyof EntityBatch)[]) {
      counts.inserted[key] += written.inserted[key];
      counts.updated[key] += written.updated[key];
      counts.unchanged[key] += written.unchanged[key];
    }
  }
  return recordWrite(tx, meta, asOfDay, writtenAtDay, counts);
}

/**
 * A stream of batches is a bulk load, and its caller has usually just built it: the garbage of that (an import's
 * assembly, 100-200 MB at a million opportunities) is collected before the write allocates its own, where the
 * runtime offers a collection (`node --expose-gc`, as bin/salesops.js runs `import`). Otherwise V8 collects it a
 * few seconds into the write, after the write's first allocations, and that moment was the import's peak RSS:
 * 1,011-1,073 MB at 1M opportunities without, 964 MB with, for 0.27 CPU s (docs/performance.md).
 */
function collectCallersGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function applyBatch(
  tx: WriteTransaction,
  batch: EntityBatch,
  asOfDay: number,
  added: AddedIds,
): Promise<WriteCounts> {
  const labels = new LabelDictionary(await tx.readLabels());
  const ids = await resolveIds(tx, batch, added);
  throwIfProblems([
    ...ids.problems,
    ...unknownReferences(batch, ids.maps),
    ...teamQuotaProblems(batch, labels),
    ...duplicateKeys(batch, 'quotas', (quota) => [quota.ownerKind, quota.ownerId, quota.period]),
    ...duplicateKeys(batch, 'costs', (cost) => [cost.period, cost.category]),
  ]);
  const encoder = new RowEncoder(ids.maps, labels, new DayEncoder());
  const objects = batch.opportunityChanges;
  const columns = (batch as PartialEntityBatch).changeColumns;
  const given = new HistoryColumns(objects.length + (columns?.length ?? 0));
  objects.forEach((change, index) => encoder.pushChange(given, change, index));
  for (let at = 0; columns !== undefined && at < columns.length; at++)
    encoder.pushColumnChange(given, columns, at, objects.length + at);
  const groups = groupByOpportunity(given);
  throwIfProblems(duplicateChanges(batch, given, groups));

  const counts = zeroWriteCounts();
  // The rows an upsert wrote are the new ones and the stored ones that changed; the other stored ones are the same.
  const count = (table: IdTable, written: number) => {
    counts.inserted[table] = ids.added[table];
    counts.updated[table] = written - ids.added[table];
    counts.unchanged[table] = batch[table].length - written;
  };
  const keep = (batch as PartialEntityBatch).keep ?? {};
  const { orders } = ids;
  count(
    'reps',
    await upsert(tx, batch.reps, 'reps', (rep, at) => encoder.rep(rep, at), orders.reps, keep.reps),
  );
  const territories = rowsOf(
    batch.territories,
    'territories',
    (t) => encoder.territory(t),
    orders.territories,
  );
  count('territories', await tx.insert('territories', territories, 'update'));
  const account = (a: EntityBatch['accounts'][number], at: Place) => encoder.account(a, at);
  count('accounts', await upsert(tx, batch.accounts, 'accounts', account, orders.accounts, keep.accounts));

  const storedOpportunities = ids.stored.opportunities;
  const history = await replaceGivenHistory(tx, given, groups, storedOpportunities);
  const states = await planStates(
    tx,
    batch,
    encoder,
    ids.records.opportunities,
    given,
    groups,
    storedOpportunities,
    asOfDay,
  );
  // Derived changes are made in record order; written, as the given ones, in key order.
  const derivedOrder = groupByOpportunity(states.derived).order;
  await tx.insert('opportunity_history', states.derived.rows(derivedOrder), 'fail');
  counts.inserted.opportunityChanges = given.length - history.replaced + states.derived.length;
  counts.updated.opportunityChanges = history.replaced - history.unchanged;
  counts.unchanged.opportunityChanges = history.unchanged;
  const opportunityRow = (opportunity: Opportunity, at: Place) =>
    encoder.opportunity(opportunity, at, states.current, at.index);
  count(
    'opportunities',
    await upsert(
      tx,
      batch.opportunities,
      'opportunities',
      opportunityRow,
      orders.opportunities,
      keep.opportunities,
    ),
  );
  await tx.updateCurrentStates(states.historyOnly);

  const activity = (a: EntityBatch['activities'][number], at: Place) => encoder.activity(a, at);
  count(
    'activities',
    await upsert(tx, batch.activities, 'activities', activity, orders.activities, keep.activities),
  );
  const lead = (l: EntityBatch['leads'][number], at: Place) => encoder.lead(l, at);
  count('leads', await upsert(tx, batch.leads, 'leads', lead, orders.leads, keep.leads));
  const quotas = batch.quotas.map((quota, index) => encoder.quota(quota, { list: 'quotas', index }));
  await upsertKeyed(tx, 'quotas', quotas, counts);
  const costs = batch.costs.map((cost, index) => encoder.cost(cost, { list: 'costs', index }));
  await upsertKeyed(tx, 'costs', costs, counts);
  await tx.insert('labels', labels.newLabels().map(rowArray), 'fail');
  return counts;
}

/** Appends the write to `writes`; its id is the new data version. */
async function recordWrite(
  tx: WriteTransaction,
  meta: WriteMeta,
  asOfDay: number,
  writtenAtDay: number | null,
  counts: WriteCounts,
): Promise<WriteResult> {
  const dataVersion = (await tx.maxId('writes')) + 1;
  const write: StoreDatabase['writes'] = {
    id: dataVersion,
    source: meta.source,
    as_of_day: asOfDay,
    note: meta.note ?? null,
    written_at_day: writtenAtDay,
    counts: JSON.stringify(counts),
  };
  await tx.insert('writes', [rowArray(write)], 'fail');
  return { dataVersion, ...counts };
}

/**
 * Upserts the rows of a table keyed by its columns (no surrogate id), counting which keys were new, and which of
 * the stored ones the write changed.
 */
async function upsertKeyed<Table extends 'quotas' | 'costs'>(
  tx: WriteTransaction,
  table: Table,
  rows: readonly StoreDatabase[Table][],
  counts: WriteCounts,
): Promise<void> {
  const stored = await tx.readKeys(table);
  const key = TABLES[table].key as readonly (keyof StoreDatabase[Table])[];
  const inserted = rows.filter((row) => !stored.has(JSON.stringify(key.map((column) => row[column])))).length;
  const written = await tx.insert(table, rows.map(rowArray), 'update');
  counts.inserted[table] = inserted;
  counts.updated[table] = written - inserted;
  counts.unchanged[table] = rows.length - written;
}

function metaDay(value: IsoDate, field: string): number {
  if (typeof value === 'string' && parseIsoDate(value) !== null) return toDayNumber(value);
  throw new InputError({
    message: `the write's ${field} ${JSON.stringify(value)} is not a date`,
    location: { field },
    fix: 'give the date as YYYY-MM-DD',
  });
}

/** A row object as the array adapters insert: its properties are in column order (see RowEncoder). */
function rowArray(row: object): unknown[] {
  return Object.values(row);
}

/** Lazily maps the records at `indexes` to row arrays, so a million records never sit in memory twice. */
function* rowsOf<Table extends IdTable>(
  records: EntityBatch[Table],
  table: Table,
  toRow: (record: EntityBatch[Table][number], place: Place) => StoreDatabase[Table],
  indexes: ArrayLike<number>,
): Generator<unknown[]> {
  for (let at = 0; at < indexes.length; at++) {
    const index = indexes[at]!;
    const record = records[index] as EntityBatch[Table][number];
    yield rowArray(toRow(record, placeOf(table, record, index)));
  }
}

/**
 * Upserts a list's records in `order` (their positions in id order); records that leave fields out are written
 * in groups of the same fields, each keeping the stored columns of its left-out fields. Resolves to the number
 * of records written (new or changed).
 */
async function upsert<Table extends PartialList>(
  tx: WriteTransaction,
  records: EntityBatch[Table],
  table: Table,
  toRow: (record: EntityBatch[Table][number], place: Place) => StoreDatabase[Table],
  order: Uint32Array,
  kept: readonly (readonly string[] | undefined)[] | undefined,
): Promise<number> {
  const whole: number[] = [];
  const partial = new Map<string, { columns: string[]; indexes: number[] }>();
  for (let at = 0; kept !== undefined && at < order.length; at++) {
    const index = order[at]!;
    const fields = kept[index];
    if (fields === undefined || fields.length === 0) {
      whole.push(index);
      continue;
    }
    const key = fields.join('\u0000');
    let group = partial.get(key);
    if (group === undefined) {
      group = { columns: fields.map((field) => keptColumn(table, field)), indexes: [] };
      partial.set(key, group);
    }
    group.indexes.push(index);
  }
  if (partial.size === 0) return tx.insert(table, rowsOf(records, table, toRow, order), 'update');
  let written = whole.length > 0 ? await tx.insert(table, rowsOf(records, table, toRow, whole), 'update') : 0;
  for (const { columns, indexes } of partial.values())
    written += await tx.insert(table, rowsOf(records, table, toRow, indexes), 'update', columns);
  return written;
}

function keptColumn(list: PartialList, field: string): string {
  const column = (KEEPABLE_COLUMNS[list] as Readonly<Record<string, string | undefined>>)[field];
  if (column === undefined) throw new Error(`${list} have no field ${field} a write can keep`);
  return column;
}

interface ResolvedIds {
  /** CRM id to surrogate id per table: the stored ones the batch uses, and the batch's new ones. */
  readonly maps: Record<IdTable, Map<string, number>>;
  /** Highest stored id per table before this write: ids above it are new. */
  readonly stored: Record<IdTable, number>;
  /** How many new records of each table the batch adds. */
  readonly added: Record<IdTable, number>;
  /** The surrogate id of each record of the batch, by its position in its list. */
  readonly records: Record<IdTable, Int32Array>;
  /** The positions of each list's records in the order of their surrogate ids: the order rows are written in. */
  readonly orders: Record<IdTable, Uint32Array>;
  readonly problems: Problem[];
}

/**
 * What a write remembers of the CRM ids of its batches, so that a later batch looks up in the store only ids it
 * cannot know otherwise: the ids the previous batch resolved (every batch of an import refers to its reps and
 * accounts), and, for a table that was empty when the write began, a filter of the ids its batches added (an id
 * the filter has never seen is new).
 */
class AddedIds {
  /** Per table, the ids added so far, or null when the table held rows before the write. */
  private readonly filters = new Map<IdTable, IdFilter | null>();
  /** Per table, CRM id to surrogate id of every id the previous batch used. */
  readonly previous = new Map<IdTable, ReadonlyMap<string, number>>();

  /** Called with the table's highest id before each batch: the first call says whether the table was empty. */
  start(table: IdTable, highest: number): void {
    if (!this.filters.has(table)) this.filters.set(table, highest === 0 ? new IdFilter() : null);
  }

  /** Whether an id of the table may be stored (always, for a table that held rows before the write). */
  mayBeStored(table: IdTable, crmId: string): boolean {
    return this.filters.get(table)?.mightHave(crmId) ?? true;
  }

  add(table: IdTable, crmId: string): void {
    this.filters.get(table)?.add(crmId);
  }
}

async function resolveIds(tx: WriteTransaction, batch: EntityBatch, added: AddedIds): Promise<ResolvedIds> {
  const maps = {} as Record<IdTable, Map<string, number>>;
  const stored = {} as Record<IdTable, number>;
  const addedCounts = {} as Record<IdTable, number>;
  const ofRecords = {} as Record<IdTable, Int32Array>;
  const orders = {} as Record<IdTable, Uint32Array>;
  const problems: Problem[] = [];
  for (const table of ID_TABLES) {
    const records = batch[ID_LISTS[table]];
    const highest = await tx.maxId(table);
    added.start(table, highest);
    const map = new Map<string, number>();
    const previous = added.previous.get(table);
    const lookUp =
      highest === 0
        ? []
        : usedIds(batch, table, (crmId) => {
            const id = previous?.get(crmId);
            if (id !== undefined) map.set(crmId, id);
            return id === undefined && added.mayBeStored(table, crmId);
          });
    if (lookUp.length > 0) for (const [crmId, id] of await tx.findIds(table, lookUp)) map.set(crmId, id);
    const seen = records.length > 0 && highest > 0 ? new Set<string>() : null;
    let next = highest + 1;
    const recordIds = new Int32Array(records.length);
    const fresh: number[] = [];
    records.forEach((record, index) => {
      const known = map.get(record.id);
      // A new id is numbered on first sight; meeting it (or a stored one) again means a duplicate record.
      const duplicate = known === undefined ? false : seen === null ? true : seen.has(record.id);
      if (duplicate) problems.push(duplicateIdProblem(table, index, record.id));
      if (known === undefined) {
        map.set(record.id, next++);
        added.add(table, record.id);
        fresh.push(index);
      }
      recordIds[index] = known ?? next - 1;
      seen?.add(record.id);
    });
    numberInCrmIdOrder(records, fresh, highest, map, recordIds);
    maps[table] = map;
    added.previous.set(table, map);
    ofRecords[table] = recordIds;
    orders[table] = idOrder(recordIds);
    stored[table] = highest;
    addedCounts[table] = next - highest - 1;
  }
  return { maps, stored, added: addedCounts, records: ofRecords, orders, problems };
}

/**
 * New records of one table in one batch from which they are numbered in the order of their CRM ids rather than
 * in record order: a bulk load, whose inserts into both B-trees of the table (by id, and the unique index by CRM
 * id) then go in key order. 1M rows with shuffled CRM ids in batches of 100,000 took SQLite 10.3 CPU s in record
 * order and 2.5 s numbered so (micro-benchmark); a 1M import of a shuffled export, 7.9 and 5.7 s for its
 * opportunities' inserts (docs/performance.md). Smaller batches keep their record order, the order an export
 * lists them in, where it costs little.
 */
export const CRM_ID_ORDER_FROM = 10_000;

/**
 * Renumbers a batch's new records (`fresh`: their indexes, first sightings in record order, numbered
 * `highest + 1` on in that order) in the order of their CRM ids, for a bulk load (see {@link CRM_ID_ORDER_FROM}).
 * Sorting costs 0.1-0.2 s per 100,000 ids, and nothing for a batch already in order.
 */
function numberInCrmIdOrder(
  records: readonly { readonly id: string }[],
  fresh: readonly number[],
  highest: number,
  map: Map<string, number>,
  recordIds: Int32Array,
): void {
  if (fresh.length < CRM_ID_ORDER_FROM) return;
  const crmIdAt = (at: number) => records[fresh[at]!]!.id;
  let sorted = true;
  for (let at = 1; sorted && at < fresh.length; at++) sorted = crmIdAt(at - 1) <= crmIdAt(at);
  if (sorted) return;
  const order = new Uint32Array(fresh.length);
  for (let at = 0; at < order.length; at++) order[at] = at;
  // JavaScript compares UTF-16 code units and SQLite UTF-8 bytes: the same order but for rare astral
  // characters, which cost at most a few out-of-order inserts.
  order.sort((a, b) => {
    const [left, right] = [crmIdAt(a), crmIdAt(b)];
    return left < right ? -1 : left > right ? 1 : 0;
  });
  order.forEach((at, rank) => {
    const index = fresh[at]!;
    map.set(records[index]!.id, highest + 1 + rank);
    recordIds[index] = highest + 1 + rank;
  });
}

/** The indexes of records in the order of their surrogate ids (updated rows, then new ones in CRM id order). */
function idOrder(recordIds: Int32Array): Uint32Array {
  const order = new Uint32Array(recordIds.length);
  for (let at = 0; at < order.length; at++) order[at] = at;
  let sorted = true;
  for (let at = 1; sorted && at < recordIds.length; at++) sorted = recordIds[at - 1]! < recordIds[at]!;
  return sorted ? order : order.sort((a, b) => recordIds[a]! - recordIds[b]!);
}

function duplicateIdProblem(table: IdTable, index: number, id: string): Problem {
  return problemAt(
    { list: table, index, id },
    'id',
    'appears more than once in this import',
    'keep one record per id (deduplicate the export)',
  );
}

/** The CRM ids of one table a batch carries or refers to, those `wanted` says. */
function usedIds(batch: EntityBatch, table: IdTable, wanted: (crmId: string) => boolean): string[] {
  const used = new Set<string>();
  for (const record of batch[ID_LISTS[table]]) if (wanted(record.id)) used.add(record.id);
  // References come in runs of one id (the changes of one opportunity): a run is looked at once.
  let last: string | null = null;
  forEachBatchReference(batch, table, (crmId) => {
    if (crmId !== last && wanted(crmId)) used.add(crmId);
    last = crmId;
  });
  return [...used];
}

/** {@link forEachReference}, and the references of the batch's column changes. */
function forEachBatchReference(
  batch: PartialEntityBatch,
  table: IdTable,
  visit: (crmId: string, list: keyof EntityBatch, index: number, field: string) => void,
): void {
  forEachReference(batch, table, visit);
  const columns = batch.changeColumns;
  if (columns === undefined || (table !== 'opportunities' && table !== 'reps')) return;
  const offset = batch.opportunityChanges.length;
  for (let at = 0; at < columns.length; at++) {
    if (table === 'opportunities')
      visit(columns.opportunityId(at), 'opportunityChanges', offset + at, 'opportunityId');
    else visit(columns.ownerId(at), 'opportunityChanges', offset + at, 'ownerId');
  }
}

const SINGULAR: Readonly<Record<IdTable, string>> = {
  reps: 'rep',
  accounts: 'account',
  territories: 'territory',
  opportunities: 'opportunity',
  activities: 'activity',
  leads: 'lead',
};

function unknownReferences(batch: EntityBatch, maps: Record<IdTable, Map<string, number>>): Problem[] {
  const problems: Problem[] = [];
  for (const table of ID_TABLES) {
    const noun = SINGULAR[table];
    const known = maps[table];
    let lastKnown: string | null = null;
    forEachBatchReference(batch, table, (crmId, list, index, field) => {
      if (crmId === lastKnown) return;
      if (known.has(crmId)) {
        lastKnown = crmId;
        return;
      }
      problems.push(
        problemAt(
          placeOf(list, batch[list][index], index),
          field,
          `${field} refers to ${noun} ${JSON.stringify(crmId)}, which is neither in this import nor stored`,
          `include ${noun} ${JSON.stringify(crmId)} in the import, or correct ${field}`,
        ),
      );
    });
  }
  return problems;
}

/** A team quota must name a team some rep belongs to (stored, or in this batch): anything else is a typo. */
function teamQuotaProblems(batch: EntityBatch, labels: LabelDictionary): Problem[] {
  const batchTeams = new Set(batch.reps.map((rep) => rep.team));
  return batch.quotas.flatMap((quota, index) =>
    quota.ownerKind === 'team' && !labels.has('team', quota.ownerId) && !batchTeams.has(quota.ownerId)
      ? [
          problemAt(
            { list: 'quotas', index },
            'ownerId',
            `team ${JSON.stringify(quota.ownerId)} has no reps`,
            'use the team name exactly as the reps have it, or import the team’s reps first',
          ),
        ]
      : [],
  );
}

function duplicateKeys<List extends 'quotas' | 'costs'>(
  batch: EntityBatch,
  list: List,
  keyOf: (record: EntityBatch[List][number]) => string[],
): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  (batch[list] as EntityBatch[List][number][]).forEach((record, index) => {
    const key = keyOf(record);
    const text = JSON.stringify(key);
    if (seen.has(text)) {
      problems.push(
        problemAt(
          { list, index },
          'period',
          `${key.join(' ')} appears more than once`,
          'keep one row per key',
        ),
      );
    }
    seen.add(text);
  });
  return problems;
}

/** Two given changes of one opportunity with the same day and sequence are ambiguous. */
function duplicateChanges(batch: EntityBatch, given: HistoryColumns, { order }: HistoryGroups): Problem[] {
  const problems: Problem[] = [];
  for (let at = 1; at < order.length; at++) {
    const [previous, current] = [order[at - 1]!, order[at]!];
    if (
      given.opportunityIds[previous] === given.opportunityIds[current] &&
      given.days[previous] === given.days[current] &&
      given.sequences[previous] === given.sequences[current]
    ) {
      const objects = batch.opportunityChanges;
      const id =
        current < objects.length
          ? objects[current]!.opportunityId
          : (batch as PartialEntityBatch).changeColumns!.opportunityId(current - objects.length);
      problems.push(
        problemAt(
          { list: 'opportunityChanges', index: current, id },
          'sequence',
          `two changes on ${fromDayNumber(given.days[current]!)} have sequence ${given.sequences[current]!}`,
          'number the changes of one day 0, 1, 2, ... in the order they happened',
        ),
      );
    }
  }
  return problems;
}

/**
 * Writes the given changes. On the days they cover, they replace what is stored for those opportunities (so
 * importing the same history twice keeps one copy); days whose stored changes equal the given ones are left
 * alone, which makes re-importing a full history export mostly a read. Returns how many given changes had a
 * stored change with their key (`replaced`), and how many of those are on days left alone (`unchanged`).
 */
async function replaceGivenHistory(
  tx: WriteTransaction,
  given: HistoryColumns,
  { order, starts }: HistoryGroups,
  storedOpportunities: number,
): Promise<{ replaced: number; unchanged: number }> {
  // The (opportunity, day) pairs of stored opportunities, each a run order[from[p] .. to[p]) of given changes.
  const pairIds: number[] = [];
  const pairDays: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  // By stored id, up to the highest the batch gives history for (none in a first import): groups are in id order.
  let highestStored = 0;
  for (let group = 0; group + 1 < starts.length; group++) {
    const id = given.opportunityIds[order[starts[group]!]!]!;
    if (id > storedOpportunities) break;
    highestStored = id;
  }
  const firstPair = new Int32Array(highestStored + 1).fill(-1);
  for (let group = 0; group + 1 < starts.length; group++) {
    const id = given.opportunityIds[order[starts[group]!]!]!;
    if (id > storedOpportunities) continue;
    firstPair[id] = pairIds.length;
    for (let at = starts[group]!; at < starts[group + 1]!; at++) {
      const day = given.days[order[at]!]!;
      if (at > starts[group]! && day === given.days[order[at - 1]!]) {
        to[to.length - 1] = at + 1;
        continue;
      }
      pairIds.push(id);
      pairDays.push(day);
      from.push(at);
      to.push(at + 1);
    }
  }

  let replaced = 0;
  const storedOnPair = new Uint32Array(pairIds.length);
  const sameOnPair = new Uint32Array(pairIds.length);
  if (pairIds.length > 0) {
    await tx.readHistory([...new Set(pairIds)], (row) => {
      let pair = firstPair[row[0]] ?? -1;
      if (pair < 0) return;
      while (pair < pairIds.length && pairIds[pair] === row[0] && pairDays[pair] !== row[1]) pair++;
      if (pair === pairIds.length || pairIds[pair] !== row[0]) return;
      storedOnPair[pair]!++;
      for (let at = from[pair]!; at < to[pair]!; at++) {
        const change = order[at]!;
        if (given.sequences[change] !== row[2]) continue;
        replaced++;
        if (sameStateAs(given, change, row)) sameOnPair[pair]!++;
        break;
      }
    });
  }
  // A day is unchanged when the store holds exactly the given changes on it.
  const isUnchanged = (pair: number) => {
    const count = to[pair]! - from[pair]!;
    return storedOnPair[pair] === count && sameOnPair[pair] === count;
  };
  const changed = pairIds.map((_, pair) => pair).filter((pair) => !isUnchanged(pair));
  if (changed.length > 0) {
    await tx.deleteHistoryDays(
      changed.map((pair) => pairIds[pair]!),
      changed.map((pair) => pairDays[pair]!),
    );
  }

  const unchanged = new Uint8Array(order.length);
  let unchangedChanges = 0;
  for (let pair = 0; pair < pairIds.length; pair++) {
    if (!isUnchanged(pair)) continue;
    unchanged.fill(1, from[pair], to[pair]);
    unchangedChanges += to[pair]! - from[pair]!;
  }
  await tx.insert('opportunity_history', given.rows(order.filter((_, at) => unchanged[at] === 0)), 'fail');
  return { replaced, unchanged: unchangedChanges };
}

/** Whether given change `at` has the tracked state of a stored row. */
function sameStateAs(given: HistoryColumns, at: number, row: StateRow): boolean {
  return (
    given.stageCodes[at] === row[3] &&
    given.amounts[at] === row[4] &&
    given.closeDays[at] === row[5] &&
    given.categoryCodes[at] === row[6] &&
    given.ownerIds[at] === row[7]
  );
}

interface PlannedStates {
  /** Changes derived by comparing records with their latest change. */
  readonly derived: HistoryColumns;
  /** The current state of each batch opportunity, row i for the batch's opportunity i. */
  readonly current: HistoryColumns;
  /** New current states of stored opportunities that only had history in this batch. */
  readonly historyOnly: StateRow[];
}

async function planStates(
  tx: WriteTransaction,
  batch: EntityBatch,
  encoder: RowEncoder,
  recordIds: Int32Array,
  given: HistoryColumns,
  groups: HistoryGroups,
  storedOpportunities: number,
  asOfDay: number,
): Promise<PlannedStates> {
  const { opportunities } = batch;
  // The record's own state, dated as an initial change would be (created date, sequence 0).
  const records = new HistoryColumns(opportunities.length);
  opportunities.forEach((opportunity, index) => {
    const place: Place = { list: 'opportunities', index, id: opportunity.id };
    const id = recordIds[index]!;
    const created = encoder.days.day(opportunity.createdDate, place, 'createdDate');
    encoder.pushState(records, id, created, 0, opportunity, place);
  });
  const tails = await latestChanges(tx, records, given, groups, storedOpportunities);
  const wantSequences: number[] = [];
  for (let index = 0; index < records.length; index++) {
    const tail = tails.row[records.opportunityIds[index]!]!;
    if (tail >= 0 && tails.rows.days[tail]! > asOfDay && !records.sameState(index, tails.rows, tail)) {
      wantSequences.push(records.opportunityIds[index]!);
    }
  }
  const maxSequences = await maxSequencesOnDay(
    tx,
    given,
    groups.order,
    storedOpportunities,
    asOfDay,
    wantSequences,
  );

  const { derived, current } = deriveChanges(records, tails, asOfDay, maxSequences);

  const inBatch = new Set(records.opportunityIds.subarray(0, records.length));
  const historyOnly: StateRow[] = [];
  for (let at = 0; at < tails.rows.length; at++) {
    const id = tails.rows.opportunityIds[at]!;
    if (!inBatch.has(id)) historyOnly.push(tails.rows.row(at));
  }
  return { derived, current, historyOnly };
}

/**
 * The latest change of every opportunity the batch writes or gives history for: from the given history for new
 * ones, from the store (after the given history is written) for stored ones with given history, and from the
 * opportunities table for stored ones without.
 */
async function latestChanges(
  tx: WriteTransaction,
  records: HistoryColumns,
  given: HistoryColumns,
  { order, starts }: HistoryGroups,
  storedOpportunities: number,
): Promise<LatestChanges> {
  let highest = storedOpportunities;
  for (let index = 0; index < records.length; index++)
    highest = Math.max(highest, records.opportunityIds[index]!);
  const row = new Int32Array(highest + 1).fill(-1);
  const rows = new HistoryColumns(records.length + starts.length);
  const storedWithHistory: number[] = [];
  for (let group = 0; group + 1 < starts.length; group++) {
    const last = order[starts[group + 1]! - 1]!;
    const id = given.opportunityIds[last]!;
    if (id > storedOpportunities) row[id] = rows.pushCopy(given, last);
    else storedWithHistory.push(id);
  }
  for (const state of await tx.readLatestChanges(storedWithHistory)) row[state[0]] = rows.push(...state);
  const storedWithout: number[] = [];
  for (let index = 0; index < records.length; index++) {
    const id = records.opportunityIds[index]!;
    if (id <= storedOpportunities && row[id]! < 0) storedWithout.push(id);
  }
  if (storedWithout.length > 0) {
    for (const state of await tx.readCurrentStates(storedWithout)) row[state[0]] = rows.push(...state);
  }
  return { rows, row };
}

/** The highest sequence on `day` of the `wanted` opportunities (those with any), from the store and the batch. */
async function maxSequencesOnDay(
  tx: WriteTransaction,
  given: HistoryColumns,
  order: Uint32Array,
  storedOpportunities: number,
  day: number,
  wanted: readonly number[],
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (wanted.length === 0) return result;
  const stored = wanted.filter((id) => id <= storedOpportunities);
  if (stored.length > 0)
    for (const [id, sequence] of await tx.readMaxSequences(stored, day)) result.set(id, sequence);
  const wantedNew = new Set(wanted.filter((id) => id > storedOpportunities));
  for (const row of order) {
    const id = given.opportunityIds[row]!;
    if (!wantedNew.has(id) || given.days[row] !== day) continue;
    result.set(id, Math.max(result.get(id) ?? 0, given.sequences[row]!));
  }
  return result;
}

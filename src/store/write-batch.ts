/**
 * The write algorithm both adapters share: one batch, inside one transaction the adapter opened, through the
 * small set of primitives in {@link WriteTransaction}.
 *
 * 1. Resolve CRM ids to surrogate ids (stored ones looked up, new ones numbered densely after the highest), and
 *    check every reference and key before writing anything: an unknown or duplicate id is an InputError.
 * 2. Upsert reps, territories, accounts.
 * 3. History. Changes the batch gives replace the stored changes of those opportunities on those days. Every
 *    opportunity in the batch is then compared with its latest change: a new one without given history gets an
 *    initial change dated its created date; one whose tracked state differs gets a change dated `asOf` (the next
 *    sequence of that day). The opportunity row's current state is its latest change.
 * 4. Upsert opportunities, activities, leads, quotas, costs; store new labels; record the write.
 * @module
 */
import { parseIsoDate, toDayNumber, type IsoDate } from '../domain/dates.js';
import type { EntityBatch, Opportunity } from '../domain/entities.js';
import { InputError, type Problem } from '../domain/errors.js';
import { DayEncoder, problemAt, throwIfProblems, type Place } from './encode.js';
import { forEachReference, ID_LISTS, placeOf, RowEncoder } from './entity-rows.js';
import {
  compareChanges,
  groupByOpportunity,
  HistoryColumns,
  nextSequence,
  sameState,
  type DatedState,
  type HistoryGroups,
} from './history.js';
import { LabelDictionary } from './label-dictionary.js';
import {
  columnsOf,
  ID_TABLES,
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
  /** Deletes the history of each (opportunity, day) pair, reporting each deleted row's sequence. */
  deleteHistoryDays(
    opportunityIds: readonly number[],
    days: readonly number[],
    onDeleted: (pair: number, sequence: number) => void,
  ): Promise<void>;
  /** Inserts rows (arrays in `columnsOf(table)` order); on a key conflict, fails or updates the stored row. */
  insert(table: TableName, rows: Iterable<unknown[]>, onConflict: 'fail' | 'update'): Promise<void>;
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

export async function writeBatch(
  tx: WriteTransaction,
  batch: EntityBatch,
  meta: WriteMeta,
): Promise<WriteResult> {
  const asOfDay = metaDay(meta.asOf, 'asOf');
  const writtenAtDay = meta.writtenAt === undefined ? null : metaDay(meta.writtenAt, 'writtenAt');
  const labels = new LabelDictionary(await tx.readLabels());
  const ids = await resolveIds(tx, batch);
  throwIfProblems([
    ...ids.problems,
    ...unknownReferences(batch, ids.maps),
    ...teamQuotaProblems(batch, labels),
    ...duplicateKeys(batch, 'quotas', (quota) => [quota.ownerKind, quota.ownerId, quota.period]),
    ...duplicateKeys(batch, 'costs', (cost) => [cost.period, cost.category]),
  ]);
  const encoder = new RowEncoder(ids.maps, labels, new DayEncoder());
  const explicit = new HistoryColumns();
  batch.opportunityChanges.forEach((change, index) => {
    const encoded = encoder.change(change, index);
    explicit.push(encoded.opportunityId, encoded);
  });
  const groups = groupByOpportunity(explicit);
  throwIfProblems(duplicateChanges(batch, explicit, groups));

  const inserted = zeroCounts();
  const updated = zeroCounts();
  const countIds = (list: keyof typeof ID_LISTS) => {
    for (const { id } of batch[list]) {
      if (encoder.id(list, id) > ids.stored[list]) inserted[list]++;
      else updated[list]++;
    }
  };
  for (const list of ID_TABLES) countIds(list);

  await tx.insert(
    'reps',
    rowsOf('reps', batch.reps, (rep, place) => encoder.rep(rep, place)),
    'update',
  );
  await tx.insert(
    'territories',
    rowsOf('territories', batch.territories, (t) => encoder.territory(t)),
    'update',
  );
  await tx.insert(
    'accounts',
    rowsOf('accounts', batch.accounts, (a, place) => encoder.account(a, place)),
    'update',
  );

  const replaced = await replaceGivenHistory(tx, explicit, groups, ids.stored.opportunities);
  const states = await planStates(tx, batch, encoder, explicit, groups, ids.stored.opportunities, asOfDay);
  await tx.insert('opportunity_history', states.derived.rows(), 'fail');
  inserted.opportunityChanges = explicit.length - replaced + states.derived.length;
  updated.opportunityChanges = replaced;
  await tx.insert(
    'opportunities',
    rowsOf('opportunities', batch.opportunities, (opportunity, place) =>
      encoder.opportunity(opportunity, place, states.current[place.index]!),
    ),
    'update',
  );
  await tx.updateCurrentStates(states.historyOnly);

  await tx.insert(
    'activities',
    rowsOf('activities', batch.activities, (a, place) => encoder.activity(a, place)),
    'update',
  );
  await tx.insert(
    'leads',
    rowsOf('leads', batch.leads, (lead, place) => encoder.lead(lead, place)),
    'update',
  );
  const quotas = batch.quotas.map((quota, index) => encoder.quota(quota, { list: 'quotas', index }));
  countKeys(
    await tx.readKeys('quotas'),
    quotas,
    ['owner_kind', 'owner_ref', 'period'],
    'quotas',
    inserted,
    updated,
  );
  await tx.insert('quotas', quotas.map(rowArray('quotas')), 'update');
  const costs = batch.costs.map((cost, index) => encoder.cost(cost, { list: 'costs', index }));
  countKeys(await tx.readKeys('costs'), costs, ['period', 'category_code'], 'costs', inserted, updated);
  await tx.insert('costs', costs.map(rowArray('costs')), 'update');

  await tx.insert('labels', labels.newLabels().map(rowArray('labels')), 'fail');
  const dataVersion = (await tx.maxId('writes')) + 1;
  const write: StoreDatabase['writes'] = {
    id: dataVersion,
    source: meta.source,
    as_of_day: asOfDay,
    note: meta.note ?? null,
    written_at_day: writtenAtDay,
    counts: JSON.stringify({ inserted, updated }),
  };
  await tx.insert('writes', [rowArray('writes')(write)], 'fail');
  return { dataVersion, inserted, updated };
}

function metaDay(value: IsoDate, field: string): number {
  if (typeof value === 'string' && parseIsoDate(value) !== null) return toDayNumber(value);
  throw new InputError({
    message: `the write's ${field} ${JSON.stringify(value)} is not a date`,
    location: { field },
    fix: 'give the date as YYYY-MM-DD',
  });
}

/** Converts a row object to the array the adapters insert, in the table's column order. */
function rowArray<Table extends TableName>(table: Table): (row: StoreDatabase[Table]) => unknown[] {
  const columns = columnsOf(table) as (keyof StoreDatabase[Table])[];
  return (row) => columns.map((column) => row[column]);
}

/** Lazily maps a list's records to row arrays, so a million records never sit in memory twice. */
function* rowsOf<Table extends IdTable>(
  table: Table,
  records: EntityBatch[Table],
  toRow: (record: EntityBatch[Table][number], place: Place) => StoreDatabase[Table],
): Generator<unknown[]> {
  const toArray = rowArray(table);
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as EntityBatch[Table][number];
    yield toArray(toRow(record, placeOf(table, record, index)));
  }
}

interface ResolvedIds {
  /** CRM id to surrogate id per table: the stored ones the batch uses, and the batch's new ones. */
  readonly maps: Record<IdTable, Map<string, number>>;
  /** Highest stored id per table before this write: ids above it are new. */
  readonly stored: Record<IdTable, number>;
  readonly problems: Problem[];
}

async function resolveIds(tx: WriteTransaction, batch: EntityBatch): Promise<ResolvedIds> {
  const maps = {} as Record<IdTable, Map<string, number>>;
  const stored = {} as Record<IdTable, number>;
  const problems: Problem[] = [];
  for (const table of ID_TABLES) {
    const records = batch[ID_LISTS[table]];
    stored[table] = await tx.maxId(table);
    const map =
      stored[table] === 0 ? new Map<string, number>() : await tx.findIds(table, usedIds(batch, table));
    const seen = new Set<string>();
    let next = stored[table] + 1;
    records.forEach((record, index) => {
      if (seen.has(record.id)) {
        problems.push(
          problemAt(
            { list: table, index, id: record.id },
            'id',
            'appears more than once in this import',
            'keep one record per id (deduplicate the export)',
          ),
        );
      }
      seen.add(record.id);
      if (!map.has(record.id)) map.set(record.id, next++);
    });
    maps[table] = map;
  }
  return { maps, stored, problems };
}

/** The CRM ids of one table a batch carries or refers to. */
function usedIds(batch: EntityBatch, table: IdTable): string[] {
  const used = new Set<string>();
  for (const record of batch[ID_LISTS[table]]) used.add(record.id);
  forEachReference(batch, table, (crmId) => used.add(crmId));
  return [...used];
}

function unknownReferences(batch: EntityBatch, maps: Record<IdTable, Map<string, number>>): Problem[] {
  const problems: Problem[] = [];
  for (const table of ID_TABLES) {
    const noun = singular(table);
    forEachReference(batch, table, (crmId, place, field) => {
      if (maps[table].has(crmId)) return;
      problems.push(
        problemAt(
          place,
          field,
          `${field} refers to ${noun} ${JSON.stringify(crmId)}, which is neither in this import nor stored`,
          `include ${noun} ${JSON.stringify(crmId)} in the import, or correct ${field}`,
        ),
      );
    });
  }
  return problems;
}

function singular(table: IdTable): string {
  return {
    reps: 'rep',
    accounts: 'account',
    territories: 'territory',
    opportunities: 'opportunity',
    activities: 'activity',
    leads: 'lead',
  }[table];
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
          'keep one row per owner and period',
        ),
      );
    }
    seen.add(text);
  });
  return problems;
}

/** Two given changes of one opportunity with the same day and sequence are ambiguous. */
function duplicateChanges(batch: EntityBatch, explicit: HistoryColumns, groups: HistoryGroups): Problem[] {
  const { order } = groups;
  const problems: Problem[] = [];
  for (let at = 1; at < order.length; at++) {
    const [previous, current] = [order[at - 1]!, order[at]!];
    if (
      explicit.opportunityIds[previous] === explicit.opportunityIds[current] &&
      explicit.days[previous] === explicit.days[current] &&
      explicit.sequences[previous] === explicit.sequences[current]
    ) {
      const change = batch.opportunityChanges[current]!;
      problems.push(
        problemAt(
          { list: 'opportunityChanges', index: current, id: change.opportunityId },
          'sequence',
          `two changes on ${change.date} have sequence ${change.sequence}`,
          'number the changes of one day 0, 1, 2, ... in the order they happened',
        ),
      );
    }
  }
  return problems;
}

/**
 * Writes the given changes, first deleting what is stored for those opportunities on those days (so importing
 * the same history twice keeps one copy). Returns how many given changes replaced a stored one with their key.
 */
async function replaceGivenHistory(
  tx: WriteTransaction,
  explicit: HistoryColumns,
  { order, starts }: HistoryGroups,
  storedOpportunities: number,
): Promise<number> {
  const pairIds: number[] = [];
  const pairDays: number[] = [];
  const pairFrom: number[] = [];
  for (let group = 0; group + 1 < starts.length; group++) {
    const id = explicit.opportunityIds[order[starts[group]!]!]!;
    if (id > storedOpportunities) continue;
    for (let at = starts[group]!; at < starts[group + 1]!; at++) {
      const day = explicit.days[order[at]!]!;
      if (at > starts[group]! && day === explicit.days[order[at - 1]!]) continue;
      pairIds.push(id);
      pairDays.push(day);
      pairFrom.push(at);
    }
  }
  let replaced = 0;
  if (pairIds.length > 0) {
    await tx.deleteHistoryDays(pairIds, pairDays, (pair, sequence) => {
      for (let at = pairFrom[pair]!; at < order.length; at++) {
        const row = order[at]!;
        if (explicit.opportunityIds[row] !== pairIds[pair] || explicit.days[row] !== pairDays[pair]) break;
        if (explicit.sequences[row] === sequence) replaced++;
      }
    });
  }
  await tx.insert('opportunity_history', explicit.rows(order), 'fail');
  return replaced;
}

interface PlannedStates {
  /** Changes derived by comparing records with their latest change. */
  readonly derived: HistoryColumns;
  /** The current state of each batch opportunity, by its position in the batch. */
  readonly current: DatedState[];
  /** New current states of stored opportunities that only had history in this batch. */
  readonly historyOnly: StateRow[];
}

async function planStates(
  tx: WriteTransaction,
  batch: EntityBatch,
  encoder: RowEncoder,
  explicit: HistoryColumns,
  { order, starts }: HistoryGroups,
  storedOpportunities: number,
  asOfDay: number,
): Promise<PlannedStates> {
  const latest = new Map<number, DatedState>();
  const storedWithHistory: number[] = [];
  for (let group = 0; group + 1 < starts.length; group++) {
    const last = order[starts[group + 1]! - 1]!;
    const id = explicit.opportunityIds[last]!;
    if (id > storedOpportunities) latest.set(id, explicit.change(last));
    else storedWithHistory.push(id);
  }
  for (const row of await tx.readLatestChanges(storedWithHistory)) latest.set(row[0], stateOf(row));
  const batchIds = batch.opportunities.map((opportunity) => encoder.id('opportunities', opportunity.id));
  const storedWithoutHistory = batchIds.filter((id) => id <= storedOpportunities && !latest.has(id));
  for (const row of await tx.readCurrentStates(storedWithoutHistory)) latest.set(row[0], stateOf(row));

  const records = batch.opportunities.map((opportunity, index) =>
    encoder.trackedState(opportunity, { list: 'opportunities', index, id: opportunity.id }),
  );
  // A change dated asOf that falls before the latest change needs the day's highest sequence.
  const beforeLatest = batchIds.filter((id) => (latest.get(id)?.day ?? asOfDay) > asOfDay);
  const maxSequences = await maxSequencesOnDay(
    tx,
    explicit,
    order,
    storedOpportunities,
    asOfDay,
    beforeLatest,
  );

  const derived = new HistoryColumns();
  const current = batch.opportunities.map((opportunity: Opportunity, index): DatedState => {
    const id = batchIds[index]!;
    const record = records[index]!;
    const tail = latest.get(id) ?? null;
    if (tail !== null && sameState(record, tail)) return tail;
    const change: DatedState =
      tail === null
        ? {
            ...record,
            day: encoder.days.day(
              opportunity.createdDate,
              placeOf('opportunities', opportunity, index),
              'createdDate',
            ),
            sequence: 0,
          }
        : { ...record, day: asOfDay, sequence: nextSequence(tail, asOfDay, maxSequences.get(id) ?? null) };
    derived.push(id, change);
    return tail === null || compareChanges(change, tail) > 0 ? change : tail;
  });
  const inBatch = new Set(batchIds);
  const historyOnly = storedWithHistory
    .filter((id) => !inBatch.has(id))
    .map((id): StateRow => stateRow(id, latest.get(id)!));
  return { derived, current, historyOnly };
}

/** The highest sequence on `day` of the `wanted` opportunities (those with any), from the store and the batch. */
async function maxSequencesOnDay(
  tx: WriteTransaction,
  explicit: HistoryColumns,
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
    const id = explicit.opportunityIds[row]!;
    if (!wantedNew.has(id) || explicit.days[row] !== day) continue;
    result.set(id, Math.max(result.get(id) ?? 0, explicit.sequences[row]!));
  }
  return result;
}

function stateOf(row: StateRow): DatedState {
  const [, day, sequence, stageCode, amount, closeDay, categoryCode, ownerId] = row;
  return { day, sequence, stageCode, amount, closeDay, categoryCode, ownerId };
}

function stateRow(id: number, state: DatedState): StateRow {
  return [
    id,
    state.day,
    state.sequence,
    state.stageCode,
    state.amount,
    state.closeDay,
    state.categoryCode,
    state.ownerId,
  ];
}

function countKeys<Row>(
  stored: ReadonlySet<string>,
  rows: readonly Row[],
  key: readonly (keyof Row)[],
  list: 'quotas' | 'costs',
  inserted: Counts,
  updated: Counts,
): void {
  for (const row of rows) {
    if (stored.has(JSON.stringify(key.map((column) => row[column])))) updated[list]++;
    else inserted[list]++;
  }
}

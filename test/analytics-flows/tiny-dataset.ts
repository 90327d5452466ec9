/**
 * Small datasets written out by hand for the deal-flow engines' tests: reps, accounts and opportunities with
 * their dated changes, in ISO dates and label names, built into the columnar {@link Dataset} the engines read.
 * Label codes are given in the order labels are first met (as the store does), not in stage-model order.
 * @module
 */
import {
  DATASET_TABLES,
  NO_DAY,
  NO_INDEX,
  textColumn,
  type ColumnKind,
  type Dataset,
  type DatasetTable,
} from '../../src/dataset/dataset.js';
import { isoDate, toDayNumber, type DayNumber } from '../../src/domain/dates.js';
import { LABEL_KINDS, type LabelKind } from '../../src/store/store.js';

export interface TinyRep {
  readonly name: string;
  readonly manager?: string;
  readonly team?: string;
  readonly segment?: string;
  readonly region?: string;
}

export interface TinyChange {
  readonly date: string;
  readonly stage: string;
  readonly amount: number;
  readonly close: string;
  readonly owner: string;
  readonly category?: string;
}

export interface TinyDeal {
  readonly id: string;
  readonly created: string;
  readonly changes: readonly TinyChange[];
  readonly currency?: string;
  readonly segment?: string;
  readonly source?: string;
  readonly type?: string;
  readonly competitor?: string;
  readonly lossReason?: string;
}

export interface TinyData {
  readonly reps: readonly TinyRep[];
  readonly deals: readonly TinyDeal[];
  /** Labels to code first, per kind (e.g. stages in an order unlike the stage model's). */
  readonly labelOrder?: Partial<Record<LabelKind, readonly string[]>>;
}

const ABSENT = { index: NO_INDEX, day: NO_DAY } as const;

/** A table's columns, writable by field name and row. */
type Columns = Record<string, { [row: number]: number | string }> & { count: number };

function emptyTable(table: DatasetTable, count: number): Columns {
  const columns: Record<string, unknown> = { count };
  const fields: Record<string, { readonly kind: ColumnKind }> = DATASET_TABLES[table].fields;
  for (const [field, { kind }] of Object.entries(fields)) {
    if (kind === 'string') columns[field] = Array.from({ length: count }, () => '');
    else if (kind === 'code') columns[field] = new Uint16Array(count);
    else if (kind === 'index' || kind === 'day') columns[field] = new Int32Array(count).fill(ABSENT[kind]);
    else if (kind === 'flag') columns[field] = new Int8Array(count).fill(-1);
    else columns[field] = new Float64Array(count).fill(Number.NaN);
  }
  return columns as Columns;
}

function set(columns: Columns, field: string, row: number, value: number | string): void {
  const column = columns[field];
  if (!column) throw new Error(`no column ${field}`);
  column[row] = value;
}

export const day = (date: string): DayNumber => toDayNumber(isoDate(date));

/** The table as the dataset holds it: its text fields (filled as arrays here) as text columns. */
function finished(table: DatasetTable, columns: Columns): Columns {
  const fields: Record<string, { readonly kind: ColumnKind }> = DATASET_TABLES[table].fields;
  const result: Record<string, unknown> = { ...columns };
  for (const [field, { kind }] of Object.entries(fields)) {
    if (kind === 'string') result[field] = textColumn(columns[field] as unknown as string[]);
  }
  return result as Columns;
}

/** Builds the dataset: one account per deal (carrying the deal's segment), history in CSR form. */
export function tinyDataset(data: TinyData): Dataset {
  const labels = Object.fromEntries(LABEL_KINDS.map((kind) => [kind, ['']])) as Record<LabelKind, string[]>;
  const code = (kind: LabelKind, label: string | undefined): number => {
    if (label === undefined) return 0;
    const list = labels[kind];
    const found = list.indexOf(label);
    if (found > 0) return found;
    list.push(label);
    return list.length - 1;
  };
  for (const [kind, order] of Object.entries(data.labelOrder ?? {})) {
    for (const label of order ?? []) code(kind as LabelKind, label);
  }
  const repIndex = (name: string): number => {
    const index = data.reps.findIndex((rep) => rep.name === name);
    if (index < 0) throw new Error(`no rep ${name}`);
    return index;
  };

  const reps = emptyTable('reps', data.reps.length);
  data.reps.forEach((rep, i) => {
    set(reps, 'crmId', i, `REP-${i + 1}`);
    set(reps, 'name', i, rep.name);
    set(reps, 'managerIndex', i, rep.manager ? repIndex(rep.manager) : NO_INDEX);
    set(reps, 'teamCode', i, code('team', rep.team));
    set(reps, 'segmentCode', i, code('segment', rep.segment));
    set(reps, 'regionCode', i, code('region', rep.region));
  });

  const deals = data.deals;
  const accounts = emptyTable('accounts', deals.length);
  const opportunities = emptyTable('opportunities', deals.length);
  const history = emptyTable(
    'history',
    deals.reduce((sum, deal) => sum + deal.changes.length, 0),
  );
  const historyStart = new Int32Array(deals.length + 1);
  let row = 0;
  const setState = (table: Columns, at: number, change: TinyChange): void => {
    set(table, 'stageCode', at, code('stage', change.stage));
    set(table, 'amount', at, change.amount);
    set(table, 'closeDay', at, day(change.close));
    set(table, 'categoryCode', at, code('forecast_category', change.category ?? 'pipeline'));
    set(table, 'ownerIndex', at, repIndex(change.owner));
  };
  deals.forEach((deal, i) => {
    set(accounts, 'crmId', i, `ACC-${i + 1}`);
    set(accounts, 'name', i, `Account of ${deal.id}`);
    set(accounts, 'segmentCode', i, code('segment', deal.segment));
    set(opportunities, 'crmId', i, deal.id);
    set(opportunities, 'name', i, `Deal ${deal.id}`);
    set(opportunities, 'accountIndex', i, i);
    set(opportunities, 'currencyCode', i, code('currency', deal.currency ?? 'USD'));
    set(opportunities, 'typeCode', i, code('opportunity_type', deal.type));
    set(opportunities, 'sourceCode', i, code('source', deal.source));
    set(opportunities, 'createdDay', i, day(deal.created));
    set(opportunities, 'competitorCode', i, code('competitor', deal.competitor));
    set(opportunities, 'lossReasonCode', i, code('loss_reason', deal.lossReason));
    historyStart[i] = row;
    for (const change of deal.changes) {
      set(history, 'day', row, day(change.date));
      setState(history, row, change);
      row++;
    }
    const last = deal.changes.at(-1);
    if (last) setState(opportunities, i, last);
  });
  historyStart[deals.length] = row;

  const empty = (table: DatasetTable) => finished(table, emptyTable(table, 0));
  return {
    dataVersion: 1,
    labels,
    historyStart,
    reps: finished('reps', reps),
    territories: empty('territories'),
    accounts: finished('accounts', accounts),
    opportunities: finished('opportunities', opportunities),
    history,
    activities: empty('activities'),
    leads: empty('leads'),
    quotas: empty('quotas'),
    costs: empty('costs'),
  } as unknown as Dataset;
}

/**
 * Builds the columnar {@link Dataset} from a store: one `scan` per table, each row's values written straight
 * into typed arrays (store label codes become dictionary codes as they are).
 * @module
 */
import { OperationError, SalesopsError } from '../domain/errors.js';
import { LABEL_KINDS, SCAN_TABLES, type LabelKind, type Store } from '../store/store.js';
import {
  DATASET_TABLES,
  DATASET_TABLE_NAMES,
  NO_DAY,
  NO_INDEX,
  type ColumnArrays,
  type ColumnKind,
  type Dataset,
  type DatasetTable,
  textColumn,
  type TableColumns,
  type TextColumn,
} from './dataset.js';

/** What building a dataset needs from a store. */
export type DatasetSource = Pick<Store, 'scan' | 'labels' | 'dataVersion'>;

/** Label codes are held in Uint16Array columns. */
const MAX_LABEL_CODE = 0xffff;
/** A build is retried this many times when an import changes the data while it runs. */
const BUILD_ATTEMPTS = 3;

/**
 * Reads every table of the store into columns. The data version is read before and after the scans, and the
 * build is repeated when a write landed in between, so a dataset never mixes two versions.
 */
export async function buildDataset(store: DatasetSource): Promise<Dataset> {
  for (let attempt = 1; ; attempt++) {
    const dataVersion = await store.dataVersion();
    const dataset = await buildOnce(store, dataVersion);
    if ((await store.dataVersion()) === dataVersion) return dataset;
    if (attempt === BUILD_ATTEMPTS) {
      throw new OperationError(`the data changed ${BUILD_ATTEMPTS} times while the dataset was being read`, {
        fix: 'run the command again once the import in progress has finished',
      });
    }
  }
}

async function buildOnce(store: DatasetSource, dataVersion: number): Promise<Dataset> {
  const labels = await readLabels(store);
  const tables: Partial<Record<DatasetTable, TableColumns<DatasetTable>>> = {};
  let historyStart: Int32Array = new Int32Array(1);
  for (const name of DATASET_TABLE_NAMES) {
    const filler = new TableFiller(name);
    if (name === 'history') {
      const opportunities = tables.opportunities?.count ?? 0;
      const offsets = new HistoryOffsets(opportunities);
      await scanTable(store, name, (row) => {
        offsets.add(row);
        filler.add(row);
      });
      historyStart = offsets.finish();
    } else {
      await scanTable(store, name, (row) => filler.add(row));
    }
    tables[name] = filler.finish();
  }
  return { dataVersion, labels, historyStart, ...(tables as { [T in DatasetTable]: TableColumns<T> }) };
}

async function scanTable(store: DatasetSource, name: DatasetTable, onRow: (row: unknown[]) => void) {
  try {
    await store.scan(DATASET_TABLES[name].scan, onRow);
  } catch (error) {
    if (error instanceof SalesopsError) throw error;
    throw new OperationError(`could not read ${DATASET_TABLES[name].scan} from the store: ${String(error)}`, {
      cause: error,
    });
  }
}

async function readLabels(store: DatasetSource): Promise<Record<LabelKind, string[]>> {
  const lists = await Promise.all(LABEL_KINDS.map((kind) => store.labels(kind)));
  const labels = {} as Record<LabelKind, string[]>;
  LABEL_KINDS.forEach((kind, position) => {
    const values = lists[position] ?? [];
    if (values.length - 1 > MAX_LABEL_CODE) {
      throw new OperationError(
        `the store holds ${values.length - 1} ${kind} labels, more than ${MAX_LABEL_CODE}`,
        {
          fix: `merge near-duplicate ${kind} values in the source data, then import again`,
        },
      );
    }
    // Index 0 is the absent label; the store leaves it unused (null).
    labels[kind] =
      values.length === 0 ? [''] : values.map((value, code) => (code === 0 ? '' : (value ?? '')));
  });
  return labels;
}

type NumericKind = Exclude<ColumnKind, 'string'>;
type NumericArray = ColumnArrays[NumericKind];

const ARRAY_OF: { [K in NumericKind]: new (length: number) => ColumnArrays[K] } = {
  code: Uint16Array,
  index: Int32Array,
  day: Int32Array,
  money: Float64Array,
  number: Float64Array,
  flag: Int8Array,
};

/** A dataset field as the filler reads it from the table spec. */
interface FieldSource {
  readonly column: string;
  readonly kind: ColumnKind;
}

/** A numeric field being filled: its position in the scanned row and its (growing) array. */
interface Target<A> {
  readonly field: string;
  readonly position: number;
  array: A;
}

const INITIAL_CAPACITY = 1024;

/**
 * Fills one table's columns from scanned rows. Fields are grouped by kind so that each loop writes one array
 * type with one conversion (keeps the per-row work monomorphic); arrays double as rows arrive and are trimmed
 * at the end.
 */
class TableFiller {
  private count = 0;
  private capacity = INITIAL_CAPACITY;
  private readonly idPosition: number;
  private readonly codes: Target<Uint16Array>[] = [];
  private readonly indexes: Target<Int32Array>[] = [];
  private readonly days: Target<Int32Array>[] = [];
  private readonly numbers: Target<Float64Array>[] = [];
  private readonly flags: Target<Int8Array>[] = [];
  private readonly strings: Target<string[]>[] = [];

  constructor(private readonly table: DatasetTable) {
    const spec = DATASET_TABLES[table];
    const columns: readonly string[] = SCAN_TABLES[spec.scan];
    this.idPosition = spec.id === null ? -1 : columns.indexOf(spec.id);
    for (const [field, { column, kind }] of Object.entries(spec.fields) as [string, FieldSource][]) {
      const position = columns.indexOf(column);
      if (kind === 'string') {
        this.strings.push({ field, position, array: [] });
        continue;
      }
      const target = { field, position, array: new ARRAY_OF[kind](this.capacity) };
      if (kind === 'code') this.codes.push(target as Target<Uint16Array>);
      else if (kind === 'index') this.indexes.push(target as Target<Int32Array>);
      else if (kind === 'day') this.days.push(target as Target<Int32Array>);
      else if (kind === 'flag') this.flags.push(target as Target<Int8Array>);
      else this.numbers.push(target as Target<Float64Array>);
    }
  }

  add(row: unknown[]): void {
    const n = this.count;
    if (this.idPosition >= 0 && row[this.idPosition] !== n + 1) this.failDense(row[this.idPosition]);
    if (n === this.capacity) this.grow();
    for (const target of this.codes) target.array[n] = (row[target.position] as number | null) ?? 0;
    for (const target of this.indexes) {
      const id = row[target.position] as number | null;
      target.array[n] = id === null ? NO_INDEX : id - 1;
    }
    for (const target of this.days) target.array[n] = (row[target.position] as number | null) ?? NO_DAY;
    for (const target of this.numbers) target.array[n] = (row[target.position] as number | null) ?? NaN;
    for (const target of this.flags) {
      const value = row[target.position];
      target.array[n] = value === null ? -1 : value ? 1 : 0;
    }
    for (const target of this.strings) target.array.push((row[target.position] as string | null) ?? '');
    this.count = n + 1;
  }

  finish(): TableColumns<DatasetTable> {
    const columns: Record<string, NumericArray | TextColumn | number> = { count: this.count };
    for (const target of this.numericTargets()) {
      columns[target.field] = this.count === this.capacity ? target.array : target.array.slice(0, this.count);
    }
    for (const target of this.strings) columns[target.field] = textColumn(target.array);
    return columns as unknown as TableColumns<DatasetTable>;
  }

  private numericTargets(): Target<NumericArray>[] {
    return [...this.codes, ...this.indexes, ...this.days, ...this.numbers, ...this.flags];
  }

  private grow(): void {
    this.capacity *= 2;
    for (const target of this.numericTargets()) {
      const grown = new (target.array.constructor as new (length: number) => NumericArray)(this.capacity);
      grown.set(target.array);
      target.array = grown;
    }
  }

  private failDense(id: unknown): never {
    throw new OperationError(
      `${DATASET_TABLES[this.table].scan} row ${this.count + 1} has store id ${String(id)}; ` +
        'the dataset needs ids dense from 1, in order',
      { fix: 'this is a store defect: please report it with the output of `salesops status`' },
    );
  }
}

/**
 * Counts history rows per opportunity into CSR offsets, checking the order the CSR form relies on: rows
 * grouped by opportunity and dated in order within each.
 */
class HistoryOffsets {
  private readonly counts: Int32Array;
  private readonly opportunityPosition = SCAN_TABLES.opportunity_history.indexOf('opportunity_id');
  private readonly dayPosition = SCAN_TABLES.opportunity_history.indexOf('valid_from');
  private lastOpportunity = 0;
  private lastDay = NO_DAY;

  constructor(private readonly opportunities: number) {
    this.counts = new Int32Array(opportunities + 1);
  }

  add(row: unknown[]): void {
    const opportunity = row[this.opportunityPosition] as number;
    const day = row[this.dayPosition] as number;
    if (opportunity !== this.lastOpportunity) {
      if (opportunity < this.lastOpportunity || opportunity > this.opportunities || opportunity < 1) {
        this.fail(`history row for opportunity id ${opportunity} is out of order or unknown`);
      }
      this.lastOpportunity = opportunity;
    } else if (day < this.lastDay) {
      this.fail(`history of opportunity id ${opportunity} is not in date order`);
    }
    this.lastDay = day;
    // Opportunity id k (index k - 1) counts into slot k, so the prefix sum leaves slot i = start of index i.
    this.counts[opportunity] = (this.counts[opportunity] ?? 0) + 1;
  }

  finish(): Int32Array {
    const offsets = this.counts;
    for (let i = 1; i < offsets.length; i++) offsets[i] = (offsets[i] ?? 0) + (offsets[i - 1] ?? 0);
    return offsets;
  }

  private fail(message: string): never {
    throw new OperationError(`${message}; the store must scan history by opportunity, date and sequence`, {
      fix: 'this is a store defect: please report it with the output of `salesops status`',
    });
  }
}

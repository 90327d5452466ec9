/**
 * An assembled import as the store takes it: a stream of batches written in one transaction, each carrying a
 * slice of the opportunities with their history, so that a million opportunities' five million changes are
 * never objects (each batch gives the store its slice of the history files' rows as change columns, read from
 * the rows' typed columns; only the few changes assembly built are objects). Reps, accounts and territories come first, as every opportunity refers to them;
 * activities, leads, quotas and costs last, as they refer to opportunities of any slice.
 *
 * Every change is checked as the entity schema would check it: rows of history files on their columns,
 * changes assembly built against the schema. Every value was read by a value parser and checked when read, so a
 * failure here is salesops' error, thrown as such.
 * @module
 */
import { emptyBatch, opportunityChangeSchema, type OpportunityChange } from '../../domain/entities.js';
import type { ChangeColumns } from '../../store/history.js';
import type { KeptFields, PartialEntityBatch } from '../../store/write-batch.js';
import type { HistoryChanges } from './assemble-batch.js';
import type { HistoryRows } from './history-rows.js';
import { createRecordValidator } from './record-validator.js';

/** Opportunities per batch: large enough that the per-batch lookups cost little, small enough to bound memory. */
export const OPPORTUNITIES_PER_BATCH = 100_000;

function checkRow(rows: HistoryRows, index: number): void {
  const field = rows.invalidField(index);
  if (field !== null) throw new Error(`an import built a history change whose ${field} is not valid`);
}

function checkBuilt(changes: readonly OpportunityChange[]): void {
  const validate = createRecordValidator(opportunityChangeSchema);
  for (const change of changes) {
    const issue = validate(change);
    if (issue !== null)
      throw new Error(`an import built a history change whose ${issue.field} ${issue.message}`);
  }
}

/** Checks every change of a history as a write would, without making the changes. */
export function checkHistory(history: HistoryChanges): void {
  for (const { rows, indexes } of history.rows) for (const index of indexes) checkRow(rows, index);
  checkBuilt(history.built);
}

/**
 * The slice of each history row (`rowSlice`, by position: file after file, row after row), the rows each slice
 * has (`counts`), and the built changes by slice. Rows are sliced by their opportunity's code (see
 * OpportunityCodes), looked up in a typed array of every code's slice: no map of a million ids is built for the
 * write. A function of its own so that its lookups are garbage once it returns.
 */
function sliceHistory(
  opportunities: readonly { readonly id: string }[],
  history: HistoryChanges,
  perBatch: number,
  slices: number,
): {
  rowSlice: Uint8Array | Uint16Array | Uint32Array;
  counts: Uint32Array;
  built: Map<number, OpportunityChange[]>;
} {
  // Every history file numbers its rows' opportunities with the import's one set of codes.
  const codes = history.rows[0]?.rows.opportunities;
  const builtIds = new Set(history.built.map((change) => change.opportunityId));
  const builtSlice = new Map<string, number>();
  // The slice of each code, 0 for a code of no opportunity of the batch (as a stored opportunity's changes).
  const sliceOfCode = narrowest(slices, codes?.size ?? 0);
  opportunities.forEach(({ id }, index) => {
    const slice = Math.floor(index / perBatch);
    const code = codes?.known(id) ?? -1;
    if (code >= 0 && code < sliceOfCode.length) sliceOfCode[code] = slice;
    if (builtIds.has(id)) builtSlice.set(id, slice);
  });

  const total = history.rows.reduce((sum, entry) => sum + entry.indexes.length, 0);
  const rowSlice = narrowest(slices, total);
  const counts = new Uint32Array(slices);
  let at = 0;
  for (const { rows, indexes } of history.rows) {
    for (const index of indexes) {
      const slice = sliceOfCode[rows.opportunityCode(index)]!;
      rowSlice[at++] = slice;
      counts[slice]!++;
    }
  }
  const built = new Map<number, OpportunityChange[]>();
  for (const change of history.built) {
    const slice = builtSlice.get(change.opportunityId) ?? 0;
    const list = built.get(slice);
    if (list) list.push(change);
    else built.set(slice, [change]);
  }

  return { rowSlice, counts, built };
}

/** An array of `length` slice numbers, in the narrowest type that holds them (a byte each for up to 256 slices). */
function narrowest(slices: number, length: number): Uint8Array | Uint16Array | Uint32Array {
  return slices <= 1 << 8
    ? new Uint8Array(length)
    : slices <= 1 << 16
      ? new Uint16Array(length)
      : new Uint32Array(length);
}

/** Rows of history files, in a slice's order, as the store reads changes: row `at` is `files[file[at]]`'s row `index[at]`. */
class SliceChanges implements ChangeColumns {
  readonly length: number;

  constructor(
    private readonly files: readonly HistoryRows[],
    private readonly file: Uint16Array,
    private readonly index: Uint32Array,
  ) {
    this.length = index.length;
  }

  private rows(at: number): HistoryRows {
    return this.files[this.file[at]!]!;
  }

  opportunityId(at: number): string {
    return this.rows(at).opportunityId(this.index[at]!);
  }

  day(at: number): number {
    return this.rows(at).day(this.index[at]!);
  }

  sequence(at: number): number {
    return this.rows(at).sequence(this.index[at]!);
  }

  stage(at: number): string {
    return this.rows(at).stage(this.index[at]!);
  }

  amount(at: number): number {
    return this.rows(at).amount(this.index[at]!);
  }

  closeDay(at: number): number {
    return this.rows(at).closeDay(this.index[at]!);
  }

  forecastCategory(at: number): string {
    return this.rows(at).forecastCategory(this.index[at]!);
  }

  ownerId(at: number): string {
    return this.rows(at).ownerId(this.index[at]!);
  }
}

/**
 * The batches of an import (see the module comment). `batch` holds every list but `opportunityChanges`, which
 * `history` gives; a history change goes with its opportunity (a stored opportunity's, with the first slice).
 */
export function* batchStream(
  batch: PartialEntityBatch,
  history: HistoryChanges,
  perBatch = OPPORTUNITIES_PER_BATCH,
): Generator<PartialEntityBatch> {
  checkBuilt(history.built);
  const { opportunities } = batch;
  const slices = Math.max(1, Math.ceil(opportunities.length / perBatch));
  const { rowSlice, counts, built } = sliceHistory(opportunities, history, perBatch, slices);
  const files = history.rows.map(({ rows }) => rows);
  for (let slice = 0; slice < slices; slice++) {
    const [begin, end] = [slice * perBatch, (slice + 1) * perBatch];
    // The slice's rows in position order, found by a pass over every row's slice (a byte each): cheaper in
    // memory than keeping every position ordered by slice for the whole write.
    const fileOf = new Uint16Array(counts[slice]!);
    const indexOf = new Uint32Array(counts[slice]!);
    let [at, position] = [0, 0];
    history.rows.forEach(({ indexes }, file) => {
      for (const index of indexes) {
        if (rowSlice[position++] !== slice) continue;
        checkRow(files[file]!, index);
        fileOf[at] = file;
        indexOf[at++] = index;
      }
    });
    const first = slice === 0;
    const last = slice === slices - 1;
    const keep: KeptFields = {
      ...(first ? { reps: batch.keep?.reps, accounts: batch.keep?.accounts } : {}),
      ...(last ? { activities: batch.keep?.activities, leads: batch.keep?.leads } : {}),
      opportunities: batch.keep?.opportunities?.slice(begin, end),
    };
    yield {
      ...emptyBatch(),
      ...(first ? { reps: batch.reps, accounts: batch.accounts, territories: batch.territories } : {}),
      ...(last
        ? { activities: batch.activities, leads: batch.leads, quotas: batch.quotas, costs: batch.costs }
        : {}),
      opportunities: opportunities.slice(begin, end),
      opportunityChanges: built.get(slice) ?? [],
      changeColumns: new SliceChanges(files, fileOf, indexOf),
      keep,
    };
  }
}

/**
 * The dataset snapshot cache: a built {@link Dataset} persisted as one binary file per data version in the
 * workspace cache folder (`dataset-v<dataVersion>.bin`), so that a CLI run or a server start loads columns
 * instead of re-reading millions of store rows.
 *
 * File layout (all little-endian):
 *
 * ```
 * 0   8 bytes  magic "SODATSET"
 * 8   uint32   header length in bytes
 * 12  uint32   0 (reserved)
 * 16  header   JSON: format version, data version, store identity, row counts, and each segment's
 *              name, type, offset (from the data start) and byte length
 *     padding  to a multiple of 8
 *     numeric  the typed-array columns' raw bytes, each at an 8-byte-aligned offset, among them each text
 *              column's offsets (`<table>.<field>.starts`, Int32Array)
 *     strings  each text column's entries, concatenated, as UTF-8, then the label dictionaries as JSON
 * ```
 *
 * Loading reads the numeric section into one buffer and makes every typed column a view over it, and decodes
 * each text column with one UTF-8 decode into one string (a {@link TextColumn}): no per-row work. A file whose header, lengths or offsets do not add up is rejected and
 * rebuilt, never trusted. Bytes inside a column are not checksummed: the atomic write (temporary file, fsync,
 * rename) is what keeps a half-written file from ever carrying the final name.
 * @module
 */
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LABEL_KINDS, type LabelKind } from '../store/store.js';
import { buildDataset, type DatasetSource } from './build-dataset.js';
import {
  DATASET_TABLES,
  DATASET_TABLE_NAMES,
  type ColumnKind,
  type Dataset,
  type DatasetTable,
  type TableColumns,
  type TextColumn,
} from './dataset.js';

/** Bumped whenever the layout or the dataset schema changes, so that older files are rebuilt. */
export const SNAPSHOT_FORMAT_VERSION = 3;

const MAGIC = 'SODATSET';
const PREFIX_BYTES = 16;
const FILE_NAME = /^dataset-v(\d+)\.bin$/;
const TEMP_FILE_NAME = /^dataset-v(\d+)\.bin\.\d+\.\d+\.tmp$/;

export function snapshotFileName(dataVersion: number): string {
  return `dataset-v${dataVersion}.bin`;
}

type TypedArrayName = 'Uint16Array' | 'Int32Array' | 'Float64Array' | 'Int8Array';
type TypedArray = Uint16Array | Int32Array | Float64Array | Int8Array;
/** Typed arrays as raw bytes; a text column's entries as UTF-8 `text`; the label dictionaries as `json`. */
type ExpectedType = TypedArrayName | 'text' | 'json';

const TYPED_ARRAYS: Record<
  TypedArrayName,
  { new (buffer: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number }
> = {
  Uint16Array,
  Int32Array,
  Float64Array,
  Int8Array,
};

const SEGMENT_TYPE_OF: Record<ColumnKind, ExpectedType> = {
  code: 'Uint16Array',
  index: 'Int32Array',
  day: 'Int32Array',
  money: 'Float64Array',
  number: 'Float64Array',
  flag: 'Int8Array',
  string: 'text',
};

/** The segment of a text column's offsets. */
const startsSegment = (name: string): string => `${name}.starts`;

const headerSchema = z.object({
  format: z.literal('salesops-dataset'),
  formatVersion: z.number().int(),
  littleEndian: z.boolean(),
  dataVersion: z.number().int(),
  storeIdentity: z.string(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  numericBytes: z.number().int().nonnegative(),
  stringBytes: z.number().int().nonnegative(),
  segments: z.array(
    z.object({
      name: z.string(),
      /** Raw typed-array bytes, UTF-8 text (a text column's entries, concatenated), or UTF-8 JSON. */
      type: z.enum(['Uint16Array', 'Int32Array', 'Float64Array', 'Int8Array', 'text', 'json']),
      offset: z.number().int().nonnegative(),
      byteLength: z.number().int().nonnegative(),
    }),
  ),
});
type SnapshotHeader = z.infer<typeof headerSchema>;
type Segment = SnapshotHeader['segments'][number];

/** One column of the file as the layout expects it: its type and element count. */
interface ExpectedSegment {
  readonly name: string;
  readonly type: ExpectedType;
  /** Elements (typed arrays); null for text (its starts segment counts the entries) and the dictionaries. */
  readonly length: number | null;
}

/** The segments a snapshot of a dataset with these row counts holds: one per field, plus the CSR offsets and labels. */
function expectedSegments(counts: Readonly<Record<DatasetTable, number>>): ExpectedSegment[] {
  const segments: ExpectedSegment[] = [];
  for (const table of DATASET_TABLE_NAMES) {
    for (const [field, { kind }] of Object.entries(DATASET_TABLES[table].fields) as [
      string,
      { kind: ColumnKind },
    ][]) {
      const name = `${table}.${field}`;
      if (kind === 'string') {
        segments.push({ name, type: 'text', length: null });
        segments.push({ name: startsSegment(name), type: 'Int32Array', length: counts[table] + 1 });
      } else {
        segments.push({ name, type: SEGMENT_TYPE_OF[kind], length: counts[table] });
      }
    }
  }
  segments.push({ name: 'historyStart', type: 'Int32Array', length: counts.opportunities + 1 });
  segments.push({ name: 'labels', type: 'json', length: null });
  return segments;
}

const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** Writes a snapshot to `path` (through a temporary file and a rename, so readers never see a partial file). */
export async function writeDatasetSnapshot(
  path: string,
  dataset: Dataset,
  storeIdentity: string,
): Promise<number> {
  const counts = Object.fromEntries(
    DATASET_TABLE_NAMES.map((table) => [table, dataset[table].count]),
  ) as Record<DatasetTable, number>;
  const numeric: { segment: Segment; bytes: Uint8Array }[] = [];
  const strings: { segment: Segment; bytes: Uint8Array }[] = [];
  let numericBytes = 0;
  let stringBytes = 0;
  for (const { name, type } of expectedSegments(counts)) {
    const value = columnOf(dataset, name);
    if (type === 'text' || type === 'json') {
      const text = type === 'text' ? (value as TextColumn).text : JSON.stringify(value);
      const bytes = Buffer.from(text, 'utf8');
      strings.push({ segment: { name, type, offset: stringBytes, byteLength: bytes.byteLength }, bytes });
      stringBytes += bytes.byteLength;
    } else {
      const array = value as TypedArray;
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      numeric.push({ segment: { name, type, offset: numericBytes, byteLength: bytes.byteLength }, bytes });
      numericBytes = align8(numericBytes + bytes.byteLength);
    }
  }
  const header: SnapshotHeader = {
    format: 'salesops-dataset',
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    littleEndian: endianness() === 'LE',
    dataVersion: dataset.dataVersion,
    storeIdentity,
    counts,
    numericBytes,
    // String segments follow the numeric section; their offsets count from its end.
    stringBytes,
    segments: [...numeric, ...strings].map((entry) => entry.segment),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.byteLength, 8);
  const dataStart = align8(PREFIX_BYTES + headerBytes.byteLength);

  const temporary = `${path}.${process.pid}.${temporaryCounter++}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.write(prefix, 0, PREFIX_BYTES, 0);
    await file.write(headerBytes, 0, headerBytes.byteLength, PREFIX_BYTES);
    for (const { segment, bytes } of numeric) await writeAll(file, bytes, dataStart + segment.offset);
    for (const { segment, bytes } of strings)
      await writeAll(file, bytes, dataStart + numericBytes + segment.offset);
    await file.truncate(dataStart + numericBytes + stringBytes);
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return dataStart + numericBytes + stringBytes;
}

let temporaryCounter = 0;

async function writeAll(file: Awaited<ReturnType<typeof open>>, bytes: Uint8Array, position: number) {
  let written = 0;
  while (written < bytes.byteLength) {
    const { bytesWritten } = await file.write(bytes, written, bytes.byteLength - written, position + written);
    written += bytesWritten;
  }
}

function columnOf(dataset: Dataset, name: string): unknown {
  if (name === 'historyStart') return dataset.historyStart;
  if (name === 'labels') return dataset.labels;
  const [table, field, part] = name.split('.') as [DatasetTable, string, 'starts' | undefined];
  const column = (dataset[table] as unknown as Record<string, unknown>)[field];
  return part === 'starts' ? (column as TextColumn).starts : column;
}

export type SnapshotRead =
  { readonly ok: true; readonly dataset: Dataset } | { readonly ok: false; readonly reason: string };

/**
 * Reads a snapshot, checking that it was written for this data version and store and that its layout is
 * whole. Never throws for a bad file: it says why the file was not used.
 */
export async function readDatasetSnapshot(
  path: string,
  expected: { readonly dataVersion: number; readonly storeIdentity: string },
): Promise<SnapshotRead> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    return { ok: false, reason: isMissing(error) ? 'missing' : `unreadable (${String(error)})` };
  }
  try {
    return await readOpenSnapshot(file, expected);
  } catch (error) {
    return { ok: false, reason: `unreadable (${String(error)})` };
  } finally {
    await file.close();
  }
}

class Rejected extends Error {}
const reject = (reason: string): never => {
  throw new Rejected(reason);
};

async function readOpenSnapshot(
  file: Awaited<ReturnType<typeof open>>,
  expected: { readonly dataVersion: number; readonly storeIdentity: string },
): Promise<SnapshotRead> {
  try {
    const size = (await file.stat()).size;
    const prefix = await readExactly(file, 0, PREFIX_BYTES, size);
    if (prefix.toString('latin1', 0, 8) !== MAGIC) reject('not a dataset snapshot');
    const headerLength = prefix.readUInt32LE(8);
    const headerBytes = await readExactly(file, PREFIX_BYTES, headerLength, size);
    const parsed = headerSchema.safeParse(parseJson(headerBytes));
    if (!parsed.success) return reject('damaged header');
    const header = parsed.data;
    if (header.formatVersion !== SNAPSHOT_FORMAT_VERSION) reject(`format version ${header.formatVersion}`);
    if (header.littleEndian !== (endianness() === 'LE')) reject('written on a machine of other byte order');
    if (header.dataVersion !== expected.dataVersion) reject(`data version ${header.dataVersion}`);
    if (header.storeIdentity !== expected.storeIdentity)
      reject(`written for another store (${header.storeIdentity})`);
    const dataStart = align8(PREFIX_BYTES + headerLength);
    if (size !== dataStart + header.numericBytes + header.stringBytes) reject('truncated or padded');

    const counts = checkCounts(header.counts);
    const segments = checkSegments(header, counts);
    // One buffer for every typed column; views need their offsets aligned, which a fresh ArrayBuffer is.
    const numeric = new ArrayBuffer(header.numericBytes);
    await readInto(file, new Uint8Array(numeric), dataStart);
    const stringSection = await readExactly(file, dataStart + header.numericBytes, header.stringBytes, size);

    const values = new Map<string, unknown>();
    for (const segment of segments) {
      if (segment.type === 'text') {
        values.set(
          segment.name,
          stringSection.toString('utf8', segment.offset, segment.offset + segment.byteLength),
        );
      } else if (segment.type === 'json') {
        values.set(
          segment.name,
          parseJson(stringSection.subarray(segment.offset, segment.offset + segment.byteLength)),
        );
      } else {
        const type = TYPED_ARRAYS[segment.type];
        values.set(
          segment.name,
          new type(numeric, segment.offset, segment.byteLength / type.BYTES_PER_ELEMENT),
        );
      }
    }
    return { ok: true, dataset: assemble(header.dataVersion, counts, values) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    throw error;
  }
}

function checkCounts(counts: Record<string, number>): Record<DatasetTable, number> {
  for (const table of DATASET_TABLE_NAMES)
    if (counts[table] === undefined) reject(`no row count for ${table}`);
  return counts;
}

/** Matches the header's segments one to one with the layout the schema expects, and checks their bounds. */
function checkSegments(header: SnapshotHeader, counts: Record<DatasetTable, number>): Segment[] {
  const byName = new Map(header.segments.map((segment) => [segment.name, segment]));
  const expected = expectedSegments(counts);
  if (byName.size !== header.segments.length || header.segments.length !== expected.length) {
    reject('columns do not match this version of salesops');
  }
  return expected.map((shape) => {
    const segment = byName.get(shape.name) ?? reject(`column ${shape.name} is missing`);
    if (segment.type !== shape.type)
      reject(`column ${shape.name} is ${segment.type}, expected ${shape.type}`);
    if (segment.type === 'text' || segment.type === 'json') {
      if (segment.offset + segment.byteLength > header.stringBytes)
        reject(`column ${shape.name} overruns the file`);
    } else {
      const { BYTES_PER_ELEMENT } = TYPED_ARRAYS[segment.type];
      if (segment.offset % 8 !== 0) reject(`column ${shape.name} is misaligned`);
      if (segment.offset + segment.byteLength > header.numericBytes)
        reject(`column ${shape.name} overruns the file`);
      if (segment.byteLength !== (shape.length ?? 0) * BYTES_PER_ELEMENT)
        reject(`column ${shape.name} has a wrong length`);
    }
    return segment;
  });
}

function assemble(
  dataVersion: number,
  counts: Record<DatasetTable, number>,
  values: Map<string, unknown>,
): Dataset {
  const labels = values.get('labels');
  if (!isLabels(labels)) return reject('damaged label dictionaries');
  const historyStart = values.get('historyStart') as Int32Array;
  if (!isCsrOffsets(historyStart, counts.history)) reject('damaged history offsets');
  const tables = Object.fromEntries(
    DATASET_TABLE_NAMES.map((table) => {
      const columns: Record<string, unknown> = { count: counts[table] };
      for (const [field, { kind }] of Object.entries(DATASET_TABLES[table].fields) as [
        string,
        { kind: ColumnKind },
      ][]) {
        const name = `${table}.${field}`;
        columns[field] = kind === 'string' ? textColumnOf(name, values) : values.get(name);
      }
      return [table, columns];
    }),
  ) as { [T in DatasetTable]: TableColumns<T> };
  return { dataVersion, labels, historyStart, ...tables };
}

function isLabels(value: unknown): value is Record<LabelKind, string[]> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return LABEL_KINDS.every((kind) => {
    const list = record[kind];
    return Array.isArray(list) && list[0] === '' && list.every((label) => typeof label === 'string');
  });
}

/** CSR offsets must start at 0, end at the history row count and never decrease (engines loop on them). */
function isCsrOffsets(offsets: Int32Array, historyRows: number): boolean {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== historyRows) return false;
  for (let i = 1; i < offsets.length; i++) if ((offsets[i] ?? 0) < (offsets[i - 1] ?? 0)) return false;
  return true;
}

/** A text column from its decoded text and its offsets, which must cover the text exactly, in order. */
function textColumnOf(name: string, values: Map<string, unknown>): TextColumn {
  const text = values.get(name) as string;
  const starts = values.get(startsSegment(name)) as Int32Array;
  let ordered = starts[0] === 0 && starts[starts.length - 1] === text.length;
  for (let i = 1; ordered && i < starts.length; i++) ordered = (starts[i] ?? 0) >= (starts[i - 1] ?? 0);
  return ordered ? { text, starts } : reject(`damaged offsets of column ${name}`);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return reject('damaged text column');
  }
}

async function readExactly(
  file: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
  size: number,
) {
  if (position + length > size) reject('truncated');
  const buffer = Buffer.allocUnsafe(length);
  await readInto(file, buffer, position);
  return buffer;
}

async function readInto(file: Awaited<ReturnType<typeof open>>, target: Uint8Array, position: number) {
  let read = 0;
  while (read < target.byteLength) {
    const { bytesRead } = await file.read(target, read, target.byteLength - read, position + read);
    if (bytesRead === 0) reject('truncated');
    read += bytesRead;
  }
}

/** No such file, or no such folder (a path through a file). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** What {@link loadOrBuildDataset} did, for callers that log or measure it. */
export type DatasetCacheEvent =
  | { readonly kind: 'loaded'; readonly path: string }
  | { readonly kind: 'rejected'; readonly path: string; readonly reason: string }
  | { readonly kind: 'built'; readonly dataVersion: number }
  | { readonly kind: 'written'; readonly path: string; readonly bytes: number }
  | { readonly kind: 'write-failed'; readonly path: string; readonly error: unknown };

export interface LoadOrBuildOptions {
  /** Told what happened; a snapshot that could not be written is reported here, not thrown. */
  readonly onEvent?: (event: DatasetCacheEvent) => void;
}

/**
 * The dataset of the store's current data version: loaded from its snapshot in `cacheDir` when one was written
 * for this data version and store, else built from the store, written as the new snapshot, and older snapshots
 * removed. `storeIdentity` names the database (e.g. `sqlite:/path/salesops.db`) so that two stores never share
 * a snapshot.
 */
export async function loadOrBuildDataset(
  store: DatasetSource,
  cacheDir: string,
  storeIdentity: string,
  options: LoadOrBuildOptions = {},
): Promise<Dataset> {
  const emit = options.onEvent ?? (() => undefined);
  const dataVersion = await store.dataVersion();
  const path = join(cacheDir, snapshotFileName(dataVersion));
  const read = await readDatasetSnapshot(path, { dataVersion, storeIdentity });
  if (read.ok) {
    emit({ kind: 'loaded', path });
    return read.dataset;
  }
  if (read.reason !== 'missing') emit({ kind: 'rejected', path, reason: read.reason });

  const dataset = await buildDataset(store);
  emit({ kind: 'built', dataVersion: dataset.dataVersion });
  const target = join(cacheDir, snapshotFileName(dataset.dataVersion));
  try {
    await mkdir(cacheDir, { recursive: true });
    const bytes = await writeDatasetSnapshot(target, dataset, storeIdentity);
    emit({ kind: 'written', path: target, bytes });
    await removeOlderSnapshots(cacheDir, dataset.dataVersion);
  } catch (error) {
    // The dataset is right either way; a cache that cannot be written only costs the next run a rebuild.
    emit({ kind: 'write-failed', path: target, error });
  }
  return dataset;
}

/** Deletes snapshots (and temporary files of crashed writers) of data versions older than `dataVersion`. */
async function removeOlderSnapshots(cacheDir: string, dataVersion: number): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    const version = FILE_NAME.exec(name)?.[1] ?? TEMP_FILE_NAME.exec(name)?.[1];
    if (version !== undefined && Number(version) < dataVersion)
      await rm(join(cacheDir, name), { force: true });
  }
}

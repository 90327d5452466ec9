import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_AS_OF, sampleBatch } from '../../test/fixtures/dataset/sample-batch.js';
import { isoDate } from '../domain/dates.js';
import { emptyBatch } from '../domain/entities.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildDataset } from './build-dataset.js';
import {
  loadOrBuildDataset,
  readDatasetSnapshot,
  snapshotFileName,
  writeDatasetSnapshot,
  type DatasetCacheEvent,
} from './dataset-cache.js';
import { DATASET_TABLE_NAMES, textColumn, textEntries } from './dataset.js';

const IDENTITY = 'sqlite:/test/salesops.db';

describe('dataset snapshot cache', () => {
  let folder: string;
  let cacheDir: string;
  let store: Store;
  let scans: number;
  let events: DatasetCacheEvent['kind'][];
  /** Why each rejected snapshot was rejected. */
  let rejections: string[];
  /** The real store, counting its scans: a load from the snapshot scans nothing. */
  let counted: Pick<Store, 'scan' | 'labels' | 'dataVersion'>;

  const load = (identity = IDENTITY) => {
    events = [];
    rejections = [];
    scans = 0;
    return loadOrBuildDataset(counted, cacheDir, identity, {
      onEvent: (event) => {
        events.push(event.kind);
        if (event.kind === 'rejected') rejections.push(event.reason);
      },
    });
  };
  const snapshot = (version: number) => join(cacheDir, snapshotFileName(version));

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'salesops-cache-'));
    cacheDir = join(folder, '.salesops');
    store = await openStore({ sqlitePath: join(folder, 'salesops.db') });
    await store.write(sampleBatch(), { source: 'test', asOf: SAMPLE_AS_OF });
    counted = {
      scan: (table, onRow) => {
        scans++;
        return store.scan(table, onRow);
      },
      labels: (kind) => store.labels(kind),
      dataVersion: () => store.dataVersion(),
    };
  });
  afterEach(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads back exactly the dataset it wrote', async () => {
    const built = await buildDataset(store);
    const path = join(folder, 'round-trip.bin');
    await writeDatasetSnapshot(path, built, IDENTITY);
    const read = await readDatasetSnapshot(path, { dataVersion: built.dataVersion, storeIdentity: IDENTITY });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.dataset).toEqual(built);
    for (const table of DATASET_TABLE_NAMES) {
      expect(Object.keys(read.dataset[table]).sort()).toEqual(Object.keys(built[table]).sort());
    }
    // Typed columns are views over one buffer, not copies.
    expect(read.dataset.opportunities.amount.buffer).toBe(read.dataset.history.day.buffer);
  });

  it('round-trips awkward strings and empty tables', async () => {
    const built = await buildDataset(store);
    const awkward = {
      ...built,
      opportunities: {
        ...built.opportunities,
        name: textColumn(['nul \u0000 inside', '', 'Ünïcode ✓ 🦜 \u05d4\u05b8']),
      },
      leads: { ...built.leads, crmId: textColumn(['', '']) },
    };
    const path = join(folder, 'awkward.bin');
    await writeDatasetSnapshot(path, awkward, IDENTITY);
    const read = await readDatasetSnapshot(path, { dataVersion: built.dataVersion, storeIdentity: IDENTITY });
    expect(read.ok && read.dataset).toEqual(awkward);

    const empty = await openStore({ sqlitePath: join(folder, 'empty.db') });
    const nothing = await buildDataset(empty).finally(() => empty.close());
    await writeDatasetSnapshot(path, nothing, IDENTITY);
    const readEmpty = await readDatasetSnapshot(path, { dataVersion: 0, storeIdentity: IDENTITY });
    expect(readEmpty.ok && readEmpty.dataset).toEqual(nothing);
  });

  it('builds and writes on the first load, then loads without scanning', async () => {
    const first = await load();
    expect(events).toEqual(['built', 'written']);
    expect(scans).toBeGreaterThan(0);
    expect(existsSync(snapshot(1))).toBe(true);
    const second = await load();
    expect(events).toEqual(['loaded']);
    expect(scans).toBe(0);
    expect(second).toEqual(first);
  });

  it('rebuilds a truncated snapshot', async () => {
    await load();
    const path = snapshot(1);
    truncateSync(path, readFileSync(path).byteLength - 9);
    const dataset = await load();
    expect(events).toEqual(['rejected', 'built', 'written']);
    expect(textEntries(dataset.opportunities.crmId)).toEqual(['O1', 'O2', 'O3']);
    expect((await load(), events)).toEqual(['loaded']);
  });

  it('rebuilds a snapshot whose header or text columns are damaged', async () => {
    await load();
    const path = snapshot(1);
    const original = readFileSync(path);

    const badHeader = Buffer.from(original);
    badHeader.write('{', 20, 'latin1');
    writeFileSync(path, badHeader);
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);

    // A header that still parses but claims a row count its columns do not have.
    const wrongCount = Buffer.from(
      original.toString('latin1').replace('"opportunities":3', '"opportunities":4'),
      'latin1',
    );
    expect(wrongCount.equals(original)).toBe(false);
    writeFileSync(path, wrongCount);
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);

    // Offsets of a text column that no longer cover its text in order.
    const badStarts = Buffer.from(original);
    const headerLength = original.readUInt32LE(8);
    const header = JSON.parse(original.toString('utf8', 16, 16 + headerLength)) as {
      segments: { name: string; offset: number }[];
    };
    const starts = header.segments.find((segment) => segment.name === 'opportunities.crmId.starts');
    const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
    badStarts.writeInt32LE(99, dataStart + (starts?.offset ?? 0) + 4);
    writeFileSync(path, badStarts);
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);
    expect(rejections.at(-1)).toBe('damaged offsets of column opportunities.crmId');

    // Damage the last byte: the closing bracket of the last JSON column.
    const badText = Buffer.from(original);
    badText[badText.byteLength - 1] = 0x20;
    writeFileSync(path, badText);
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);

    writeFileSync(path, 'not a snapshot at all');
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);
  });

  it('rebuilds when the data version changes, and removes the older snapshot', async () => {
    await load();
    const batch = emptyBatch();
    batch.opportunities = [{ ...sampleBatch().opportunities[1]!, stage: 'Discovery' }];
    await store.write(batch, { source: 'test', asOf: isoDate('2026-03-02') });
    const dataset = await load();
    expect(events).toEqual(['built', 'written']);
    expect(dataset.dataVersion).toBe(2);
    expect(readdirSync(cacheDir)).toEqual([snapshotFileName(2)]);
  });

  it('does not use a snapshot written for another store', async () => {
    await load('sqlite:/elsewhere/salesops.db');
    await load();
    expect(events).toEqual(['rejected', 'built', 'written']);
    const read = await readDatasetSnapshot(snapshot(1), { dataVersion: 1, storeIdentity: 'postgres:other' });
    expect(read).toEqual({ ok: false, reason: `written for another store (${IDENTITY})` });
  });

  it('still returns the dataset when the snapshot cannot be written', async () => {
    writeFileSync(cacheDir, 'a file where the cache folder should be');
    const dataset = await load();
    expect(events).toEqual(['built', 'write-failed']);
    expect(dataset.opportunities.count).toBe(3);
  });
});

/**
 * The bench's measured steps. Each runs in a child process of its own (bench/step.ts), so that its peak RSS
 * is its own and no step warms another's heap.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildDataset } from '../src/dataset/build-dataset.js';
import {
  loadOrBuildDataset,
  readDatasetSnapshot,
  snapshotFileName,
  writeDatasetSnapshot,
} from '../src/dataset/dataset-cache.js';
import { opportunitiesAsOf } from '../src/dataset/as-of.js';
import { toDayNumber, type IsoDate } from '../src/domain/dates.js';
import { generateDemo } from '../src/demo/generate-demo.js';
import { openStore } from '../src/store/open-store.js';
import { SCAN_TABLES, type ScanTable, type Store } from '../src/store/store.js';
import { duckdbType, exportTableCsv } from './csv-export.js';
import {
  canonicalRows,
  duckdbKpis,
  KPI_NAMES,
  ourKpis,
  PEER_TABLES,
  stageCodes,
  stageOrder,
  type KpiName,
  type KpiRows,
} from './kpi.js';
import { demoOptions } from './demo-setup.js';

/** Where a bench run keeps its files, and what it generates. */
export interface StepArgs {
  readonly workspace: string;
  readonly opportunities: number;
  readonly seed: number;
  readonly asOf: IsoDate;
  /** The day the as-of KPIs look from. */
  readonly kpiAsOf: IsoDate;
  /** Timed repetitions of each KPI query (the median is reported), after one untimed warm-up. */
  readonly repetitions: number;
}

export type StepResult = Record<string, unknown>;

const STORE_IDENTITY = 'bench';

const seconds = (since: number): number => (performance.now() - since) / 1000;
const storePath = (args: StepArgs) => join(args.workspace, 'salesops.db');
const cacheDir = (args: StepArgs) => join(args.workspace, '.salesops');
const csvPath = (args: StepArgs, table: string) => join(args.workspace, 'csv', `${table}.csv`);

async function withStore<T>(args: StepArgs, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ sqlitePath: storePath(args) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Times `run` once untimed, then `repetitions` times; returns the median seconds and the last result. */
async function timeQuery<T>(
  repetitions: number,
  run: () => T | Promise<T>,
): Promise<{ seconds: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = performance.now();
    result = await run();
    times.push(seconds(start));
  }
  return { seconds: median(times), result };
}

/** Nothing: the peak RSS of a step process itself (Node, tsx, the bench's modules). */
function baseline(): Promise<StepResult> {
  return Promise.resolve({ seconds: 0 });
}

/** (a) Demo generation into a fresh embedded store, streamed as one write as `salesops demo` does it. */
async function generate(args: StepArgs): Promise<StepResult> {
  return withStore(args, async (store) => {
    const start = performance.now();
    const result = await store.write(generateDemo(demoOptions(args)), { source: 'demo', asOf: args.asOf });
    const elapsed = seconds(start);
    let rows = 0;
    for (const count of Object.values(result.inserted)) rows += count;
    for (const count of Object.values(result.updated)) rows += count;
    const status = await store.status();
    return { seconds: elapsed, rows, rowsPerSecond: rows / elapsed, counts: status.counts };
  });
}

/** Reading every table the dataset reads, doing nothing with the rows: the store's share of a cold build. */
async function scan(args: StepArgs): Promise<StepResult> {
  return withStore(args, async (store) => {
    const tables: Record<string, { rows: number; seconds: number }> = {};
    const start = performance.now();
    for (const table of Object.keys(SCAN_TABLES) as ScanTable[]) {
      const tableStart = performance.now();
      const rows = await store.scan(table, () => undefined);
      tables[table] = { rows, seconds: seconds(tableStart) };
    }
    return { seconds: seconds(start), tables };
  });
}

/** (b) Cold build from the store's rows, then writing the snapshot. */
async function build(args: StepArgs): Promise<StepResult> {
  return withStore(args, async (store) => {
    const start = performance.now();
    const dataset = await buildDataset(store);
    const buildSeconds = seconds(start);
    await mkdir(cacheDir(args), { recursive: true });
    const writeStart = performance.now();
    const bytes = await writeDatasetSnapshot(
      join(cacheDir(args), snapshotFileName(dataset.dataVersion)),
      dataset,
      STORE_IDENTITY,
    );
    return {
      seconds: buildSeconds,
      snapshotWriteSeconds: seconds(writeStart),
      snapshotBytes: bytes,
      opportunities: dataset.opportunities.count,
      historyRows: dataset.history.count,
    };
  });
}

/** (b) Loading the dataset from its snapshot, as a CLI run or a server start would. */
async function load(args: StepArgs): Promise<StepResult> {
  return withStore(args, async (store) => {
    const start = performance.now();
    const events: string[] = [];
    const dataset = await loadOrBuildDataset(store, cacheDir(args), STORE_IDENTITY, {
      onEvent: (event) => events.push(event.kind),
    });
    const elapsed = seconds(start);
    if (!events.includes('loaded')) throw new Error(`the snapshot was not used (${events.join(', ')})`);
    return { seconds: elapsed, opportunities: dataset.opportunities.count };
  });
}

/** Our side of the KPI set, on the dataset loaded from its snapshot; and the as-of pass alone. */
async function kpi(args: StepArgs): Promise<StepResult> {
  const dataVersion = await withStore(args, (store) => store.dataVersion());
  const read = await readDatasetSnapshot(join(cacheDir(args), snapshotFileName(dataVersion)), {
    dataVersion,
    storeIdentity: STORE_IDENTITY,
  });
  if (!read.ok) throw new Error(`no snapshot to run the KPIs on: ${read.reason}`);
  const { dataset } = read;
  const asOfDay = toDayNumber(args.kpiAsOf);
  const order = stageOrder(dataset.labels.stage);
  const asOfPass = await timeQuery(args.repetitions, () => opportunitiesAsOf(dataset, asOfDay, order));
  const queries = ourKpis(dataset, asOfDay, stageCodes(dataset.labels.stage));
  const timed: Partial<Record<KpiName, { seconds: number; rows: KpiRows }>> = {};
  for (const name of KPI_NAMES) {
    const { seconds: time, result } = await timeQuery(args.repetitions, queries[name]);
    timed[name] = { seconds: time, rows: canonicalRows(result) };
  }
  const total = KPI_NAMES.reduce((sum, name) => sum + (timed[name]?.seconds ?? 0), 0);
  return { seconds: total, asOfSeconds: asOfPass.seconds, queries: timed, stageLabels: dataset.labels.stage };
}

/** The opportunities, their history and the accounts as CSV, for the peer. Not part of any comparison. */
async function exportCsv(args: StepArgs): Promise<StepResult> {
  await mkdir(join(args.workspace, 'csv'), { recursive: true });
  return withStore(args, async (store) => {
    const start = performance.now();
    const rows: Record<string, number> = {};
    for (const table of PEER_TABLES) rows[table] = await exportTableCsv(store, table, csvPath(args, table));
    return { seconds: seconds(start), rows };
  });
}

const DUCKDB_TABLE_OF: Record<(typeof PEER_TABLES)[number], string> = {
  opportunities: 'opportunities',
  opportunity_history: 'history',
  accounts: 'accounts',
};

/** (c) The peer: DuckDB loads the CSV export into tables, then runs the same KPI set in SQL. */
async function duckdb(args: StepArgs & { readonly stageLabels: readonly string[] }): Promise<StepResult> {
  // Imported here so that the other steps' peak RSS does not include DuckDB's native library.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const tables: Record<string, number> = {};
    const start = performance.now();
    for (const table of PEER_TABLES) {
      const tableStart = performance.now();
      const columns = SCAN_TABLES[table].map((column) => `'${column}': '${duckdbType(column)}'`).join(', ');
      await connection.run(
        `CREATE TABLE ${DUCKDB_TABLE_OF[table]} AS SELECT * FROM read_csv('${csvPath(args, table)}', header = true, columns = {${columns}})`,
      );
      tables[table] = seconds(tableStart);
    }
    const loadSeconds = seconds(start);
    const sql = duckdbKpis(toDayNumber(args.kpiAsOf), stageCodes(args.stageLabels));
    const timed: Partial<Record<KpiName, { seconds: number; rows: KpiRows }>> = {};
    for (const name of KPI_NAMES) {
      const { seconds: time, result } = await timeQuery(args.repetitions, async () =>
        (await connection.runAndReadAll(sql[name])).getRows(),
      );
      timed[name] = { seconds: time, rows: canonicalRows(result) };
    }
    return { seconds: loadSeconds, tables, queries: timed, threads: await duckdbThreads(connection) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function duckdbThreads(connection: DuckDBConnection): Promise<number> {
  const rows = (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows();
  return Number(rows[0]?.[0]);
}

export const STEPS = { baseline, generate, scan, build, load, kpi, exportCsv, duckdb } as const;
export type StepName = keyof typeof STEPS;

/**
 * The performance bench: `npm run bench [-- --opportunities N | --quick] [--seed S] [--keep] [--workspace DIR]`.
 *
 * Generates a demo into a fresh embedded store in a temporary workspace, builds the columnar dataset from it
 * (cold) and loads it from its snapshot, then runs the peer in the same run: DuckDB loading the same
 * opportunities, history and accounts from CSV, and the same KPI queries in SQL. Every step runs in a child
 * process of its own so that each peak RSS is that step's. Prints a table and writes bench/out/results.json;
 * see docs/performance.md.
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, isoDate } from '../src/domain/dates.js';
import { parseDemoBenchOptions } from './demo-bench.js';
import { KPI_NAMES, PEER_TABLES, type KpiName, type KpiRows } from './kpi.js';
import { runStep } from './run-step.js';
import type { StepArgs, StepName } from './steps.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** The demo's "today", pinned so that every run generates the same data. */
const AS_OF = isoDate('2026-06-30');
/** Two months before it: the as-of KPIs then read history rather than the current state. */
const KPI_AS_OF = addDays(AS_OF, -60);

interface Timed {
  readonly seconds: number;
  readonly peakRssMb: number;
}
interface QueryResults {
  readonly queries: Record<KpiName, { seconds: number; rows: KpiRows }>;
}

const ratio = (ours: number, peer: number): number => ours / peer;
const fixed = (value: number, digits = 2) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  rows.forEach((row, index) => {
    console.log(
      row
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  '),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  });
}

async function main(): Promise<void> {
  const options = parseDemoBenchOptions(5);
  // A --workspace folder is generated into (and kept); it must not hold a workspace yet.
  const workspace = options.workspace ?? mkdtempSync(join(tmpdir(), 'salesops-bench-'));
  const args: StepArgs = {
    workspace,
    opportunities: options.opportunities,
    seed: options.seed,
    asOf: AS_OF,
    kpiAsOf: KPI_AS_OF,
    repetitions: options.repetitions,
  };
  console.log(`salesops bench: ${thousands(options.opportunities)} opportunities, workspace ${workspace}`);
  // Other processes on the machine skew every figure; the load average says how busy it was.
  const loadBefore = loadavg()[0]!;
  try {
    const step = async <T extends object>(name: StepName, extra: Record<string, unknown> = {}) => {
      process.stdout.write(`  ${name} ...`);
      const result = await runStep<T & Timed>(name, { ...args, ...extra });
      console.log(` ${fixed(result.seconds)} s, peak RSS ${thousands(result.peakRssMb)} MB`);
      return result;
    };
    const baseline = await step('baseline');
    const generate = await step<{ rows: number; rowsPerSecond: number; counts: Record<string, number> }>(
      'generate',
    );
    const scan = await step<{ tables: Record<string, { rows: number; seconds: number }> }>('scan');
    const build = await step<{ snapshotWriteSeconds: number; snapshotBytes: number; historyRows: number }>(
      'build',
    );
    const load = await step('load');
    const kpi = await step<QueryResults & { asOfSeconds: number; stageLabels: string[] }>('kpi');
    const exported = await step('exportCsv');
    const duckdb = await step<QueryResults & { tables: Record<string, number>; threads: number }>('duckdb', {
      stageLabels: kpi.stageLabels,
    });

    const queries = KPI_NAMES.map((name) => ({
      name,
      ours: kpi.queries[name].seconds,
      duckdb: duckdb.queries[name].seconds,
      agree: JSON.stringify(kpi.queries[name].rows) === JSON.stringify(duckdb.queries[name].rows),
      resultRows: kpi.queries[name].rows.length,
    }));
    // DuckDB loads three tables; the cold build reads all nine. The store's scan of those three alone is the
    // like-for-like part (an underestimate of a build of them: it leaves out filling the columns).
    const peerTablesScanSeconds = PEER_TABLES.reduce(
      (sum, table) => sum + (scan.tables[table]?.seconds ?? 0),
      0,
    );
    const kpiOurs = queries.reduce((sum, query) => sum + query.ours, 0);
    const kpiDuckdb = queries.reduce((sum, query) => sum + query.duckdb, 0);
    const results = {
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverage: { before: loadBefore, after: loadavg()[0]! },
      },
      opportunities: options.opportunities,
      historyRows: build.historyRows,
      rowsWritten: generate.rows,
      counts: generate.counts,
      kpiAsOf: KPI_AS_OF,
      duckdbThreads: duckdb.threads,
      ratios: {
        coldBuildVsDuckdbLoad: ratio(build.seconds, duckdb.seconds),
        peerTablesScanVsDuckdbLoad: ratio(peerTablesScanSeconds, duckdb.seconds),
        snapshotLoadVsDuckdbLoad: ratio(load.seconds, duckdb.seconds),
        kpiQueriesVsDuckdb: ratio(kpiOurs, kpiDuckdb),
      },
      coldBuild: {
        seconds: build.seconds,
        storeScanSeconds: scan.seconds,
        peerTablesScanSeconds,
        fillSeconds: build.seconds - scan.seconds,
      },
      queries,
      // Each step's own report; KPI result rows are left out (they were compared above).
      steps: {
        baseline,
        generate,
        scan,
        build,
        load,
        kpi: { ...kpi, queries: undefined, stageLabels: undefined },
        exported,
        duckdb: { ...duckdb, queries: undefined },
      },
    };
    mkdirSync(join(BENCH_DIR, 'out'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'out', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

    console.log(
      `\n${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; DuckDB ${duckdb.threads} threads; ` +
        `load average ${fixed(loadBefore)} before, ${fixed(results.machine.loadAverage.after)} after`,
    );
    console.log(
      `${thousands(options.opportunities)} opportunities, ${thousands(build.historyRows)} history rows, ${thousands(generate.rows)} rows written in all\n`,
    );
    printTable([
      ['step', 'ours s', 'DuckDB s', 'ours/DuckDB', 'ours RSS MB', 'DuckDB RSS MB'],
      ['(a) demo generation into SQLite', fixed(generate.seconds), '', '', thousands(generate.peakRssMb), ''],
      ['    rows written per second', thousands(generate.rowsPerSecond), '', '', '', ''],
      ['    store scan alone (all tables)', fixed(scan.seconds), '', '', thousands(scan.peakRssMb), ''],
      [
        '(b) dataset cold build vs CSV load',
        fixed(build.seconds),
        fixed(duckdb.seconds),
        fixed(results.ratios.coldBuildVsDuckdbLoad),
        thousands(build.peakRssMb),
        thousands(duckdb.peakRssMb),
      ],
      [
        '    store scan of the same 3 tables only',
        fixed(peerTablesScanSeconds),
        fixed(duckdb.seconds),
        fixed(results.ratios.peerTablesScanVsDuckdbLoad),
        '',
        '',
      ],
      [
        '    snapshot load vs CSV load',
        fixed(load.seconds, 3),
        fixed(duckdb.seconds),
        fixed(results.ratios.snapshotLoadVsDuckdbLoad, 3),
        thousands(load.peakRssMb),
        '',
      ],
      ...queries.map((query) => [
        `(c) ${query.name}${query.agree ? '' : ' (RESULTS DIFFER)'}`,
        fixed(query.ours, 4),
        fixed(query.duckdb, 4),
        fixed(ratio(query.ours, query.duckdb), 3),
        '',
        '',
      ]),
      [
        '    KPI set',
        fixed(kpiOurs, 4),
        fixed(kpiDuckdb, 4),
        fixed(results.ratios.kpiQueriesVsDuckdb, 3),
        thousands(kpi.peakRssMb),
        '',
      ],
    ]);
    console.log(
      `\nstep process floor (Node + tsx): ${thousands(baseline.peakRssMb)} MB RSS; as-of pass alone ${fixed(kpi.asOfSeconds * 1000, 1)} ms; ` +
        `snapshot ${thousands(build.snapshotBytes / 2 ** 20)} MB written in ${fixed(build.snapshotWriteSeconds)} s`,
    );
    console.log(`wrote ${join('bench', 'out', 'results.json')}`);
    if (queries.some((query) => !query.agree)) process.exitCode = 1;
  } finally {
    if (options.keep) console.log(`kept ${workspace}`);
    else rmSync(workspace, { recursive: true, force: true });
  }
}

await main();

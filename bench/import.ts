/**
 * The import bench: `tsx bench/import.ts [--opportunities N | --quick] [--seed S] [--keep] [--steps read,check,...]
 * [--files DIR]` (`--files`: the folder an earlier `--keep` printed, read again instead of generating).
 *
 * Generates a Salesforce Data Loader export (Opportunity.csv with N rows, OpportunityHistory.csv with 5N, and
 * the User and Account files they refer to), then measures, each step in a child process of its own so that
 * its peak RSS is its own:
 *   read    the CSV reader alone over the two large files (the floor: decoding and splitting records into spans)
 *   check   `import --dry-run`: read, map, parse and validate every row, assemble the batch; nothing written
 *   serial  the same with the history read on the main thread (not in parts on worker threads)
 *   import  the same into a fresh embedded store (one transaction)
 *   duckdb  the peer, in the same run: DuckDB's read_csv of the same files into tables (types sniffed)
 * Prints a table and writes bench/out/import-results.json. See docs/decisions.md ("Import throughput").
 * @module
 */
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { largeAllocationStart } from '../bin/large-allocation.js';
import { fromDayNumber, isoDate, toDayNumber } from '../src/domain/dates.js';
import type * as WorkspaceConfig from '../src/domain/workspace-config.js';
import type * as Ingest from '../src/ingest/index.js';
import type { ImportResult } from '../src/ingest/index.js';
import type * as Readers from '../src/ingest/readers/index.js';
import type * as OpenStore from '../src/store/open-store.js';
import { salesforceId18 } from '../src/ingest/values/ids.js';
import type { Store } from '../src/store/store.js';
import { HISTORY_COLUMNS, OPPORTUNITY_COLUMNS, q } from '../test/import/data-loader-export.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const AS_OF = isoDate('2026-06-30');
const HISTORY_PER_OPPORTUNITY = 5;
const REPS = 400;
const ACCOUNTS = 50_000;
const FILES = ['User.csv', 'Account.csv', 'Opportunity.csv', 'OpportunityHistory.csv'] as const;
const LARGE_FILES = ['Opportunity.csv', 'OpportunityHistory.csv'] as const;

/** sfc32, seeded: every run generates the same files. */
function random(seed: number): () => number {
  let [a, b, c, d] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A Salesforce-shaped 18-character id: key prefix, a base-62 counter, and the case checksum. */
function sfId(prefix: string, n: number): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (let rest = n; body.length < 9; rest = Math.floor(rest / 62)) body = digits[rest % 62]! + body;
  const id15 = `${prefix}5e0${body}`.slice(0, 15);
  return salesforceId18(id15) ?? id15;
}

const STAGES = [
  ['Qualification', 'Pipeline', 'Pipeline', 10],
  ['Discovery', 'Pipeline', 'Pipeline', 20],
  ['Proposal', 'BestCase', 'Best Case', 50],
  ['Negotiation', 'BestCase', 'Best Case', 80],
  ['Commit', 'Forecast', 'Commit', 90],
] as const;

/** Writes lines through a stream, in ~1 MB chunks, waiting when it is full. */
async function writeLines(
  path: string,
  header: string,
  rows: (emit: (line: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const stream = createWriteStream(path);
  let chunk = `${header}\n`;
  const flush = async () => {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    chunk = '';
  };
  await rows(async (line) => {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) await flush();
  });
  await flush();
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** The Data Loader files of an org with `opportunities` deals, each with five OpportunityHistory rows. */
async function generate(dir: string, opportunities: number, seed: number): Promise<Record<string, number>> {
  const draw = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)]!;
  const reps = Array.from({ length: REPS }, (_, n) => sfId('005', n + 1));
  const accounts = Array.from({ length: ACCOUNTS }, (_, n) => sfId('001', n + 1));
  await writeLines(join(dir, 'User.csv'), q(['Id', 'Name', 'Email', 'Title', 'IsActive']), async (emit) => {
    for (const [n, id] of reps.entries())
      await emit(q([id, `Rep ${n + 1}`, `rep${n + 1}@example.com`, 'Account Executive', 'true']));
  });
  await writeLines(
    join(dir, 'Account.csv'),
    q(['Id', 'Name', 'Industry', 'BillingCountry', 'NumberOfEmployees', 'AnnualRevenue', 'OwnerId']),
    async (emit) => {
      for (const [n, id] of accounts.entries()) {
        await emit(
          q([
            id,
            `Account ${n + 1}, Inc.`,
            pick(['Technology', 'Retail', 'Healthcare', 'Finance']),
            pick(['United States', 'Germany', 'France']),
            Math.floor(draw() * 5000),
            `${Math.floor(draw() * 1e8)}.0`,
            pick(reps),
          ]),
        );
      }
    },
  );
  const history: string[] = [];
  let historyRows = 0;
  const startDay = toDayNumber(AS_OF) - 3 * 365;
  await writeLines(join(dir, 'Opportunity.csv'), q(OPPORTUNITY_COLUMNS), async (emit) => {
    const historyStream = createWriteStream(join(dir, 'OpportunityHistory.csv'));
    historyStream.write(`${q(HISTORY_COLUMNS)}\n`);
    for (let n = 1; n <= opportunities; n++) {
      const id = sfId('006', n);
      const owner = pick(reps);
      const currency = draw() < 0.8 ? 'USD' : pick(['EUR', 'GBP']);
      const created = startDay + Math.floor(draw() * 3 * 365);
      let amount = 1000 + Math.floor(draw() * 200_000);
      let close = created + 30 + Math.floor(draw() * 120);
      const outcome = draw();
      // Five states: four open stages in order, then won, lost or one more open stage.
      for (let step = 0; step < HISTORY_PER_OPPORTUNITY; step++) {
        const last = step === HISTORY_PER_OPPORTUNITY - 1;
        const won = last && outcome < 0.3;
        const lost = last && outcome >= 0.3 && outcome < 0.55;
        const [stage, category, , probability] = won
          ? (['Closed Won', 'Closed', 'Closed', 100] as const)
          : lost
            ? (['Closed Lost', 'Omitted', 'Omitted', 0] as const)
            : STAGES[Math.min(step, STAGES.length - 1)]!;
        const at = `${fromDayNumber(created + step * 9)}T${String(8 + step).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00.000Z`;
        if (step > 0 && draw() < 0.3) close += 14;
        if (step > 0 && draw() < 0.2) amount = Math.round(amount * 1.1);
        const closeDate = fromDayNumber(close);
        history.push(
          q([
            sfId('008', historyRows + 1),
            id,
            owner,
            at,
            stage,
            `${amount}.0`,
            closeDate,
            probability,
            category,
            'false',
          ]),
        );
        historyRows++;
        if (last) {
          const categoryName = won
            ? 'Closed'
            : lost
              ? 'Omitted'
              : STAGES[Math.min(step, STAGES.length - 1)]![2];
          await emit(
            q([
              id,
              'false',
              pick(accounts),
              `Account deal ${n}`,
              stage,
              `${amount}.0`,
              probability,
              closeDate,
              pick(['New Business', 'Existing Customer - Upgrade', 'Existing Customer - Renewal']),
              n % 7 === 0 ? 'Call back, then "send" the quote' : '',
              pick(['Web', 'Partner Referral', 'Cold Call']),
              String(won || lost),
              String(won),
              categoryName,
              currency,
              owner,
              `${fromDayNumber(created)}T08:${String(n % 60).padStart(2, '0')}:00.000Z`,
              at,
            ]),
          );
        }
      }
      if (history.length >= 20_000) {
        if (!historyStream.write(`${history.join('\n')}\n`))
          await new Promise<void>((resolve) => historyStream.once('drain', () => resolve()));
        history.length = 0;
      }
    }
    historyStream.write(history.length ? `${history.join('\n')}\n` : '');
    await new Promise<void>((resolve) => historyStream.end(resolve));
  });
  return Object.fromEntries(FILES.map((file) => [file, statSync(join(dir, file)).size]));
}

interface StepArgs {
  readonly dir: string;
}

/**
 * The import's modules as users run them: the build (dist/, which `npm run bench:import` makes first), typed by
 * their sources. Run from the sources through tsx, a part's worker thread loads tsx and transpiles the history
 * reader's modules as it starts, inside the measured seconds, which no user's import pays.
 */
async function loadBuild() {
  const load = async <Module>(path: string): Promise<Module> => {
    const url = new URL(`../dist/${path}`, import.meta.url);
    if (!existsSync(url)) throw new Error(`${fileURLToPath(url)} is missing: run \`npm run build\` first`);
    return (await import(url.href)) as Module;
  };
  const [ingest, readers, stores, workspaceConfig] = await Promise.all([
    load<typeof Ingest>('ingest/index.js'),
    load<typeof Readers>('ingest/readers/index.js'),
    load<typeof OpenStore>('store/open-store.js'),
    load<typeof WorkspaceConfig>('domain/workspace-config.js'),
  ]);
  return {
    importFiles: ingest.importFiles,
    openTable: readers.openTable,
    openStore: stores.openStore,
    config: workspaceConfig.parseWorkspaceConfig({ company: 'Bench', currency: 'USD' }),
  };
}

/** {@link loadBuild}, once per step's process (a dry run asks for it twice). */
let build: ReturnType<typeof loadBuild> | undefined;
const built = () => (build ??= loadBuild());

const seconds = (since: number) => (performance.now() - since) / 1000;

async function runImport(
  dir: string,
  store: Store,
  dryRun: boolean,
  parallelFromBytes?: number,
): Promise<{ seconds: number; readSeconds: number; result: ImportResult }> {
  const { importFiles, config } = await built();
  const start = performance.now();
  let readSeconds = 0;
  const result = await importFiles(
    {
      files: FILES.map((file) => join(dir, file)),
      source: 'salesforce',
      skipInvalid: false,
      dryRun,
      asOf: AS_OF,
      config,
      ...(parallelFromBytes !== undefined ? { parallelFromBytes } : {}),
      // The history is read last: its last byte ends the phase of reading and checking rows.
      onProgress: (file, bytesRead, bytes) => {
        if (file.endsWith('OpportunityHistory.csv') && bytesRead === bytes) readSeconds = seconds(start);
      },
    },
    store,
  );
  if (result.problems.length > 0)
    throw new Error(`the bench files have problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return { seconds: seconds(start), readSeconds, result };
}

/** A dry run of the bench files; `parallelFromBytes` as the import takes it (left out: the import's default). */
async function dryRun(dir: string, parallelFromBytes?: number) {
  const { openStore } = await built();
  const store = await openStore({ sqlitePath: join(dir, 'check.db') });
  try {
    const { seconds: time, readSeconds, result } = await runImport(dir, store, true, parallelFromBytes);
    return {
      seconds: time,
      readSeconds,
      assembleSeconds: time - readSeconds,
      rows: rowsRead(result),
      records: result.records,
    };
  } finally {
    await store.close();
  }
}

const STEPS = {
  /**
   * The reader alone: every record of the two large files, as the import reads them (cells as spans of the
   * decoded text, none cut out).
   */
  async read({ dir }: StepArgs) {
    const { openTable } = await built();
    const start = performance.now();
    let rows = 0;
    for (const file of LARGE_FILES) {
      const table = await openTable(join(dir, file));
      if (!table.spanBatches) throw new Error(`${file} is not read as spans`);
      for await (const { spans, from } of table.spanBatches()) rows += spans.records - from;
    }
    return { seconds: seconds(start), rows };
  },
  /** A dry run: everything but the write (the history read in parts on worker threads, as the CLI reads it). */
  check: ({ dir }: StepArgs) => dryRun(dir),
  /** The same dry run with every file read on the main thread: what the threads gain. */
  serial: ({ dir }: StepArgs) => dryRun(dir, Infinity),
  async import({ dir }: StepArgs) {
    // A fresh store each run: a folder reused with --files would otherwise measure a re-import.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `import.db${suffix}`), { force: true });
    const { openStore } = await built();
    const store = await openStore({ sqlitePath: join(dir, 'import.db') });
    try {
      const { seconds: time, readSeconds, result } = await runImport(dir, store, false);
      return { seconds: time, readSeconds, rows: rowsRead(result), written: result.write?.inserted };
    } finally {
      await store.close();
    }
  },
  /** The peer: DuckDB reads the same files into tables, sniffing the types. */
  async duckdb({ dir }: StepArgs) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const start = performance.now();
      let rows = 0;
      for (const [index, file] of FILES.entries()) {
        await connection.run(
          `CREATE TABLE t${index} AS SELECT * FROM read_csv('${join(dir, file)}', header = true)`,
        );
        rows += Number((await connection.runAndReadAll(`SELECT count(*) FROM t${index}`)).getRows()[0]?.[0]);
      }
      const threads = Number(
        (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]?.[0],
      );
      return { seconds: seconds(start), rows, threads };
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  },
} as const;
type StepName = keyof typeof STEPS;

function rowsRead(result: ImportResult): number {
  return result.files.reduce((sum, file) => sum + file.rowsRead, 0);
}

interface StepResult {
  readonly seconds: number;
  readonly rows: number;
  readonly peakRssMb: number;
  /** CPU seconds of the step's process (user and system), the whole process. */
  readonly cpuSeconds: number;
  /** The 1, 5 and 15 minute load averages when the step ended. */
  readonly loadAverage: readonly number[];
  readonly [key: string]: unknown;
}

async function runStep(name: StepName, dir: string): Promise<StepResult> {
  const resultPath = join(dir, `result-${name}.json`);
  // The check and import steps run as `salesops import [--dry-run]` does through its launcher (bin/salesops.js):
  // on Linux with collections where the import offers them and glibc's lower mmap threshold, so that their peak
  // RSS is the CLI's.
  const start =
    name === 'import' || name === 'check' || name === 'serial'
      ? largeAllocationStart(process.platform, process.env)
      : null;
  const child = spawn(
    process.execPath,
    [
      ...(start?.execArgv ?? []),
      '--import',
      import.meta.resolve('tsx'),
      fileURLToPath(import.meta.url),
      '--step',
      name,
      '--dir',
      dir,
      '--result',
      resultPath,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: start?.env ?? process.env },
  );
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`bench step ${name} failed (exit ${code})`);
  return JSON.parse(readFileSync(resultPath, 'utf8')) as StepResult;
}

export interface ImportBenchOptions {
  readonly opportunities: number;
  readonly seed: number;
  /** Keep the generated files (their folder is printed). */
  readonly keep: boolean;
  /** The steps to run (all when left out); the summary compares `check` with `duckdb` when both ran. */
  readonly steps?: readonly StepName[];
  /** A folder of files an earlier run kept (`--keep`): read instead of generating new ones, and kept. */
  readonly files?: string;
}

/**
 * Generates the files, runs every step in its own process, prints the table and writes
 * bench/out/import-results.json; returns what it wrote. bench/run.ts can call this.
 */
export async function runImportBench(options: ImportBenchOptions) {
  const dir = options.files ?? mkdtempSync(join(tmpdir(), 'salesops-import-bench-'));
  try {
    const bytes = options.files
      ? Object.fromEntries(FILES.map((file) => [file, statSync(join(dir, file)).size]))
      : await generateFiles(dir, options);
    // Counted from the files, so that a reused folder is described as it is.
    const opportunities = lineCount(join(dir, 'Opportunity.csv')) - 1;
    const results: Partial<Record<StepName, StepResult>> = {};
    for (const name of options.steps ?? (Object.keys(STEPS) as StepName[])) {
      results[name] = await runStep(name, dir);
      const result = results[name];
      const phase =
        typeof result.readSeconds === 'number'
          ? ` (rows read and checked after ${result.readSeconds.toFixed(2)} s)`
          : '';
      console.log(
        `  ${name.padEnd(7)} ${result.seconds.toFixed(2).padStart(7)} s (${result.cpuSeconds.toFixed(1)} CPU s, load ${result.loadAverage[0]})  ${(result.rows / result.seconds / 1e6).toFixed(2)}M rows/s  peak RSS ${result.peakRssMb.toFixed(0)} MB${phase}`,
      );
    }
    const ours = results.check;
    const peer = results.duckdb;
    if (!ours || !peer) return { opportunities, steps: results };
    const summary = {
      opportunities,
      historyRows: opportunities * HISTORY_PER_OPPORTUNITY,
      bytes,
      machine: { cpus: cpus().length, loadAverage: loadavg().map((load) => Number(load.toFixed(2))) },
      steps: results,
      checkRowsPerSecond: ours.rows / ours.seconds,
      duckdbRowsPerSecond: peer.rows / peer.seconds,
      checkVsDuckdb: peer.seconds / ours.seconds,
      ...(results.serial ? { serialVsCheck: results.serial.seconds / ours.seconds } : {}),
    };
    console.log(
      `\nparse + validate: ${(summary.checkRowsPerSecond / 1e6).toFixed(2)}M rows/s (target 1M), peak RSS ${ours.peakRssMb.toFixed(0)} MB (target < 1024); ` +
        `DuckDB read_csv ${(summary.duckdbRowsPerSecond / 1e6).toFixed(2)}M rows/s on ${String(peer.threads)} threads: ours takes ${(ours.seconds / peer.seconds).toFixed(1)}x its time` +
        (results.serial
          ? `; on one thread (the history not read in parts) it takes ${(results.serial.seconds / ours.seconds).toFixed(2)}x as long as in parts`
          : ''),
    );
    mkdirSync(join(BENCH_DIR, 'out'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'out', 'import-results.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    if (options.keep || options.files) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function generateFiles(dir: string, options: ImportBenchOptions): Promise<Record<string, number>> {
  const { opportunities } = options;
  console.log(
    `Generating ${opportunities} opportunities and ${opportunities * HISTORY_PER_OPPORTUNITY} history rows in ${dir} ...`,
  );
  const generateStart = performance.now();
  const bytes = await generate(dir, opportunities, options.seed);
  console.log(
    `  ${(Object.values(bytes).reduce((a, b) => a + b, 0) / 1e6).toFixed(0)} MB in ${seconds(generateStart).toFixed(1)} s`,
  );
  return bytes;
}

/** Lines of a file (the generated files quote no line break). */
function lineCount(path: string): number {
  const bytes = readFileSync(path);
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      opportunities: { type: 'string' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '11' },
      keep: { type: 'boolean', default: false },
      steps: { type: 'string' },
      files: { type: 'string' },
      step: { type: 'string' },
      dir: { type: 'string' },
      result: { type: 'string' },
    },
  });
  if (values.step) {
    const result = await STEPS[values.step as StepName]({ dir: values.dir ?? '' });
    writeFileSync(
      values.result ?? '',
      JSON.stringify({
        ...result,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        // The machine may be shared: CPU seconds and the load average say how much of the time was this step's.
        cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
        loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
      }),
    );
    return;
  }
  const opportunities = values.quick
    ? 100_000
    : Number((values.opportunities ?? '1000000').replaceAll('_', ''));
  const steps = values.steps?.split(',').map((step) => {
    if (!(step in STEPS)) throw new Error(`--steps: ${step} is not one of ${Object.keys(STEPS).join(', ')}`);
    return step as StepName;
  });
  await runImportBench({
    opportunities,
    seed: Number(values.seed),
    keep: values.keep,
    ...(steps ? { steps } : {}),
    ...(values.files ? { files: values.files } : {}),
  });
}

// Run when executed (`tsx bench/import.ts`, and each step's child process), not when imported.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

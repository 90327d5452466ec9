/**
 * Helpers for the import tests: a fresh workspace made with `salesops init`, the fixture paths, an import in
 * process into a fresh store, a full scan of every store table, and a fingerprint of the database files to prove
 * that nothing was written.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoDate } from '../../src/domain/dates.js';
import { parseWorkspaceConfig } from '../../src/domain/workspace-config.js';
import { importFiles, type ImportRequest, type ImportResult } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/open-store.js';
import { LABEL_KINDS, SCAN_TABLES, type LabelKind, type ScanTable } from '../../src/store/store.js';
import { runCli, scratchFolder, type CliRun } from '../cli/run-cli.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
export const fixture = (path: string): string => join(FIXTURES, path);
/**
 * CLI text with its lines wrapped at 110 columns (continued under a four-space indent) joined back into one line
 * each: for a test of the words where the wrapping depends on a path's length.
 */
export const unwrapped = (text: string): string => text.replace(/\n {4}(?=\S)/g, ' ');

export interface ImportWorkspace {
  readonly folder: string;
  readonly workspace: string;
  readonly database: string;
  cli(...args: string[]): Promise<CliRun>;
  /** `salesops import <args> --workspace ws`. */
  importFiles(...args: string[]): Promise<CliRun>;
  status(): Promise<StatusJson>;
  remove(): void;
}

export interface StatusJson {
  readonly dataVersion: number;
  readonly counts: Record<string, number>;
  readonly lastWrite: { source: string; asOf: string } | null;
  readonly history: { from: string | null; to: string | null };
}

/** A scratch folder holding a workspace `ws` created with `salesops init`. */
export async function importWorkspace(today = '2026-03-05'): Promise<ImportWorkspace> {
  const scratch = scratchFolder();
  const cli = (...args: string[]) => runCli(args, { cwd: scratch.path, today });
  const init = await cli('init', 'ws');
  if (init.code !== 0) throw new Error(`salesops init failed: ${init.stderr}`);
  return {
    folder: scratch.path,
    workspace: join(scratch.path, 'ws'),
    database: join(scratch.path, 'ws', 'salesops.db'),
    cli,
    importFiles: (...args) => cli('import', ...args, '--workspace', 'ws'),
    async status() {
      const run = await cli('status', '--workspace', 'ws', '--format', 'json');
      if (run.code !== 0) throw new Error(`salesops status failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as StatusJson;
    },
    remove: scratch.remove,
  };
}

/** Every row of every table, and every label dictionary, as stored. */
export async function scanStore(database: string): Promise<Record<string, unknown[]>> {
  const store = await openStore({ sqlitePath: database });
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of Object.keys(SCAN_TABLES) as ScanTable[]) {
      const rows: unknown[] = [];
      await store.scan(table, (row) => rows.push([...row]));
      tables[table] = rows;
    }
    for (const kind of LABEL_KINDS) {
      tables[`labels:${kind}`] = await store.labels(kind);
    }
    return tables;
  } finally {
    await store.close();
  }
}

/**
 * Imports Salesforce `files` in process into a fresh store at `database` (a USD company, as of 2026-01-15, invalid
 * rows skipped unless `options` say otherwise): the result and every stored row, for the tests that compare two
 * ways of reading the same files.
 */
export async function importSalesforce(
  database: string,
  files: readonly string[],
  options: Partial<ImportRequest> = {},
): Promise<{ result: ImportResult; stored: Record<string, unknown[]> }> {
  const store = await openStore({ sqlitePath: database });
  let result: ImportResult;
  try {
    result = await importFiles(
      {
        files,
        source: 'salesforce',
        skipInvalid: true,
        dryRun: false,
        asOf: isoDate('2026-01-15'),
        writtenAt: isoDate('2026-01-15'),
        config: parseWorkspaceConfig({ company: 'Data Loader', currency: 'USD' }),
        ...options,
      },
      store,
    );
  } finally {
    await store.close();
  }
  return { result, stored: await scanStore(database) };
}

/** Hashes of the database file and its WAL and shared-memory files (absent ones as absent). */
export function databaseFingerprint(database: string): Record<string, string> {
  const fingerprint: Record<string, string> = {};
  for (const suffix of ['', '-wal', '-shm']) {
    const path = database + suffix;
    fingerprint[`salesops.db${suffix}`] = existsSync(path)
      ? createHash('sha256').update(readFileSync(path)).digest('hex')
      : 'absent';
  }
  return fingerprint;
}

/** The records of a scanned table as objects keyed by column name. */
export function rowsOf(scan: Record<string, unknown[]>, table: ScanTable): Record<string, unknown>[] {
  const columns = SCAN_TABLES[table] as readonly string[];
  return (scan[table] ?? []).map((row) =>
    Object.fromEntries(columns.map((column, index) => [column, (row as unknown[])[index]])),
  );
}

/** A label dictionary of a scan: code to label. */
export function labelOf(scan: Record<string, unknown[]>, kind: LabelKind, code: unknown): unknown {
  return (scan[`labels:${kind}`] ?? [])[Number(code)];
}

/** The EUR entries `salesops init` writes, as examples (0.86 from 2026-01-01). */
const INIT_EUR_RATES = `  - currency: EUR
    from: 2020-01-01
    rate: "0.92"
  - currency: EUR
    from: 2026-01-01
    rate: "0.86"
`;

/**
 * The Salesforce fixture org's EUR rates (DatedConversionRate.csv: 0.92, then 0.9 from 2025-07-01) in place of
 * the example rates of `salesops init`, as the import's fix says to paste them.
 */
export const CRM_EUR_RATES = `  - currency: EUR
    from: 2020-01-01
    rate: "0.92"
  - currency: EUR
    from: 2025-07-01
    rate: "0.9"
`;

export function useCrmRates(ws: ImportWorkspace): void {
  const path = join(ws.workspace, 'salesops.yaml');
  const config = readFileSync(path, 'utf8');
  if (!config.includes(INIT_EUR_RATES))
    throw new Error(`${path} does not hold the EUR rates of salesops init`);
  writeFileSync(path, config.replace(INIT_EUR_RATES, CRM_EUR_RATES));
}

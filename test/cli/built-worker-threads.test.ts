/**
 * The worker threads of the built salesops, started from dist's plain JavaScript (every other test runs the
 * TypeScript source, where they start through tsx: src/platform/thread-script.ts): the import's history parts
 * and the HTTP API's route worker. salesops is built for the test into a scratch folder (bin/ and dist/ as
 * npm ships them, without the type check, the typecheck's job), so that neither a missing nor a stale dist/
 * decides it. The build takes about 8 s; the large import 5 to 8 s.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARALLEL_HISTORY_BYTES } from '../../src/ingest/import/history-parts.js';
import { scratchFolder } from './run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const scratch = scratchFolder();
afterAll(() => scratch.remove());

/** bin/salesops.js of the built copy. */
const salesops = join(scratch.path, 'bin', 'salesops.js');
const { DATABASE_URL: _url, ...env } = process.env;

beforeAll(() => {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      ...['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(scratch.path, 'dist')],
      ...['--noCheck', '--declaration', 'false', '--sourceMap', 'false'],
    ],
    { stdio: 'inherit' },
  );
  cpSync(join(ROOT, 'bin'), join(scratch.path, 'bin'), { recursive: true });
  // The package's type (ESM) and its dependencies, as an installed salesops has them.
  cpSync(join(ROOT, 'package.json'), join(scratch.path, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(scratch.path, 'node_modules'), 'dir');
}, 120_000);

/** Runs the built salesops to its end: its stdout; a failure fails the test with its stderr. */
function built(args: readonly string[], cwd = scratch.path): string {
  const run = spawnSync(process.execPath, [salesops, ...args], { cwd, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const q = (cells: readonly string[]) => cells.map((cell) => `"${cell}"`).join(',');
const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(10, '0')}AAA`;
const USER = id('00550', 1);
const ACCOUNT = id('00150', 1);
const STAGES = ['Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won'] as const;
const AS_OF = '2026-01-15';

/**
 * A Data Loader export in `folder`: one rep, one account, and `count` opportunities closing on 2025-12-15
 * (in FY2026-Q4, 2025-11-01 to 2026-01-31), opportunity n of amount 1000 + n + 0.50. The odd ones are won,
 * after five stage changes in their history; the even ones are open in Negotiation, after four.
 */
function writeExport(folder: string, count: number): string[] {
  mkdirSync(folder, { recursive: true });
  const files = {
    'User.csv': [q(['Id', 'Name', 'Email', 'IsActive']), q([USER, 'Ada Rep', 'ada@example.com', 'true'])],
    'Account.csv': [
      q(['Id', 'Name', 'Industry', 'BillingCountry', 'OwnerId']),
      q([ACCOUNT, 'Acme', 'Retail', 'France', USER]),
    ],
    'Opportunity.csv': [
      q(['Id', 'AccountId', 'Name', 'StageName', 'Amount', 'CloseDate', 'OwnerId', 'CreatedDate']),
    ],
    'OpportunityHistory.csv': [
      q([
        'Id',
        'OpportunityId',
        'CreatedById',
        'CreatedDate',
        'StageName',
        'Amount',
        'CloseDate',
        'IsDeleted',
      ]),
    ],
  };
  for (let n = 1; n <= count; n++) {
    const opportunity = id('00650', n);
    const amount = `${1000 + n}.50`;
    const stages = n % 2 === 1 ? STAGES : STAGES.slice(0, -1);
    const created = '2025-10-01T09:00:00.000Z';
    files['Opportunity.csv'].push(
      q([opportunity, ACCOUNT, `Deal ${n}`, stages.at(-1)!, amount, '2025-12-15', USER, created]),
    );
    for (const [step, stage] of stages.entries()) {
      const at = `2025-11-${String(1 + step * 5 + (n % 4)).padStart(2, '0')}T10:00:00.000Z`;
      files['OpportunityHistory.csv'].push(
        q([id('00850', n * 5 + step), opportunity, USER, at, stage, amount, '2025-12-15', 'false']),
      );
    }
  }
  for (const [name, lines] of Object.entries(files))
    writeFileSync(join(folder, name), `${lines.join('\n')}\n`);
  return Object.keys(files);
}

interface ImportJson {
  readonly status: string;
  readonly notices: readonly string[];
  readonly files: readonly {
    file: string;
    rowsRead: number;
    parts: number;
    imported: number;
    rejected: number;
  }[];
  readonly records: { readonly opportunities: number; readonly opportunityChanges: number };
}

describe('the built salesops', () => {
  it('reads a large history in parts, on threads started from dist, counting every row', () => {
    // 58,000 opportunities: 261,000 history rows, 35 MB, over the size read in parts (32 MiB).
    const count = 58_000;
    const historyRows = (count / 2) * 5 + (count / 2) * 4;
    const workspace = join(scratch.path, 'large');
    built(['init', workspace]);
    const files = writeExport(workspace, count);
    expect(statSync(join(workspace, 'OpportunityHistory.csv')).size).toBeGreaterThan(PARALLEL_HISTORY_BYTES);

    const args = [
      'import',
      ...files,
      '--source',
      'salesforce',
      '--dry-run',
      '--as-of',
      AS_OF,
      '--format',
      'json',
    ];
    const result = JSON.parse(built(args, workspace)) as ImportJson;
    // A part's thread that fails leaves a notice, and the file read whole (one part).
    expect(result.notices).toEqual([]);
    const summary = (name: string) => {
      const file = result.files.find((each) => each.file === name)!;
      return {
        rowsRead: file.rowsRead,
        inParts: file.parts > 1,
        imported: file.imported,
        rejected: file.rejected,
      };
    };
    expect(result.status).toBe('checked');
    expect(summary('OpportunityHistory.csv')).toEqual({
      rowsRead: historyRows,
      inParts: true,
      imported: historyRows,
      rejected: 0,
    });
    expect(summary('Opportunity.csv')).toEqual({
      rowsRead: count,
      inParts: false,
      imported: count,
      rejected: 0,
    });
    expect(result.records).toMatchObject({ opportunities: count, opportunityChanges: historyRows });
  }, 60_000);

  it('serves metrics from its route worker, a thread started from dist', async () => {
    const workspace = join(scratch.path, 'served');
    built(['init', workspace]);
    built(['import', ...writeExport(workspace, 4), '--source', 'salesforce', '--as-of', AS_OF], workspace);
    const token = built(['users', 'add', 'ops', '--role', 'admin'], workspace).trim();

    const server = spawn(process.execPath, [salesops, 'serve', '--port', '0'], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const match = / at (http:\/\/[\d.]+:\d+) /.exec(stderr);
          if (match) resolve(match[1]!);
        });
        void exited.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
      });
      const query = `metric=open_deals,pipeline_value,closed_won&period=FY2026-Q4&asOf=${AS_OF}`;
      const answer = await fetch(`${url}/api/metrics?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await answer.json()) as { rows: unknown[] };
      expect({ status: answer.status, rows: body.rows }).toEqual({
        status: 200,
        // Open: deals 2 and 4 (1002.50 + 1004.50); won: deals 1 and 3 (1001.50 + 1003.50).
        rows: [{ open_deals: 2, pipeline_value: 2007, closed_won: 2005 }],
      });
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/^GET \/api\/metrics 200 [\d.]+ms ops$/m);
  }, 60_000);
});

/**
 * The independent check of sql-check.test.ts on public data: Salesforce's apex-recipes seed opportunities
 * (test/fixtures/public/sf-apex-recipes, CC0), imported through the CLI with a mapping file. The raw CSV is read
 * by another parser (csv-parse) into an in-memory SQLite table, the mapping's rules are written once more as
 * plain SQL, and win rate by owner, the average won deal, the median cycle and open pipeline by stage must equal
 * what `salesops metrics` prints as JSON. What the export lacks (ids, owners, created dates) and how both sides
 * handle it is in the fixture's README.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from '../cli/run-cli.js';
import { unwrapped } from '../import/import-helpers.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/public/sf-apex-recipes');
const AS_OF = '2021-07-01';
/** Every close date of the export lies in this range. */
const PERIOD = { start: '2020-11-01', end: '2021-06-30' };

let scratch: ReturnType<typeof scratchFolder>;
let sql: Database.Database;
let importRun: Awaited<ReturnType<typeof runCli>>;

/** The raw file as a table, and the mapping file's rules as a view over it. */
function loadRaw(): Database.Database {
  const records = parse<Record<string, string>>(readFileSync(join(FIXTURE, 'Opportunities.csv')), {
    columns: true,
  });
  const db = new Database(':memory:');
  db.exec('CREATE TABLE raw (amount TEXT, closedate TEXT, name TEXT, stage TEXT)');
  const insert = db.prepare('INSERT INTO raw VALUES (?, ?, ?, ?)');
  for (const record of records) insert.run(record.amount, record.closedate, record.name, record.StageName);
  db.exec(`
    CREATE VIEW deals AS
    SELECT name,
      CAST(ROUND(CAST(amount AS REAL) * 100) AS INTEGER) AS cents,
      substr(closedate, 1, 10) AS close_date,
      CASE stage WHEN 'Closed/Won' THEN 'Closed Won' WHEN 'Assigned dynamically' THEN 'Prospecting' ELSE stage END
        AS stage,
      'Unassigned' AS owner,
      '2020-11-01' AS created_date
    FROM raw
    WHERE name IN (SELECT name FROM raw GROUP BY name HAVING COUNT(*) = 1)`);
  return db;
}

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'apex'], { cwd: scratch.path })).code).toBe(0);
  copyFileSync(join(FIXTURE, 'salesops.yaml'), join(scratch.path, 'apex', 'salesops.yaml'));
  importRun = await runCli(
    [
      'import',
      join(FIXTURE, 'Opportunities.csv'),
      '--mapping',
      join(FIXTURE, 'apex-recipes.yaml'),
      '--workspace',
      'apex',
      '--as-of',
      AS_OF,
      '--skip-invalid',
      '--rejects',
      join(scratch.path, 'rejects.csv'),
    ],
    { cwd: scratch.path },
  );
  sql = loadRaw();
});
afterAll(() => {
  sql.close();
  scratch.remove();
});

interface MetricsJson {
  readonly rows: Record<string, string | number | null>[];
}

async function metrics(...args: string[]): Promise<MetricsJson> {
  const run = await runCli(
    [
      'metrics',
      ...args,
      '--period',
      `${PERIOD.start}..${PERIOD.end}`,
      '--as-of',
      AS_OF,
      '--workspace',
      'apex',
      '--format',
      'json',
    ],
    { cwd: scratch.path },
  );
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as MetricsJson;
}

describe('the apex-recipes opportunities, imported with a mapping file', () => {
  it('imports 48 deals and rejects the two rows that share the name serving as their id', () => {
    expect(importRun.code, importRun.stderr).toBe(0);
    expect(importRun.stdout).toContain('  opportunities: 48 new');
    // The problems on stderr wrap at 110 columns, by the fixture's path.
    expect(unwrapped(importRun.stdout + importRun.stderr)).toContain(
      'id "Dove, emerald-spotted wood" is on line 30 and line 33',
    );
    const rejects = readFileSync(join(scratch.path, 'rejects.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rejects).toHaveLength(3); // the header and the two rows, unchanged
    expect((sql.prepare('SELECT COUNT(*) AS n FROM deals').get() as { n: number }).n).toBe(48);
  });

  it('gives the win rate by owner of plain SQL (one owner: the export has none)', async () => {
    const expected = sql
      .prepare(
        `SELECT owner, SUM(stage = 'Closed Won') * 1.0 / COUNT(*) AS win_rate FROM deals
         WHERE stage IN ('Closed Won', 'Closed Lost') AND close_date BETWEEN ? AND ? GROUP BY owner`,
      )
      .all(PERIOD.start, PERIOD.end);
    expect(expected).toEqual([{ owner: 'Unassigned', win_rate: 0.75 }]);
    expect((await metrics('win_rate', '--by', 'owner')).rows).toEqual(expected);
  });

  it('gives the average won deal of plain SQL, rounded half up to the cent', async () => {
    const { mean } = sql
      .prepare(
        `SELECT (2 * SUM(cents) + COUNT(*)) / (2 * COUNT(*)) AS mean FROM deals
         WHERE stage = 'Closed Won' AND close_date BETWEEN ? AND ?`,
      )
      .get(PERIOD.start, PERIOD.end) as { mean: number };
    expect((await metrics('avg_deal_size')).rows).toEqual([{ avg_deal_size: mean / 100 }]);
  });

  it('gives the median cycle of plain SQL (from the constant created date)', async () => {
    const { median } = sql
      .prepare(
        `WITH won AS (
           SELECT julianday(close_date) - julianday(created_date) AS days FROM deals
           WHERE stage = 'Closed Won' AND close_date BETWEEN ? AND ?),
         ranked AS (
           SELECT days, ROW_NUMBER() OVER (ORDER BY days) AS position, COUNT(*) OVER () AS n FROM won)
         SELECT AVG(days) AS median FROM ranked WHERE position IN ((n + 1) / 2, (n + 2) / 2)`,
      )
      .get(PERIOD.start, PERIOD.end) as { median: number };
    expect(median).toBe(31);
    expect((await metrics('sales_cycle_days_median')).rows).toEqual([{ sales_cycle_days_median: median }]);
  });

  it('gives the open pipeline by stage of plain SQL, in process order', async () => {
    const expected = sql
      .prepare(
        `SELECT stage, SUM(cents) AS cents, COUNT(*) AS deals FROM deals
         WHERE stage NOT IN ('Closed Won', 'Closed Lost') AND close_date BETWEEN ? AND ? GROUP BY stage`,
      )
      .all(PERIOD.start, PERIOD.end) as { stage: string; cents: number; deals: number }[];
    const json = await metrics('pipeline_value', 'open_deals', '--by', 'stage');
    expect(json.rows.map((row) => row.stage)).toEqual([
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
    ]);
    const byStage = new Map(expected.map((row) => [row.stage, row]));
    for (const row of json.rows) {
      const raw = byStage.get(String(row.stage));
      expect(row).toEqual({
        stage: row.stage,
        pipeline_value: (raw?.cents ?? NaN) / 100,
        open_deals: raw?.deals,
      });
    }
    expect(json.rows).toHaveLength(expected.length);
  });
});

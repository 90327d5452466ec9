/**
 * An independent check of the analytics engine: a seeded demo CRM is written to a workspace, and the same raw
 * records (CRM ids, stage names, ISO dates, minor units; none of salesops' store, dataset or engines) are loaded
 * into an in-memory SQLite database. Win rate by owner, the average won deal, the median sales cycle and the
 * open pipeline by stage as of an earlier day are computed there in plain SQL and must equal, to the last bit,
 * what `salesops metrics` prints as JSON.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { isoDate } from '../../src/domain/dates.js';
import type { EntityBatch } from '../../src/domain/entities.js';
import { demoFiscalPeriods, generateDemo } from '../../src/demo/generate-demo.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';

const AS_OF = isoDate('2026-06-30');
/** FY2026 of the default salesops.yaml (fiscal year from February, named by its end). */
const FY2026 = { start: '2025-02-01', end: '2026-01-31' };
/** An earlier day, so that the pipeline comes from the history rather than the current state. */
const EARLIER = '2026-03-15';
const RANGE = { start: '2026-03-01', end: '2026-09-30' };

let scratch: ReturnType<typeof scratchFolder>;
let sql: Database.Database;

/** The raw records as plain SQL tables. */
function loadRaw(batches: readonly EntityBatch[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE reps (id TEXT PRIMARY KEY, name TEXT);
    CREATE TABLE accounts (id TEXT PRIMARY KEY, segment TEXT);
    CREATE TABLE opportunities (id TEXT PRIMARY KEY, account_id TEXT, owner_id TEXT, stage TEXT, amount INTEGER,
      created_date TEXT, close_date TEXT, product TEXT);
    CREATE TABLE changes (opportunity_id TEXT, date TEXT, sequence INTEGER, stage TEXT, amount INTEGER,
      close_date TEXT, owner_id TEXT);`);
  const insert = {
    rep: db.prepare('INSERT INTO reps VALUES (?, ?)'),
    account: db.prepare('INSERT INTO accounts VALUES (?, ?)'),
    opportunity: db.prepare('INSERT INTO opportunities VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    change: db.prepare('INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };
  db.transaction(() => {
    for (const batch of batches) {
      for (const rep of batch.reps) insert.rep.run(rep.id, rep.name);
      for (const account of batch.accounts) insert.account.run(account.id, account.segment);
      for (const o of batch.opportunities) {
        const { id, accountId, ownerId, stage, amount, createdDate, closeDate, product } = o;
        insert.opportunity.run(
          id,
          accountId,
          ownerId,
          stage,
          amount,
          createdDate,
          closeDate,
          product ?? null,
        );
      }
      for (const c of batch.opportunityChanges) {
        insert.change.run(c.opportunityId, c.date, c.sequence, c.stage, c.amount, c.closeDate, c.ownerId);
      }
    }
  })();
  return db;
}

beforeAll(async () => {
  scratch = scratchFolder();
  expect((await runCli(['init', 'demo'], { cwd: scratch.path })).code).toBe(0);
  const workspace = await openWorkspace(join(scratch.path, 'demo'));
  const batches: EntityBatch[] = [];
  try {
    const options = {
      seed: 3,
      reps: 25,
      opportunities: 3000,
      asOf: AS_OF,
      stages: workspace.config.stages,
      currency: workspace.config.currency,
      ...demoFiscalPeriods(workspace.config.fiscalCalendar, AS_OF),
    };
    for (const batch of generateDemo(options)) {
      batches.push(batch);
      await workspace.store.write(batch, { source: 'demo', asOf: AS_OF });
    }
  } finally {
    await workspace.close();
  }
  sql = loadRaw(batches);
});
afterAll(() => {
  sql.close();
  scratch.remove();
});

interface MetricsJson {
  readonly rows: Record<string, string | number | null>[];
}

async function metrics(...args: string[]): Promise<MetricsJson> {
  const run = await runCli([...args, '--workspace', 'demo', '--format', 'json'], { cwd: scratch.path });
  expect(run.stderr.replace(/^Built the dataset.*\n/, '')).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as MetricsJson;
}

const byLabel = (
  rows: MetricsJson['rows'],
  dimension: string,
  metric: string,
): Record<string, string | number | null> =>
  Object.fromEntries(rows.map((row) => [String(row[dimension]), row[metric] ?? null]));

describe('salesops metrics against plain SQL over the raw records', () => {
  it('win rate by owner (deals closed in FY2026)', async () => {
    const expected = sql
      .prepare(
        `SELECT r.name AS owner, SUM(o.stage = 'Closed Won') AS won, COUNT(*) AS closed
         FROM opportunities o JOIN reps r ON r.id = o.owner_id
         WHERE o.stage IN ('Closed Won', 'Closed Lost') AND o.close_date BETWEEN ? AND ?
         GROUP BY r.id ORDER BY r.name`,
      )
      .all(FY2026.start, FY2026.end) as { owner: string; won: number; closed: number }[];
    expect(new Set(expected.map((row) => row.owner)).size).toBe(expected.length); // names are unique here
    expect(expected.length).toBeGreaterThan(10);
    const json = await metrics(
      'metrics',
      'win_rate',
      '--by',
      'owner',
      '--period',
      'FY2026',
      '--as-of',
      AS_OF,
    );
    expect(byLabel(json.rows, 'owner', 'win_rate')).toEqual(
      Object.fromEntries(expected.map((row) => [row.owner, row.won / row.closed])),
    );
  });

  it('win rate by product (deals closed in FY2026)', async () => {
    const expected = sql
      .prepare(
        `SELECT o.product AS product, SUM(o.stage = 'Closed Won') AS won, COUNT(*) AS closed
         FROM opportunities o
         WHERE o.stage IN ('Closed Won', 'Closed Lost') AND o.close_date BETWEEN ? AND ?
         GROUP BY o.product`,
      )
      .all(FY2026.start, FY2026.end) as { product: string | null; won: number; closed: number }[];
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(expected.every((row) => row.product !== null)).toBe(true);
    const json = await metrics(
      'metrics',
      'win_rate',
      '--by',
      'product',
      '--period',
      'FY2026',
      '--as-of',
      AS_OF,
    );
    expect(byLabel(json.rows, 'product', 'win_rate')).toEqual(
      Object.fromEntries(expected.map((row) => [row.product, row.won / row.closed])),
    );
  });

  it('average won deal, in total and by segment, rounded half up to the cent', async () => {
    const query = (groupBy: string) =>
      sql
        .prepare(
          `SELECT ${groupBy} AS label, (2 * SUM(o.amount) + COUNT(*)) / (2 * COUNT(*)) AS mean
           FROM opportunities o LEFT JOIN accounts a ON a.id = o.account_id
           WHERE o.stage = 'Closed Won' AND o.close_date BETWEEN ? AND ? GROUP BY label`,
        )
        .all(FY2026.start, FY2026.end) as { label: string; mean: number }[];
    const [total] = query("'all'");
    const json = await metrics('metrics', 'avg_deal_size', '--period', 'FY2026', '--as-of', AS_OF);
    expect(json.rows).toEqual([{ avg_deal_size: (total?.mean ?? NaN) / 100 }]);
    const bySegment = await metrics(
      'metrics',
      'avg_deal_size',
      '--by',
      'segment',
      '--period',
      'FY2026',
      '--as-of',
      AS_OF,
    );
    expect(byLabel(bySegment.rows, 'segment', 'avg_deal_size')).toEqual(
      Object.fromEntries(query('a.segment').map((row) => [row.label, row.mean / 100])),
    );
  });

  it('median sales cycle of won deals, in total and by segment', async () => {
    const medians = sql
      .prepare(
        `WITH won AS (
           SELECT a.segment AS segment, julianday(o.close_date) - julianday(o.created_date) AS days
           FROM opportunities o LEFT JOIN accounts a ON a.id = o.account_id
           WHERE o.stage = 'Closed Won' AND o.close_date BETWEEN ? AND ?),
         ranked AS (
           SELECT segment, days,
             ROW_NUMBER() OVER (PARTITION BY segment ORDER BY days) AS position,
             COUNT(*) OVER (PARTITION BY segment) AS n
           FROM won)
         SELECT segment, AVG(days) AS median FROM ranked
         WHERE position IN ((n + 1) / 2, (n + 2) / 2) GROUP BY segment`,
      )
      .all(FY2026.start, FY2026.end) as { segment: string; median: number }[];
    const json = await metrics(
      'metrics',
      'sales_cycle_days_median',
      '--by',
      'segment',
      '--period',
      'FY2026',
      '--as-of',
      AS_OF,
    );
    expect(byLabel(json.rows, 'segment', 'sales_cycle_days_median')).toEqual(
      Object.fromEntries(medians.map((row) => [row.segment, row.median])),
    );
  });

  it('open pipeline by stage as of an earlier day, read from the change history', async () => {
    const expected = sql
      .prepare(
        `WITH latest AS (
           SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.opportunity_id ORDER BY c.date DESC, c.sequence DESC) AS rank
           FROM changes c JOIN opportunities o ON o.id = c.opportunity_id
           WHERE c.date <= :day AND o.created_date <= :day)
         SELECT stage, SUM(amount) AS amount, COUNT(*) AS deals FROM latest
         WHERE rank = 1 AND stage NOT IN ('Closed Won', 'Closed Lost') AND close_date BETWEEN :start AND :end
         GROUP BY stage`,
      )
      .all({ day: EARLIER, start: RANGE.start, end: RANGE.end }) as {
      stage: string;
      amount: number;
      deals: number;
    }[];
    expect(expected.length).toBe(5);
    const json = await metrics(
      'metrics',
      'pipeline_value',
      'open_deals',
      '--by',
      'stage',
      '--period',
      `${RANGE.start}..${RANGE.end}`,
      '--as-of',
      EARLIER,
    );
    expect(json.rows.map((row) => row.stage)).toEqual([
      'Qualification',
      'Discovery',
      'Proposal',
      'Negotiation',
      'Commit',
    ]);
    expect(byLabel(json.rows, 'stage', 'pipeline_value')).toEqual(
      Object.fromEntries(expected.map((row) => [row.stage, row.amount / 100])),
    );
    expect(byLabel(json.rows, 'stage', 'open_deals')).toEqual(
      Object.fromEntries(expected.map((row) => [row.stage, row.deals])),
    );
  });
});

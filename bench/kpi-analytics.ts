/**
 * The analytics bench: `tsx bench/kpi-analytics.ts [--opportunities N | --quick] [--seed S] [--repetitions R]
 * [--workspace DIR] [--keep]`.
 *
 * On a demo workspace (generated and built by the dataset bench's steps, bench/steps.ts, each in a child process;
 * or an existing one from `--workspace`, as `npm run bench -- --keep` leaves it), it runs the metric engine's
 * KPI set through `evaluateMetrics`, as `salesops metrics` does (each query computes its own as-of state), and
 * DuckDB running the same queries in SQL over the same rows loaded from CSV, in the same run. The results are
 * compared value by value before the times are: pipeline by stage, win rate / average won deal / cycle by owner
 * and by segment (deals closed in the fiscal year), and open pipeline by owner for the fiscal quarter. Prints a
 * table with the ratio and writes bench/out/kpi-analytics.json.
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyspace, parseDimensions } from '../src/analytics/dimensions.js';
import { evaluateMetrics } from '../src/analytics/evaluate-metrics.js';
import type { MetricId } from '../src/analytics/metric-definition.js';
import { parseAnalysisPeriod, type AnalysisPeriod } from '../src/analytics/periods.js';
import { readDatasetSnapshot, snapshotFileName } from '../src/dataset/dataset-cache.js';
import type { Dataset } from '../src/dataset/dataset.js';
import { addDays, isoDate, toDayNumber } from '../src/domain/dates.js';
import { parseWorkspaceConfig } from '../src/domain/workspace-config.js';
import { openStore } from '../src/store/open-store.js';
import { SCAN_TABLES } from '../src/store/store.js';
import { duckdbType, exportTableCsv } from './csv-export.js';
import { parseDemoBenchOptions, timed, type Timed } from './demo-bench.js';
import { stageCodes } from './kpi.js';
import { runStep } from './run-step.js';
import type { StepArgs } from './steps.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
/** The dataset bench's demo "today" and KPI day (bench/run.ts), so that a kept workspace can be reused. */
const AS_OF = isoDate('2026-06-30');
const KPI_AS_OF = addDays(AS_OF, -60);
/** The store identity bench/steps.ts writes its snapshot under. */
const STORE_IDENTITY = 'bench';
/** The demo's configuration: default stages, USD, a January fiscal year (bench/demo-setup.ts). */
const CONFIG = parseWorkspaceConfig({ company: 'bench', currency: 'USD', fiscalYear: { startMonth: 1 } });
const CSV_TABLES = ['opportunities', 'opportunity_history', 'accounts', 'reps'] as const;

/** One KPI query: the metrics and split on our side; rows keyed by the group's label on both. */
interface Kpi {
  readonly name: string;
  readonly metrics: readonly MetricId[];
  readonly by: string;
  readonly period: AnalysisPeriod;
}

type KpiRows = Record<string, number[]>;

const csvPath = (workspace: string, table: string) => join(workspace, 'csv', `${table}.csv`);

function kpiSet(): Kpi[] {
  const calendar = CONFIG.fiscalCalendar;
  const year = parseAnalysisPeriod(calendar.periodContaining(KPI_AS_OF, 'year').name, calendar);
  const quarter = parseAnalysisPeriod(calendar.periodContaining(KPI_AS_OF, 'quarter').name, calendar);
  const closed: MetricId[] = ['win_rate', 'avg_deal_size', 'sales_cycle_days'];
  return [
    { name: 'pipeline by stage', metrics: ['pipeline_value', 'open_deals'], by: 'stage', period: year },
    { name: 'win rate, deal size, cycle by owner', metrics: closed, by: 'owner', period: year },
    { name: 'win rate, deal size, cycle by segment', metrics: closed, by: 'segment', period: year },
    { name: 'open pipeline by owner, quarter', metrics: ['pipeline_value'], by: 'owner', period: quarter },
  ];
}

/** Our side: `evaluateMetrics`, rows keyed by the group label, values in the order of the KPI's metrics. */
function ourKpi(dataset: Dataset, kpi: Kpi): KpiRows {
  const table = evaluateMetrics({
    dataset,
    config: CONFIG,
    asOf: KPI_AS_OF,
    period: kpi.period,
    dimensions: parseDimensions(kpi.by),
    metrics: kpi.metrics,
  });
  return Object.fromEntries(
    table.rows.map((row) => [
      row.group[kpi.by as 'owner'] ?? '',
      kpi.metrics.map((id) => row.values[id] ?? Number.NaN),
    ]),
  );
}

/** The same KPI in DuckDB SQL over the store's rows (ids, codes, days, minor units as exported). */
function duckdbSql(kpi: Kpi, stages: ReturnType<typeof stageCodes>): string {
  const asOfDay = toDayNumber(KPI_AS_OF);
  const list = (codes: readonly number[]) => (codes.length ? codes.join(', ') : 'NULL');
  const latest = '(valid_from::BIGINT * 1000000 + sequence)';
  const state = `
    WITH state AS (
      SELECT h.opportunity_id, arg_max(h.stage_code, ${latest}) AS stage_code, arg_max(h.amount, ${latest}) AS amount,
             arg_max(h.close_day, ${latest}) AS close_day, arg_max(h.owner_id, ${latest}) AS owner_id
      FROM history h WHERE h.valid_from <= ${asOfDay} GROUP BY h.opportunity_id),
    deals AS (
      SELECT s.*, o.created_day, coalesce(nullif(a.segment_code, 0), r.segment_code, 0) AS segment_code
      FROM state s JOIN opportunities o ON o.id = s.opportunity_id
      LEFT JOIN accounts a ON a.id = o.account_id LEFT JOIN reps r ON r.id = s.owner_id
      WHERE o.created_day <= ${asOfDay})`;
  const { startDay, endDay } = kpi.period;
  const closedTo = Math.min(endDay, asOfDay);
  if (kpi.metrics.includes('win_rate')) {
    const key = kpi.by === 'owner' ? 'owner_id' : 'segment_code';
    return `${state}
      SELECT ${key} AS key,
        (count(*) FILTER (WHERE stage_code IN (${list(stages.won)})))::DOUBLE / count(*) AS win_rate,
        ((2 * sum(amount) FILTER (WHERE stage_code IN (${list(stages.won)})) + count(*) FILTER (WHERE stage_code IN (${list(stages.won)})))
          // (2 * count(*) FILTER (WHERE stage_code IN (${list(stages.won)}))))::DOUBLE AS avg_deal_size,
        avg(close_day - created_day) FILTER (WHERE stage_code IN (${list(stages.won)})) AS cycle
      FROM deals
      WHERE stage_code IN (${list([...stages.won, ...stages.lost])}) AND close_day BETWEEN ${startDay} AND ${closedTo}
      GROUP BY key`;
  }
  const key = kpi.by === 'stage' ? 'stage_code' : 'owner_id';
  const columns = kpi.metrics.includes('open_deals')
    ? 'sum(amount)::DOUBLE, count(*)::DOUBLE'
    : 'sum(amount)::DOUBLE';
  return `${state}
    SELECT ${key} AS key, ${columns} FROM deals
    WHERE stage_code IN (${list(stages.open)}) AND close_day BETWEEN ${startDay} AND ${endDay}
    GROUP BY key`;
}

/** DuckDB rows keyed by the same labels as ours (rep names, segment and stage labels). */
function duckdbRows(kpi: Kpi, rows: readonly (readonly unknown[])[], dataset: Dataset): KpiRows {
  const owners = createKeyspace(dataset, ['owner'], {
    period: kpi.period,
    calendar: CONFIG.fiscalCalendar,
    stageModel: CONFIG.stageModel,
    currency: CONFIG.currency,
  });
  const label = (key: number): string => {
    if (kpi.by === 'owner') return owners.labels(key).owner ?? '';
    if (kpi.by === 'stage') return dataset.labels.stage[key] ?? '';
    return dataset.labels.segment[key] || '(none)';
  };
  return Object.fromEntries(
    rows.map(([key, ...values]) => [
      label(Number(key)),
      values.map((value) => (value === null ? Number.NaN : Number(value))),
    ]),
  );
}

/** Same groups and, per group, the same values (NaN for undefined on both sides). */
function agree(ours: KpiRows, peer: KpiRows): boolean {
  const keys = Object.keys(ours).sort();
  if (JSON.stringify(keys) !== JSON.stringify(Object.keys(peer).sort())) return false;
  return keys.every((key) => (ours[key] ?? []).every((value, index) => Object.is(value, peer[key]?.[index])));
}

async function main(): Promise<void> {
  const options = parseDemoBenchOptions(5);
  const workspace = options.workspace ?? mkdtempSync(join(tmpdir(), 'salesops-kpi-bench-'));
  const args: StepArgs = {
    workspace,
    opportunities: options.opportunities,
    seed: options.seed,
    asOf: AS_OF,
    kpiAsOf: KPI_AS_OF,
    repetitions: options.repetitions,
  };
  const loadBefore = loadavg()[0]!;
  try {
    // A new or empty --workspace folder is filled the same way as a temporary one.
    if (!existsSync(join(workspace, 'salesops.db'))) {
      console.log(
        `generating ${options.opportunities.toLocaleString('en-US')} opportunities into ${workspace} ...`,
      );
      await runStep('generate', args);
      await runStep('build', args);
    }
    mkdirSync(join(workspace, 'csv'), { recursive: true });
    const store = await openStore({ sqlitePath: join(workspace, 'salesops.db') });
    let dataset: Dataset;
    try {
      for (const table of CSV_TABLES) {
        if (!existsSync(csvPath(workspace, table)))
          await exportTableCsv(store, table, csvPath(workspace, table));
      }
      const dataVersion = await store.dataVersion();
      const read = await readDatasetSnapshot(join(workspace, '.salesops', snapshotFileName(dataVersion)), {
        dataVersion,
        storeIdentity: STORE_IDENTITY,
      });
      if (!read.ok) throw new Error(`no dataset snapshot in ${workspace}: ${read.reason}`);
      dataset = read.dataset;
    } finally {
      await store.close();
    }

    const kpis = kpiSet();
    const ours: Timed<KpiRows>[] = [];
    for (const kpi of kpis) ours.push(await timed(options.repetitions, () => ourKpi(dataset, kpi)));

    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const peer: Timed<KpiRows>[] = [];
    try {
      const names: Record<(typeof CSV_TABLES)[number], string> = {
        opportunities: 'opportunities',
        opportunity_history: 'history',
        accounts: 'accounts',
        reps: 'reps',
      };
      for (const table of CSV_TABLES) {
        const columns = SCAN_TABLES[table].map((column) => `'${column}': '${duckdbType(column)}'`).join(', ');
        await connection.run(
          `CREATE TABLE ${names[table]} AS SELECT * FROM read_csv('${csvPath(workspace, table)}', header = true, columns = {${columns}})`,
        );
      }
      const stages = stageCodes(dataset.labels.stage);
      for (const kpi of kpis) {
        const sql = duckdbSql(kpi, stages);
        const run = await timed(options.repetitions, async () =>
          (await connection.runAndReadAll(sql)).getRows(),
        );
        peer.push({ ...run, result: duckdbRows(kpi, run.result, dataset) });
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }

    const rows = kpis.map((kpi, index) => ({
      name: kpi.name,
      ours: ours[index]!.seconds,
      duckdb: peer[index]!.seconds,
      oursCpu: ours[index]!.cpuSeconds,
      duckdbCpu: peer[index]!.cpuSeconds,
      groups: Object.keys(ours[index]!.result).length,
      agree: agree(ours[index]!.result, peer[index]!.result),
    }));
    const total = (pick: (row: (typeof rows)[number]) => number) =>
      rows.reduce((sum, row) => sum + pick(row), 0);
    const totals = {
      ours: total((row) => row.ours),
      duckdb: total((row) => row.duckdb),
      oursCpu: total((row) => row.oursCpu),
      duckdbCpu: total((row) => row.duckdbCpu),
    };
    const results = {
      machine: {
        cpus: cpus().length,
        node: process.version,
        loadAverage: { before: loadBefore, after: loadavg()[0] },
      },
      opportunities: dataset.opportunities.count,
      historyRows: dataset.history.count,
      kpiAsOf: KPI_AS_OF,
      queries: rows,
      totals,
      duckdbOverOurs: { wall: totals.duckdb / totals.ours, cpu: totals.duckdbCpu / totals.oursCpu },
      targets: { fasterThanDuckdb: 3, oursUnderSeconds: 0.3 },
    };
    mkdirSync(join(BENCH_DIR, 'out'), { recursive: true });
    writeFileSync(join(BENCH_DIR, 'out', 'kpi-analytics.json'), `${JSON.stringify(results, null, 2)}\n`);

    const width = Math.max(...rows.map((row) => row.name.length), 'KPI set'.length) + 2;
    const line = (name: string, cells: readonly number[], digits: readonly number[], note = '') =>
      `${name.padEnd(width)}${cells.map((cell, index) => cell.toFixed(digits[index] ?? 4).padStart(11)).join('')}${note}`;
    const digits = [4, 4, 2, 4, 4, 2];
    console.log(
      `\n${dataset.opportunities.count.toLocaleString('en-US')} opportunities, ${dataset.history.count.toLocaleString('en-US')} history rows, as of ${KPI_AS_OF}; ` +
        `${cpus().length} cores, load average ${loadBefore.toFixed(2)}; medians of ${options.repetitions} runs`,
    );
    console.log(
      `${'query'.padEnd(width)}${['ours s', 'DuckDB s', 'ratio', 'ours cpu s', 'DuckDB cpu', 'cpu ratio']
        .map((header) => header.padStart(11))
        .join('')}  groups`,
    );
    for (const row of rows) {
      console.log(
        line(
          row.name,
          [
            row.ours,
            row.duckdb,
            row.duckdb / row.ours,
            row.oursCpu,
            row.duckdbCpu,
            row.duckdbCpu / row.oursCpu,
          ],
          digits,
          `  ${row.groups}${row.agree ? '' : '  RESULTS DIFFER'}`,
        ),
      );
    }
    console.log(
      line(
        'KPI set',
        [
          totals.ours,
          totals.duckdb,
          results.duckdbOverOurs.wall,
          totals.oursCpu,
          totals.duckdbCpu,
          results.duckdbOverOurs.cpu,
        ],
        digits,
      ),
    );
    console.log(
      `targets: at least 3x faster than DuckDB (wall ${results.duckdbOverOurs.wall >= 3 ? 'met' : 'NOT met'}, ` +
        `cpu ${results.duckdbOverOurs.cpu >= 3 ? 'met' : 'NOT met'}), KPI set under 0.3 s (${totals.ours < 0.3 ? 'met' : 'NOT met'})`,
    );
    console.log(`wrote ${join('bench', 'out', 'kpi-analytics.json')}`);
    if (rows.some((row) => !row.agree)) process.exitCode = 1;
  } finally {
    if (options.keep) console.log(`kept ${workspace}`);
    else rmSync(workspace, { recursive: true, force: true });
  }
}

await main();

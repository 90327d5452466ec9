/**
 * The bench's KPI query set, written twice: on our typed columns and as DuckDB SQL over the same rows. Both
 * sides return the same shape (rows of numbers keyed by a store id or code, sorted) so the run can check that
 * they agree before comparing their times.
 * @module
 */
import { opportunitiesAsOf, stageOrderByCode } from '../src/dataset/as-of.js';
import type { Dataset } from '../src/dataset/dataset.js';
import { createStageModel, DEFAULT_STAGES } from '../src/domain/stage-model.js';
import type { ScanTable } from '../src/store/store.js';

/** The store tables the peer loads (from CSV): what the KPI queries read. */
export const PEER_TABLES = [
  'opportunities',
  'opportunity_history',
  'accounts',
] as const satisfies readonly ScanTable[];

/** Result rows: [key, ...values], sorted by key. */
export type KpiRows = number[][];

/** Stage codes of each outcome, read from the dataset's stage labels and the default stage model. */
export interface StageCodes {
  readonly open: number[];
  readonly won: number[];
  readonly lost: number[];
}

/** The demo's stage model (the default one), by which stage labels are read. */
const STAGE_MODEL = createStageModel(DEFAULT_STAGES);

export function stageCodes(stageLabels: readonly string[]): StageCodes {
  const codes: StageCodes = { open: [], won: [], lost: [] };
  stageLabels.forEach((label, code) => {
    const index = code === 0 ? undefined : STAGE_MODEL.indexOf(label);
    if (index !== undefined) codes[STAGE_MODEL.stage(index).outcome].push(code);
  });
  return codes;
}

/** Stage codes ranked by the stage model's process order, for the as-of pass. */
export function stageOrder(stageLabels: readonly string[]): Int32Array {
  return stageOrderByCode(stageLabels, (name) => STAGE_MODEL.indexOf(name));
}

export const KPI_NAMES = ['openPipelineByOwner', 'winRateBySegment', 'pushedOpenDealsByOwner'] as const;
export type KpiName = (typeof KPI_NAMES)[number];

const membership = (codes: readonly number[]): Uint8Array => {
  const set = new Uint8Array(Math.max(0, ...codes) + 1);
  for (const code of codes) set[code] = 1;
  return set;
};

const sortedRows = (rows: KpiRows): KpiRows => rows.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

/** Our side: each query reads the columns directly (as-of queries recompute the as-of state each time). */
export function ourKpis(
  dataset: Dataset,
  asOfDay: number,
  codes: StageCodes,
): Record<KpiName, () => KpiRows> {
  const isOpen = membership(codes.open);
  const isWon = membership(codes.won);
  const isClosed = membership([...codes.won, ...codes.lost]);
  const order = stageOrder(dataset.labels.stage);
  const reps = dataset.reps.count;

  return {
    openPipelineByOwner: () => {
      const state = opportunitiesAsOf(dataset, asOfDay, order);
      const sums = new Float64Array(reps);
      const seen = new Uint8Array(reps);
      for (let i = 0; i < state.exists.length; i++) {
        const owner = state.ownerIndex[i]!;
        if (state.exists[i] === 1 && isOpen[state.stageCode[i]!] === 1 && owner >= 0) {
          sums[owner]! += state.amount[i]!;
          seen[owner] = 1;
        }
      }
      const rows: KpiRows = [];
      for (let rep = 0; rep < reps; rep++) if (seen[rep]) rows.push([rep + 1, sums[rep]!]);
      return rows;
    },
    winRateBySegment: () => {
      const { stageCode, accountIndex } = dataset.opportunities;
      const segmentOf = dataset.accounts.segmentCode;
      const won = new Float64Array(dataset.labels.segment.length);
      const closed = new Float64Array(dataset.labels.segment.length);
      for (let i = 0; i < stageCode.length; i++) {
        const stage = stageCode[i]!;
        if (isClosed[stage] !== 1) continue;
        const account = accountIndex[i]!;
        const segment = account >= 0 ? segmentOf[account]! : 0;
        closed[segment]! += 1;
        if (isWon[stage] === 1) won[segment]! += 1;
      }
      const rows: KpiRows = [];
      closed.forEach((count, segment) => {
        if (count > 0) rows.push([segment, won[segment]!, count]);
      });
      return rows;
    },
    pushedOpenDealsByOwner: () => {
      const state = opportunitiesAsOf(dataset, asOfDay, order);
      const deals = new Float64Array(reps);
      const pushes = new Float64Array(reps);
      for (let i = 0; i < state.exists.length; i++) {
        const owner = state.ownerIndex[i]!;
        const pushCount = state.pushCount[i]!;
        if (state.exists[i] === 1 && pushCount > 0 && isOpen[state.stageCode[i]!] === 1 && owner >= 0) {
          deals[owner]! += 1;
          pushes[owner]! += pushCount;
        }
      }
      const rows: KpiRows = [];
      for (let rep = 0; rep < reps; rep++)
        if (deals[rep]! > 0) rows.push([rep + 1, deals[rep]!, pushes[rep]!]);
      return rows;
    },
  };
}

/** The same queries in DuckDB SQL over tables loaded from the CSV export (store ids, codes and days as is). */
export function duckdbKpis(asOfDay: number, codes: StageCodes): Record<KpiName, string> {
  const list = (values: readonly number[]) => (values.length ? values.join(', ') : 'NULL');
  const open = list(codes.open);
  const won = list(codes.won);
  const closed = list([...codes.won, ...codes.lost]);
  // The change in effect on a day is the latest by (valid_from, sequence) on or before it.
  const latest = '(valid_from::BIGINT * 1000000 + sequence)';
  return {
    openPipelineByOwner: `
      WITH state AS (
        SELECT opportunity_id, arg_max(stage_code, ${latest}) AS stage_code,
               arg_max(amount, ${latest}) AS amount, arg_max(owner_id, ${latest}) AS owner_id
        FROM history WHERE valid_from <= ${asOfDay} GROUP BY opportunity_id)
      SELECT s.owner_id, sum(s.amount)::DOUBLE
      FROM state s JOIN opportunities o ON o.id = s.opportunity_id
      WHERE o.created_day <= ${asOfDay} AND s.stage_code IN (${open}) AND s.owner_id IS NOT NULL
      GROUP BY s.owner_id ORDER BY s.owner_id`,
    winRateBySegment: `
      SELECT coalesce(a.segment_code, 0) AS segment,
             (count(*) FILTER (WHERE o.stage_code IN (${won})))::DOUBLE, count(*)::DOUBLE
      FROM opportunities o LEFT JOIN accounts a ON a.id = o.account_id
      WHERE o.stage_code IN (${closed})
      GROUP BY segment ORDER BY segment`,
    pushedOpenDealsByOwner: `
      WITH changes AS (
        SELECT opportunity_id, valid_from, sequence, stage_code, owner_id,
               close_day > lag(close_day) OVER (PARTITION BY opportunity_id ORDER BY valid_from, sequence) AS pushed
        FROM history WHERE valid_from <= ${asOfDay}),
      state AS (
        SELECT opportunity_id, count(*) FILTER (WHERE pushed) AS pushes,
               arg_max(stage_code, ${latest}) AS stage_code, arg_max(owner_id, ${latest}) AS owner_id
        FROM changes GROUP BY opportunity_id)
      SELECT s.owner_id, count(*)::DOUBLE, sum(s.pushes)::DOUBLE
      FROM state s JOIN opportunities o ON o.id = s.opportunity_id
      WHERE o.created_day <= ${asOfDay} AND s.stage_code IN (${open}) AND s.pushes > 0 AND s.owner_id IS NOT NULL
      GROUP BY s.owner_id ORDER BY s.owner_id`,
  };
}

/** Rows from either side in one canonical form for comparison. */
export function canonicalRows(rows: readonly (readonly unknown[])[]): KpiRows {
  return sortedRows(rows.map((row) => row.map((value) => Number(value))));
}

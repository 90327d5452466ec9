/**
 * Opportunities as of a date: each opportunity's tracked state on a given day, read from its CSR history in
 * one pass, with the history facts engines need (days in stage, pushes, first and furthest stage).
 * @module
 */
import type { DayNumber } from '../domain/dates.js';
import { NO_DAY, NO_INDEX, type HistoryColumns, type OpportunityColumns } from './dataset.js';

/** The columns history tracks: what a change row records besides its day, and a deal's state on a day besides `exists`. */
export const TRACKED_COLUMNS = ['stageCode', 'amount', 'closeDay', 'categoryCode', 'ownerIndex'] as const;
export type TrackedColumn = (typeof TRACKED_COLUMNS)[number];

/** What {@link opportunitiesAsOf} reads: the opportunities' created day and current state, and the history. */
export interface AsOfSource {
  readonly opportunities: Pick<OpportunityColumns, 'count' | 'createdDay' | TrackedColumn>;
  readonly history: Pick<HistoryColumns, 'day' | TrackedColumn>;
  readonly historyStart: Int32Array;
}

/**
 * The state of every opportunity on one day, one column per fact, indexed like the opportunities table.
 * Opportunities created after that day have `exists` 0 and the absent value in every other column (0 codes
 * and amounts, NO_DAY, NO_INDEX).
 */
export interface OpportunitiesAsOf {
  readonly asOfDay: DayNumber;
  /** 1 when the opportunity was created on or before the day. */
  readonly exists: Uint8Array;
  readonly stageCode: Uint16Array;
  readonly amount: Float64Array;
  readonly closeDay: Int32Array;
  readonly categoryCode: Uint16Array;
  readonly ownerIndex: Int32Array;
  /** The day the opportunity entered its stage (days in stage = asOfDay - stageEnteredDay). */
  readonly stageEnteredDay: Int32Array;
  /** Changes that moved the close date later. */
  readonly pushCount: Int32Array;
  /** Total days those changes moved the close date by. */
  readonly pushedDays: Int32Array;
  /** The stage of the first recorded state. */
  readonly firstStageCode: Uint16Array;
  /** The reached stage of highest rank in the caller's stage order (ties: the first reached). */
  readonly furthestStageCode: Uint16Array;
  /** The day of the latest change on or before the day (the created day when none was). */
  readonly lastChangeDay: Int32Array;
}

/**
 * Each opportunity's state as of the end of `asOfDay`: the last change dated on or before it (several changes
 * on one day apply in order). Changes dated later are ignored.
 *
 * Between its created day and its first recorded change an opportunity is taken to be in its first recorded
 * state (exports whose history starts after creation); one with no recorded change at all is taken to be in
 * its current state since creation.
 *
 * @param stageOrder rank of each stage code (`stageOrder[code]`), from the workspace's stage model, since
 *   label codes are numbered in the order the store first met them. Codes without a rank, or ranked below 0,
 *   never count as furthest (give closed-lost stages -1 to get the furthest open or won stage). See
 *   {@link stageOrderByCode}.
 * @param factsOf per opportunity, 1 for those whose history facts (stage entered, pushes, first and furthest
 *   stage, last change) a caller reads, e.g. an audit scoped to a forecast's deals: the others get only their
 *   state, and the absent value in those columns (NO_DAY, 0), which spares the walk's comparisons. All when
 *   not given.
 */
export function opportunitiesAsOf(
  source: AsOfSource,
  asOfDay: DayNumber,
  stageOrder: ArrayLike<number>,
  factsOf?: Uint8Array,
): OpportunitiesAsOf {
  const { opportunities: current, history, historyStart } = source;
  const count = current.count;
  const result = allocate(count, asOfDay);
  const { day, stageCode, closeDay } = history;
  const rankOf = (code: number): number => stageOrder[code] ?? -1;

  for (let i = 0; i < count; i++) {
    const created = current.createdDay[i] ?? NO_DAY;
    if (created > asOfDay) continue;
    result.exists[i] = 1;
    const start = historyStart[i] ?? 0;
    const end = historyStart[i + 1] ?? start;
    const withFacts = factsOf === undefined || factsOf[i] === 1;
    if (start === end) {
      copyCurrentState(current, i, result, withFacts);
      continue;
    }
    if (!withFacts) {
      let row = start;
      while (row + 1 < end && (day[row + 1] ?? 0) <= asOfDay) row++;
      copyHistoryState(history, row, i, result);
      continue;
    }
    const firstStage = stageCode[start] ?? 0;
    let furthest = firstStage;
    let furthestRank = rankOf(firstStage);
    let pushes = 0;
    let pushed = 0;
    let enteredRow = start;
    let row = start;
    // Walk the changes on or before the day; `row` ends on the one in effect.
    while (row + 1 < end && (day[row + 1] ?? 0) <= asOfDay) {
      row++;
      const closeBefore = closeDay[row - 1] ?? 0;
      const closeAfter = closeDay[row] ?? 0;
      if (closeAfter > closeBefore) {
        pushes++;
        pushed += closeAfter - closeBefore;
      }
      const stage = stageCode[row] ?? 0;
      if (stage !== stageCode[row - 1]) {
        enteredRow = row;
        const rank = rankOf(stage);
        if (rank > furthestRank) {
          furthest = stage;
          furthestRank = rank;
        }
      }
    }
    const firstDay = day[start] ?? created;
    copyHistoryState(history, row, i, result);
    // Still in the first recorded stage: it has been there since creation (or the first change, if earlier).
    result.stageEnteredDay[i] =
      enteredRow === start ? Math.min(created, firstDay) : (day[enteredRow] ?? created);
    result.pushCount[i] = pushes;
    result.pushedDays[i] = pushed;
    result.firstStageCode[i] = firstStage;
    result.furthestStageCode[i] = furthest;
    result.lastChangeDay[i] = firstDay <= asOfDay ? (day[row] ?? created) : created;
  }
  return result;
}

/**
 * A stage order for {@link opportunitiesAsOf}: `rankOf` applied to each stage label of the dataset
 * (`labels.stage`); labels it gives no rank (undefined) get -1. With the workspace's stage model:
 * `stageOrderByCode(dataset.labels.stage, (name) => model.indexOf(name))`.
 */
export function stageOrderByCode(
  stageLabels: readonly string[],
  rankOf: (stageName: string) => number | undefined,
): Int32Array {
  return Int32Array.from(stageLabels, (label, code) => (code === 0 ? -1 : (rankOf(label) ?? -1)));
}

function allocate(count: number, asOfDay: DayNumber): OpportunitiesAsOf {
  return {
    asOfDay,
    exists: new Uint8Array(count),
    stageCode: new Uint16Array(count),
    amount: new Float64Array(count),
    closeDay: new Int32Array(count).fill(NO_DAY),
    categoryCode: new Uint16Array(count),
    ownerIndex: new Int32Array(count).fill(NO_INDEX),
    stageEnteredDay: new Int32Array(count).fill(NO_DAY),
    pushCount: new Int32Array(count),
    pushedDays: new Int32Array(count),
    firstStageCode: new Uint16Array(count),
    furthestStageCode: new Uint16Array(count),
    lastChangeDay: new Int32Array(count).fill(NO_DAY),
  };
}

/** The tracked state of history row `row` as opportunity `i`'s. */
function copyHistoryState(
  history: AsOfSource['history'],
  row: number,
  i: number,
  result: OpportunitiesAsOf,
): void {
  result.stageCode[i] = history.stageCode[row] ?? 0;
  result.amount[i] = history.amount[row] ?? 0;
  result.closeDay[i] = history.closeDay[row] ?? NO_DAY;
  result.categoryCode[i] = history.categoryCode[row] ?? 0;
  result.ownerIndex[i] = history.ownerIndex[row] ?? NO_INDEX;
}

function copyCurrentState(
  current: AsOfSource['opportunities'],
  i: number,
  result: OpportunitiesAsOf,
  withFacts: boolean,
): void {
  const created = current.createdDay[i] ?? NO_DAY;
  const stage = current.stageCode[i] ?? 0;
  result.stageCode[i] = stage;
  result.amount[i] = current.amount[i] ?? 0;
  result.closeDay[i] = current.closeDay[i] ?? NO_DAY;
  result.categoryCode[i] = current.categoryCode[i] ?? 0;
  result.ownerIndex[i] = current.ownerIndex[i] ?? NO_INDEX;
  if (!withFacts) return;
  result.stageEnteredDay[i] = created;
  result.firstStageCode[i] = stage;
  result.furthestStageCode[i] = stage;
  result.lastChangeDay[i] = created;
}
